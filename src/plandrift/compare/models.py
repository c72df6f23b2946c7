"""The typed contract compare writes and the reports and the app read.

A *goal* (chain) follows one indicator of one place through the documents. Each target
figure in it is a *promise* with its own verdict, decided only by *actuals* of the same
measure for the promise's year or period (``../shared/VERDICTS.md`` has the rules). Enums
serialise as the strings the database, the JSON export and ``--fail-on`` use.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Status(StrEnum):
    MET = "met"
    MET_EARLY = "met-early"
    MISSED = "missed"
    ON_TRACK = "on-track"
    LAGGING = "lagging"
    NO_DATA = "no-data"
    ROLLED_OVER = "rolled-over"
    REVISED = "revised"
    DROPPED = "dropped"
    NEW = "new"

    @property
    def decisive(self) -> bool:
        """A result for the target year (or a level met before it): signed off."""
        return self in (Status.MET, Status.MET_EARLY, Status.MISSED)


class Measure(StrEnum):
    """What a figure measures. Figures of different measures never judge each other."""

    LEVEL = "level"  # 达到, 发展到, 稳定在: a stock or a yearly amount
    GROWTH = "growth"  # 增长 X% in a year (a fall is negative)
    AVERAGE_GROWTH = "average-growth"  # 年均增长 X% over a period
    SHARE = "share"  # 占…比重, …率, 覆盖率: a level of a ratio
    CHANGE = "change"  # 下降/降低 X% against a base, by a period's end; 提高 N 个百分点
    ADDED = "added"  # 新增, 新建, 培育, 改造 X: a flow in a year or period
    TOTAL = "total"  # 累计 X: a running total
    RANK = "rank"  # 第 N 位, 前 N 名 (lower is better)
    QUALITATIVE = "qualitative"  # no number: 建成, 创成, 实现, 通车


@dataclass(frozen=True)
class Actual:
    """A reported figure a verdict used, as a reader would write it."""

    statement: str
    doc: str
    year: int
    value: float  # in the promise's display unit
    written: str  # as written, e.g. "91.06亿斤"
    estimate: bool = False  # 预计
    partial: str = ""  # part of the year it covers (1-10月); "" for the whole year


@dataclass(frozen=True)
class Promise:
    """One target of a goal, with its verdict and everything the verdict rests on."""

    id: str  # stable: the target quantity's id (``<statement>:q<n>``) or ``<statement>:w``
    chain: str
    statement: str
    doc: str
    indicator: str  # what is promised, as the document names it
    measure: Measure
    written: str  # the target as written, e.g. "7%以上", "力争 260万亩"
    target: float | None  # in ``unit`` (None for a qualitative promise)
    target_hi: float | None
    unit: str
    qualifier: str
    year: int | None  # the year it is for (a period's last year)
    period: tuple[int, int] | None  # first and last year, for a multi-year promise
    status: Status
    reason: str  # one line an auditor can read
    binding: bool = False  # 约束性, from the indicator's own table row
    aspirational: bool = False  # 力争, 争取
    each_year: bool = False  # 每年 X: a promise for each year of the period
    higher: bool = True  # more is better
    actuals: tuple[Actual, ...] = ()
    coverage: tuple[int, ...] = ()  # years of the period (or the year) with an actual
    value: float | None = None  # what was judged: the actual, the average or the sum
    ratio: float | None = None  # value against target (direction applied)
    expected: float | None = None  # the straight-path value where one applies
    baseline: float | None = None
    baseline_year: int | None = None
    restated_by: str | None = None  # the later target that rolled it over or revised it
    restated_value: float | None = None
    restated_year: int | None = None
    evidence: tuple[str, ...] = ()  # statement ids: the target first
    headline: bool = False  # the promise that gives the goal its status

    @property
    def estimate(self) -> bool:
        return any(a.estimate for a in self.actuals)

    @property
    def partial(self) -> bool:
        return any(a.partial for a in self.actuals)


@dataclass(frozen=True)
class Verdict:
    """A goal's status and the promises behind it."""

    status: Status
    promises: tuple[Promise, ...] = field(default_factory=tuple)
    theme: bool = False  # a shared phrase with nothing to measure or complete: not a goal

    @property
    def headline(self) -> Promise | None:
        return next((p for p in self.promises if p.headline), None)


class DriftLabel(StrEnum):
    """What changed from one promise to the next promise for the same indicator."""

    NUMBER_UP = "number-up"  # the target was raised
    NUMBER_DOWN = "number-down"  # … or lowered
    NUMBER_DROPPED = "number-dropped"  # a later target statement gives no figure any more
    SOFTENED = "softened"  # 确保 → 力争, 以上 → 左右
    STRENGTHENED = "strengthened"
    DEADLINE_MOVED = "deadline-moved"  # the same target, for a later year
    TERMINOLOGY = "terminology"  # the indicator or project is named otherwise
    SCOPE_WIDENED = "scope-widened"  # 全市, 全面, 所有 … added
    SCOPE_NARROWED = "scope-narrowed"
    REWORDED = "reworded"  # a qualitative promise worded otherwise, nothing more specific


@dataclass(frozen=True)
class DriftStep:
    """One promise against the next promise for the same indicator in a later document.

    ``to_promise`` is None when the later document still sets the goal as a task but no
    longer states a figure (``number-dropped``); ``to_statement`` is then that task. Reported
    figures never make a step: they are progress, not drift. ``ops`` is the word-level diff
    of the two wordings as ``(tag, old, new)`` runs (``compare.wordiff``)."""

    chain: str
    from_promise: str
    to_promise: str | None
    from_statement: str
    to_statement: str
    from_doc: str
    to_doc: str
    from_written: str  # the target as written ("7%以上"), or the promised thing
    to_written: str  # "" when no figure is stated any more
    from_year: int | None
    to_year: int | None
    labels: tuple[DriftLabel, ...]
    old: str  # the wordings compared
    new: str
    ops: tuple[tuple[str, str, str], ...]
    changed: float  # share of the wording changed (0..1)
    renamed: tuple[str, str] | None = None  # old and new name, for a terminology change
