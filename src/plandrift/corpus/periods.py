"""Partial-year periods: wording before a number that says it covers only part of a year.

``今年1月至11月``, ``前三季度``, ``上半年``, ``截至11月末``: the nearest cue before a number, in its
sentence, gives the number's period (a month range is stored as ``1-11月``), unless a
whole-year cue (``全年``) comes between them; the numbers inside a cue (the 10 of ``前10个月``)
measure nothing. The cues are data in ``data/periods.toml``; quantities reads them.
"""

from __future__ import annotations

import re
from functools import cache

from . import rules

SHAPE = rules.Table(
    {
        "hints": rules.WORDS,
        "range": rules.PATTERN,
        "cues": rules.PATTERNS,
        "whole": rules.WORDS,
        "before": rules.PATTERN,
    }
)

_CLAUSE_BREAK = re.compile(r"[，,；;：:。！？!?\n]")


@cache
def _period() -> tuple[tuple[str, ...], re.Pattern[str], re.Pattern[str]]:
    """The period cues as one pattern (a month range, another cue, or a whole-year cue), and
    what may stand before a cue in its clause."""
    d = rules.load("periods.toml", SHAPE)
    cue = "|".join(f"(?:{c})" for c in d["cues"])
    whole = "|".join(re.escape(w) for w in d["whole"])
    pattern = re.compile(f"(?P<range>{d['range']})|(?P<cue>{cue})|(?P<whole>{whole})")
    return tuple(d["hints"]), pattern, re.compile(d["before"])


Period = tuple[int, int, str]


def period_cues(sentence: str) -> list[Period]:
    """(start, end, period) of every period cue in a sentence; a whole-year cue gives ""."""
    hints, pattern, before = _period()
    if not any(h in sentence for h in hints):
        return []
    out: list[Period] = []
    for m in pattern.finditer(sentence):
        if not m.group("whole"):
            breaks = [b.end() for b in _CLAUSE_BREAK.finditer(sentence, 0, m.start())]
            if not before.match(sentence[breaks[-1] if breaks else 0 : m.start()]):
                continue  # 大唐露天矿一季度完成核准: the date of an event
        if m.group("range"):
            label = f"{int(m.group('from'))}-{int(m.group('to'))}月"
        else:
            label = re.sub(r"\s+", "", m.group("cue") or "")
        out.append((m.start(), m.end(), label))
    return out


def period_at(found: list[Period], upto: int) -> str:
    """The period of a number at ``upto``: the last cue ending by then ("" for none)."""
    label = ""
    for _, end, period in found:
        if end > upto:
            break
        label = period
    return label


def in_period_cue(found: list[Period], pos: int) -> bool:
    """True when ``pos`` lies inside a period cue (the 10 of 前10个月 measures nothing)."""
    return any(start <= pos < end and period for start, end, period in found)
