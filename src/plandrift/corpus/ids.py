"""Stable ids: the same document ingested again gives the same ids.

Ids hash what a row *is* (its text, its section path), not where it sits, so an edit
elsewhere in the document, or another document added, leaves them alone.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter

_NOISE = re.compile(r"[\s\W_]+")


def digest(text: str, size: int = 8) -> str:
    return hashlib.sha1(_NOISE.sub("", text).encode("utf-8")).hexdigest()[:size]


class IdMaker:
    """Hands out ``prefix:hash`` ids, suffixing ``-2``, ``-3`` … for repeats within a scope."""

    def __init__(self) -> None:
        self._seen: Counter[str] = Counter()

    def make(self, prefix: str, text: str) -> str:
        base = f"{prefix}:{digest(text)}"
        self._seen[base] += 1
        n = self._seen[base]
        return base if n == 1 else f"{base}-{n}"
