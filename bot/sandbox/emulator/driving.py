"""The driving API: users and groups acting on the emulated Telegram (tests, terminal chat)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .context import Context
from .entities import command_entities, leading_command
from .members import member_update, user_status
from .messaging import close_poll
from .world import GROUP, PRIVATE, SUPERGROUP, CallbackQueryState, Chat, EmulatorUsageError


class WorldDriver:
    """Mixin for :class:`BotApiEmulator`; needs ``self.ctx`` and ``self.privacy_mode``."""

    ctx: Context
    privacy_mode: bool

    # -- setup ------------------------------------------------------------------------------
    def add_user(
        self,
        user_id: int,
        first_name: str,
        *,
        language_code: str | None = "zh-hans",
        username: str | None = None,
        last_name: str | None = None,
        started: bool = True,
    ) -> dict[str, Any]:
        """Create a user. ``started``: the user has opened a private chat with the bot."""
        user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
        for key, value in (("last_name", last_name), ("username", username)):
            if value is not None:
                user[key] = value
        if language_code is not None:
            user["language_code"] = language_code
        self.ctx.world.users[user_id] = user
        if started:
            self.ctx.world.private_chat(user_id)
            self.ctx.world.started.add(user_id)
        return user

    def add_group(
        self,
        title: str,
        member_ids: Iterable[int],
        admin_ids: Iterable[int] = (),
        *,
        supergroup: bool = False,
        creator_id: int | None = None,
        bot_status: str = "member",
        username: str | None = None,
    ) -> int:
        """Create a group (no updates); the bot is already in it with ``bot_status``."""
        world = self.ctx.world
        members = set(member_ids)
        admins = set(admin_ids)
        for uid in members | admins:
            world.user(uid)
        chat = Chat(
            id=world.new_group_id(supergroup),
            type=SUPERGROUP if supergroup else GROUP,
            title=title,
            username=username,
            members=members | admins,
            admins=admins,
            creator=creator_id if creator_id is not None else min(admins or members, default=None),
            bot_status=bot_status,
        )
        world.chats[chat.id] = chat
        return chat.id

    # -- messages ---------------------------------------------------------------------------
    def _group(self, chat_id: int) -> Chat:
        chat = self.ctx.world.chats.get(chat_id)
        if chat is None or not chat.is_group:
            raise EmulatorUsageError(f"no group {chat_id}")
        if chat.migrated_to is not None:
            raise EmulatorUsageError(f"group {chat_id} migrated to {chat.migrated_to}")
        return chat

    def _user_chat(self, user_id: int, chat_id: int | None) -> Chat:
        world = self.ctx.world
        world.user(user_id)
        if chat_id is None or chat_id == user_id:
            chat = world.private_chat(user_id)
            if user_id in world.blocked:
                self.unblock_bot(user_id)
            world.started.add(user_id)
            return chat
        chat = self._group(chat_id)
        if user_id not in chat.members:
            raise EmulatorUsageError(f"user {user_id} is not a member of {chat_id}")
        return chat

    def _user_message(self, user_id: int, chat: Chat, **content: Any) -> dict[str, Any]:
        world = self.ctx.world
        message = {
            "message_id": chat.take_message_id(),
            "from": world.users[user_id],
            "chat": world.chat_dict(chat),
            "date": world.clock.stamp(),
            **content,
        }
        return world.store_message(message)

    def user_sends(
        self,
        user_id: int,
        text: str,
        *,
        chat_id: int | None = None,
        reply_to_message_id: int | None = None,
    ) -> int:
        """The user writes ``text``; returns the message id (delivered subject to privacy mode)."""
        chat = self._user_chat(user_id, chat_id)
        content: dict[str, Any] = {"text": text}
        entities = command_entities(text)
        if entities:
            content["entities"] = entities
        reply = None
        if reply_to_message_id is not None:
            reply = self.ctx.world.message(chat.id, reply_to_message_id)
            if reply is None:
                raise EmulatorUsageError(f"no message {reply_to_message_id} in {chat.id}")
            content["reply_to_message"] = {
                k: v for k, v in reply.items() if k != "reply_to_message"
            }
        message = self._user_message(user_id, chat, **content)
        if self._bot_sees(chat, text, reply):
            self.ctx.queue.push("message", message)
        return message["message_id"]

    def _bot_sees(self, chat: Chat, text: str, reply: dict[str, Any] | None) -> bool:
        if chat.type == PRIVATE:
            return chat.id not in self.ctx.world.blocked
        if chat.bot_status not in ("member", "administrator"):
            return False
        if not self.privacy_mode or chat.bot_status == "administrator":
            return True
        if reply is not None and self.ctx.world.is_bot_message(reply):
            return True
        command = leading_command(text)
        username = self.ctx.world.bot_user.get("username")
        return command is not None and command[1] in (None, username)

    def user_edits(
        self, user_id: int, message_id: int, new_text: str, *, chat_id: int | None = None
    ) -> None:
        """The user edits their message → ``edited_message`` update."""
        chat = self._user_chat(user_id, chat_id)
        message = self.ctx.world.message(chat.id, message_id)
        if message is None or message.get("from", {}).get("id") != user_id:
            raise EmulatorUsageError(f"user {user_id} has no message {message_id} in {chat.id}")
        message["text"] = new_text
        message["edit_date"] = self.ctx.world.clock.stamp()
        message.pop("entities", None)
        if entities := command_entities(new_text):
            message["entities"] = entities
        if self._bot_sees(chat, new_text, message.get("reply_to_message")):
            self.ctx.queue.push("edited_message", dict(message))

    def user_presses(
        self,
        user_id: int,
        message_id: int,
        callback_data: str,
        *,
        chat_id: int | None = None,
        forge: bool = False,
    ) -> str:
        """The user taps an inline button → ``callback_query``; returns the query id."""
        world = self.ctx.world
        chat = self._user_chat(user_id, chat_id)
        message = world.message(chat.id, message_id)
        if not forge:
            self._check_button(message, callback_data)
        query_id = str(8_000_000_000_000_000 + world.serial())
        world.callback_queries[query_id] = CallbackQueryState(
            query_id, user_id, chat.id, message_id, callback_data, world.clock.now()
        )
        payload: dict[str, Any] = {
            "id": query_id,
            "from": world.users[user_id],
            "chat_instance": str(abs(hash(("instance", chat.id)))),
            "data": callback_data,
        }
        if message is not None:
            payload["message"] = message
        self.ctx.queue.push("callback_query", payload)
        return query_id

    @staticmethod
    def _check_button(message: dict[str, Any] | None, data: str) -> None:
        rows = (message or {}).get("reply_markup", {}).get("inline_keyboard", [])
        if not any(b.get("callback_data") == data for row in rows for b in row):
            raise EmulatorUsageError(f"no button with callback_data {data!r} on that message")

    # -- polls ------------------------------------------------------------------------------
    def user_answers_poll(self, user_id: int, poll_id: str, option_ids: list[int]) -> None:
        """A vote (``[]`` retracts) → ``poll_answer`` (non-anonymous) and ``poll`` updates."""
        world = self.ctx.world
        poll = world.polls.get(poll_id)
        if poll is None:
            raise EmulatorUsageError(f"unknown poll {poll_id}")
        self._user_chat(user_id, poll.chat_id)
        self._check_vote(poll, user_id, option_ids)
        poll.votes[user_id] = sorted(option_ids)
        if not poll.is_anonymous:
            self.ctx.queue.push(
                "poll_answer",
                {
                    "poll_id": poll.id,
                    "user": world.users[user_id],
                    "option_ids": sorted(option_ids),
                    "option_persistent_ids": [str(i) for i in sorted(option_ids)],
                },
            )
        message = world.message(poll.chat_id, poll.message_id)
        if message is not None:
            message["poll"] = poll.as_dict()
        self.ctx.queue.push("poll", poll.as_dict())

    @staticmethod
    def _check_vote(poll: Any, user_id: int, option_ids: list[int]) -> None:
        if poll.is_closed:
            raise EmulatorUsageError("poll is closed")
        if any(not 0 <= i < len(poll.options) for i in option_ids):
            raise EmulatorUsageError("option id out of range")
        if len(set(option_ids)) > 1 and not poll.allows_multiple_answers:
            raise EmulatorUsageError("poll allows one answer")
        if poll.votes.get(user_id) and not poll.allows_revoting:
            raise EmulatorUsageError("this poll does not allow changing the answer")
        if not option_ids and not poll.votes.get(user_id):
            raise EmulatorUsageError("nothing to retract")

    def advance_time(self, seconds: float) -> None:
        """Move the emulator's clock forward; closes polls whose close_date passed."""
        world = self.ctx.world
        world.clock.offset += seconds
        now = world.clock.now()
        for poll in list(world.polls.values()):
            if not poll.is_closed and poll.close_date is not None and poll.close_date <= now:
                close_poll(self.ctx, poll)

    # -- membership -------------------------------------------------------------------------
    def _service(self, chat: Chat, actor_id: int, **content: Any) -> int:
        message = self._user_message(actor_id, chat, **content)
        if chat.bot_status in ("member", "administrator") or "new_chat_members" in content:
            self.ctx.queue.push("message", message)
        return message["message_id"]

    def _bot_status_change(self, chat: Chat, actor_id: int, new: str) -> None:
        world = self.ctx.world
        old = user_status(world, chat, world.bot_user["id"])
        chat.bot_status = new
        actor = world.users.get(actor_id, world.bot_user)
        update = member_update(world, chat, actor, world.bot_user, old, new)
        self.ctx.queue.push("my_chat_member", update)

    def add_bot_to_group(self, chat_id: int, by_user_id: int, *, as_admin: bool = False) -> int:
        """→ ``my_chat_member`` and a ``new_chat_members`` service message; returns its id."""
        chat = self._group(chat_id)
        self._bot_status_change(chat, by_user_id, "administrator" if as_admin else "member")
        return self._service(chat, by_user_id, new_chat_members=[self.ctx.world.bot_user])

    def kick_bot(self, chat_id: int, by_user_id: int) -> None:
        """An admin removes the bot → ``my_chat_member`` (kicked); sends then get 403."""
        self._bot_status_change(self._group(chat_id), by_user_id, "kicked")

    def _chat_member_update(self, chat: Chat, user_id: int, old: str, new: str) -> None:
        if chat.bot_status == "administrator":
            world = self.ctx.world
            user = world.users[user_id]
            self.ctx.queue.push("chat_member", member_update(world, chat, user, user, old, new))

    def user_joins(self, chat_id: int, user_id: int) -> int:
        chat = self._group(chat_id)
        user = self.ctx.world.user(user_id)
        old = user_status(self.ctx.world, chat, user_id)
        chat.members.add(user_id)
        self._chat_member_update(chat, user_id, old, "member")
        return self._service(chat, user_id, new_chat_members=[user])

    def user_leaves(self, chat_id: int, user_id: int) -> int:
        chat = self._group(chat_id)
        user = self.ctx.world.user(user_id)
        old = user_status(self.ctx.world, chat, user_id)
        chat.members.discard(user_id)
        chat.admins.discard(user_id)
        self._chat_member_update(chat, user_id, old, "left")
        return self._service(chat, user_id, left_chat_member=user)

    def set_admin(self, chat_id: int, user_id: int, is_admin: bool) -> None:
        """Promote/demote a user (or the bot, by its id → ``my_chat_member``)."""
        chat = self._group(chat_id)
        world = self.ctx.world
        if user_id == world.bot_user["id"]:
            actor = chat.creator if chat.creator is not None else 0
            self._bot_status_change(chat, actor, "administrator" if is_admin else "member")
            return
        old = user_status(world, chat, user_id)
        chat.members.add(user_id)
        (chat.admins.add if is_admin else chat.admins.discard)(user_id)
        self._chat_member_update(chat, user_id, old, user_status(world, chat, user_id))

    def upgrade_to_supergroup(self, chat_id: int) -> int:
        """Migrate a group; the old id then answers 400 with ``migrate_to_chat_id``."""
        world = self.ctx.world
        old = self._group(chat_id)
        if old.type != GROUP:
            raise EmulatorUsageError("only basic groups can be upgraded")
        new = Chat(
            id=world.new_group_id(True),
            type=SUPERGROUP,
            title=old.title,
            members=set(old.members),
            admins=set(old.admins),
            creator=old.creator,
            bot_status=old.bot_status,
        )
        world.chats[new.id] = new
        actor = old.creator if old.creator is not None else min(old.members)
        self._service(old, actor, migrate_to_chat_id=new.id)
        old.migrated_to = new.id
        self._service(new, actor, migrate_from_chat_id=old.id)
        return new.id

    def block_bot(self, user_id: int) -> None:
        """The user blocks the bot → ``my_chat_member`` (kicked); sends then get 403."""
        world = self.ctx.world
        chat = world.private_chat(user_id)
        world.blocked.add(user_id)
        update = member_update(
            world, chat, world.users[user_id], world.bot_user, "member", "kicked"
        )
        self.ctx.queue.push("my_chat_member", update)

    def unblock_bot(self, user_id: int) -> None:
        world = self.ctx.world
        chat = world.private_chat(user_id)
        world.blocked.discard(user_id)
        update = member_update(
            world, chat, world.users[user_id], world.bot_user, "kicked", "member"
        )
        self.ctx.queue.push("my_chat_member", update)

    def delete_chat(self, chat_id: int) -> None:
        """The chat no longer exists: every method answers 400 "chat not found"."""
        chat = self.ctx.world.chats.get(chat_id)
        if chat is None:
            raise EmulatorUsageError(f"no chat {chat_id}")
        chat.deleted = True

    def inject_update(self, update: dict[str, Any]) -> int:
        """Queue a raw update (hostile input: channel_post, unknown kinds…); returns its id."""
        body = {k: v for k, v in update.items() if k != "update_id"}
        if len(body) != 1:
            raise EmulatorUsageError("an update carries exactly one kind")
        ((kind, payload),) = body.items()
        queued = self.ctx.queue.push(kind, payload)
        if queued is None:
            return -1
        if "update_id" in update:
            queued["update_id"] = update["update_id"]
        return queued["update_id"]
