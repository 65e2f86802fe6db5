"""Stable ids: derived from the content, so a rebuild gives the same id to the same item."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Protocol

from bot.curation.normalize import compact


def content_hash(*parts: str, length: int = 8) -> str:
    joined = "\x1f".join(compact(p) for p in parts)
    return hashlib.sha1(joined.encode("utf-8")).hexdigest()[:length]


def excerpt_id(article_id: str, text: str) -> str:
    return f"ex-{article_id}-{content_hash(text)}"


def quotation_id(text: str) -> str:
    return f"q-{content_hash(text)}"


def quiz_id(kind: str, *parts: str) -> str:
    return f"qz-{kind.replace('_', '-')}-{content_hash(kind, *parts)}"


class HasId(Protocol):
    @property
    def id(self) -> str: ...


def ids_of(*groups: Iterable[HasId]) -> set[str]:
    """The ids of every item in the given collections."""
    return {item.id for group in groups for item in group}
