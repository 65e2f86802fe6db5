"""What every service needs: the database, the corpus, the clock and the defaults."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import time

from sqlalchemy.orm import Session, sessionmaker

from bot.clock import Clock
from bot.core.studyday import StudyRequirement
from bot.corpus.index import CorpusIndex


@dataclass(frozen=True)
class Defaults:
    timezone: str = "Asia/Shanghai"
    push_time: time = time(8, 0)
    quiz_length: int = 3
    group_open_period: int = 60
    requirement: StudyRequirement = field(default_factory=StudyRequirement)

    @property
    def push_minute(self) -> int:
        return self.push_time.hour * 60 + self.push_time.minute


@dataclass(frozen=True)
class ServiceContext:
    sessions: sessionmaker[Session]
    corpus: CorpusIndex
    clock: Clock
    defaults: Defaults = field(default_factory=Defaults)
    admins: frozenset[int] = frozenset()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        with self.sessions.begin() as session:
            yield session
