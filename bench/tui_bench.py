"""How the auditor's terminal feels with many goals, measured headless.

Builds the bundled corpus into a temporary database, then (for the scale figures) adds
synthetic chains over its real statements until there are 5,000, and times, through
Textual's pilot: the first screen, a text filter, a status filter, and moving the cursor.

    .venv/bin/python bench/tui_bench.py [--chains 5000] [--moves 200]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import shutil
import tempfile
import time
from pathlib import Path

from textual.widgets import Input, Select

from plandrift.compare.query import open_database
from plandrift.tui.app import PlanDriftApp
from plandrift.tui.widgets.goal_table import GoalTable
from plandrift.workspace import build as workspace

STATUSES = [
    "met",
    "met-early",
    "on-track",
    "lagging",
    "missed",
    "rolled-over",
    "revised",
    "dropped",
    "new",
    "no-data",
]


def add_synthetic_chains(path: Path, total: int, seed: int = 7) -> int:
    """Top the database up to ``total`` chains made of its own statements (bench only)."""
    rnd = random.Random(seed)
    db = open_database(path)
    statements = [
        (r["id"], r["doc"], r["text"], r["year"])
        for r in db.query("select id, doc, text, year from statements")
    ]
    have = db["chains"].count
    chains, members = [], []
    for i in range(max(0, total - have)):
        picked = rnd.sample(statements, rnd.randint(2, 6))
        text = picked[0][2]
        at = rnd.randrange(max(1, len(text) - 8))
        target = rnd.choice([10, 40, 100, 260, 1200])
        actual = round(target * rnd.uniform(0.2, 1.3), 2)
        chains.append(
            {
                "id": f"bench:{i:05d}",
                "title": text[at : at + rnd.randint(4, 14)],
                "metric": f"metric-{i % 300}",
                "area": rnd.choice(["农业", "工业", "民生", None]),
                "kind": "metric",
                "status": rnd.choice(STATUSES),
                "binding": rnd.random() < 0.1,
                "progress": json.dumps(
                    {
                        "target": target,
                        "actual": actual,
                        "unit": "万亩",
                        "ratio": actual / target,
                        "target_year": 2025,
                    }
                ),
                "drift": "[]",
                "drift_score": round(rnd.random(), 3),
                "reasons": "[]",
                "years": json.dumps(sorted({s[3] for s in picked if s[3]})),
                "docs": json.dumps(sorted({s[1] for s in picked})),
            }
        )
        members += [
            {
                "chain": f"bench:{i:05d}",
                "statement": s[0],
                "doc": s[1],
                "position": n,
                "score": 0.9,
                "reasons": "[]",
            }
            for n, s in enumerate(picked)
        ]
    with db.conn:
        db["chains"].insert_all(chains)
        db["chain_members"].insert_all(members)
    count = db["chains"].count
    db.conn.close()
    return count


async def settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def measure(path: Path, size: tuple[int, int], moves: int) -> dict[str, float]:
    out: dict[str, float] = {}
    t0 = time.perf_counter()
    app = PlanDriftApp(path, cursor_blink=False)
    async with app.run_test(size=size) as pilot:
        while not app.screen.query(GoalTable) or not app.screen.query_one(GoalTable).row_count:
            await pilot.pause(0.005)
        await pilot.pause()
        out["first screen"] = time.perf_counter() - t0
        screen = app.screen
        table = screen.query_one(GoalTable)
        out["rows"] = table.row_count

        # The cursor action and the screen update it causes, key after key; pilot.press
        # itself waits ~70 ms per key for idle, which would measure the test harness.
        t0 = time.perf_counter()
        for _ in range(moves):
            table.action_cursor(1)
            await pilot.pause(0)
        out["cursor down (per move)"] = (time.perf_counter() - t0) / moves
        t0 = time.perf_counter()
        for _ in range(moves // 10):
            table.action_page(1)
            await pilot.pause(0)
        out["page down (per page)"] = (time.perf_counter() - t0) / (moves // 10)
        t0 = time.perf_counter()
        table.action_jump(-1)
        await pilot.pause(0)
        table.action_jump(0)
        await pilot.pause(0)
        out["end then home"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        table.sort_by("title")
        await pilot.pause(0)
        out["sort by title"] = time.perf_counter() - t0

        def text(value: str):
            return lambda: setattr(screen.query_one("#search", Input), "value", value)

        def select(which: str, value: str):
            return lambda: setattr(screen.query_one(which, Select), "value", value)

        for label, action in (
            ("filter text 粮食 (database)", text("粮食")),
            ("clear filters", screen.action_clear_filters),
            ("filter status missed", select("#status", "missed")),
            ("clear filters", screen.action_clear_filters),
            ("filter document review-2022", select("#doc", "review-2022")),
            ("clear filters", screen.action_clear_filters),
        ):
            t0 = time.perf_counter()
            action()
            screen._apply_filter()  # skip the typing debounce: time the work, not the wait
            await settle(pilot)
            out[label] = time.perf_counter() - t0
            out[label + " rows"] = table.row_count
    return out


def report(title: str, figures: dict[str, float]) -> None:
    print(title)
    for k, v in figures.items():
        shown = f"{int(v):7d}" if k.endswith("rows") else f"{v * 1000:7.1f} ms"
        print(f"  {k:<28}{shown}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--chains", type=int, default=5000)
    ap.add_argument("--moves", type=int, default=200)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        bundled = Path(tmp) / "bundled.db"
        workspace.build_corpus(bundled)
        for size in ((80, 24), (200, 50)):
            report(
                f"bundled corpus, {size[0]}x{size[1]}:",
                asyncio.run(measure(bundled, size, args.moves)),
            )
        big = Path(tmp) / "big.db"
        shutil.copy(bundled, big)
        n = add_synthetic_chains(big, args.chains)
        for size in ((80, 24), (200, 50)):
            report(
                f"{n} chains (synthetic over the bundled statements), {size[0]}x{size[1]}:",
                asyncio.run(measure(big, size, args.moves)),
            )


if __name__ == "__main__":
    main()
