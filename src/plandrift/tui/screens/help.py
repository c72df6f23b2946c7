"""The help screen: every key, grouped by where it works."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "Everywhere",
        [
            ("?", "this help"),
            ("ctrl+p", "palette: jump to a goal or a document, export, views"),
            ("g", "goals view"),
            ("d", "documents view"),
            ("w", "find any statement (wording) by a phrase, then its source"),
            ("e", "export the filtered goals as markdown"),
            ("escape", "back"),
            ("q", "quit"),
        ],
    ),
    (
        "Goals list",
        [
            ("/", "search goals (any Chinese substring, e.g. 粮食)"),
            ("t", "filter by status"),
            ("a", "filter by area"),
            ("f", "filter by document"),
            ("c", "clear filters"),
            ("s / S", "sort by next column / reverse (or click a header)"),
            ("v", "narrow terminal: metric and years instead of the figures"),
            ("enter", "open the goal"),
            ("up/down", "move through goals"),
        ],
    ),
    (
        "Goal",
        [
            ("arrows, j, k", "move between statements"),
            ("o", "open the source of a statement"),
            ("a / x", "accept / reject the statement's place in this goal"),
            ("n", "add a note"),
            ("r", "mark the goal reviewed"),
            ("[ / ]", "previous / next goal in the list"),
            ("mouse", "click a statement to pick it, double-click to open its source"),
        ],
    ),
    (
        "Source and documents",
        [
            ("m", "show more of the document around the statement"),
            ("enter", "open a document; pick a section to read it"),
        ],
    ),
    (
        "Reading the wordings",
        [
            ("[+…+]", "inserted since the previous document's wording"),
            ("[-…-]", "deleted since the previous document's wording"),
            ("bold, underlined", "the goal's figure; other figures in bold"),
        ],
    ),
]


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close", id="help.dismiss")]

    def compose(self) -> ComposeResult:
        parts: list[str | tuple[str, str]] = []
        for title, rows in KEYS:
            parts.append((f"{title}\n", "bold $accent"))
            for key, what in rows:
                parts.append((f"  {key:<14}", "bold"))
                parts.append(f"{what}\n")
            parts.append("\n")
        with VerticalScroll(classes="help-box") as box:
            box.border_title = "plandrift keys"
            yield Static(Content.assemble(*parts))

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(None)
