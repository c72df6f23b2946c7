"""Numerals as written in Chinese government documents: Arabic, Chinese, and ranges.

Only the numeral itself is parsed here; multipliers such as 万/亿 stay with the unit, because
the labels (and readers) treat ``百亿元`` as 100 of the unit ``亿元``.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
CHINESE_CHARS = "零〇一二两三四五六七八九十百千半"

# An Arabic numeral: thousands separators, decimals; a Chinese numeral: digits and 十百千.
ARABIC = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
CHINESE = rf"[{CHINESE_CHARS}]+"
_RANGE_SEP = r"(?:-|－|–|—|~|～|〜|至|到)"
# A number, optionally a range; a range may repeat % on its lower end (6%-7%).
NUMBER = re.compile(
    rf"(?P<lo>{ARABIC})(?P<lopct>%)?(?:(?P<sep>{_RANGE_SEP})(?P<hi>{ARABIC})(?=%|[^\d.]|$))?"
    rf"|(?P<clo>{CHINESE})(?:(?P<csep>至|到|-)(?P<chi>{CHINESE}))?"
)


class Numeral(NamedTuple):
    """One numeral (or range) found in a text, with its offsets (a tuple: made by the
    thousand, and a frozen dataclass costs twice as much to build)."""

    start: int
    end: int
    value: float
    value_hi: float | None
    chinese: bool


def parse_arabic(s: str) -> float:
    return float(s.replace(",", ""))


def parse_chinese(s: str) -> float | None:
    """Value of a Chinese numeral such as 三十, 一百零五, 百, 两千三, 半; None if malformed.

    Multipliers 万/亿 are not accepted here (they belong to the unit); runs of digits such as
    十四五 or 一二三 are names, not numbers, and give None.
    """
    if s == "半":
        return 0.5
    if "半" in s:
        return None
    total, digit, last_unit, zero = 0, None, 10_000, False
    for ch in s:
        if ch in "零〇" and last_unit < 10_000:
            zero = True
            continue
        if ch in _DIGITS:
            if digit is not None:
                return None
            digit = _DIGITS[ch]
            continue
        unit = _SMALL_UNITS[ch]
        if unit >= last_unit or zero:
            return None
        total += (1 if digit is None else digit) * unit
        digit, last_unit = None, unit
    if digit is None:
        return float(total) if total else None
    if last_unit in (100, 1000) and not zero:
        return float(total + digit * last_unit // 10)  # 一百五 = 150, 两千三 = 2300
    return float(total + digit)


def find_numerals(text: str) -> list[Numeral]:
    """Every numeral in ``text`` (no judgement yet about whether it measures anything)."""
    out: list[Numeral] = []
    for m in NUMBER.finditer(text):
        if m.group("lo") is not None:
            lo = parse_arabic(m.group("lo"))
            hi = parse_arabic(m.group("hi")) if m.group("hi") else None
            if hi is not None and hi <= lo:  # 7-3 is two numbers, not a range
                out.append(Numeral(m.start(), m.end("lo"), lo, None, False))
                out.append(Numeral(m.start("hi"), m.end("hi"), hi, None, False))
                continue
            end = m.end() if hi is not None else m.end("lo")
            out.append(Numeral(m.start(), end, lo, hi, False))
        else:
            lo_c = parse_chinese(m.group("clo"))
            if lo_c is None:
                continue
            hi_c = parse_chinese(m.group("chi")) if m.group("chi") else None
            end = m.end() if hi_c is not None else m.end("clo")
            out.append(Numeral(m.start(), end, lo_c, hi_c, True))
    return out
