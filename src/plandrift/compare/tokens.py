"""Chinese words, cut by jieba (MIT; the segmenter the field uses), so that a completion word
is matched as a word: 建成 is not in 创建成果, 通车 is not in 直通车."""

from __future__ import annotations

import logging
from functools import cache, lru_cache
from pathlib import Path

import jieba

jieba.setLogLevel(logging.WARNING)
_WORDS = Path(__file__).with_name("data") / "words.txt"


@cache
def _ready() -> None:
    """Teach jieba the general words its dictionary cuts apart (可 + 持续), once, on the
    first cut: add_word loads jieba's dictionary, a second start-up cost that ``--help``
    and the app's first screen need not pay."""
    for line in _WORDS.read_text("utf-8").splitlines():
        parts = line.split()
        if parts and not line.startswith("#"):
            jieba.add_word(parts[0], tag=parts[1] if len(parts) > 1 else None)


@lru_cache(maxsize=65536)
def words(text: str) -> tuple[str, ...]:
    """``text`` as words, in order; their lengths add up to ``len(text)``."""
    _ready()
    return tuple(jieba.lcut(text, HMM=True))


@lru_cache(maxsize=65536)
def tagged(text: str) -> tuple[tuple[str, str], ...]:
    """``text`` as (word, part-of-speech tag) pairs."""
    import jieba.posseg

    _ready()
    return tuple((w.word, w.flag) for w in jieba.posseg.lcut(text, HMM=True))


@lru_cache(maxsize=65536)
def bounds(text: str) -> frozenset[int]:
    """Where ``text``'s words begin and end."""
    out, at = {0}, 0
    for w in words(text):
        at += len(w)
        out.add(at)
    return frozenset(out)


def without_lead(text: str, tags: tuple[str, ...]) -> str:
    """``text`` without the verbs, adverbs and prepositions that open it."""
    pairs = tagged(text)
    i = 0
    while i < len(pairs) - 1 and pairs[i][1].startswith(tags) and pairs[i][1] not in ("vn",):
        i += 1
    return "".join(w for w, _ in pairs[i:])
