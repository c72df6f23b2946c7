"""One goal: its verdict and progress, then its wordings side by side (stacked when narrow)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Container, Vertical
from textual.content import Content
from textual.widgets import Static

from plandrift.compare.query import ChainDetail, Member
from plandrift.report import text

from .. import format as fmt
from .. import model
from ..diffmark import mark
from ..typed import HasApp
from .figure_chart import FigureChart
from .promise_table import PromiseTable

DECISION_LABEL = {"accept": "✓ accepted", "reject": "✗ rejected"}


def summary(detail: ChainDetail) -> Content:
    """Status, title, binding and review state, then the headline promise and its verdict."""
    c = detail.chain
    word, colour = fmt.badge(c.status)
    parts: list[str | tuple[str, str]] = [
        (f" {word} ", f"bold $text on ${colour}-muted"),
        " ",
        (c.title, "bold"),
    ]
    if c.binding:
        parts.append(("  [binding 约束性]", "$warning"))
    if c.reviewed:
        parts.append(("  [reviewed ✓]", "$success"))
    parts.append((f"\nmetric {c.metric or '-'} · {c.members} statements · {c.id}", "$text-muted"))
    head = model.headline(detail)
    if head is None:
        parts.append(("\nno target stated: nothing to judge", "$text-muted"))
        return Content.assemble(*parts)
    parts.append(f"\n★ {text.target(head)} for {text.when(head)}: ")
    parts.append((str(head.status), f"bold ${colour}"))
    if head.ratio is not None:
        parts.append("  ")
        parts.append((fmt.bar(head.ratio, 20), f"${colour}"))
        parts.append(f" {fmt.percent(head.ratio)}")
    parts.append((f"\n{head.reason}", "$text-muted"))
    others = len(detail.promises) - 1
    if others:
        parts.append((f"\n{others} more promise{'s' if others > 1 else ''} below", "$text-muted"))
    return Content.assemble(*parts)


def details(detail: ChainDetail) -> Content:
    """The five-year path, the headline verdict's evidence, why the statements were linked,
    and the reviews."""
    parts: list[str | tuple[str, str]] = []
    path = model.five_year_path(detail)
    head = model.headline(detail)
    unit = head.unit if head else ""
    if path:
        parts.append(("Five-year path (straight line from baseline to target)\n", "bold"))
        for row in path:
            how = "baseline" if row is path[0] else "reported"
            got = "" if row.actual is None else f"  {how} {fmt.number(row.actual)}"
            mark_ = ""
            if row.actual is not None and row.expected is not None and row is not path[0]:
                ok = (
                    row.actual >= row.expected
                    if head is None or head.higher
                    else (row.actual <= row.expected)
                )
                mark_ = "  ✓ on path" if ok else "  ✗ off path"
            parts.append(
                f"  {row.year}  path {fmt.number(round(row.expected or 0, 2))}{unit}{got}{mark_}\n"
            )
    if head is not None:
        parts.append(("Headline verdict: ", "bold"))
        word, colour = fmt.badge(str(head.status))
        parts.append((word, f"bold ${colour}"))
        judged = text.judged(head)
        parts.append(f"  {judged}\n" if judged else "\n")
        for line in model.evidence(detail):
            parts.append(f"  evidence: {line}\n")
    if detail.reasons:
        parts.append(("Why these statements were linked\n", "bold"))
        for r in detail.reasons:
            parts.append(f"  {r}\n")
    notes = [r for r in detail.reviews if r.note or r.decision == "reviewed"]
    if notes:
        parts.append(("Reviews\n", "bold"))
        for rv in notes:
            what = rv.decision or "note"
            parts.append(f"  {rv.created} {what}{': ' + rv.note if rv.note else ''}\n")
    return Content.assemble(*parts)


def promises_text(detail: ChainDetail) -> Content:
    """The promise table as text, for the preview beside the goals list."""
    rows = model.promise_rows(detail)
    if not rows:
        return Content("")
    parts: list[str | tuple[str, str]] = [("Promises\n", "bold")]
    for r in rows:
        word, colour = fmt.badge(r.status)
        star = "★" if r.promise.headline else " "
        parts.append(f" {star} {r.when:<9} {r.target}  ")
        parts.append((word, f"${colour}"))
        parts.append((f"  {r.actual}\n", "$text-muted"))
    return Content.assemble(*parts)


def wording(member: Member, earlier: list[model.Column], detail: ChainDetail) -> Content:
    """A statement's wording marked against the earlier one it follows, with why it is here."""
    spans = model.figure_spans(member)
    previous, source = model.previous_wording(member, earlier)
    text, inline = mark(member.text, previous, spans)
    lines: list[Content | str | tuple[str, str]] = [text]
    if inline and source:
        lines.append((f"\n(marked against {source})", "$text-muted"))
    labels = model.drift_labels(detail, member)
    if labels:
        lines.append(("\ndrift: " + ", ".join(fmt.label(x) for x in labels), "$warning"))
    if previous is not None and not inline:
        lines.append(("\n(reworded throughout: too little in common to mark)", "$text-muted"))
    if member.section_path:
        lines.append((f"\n§ {member.section_path}", "$text-muted"))
    why = ", ".join(member.reasons)
    if why:
        score = "" if member.score is None else f" {member.score:.2f}"
        lines.append((f"\nlinked{score}: {why}", "$text-muted"))
    if member.decision:
        lines.append((f"\n{DECISION_LABEL.get(member.decision, member.decision)}", "bold"))
    return Content.assemble(*lines)


def preview(detail: ChainDetail | None) -> Content:
    """The whole goal as one block of text: cheap enough to redraw on every cursor move."""
    if detail is None:
        return Content("No goal selected.")
    parts: list[Content | str | tuple[str, str]] = [summary(detail), "\n\n", promises_text(detail)]
    cols = model.columns(detail)
    for i, col in enumerate(cols):
        parts.append((f"\n── {col.header}  {col.doc} ──\n", "bold $accent"))
        for m in col.members:
            parts.extend([wording(m, cols[:i], detail), "\n"])
    parts.extend(["\n", details(detail)])
    return Content.assemble(*parts)


class MemberCard(HasApp, Static):
    """One statement of the goal, focusable so review keys know which one is meant."""

    def __init__(
        self, member: Member, earlier: list[model.Column], detail: ChainDetail, interactive: bool
    ) -> None:
        self.member = member
        self.can_focus = interactive
        super().__init__(wording(member, earlier, detail), classes="member")
        if member.decision:
            self.add_class(f"-{member.decision}")

    def on_click(self, event) -> None:
        """A double click opens the statement in its source, like `o`."""
        if event.chain == 2 and self.can_focus:
            self.plandrift.open_source(self.member.statement)


class WordingColumn(HasApp, Vertical):
    """A document's wordings of the goal, headed by its year and kind."""

    def __init__(
        self,
        column: model.Column,
        earlier: list[model.Column],
        detail: ChainDetail,
        interactive: bool,
    ) -> None:
        super().__init__(classes="wording")
        self.column = column
        self.earlier = earlier
        self.detail = detail
        self.interactive = interactive

    def compose(self) -> ComposeResult:
        yield Static(
            Content.assemble((self.column.header, "bold"), "  ", (self.column.doc, "$text-muted")),
            classes="col-head",
        )
        for m in self.column.members:
            yield MemberCard(m, self.earlier, self.detail, self.interactive)


class GoalView(HasApp, Vertical):
    """The whole goal; ``interactive`` makes its statements focusable for review keys."""

    def __init__(self, interactive: bool = True, **kwargs) -> None:
        super().__init__(**kwargs)
        self.interactive = interactive
        self.detail: ChainDetail | None = None

    def compose(self) -> ComposeResult:
        yield Static("", classes="goal-summary")
        yield PromiseTable(classes="goal-promises")
        yield FigureChart(classes="goal-chart")
        yield Container(classes="wordings")
        yield Static("", classes="goal-details")

    async def show(self, detail: ChainDetail | None) -> None:
        self.detail = detail
        wordings = self.query_one(".wordings", Container)
        await wordings.remove_children()
        if detail is None:
            self.query_one(PromiseTable).show([])
            self.query_one(FigureChart).draw(None)
            self.query_one(".goal-summary", Static).update("No goal selected.")
            self.query_one(".goal-details", Static).update("")
            return
        self.query_one(".goal-summary", Static).update(summary(detail))
        self.query_one(PromiseTable).show(model.promise_rows(detail))
        self.query_one(FigureChart).draw(model.series(detail))
        cols = model.columns(detail)
        await wordings.mount_all(
            [WordingColumn(c, cols[:i], detail, self.interactive) for i, c in enumerate(cols)]
        )
        self.query_one(".goal-details", Static).update(details(detail))

    @property
    def cards(self) -> list[MemberCard]:
        return list(self.query(MemberCard))
