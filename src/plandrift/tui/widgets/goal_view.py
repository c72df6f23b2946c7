"""One goal: its verdict and progress, then its wordings side by side (stacked when narrow)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Container, Vertical
from textual.content import Content
from textual.widgets import Static

from plandrift.compare.query import ChainDetail, Member

from .. import format as fmt
from .. import model
from ..diffmark import mark
from ..typed import HasApp

DECISION_LABEL = {"accept": "✓ accepted", "reject": "✗ rejected"}


def target_text(p: dict) -> str:
    """'target 1200亿元 (以上) by 2025': the qualifier beside the figure, not guessed into
    Chinese word order (以上 follows a number, 力争 precedes it)."""
    qual = p.get("qualifier") or ""
    hi = p.get("target_hi")
    value = fmt.number(p.get("target")) + (f"-{fmt.number(hi)}" if hi is not None else "")
    return (
        f"target {value}{p.get('unit') or ''}"
        + (f" ({qual})" if qual else "")
        + (f" by {p['target_year']}" if p.get("target_year") else "")
    )


def summary(detail: ChainDetail) -> Content:
    """Status, title, binding and review state, then the progress line."""
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
    p = c.progress or {}
    f = fmt.ratio(p)
    if p.get("target") is not None or p.get("actual") is not None:
        said = []
        if p.get("actual") is not None:
            said.append(
                f"actual {fmt.number(p['actual'])}{p.get('unit') or ''}"
                + (f" in {p['actual_year']}" if p.get("actual_year") else "")
                + (" (estimate 预计)" if p.get("estimate") else "")
            )
        else:
            said.append("no actual reported yet")
        if p.get("target") is not None:
            said.append(target_text(p))
        parts.append("\n" + " · ".join(said) + "  ")
        if f is not None:
            parts.append((fmt.bar(f, 20), f"${colour}"))
            parts.append(f" {fmt.percent(f)}")
        if p.get("expected") is not None:
            parts.append(f"  (straight path expects {fmt.number(p.get('expected'))})")
    else:
        parts.append(
            ("\nqualitative goal: judged from its wording, see the evidence below", "$text-muted")
        )
    return Content.assemble(*parts)


def details(detail: ChainDetail) -> Content:
    """The five-year path, the verdict's evidence, why the statements were linked, reviews."""
    parts: list[str | tuple[str, str]] = []
    path = model.five_year_path(detail)
    unit = (detail.chain.progress or {}).get("unit") or ""
    if path:
        parts.append(("Five-year path (straight line from baseline to target)\n", "bold"))
        for row in path:
            how = "baseline" if row is path[0] else "reported"
            got = "" if row.actual is None else f"  {how} {fmt.number(row.actual)}"
            mark_ = ""
            if row.actual is not None and row.expected is not None and row is not path[0]:
                mark_ = "  ✓ on path" if row.actual >= row.expected else "  ✗ below path"
            parts.append(
                f"  {row.year}  path {fmt.number(round(row.expected or 0, 2))}{unit}{got}{mark_}\n"
            )
    word, colour = fmt.badge(detail.chain.status)
    parts.append(("Verdict: ", "bold"))
    parts.append((word, f"bold ${colour}"))
    p = detail.chain.progress or {}
    unit = p.get("unit") or ""
    said: list[str] = []
    if p.get("target") is not None:
        said.append(target_text(p) + (f" in {p['target_doc']}" if p.get("target_doc") else ""))
    if p.get("actual") is not None:
        said.append(
            f"actual {fmt.number(p['actual'])}{unit}"
            + (f" in {p['actual_year']}" if p.get("actual_year") else "")
            + (f" in {p['actual_doc']}" if p.get("actual_doc") else "")
        )
    if isinstance(p.get("ratio"), int | float):
        said.append(f"{p['ratio'] * 100:.1f}% of target")
    if p.get("binding"):
        said.append("binding 约束性")
    if p.get("estimate"):
        said.append("actual is an estimate 预计")
    if p.get("aspirational"):
        said.append("aspirational 力争")
    parts.append(("  " + " · ".join(said) if said else "") + "\n")
    shown = {
        "evidence",
        "status",
        "target",
        "target_year",
        "target_doc",
        "actual",
        "actual_year",
        "actual_doc",
        "ratio",
        "binding",
        "estimate",
        "aspirational",
        "unit",
        "qualifier",
        "baseline",
        "baseline_year",
        "target_hi",
    }
    for key, value in p.items():
        if key in shown or value in (None, "", False, [], {}):
            continue
        value = fmt.number(value) if isinstance(value, float) else value
        parts.append(f"  {key.replace('_', ' ')}: {'yes' if value is True else value}\n")
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


def wording(member: Member, earlier: list[model.Column], detail: ChainDetail) -> Content:
    """A statement's wording marked against the earlier one it follows, with why it is here."""
    p = detail.chain.progress or {}
    spans = model.figure_spans(member, detail.chain.metric, p.get("unit"))
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
    parts: list[Content | str | tuple[str, str]] = [summary(detail), "\n"]
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
        yield Container(classes="wordings")
        yield Static("", classes="goal-details")

    async def show(self, detail: ChainDetail | None) -> None:
        self.detail = detail
        wordings = self.query_one(".wordings", Container)
        await wordings.remove_children()
        if detail is None:
            self.query_one(".goal-summary", Static).update("No goal selected.")
            self.query_one(".goal-details", Static).update("")
            return
        self.query_one(".goal-summary", Static).update(summary(detail))
        cols = model.columns(detail)
        await wordings.mount_all(
            [WordingColumn(c, cols[:i], detail, self.interactive) for i, c in enumerate(cols)]
        )
        self.query_one(".goal-details", Static).update(details(detail))

    @property
    def cards(self) -> list[MemberCard]:
        return list(self.query(MemberCard))
