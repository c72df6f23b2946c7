"""Chinese text as words: for the word-segmented search index and the word-level diff.

Words come from jieba (the segmenter compare's word rules use too), a compound cut into the
dictionary words it is made of (粮食产量 → 粮食 产量), except numbers: a number with its multiplier, unit, rate and trailing qualifier is one token,
whatever the segmenter would have made of it (``7%左右``, ``100亿斤``, ``91.06亿斤``,
``6%-7%``, ``2025年``, ``1,200亿元以上``). A diff over these tokens can therefore never split
a number digit by digit. Units and qualifiers are read from the corpus's own tables
(``data/units.toml``, ``data/qualifiers.toml``), so the tokens agree with the quantities.
"""

from __future__ import annotations

import logging
import re
import tomllib
from functools import cache
from pathlib import Path

import jieba

jieba.setLogLevel(logging.WARNING)

_DATA = Path(__file__).with_name("data")
_DIGITS = r"[0-9０-９]"
# 1,200 / 91.06 / ５．５: thousands separated by an ASCII comma only (a Chinese comma ends a
# clause), decimals by a full or half-width point.
_NUMBER = rf"[-+−]?{_DIGITS}+(?:,{_DIGITS}{{3}})*(?:[.．]{_DIGITS}+)?"


@cache
def ready() -> None:
    """Teach jieba the general words its dictionary cuts apart (可 + 持续, ``data/words.txt``),
    once, before any cut: every cut of plandrift (the search index's, the diff's, compare's
    word rules) then sees the same words, whatever ran first in the process. Not at import:
    add_word loads jieba's dictionary, a start-up cost that ``--help`` need not pay."""
    for line in (_DATA / "words.txt").read_text("utf-8").splitlines():
        parts = line.split()
        if parts and not line.startswith("#"):
            jieba.add_word(parts[0], tag=parts[1] if len(parts) > 1 else None)


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@cache
def number_pattern() -> re.Pattern[str]:
    """A number with everything that belongs to it, as one match."""
    units = tomllib.loads((_DATA / "units.toml").read_text("utf-8"))
    quals = tomllib.loads((_DATA / "qualifiers.toml").read_text("utf-8"))
    base = _alternation(units["base"] + ["％"])
    mult = _alternation(list(units["multipliers"]))
    rate = _alternation(units["rates"])
    after = _alternation(quals["after"])
    unit = rf"(?:余|多)?(?:{mult})?(?:余|多)?(?:{base})?(?:{rate})?"
    return re.compile(
        rf"{_NUMBER}{unit}(?:\s*[-~～—至到]\s*{_NUMBER}{unit})?(?:{after})?",
    )


def spans(text: str) -> list[tuple[int, int]]:
    """Where each token of ``text`` starts and ends; together they cover it exactly."""
    out: list[tuple[int, int]] = []
    at = 0
    for m in number_pattern().finditer(text):
        if m.start() > at:
            out.extend(_segment(text, at, m.start()))
        out.append((m.start(), m.end()))
        at = m.end()
    if at < len(text):
        out.extend(_segment(text, at, len(text)))
    return out


COMPOUND = 4  # a word this long is cut into the dictionary words it is made of


def _segment(text: str, start: int, end: int) -> list[tuple[int, int]]:
    ready()
    out = []
    at = start
    for word in jieba.lcut(text[start:end]):
        for piece in _parts(word) if len(word) >= COMPOUND else (word,):
            out.append((at, at + len(piece)))
            at += len(piece)
    return out


def _parts(word: str) -> list[str]:
    """A compound as the dictionary words it is made of, longest first from the left
    (粮食产量 → 粮食 产量, 经营主体 → 经营 主体): a change of one part is not a change of all."""
    ready()
    subs = {w for w in jieba.lcut_for_search(word) if 1 < len(w) < len(word)}
    out, i = [], 0
    while i < len(word):
        size = max((len(w) for w in subs if word.startswith(w, i)), default=1)
        out.append(word[i : i + size])
        i += size
    return out


def tokens(text: str) -> list[str]:
    """The words of ``text`` in order, numbers whole: ``"".join(tokens(t)) == t``."""
    return [text[a:b] for a, b in spans(text)]


def for_search(text: str) -> str:
    """``text`` as space-separated words for a full-text index whose tokenizer splits on
    spaces and punctuation: each word, and the shorter dictionary words inside a long one
    (粮食产量 also gives 粮食 and 产量), so that one- and two-character words are found."""
    ready()
    words: list[str] = []
    at = 0
    for m in number_pattern().finditer(text):
        words.extend(jieba.lcut_for_search(text[at : m.start()]))
        words.append(m.group())
        at = m.end()
    words.extend(jieba.lcut_for_search(text[at:]))
    return " ".join(w for w in (w.strip() for w in words) if w)
