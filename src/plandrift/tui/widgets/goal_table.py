"""The goals list: one line per chain, drawn only where visible, sortable by any column.

A Line-API widget rather than a DataTable: DataTable measures every cell and does per-row
bookkeeping, which costs seconds at 5,000 goals; here showing, filtering and sorting are a
Python sort plus drawing the lines on screen. Cells are cut by terminal cell width (rich's
cell functions), so double-width Chinese and ambiguous punctuation stay in their columns.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.color import Color, ColorParseError
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from plandrift.compare.query import ChainRow

from .. import format as fmt


@dataclass(frozen=True)
class Col:
    key: str
    label: str
    cell: Callable[[ChainRow], str]
    sort: Callable[[ChainRow], Any]
    width: int | None  # cells; None for the title, which takes what is left
    group: str = "core"  # core, figures (latest, progress), where (metric, years), extra
    colour: Callable[[ChainRow], str | None] = lambda _r: None


PADDING = 1  # one blank cell either side of each cell
MIN_TITLE = 16


def _progress_cell(r: ChainRow) -> str:
    f = fmt.ratio(r.headline)
    return f"{fmt.bar(f, 8)} {fmt.percent(f):>4}" if f is not None else "-"


def _actual(r: ChainRow) -> float:
    p = r.headline
    if p is None:
        return float("-inf")
    return p.value if p.value is not None else (p.actuals[-1].value if p.actuals else float("-inf"))


COLUMNS: list[Col] = [
    Col(
        "status",
        "Status",
        lambda r: fmt.badge(r.status)[0],
        lambda r: fmt.STATUS_ORDER.index(r.status) if r.status in fmt.STATUS_ORDER else 99,
        12,
        colour=lambda r: fmt.badge(r.status)[1],
    ),
    Col("title", "Goal", lambda r: r.title, lambda r: r.title, None),
    Col("metric", "Metric", lambda r: r.metric or "-", lambda r: r.metric or "", 14, "where"),
    Col("years", "Years", lambda r: fmt.years(r.years), lambda r: (r.years or [0])[0], 14, "where"),
    Col(
        "latest",
        "Latest/target",
        lambda r: fmt.latest_vs_target(r.headline),
        _actual,
        15,
        "figures",
    ),
    Col(
        "progress",
        "Progress",
        _progress_cell,
        lambda r: fmt.ratio(r.headline) or -1.0,
        13,
        "figures",
    ),
    Col(
        "drift",
        "Drift",
        lambda r: "-" if r.drift_score is None else f"{r.drift_score:.2f}",
        lambda r: r.drift_score or 0.0,
        5,
        "extra",
    ),
    Col("reviewed", "Rev", lambda r: "✓" if r.reviewed else "", lambda r: r.reviewed, 3, "extra"),
]
# Which groups fit from which table width; below the first, `v` flips figures and where.
LAYOUTS = [(150, ("core", "where", "figures", "extra")), (105, ("core", "where", "figures"))]


def fit(text: str, width: int) -> str:
    """``text`` in exactly ``width`` cells: padded, or cut with … when it does not fit."""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, max(0, width - 1)) + "…"


class GoalTable(ScrollView, can_focus=True):
    """Chains as lines under a fixed header; the cursor line is the highlighted goal."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor(-1)", "Up", show=False, id="goal_table.up"),
        Binding("down", "cursor(1)", "Down", show=False, id="goal_table.down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="goal_table.page_up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="goal_table.page_down"),
        Binding("home", "jump(0)", "First", show=False, id="goal_table.jump_0"),
        Binding("end", "jump(-1)", "Last", show=False, id="goal_table.jump_1"),
        Binding("enter", "select", "Open", show=False, id="goal_table.select"),
        Binding(
            "s", "next_sort", "Sort", tooltip="Sort by the next column", id="goal_table.next_sort"
        ),
        Binding("v", "flip_columns", "Columns", show=False, id="goal_table.flip_columns"),
        Binding("S", "reverse_sort", "Reverse", show=False, id="goal_table.reverse_sort"),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "goal-table--header",
        "goal-table--cursor",
        "goal-table--odd",
    }
    DEFAULT_CSS = """
    GoalTable { background: $surface; }
    GoalTable > .goal-table--header { background: $panel; color: $text; text-style: bold; }
    GoalTable > .goal-table--odd { background: $surface-lighten-1; }
    GoalTable > .goal-table--cursor { background: $block-cursor-blurred-background; }
    GoalTable:focus > .goal-table--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: bold;
    }
    """

    cursor_row: reactive[int] = reactive(0, always_update=True, init=False)

    class Highlighted(Message):
        def __init__(self, chain_id: str | None) -> None:
            self.chain_id = chain_id
            super().__init__()

    class Selected(Message):
        def __init__(self, chain_id: str) -> None:
            self.chain_id = chain_id
            super().__init__()

    class Sorted(Message):
        def __init__(self, column: str, reverse: bool) -> None:
            self.column = column
            self.reverse = reverse
            super().__init__()

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.rows_shown: list[ChainRow] = []
        self.sort_key = "status"
        self.sort_reverse = False
        self.show_where = False  # narrow: metric and years instead of the figures
        self._colours: dict[str, str] = {}
        self._styles: dict[str, Style] = {}
        self._lines: dict[tuple[str, int], list[Segment]] = {}

    # -- layout -----------------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return len(self.rows_shown)

    @property
    def columns_shown(self) -> list[Col]:
        width = self.size.width or 80
        groups = next(
            (g for w, g in LAYOUTS if width >= w),
            ("core", "where" if self.show_where else "figures"),
        )
        return [c for c in COLUMNS if c.group in groups]

    def action_flip_columns(self) -> None:
        self.show_where = not self.show_where
        self._lines.clear()
        self.refresh()

    def widths(self) -> list[tuple[Col, int]]:
        """Each shown column with its width; the title takes what the others leave."""
        cols = self.columns_shown
        used = sum((c.width or 0) + 2 * PADDING for c in cols) + 2 * PADDING + 1
        title = max(MIN_TITLE, (self.size.width or 80) - used)
        return [(c, c.width or title) for c in cols]

    def on_resize(self) -> None:
        self._lines.clear()
        self._update_virtual_size()

    def _update_virtual_size(self) -> None:
        self.virtual_size = Size(self.size.width, len(self.rows_shown) + 1)
        self.refresh()

    # -- data -------------------------------------------------------------------------------

    def show(self, rows: list[ChainRow]) -> None:
        """Replace the rows, sorted, keeping the cursor on the same goal when it is still there."""
        current = self.current_id
        col = next(c for c in COLUMNS if c.key == self.sort_key)
        self.rows_shown = sorted(rows, key=col.sort, reverse=self.sort_reverse)
        index = next((i for i, r in enumerate(self.rows_shown) if r.id == current), 0)
        self._update_virtual_size()
        self.move_cursor(row=index)

    def forget(self) -> None:
        """Drop cached lines and colours (a review changed a row, or the theme changed)."""
        self._lines.clear()
        self._colours.clear()
        self._styles.clear()
        self.refresh()

    @property
    def current_id(self) -> str | None:
        if not self.rows_shown or not 0 <= self.cursor_row < len(self.rows_shown):
            return None
        return self.rows_shown[self.cursor_row].id

    # -- drawing ----------------------------------------------------------------------------

    def _colour(self, var: str | None) -> Style:
        """A theme colour as a Rich style, looked up once per theme."""
        if not var:
            return Style()
        if var not in self._styles:
            if not self._colours:
                self._colours = self.app.get_css_variables()
            try:
                colour = Color.parse(self._colours[var])
                self._styles[var] = Style(color=colour.rich_color, bold=True)
            except (KeyError, ColorParseError):
                self._styles[var] = Style()
        return self._styles[var]

    def _row_segments(self, r: ChainRow) -> list[Segment]:
        key = (r.id, self.size.width)
        segments = self._lines.get(key)
        if segments is None:
            pad = " " * PADDING
            segments = [Segment(pad)]
            for col, width in self.widths():
                segments.append(
                    Segment(pad + fit(col.cell(r), width) + pad, self._colour(col.colour(r)))
                )
            self._lines[key] = segments
        return segments

    def _header(self) -> Strip:
        pad = " " * PADDING
        parts = [pad]
        for col, width in self.widths():
            arrow = (" ↓" if self.sort_reverse else " ↑") if col.key == self.sort_key else ""
            parts.append(pad + fit(col.label + arrow, width) + pad)
        style = self.get_component_rich_style("goal-table--header")
        return Strip([Segment("".join(parts), style)]).adjust_cell_length(self.size.width, style)

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.rich_style
        if y == 0:
            return self._header()
        index = int(self.scroll_offset.y) + y - 1
        if index >= len(self.rows_shown):
            return Strip.blank(width, base)
        if index == self.cursor_row:
            style = base + self.get_component_rich_style("goal-table--cursor")
        elif index % 2:
            style = base + self.get_component_rich_style("goal-table--odd")
        else:
            style = base
        segments = Segment.apply_style(self._row_segments(self.rows_shown[index]), style)
        return Strip(segments).adjust_cell_length(width, style)

    # -- cursor -----------------------------------------------------------------------------

    def move_cursor(self, *, row: int) -> None:
        if not self.rows_shown:
            self.cursor_row = 0
            return
        self.cursor_row = max(0, min(row, len(self.rows_shown) - 1))

    def watch_cursor_row(self, old: int, new: int) -> None:
        self._scroll_to_cursor()
        self.refresh(Region(0, old - int(self.scroll_offset.y) + 1, self.size.width, 1))
        self.refresh(Region(0, new - int(self.scroll_offset.y) + 1, self.size.width, 1))
        self.post_message(self.Highlighted(self.current_id))

    def _scroll_to_cursor(self) -> None:
        visible = max(1, self.size.height - 1)
        top = int(self.scroll_offset.y)
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False, immediate=True)
        elif self.cursor_row >= top + visible:
            self.scroll_to(y=self.cursor_row - visible + 1, animate=False, immediate=True)

    def action_cursor(self, delta: int) -> None:
        self.move_cursor(row=self.cursor_row + delta)

    def action_page(self, direction: int) -> None:
        self.move_cursor(row=self.cursor_row + direction * max(1, self.size.height - 2))

    def action_jump(self, where: int) -> None:
        self.move_cursor(row=where if where >= 0 else len(self.rows_shown) - 1)

    def action_select(self) -> None:
        if self.current_id:
            self.post_message(self.Selected(self.current_id))

    # -- sorting ----------------------------------------------------------------------------

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

    # -- mouse ------------------------------------------------------------------------------

    def on_click(self, event: events.Click) -> None:
        """A header click sorts by that column; a row click moves there, a second opens it."""
        if event.y == 0:
            x = PADDING
            for col, width in self.widths():
                x += width + 2 * PADDING
                if event.x < x:
                    self.sort_by(col.key)
                    return
            return
        index = int(self.scroll_offset.y) + event.y - 1
        if 0 <= index < len(self.rows_shown):
            if index == self.cursor_row or event.chain > 1:
                self.action_select()
            self.move_cursor(row=index)
