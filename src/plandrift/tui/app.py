"""The auditor's terminal: a Textual app over compare's query and review functions.

``run(db_path)`` opens it; with no database at that path the bundled corpus is built first,
in a worker, behind a progress indicator.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from plandrift.report.safe import line

from .commands import DocumentCommands, GoalCommands
from .data import ChainFilter, Library, build
from .screens.build import BuildScreen
from .screens.dialogs import Ask
from .screens.documents import DocumentsScreen, ReaderScreen
from .screens.goal import GoalScreen
from .screens.goals import GoalsScreen
from .screens.help import HelpScreen
from .screens.source import SourceScreen
from .screens.statements import StatementsScreen

WIDE = 120  # columns from which the goals list shows the goal beside it


class PlanDriftApp(App):
    CSS_PATH = "app.tcss"
    TITLE = "plandrift"
    COMMANDS = App.COMMANDS | {GoalCommands, DocumentCommands}
    BINDINGS = [
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("g", "goals", "Goals", show=False, id="app.goals"),
        Binding("d", "documents", "Docs", id="app.documents"),
        Binding(
            "w",
            "statements",
            "Wordings",
            tooltip="Find any statement by a phrase",
            id="app.statements",
        ),
        Binding("e", "export", "Export", id="app.export"),
    ]

    def __init__(self, db_path: Path, *, cursor_blink: bool = True) -> None:
        super().__init__()
        self.db_path = Path(db_path)
        self.library = Library(self.db_path)
        self.cursor_blink = cursor_blink
        self.wide = False
        self.last_export: Path | None = None

    # -- start: open, or build first --------------------------------------------------------

    def on_mount(self) -> None:
        self._set_wide(self.size.width)
        if self.db_path.exists():
            self._start()
        else:
            self.push_screen(
                BuildScreen(f"No database at {self.db_path} yet: building the bundled corpus…")
            )
            self._build()

    @work(thread=True, exclusive=True, group="build")
    def _build(self) -> None:
        try:
            message = build(self.db_path)
        except Exception as exc:  # BadInput and friends carry a one-line message
            self.call_from_thread(self._failed, str(exc).splitlines()[0] if str(exc) else repr(exc))
            return
        self.call_from_thread(self._built, message)

    def _built(self, message: str) -> None:
        self.pop_screen()
        self._start()
        self.notify(line(message), markup=False)

    def _failed(self, message: str) -> None:
        screen = self.screen
        if not isinstance(screen, BuildScreen):
            screen = BuildScreen("")
            self.push_screen(screen)
            self.call_after_refresh(screen.failed, message)
        else:
            screen.failed(message)

    def _start(self) -> None:
        try:
            if not self.library.documents():
                raise ValueError(f"{self.db_path} holds no documents; run `plandrift build`")
        except Exception as exc:
            self._failed(str(exc).splitlines()[0] if str(exc) else repr(exc))
            return
        self.push_screen(GoalsScreen())
        warning = self.library.unfinished()
        if warning:
            self.notify(line(warning), severity="warning", timeout=15, markup=False)

    # -- layout -----------------------------------------------------------------------------

    def _set_wide(self, width: int) -> None:
        self.wide = width >= WIDE
        self.set_class(self.wide, "-wide")
        self.set_class(not self.wide, "-narrow")

    def on_resize(self, event: events.Resize) -> None:
        was = self.wide
        self._set_wide(event.size.width)
        if was != self.wide:
            for screen in self.screen_stack:
                if isinstance(screen, GoalsScreen):
                    screen.relayout(self.wide)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Views and export need the database open: hide them while building or on error."""
        if action in ("goals", "documents", "statements", "export") and self.goals_screen is None:
            return False
        return True

    # -- navigation -------------------------------------------------------------------------

    @property
    def goals_screen(self) -> GoalsScreen | None:
        return next((s for s in self.screen_stack if isinstance(s, GoalsScreen)), None)

    def _pop_to(self, kind: type[Screen]) -> bool:
        if not any(isinstance(s, kind) for s in self.screen_stack):
            return False
        while not isinstance(self.screen, kind):
            self.pop_screen()
        return True

    async def action_back(self) -> None:
        if len(self.screen_stack) > 2:  # never pop the goals list itself
            self.pop_screen()

    def action_goals(self) -> None:
        self._pop_to(GoalsScreen)

    def action_documents(self) -> None:
        if not self._pop_to(DocumentsScreen) and self.goals_screen:
            self.push_screen(DocumentsScreen())

    def action_statements(self) -> None:
        if not self._pop_to(StatementsScreen) and self.goals_screen:
            text = self.goals_screen.filter.text or ""
            self.push_screen(StatementsScreen(text))

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def open_goal(self, chain_id: str, goal_ids: list[str] | None = None) -> None:
        self.push_screen(GoalScreen(chain_id, goal_ids))

    def open_source(self, statement: str) -> None:
        self.push_screen(SourceScreen(statement))

    def open_document(self, doc_id: str) -> None:
        doc = next((d for d in self.library.documents() if d.id == doc_id), None)
        if doc:
            self.push_screen(ReaderScreen(doc))

    def goals_changed(self) -> None:
        if self.goals_screen:
            self.goals_screen.refresh_rows()

    def search(self, text: str) -> None:
        """Search the goals list (from the palette or a test)."""
        self.action_goals()
        if self.goals_screen:
            self.goals_screen.set_search(text)

    # -- export -----------------------------------------------------------------------------

    def action_export(self) -> None:
        flt = self.goals_screen.filter if self.goals_screen else ChainFilter()
        default = str(self.last_export or Path.cwd() / "plandrift-report.md")

        def chosen(answer: str | None) -> None:
            if answer:
                self.export(Path(answer).expanduser(), flt)

        self.push_screen(Ask("Write the markdown report of the goals shown to:", default), chosen)

    @work(thread=True, exclusive=True, group="export")
    def export(self, path: Path, flt: ChainFilter) -> None:
        try:
            text = self.library.report(flt)
            path.write_text(text, encoding="utf-8", newline="\n")
        except Exception as exc:
            msg = str(exc).splitlines()[0] if str(exc) else repr(exc)
            self.call_from_thread(
                self.notify,
                line(f"export failed: {msg}"),
                severity="error",
                timeout=10,
                markup=False,
            )
            return
        self.last_export = path
        self.call_from_thread(
            self.notify,
            line(f"wrote the report ({len(text.splitlines())} lines) to {path.resolve()}"),
            title="exported",
            timeout=10,
            markup=False,
        )

    # -- command palette --------------------------------------------------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand(
            "Export markdown report", "Write the filtered goals as markdown", self.action_export
        )
        yield SystemCommand("View: goals", "The goals list with filters", self.action_goals)
        yield SystemCommand(
            "View: documents", "The corpus, documents by section", self.action_documents
        )
        yield SystemCommand(
            "View: statements", "Find any statement by a phrase", self.action_statements
        )
        yield SystemCommand("Help: keys", "Every key of plandrift", self.action_help)


def run(db_path: Path) -> None:
    """Open the app on ``db_path`` (building the bundled corpus there first if missing)."""
    PlanDriftApp(db_path).run()
