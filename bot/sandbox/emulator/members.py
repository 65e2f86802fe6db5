"""ChatMember objects and membership status, shaped like the Bot API's ChatMember* types."""

from __future__ import annotations

from typing import Any

from .world import Chat, World

_ADMIN_RIGHTS = (
    "can_manage_chat",
    "can_delete_messages",
    "can_manage_video_chats",
    "can_restrict_members",
    "can_promote_members",
    "can_change_info",
    "can_invite_users",
    "can_post_stories",
    "can_edit_stories",
    "can_delete_stories",
    "can_pin_messages",
)


def user_status(world: World, chat: Chat, user_id: int) -> str:
    """creator | administrator | member | left | kicked, for a user or the bot itself."""
    if user_id == world.bot_user["id"]:
        return chat.bot_status
    if chat.creator == user_id:
        return "creator"
    if user_id in chat.admins:
        return "administrator"
    return "member" if user_id in chat.members else "left"


def member_dict(world: World, user: dict[str, Any], status: str) -> dict[str, Any]:
    out: dict[str, Any] = {"status": status, "user": user}
    if status == "creator":
        out["is_anonymous"] = False
    elif status == "administrator":
        out.update({"can_be_edited": False, "is_anonymous": False})
        out.update(dict.fromkeys(_ADMIN_RIGHTS, True))
    elif status == "kicked":
        out["until_date"] = 0
    return out


def chat_member(world: World, chat: Chat, user_id: int) -> dict[str, Any]:
    user = world.bot_user if user_id == world.bot_user["id"] else world.user(user_id)
    return member_dict(world, user, user_status(world, chat, user_id))


def member_update(
    world: World, chat: Chat, actor: dict[str, Any], user: dict[str, Any], old: str, new: str
) -> dict[str, Any]:
    """A ChatMemberUpdated payload (for ``my_chat_member`` / ``chat_member`` updates)."""
    return {
        "chat": world.chat_dict(chat),
        "from": actor,
        "date": world.clock.stamp(),
        "old_chat_member": member_dict(world, user, old),
        "new_chat_member": member_dict(world, user, new),
    }
