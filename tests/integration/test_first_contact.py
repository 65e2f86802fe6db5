"""First contact: the learner and their private chat, as every update looks them up."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from bot.corpus.index import CorpusIndex
from bot.corpus.model import Corpus
from bot.db.migrate import upgrade_to_head
from bot.db.repositories import chats
from bot.db.session import make_engine, make_session_factory
from bot.services import people
from bot.services.context import ServiceContext
from bot.services.people import Person
from tests.support.databases import empty_database

NOW = datetime(2026, 11, 24, 6, 30, tzinfo=UTC)


@dataclass
class FixedClock:
    def now(self) -> datetime:
        return NOW


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def ctx(request: pytest.FixtureRequest) -> Iterator[ServiceContext]:
    with empty_database(request.param) as url:
        upgrade_to_head(url)
        engine = make_engine(url)
        yield ServiceContext(make_session_factory(engine), CorpusIndex(Corpus()), FixedClock())
        engine.dispose()


def test_first_private_contact_creates_learner_and_subscribed_chat(ctx: ServiceContext) -> None:
    first = people.ensure_learner(ctx, Person(11, "甲", "jia", "en"))
    assert first.is_new and first.learner.language == "en"
    chat = first.private_chat
    assert (chat.id, chat.type, chat.language, chat.subscribed) == (11, "private", "en", True)
    assert chat.next_push_at is not None and chat.next_push_at > NOW
    again = people.ensure_learner(ctx, Person(11, "甲乙", "jia", "en"))
    assert not again.is_new
    assert again.chat == chat and again.learner.display_name == "甲乙"


def test_group_participant_gets_no_private_chat(ctx: ServiceContext) -> None:
    caller = people.ensure_participant(ctx, Person(12, "乙", None, "zh"))
    assert caller.chat is None and not caller.is_new
    later = people.ensure_learner(ctx, Person(12, "乙", None, "zh"))
    assert later.is_new and later.chat is not None


def test_a_chat_that_predates_the_learner_is_kept_not_welcomed_again(
    ctx: ServiceContext,
) -> None:
    with ctx.transaction() as session:
        chats.upsert_chat(session, chat_id=13, type="private", title="old", now=NOW)
        chats.update_chat(session, 13, push_minute=1200)
    caller = people.ensure_learner(ctx, Person(13, "丙", None, "zh"))
    assert not caller.is_new
    assert caller.private_chat.push_minute == 1200 and caller.private_chat.title == "old"
