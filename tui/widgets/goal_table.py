"""The goals list: one row per chain, sortable by any column, fewer columns when narrow."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.color import Color, ColorParseError
from textual.message import Message
from textual.widgets import DataTable

from compare.query import ChainRow

from .. import format as fmt


@dataclass(frozen=True)
class Col:
    key: str
    label: str
    cell: Callable[[ChainRow], str]
    sort: Callable[[ChainRow], Any]
    width: int | None  # cells; None for the title, which takes what is left
    min_table: int = 0  # shown only when the table is at least this wide
    colour: Callable[[ChainRow], str | None] = lambda _r: None


PADDING = 2  # DataTable's cell padding, one each side
MIN_TITLE = 16


def _progress_cell(r: ChainRow) -> str:
    f = fmt.ratio(r.progress)
    return f"{fmt.bar(f, 8)} {fmt.percent(f):>4}" if f is not None else "-"


def _actual(r: ChainRow) -> float:
    v = (r.progress or {}).get("actual")
    return v if isinstance(v, int | float) else float("-inf")


COLUMNS: list[Col] = [
    Col("status", "Status", lambda r: fmt.badge(r.status)[0],
        lambda r: fmt.STATUS_ORDER.index(r.status) if r.status in fmt.STATUS_ORDER else 99,
        12, colour=lambda r: fmt.badge(r.status)[1]),
    Col("title", "Goal", lambda r: r.title, lambda r: r.title, None),
    Col("metric", "Metric", lambda r: r.metric or "-", lambda r: r.metric or "", 22, 150),
    Col("years", "Years", lambda r: fmt.years(r.years), lambda r: (r.years or [0])[0], 16, 100),
    Col("latest", "Latest/target", lambda r: fmt.latest_vs_target(r.progress), _actual, 15),
    Col("progress", "Progress", _progress_cell, lambda r: fmt.ratio(r.progress) or -1.0, 13),
    Col("drift", "Drift", lambda r: "-" if r.drift_score is None else f"{r.drift_score:.2f}",
        lambda r: r.drift_score or 0.0, 5, 130),
    Col("reviewed", "Rev", lambda r: "✓" if r.reviewed else "", lambda r: r.reviewed, 3, 90),
]


class GoalTable(DataTable):
    """Chains as rows; the row key is the chain id."""

    BINDINGS = [
        Binding("s", "next_sort", "Sort", tooltip="Sort by the next column"),
        Binding("S", "reverse_sort", "Reverse", show=False),
    ]

    class Sorted(Message):
        def __init__(self, column: str, reverse: bool) -> None:
            self.column = column
            self.reverse = reverse
            super().__init__()

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self.rows_shown: list[ChainRow] = []
        self.sort_key = "status"
        self.sort_reverse = False
        self._colours: dict[str, str] = {}
        self._laid_out_for = -1

    @property
    def columns_shown(self) -> list[Col]:
        width = self.size.width or 80
        return [c for c in COLUMNS if width >= c.min_table]

    def _title_width(self, cols: list[Col]) -> int:
        """What the title may take: the table's width less the other columns and scrollbar."""
        used = sum((c.width or 0) + PADDING for c in cols) + PADDING + 2
        return max(MIN_TITLE, (self.size.width or 80) - used)

    def on_resize(self) -> None:
        if self.size.width != self._laid_out_for:
            self.show(self.rows_shown)

    def _style(self, var: str | None) -> Style | None:
        if not var:
            return None
        if not self._colours:
            self._colours = self.app.get_css_variables()
        try:
            colour = Color.parse(self._colours[var])
        except (KeyError, ColorParseError):
            return None
        return Style(color=colour.rich_color, bold=True)

    def show(self, rows: list[ChainRow]) -> None:
        """Replace the rows, sorted, keeping the cursor on the same goal when it is still there."""
        current = self.current_id
        col = next(c for c in COLUMNS if c.key == self.sort_key)
        self.rows_shown = sorted(rows, key=col.sort, reverse=self.sort_reverse)
        self.clear(columns=True)
        cols = self.columns_shown
        self._laid_out_for = self.size.width
        for c in cols:
            arrow = (" ↓" if self.sort_reverse else " ↑") if c.key == self.sort_key else ""
            self.add_column(c.label + arrow, key=c.key, width=c.width or self._title_width(cols))
        self.add_rows(
            [[Text(c.cell(r), style=self._style(c.colour(r)) or "") for c in cols]
             for r in self.rows_shown]
        )
        # add_rows gives generated keys; map row index -> chain id through rows_shown.
        if current:
            for i, r in enumerate(self.rows_shown):
                if r.id == current:
                    self.move_cursor(row=i)
                    break

    @property
    def current_id(self) -> str | None:
        if not self.rows_shown or self.cursor_row >= len(self.rows_shown):
            return None
        return self.rows_shown[self.cursor_row].id

    def sort_by(self, key: str, reverse: bool | None = None) -> None:
        if reverse is None:
            reverse = not self.sort_reverse if key == self.sort_key else False
        self.sort_key, self.sort_reverse = key, reverse
        self.show(self.rows_shown)
        self.post_message(self.Sorted(key, reverse))

    def action_next_sort(self) -> None:
        keys = [c.key for c in self.columns_shown]
        i = keys.index(self.sort_key) if self.sort_key in keys else -1
        self.sort_by(keys[(i + 1) % len(keys)], reverse=False)

    def action_reverse_sort(self) -> None:
        self.sort_by(self.sort_key, reverse=not self.sort_reverse)

    def on_data_table_header_selected(self, event: DataTable.HeaderSelected) -> None:
        event.stop()
        self.sort_by(str(event.column_key.value))

    def on_theme_changed(self) -> None:
        self._colours = {}
