"""Learners and chats: first contact, settings, leaving for good."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

from sqlalchemy.orm import Session

from bot.core import timezones
from bot.core.text import clean_user_text
from bot.db.records import ChatRecord, LearnerRecord
from bot.db.repositories import chats, learners, members, study
from bot.services.context import ServiceContext

LEADERBOARD_NAME_MAX = 32


@dataclass(frozen=True, slots=True)
class Person:
    """Who sent an update, as Telegram describes them."""

    user_id: int
    display_name: str
    username: str | None
    language: str


@dataclass(frozen=True, slots=True)
class Caller:
    learner: LearnerRecord
    chat: ChatRecord | None  # the learner's private chat (None: never talked to us in private)
    is_new: bool  # first contact in private: the full welcome

    @property
    def private_chat(self) -> ChatRecord:
        if self.chat is None:
            raise LookupError(f"learner {self.learner.id} has no private chat with the bot")
        return self.chat

    @property
    def lang(self) -> str:
        return self.learner.language


@dataclass(frozen=True, slots=True)
class PushSchedule:
    push_time: time
    timezone: str
    next_push_local: str  # "2026-11-25 08:00"


def ensure_learner(ctx: ServiceContext, person: Person) -> Caller:
    """The learner and their private chat, created with the defaults on first contact."""
    with ctx.transaction() as session:
        return _ensure_learner(ctx, session, person)


def ensure_participant(ctx: ServiceContext, person: Person) -> Caller:
    """Someone who acted in a group (answered a poll): the learner, but no private chat.

    Only a private conversation subscribes anyone to the daily push: a group member who never
    started the bot cannot be written to (Telegram answers 403)."""
    with ctx.transaction() as session:
        return _ensure_learner(ctx, session, person, private=False)


def enter_group(
    ctx: ServiceContext, person: Person, chat_id: int, chat_type: str, title: str | None
) -> Caller:
    """Someone spoke in a group: the learner, the group and the membership, in one go."""
    with ctx.transaction() as session:
        caller = _ensure_learner(ctx, session, person, private=False)
        _ensure_group(ctx, session, chat_id, chat_type, title)
        members.add_member(session, chat_id, person.user_id, now=ctx.clock.now())
        return caller


def ensure_participant_in(ctx: ServiceContext, session: Session, person: Person) -> Caller:
    """`ensure_participant` inside the caller's transaction."""
    return _ensure_learner(ctx, session, person, private=False)


def ensure_learner_if_known(ctx: ServiceContext, user_id: int) -> Caller | None:
    """The learner if we know them, without creating anyone (erasing must not re-create)."""
    with ctx.transaction() as session:
        learner = learners.get_learner(session, user_id)
        chat = chats.get_chat(session, user_id)
        if learner is None or chat is None:
            return None
        return Caller(learner=learner, chat=chat, is_new=False)


def ensure_group(
    ctx: ServiceContext, chat_id: int, chat_type: str, title: str | None
) -> ChatRecord:
    """A group the bot is in, subscribed to the daily push at the defaults."""
    with ctx.transaction() as session:
        return _ensure_group(ctx, session, chat_id, chat_type, title)


def note_member(ctx: ServiceContext, chat_id: int, person: Person, private: bool = False) -> None:
    """Someone joined a group we know (or came from its invitation link, in private)."""
    with ctx.transaction() as session:
        _ensure_learner(ctx, session, person, private=private)
        members.add_member(session, chat_id, person.user_id, now=ctx.clock.now())


def _ensure_learner(
    ctx: ServiceContext, session: Session, person: Person, *, private: bool = True
) -> Caller:
    """One statement for a known learner, three for a first contact in private."""
    now = ctx.clock.now()
    learner, chat = learners.get_learner_with_chat(session, person.user_id)
    if learner is None:
        learner = learners.upsert_learner(
            session,
            learner_id=person.user_id,
            display_name=person.display_name,
            username=person.username,
            language=person.language,
            timezone=ctx.defaults.timezone,
            now=now,
        )
        if not private:
            chat = chats.get_chat(session, person.user_id)
    elif learner.display_name != person.display_name or learner.username != person.username:
        learner = learners.update_learner(
            session, person.user_id, display_name=person.display_name, username=person.username
        )
    if chat is not None or not private:
        return Caller(learner=learner, chat=chat, is_new=False)
    created = _create_chat(
        ctx,
        session,
        person.user_id,
        "private",
        person.display_name,
        learner.timezone,
        learner.language,
    )
    if created is None:  # the chat was there before the learner (never in normal use)
        return Caller(learner=learner, chat=chats.get_chat(session, person.user_id), is_new=False)
    return Caller(learner=learner, chat=created, is_new=True)


def _ensure_group(
    ctx: ServiceContext, session: Session, chat_id: int, chat_type: str, title: str | None
) -> ChatRecord:
    chat = chats.get_chat(session, chat_id)
    if chat is None:
        created = _create_chat(ctx, session, chat_id, chat_type, title, ctx.defaults.timezone)
        if created is not None:
            return created
        chat = _require_chat(session, chat_id)  # created meanwhile by another instance
    if chat.title != title or chat.type != chat_type:
        chat = chats.update_chat(session, chat_id, title=title, type=chat_type)
    return chat


def _create_chat(
    ctx: ServiceContext,
    session: Session,
    chat_id: int,
    chat_type: str,
    title: str | None,
    tz_name: str,
    language: str = "zh",
) -> ChatRecord | None:
    """A new chat subscribed at the defaults, its first push scheduled; None if it exists."""
    now = ctx.clock.now()
    tz = timezones.parse_timezone(tz_name)
    return chats.create_chat_if_absent(
        session,
        chat_id=chat_id,
        type=chat_type,
        title=title,
        now=now,
        language=language,
        timezone=tz.key,
        push_minute=ctx.defaults.push_minute,
        quiz_length=ctx.defaults.quiz_length,
        next_push_at=timezones.next_push_at(ctx.defaults.push_time, tz, now),
    )


def forget_member(ctx: ServiceContext, chat_id: int, user_id: int) -> None:
    with ctx.transaction() as session:
        members.remove_member(session, chat_id, user_id)


def mark_greeted(ctx: ServiceContext, chat_id: int) -> bool:
    """True the first time only, so the bot greets a group once."""
    with ctx.transaction() as session:
        chat = chats.get_chat(session, chat_id)
        if chat is None or chat.greeted:
            return False
        chats.update_chat(session, chat_id, greeted=True)
        return True


def set_push_time(ctx: ServiceContext, chat_id: int, text: str) -> PushSchedule:
    push_time = timezones.parse_push_time(text)
    with ctx.transaction() as session:
        chat = _require_chat(session, chat_id)
        return _reschedule(ctx, session, chat, push_time=push_time, tz_name=chat.timezone)


def set_timezone(ctx: ServiceContext, chat_id: int, text: str) -> PushSchedule:
    """A new zone for a chat; in a private chat also the learner's study days move to it."""
    tz = timezones.parse_timezone(text)
    now = ctx.clock.now()
    with ctx.transaction() as session:
        chat = _require_chat(session, chat_id)
        if chat.type == "private":
            learner = learners.get_learner(session, chat_id)
            if learner is not None and learner.timezone != tz.key:
                old = timezones.parse_timezone(learner.timezone)
                excused = timezones.excused_dates_for_zone_change(old, tz, now)
                study.add_excused_days(session, chat_id, excused)
                learners.update_learner(session, chat_id, timezone=tz.key)
        push_time = time(chat.push_minute // 60, chat.push_minute % 60)
        return _reschedule(ctx, session, chat, push_time=push_time, tz_name=tz.key)


def set_paused(ctx: ServiceContext, chat_id: int, paused: bool) -> PushSchedule:
    with ctx.transaction() as session:
        chat = _require_chat(session, chat_id)
        chats.update_chat(session, chat_id, paused=paused, subscribed=True)
        chat = _require_chat(session, chat_id)
        push_time = time(chat.push_minute // 60, chat.push_minute % 60)
        return _reschedule(ctx, session, chat, push_time=push_time, tz_name=chat.timezone)


def set_language(ctx: ServiceContext, user_id: int, language: str) -> None:
    with ctx.transaction() as session:
        learners.update_learner(session, user_id, language=language)
        if chats.get_chat(session, user_id) is not None:
            chats.update_chat(session, user_id, language=language)


def set_leaderboard(
    ctx: ServiceContext, user_id: int, *, opt_in: bool, name: str | None = None
) -> LearnerRecord:
    fields: dict[str, object] = {"leaderboard_opt_in": opt_in}
    if name is not None:
        fields["leaderboard_name"] = clean_user_text(name, max_chars=LEADERBOARD_NAME_MAX)
    with ctx.transaction() as session:
        learner = learners.get_learner(session, user_id)
        if learner is not None and opt_in and not learner.leaderboard_name and name is None:
            fields["leaderboard_name"] = learner.display_name[:LEADERBOARD_NAME_MAX]
        return learners.update_learner(session, user_id, **fields)


def show_on_board(ctx: ServiceContext, user_id: int, name: str | None = None) -> LearnerRecord:
    return set_leaderboard(ctx, user_id, opt_in=True, name=name)


def hide_from_board(ctx: ServiceContext, user_id: int) -> LearnerRecord:
    return set_leaderboard(ctx, user_id, opt_in=False)


def set_quiz_length(ctx: ServiceContext, chat_id: int, length: int) -> None:
    if not 1 <= length <= 10:
        raise ValueError("quiz length must be between 1 and 10")
    with ctx.transaction() as session:
        chats.update_chat(session, chat_id, quiz_length=length)


def set_blocked(ctx: ServiceContext, chat_id: int, blocked: bool) -> None:
    """The bot was blocked, kicked or the chat is gone (or all of that was undone)."""
    with ctx.transaction() as session:
        if chats.get_chat(session, chat_id) is not None:
            chats.update_chat(session, chat_id, blocked=blocked)


def migrate_chat(ctx: ServiceContext, old_id: int, new_id: int) -> bool:
    """Moves a group's whole history to its new supergroup id; False if already done."""
    with ctx.transaction() as session:
        if chats.get_chat(session, old_id) is None:
            return False
        chats.migrate_chat(session, old_id, new_id, ctx.clock.now())
        return True


def get_chat(ctx: ServiceContext, chat_id: int) -> ChatRecord | None:
    with ctx.transaction() as session:
        return chats.get_chat(session, chat_id)


def erase(ctx: ServiceContext, user_id: int) -> dict[str, int]:
    """Every record of this learner, in every table (the private chat included)."""
    with ctx.transaction() as session:
        return learners.erase_learner(session, user_id)


def _require_chat(session: Session, chat_id: int) -> ChatRecord:
    chat = chats.get_chat(session, chat_id)
    if chat is None:
        raise LookupError(f"unknown chat {chat_id}")
    return chat


def _reschedule(
    ctx: ServiceContext, session: Session, chat: ChatRecord, *, push_time: time, tz_name: str
) -> PushSchedule:
    tz = timezones.parse_timezone(tz_name)
    next_at = timezones.next_push_at(push_time, tz, ctx.clock.now())
    chats.update_chat(
        session,
        chat.id,
        timezone=tz.key,
        push_minute=push_time.hour * 60 + push_time.minute,
        next_push_at=next_at,
    )
    local = next_at.astimezone(tz)
    return PushSchedule(
        push_time=push_time, timezone=tz.key, next_push_local=local.strftime("%Y-%m-%d %H:%M")
    )
