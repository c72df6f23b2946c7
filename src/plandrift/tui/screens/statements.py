"""Every statement that contains a phrase, in any document: a goal is not needed to find it."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from plandrift.report.safe import line

from ..data import StatementHit
from ..typed import HasApp


def hit_prompt(hit: StatementHit, query: str, year: int | None) -> Content:
    """The statement with every occurrence of the query emphasised, under where it is."""
    parts: list[str | tuple[str, str]] = [
        (f"{year or ''} {hit.doc}", "bold $accent"),
        (f"  § {hit.section_path or '(no section)'}\n", "$text-muted"),
    ]
    text, at = hit.text, 0
    while query and (i := text.find(query, at)) != -1:
        parts += [text[at:i], (query, "bold reverse")]
        at = i + len(query)
    parts.append(text[at:])
    return Content.assemble(*parts)


class StatementsScreen(HasApp, Screen):
    BINDINGS = [
        Binding("escape", "app.back", "Back", id="statements.back"),
        Binding("slash", "focus_search", "Search", show=False, id="statements.focus_search"),
    ]

    def __init__(self, query: str = "") -> None:
        super().__init__()
        self.initial = query
        self.hits: list[StatementHit] = []
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(
            self.initial,
            placeholder="a phrase in any statement: 粮食, 碳纤维…",
            id="statement-search",
        )
        yield Static("", id="statement-count")
        yield OptionList(id="statement-hits")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "plandrift"
        self.sub_title = "statements"
        self.years = {d.id: d.year for d in self.plandrift.library.documents()}
        self.query_one(Input).cursor_blink = self.plandrift.cursor_blink
        self.query_one(Input).focus()
        if self.initial:
            self.search(self.initial)

    @on(Input.Changed, "#statement-search")
    def _changed(self, event: Input.Changed) -> None:
        if self._timer:
            self._timer.stop()
        self._timer = self.set_timer(0.15, lambda: self.search(event.value.strip()))

    @on(Input.Submitted, "#statement-search")
    def _submitted(self, event: Input.Submitted) -> None:
        self.search(event.value.strip())
        self.query_one(OptionList).focus()

    @work(thread=True, exclusive=True, group="statements")
    def search(self, query: str) -> None:
        hits = self.plandrift.library.search(query) if query else []
        self.app.call_from_thread(self._show, query, hits)

    def _show(self, query: str, hits: list[StatementHit]) -> None:
        if query != self.query_one(Input).value.strip():
            return  # typing went on; a newer search is on its way
        self.hits = hits
        options = self.query_one(OptionList)
        options.clear_options()
        items: list[Option | None] = []
        for h in hits:
            items += [Option(hit_prompt(h, query, self.years.get(h.doc)), id=h.statement), None]
        options.add_options(items[:-1])
        options.highlighted = 0 if hits else None
        more = " (the first 200)" if len(hits) >= 200 else ""
        self.query_one("#statement-count", Static).update(
            Content(
                line(f"{len(hits)} statements{more} contain “{query}” · Enter opens the source")
            )
            if query
            else "Type a phrase; any length of Chinese works."
        )

    @on(OptionList.OptionSelected)
    def _open(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.plandrift.open_source(event.option.id)

    def action_focus_search(self) -> None:
        self.query_one(Input).focus()
