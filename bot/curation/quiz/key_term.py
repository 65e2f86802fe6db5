"""A key term blanked out of an excerpt; distractors are other domain terms of the same kind."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from bot.corpus.model import Excerpt, QuizItem, QuizKind
from bot.curation.quiz.common import fit_explanation, make_item, pick
from bot.curation.segmenter import DictionaryTerm
from bot.curation.sentences import split_sentences
from bot.curation.themes import tag_words

BLANK = "____"
# Terms that occur in nearly every passage: blanking them teaches nothing.
TOO_COMMON = frozenset({"组工干部", "组织部门", "组织工作", "组织部长", "组工队伍"})
_WINDOW = 200
_PER_EXCERPT = 2
_QUESTION_PREFIX = "填空（《{title}》）："


def _window(text: str, term: str, avoid: list[str]) -> str | None:
    """The sentence holding the term, widened by whole neighbouring sentences up to ~200 chars.

    Sentences holding an `avoid` term (the answer of a sibling question) are never shown, so one
    question cannot give away another's answer; None when the term's own sentence holds one.
    """
    sentences = split_sentences(text)
    shown = [not any(a in s for a in avoid) for s in sentences]
    first = last = next(i for i, s in enumerate(sentences) if term in s)
    if not shown[first]:
        return None
    while True:
        size = sum(len(s) for s in sentences[first : last + 1])
        after, before = last + 1, first - 1
        if after < len(sentences) and shown[after] and size + len(sentences[after]) <= _WINDOW:
            last = after
        elif before >= 0 and shown[before] and size + len(sentences[before]) <= _WINDOW:
            first = before
        else:
            return "".join(sentences[first : last + 1])


def _candidates(excerpt: Excerpt, words: list[str], terms: dict[str, DictionaryTerm]) -> list[str]:
    return [
        w
        for w in dict.fromkeys(words)
        if w in terms and w not in TOO_COMMON and excerpt.text.count(w) == 1
    ]


def key_term_items(
    excerpts: list[Excerpt],
    segment: Callable[[str], list[str]],
    terms: tuple[DictionaryTerm, ...],
    titles: dict[str, str],
    article_texts: dict[str, str],
) -> list[QuizItem]:
    by_word = {t.word: t for t in terms}
    words_of = {e.id: segment(e.text) for e in excerpts}
    frequency = Counter(w for e in excerpts for w in set(words_of[e.id]) if w in by_word)
    items: list[QuizItem] = []
    for excerpt in excerpts:
        candidates = _candidates(excerpt, words_of[excerpt.id], by_word)
        ranked = sorted(candidates, key=lambda w: (frequency[w], -len(w), w))
        if not ranked:
            continue
        chosen = _apart(excerpt.text, ranked)
        pair = [
            _item(excerpt, by_word[a], [o for o in chosen if o != a], terms, titles, article_texts)
            for a in chosen
        ]
        if len(chosen) > 1 and None in pair:
            # The two terms share a sentence: keep only the better one, shown in full context.
            pair = [_item(excerpt, by_word[chosen[0]], [], terms, titles, article_texts)]
        items.extend(item for item in pair if item)
    return items


def _apart(text: str, ranked: list[str]) -> list[str]:
    """The best term, and the best other term that shares no sentence with it."""
    sentences = split_sentences(text)
    best = ranked[0]
    for other in ranked[1:]:
        if not any(best in s and other in s for s in sentences):
            return [best, other][:_PER_EXCERPT]
    return [best]


def _bigrams(word: str) -> set[str]:
    return {word[i : i + 2] for i in range(len(word) - 1)}


def _could_also_fit(candidate: str, answer: str) -> bool:
    """A near-synonym (shared theme or shared two-character part) might also fill the blank."""
    same_theme = set(tag_words([candidate])) & set(tag_words([answer]))
    return bool(same_theme or _bigrams(candidate) & _bigrams(answer))


def _item(
    excerpt: Excerpt,
    term: DictionaryTerm,
    avoid: list[str],
    terms: tuple[DictionaryTerm, ...],
    titles: dict[str, str],
    article_texts: dict[str, str],
) -> QuizItem | None:
    answer = term.word
    article_text = article_texts[excerpt.article_id]
    same_kind = [
        t.word
        for t in terms
        if t.tag == term.tag
        and len(t.word) == len(answer)
        and t.word not in article_text
        and t.word not in TOO_COMMON
        and not _could_also_fit(t.word, answer)
    ]
    distractors = pick(same_kind, 3, excerpt.id + answer)
    if len(distractors) < 3:
        return None
    title = titles[excerpt.article_id]
    window = _window(excerpt.text, answer, avoid)
    if window is None:
        return None
    question = _QUESTION_PREFIX.format(title=title) + window.replace(answer, BLANK, 1)
    sentence = next(s for s in split_sentences(window) if answer in s)
    explanation = fit_explanation(f"原文为“{answer}”，见《{title}》：", sentence)
    return make_item(
        QuizKind.KEY_TERM,
        question,
        answer,
        distractors,
        explanation,
        excerpt.article_id,
        excerpt.tags,
        excerpt.id,
    )
