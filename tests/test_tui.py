"""Pilot tests of the auditor's terminal: navigation, filters, search, review, export."""

from __future__ import annotations

import asyncio
import functools
import shutil
import sys
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, Select

from plandrift.compare.query import ChainFilter, get_chain, list_chains, open_database
from plandrift.tui import format as fmt
from plandrift.tui.app import PlanDriftApp
from plandrift.tui.diffmark import Span, mark
from plandrift.tui.screens.build import BuildScreen
from plandrift.tui.screens.documents import DocumentsScreen, ReaderScreen
from plandrift.tui.screens.goal import GoalScreen
from plandrift.tui.screens.goals import GoalsScreen
from plandrift.tui.screens.help import HelpScreen
from plandrift.tui.screens.source import SourceScreen
from plandrift.tui.widgets.goal_table import GoalTable
from plandrift.tui.widgets.goal_view import MemberCard
from plandrift.workspace import build as workspace

sys.path.insert(0, str(Path(__file__).parent))
from tui_fixtures import make_demo_db  # noqa: E402


def sync(test: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Run an async test on its own event loop (no pytest async plugin is installed)."""

    @functools.wraps(test)
    def run(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return run


@pytest.fixture()
def demo_db(tmp_path: Path) -> Path:
    return make_demo_db(tmp_path / "demo.db")


async def settle(pilot) -> None:
    """Let the workers finish and their results reach the screen."""
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def search(pilot, text: str) -> GoalTable:
    await pilot.press("slash")
    pilot.app.screen.query_one("#search", Input).value = text
    await pilot.press("enter")
    await pilot.pause(0.2)
    await settle(pilot)
    return pilot.app.screen.query_one(GoalTable)


# -- pure formatting ------------------------------------------------------------------------


def test_badges_carry_a_word_not_only_colour() -> None:
    for status in fmt.BADGES:
        text, colour = fmt.badge(status)
        assert status.split("-")[0] in text.replace(" ", "-") and colour


def test_diff_markers_survive_without_colour() -> None:
    content, inline = mark("经营主体达到44.1万户", "市场主体达到40万户以上", [Span(6, 10, True)])
    assert inline
    # words and numbers with their units whole, never a digit: the same diff as the reports
    assert content.plain == "[-市场-][+经营+]主体达到[-40万户以上-][+44.1万户+]"


def test_unrelated_wordings_are_not_diffed_into_confetti() -> None:
    content, inline = mark("粮食产量创97.6亿斤新纪录。", "市场主体达到40万户以上。")
    assert not inline and content.plain == "粮食产量创97.6亿斤新纪录。"


# -- the app on the hand-made database -------------------------------------------------------


@sync
async def test_opens_on_the_goals_list(demo_db: Path) -> None:
    app = PlanDriftApp(demo_db, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, GoalsScreen)
        table = app.screen.query_one(GoalTable)
        assert table.row_count == 3
        assert "3 of 3 goals" in str(app.screen.query_one("#count").render())


@sync
async def test_search_finds_chinese_substrings_of_any_length(demo_db: Path) -> None:
    app = PlanDriftApp(demo_db, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        for text, expected in (
            ("粮", {"m:grain"}),
            ("粮食", {"m:grain"}),
            ("经营主体", {"m:market-entities"}),
            ("市场主体达到", {"m:market-entities"}),
        ):
            table = await search(pilot, text)
            assert {r.id for r in table.rows_shown} == expected, text


@sync
async def test_filter_by_status_and_document_then_clear(demo_db: Path) -> None:
    app = PlanDriftApp(demo_db, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        screen.query_one("#status", Select).value = "missed"
        await pilot.pause(0.3)
        await settle(pilot)
        assert [r.id for r in screen.query_one(GoalTable).rows_shown] == ["m:grain"]
        screen.query_one("#status", Select).clear()
        screen.query_one("#doc", Select).value = "review-2022"
        await pilot.pause(0.3)
        await settle(pilot)
        assert [r.id for r in screen.query_one(GoalTable).rows_shown] == ["m:grain"]
        await pilot.press("escape", "c")
        await pilot.pause(0.3)
        await settle(pilot)
        assert screen.query_one(GoalTable).row_count == 3


@sync
async def test_sort_by_any_column(demo_db: Path) -> None:
    app = PlanDriftApp(demo_db, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(GoalTable)
        await pilot.press("s")  # status -> title
        assert table.sort_key == "title"
        assert [r.title for r in table.rows_shown] == sorted(r.title for r in table.rows_shown)
        await pilot.press("S")
        assert table.sort_reverse
        await pilot.click(GoalTable, offset=(50, 0))  # a header click sorts by that column
        assert table.sort_key != "title"


@sync
async def test_goal_side_by_side_then_source_and_back(demo_db: Path) -> None:
    app = PlanDriftApp(demo_db, cursor_blink=False)
    async with app.run_test(size=(200, 50)) as pilot:
        table = await search(pilot, "粮食")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, GoalScreen)
        text = " ".join(str(c.render()) for c in app.screen.query(MemberCard))
        for figure in ("85", "91.06", "93.45", "97.6"):
            assert figure in text
        assert "missed" in str(app.screen.query_one(".goal-summary").render())
        heads = [str(h.render()) for h in app.screen.query(".col-head")]
        assert heads[0].startswith("2021") and heads[-1].startswith("2026")
        await pilot.press("right", "o")
        await settle(pilot)
        assert isinstance(app.screen, SourceScreen)
        assert app.screen.statement == "review-2022:grain"
        assert "91.06" in str(app.screen.query_one("#source-para").render())
        await pilot.press("escape")
        assert isinstance(app.screen, GoalScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, GoalsScreen) and table.current_id == "m:grain"


@sync
async def test_wide_terminal_previews_the_highlighted_goal(demo_db: Path) -> None:
    app = PlanDriftApp(demo_db, cursor_blink=False)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        await pilot.pause(0.2)
        await settle(pilot)
        assert app.wide and app.screen.query_one("#preview").display
        assert "经营主体" in str(app.screen.query_one("#preview-view").render())
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert not app.wide and not app.screen.query_one("#preview").display


@sync
async def test_documents_view_reads_by_section(demo_db: Path) -> None:
    app = PlanDriftApp(demo_db, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("d")
        assert isinstance(app.screen, DocumentsScreen)
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen) and app.screen.doc.id == "report-2024"
        await pilot.press("down", "down")
        assert "93.45" not in str(app.screen.query_one("#reader-text").render())
        await pilot.press("g")
        assert isinstance(app.screen, GoalsScreen)


@sync
async def test_help_and_command_palette(demo_db: Path) -> None:
    app = PlanDriftApp(demo_db, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape", "ctrl+p")
        await pilot.press(*"经营")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, GoalScreen) and app.screen.chain_id == "m:market-entities"


@sync
async def test_review_reaches_the_database(demo_db: Path) -> None:
    app = PlanDriftApp(demo_db, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await search(pilot, "经营主体")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("right", "x")  # reject the 2024 statement
        await settle(pilot)
        await pilot.press("n")
        app.screen.query_one("#answer", Input).value = "44.1万户 counts 经营主体, same thing"
        await pilot.press("enter", "r")
        await settle(pilot)
    db = open_database(demo_db)
    rows = list(db.query("select statement, decision, note from reviews order by id"))
    assert rows[0] == {"statement": "report-2024:market", "decision": "reject", "note": None}
    assert rows[1]["note"].startswith("44.1万户")
    assert rows[2]["decision"] == "reviewed"
    assert get_chain(db, "m:market-entities").chain.reviewed


@sync
async def test_review_survives_a_rebuild(built_db_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "real.db"
    shutil.copy(built_db_path, path)
    app = PlanDriftApp(path, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        table = await search(pilot, "粮食")
        assert table.rows_shown, "search finds 粮食 in the bundled corpus"
        chain_id = table.current_id
        await pilot.press("enter")
        await settle(pilot)
        statement = app.screen.focused.member.statement
        await pilot.press("a")
        await settle(pilot)
    workspace.build_corpus(path)
    db = open_database(path)
    detail = get_chain(db, chain_id)
    assert detail is not None
    assert any(r.statement == statement and r.decision == "accept" for r in detail.reviews)


@sync
async def test_export_writes_the_filtered_report(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "report.md"
    out.parent.mkdir()
    app = PlanDriftApp(demo_db, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await search(pilot, "粮食")
        await pilot.press("e")
        app.screen.query_one("#answer", Input).value = str(out)
        await pilot.press("enter")
        await settle(pilot)
        assert app.last_export == out
    text = out.read_text(encoding="utf-8")
    assert "粮食" in text and "经营主体" not in text


@sync
async def test_builds_the_bundled_corpus_when_the_database_is_missing(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    app = PlanDriftApp(path, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, BuildScreen) or path.exists()
        await settle(pilot)
        assert isinstance(app.screen, GoalsScreen)
        assert app.screen.query_one(GoalTable).row_count == len(
            list_chains(open_database(path), ChainFilter())
        )


@sync
async def test_a_file_that_is_not_a_database_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("not sqlite", encoding="utf-8")
    app = PlanDriftApp(path, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, BuildScreen)
        message = str(app.screen.query_one("#build-message").render())
        assert "not an SQLite database" in message


@sync
async def test_narrow_list_flips_between_figures_and_where(demo_db: Path) -> None:
    app = PlanDriftApp(demo_db, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(GoalTable)
        assert [c.key for c in table.columns_shown] == ["status", "title", "latest", "progress"]
        await pilot.press("v")
        assert [c.key for c in table.columns_shown] == ["status", "title", "metric", "years"]
        await pilot.resize_terminal(200, 50)
        await pilot.pause()
        assert {"metric", "years", "latest", "progress"} <= {c.key for c in table.columns_shown}


@sync
async def test_brackets_step_through_the_listed_goals(demo_db: Path) -> None:
    app = PlanDriftApp(demo_db, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        first = app.screen.chain_id
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert app.screen.chain_id != first
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert app.screen.chain_id == first


def test_years_read_as_runs() -> None:
    assert fmt.years([2020, 2022, 2023, 2024, 2025]) == "20,22-25"
    assert fmt.years([]) == "-"


def test_five_year_path_runs_from_baseline_to_target(demo_db: Path) -> None:
    from plandrift.tui.model import five_year_path

    detail = get_chain(open_database(demo_db), "m:grain")
    path = five_year_path(detail)
    assert [(r.year, r.expected) for r in (path[0], path[-1])] == [(2020, 85.0), (2025, 100.0)]
    assert {r.year: r.actual for r in path if r.actual is not None} == {
        2020: 85.0,
        2022: 91.06,
        2023: 93.45,
        2025: 97.6,
    }


@sync
async def test_statement_search_finds_any_wording_and_opens_its_source(demo_db: Path) -> None:
    from plandrift.tui.screens.statements import StatementsScreen

    app = PlanDriftApp(demo_db, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("w")
        assert isinstance(app.screen, StatementsScreen)
        app.screen.query_one(Input).value = "粮"
        await pilot.press("enter")
        await pilot.pause(0.3)
        await settle(pilot)
        hits = app.screen.hits
        assert len(hits) == 5 and all("粮" in h.text for h in hits)
        await pilot.press("enter")  # the list has focus now; open the first hit's source
        await settle(pilot)
        assert isinstance(app.screen, SourceScreen) and app.screen.statement == hits[0].statement


def test_filtering_in_memory_agrees_with_compare(built_db_path: Path) -> None:
    from plandrift.compare.query import list_documents
    from plandrift.tui.screens.goals import filter_rows

    db = open_database(built_db_path)
    rows = list_chains(db)
    filters = [ChainFilter(status=(s,)) for s in {r.status for r in rows}]
    filters += [ChainFilter(doc=d.id) for d in list_documents(db)]
    filters += [ChainFilter(area=a) for a in {r.area for r in rows if r.area}]
    for flt in filters:
        assert [r.id for r in filter_rows(rows, flt)] == [r.id for r in list_chains(db, flt)], flt


@sync
async def test_mouse_picks_a_statement_and_double_click_opens_its_source(demo_db: Path) -> None:
    app = PlanDriftApp(demo_db, cursor_blink=False)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        await pilot.click(GoalTable, offset=(20, 1), times=2)  # double-click the first goal
        await settle(pilot)
        assert isinstance(app.screen, GoalScreen)
        cards = list(app.screen.query(MemberCard))
        await pilot.click(cards[1])
        assert app.screen.focused is cards[1]
        await pilot.click(cards[1], times=2)
        await settle(pilot)
        assert isinstance(app.screen, SourceScreen)
        assert app.screen.statement == cards[1].member.statement
