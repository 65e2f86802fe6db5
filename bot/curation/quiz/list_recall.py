"""Recall of the named lists in the texts (content/reference/lists.yaml)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.corpus.model import QuizItem, QuizKind
from bot.curation.normalize import compact
from bot.curation.quiz.common import fit_explanation, make_item, pick

_PER_LIST = 3


@dataclass(frozen=True, slots=True)
class NamedList:
    name: str
    article: str  # the article title
    members: tuple[str, ...]
    outsiders: tuple[str, ...]
    pair_question: str | None = None
    pairs: dict[str, str] = field(default_factory=dict)


def load_lists(path: Path) -> list[NamedList]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    lists = []
    for entry in data["lists"]:
        pairs = entry.get("pairs") or {}
        lists.append(
            NamedList(
                entry["name"],
                entry["article"],
                tuple(entry["members"]),
                tuple(entry["outsiders"]),
                pairs.get("question"),
                dict(pairs.get("items", {})),
            )
        )
    return lists


def list_in_text(named: NamedList, text: str) -> bool:
    key = compact(text)
    return all(compact(m) in key for m in named.members)


@dataclass(frozen=True, slots=True)
class _Context:
    named: NamedList
    article_id: str
    tags: tuple[str, ...]

    @property
    def explanation(self) -> str:
        return fit_explanation(
            f"{self.named.name}：{'、'.join(self.named.members)}。", f"见《{self.named.article}》。"
        )

    def item(self, kind: QuizKind, question: str, answer: str, distractors: list[str]) -> QuizItem:
        return make_item(
            kind, question, answer, distractors, self.explanation, self.article_id, self.tags, None
        )


def _not_belonging(ctx: _Context) -> list[QuizItem]:
    named, items = ctx.named, []
    shown = min(3, len(named.members) - 1)
    for k, outsider in enumerate(named.outsiders[:_PER_LIST]):
        members = [named.members[(k + i) % len(named.members)] for i in range(shown)]
        question = f"《{named.article}》提出的{named.name}中，下列哪一项不在其中？"
        items.append(ctx.item(QuizKind.LIST_RECALL, question, outsider, members))
    return items


def _belonging(ctx: _Context) -> list[QuizItem]:
    named = ctx.named
    question_of = "下列哪一项属于《{article}》提出的{name}？"
    items = []
    for member in named.members[:_PER_LIST]:
        outsiders = pick(named.outsiders, 3, member)
        question = question_of.format(article=named.article, name=named.name)
        items.append(ctx.item(QuizKind.LIST_RECALL, question, member, outsiders))
    return items


def _pairs(ctx: _Context) -> list[QuizItem]:
    named = ctx.named
    if not named.pair_question:
        return []
    answers = list(named.pairs.values())
    return [
        ctx.item(
            QuizKind.LIST_RECALL,
            named.pair_question.format(cue=cue),
            answer,
            [a for a in answers if a != answer],
        )
        for cue, answer in named.pairs.items()
    ]


def _true_false(ctx: _Context) -> list[QuizItem]:
    named = ctx.named
    statement = "判断：“{x}”是《{article}》提出的{name}之一。"
    cases = [(named.members[-1], "正确"), (named.outsiders[-1], "错误")]
    return [
        ctx.item(
            QuizKind.TRUE_FALSE,
            statement.format(x=x, article=named.article, name=named.name),
            answer,
            [],
        )
        for x, answer in cases
    ]


def list_recall_items(
    lists: list[NamedList],
    articles: dict[str, tuple[str, str]],
    tagger: Callable[[str], tuple[str, ...]],
) -> tuple[list[QuizItem], list[str]]:
    """Items for every list found in its article; `articles` maps title → (article id, text)."""
    items: list[QuizItem] = []
    skipped: list[str] = []
    for named in lists:
        found = articles.get(named.article)
        if not found or not list_in_text(named, found[1]):
            skipped.append(named.name)
            continue
        ctx = _Context(named, found[0], tagger(named.name + "".join(named.members)))
        for make in (_not_belonging, _belonging, _pairs, _true_false):
            items.extend(make(ctx))
    return items, skipped
