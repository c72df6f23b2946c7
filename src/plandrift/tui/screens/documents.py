"""The corpus: its documents with kinds, years and counts; one opened to read by section."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static, Tree
from textual.widgets.tree import TreeNode

from plandrift.report.safe import terminal

from ..data import DocumentRow, SectionRow
from ..typed import HasApp


class DocumentsScreen(HasApp, Screen):
    BINDINGS = [
        Binding("escape", "app.back", "Back", id="documents.back"),
        Binding("enter", "open", "Read", show=False, id="documents.open"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.docs: list[DocumentRow] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(id="documents", cursor_type="row", zebra_stripes=True)
        yield Static("Enter to read a document by section.", id="documents-hint")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "plandrift"
        self.sub_title = "documents"
        self.docs = self.plandrift.library.documents()
        table = self.query_one(DataTable)
        for label in (
            "Year",
            "Document",
            "Kind",
            "Published",
            "Sections",
            "Statements",
            "Figures",
            "Repeats",
            "Title",
        ):
            table.add_column(label)
        for d in self.docs:
            table.add_row(
                *[
                    Text(str(x))
                    for x in (
                        d.year,
                        d.id,
                        d.kind.replace("-", " "),
                        d.published,
                        d.sections,
                        d.statements,
                        d.quantities,
                        d.repeats,
                        d.title,
                    )
                ]
            )
        table.focus()

    @on(DataTable.RowSelected)
    def action_open(self) -> None:
        table = self.query_one(DataTable)
        if self.docs and table.cursor_row < len(self.docs):
            self.app.push_screen(ReaderScreen(self.docs[table.cursor_row]))


class ReaderScreen(HasApp, Screen):
    """A document read section by section: the outline beside (or above) the text."""

    BINDINGS = [Binding("escape", "app.back", "Back", id="reader.back")]

    def __init__(self, doc: DocumentRow) -> None:
        super().__init__()
        self.doc = doc
        self.raw = ""

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="reader"):
            yield Tree(self.doc.id, id="outline")
            with VerticalScroll(id="reader-scroll"):
                yield Static("", id="reader-text")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "plandrift"
        self.sub_title = self.doc.title
        self.load()

    @work(thread=True, exclusive=True, group="reader")
    def load(self) -> None:
        lib = self.plandrift.library
        raw, sections = lib.raw(self.doc.id), lib.sections(self.doc.id)
        self.app.call_from_thread(self._show, raw, sections)

    def _show(self, raw: str, sections: list[SectionRow]) -> None:
        self.raw = raw
        tree = self.query_one(Tree)
        tree.root.data = (0, len(raw), self.doc.title)
        tree.root.set_label(f"{self.doc.year} {self.doc.id} (whole document)")
        stack: list[tuple[int, TreeNode[tuple[int, int, str]]]] = [(-1, tree.root)]
        for s in sections:
            while len(stack) > 1 and stack[-1][0] >= s.level:
                stack.pop()
            parent = stack[-1][1]
            node = parent.add(s.title or s.kind, data=(s.start, s.end, s.path), expand=s.level < 2)
            stack.append((s.level, node))
        tree.root.expand()
        tree.focus()
        self._read(0, len(raw), self.doc.title)

    def _read(self, start: int, end: int, path: str) -> None:
        self.query_one("#reader-text", Static).update(
            Content.assemble(
                (f"§ {path}", "bold $accent"),
                (f"  characters {start}-{end}\n\n", "$text-muted"),
                terminal(self.raw[start:end]),  # cut first, then made safe: offsets hold
            )
        )
        self.query_one("#reader-scroll", VerticalScroll).scroll_home(animate=False)

    @on(Tree.NodeHighlighted)
    def _highlighted(self, event: Tree.NodeHighlighted) -> None:
        if event.node.data:
            self._read(*event.node.data)
