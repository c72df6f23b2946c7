"""Run by test_install.py with the *installed* package: open the app headless on a built
database, open the first goal, and check both screens have content."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import plandrift
from plandrift.tui.app import PlanDriftApp
from plandrift.tui.screens.goal import GoalScreen
from plandrift.tui.screens.goals import GoalsScreen
from plandrift.tui.widgets.goal_table import GoalTable


async def main(db: Path) -> None:
    assert "site-packages" in plandrift.__file__, plandrift.__file__
    app = PlanDriftApp(db, cursor_blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(5):
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
        assert isinstance(app.screen, GoalsScreen), app.screen
        table = app.screen.query_one(GoalTable)
        assert table.row_count > 10, table.row_count
        await pilot.press("enter")
        for _ in range(5):
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
        assert isinstance(app.screen, GoalScreen), app.screen
    print("app ok")


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1])))
