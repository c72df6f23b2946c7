"""Chinese words, cut by jieba (MIT; the segmenter the field uses), so that a completion word
is matched as a word: 建成 is not in 创建成果, 通车 is not in 直通车."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import _lru_cache_wrapper, lru_cache
from typing import TypeVar

import jieba

from plandrift.corpus.words import ready


@dataclass
class Cuts:
    """jieba's cuts by text: its words, and its words with their part-of-speech tags."""

    words: dict[str, tuple[str, ...]] = field(default_factory=dict)
    tagged: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)


_known = Cuts()
_asked: Cuts | None = None
_memos: list[_lru_cache_wrapper[object]] = []

T = TypeVar("T")


def memo(fn: Callable[..., T]) -> _lru_cache_wrapper[T]:
    """``lru_cache`` for a function that cuts words: emptied when a ``remembering`` block
    opens, so that every cut a place's link needs is asked for in that link (and kept for
    the next), whatever was linked before in the process."""
    cached = lru_cache(maxsize=65536)(fn)
    _memos.append(cached)
    return cached


def words(text: str) -> tuple[str, ...]:
    """``text`` as words, in order; their lengths add up to ``len(text)``."""
    got = _known.words.get(text)
    if got is None:
        got = _words(text)
    if _asked is not None:
        _asked.words[text] = got
    return got


def tagged(text: str) -> tuple[tuple[str, str], ...]:
    """``text`` as (word, part-of-speech tag) pairs."""
    got = _known.tagged.get(text)
    if got is None:
        got = _tagged(text)
    if _asked is not None:
        _asked.tagged[text] = got
    return got


@contextmanager
def remembering(known: Cuts) -> Iterator[Cuts]:
    """Within the block the cuts in ``known`` answer without jieba; yields every cut asked
    for in the block, to keep for the next time. A cut depends on its text alone (and on
    jieba's dictionary), so the answers are the same either way."""
    global _known, _asked
    _known, _asked = known, Cuts()
    for cached in _memos:
        cached.cache_clear()
    try:
        yield _asked
    finally:
        _known, _asked = Cuts(), None


@lru_cache(maxsize=65536)
def _words(text: str) -> tuple[str, ...]:
    ready()
    return tuple(jieba.lcut(text, HMM=True))


@lru_cache(maxsize=65536)
def _tagged(text: str) -> tuple[tuple[str, str], ...]:
    import jieba.posseg

    ready()
    return tuple((w.word, w.flag) for w in jieba.posseg.lcut(text, HMM=True))


@memo
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
