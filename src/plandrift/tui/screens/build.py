"""Shown while the bundled corpus is built into a new database, or when opening failed."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Middle
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, LoadingIndicator, Static

from plandrift.report.safe import line


class BuildScreen(Screen):
    BINDINGS = [Binding("q", "app.quit", "Quit", id="build.quit")]

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message

    def compose(self) -> ComposeResult:
        with Middle():
            with Center():
                yield Static(Content(line(self.message)), id="build-message")
            yield LoadingIndicator(id="build-spinner")
        yield Footer()

    def failed(self, message: str) -> None:
        """The one-line reason, and no spinner: the app stays open so it can be read."""
        self.query_one("#build-spinner").display = False
        # Plain text, not markup: a path or a manifest's [[documents]] is shown as written.
        self.query_one("#build-message", Static).update(
            Content(f"plandrift: {line(message)}\nq to quit")
        )
