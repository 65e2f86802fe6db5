"""In-memory world: users, chats, membership, messages, polls, callback queries, files."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from .body import UploadedFile
from .errors import BotApiError, bad_request, forbidden

PRIVATE, GROUP, SUPERGROUP = "private", "group", "supergroup"
_GROUP_ID_BASE = 4_000_000_000
_SUPERGROUP_ID_BASE = 1_000_000_000_000


class EmulatorUsageError(ValueError):
    """A driving-API call that cannot happen in Telegram (unknown user, missing button…)."""


class Clock:
    """Wall clock plus an offset that ``advance_time`` moves forward."""

    def __init__(self) -> None:
        self.offset = 0.0

    def now(self) -> float:
        return time.time() + self.offset

    def stamp(self) -> int:
        return int(self.now())


@dataclass
class Chat:
    id: int
    type: str
    title: str | None = None
    username: str | None = None
    members: set[int] = field(default_factory=set)
    admins: set[int] = field(default_factory=set)
    creator: int | None = None
    bot_status: str = "member"  # member | administrator | left | kicked
    next_message_id: int = 1
    migrated_to: int | None = None
    deleted: bool = False

    @property
    def is_group(self) -> bool:
        return self.type in (GROUP, SUPERGROUP)

    def take_message_id(self) -> int:
        self.next_message_id += 1
        return self.next_message_id - 1


@dataclass
class Poll:
    id: str
    chat_id: int
    message_id: int
    question: str
    options: list[str]
    type: str
    is_anonymous: bool
    allows_multiple_answers: bool
    allows_revoting: bool
    correct_option_ids: list[int] | None
    explanation: str | None
    close_date: float | None
    is_closed: bool = False
    votes: dict[int, list[int]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        counts = [0] * len(self.options)
        for chosen in self.votes.values():
            for i in chosen:
                counts[i] += 1
        result: dict[str, Any] = {
            "id": self.id,
            "question": self.question,
            "options": [
                {"persistent_id": str(i), "text": text, "voter_count": counts[i]}
                for i, text in enumerate(self.options)
            ],
            "total_voter_count": sum(1 for v in self.votes.values() if v),
            "is_closed": self.is_closed,
            "is_anonymous": self.is_anonymous,
            "type": self.type,
            "allows_multiple_answers": self.allows_multiple_answers,
            "allows_revoting": self.allows_revoting,
            "members_only": False,
        }
        if self.correct_option_ids is not None:
            result["correct_option_ids"] = list(self.correct_option_ids)
        if self.explanation is not None:
            result["explanation"] = self.explanation
        if self.close_date is not None:
            result["close_date"] = int(self.close_date)
        return result


@dataclass
class CallbackQueryState:
    id: str
    user_id: int
    chat_id: int
    message_id: int
    data: str
    created_at: float
    answer: dict[str, Any] | None = None


@dataclass(frozen=True)
class StoredFile:
    file_id: str
    file_unique_id: str
    filename: str | None
    mime_type: str | None
    data: bytes

    @property
    def size(self) -> int:
        return len(self.data)


class World:
    """All state the emulator keeps. Nothing here talks HTTP."""

    def __init__(self, bot_user: dict[str, Any]) -> None:
        self.bot_user = bot_user
        self.bot_user_full: dict[str, Any] = dict(bot_user)
        self.callback_answer_timeout = 60.0
        self.clock = Clock()
        self.users: dict[int, dict[str, Any]] = {}
        self.started: set[int] = set()
        self.blocked: set[int] = set()
        self.chats: dict[int, Chat] = {}
        self.messages: dict[tuple[int, int], dict[str, Any]] = {}
        self.sent: list[dict[str, Any]] = []
        self.deleted: set[tuple[int, int]] = set()
        self.polls: dict[str, Poll] = {}
        self.callback_queries: dict[str, CallbackQueryState] = {}
        self.files: dict[str, StoredFile] = {}
        self.commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self.menu_buttons: dict[int | None, dict[str, Any]] = {}
        self._serial = 0

    # -- identifiers ----------------------------------------------------------------------
    def serial(self) -> int:
        self._serial += 1
        return self._serial

    def new_group_id(self, supergroup: bool) -> int:
        base = _SUPERGROUP_ID_BASE if supergroup else _GROUP_ID_BASE
        return -(base + self.serial())

    # -- users and chats ------------------------------------------------------------------
    def user(self, user_id: int) -> dict[str, Any]:
        try:
            return self.users[user_id]
        except KeyError:
            raise EmulatorUsageError(f"unknown user {user_id}; call add_user first") from None

    def private_chat(self, user_id: int) -> Chat:
        chat = self.chats.get(user_id)
        if chat is None:
            self.user(user_id)
            chat = Chat(id=user_id, type=PRIVATE, members={user_id})
            self.chats[user_id] = chat
        return chat

    def chat_dict(self, chat: Chat) -> dict[str, Any]:
        if chat.type == PRIVATE:
            user = self.users[chat.id]
            out = {"id": chat.id, "type": PRIVATE, "first_name": user["first_name"]}
            for key in ("last_name", "username"):
                if key in user:
                    out[key] = user[key]
            return out
        out = {"id": chat.id, "type": chat.type, "title": chat.title}
        if chat.username:
            out["username"] = chat.username
        return out

    def find_chat(self, chat_id: int | str) -> Chat:
        """The chat as the bot addresses it; Telegram's errors for unknown/migrated chats."""
        chat: Chat | None
        if isinstance(chat_id, str):
            chat = next(
                (c for c in self.chats.values() if c.username and f"@{c.username}" == chat_id), None
            )
        else:
            chat = self.chats.get(chat_id)
            if chat is None and chat_id in self.users:
                chat = self.private_chat(chat_id)  # exists, even if the user never wrote
        if chat is None or chat.deleted:
            raise bad_request("chat not found")
        if chat.migrated_to is not None:
            raise bad_request(
                "group chat was upgraded to a supergroup chat",
                {"migrate_to_chat_id": chat.migrated_to},
            )
        return chat

    def sendable_chat(self, chat_id: int | str) -> Chat:
        """The chat if the bot may post there, else Telegram's 403."""
        chat = self.find_chat(chat_id)
        error = self.send_denied(chat)
        if error is not None:
            raise error
        return chat

    def send_denied(self, chat: Chat) -> BotApiError | None:
        if chat.type == PRIVATE:
            if chat.id in self.blocked:
                return forbidden("bot was blocked by the user")
            if chat.id not in self.started:
                return forbidden("bot can't initiate conversation with a user")
            return None
        kind = "supergroup chat" if chat.type == SUPERGROUP else "group chat"
        if chat.bot_status == "kicked":
            return forbidden(f"bot was kicked from the {kind}")
        if chat.bot_status == "left":
            return forbidden(f"bot is not a member of the {kind}")
        return None

    # -- messages -------------------------------------------------------------------------
    def store_message(self, message: dict[str, Any]) -> dict[str, Any]:
        self.messages[(message["chat"]["id"], message["message_id"])] = message
        return message

    def message(self, chat_id: int, message_id: int) -> dict[str, Any] | None:
        return self.messages.get((chat_id, message_id))

    def is_bot_message(self, message: dict[str, Any]) -> bool:
        return message.get("from", {}).get("id") == self.bot_user["id"]

    # -- files ----------------------------------------------------------------------------
    def store_upload(self, upload: UploadedFile) -> StoredFile:
        n = self.serial()
        stored = StoredFile(
            file_id=f"EMU-FILE-{n:08d}",
            file_unique_id=f"emu{n}",
            filename=upload.filename,
            mime_type=upload.content_type,
            data=upload.data,
        )
        self.files[stored.file_id] = stored
        return stored

    def file_by_reference(self, ref: UploadedFile | str) -> StoredFile:
        if isinstance(ref, UploadedFile):
            return self.store_upload(ref)
        if ref in self.files:
            return self.files[ref]
        if ref.startswith(("http://", "https://")):
            name = ref.rsplit("/", 1)[-1] or None
            return self.store_upload(UploadedFile("url", name, None, b""))
        raise bad_request("wrong file identifier/HTTP URL specified")
