"""Bot API methods that create or change messages: send*, edit*, deleteMessage, polls."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from .body import UploadedFile
from .context import Context, Handler
from .errors import bad_request
from .formatting import parse_text
from .world import Chat, Poll, StoredFile


def _new_message(ctx: Context, chat: Chat, params: dict[str, Any]) -> dict[str, Any]:
    world = ctx.world
    message: dict[str, Any] = {
        "message_id": chat.take_message_id(),
        "from": world.bot_user,
        "chat": world.chat_dict(chat),
        "date": world.clock.stamp(),
    }
    reply = _reply_target(ctx, chat, params)
    if reply is not None:
        message["reply_to_message"] = reply
    markup = params.get("reply_markup")
    if markup and "inline_keyboard" in markup:
        message["reply_markup"] = markup
    return message


def _reply_target(ctx: Context, chat: Chat, params: dict[str, Any]) -> dict[str, Any] | None:
    reply = params.get("reply_parameters")
    if not reply:
        return None
    target_chat = reply.get("chat_id", chat.id)
    found = ctx.world.message(target_chat, reply["message_id"])
    if found is None and not reply.get("allow_sending_without_reply"):
        raise bad_request("message to be replied not found")
    if found is None:
        return None
    return {k: v for k, v in found.items() if k != "reply_to_message"}


def _commit(ctx: Context, message: dict[str, Any]) -> dict[str, Any]:
    ctx.world.store_message(message)
    ctx.world.sent.append(message)
    return message


def _with_text(message: dict[str, Any], text: str, mode: str | None, entities: Any) -> None:
    plain, parsed = parse_text(text, mode)
    message["text"] = plain
    if entities or parsed:
        message["entities"] = entities or parsed


async def send_message(ctx: Context, p: dict[str, Any]) -> dict[str, Any]:
    chat = ctx.world.sendable_chat(p["chat_id"])
    message = _new_message(ctx, chat, p)
    _with_text(message, p["text"], p.get("parse_mode"), p.get("entities"))
    if "link_preview_options" in p:
        message["link_preview_options"] = p["link_preview_options"]
    return _commit(ctx, message)


def _caption(message: dict[str, Any], p: dict[str, Any]) -> None:
    if "caption" in p:
        plain, parsed = parse_text(p["caption"], p.get("parse_mode"))
        message["caption"] = plain
        if p.get("caption_entities") or parsed:
            message["caption_entities"] = p.get("caption_entities") or parsed


def _file(ctx: Context, ref: UploadedFile | str) -> StoredFile:
    return ctx.world.file_by_reference(ref)


async def send_photo(ctx: Context, p: dict[str, Any]) -> dict[str, Any]:
    chat = ctx.world.sendable_chat(p["chat_id"])
    stored = _file(ctx, p["photo"])
    message = _new_message(ctx, chat, p)
    message["photo"] = [
        {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id + s,
            "width": w,
            "height": h,
            "file_size": stored.size,
        }
        for s, w, h in (("s", 320, 240), ("m", 1280, 960))
    ]
    _caption(message, p)
    return _commit(ctx, message)


async def send_document(ctx: Context, p: dict[str, Any]) -> dict[str, Any]:
    chat = ctx.world.sendable_chat(p["chat_id"])
    stored = _file(ctx, p["document"])
    message = _new_message(ctx, chat, p)
    document: dict[str, Any] = {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": stored.size,
    }
    if stored.filename:
        document["file_name"] = stored.filename
    if stored.mime_type:
        document["mime_type"] = stored.mime_type
    message["document"] = document
    _caption(message, p)
    return _commit(ctx, message)


async def send_chat_action(ctx: Context, p: dict[str, Any]) -> bool:
    ctx.world.sendable_chat(p["chat_id"])
    return True


async def send_poll(ctx: Context, p: dict[str, Any]) -> dict[str, Any]:
    world = ctx.world
    chat = world.sendable_chat(p["chat_id"])
    message = _new_message(ctx, chat, p)
    poll_type = p.get("type", "regular")
    is_anonymous = p.get("is_anonymous", True)
    close_date = _close_date(ctx, p)
    poll = Poll(
        id=str(5_000_000_000_000_000_000 + world.serial()),
        chat_id=chat.id,
        message_id=message["message_id"],
        question=parse_text(p["question"], p.get("question_parse_mode"))[0],
        options=[parse_text(o["text"], o.get("text_parse_mode"))[0] for o in p["options"]],
        type=poll_type,
        is_anonymous=is_anonymous,
        allows_multiple_answers=p.get("allows_multiple_answers", False),
        allows_revoting=p.get("allows_revoting", poll_type != "quiz"),
        correct_option_ids=p.get("correct_option_ids") if poll_type == "quiz" else None,
        explanation=_explanation(p),
        close_date=close_date,
        is_closed=bool(p.get("is_closed", False)),
    )
    world.polls[poll.id] = poll
    message["poll"] = poll.as_dict()
    if close_date is not None and not poll.is_closed:
        ctx.schedule_poll_close(poll.id, close_date - world.clock.now())
    return _commit(ctx, message)


def _explanation(p: dict[str, Any]) -> str | None:
    if "explanation" not in p:
        return None
    return parse_text(p["explanation"], p.get("explanation_parse_mode"))[0]


def _close_date(ctx: Context, p: dict[str, Any]) -> float | None:
    now = ctx.world.clock.now()
    if "open_period" in p:
        return now + p["open_period"]
    if "close_date" in p:
        delta = p["close_date"] - now
        if not 5 <= delta <= 2_628_000:
            raise bad_request("close_date must be 5-2628000 seconds in the future")
        return float(p["close_date"])
    return None


def close_poll(ctx: Context, poll: Poll) -> None:
    """Close ``poll`` and tell the bot with a ``poll`` update, as Telegram does."""
    if poll.is_closed:
        return
    poll.is_closed = True
    message = ctx.world.message(poll.chat_id, poll.message_id)
    if message is not None:
        message["poll"] = poll.as_dict()
    ctx.queue.push("poll", poll.as_dict())


async def stop_poll(ctx: Context, p: dict[str, Any]) -> dict[str, Any]:
    chat = ctx.world.find_chat(p["chat_id"])
    message = ctx.world.message(chat.id, p["message_id"])
    if message is None or "poll" not in message:
        raise bad_request("message with poll to stop not found")
    if not ctx.world.is_bot_message(message):
        raise bad_request("poll can't be stopped")
    poll = ctx.world.polls[message["poll"]["id"]]
    if poll.is_closed:
        raise bad_request("poll has already been closed")
    _set_markup(message, p)
    close_poll(ctx, poll)
    return poll.as_dict()


def _editable(ctx: Context, p: dict[str, Any]) -> dict[str, Any]:
    if "inline_message_id" in p:
        raise bad_request("MESSAGE_ID_INVALID")
    chat = ctx.world.find_chat(p["chat_id"])
    message = ctx.world.message(chat.id, p["message_id"])
    if message is None:
        raise bad_request("message to edit not found")
    if not ctx.world.is_bot_message(message):
        raise bad_request("message can't be edited")
    return message


def _set_markup(message: dict[str, Any], p: dict[str, Any]) -> None:
    markup = p.get("reply_markup")
    if markup and markup.get("inline_keyboard"):
        message["reply_markup"] = markup
    else:
        message.pop("reply_markup", None)


_NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the "
    "same as a current content and reply markup of the message"
)


async def edit_message_text(ctx: Context, p: dict[str, Any]) -> dict[str, Any]:
    message = _editable(ctx, p)
    if "text" not in message:
        raise bad_request("there is no text in the message to edit")
    plain, parsed = parse_text(p["text"], p.get("parse_mode"))
    entities = p.get("entities") or parsed
    new_markup = p.get("reply_markup") or None
    if (
        plain == message["text"]
        and entities == message.get("entities", [])
        and new_markup == message.get("reply_markup")
    ):
        raise bad_request(_NOT_MODIFIED)
    message["text"] = plain
    message.pop("entities", None)
    if entities:
        message["entities"] = entities
    _set_markup(message, p)
    message["edit_date"] = ctx.world.clock.stamp()
    return message


async def edit_message_reply_markup(ctx: Context, p: dict[str, Any]) -> dict[str, Any]:
    message = _editable(ctx, p)
    new_markup = p.get("reply_markup") or None
    if new_markup == message.get("reply_markup"):
        raise bad_request(_NOT_MODIFIED)
    _set_markup(message, p)
    message["edit_date"] = ctx.world.clock.stamp()
    return message


async def delete_message(ctx: Context, p: dict[str, Any]) -> bool:
    world = ctx.world
    chat = world.find_chat(p["chat_id"])
    key = (chat.id, p["message_id"])
    message = world.messages.get(key)
    if message is None:
        raise bad_request("message to delete not found")
    own = world.is_bot_message(message)
    if not own and chat.is_group and chat.bot_status != "administrator":
        raise bad_request("message can't be deleted")
    del world.messages[key]
    world.deleted.add(key)
    return True


HANDLERS: Mapping[str, Handler] = MappingProxyType(
    {
        "sendMessage": send_message,
        "sendPhoto": send_photo,
        "sendDocument": send_document,
        "sendChatAction": send_chat_action,
        "sendPoll": send_poll,
        "stopPoll": stop_poll,
        "editMessageText": edit_message_text,
        "editMessageReplyMarkup": edit_message_reply_markup,
        "deleteMessage": delete_message,
    }
)
