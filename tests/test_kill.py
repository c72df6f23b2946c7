"""Writers stopped at random points (SIGKILL, SIGTERM, SIGINT) of build, link, add and a
review that re-links: the database is the previous one byte for byte, or the complete new
one, every review in it; the next run finds and
removes what a killed writer left, and readers say that the last write did not finish.

The points are random; a failure prints the seed (PLANDRIFT_KILL_SEED=… repeats it).
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from plandrift.cli.main import cli

SEED = int(os.environ.get("PLANDRIFT_KILL_SEED") or random.randrange(1 << 30))
NEW_DOC = "2025年政府工作报告\n一、2024年工作回顾\n全市粮食产量达到98.5亿斤。\n"
# Seconds a command spends writing once its temporary file exists (bundled corpus, this
# machine): the kill lands somewhere in that stretch.
WRITING = {"build": 1.2, "add": 1.2, "link": 0.7, "review": 0.7}


def plandrift(*args: str):
    """A command run in this process (only the writer under test needs one of its own)."""
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def reviews(db: Path) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(
            "select chain, statement, decision, note from reviews order by id"
        ).fetchall()
    finally:
        conn.close()


def state(db: Path) -> tuple[str, int, int]:
    conn = sqlite3.connect(db)
    try:
        return (
            conn.execute("PRAGMA quick_check").fetchone()[0],
            conn.execute("select count(*) from documents").fetchone()[0],
            conn.execute("select count(*) from chains").fetchone()[0],
        )
    finally:
        conn.close()


@pytest.fixture(scope="module")
def reviewed(built_db_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled database with decisions in it: a reject, an accept and a note."""
    path = tmp_path_factory.mktemp("reviewed") / "base.db"
    shutil.copy(built_db_path, path)
    conn = sqlite3.connect(path)
    first, second = [
        r[0]
        for r in conn.execute(
            "select statement from chain_members where chain = 'm:grain' order by position"
        ).fetchmany(2)
    ]
    conn.close()
    for args in (
        ("--reject", first, "--note", "sown area, not output"),
        ("--accept", second),
        ("--note", "checked against the yearbook"),
    ):
        done = plandrift("review", "m:grain", *args, "--db", str(path))
        assert done.exit_code == 0, done.output
    return path


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".building-" in p.name or p.suffix == ".lock")


@pytest.mark.parametrize(
    "sig", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT], ids=lambda s: s.name
)
@pytest.mark.parametrize("command", ["build", "link", "add", "review"])
def test_a_stopped_writer_changes_nothing(
    command: str, sig: signal.Signals, reviewed: Path, tmp_path: Path
) -> None:
    rng = random.Random(f"{SEED}-{command}-{sig.name}")
    db = tmp_path / "p.db"
    shutil.copy(reviewed, db)
    before, kept = db.read_bytes(), reviews(reviewed)
    docs_before = state(db)[1]
    new = ["add", str(tmp_path / "r2025.txt"), "--place", "吉林市"]  # one place: ids stay
    conn = sqlite3.connect(db)
    third = conn.execute(
        "select statement from chain_members where chain = 'm:grain' order by position"
    ).fetchall()[2][0]
    conn.close()
    decision = ["review", "m:grain", "--reject", third, "--note", "stopped?"]  # re-links
    recorded = [("m:grain", third, "reject", "stopped?")] if command == "review" else []
    args = {"build": ["build"], "link": ["link"], "add": new, "review": decision}
    (tmp_path / "r2025.txt").write_text(NEW_DOC, encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "plandrift", *args[command], "--db", str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 30
    while proc.poll() is None and not any(".building-" in n for n in leftovers(tmp_path)):
        assert time.monotonic() < deadline, "the writer never started writing"
        time.sleep(0.005)
    delay = rng.uniform(0, WRITING[command])
    time.sleep(delay)
    proc.send_signal(sig)
    out, err = proc.communicate(timeout=60)
    why = f"seed {SEED}, {command} stopped by {sig.name} after {delay:.2f} s: rc {proc.returncode} {err}"

    check, docs, chains = state(db)
    assert check == "ok" and chains > 0, why
    landed = reviews(db)
    assert landed in (kept, kept + recorded), why
    expected = {signal.SIGKILL: -9, signal.SIGTERM: 143, signal.SIGINT: 130}[sig]
    print(why.split(":")[0], "→ unchanged" if db.read_bytes() == before else "→ new database")
    if db.read_bytes() == before:  # stopped before its write was in place
        assert reviews(db) == kept, why
        assert proc.returncode == expected, why
        if sig != signal.SIGKILL:
            assert "before it finished; the database is as it was" in err, why
    else:  # it had put the complete new database in place when the signal came
        assert docs == docs_before + (command == "add"), why
        assert reviews(db) == kept + recorded, why
        assert proc.returncode in (0, expected, -sig), why  # -sig: as it printed its summary
        if proc.returncode == expected and sig != signal.SIGKILL:
            assert "after the database was written" in err, why
    assert "Traceback" not in err, why
    if sig != signal.SIGKILL:
        assert not leftovers(tmp_path), why  # it cleaned up after itself
        return
    if leftovers(tmp_path):  # a killed writer cannot clean up: readers say so
        warned = plandrift("docs", "--db", str(db))
        assert warned.exit_code == 0 and "did not finish" in warned.stderr, why
        gated = plandrift("report", "--db", str(db), "--fail-on", "missed")
        assert gated.exit_code == 2 and "did not finish" in gated.stderr, why
    after = plandrift("review", "m:grain", "--note", "after the kill", "--db", str(db))
    assert after.exit_code == 0, why + after.output
    assert not leftovers(tmp_path), why  # the next writer removed them
    assert reviews(db) == landed + [("m:grain", None, None, "after the kill")], why
    assert "did not finish" not in plandrift("docs", "--db", str(db)).stderr, why
