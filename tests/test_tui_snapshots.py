"""Snapshots of the main screens at 80x24 (stacked) and 200x50 (side by side).

Fixed theme, fixed size, no cursor blink, and the hand-made database of tui_fixtures, so
they change only when the TUI does. Regenerate with `pytest tests/test_tui_snapshots.py
--snapshot-update` and look at the SVGs before committing them.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from plandrift.tui.app import PlanDriftApp

sys.path.insert(0, str(Path(__file__).parent))
from tui_fixtures import make_demo_db  # noqa: E402

SIZES = {"small": (80, 24), "large": (200, 50)}


@pytest.fixture()
def app(tmp_path: Path) -> PlanDriftApp:
    app = PlanDriftApp(make_demo_db(tmp_path / "demo.db"), cursor_blink=False)
    app.theme = "textual-dark"
    return app


async def settled(pilot) -> None:
    """Workers done and the screen redrawn, with room for a loaded CI machine."""
    for _ in range(4):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause(0.25)


def run_keys(*keys: str):
    async def run_before(pilot) -> None:
        await settled(pilot)
        for key in keys:
            await pilot.press(key)
            await settled(pilot)
        pilot.app.clear_notifications()
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", SIZES)
def test_goals_list(snap_compare, app: PlanDriftApp, size: str) -> None:
    assert snap_compare(app, terminal_size=SIZES[size], run_before=run_keys())


@pytest.mark.parametrize("size", SIZES)
def test_goal_side_by_side(snap_compare, app: PlanDriftApp, size: str) -> None:
    # the list is sorted by status: 经营主体 (met early) first, then 粮食产量 (missed)
    assert snap_compare(app, terminal_size=SIZES[size], run_before=run_keys("down", "enter"))


def test_source_in_context(snap_compare, app: PlanDriftApp) -> None:
    assert snap_compare(
        app,
        terminal_size=SIZES["small"],
        run_before=run_keys("down", "enter", "right", "right", "o"),
    )


def test_documents(snap_compare, app: PlanDriftApp) -> None:
    assert snap_compare(app, terminal_size=SIZES["small"], run_before=run_keys("d"))


def test_help(snap_compare, app: PlanDriftApp) -> None:
    assert snap_compare(app, terminal_size=SIZES["large"], run_before=run_keys("question_mark"))
