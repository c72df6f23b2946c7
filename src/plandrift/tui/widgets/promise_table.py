"""A goal's promises, one row each: the year, the promise, the actual for that year, the
verdict and its evidence. Enter (or `o`) opens the promise's statement in its source."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import DataTable

from plandrift.compare.models import Promise

from .. import format as fmt
from .. import model
from ..typed import HasApp


class PromiseTable(HasApp, DataTable[Text]):
    """Rows are promises; the row key is the promise id."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,o", "source", "Source", id="promises.source"),
    ]

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self.promises: list[Promise] = []

    def on_mount(self) -> None:
        self.add_columns("for", "promise", "reported for that year", "verdict", "evidence")

    def show(self, rows: list[model.PromiseRow]) -> None:
        self.clear()
        self.promises = [r.promise for r in rows]
        for r in rows:
            word, colour = fmt.badge(r.status)
            star = "★ " if r.promise.headline else ""
            self.add_row(
                Text(r.when),
                Text(star + r.target),
                Text(r.actual),
                Text(word, style=f"bold {self.app.get_css_variables().get(colour, '')}"),
                Text(r.evidence),
                key=r.promise.id,
            )
        self.display = bool(rows)

    @property
    def current(self) -> Promise | None:
        if not self.promises or self.cursor_row is None:
            return None
        return self.promises[min(self.cursor_row, len(self.promises) - 1)]

    def action_source(self) -> None:
        if self.current is not None:
            self.plandrift.open_source(self.current.statement)
