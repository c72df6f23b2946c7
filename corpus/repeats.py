"""Mark statements that repeat an earlier one (within a document or from another document).

FIRST VERSION: exact match of the text without whitespace and punctuation.
"""

from __future__ import annotations

import re

from .models import Statement

_NOISE = re.compile(r"[\s\W_]+")


def key(text: str) -> str:
    return _NOISE.sub("", text)


def mark_repeats(docs: list[list[Statement]]) -> None:
    """``docs`` in corpus order; a statement whose text was seen before points at the first."""
    seen: dict[str, str] = {}
    for statements in docs:
        for st in statements:
            k = key(st.text)
            if len(k) < 12:
                continue
            if k in seen:
                st.repeat_of = seen[k]
            else:
                seen[k] = st.id
