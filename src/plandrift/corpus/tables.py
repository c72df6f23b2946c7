"""Indicator tables: what the header line above their numbered rows holds.

Shared by clean (which lays a table out one row a line) and segment (which reads the rows
and their value columns), so that neither stage calls the other. The labels are data in
``data/tables.toml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from . import rules

SHAPE = rules.Table({"header": rules.PATTERNS, "header_min": rules.INT, "notes": rules.WORDS})


@dataclass(frozen=True)
class TableRules:
    labels: tuple[re.Pattern[str], ...]  # the first counts each match (every year)
    header_min: int  # labels a header line needs
    note: re.Pattern[str]  # a note line under a table (注：…), which still belongs to it


@cache
def table_rules() -> TableRules:
    """``data/tables.toml``, compiled once."""
    d = rules.load("tables.toml", SHAPE)
    notes = "|".join(re.escape(w) for w in d["notes"])
    return TableRules(
        tuple(re.compile(p) for p in d["header"]),
        d["header_min"],
        re.compile(f"^(?:{notes})[:：]"),
    )


def header_labels(text: str) -> int:
    """How many column labels of a table header ``text`` holds (each year counts)."""
    first, *rest = table_rules().labels
    return len(first.findall(text)) + sum(1 for p in rest if p.search(text))


def is_header(text: str) -> bool:
    """Whether ``text`` names enough column labels to be a table's header."""
    return header_labels(text) >= table_rules().header_min
