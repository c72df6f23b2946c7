"""Writers at once: a build and twenty reviews, two adds. Each waits for the writer lock, so
every decision reported as recorded is in the finished database, and both adds land."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from plandrift.workspace import build as workspace


def start(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "plandrift", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_a_build_and_twenty_reviews(built_db_path: Path, tmp_path: Path, chain_members) -> None:
    """Six reviews through the command line, each in its own process (two of them re-link),
    and fourteen through the library in threads (cheaper than fourteen interpreters; the
    lock is an flock per open file, so threads contend for it just as processes do)."""
    db = tmp_path / "p.db"
    shutil.copy(built_db_path, db)
    grain = chain_members(db, "m:grain")
    cli_asks = [["m:grain", "--note", f"cli {n}"] for n in range(3)] + [["m:grain", "--reviewed"]]
    cli_asks += [["m:grain", "--reject", grain[0]], ["m:grain", "--reject", grain[1]]]
    early = [start("review", *a, "--db", str(db)) for a in cli_asks[:2]]
    build = start("build", "--db", str(db))
    deadline = time.monotonic() + 30
    while not (tmp_path / ".p.db.lock").exists() and build.poll() is None:
        assert time.monotonic() < deadline
        time.sleep(0.01)
    late = [start("review", *a, "--db", str(db)) for a in cli_asks[2:]]
    with ThreadPoolExecutor(max_workers=14) as pool:
        rows = list(
            pool.map(lambda n: workspace.review(db, "m:grain", note=f"thread {n}"), range(14))
        )
    for proc in [build, *early, *late]:
        out, err = proc.communicate(timeout=180)
        assert proc.returncode == 0, err
        assert out.startswith(("recorded", "built")), out
    conn = sqlite3.connect(db)
    got = conn.execute("select chain, statement, decision, note from reviews").fetchall()
    conn.close()
    wanted = [("m:grain", None, None, r["note"]) for r in rows]
    for a in cli_asks:
        decision = {"--note": None, "--reviewed": "reviewed", "--reject": "reject"}[a[1]]
        wanted.append(
            (a[0], a[2] if decision == "reject" else None, decision, a[2] if not decision else None)
        )
    assert sorted(got, key=str) == sorted(wanted, key=str)
    kept = chain_members(db, "m:grain")
    assert grain[0] not in kept and grain[1] not in kept  # the rejects were applied


def test_two_adds_at_once_both_land(built_db_path: Path, tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    shutil.copy(built_db_path, db)
    adds = []
    for year in (2025, 2027):
        doc = tmp_path / f"r{year}.txt"
        doc.write_text(
            f"{year}年政府工作报告\n全市粮食产量达到{year - 1927}亿斤。\n", encoding="utf-8"
        )
        adds.append(start("add", str(doc), "--place", "吉林市", "--db", str(db)))
    for proc in adds:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    conn = sqlite3.connect(db)
    ids = {r[0] for r in conn.execute("select id from documents")}
    conn.close()
    assert {"r2025", "r2027"} <= ids and len(ids) == 7
