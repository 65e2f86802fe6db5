"""jieba with the domain dictionary. jieba is imported here, inside functions, and nowhere else."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True, slots=True)
class DictionaryTerm:
    word: str
    tag: str


def read_dictionary(path: Path) -> tuple[DictionaryTerm, ...]:
    """Entries of a jieba user dictionary (`word [freq] [tag]` per line)."""
    terms = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if parts:
            terms.append(DictionaryTerm(parts[0], parts[2] if len(parts) > 2 else "n"))
    return tuple(terms)


class Segmenter:
    """A private jieba tokenizer loaded with the domain dictionary."""

    def __init__(self, dictionary: Path) -> None:
        import jieba

        jieba.setLogLevel(logging.WARNING)
        self._tokenizer: Any = jieba.Tokenizer()
        self._tokenizer.load_userdict(str(dictionary))
        self.terms = read_dictionary(dictionary)

    def words(self, text: str) -> list[str]:
        return [w for w in self._tokenizer.lcut(text, HMM=False) if w.strip()]
