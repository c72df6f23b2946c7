"""The main screen: the goals list with its filters, and the highlighted goal beside it
when the terminal is wide enough."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Header, Input, Select, Static

from .. import format as fmt
from ..data import ChainDetail, ChainFilter, ChainRow
from ..typed import HasApp
from ..widgets.goal_table import GoalTable
from ..widgets.goal_view import preview

FILTER_DELAY = 0.12  # seconds of quiet typing before the list is filtered


def filter_rows(rows: list[ChainRow], flt: ChainFilter) -> list[ChainRow]:
    """Status, area and document filters on the rows already loaded: no query, no wait.
    The same rules as compare.query.list_chains, which handles the text filter."""
    return [
        r
        for r in rows
        if (not flt.status or r.has_status(flt.status))
        and (flt.area is None or r.area == flt.area)
        and (flt.metric is None or r.metric == flt.metric)
        and (flt.doc is None or flt.doc in r.docs)
        and (flt.since is None or any(y >= flt.since for y in r.years))
    ]


class GoalsScreen(HasApp, Screen):
    """Every chain; filters narrow it, Enter opens one."""

    BINDINGS = [
        Binding(
            "slash",
            "focus_search",
            "Search",
            tooltip="Find goals by any Chinese substring",
            id="goals.focus_search",
        ),
        Binding("t", "focus_select('#status')", "Status", show=False, id="goals.status"),
        Binding("a", "focus_select('#area')", "Area", show=False, id="goals.area"),
        Binding("f", "focus_select('#doc')", "Doc", show=False, id="goals.doc"),
        Binding("c", "clear_filters", "Clear", show=False, id="goals.clear_filters"),
        Binding("escape", "focus_table", "List", show=False, id="goals.focus_table"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.all_rows: list[ChainRow] = []
        self.filter = ChainFilter()
        self._filter_timer: Timer | None = None
        self._preview_timer: Timer | None = None
        self._previewed: str | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="filters"):
            yield Input(placeholder="/ search: 粮食, 经营主体…", id="search")
            yield Select([], prompt="status", id="status")
            yield Select([], prompt="area", id="area")
            yield Select([], prompt="document", id="doc")
        with Horizontal(id="goals-main"):
            yield GoalTable(id="goals")
            with VerticalScroll(id="preview"):
                yield Static("", id="preview-view")
        yield Static("", id="count")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "plandrift"
        self.sub_title = "goals"
        lib = self.plandrift.library
        self.all_rows = lib.chains()
        statuses = lib.statuses()
        order = {s: i for i, s in enumerate(fmt.STATUS_ORDER)}
        self.query_one("#status", Select).set_options(
            [
                (f"{fmt.badge(s)[0]} ({n})", s)
                for s, n in sorted(statuses.items(), key=lambda kv: order.get(kv[0], 99))
            ]
        )
        areas = sorted({r.area for r in self.all_rows if r.area})
        self.query_one("#area", Select).set_options([(a, a) for a in areas])
        self.query_one("#doc", Select).set_options(
            [(f"{d.year} {d.id}", d.id) for d in lib.documents()]
        )
        table = self.query_one(GoalTable)
        table.show(self.all_rows)
        self._update_count()
        table.focus()
        self.query_one("#search", Input).cursor_blink = self.plandrift.cursor_blink
        self.watch(self.app, "theme", self._theme_changed, init=False)

    def _theme_changed(self) -> None:
        table = self.query_one(GoalTable)
        table.forget()
        table.show(table.rows_shown)

    # -- layout -----------------------------------------------------------------------------

    def relayout(self, wide: bool) -> None:
        """Called by the app when the width crosses WIDE: the preview appears or goes."""
        if wide:
            self._schedule_preview()

    # -- filtering --------------------------------------------------------------------------

    def _current_filter(self) -> ChainFilter:
        def sel(id_: str) -> str | None:
            v = self.query_one(id_, Select).value
            return None if v is Select.NULL else str(v)

        status = sel("#status")
        text = self.query_one("#search", Input).value.strip() or None
        return ChainFilter(
            status=(status,) if status else (), area=sel("#area"), doc=sel("#doc"), text=text
        )

    @on(Input.Changed, "#search")
    @on(Select.Changed)
    def _filters_changed(self) -> None:
        if self._filter_timer:
            self._filter_timer.stop()
        self._filter_timer = self.set_timer(FILTER_DELAY, self._apply_filter)

    @on(Input.Submitted, "#search")
    def _search_submitted(self) -> None:
        self._apply_filter()
        self.query_one(GoalTable).focus()

    def _apply_filter(self) -> None:
        flt = self._current_filter()
        if flt == self.filter:
            return
        self.filter = flt
        if flt.text:
            self._load_filtered(flt)  # member wordings live in the database
        else:
            self._show(filter_rows(self.all_rows, flt), flt)

    @work(thread=True, exclusive=True, group="filter")
    def _load_filtered(self, flt: ChainFilter) -> None:
        rows = self.plandrift.library.chains(flt)
        self.app.call_from_thread(self._show, rows, flt)

    def _show(self, rows: list[ChainRow], flt: ChainFilter) -> None:
        if flt != self.filter:
            return  # a newer filter is on its way
        table = self.query_one(GoalTable)
        table.show(rows)
        if flt.text:
            # land on the first goal named by the search, not on one that merely mentions it
            named = next((i for i, r in enumerate(table.rows_shown) if flt.text in r.title), None)
            current = table.rows_shown[table.cursor_row] if table.rows_shown else None
            if named is not None and (current is None or flt.text not in current.title):
                table.move_cursor(row=named)
        self._update_count()
        self._schedule_preview()

    def _update_count(self) -> None:
        table = self.query_one(GoalTable)
        shown = table.rows_shown
        by: dict[str, int] = {}
        for r in shown:
            by[r.status] = by.get(r.status, 0) + 1
        tally = "  ".join(
            f"{fmt.badge(s)[0]} {n}"
            for s, n in sorted(
                by.items(),
                key=lambda kv: fmt.STATUS_ORDER.index(kv[0]) if kv[0] in fmt.STATUS_ORDER else 99,
            )
        )
        what = "goal" if len(self.all_rows) == 1 else "goals"
        # the sort shows as an arrow in the list's header; here, what is shown and how it stands
        self.query_one("#count", Static).update(
            f"{len(shown)} of {len(self.all_rows)} {what} · {tally}"
        )

    def on_goal_table_sorted(self) -> None:
        self._update_count()

    def action_focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_focus_select(self, selector: str) -> None:
        select = self.query_one(selector, Select)
        select.focus()
        select.expanded = True

    def action_clear_filters(self) -> None:
        self.query_one("#search", Input).value = ""
        for s in self.query(Select):
            s.clear()
        self.query_one(GoalTable).focus()

    def set_search(self, text: str) -> None:
        """Used by the command palette and tests: search as if typed."""
        self.query_one("#search", Input).value = text
        self._apply_filter()

    # -- opening and previewing -------------------------------------------------------------

    def action_focus_table(self) -> None:
        self.query_one(GoalTable).focus()

    def on_goal_table_selected(self, event: GoalTable.Selected) -> None:
        table = self.query_one(GoalTable)
        self.plandrift.open_goal(event.chain_id, [r.id for r in table.rows_shown])

    def on_goal_table_highlighted(self) -> None:
        self._schedule_preview()

    def _schedule_preview(self) -> None:
        if not self.plandrift.wide:
            return
        if self._preview_timer:
            self._preview_timer.stop()
        self._preview_timer = self.set_timer(0.08, self._start_preview)

    def _start_preview(self) -> None:
        chain_id = self.query_one(GoalTable).current_id
        if chain_id != self._previewed:
            self._previewed = chain_id
            self._load_preview(chain_id)

    @work(thread=True, exclusive=True, group="preview")
    def _load_preview(self, chain_id: str | None) -> None:
        detail = self.plandrift.library.chain(chain_id) if chain_id else None
        self.app.call_from_thread(self._show_preview, chain_id, detail)

    def _show_preview(self, chain_id: str | None, detail: ChainDetail | None) -> None:
        if chain_id == self._previewed:
            self.query_one("#preview-view", Static).update(preview(detail))
            self.query_one("#preview", VerticalScroll).scroll_home(animate=False)

    def refresh_rows(self) -> None:
        """Reload after a review: the reviewed mark and counts may have changed."""
        self.all_rows = self.plandrift.library.chains()
        self.query_one(GoalTable).forget()
        self._show(self.plandrift.library.chains(self.filter), self.filter)
        self._previewed = None
        self._schedule_preview()
