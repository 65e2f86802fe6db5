"""The bot's life in groups: joining, greeting once, members coming and going, supergroups."""

from __future__ import annotations

import logging

from telegram import ChatMember, Update
from telegram.ext import BaseHandler, ChatMemberHandler, ContextTypes, MessageHandler, filters

from bot.handlers.common import call, esc, is_group, person_of
from bot.i18n import t
from bot.services import people

log = logging.getLogger(__name__)
PRESENT = (ChatMember.MEMBER, ChatMember.ADMINISTRATOR, ChatMember.OWNER, ChatMember.RESTRICTED)


async def my_membership(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The bot was added to or removed from a chat, or a user blocked/unblocked it."""
    change = update.my_chat_member
    if change is None:
        return
    chat, present = change.chat, change.new_chat_member.status in PRESENT
    if is_group(chat):
        if present:
            await _joined(context, chat.id, chat.type, chat.title)
        else:
            await call(context, people.set_blocked, chat.id, True)
    else:
        await call(context, people.set_blocked, chat.id, not present)


async def members_joined(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is None or not is_group(message.chat):
        return
    for user in message.new_chat_members or ():
        if user.id == context.bot.id:
            await _joined(context, message.chat.id, message.chat.type, message.chat.title)
        elif not user.is_bot:
            await call(
                context, people.ensure_group, message.chat.id, message.chat.type, message.chat.title
            )
            await call(context, people.note_member, message.chat.id, person_of(user))


async def member_left(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    user = message.left_chat_member if message else None
    if message is None or user is None or user.is_bot:
        return
    await call(context, people.forget_member, message.chat.id, user.id)


async def migrated(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A group became a supergroup: its history moves to the new id."""
    message = update.effective_message
    if message is None or message.migrate_to_chat_id is None:
        return
    old_id, new_id = message.chat.id, message.migrate_to_chat_id
    if await call(context, people.migrate_chat, old_id, new_id):
        log.info("chat %s migrated to %s", old_id, new_id)
        context.application.migrate_chat_data(old_chat_id=old_id, new_chat_id=new_id)


async def _joined(
    context: ContextTypes.DEFAULT_TYPE, chat_id: int, chat_type: str, title: str | None
) -> None:
    chat = await call(context, people.ensure_group, chat_id, chat_type, title)
    await call(context, people.set_blocked, chat_id, False)
    if not await call(context, people.mark_greeted, chat_id):
        return
    invite = t("zh", "group.private_invite")
    link = f'<a href="https://t.me/{context.bot.username}?start=g{chat_id}">{invite}</a>'
    text = t(
        "zh",
        "group.greeting",
        push_time=f"{chat.push_minute // 60:02d}:{chat.push_minute % 60:02d}",
        timezone=esc(chat.timezone),
        link=link,
    )
    await context.bot.send_message(chat_id, text, parse_mode="HTML")


def handlers() -> list[BaseHandler]:
    return [
        ChatMemberHandler(my_membership, ChatMemberHandler.MY_CHAT_MEMBER),
        MessageHandler(filters.StatusUpdate.NEW_CHAT_MEMBERS, members_joined),
        MessageHandler(filters.StatusUpdate.LEFT_CHAT_MEMBER, member_left),
        MessageHandler(filters.StatusUpdate.MIGRATE, migrated),
    ]
