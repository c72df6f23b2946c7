"""The arithmetic of a verdict: whether a value meets a target as its qualifier reads,
the ratio to the target, the straight path, and which actual stands for a year.

Pure functions over :class:`~plandrift.compare.figures.Figure`; ``ledger`` decides which
figures may judge which promise. The readings follow ``../shared/VERDICTS.md``:
以上/以内 are as written whatever the direction; a bare target, 左右 and the level verbs are
floors where more is better and ceilings where less is better; 左右 also accepts a miss
within half a point (rates) or 5% (levels).
"""

from __future__ import annotations

from collections.abc import Iterable

from .figures import Figure, rules


def meets(value: float, target: Figure, higher: bool) -> bool:
    """Whether ``value`` satisfies ``target``."""
    r = rules()
    q = target.qualifier
    lo, hi = target.value, target.value_hi
    if hi is not None:  # a range: at least its floor (at most its ceiling where less is better)
        return value >= min(lo, hi) if higher else value <= max(lo, hi)
    # 下降3%以上 is a fall of at least 3%: on a negative value 以上 and 以内 read the other way
    fall = lo < 0
    if any(w in q for w in r.at_most):
        return value >= lo if fall else value <= lo
    if any(w in q for w in r.at_least):
        return value <= lo if fall else value >= lo
    if any(w in q for w in r.about):
        tol = r.tol_points if target.unit.endswith("%") else abs(lo) * r.tol_share
        return value >= lo - tol if higher else value <= lo + tol
    return value >= lo if higher else value <= lo


def ratio(value: float, target: Figure, higher: bool) -> float | None:
    """Value against target, 1.0 = exactly met (direction applied)."""
    goal = (
        target.value
        if target.value_hi is None
        else (min(target.value, target.value_hi) if higher else max(target.value, target.value_hi))
    )
    if not goal or not value:
        return None
    r = value / goal if higher else goal / value
    return round(r, 4) if r > 0 else None


def best_by_year(actuals: Iterable[Figure]) -> dict[int, Figure]:
    """One actual per year: a full-year figure over a partial one, a final over an estimate,
    a later document over an earlier one (a later full-year figure replaces the first)."""
    out: dict[int, Figure] = {}
    for a in actuals:
        if a.year is None:
            continue
        have = out.get(a.year)
        if have is None or _rank(a) > _rank(have):
            out[a.year] = a
    return out


def _rank(a: Figure) -> tuple[int, int, int]:
    return (not a.partial, not a.estimate, a.doc_order)


def path_value(base: float, base_year: int, target: float, target_year: int, year: int) -> float:
    """The straight path from baseline to target (时间过半、任务过半) at ``year``."""
    done = min(1.0, max(0.0, (year - base_year) / (target_year - base_year)))
    return base + (target - base) * done


def close(first: float, later: float, share: float) -> bool:
    """A later target within ``share`` of the first states the same target."""
    return abs(later - first) <= share * abs(first) + 1e-9
