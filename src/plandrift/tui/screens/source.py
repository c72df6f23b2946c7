"""A statement in its raw document: the paragraph around it, the statement highlighted."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from plandrift.report.safe import terminal

from ..data import Source, page_label
from ..typed import HasApp

CONTEXT = 1200  # characters of the raw file shown either side of the paragraph at first


def _edge(raw: str, at: int, forward: bool) -> int:
    """Move ``at`` to a line boundary so the context does not start mid-sentence."""
    if forward:
        j = raw.find("\n", at)
        return len(raw) if j == -1 else j
    j = raw.rfind("\n", 0, at)
    return 0 if j == -1 else j + 1


class SourceScreen(HasApp, Screen):
    BINDINGS = [
        Binding("escape", "app.back", "Back", id="source.back"),
        Binding("m", "more", "More context", id="source.more"),
        Binding("home", "top", "Top", show=False, id="source.top"),
    ]

    def __init__(self, statement: str) -> None:
        super().__init__()
        self.statement = statement
        self.source: Source | None = None
        self.context = CONTEXT

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="source-where")
        with VerticalScroll(id="source-scroll"):
            yield Static("", id="source-before", classes="source-context")
            yield Static("", id="source-para")
            yield Static("", id="source-after", classes="source-context")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "plandrift"
        self.sub_title = f"source of {self.statement}"
        self.load()

    @work(thread=True, exclusive=True, group="source")
    def load(self) -> None:
        source = self.plandrift.library.source(self.statement)
        self.app.call_from_thread(self._show, source)

    def _show(self, source: Source | None) -> None:
        self.source = source
        if source is None:
            self.query_one("#source-where", Static).update(f"No statement {self.statement}.")
            return
        raw = source.raw
        page = page_label(source.page, source.page_column)
        if page and source.source_name:
            page = f"{source.source_name} {page}"
        self.query_one("#source-where", Static).update(
            Content.assemble(
                (source.doc_title, "bold"),
                f"  ({source.doc})\n",
                ("§ " + (source.section_path or "(no section)"), "$accent"),
                (f"  · {page}" if page else "", "$accent"),
                (f"  · characters {source.start}-{source.end} of {len(raw)}", "$text-muted"),
            )
        )
        a = _edge(raw, max(0, source.para_start - self.context), forward=False)
        b = _edge(raw, min(len(raw), source.para_end + self.context), forward=True)
        before = ("… (m for more)\n" if a > 0 else "") + raw[a : source.para_start]
        after = raw[source.para_end : b] + ("\n… (m for more)" if b < len(raw) else "")
        # Each slice of the raw text is made safe to draw after it is cut, so offsets hold.
        self.query_one("#source-before", Static).update(Content(terminal(before.rstrip("\n"))))
        para = Content.assemble(
            terminal(raw[source.para_start : source.start]),
            (terminal(raw[source.start : source.end]), "bold reverse"),
            terminal(raw[source.end : source.para_end].rstrip("\n")),
        )
        self.query_one("#source-para", Static).update(para)
        self.query_one("#source-after", Static).update(Content(terminal(after.lstrip("\n"))))
        self.call_after_refresh(self._scroll_to_para)

    def _scroll_to_para(self) -> None:
        para = self.query_one("#source-para", Static)
        self.query_one("#source-scroll", VerticalScroll).scroll_to_widget(
            para, animate=False, top=True
        )

    def action_more(self) -> None:
        if self.source:
            self.context *= 4
            self._show(self.source)

    def action_top(self) -> None:
        self.query_one("#source-scroll", VerticalScroll).scroll_home(animate=False)
