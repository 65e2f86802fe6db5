"""jieba with the domain dictionary. jieba is imported here, inside functions, and nowhere else.

jieba's full dictionary (349k words) takes seconds to load; the build only needs ordinary words to
find word boundaries around the domain terms, so it uses the words of jieba's dictionary with a
frequency of at least GENERAL_MIN_FREQ (about 67k), derived once into a cache directory.
"""

from __future__ import annotations

import logging
import os
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


GENERAL_MIN_FREQ = 30


def default_cache_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir("studybot")) / "jieba"


def general_dictionary(cache_dir: Path) -> Path:
    """jieba's own dictionary without its rare words, written once to the cache directory."""
    import jieba

    target = cache_dir / f"jieba-general-{jieba.__version__}-{GENERAL_MIN_FREQ}.txt"
    if target.exists():
        return target
    source = Path(jieba.__file__).with_name("dict.txt")
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if int(line.split()[1]) >= GENERAL_MIN_FREQ]
    cache_dir.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    partial.write_text("".join(kept), encoding="utf-8")
    os.replace(partial, target)
    return target


class Segmenter:
    """A private jieba tokenizer loaded with the domain dictionary."""

    def __init__(self, dictionary: Path, cache_dir: Path | None = None) -> None:
        import jieba

        jieba.setLogLevel(logging.WARNING)
        cache = cache_dir or default_cache_dir()
        self._tokenizer: Any = jieba.Tokenizer(dictionary=str(general_dictionary(cache)))
        self._tokenizer.tmp_dir = str(cache)
        self._tokenizer.load_userdict(str(dictionary))
        self.terms = read_dictionary(dictionary)

    def words(self, text: str) -> list[str]:
        return [w for w in self._tokenizer.lcut(text, HMM=False) if w.strip()]
