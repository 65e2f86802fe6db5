"""Bot API methods about the bot, chats, members, commands and callback answers."""

from __future__ import annotations

import json
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from .context import Context, Handler
from .errors import bad_request
from .members import chat_member, member_update, user_status
from .world import PRIVATE


async def get_me(ctx: Context, p: dict[str, Any]) -> dict[str, Any]:
    return ctx.world.bot_user_full


async def no_op(ctx: Context, p: dict[str, Any]) -> bool:
    return True


async def get_chat(ctx: Context, p: dict[str, Any]) -> dict[str, Any]:
    world = ctx.world
    chat = world.find_chat(p["chat_id"])
    info = world.chat_dict(chat)
    info.update(
        {
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": dict.fromkeys(
                (
                    "unlimited_gifts",
                    "limited_gifts",
                    "unique_gifts",
                    "premium_subscription",
                    "gifts_from_channels",
                ),
                False,
            ),
        }
    )
    return info


async def get_chat_member(ctx: Context, p: dict[str, Any]) -> dict[str, Any]:
    world = ctx.world
    chat = world.find_chat(p["chat_id"])
    user_id = p["user_id"]
    if user_id != world.bot_user["id"] and user_id not in world.users:
        raise bad_request("user not found")
    if chat.type == PRIVATE and user_id not in (chat.id, world.bot_user["id"]):
        raise bad_request("user not found")
    if chat.type == PRIVATE:
        return chat_member(world, chat, user_id) | {"status": "member"}
    return chat_member(world, chat, user_id)


async def get_chat_administrators(ctx: Context, p: dict[str, Any]) -> list[dict[str, Any]]:
    world = ctx.world
    chat = world.find_chat(p["chat_id"])
    if chat.type == PRIVATE:
        raise bad_request("there are no administrators in the private chat")
    ids = sorted(chat.admins | ({chat.creator} if chat.creator else set()))
    admins = [chat_member(world, chat, uid) for uid in ids]
    if chat.bot_status == "administrator":
        admins.append(chat_member(world, chat, world.bot_user["id"]))
    return admins


async def get_chat_member_count(ctx: Context, p: dict[str, Any]) -> int:
    chat = ctx.world.find_chat(p["chat_id"])
    if chat.type == PRIVATE:
        return 2
    bot_in = chat.bot_status in ("member", "administrator")
    return len(chat.members) + int(bot_in)


async def leave_chat(ctx: Context, p: dict[str, Any]) -> bool:
    world = ctx.world
    chat = world.find_chat(p["chat_id"])
    if chat.type == PRIVATE:
        raise bad_request("chat member status can't be changed in private chats")
    old = user_status(world, chat, world.bot_user["id"])
    chat.bot_status = "left"
    ctx.queue.push(
        "my_chat_member", member_update(world, chat, world.bot_user, world.bot_user, old, "left")
    )
    return True


def _commands_key(p: dict[str, Any]) -> tuple[str, str]:
    scope = p.get("scope") or {"type": "default"}
    return json.dumps(scope, sort_keys=True), p.get("language_code", "")


async def set_my_commands(ctx: Context, p: dict[str, Any]) -> bool:
    ctx.world.commands[_commands_key(p)] = p["commands"]
    return True


async def get_my_commands(ctx: Context, p: dict[str, Any]) -> list[dict[str, Any]]:
    return ctx.world.commands.get(_commands_key(p), [])


async def delete_my_commands(ctx: Context, p: dict[str, Any]) -> bool:
    ctx.world.commands.pop(_commands_key(p), None)
    return True


async def set_chat_menu_button(ctx: Context, p: dict[str, Any]) -> bool:
    ctx.world.menu_buttons[p.get("chat_id")] = p.get("menu_button") or {"type": "default"}
    return True


async def get_chat_menu_button(ctx: Context, p: dict[str, Any]) -> dict[str, Any]:
    return ctx.world.menu_buttons.get(p.get("chat_id"), {"type": "commands"})


async def answer_callback_query(ctx: Context, p: dict[str, Any]) -> bool:
    world = ctx.world
    query = world.callback_queries.get(p["callback_query_id"])
    expired = query is None or world.clock.now() - query.created_at > world.callback_answer_timeout
    if query is None or expired or query.answer is not None:
        raise bad_request("query is too old and response timeout expired or query ID is invalid")
    query.answer = {k: v for k, v in p.items() if k != "callback_query_id"}
    return True


async def get_file(ctx: Context, p: dict[str, Any]) -> dict[str, Any]:
    stored = ctx.world.files.get(p["file_id"])
    if stored is None:
        raise bad_request("invalid file_id")
    return {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": stored.size,
        "file_path": f"documents/{stored.file_id}",
    }


HANDLERS: Mapping[str, Handler] = MappingProxyType(
    {
        "getMe": get_me,
        "logOut": no_op,
        "close": no_op,
        "getChat": get_chat,
        "getChatMember": get_chat_member,
        "getChatAdministrators": get_chat_administrators,
        "getChatMemberCount": get_chat_member_count,
        "leaveChat": leave_chat,
        "setMyCommands": set_my_commands,
        "getMyCommands": get_my_commands,
        "deleteMyCommands": delete_my_commands,
        "setChatMenuButton": set_chat_menu_button,
        "getChatMenuButton": get_chat_menu_button,
        "answerCallbackQuery": answer_callback_query,
        "getFile": get_file,
    }
)
