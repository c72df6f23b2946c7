"""One goal full-screen: wordings side by side, review keys, source one key away."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header

from plandrift.report.safe import line

from ..data import ChainDetail
from ..typed import HasApp
from ..widgets.goal_view import GoalView, MemberCard
from ..widgets.promise_table import PromiseTable


class GoalScroll(HasApp, VerticalScroll, can_focus=False, inherit_bindings=False):
    """Scrolls with the page keys and the mouse; the arrow keys move between statements."""

    BINDINGS = [
        Binding("pageup", "page_up", "Page up", show=False, id="goal.page_up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="goal.page_down"),
        Binding("home", "scroll_home", "Top", show=False, id="goal.scroll_home"),
        Binding("end", "scroll_end", "Bottom", show=False, id="goal.scroll_end"),
    ]


class GoalScreen(HasApp, Screen):
    BINDINGS = [
        Binding("escape", "app.back", "Back", id="goal.back"),
        Binding("o", "source", "Source", id="goal.source"),
        Binding("p", "promises", "Promises", id="goal.promises"),
        Binding("a", "decide('accept')", "Accept", id="goal.accept"),
        Binding("x", "decide('reject')", "Reject", id="goal.reject"),
        Binding("n", "note", "Note", id="goal.note"),
        Binding("r", "reviewed", "Reviewed", id="goal.reviewed"),
        Binding("left,up,k", "move(-1)", "Prev", show=False, id="goal.prev"),
        Binding("right,down,j", "move(1)", "Next", show=False, id="goal.next"),
        Binding("left_square_bracket", "step(-1)", "Prev goal", show=False, id="goal.prev_goal"),
        Binding("right_square_bracket", "step(1)", "Next goal", show=False, id="goal.next_goal"),
    ]

    def __init__(self, chain_id: str, goal_ids: list[str] | None = None) -> None:
        super().__init__()
        self.chain_id = chain_id
        self.goal_ids = goal_ids or [chain_id]
        self.detail: ChainDetail | None = None
        self._focus_index = 0

    def compose(self) -> ComposeResult:
        yield Header()
        with GoalScroll(id="goal-scroll"):
            yield GoalView(interactive=True, id="goal-view")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "plandrift"
        self.load()

    @work(thread=True, exclusive=True, group="goal")
    def load(self) -> None:
        detail = self.plandrift.library.chain(self.chain_id)
        self.app.call_from_thread(self._show, detail)  # type: ignore[arg-type]

    async def _show(self, detail: ChainDetail | None) -> None:
        self.detail = detail
        self.sub_title = detail.chain.title if detail else f"no goal {self.chain_id}"
        view = self.query_one(GoalView)
        await view.show(detail)
        cards = view.cards
        if cards:
            cards[min(self._focus_index, len(cards) - 1)].focus()

    @property
    def card(self) -> MemberCard | None:
        focused = self.focused
        return focused if isinstance(focused, MemberCard) else None

    def _remember_focus(self) -> None:
        cards = self.query_one(GoalView).cards
        if self.card in cards:
            self._focus_index = cards.index(self.card)

    def action_move(self, delta: int) -> None:
        """To the previous or next statement, scrolled fully into view."""
        cards = self.query_one(GoalView).cards
        if not cards:
            return
        i = cards.index(self.card) + delta if self.card in cards else 0
        card = cards[max(0, min(i, len(cards) - 1))]
        card.focus(scroll_visible=False)
        self.call_after_refresh(card.scroll_visible, animate=False)

    def action_promises(self) -> None:
        """To the promise table (Enter opens a promise's source; Esc back to the wordings)."""
        table = self.query_one(PromiseTable)
        if table.display:
            table.focus()
        else:
            self.notify("This goal states no promise.", severity="warning")

    def action_source(self) -> None:
        if self.card:
            self.plandrift.open_source(self.card.member.statement)
        else:
            self.notify("Move to a statement first (arrow keys).", severity="warning")

    def action_decide(self, decision: str) -> None:
        card = self.card
        if card is None:
            self.notify("Move to a statement first (arrow keys).", severity="warning")
            return
        self._remember_focus()
        if self._record(statement=card.member.statement, decision=decision):
            word = "accepted" if decision == "accept" else "rejected"
            self.notify(f"{word} {card.member.statement} in this goal", markup=False)

    def action_note(self) -> None:
        card = self.card
        self._remember_focus()

        def done(text: str | None) -> None:
            if text and self._record(statement=card.member.statement if card else None, note=text):
                self.notify("note saved")

        from .dialogs import Ask

        about = f"statement {card.member.statement}" if card else "this goal"
        self.app.push_screen(Ask(f"Note on {about}:", placeholder="what you found"), done)

    def action_reviewed(self) -> None:
        self._remember_focus()
        if self._record(decision="reviewed"):
            self.notify("goal marked reviewed")

    def _record(self, **kwargs) -> bool:
        """Whether the decision was recorded: only then does the app say so."""
        try:
            self.plandrift.library.record(self.chain_id, **kwargs)
        except Exception as exc:  # compare says what is wrong in one line
            self.notify(line(str(exc)), severity="error", markup=False)
            return False
        self.load()
        self.plandrift.goals_changed()
        return True

    def action_step(self, delta: int) -> None:
        if self.chain_id not in self.goal_ids:
            return
        i = self.goal_ids.index(self.chain_id) + delta
        if 0 <= i < len(self.goal_ids):
            self.chain_id = self.goal_ids[i]
            self._focus_index = 0
            self.query_one("#goal-scroll", GoalScroll).scroll_home(animate=False)
            self.load()
