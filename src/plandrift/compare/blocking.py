"""Blocking: which items are worth comparing at all, so that linking never scores every
pair of a corpus. Items sharing a rare character n-gram form a block; pairs come only from
blocks, and a gram shared by too many items blocks nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from . import textsim

BLOCK_CAP = 40  # a bigram or 4-gram shared by more items than this does not block


def postings(items: list[str], n: int) -> dict[str, list[int]]:
    """Each character n-gram with the indexes of the items holding it."""
    index: dict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(items):
        for g in textsim.ngrams(s, n):
            index[g].append(i)
    return index


def blocks(
    items: list[str], n: int, cap: int, index: dict[str, list[int]] | None = None
) -> Iterable[list[int]]:
    """Groups of item indexes sharing a character n-gram that at most ``cap`` items share
    (in no particular order: callers count or join, which order does not change)."""
    index = index if index is not None else postings(items, n)
    for ids in index.values():
        if 1 < len(ids) <= cap:
            yield ids


def candidate_pairs(items: list[str], n: int, min_shared: int = 1) -> list[tuple[int, int]]:
    """Index pairs (i < j) sharing at least ``min_shared`` blocking n-grams, sorted."""
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for ids in blocks(items, n, BLOCK_CAP):
        for a in range(len(ids)):
            for b in range(a + 1, len(ids)):
                shared[(ids[a], ids[b]) if ids[a] < ids[b] else (ids[b], ids[a])] += 1
    return sorted(p for p, k in shared.items() if k >= min_shared)


class UnionFind:
    """Groups of indexes joined pair by pair; the smallest index names its group."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)
