"""Text normalisation and similarity for unsegmented Chinese.

Whitespace tokens mean nothing in Chinese, so similarity works on characters: NFKC,
punctuation and boilerplate verbs removed, then rapidfuzz's character-level ``ratio``
and ``partial_ratio`` (never the token_* scorers) or character n-grams.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

import numpy as np
from rapidfuzz import fuzz, process

PARALLEL_FROM = 4096  # matrix cells from which cdist runs on every core
_PUNCT = re.compile(r"[\s\W_]+", re.UNICODE)
_DIGITS = re.compile(r"\d+(?:\.\d+)?")


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


class Normaliser:
    """Turns a statement into the string that is compared: content characters only."""

    def __init__(self, boilerplate: Iterable[str]) -> None:
        words = sorted(set(boilerplate), key=lambda w: (-len(w), w))
        self._boiler = re.compile("|".join(map(re.escape, words))) if words else None

    def __call__(self, text: str, *, keep_numbers: bool = True) -> str:
        out = nfkc(text)
        if self._boiler is not None:
            out = self._boiler.sub("", out)
        if not keep_numbers:
            out = _DIGITS.sub("", out)
        return _PUNCT.sub("", out)


def ngrams(text: str, n: int = 3) -> set[str]:
    if len(text) < n:
        return {text} if text else set()
    return {text[i : i + n] for i in range(len(text) - n + 1)}


def ratio(a: str, b: str) -> float:
    """Similarity 0..100 of two normalised strings (whole against whole)."""
    return fuzz.ratio(a, b)


def partial(a: str, b: str) -> float:
    """Similarity 0..100 of the shorter string against its best window in the longer."""
    return fuzz.partial_ratio(a, b)


def cdist(
    queries: Sequence[str], choices: Sequence[str], *, cutoff: float = 0.0, scorer=fuzz.ratio
) -> np.ndarray:
    """All scores of ``queries`` × ``choices`` in one batched call (0 below ``cutoff``)."""
    if not queries or not choices:
        return np.zeros((len(queries), len(choices)), dtype=np.float32)
    # Threads cost more than they save on the small blocks most chains are.
    workers = -1 if len(queries) * len(choices) >= PARALLEL_FROM else 1
    return process.cdist(
        queries, choices, scorer=scorer, score_cutoff=cutoff, workers=workers, dtype=np.float32
    )


def pairwise(
    a: Sequence[str], b: Sequence[str], *, cutoff: float = 0.0, scorer=fuzz.ratio
) -> list[float]:
    """Scores of ``a[i]`` against ``b[i]`` for candidate pairs found by blocking, batched."""
    if not a:
        return []
    workers = -1 if len(a) >= PARALLEL_FROM else 1
    return [
        float(x) for x in process.cpdist(a, b, scorer=scorer, score_cutoff=cutoff, workers=workers)
    ]


def window(
    text: str, anchors: list[str], reach: int = 12, before: int | None = None, strict: bool = False
) -> str:
    """The words around the first anchor found in ``text``; all of it if none is found,
    or nothing when ``strict``.

    Chinese puts the predicate after its subject (X项目全面开工), so by default the window
    reaches further after the anchor than before it."""
    back = reach if before is None else before
    for anchor in anchors:
        at = text.find(anchor)
        if at >= 0:
            return text[max(0, at - back) : at + len(anchor) + reach]
    return "" if strict else text
