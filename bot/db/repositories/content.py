"""The curated corpus in the database: synchronised by stable id, retired but never deleted."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from bot.db.errors import InvalidRecord
from bot.db.models import CONTENT_KINDS, ContentItem, ContentTag
from bot.db.records import ContentItemRecord, ContentRow, SyncReport


def sync_content(session: Session, items: Iterable[ContentRow], now: datetime) -> SyncReport:
    """Upsert the corpus by id; items missing from it are marked retired (history keeps them)."""
    incoming = _by_id(items)
    existing = _load_all(session)
    added = [row for item_id, row in incoming.items() if item_id not in existing]
    changed = [
        row
        for item_id, row in incoming.items()
        if item_id in existing and _differs(existing[item_id], row)
    ]
    to_retire = [i for i, r in existing.items() if i not in incoming and not r.retired]
    if added:
        session.execute(insert(ContentItem), [_values(row, now) for row in added])
    if changed:
        session.execute(update(ContentItem), [_values(row, now) for row in changed])
    if to_retire:
        session.execute(
            update(ContentItem)
            .where(ContentItem.id.in_(to_retire))
            .values(retired=True, updated_at=now),
            execution_options={"synchronize_session": False},
        )
    _replace_tags(session, [*added, *changed])
    unchanged = len(incoming) - len(added) - len(changed)
    return SyncReport(len(added), len(changed), len(to_retire), unchanged)


def active_item_ids(session: Session, kind: str, tag: str | None = None) -> list[str]:
    """Ids of the items of ``kind`` in the current corpus (optionally with theme ``tag``)."""
    statement = select(ContentItem.id).where(ContentItem.kind == kind, ~ContentItem.retired)
    if tag is not None:
        tagged = select(ContentTag.item_id).where(ContentTag.tag == tag)
        statement = statement.where(ContentItem.id.in_(tagged))
    return list(session.scalars(statement.order_by(ContentItem.id)))


def get_item(session: Session, item_id: str) -> ContentItemRecord | None:
    """An item by id, retired or not."""
    item = session.get(ContentItem, item_id, populate_existing=True)
    if item is None:
        return None
    tags = session.scalars(
        select(ContentTag.tag).where(ContentTag.item_id == item_id).order_by(ContentTag.tag)
    )
    return ContentItemRecord(
        id=item.id,
        kind=item.kind,
        article_id=item.article_id,
        payload=item.payload,
        tags=tuple(tags),
        retired=item.retired,
        updated_at=item.updated_at,
    )


def _by_id(items: Iterable[ContentRow]) -> dict[str, ContentRow]:
    rows: dict[str, ContentRow] = {}
    for row in items:
        if row.kind not in CONTENT_KINDS:
            raise InvalidRecord(f"content item {row.id}: unknown kind {row.kind!r}")
        if row.id in rows:
            raise InvalidRecord(f"content item {row.id} appears twice")
        rows[row.id] = row
    return rows


def _load_all(session: Session) -> dict[str, ContentItemRecord]:
    tags: dict[str, list[str]] = {}
    for item_id, tag in session.execute(
        select(ContentTag.item_id, ContentTag.tag).order_by(ContentTag.tag)
    ):
        tags.setdefault(item_id, []).append(tag)
    return {
        item.id: ContentItemRecord(
            id=item.id,
            kind=item.kind,
            article_id=item.article_id,
            payload=item.payload,
            tags=tuple(tags.get(item.id, ())),
            retired=item.retired,
            updated_at=item.updated_at,
        )
        for item in session.scalars(select(ContentItem))
    }


def _differs(stored: ContentItemRecord, row: ContentRow) -> bool:
    return (
        stored.retired
        or stored.kind != row.kind
        or stored.article_id != row.article_id
        or stored.payload != row.payload
        or stored.tags != tuple(sorted(set(row.tags)))
    )


def _values(row: ContentRow, now: datetime) -> dict[str, Any]:
    return {
        "id": row.id,
        "kind": row.kind,
        "article_id": row.article_id,
        "payload": row.payload,
        "retired": False,
        "updated_at": now,
    }


def _replace_tags(session: Session, rows: list[ContentRow]) -> None:
    if not rows:
        return
    ids = [row.id for row in rows]
    session.execute(delete(ContentTag).where(ContentTag.item_id.in_(ids)))
    pairs = [{"item_id": row.id, "tag": tag} for row in rows for tag in sorted(set(row.tags))]
    if pairs:
        session.execute(insert(ContentTag), pairs)
