"""Find the numbers that measure something, with unit, qualifier, metric, role and year.

FIRST VERSION: Arabic numbers followed by a unit; role from the document kind.
"""

from __future__ import annotations

import re

from .models import DocSpec, Quantity, Statement

_NUM = re.compile(r"(\d+(?:\.\d+)?)(?:[-－~～—](\d+(?:\.\d+)?))?\s*(%|万亿元|亿元|万元|元|亿斤|万吨|万亩|万人|万户|户|个|家|公里|项|名)")
_MULT = {"万": 1e4, "亿": 1e8, "万亿": 1e12}


def _normalise(value: float, unit: str) -> tuple[float, str]:
    for prefix in ("万亿", "亿", "万"):
        if unit.startswith(prefix) and len(unit) > len(prefix):
            return value * _MULT[prefix], unit[len(prefix):]
    return value, unit


def annotate(spec: DocSpec, stmt: Statement, text: str) -> None:
    """Fill ``stmt.quantities`` (offsets in ``text``, the document's cleaned text) and role/year."""
    body = text[stmt.cstart : stmt.cend]
    role = "target" if spec.kind in ("five-year-plan", "project-list") else "actual"
    found = []
    for m in _NUM.finditer(body):
        value = float(m.group(1))
        hi = float(m.group(2)) if m.group(2) else None
        unit = m.group(3)
        norm, norm_unit = _normalise(value, unit)
        found.append(
            Quantity(
                metric=body[max(0, m.start() - 8) : m.start()], value=value, value_hi=hi,
                unit=unit, qualifier="", role=role, year=spec.year, estimate="预计" in body,
                cstart=stmt.cstart + m.start(), cend=stmt.cstart + m.end(), text=m.group(0),
                norm_value=norm, norm_value_hi=_normalise(hi, unit)[0] if hi is not None else None,
                norm_unit=norm_unit,
            )
        )
    stmt.quantities = found
    if found:
        stmt.role, stmt.year = found[0].role, found[0].year
