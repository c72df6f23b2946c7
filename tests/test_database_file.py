"""The database file itself: its symlink and mode outlive every write, a damaged one of
ours is rebuilt with its reviews, an empty one is used, and a write at work is not taken
for one that was stopped."""

from __future__ import annotations

import asyncio
import fcntl
import os
import shutil
import sqlite3
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from plandrift.cli.main import cli
from plandrift.corpus import dbfile
from plandrift.tui import data
from plandrift.tui.app import PlanDriftApp
from plandrift.tui.screens.goal import GoalScreen


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.mark.parametrize(
    "command",
    [
        ["build"],
        ["add", "{doc}", "--place", "吉林市"],
        ["link"],
        ["review", "m:grain", "--reject", "{member}"],
        ["review", "m:grain", "--note", "kept in place"],
    ],
    ids=lambda c: c[0] + (c[2] if len(c) > 2 else ""),
)
def test_symlink_and_mode_outlive_a_write(
    command: list[str], built_db_path: Path, tmp_path: Path, chain_members
) -> None:
    real = tmp_path / "store" / "real.db"
    real.parent.mkdir()
    shutil.copy(built_db_path, real)
    real.chmod(0o640)
    link = tmp_path / "link.db"
    link.symlink_to(real)
    doc = tmp_path / "r2025.txt"
    doc.write_text("2025年政府工作报告\n全市粮食产量达到98亿斤。\n", encoding="utf-8")
    args = [a.format(doc=doc, member=chain_members(real, "m:grain")[0]) for a in command]
    result = run(*args, "--db", str(link))
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and link.resolve() == real
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert sorted(p.name for p in real.parent.iterdir()) == ["real.db"]  # nothing left over
    assert dbfile.inspect(real).state == dbfile.OURS


def test_a_damaged_database_of_ours_is_rebuilt_with_its_reviews(
    built_db_path: Path, tmp_path: Path
) -> None:
    db = tmp_path / "p.db"
    shutil.copy(built_db_path, db)
    assert run("review", "m:grain", "--note", "keep me", "--db", str(db)).exit_code == 0
    conn = sqlite3.connect(db)
    page = conn.execute(
        "select max(pageno) from dbstat where name = 'statements_fts_data'"
    ).fetchone()[0]
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with db.open("r+b") as fh:
        fh.seek((page - 1) * size)
        fh.write(b"\xff" * size)
    damaged = run("docs", "--db", str(db))
    assert damaged.exit_code == 2 and "damaged" in damaged.stderr
    assert "plandrift build --corpus" in damaged.stderr
    rebuilt = run("build", "--db", str(db))
    assert rebuilt.exit_code == 0 and "1 reviews kept" in rebuilt.output, rebuilt.output
    assert "keep me" in run("show", "m:grain", "--db", str(db)).output


@pytest.mark.parametrize("how", ["zero bytes", "SQLite without tables"])
def test_an_empty_file_is_built_into(how: str, tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    db.touch()
    if how != "zero bytes":
        conn = sqlite3.connect(db)
        conn.executescript("create table t (x); drop table t;")
        conn.close()
        assert db.stat().st_size > 0
    assert dbfile.inspect(db).state == dbfile.EMPTY
    assert "holds no plandrift data" in run("docs", "--db", str(db)).stderr
    assert run("build", "--db", str(db)).exit_code == 0
    assert dbfile.inspect(db).state == dbfile.OURS


def test_a_write_at_work_is_not_called_unfinished(built_db_path: Path, tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    shutil.copy(built_db_path, db)
    (tmp_path / ".p.db.building-1").write_bytes(b"in progress")
    fd = os.open(tmp_path / ".p.db.lock", os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        result = run("docs", "--db", str(db))
        assert result.exit_code == 0 and "did not finish" not in result.stderr
    finally:
        os.close(fd)
    assert "did not finish" in run("docs", "--db", str(db)).stderr  # now its writer is gone


def test_the_app_says_a_decision_was_not_recorded(
    built_db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A decision made while another writer holds the database waits a little, then is
    refused with a message: never 'rejected' for a decision that was not stored."""
    db = tmp_path / "p.db"
    shutil.copy(built_db_path, db)
    before = db.read_bytes()
    monkeypatch.setattr(data, "REVIEW_WAIT", 0.2)

    async def go() -> list[str]:
        app = PlanDriftApp(db, cursor_blink=False)
        said: list[str] = []
        monkeypatch.setattr(app, "notify", lambda message, **kw: said.append(message))
        async with app.run_test(size=(100, 30)) as pilot:
            app.open_goal("m:grain")
            for _ in range(3):
                await app.workers.wait_for_complete()
                await pilot.pause()
            assert isinstance(app.screen, GoalScreen)
            fd = os.open(tmp_path / ".p.db.lock", os.O_RDWR | os.O_CREAT)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
                await pilot.press("down", "x")
                await pilot.pause()
            finally:
                os.close(fd)
        return said

    said = asyncio.run(go())
    assert any("is writing it" in m for m in said), said
    assert not any(m.startswith("rejected") for m in said), said
    assert db.read_bytes() == before


def test_fail_on_says_when_there_are_no_goals(built_db_path: Path, tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    shutil.copy(built_db_path, db)
    conn = sqlite3.connect(db)
    conn.execute("delete from chain_members")
    conn.execute("delete from chains")
    conn.commit()
    conn.close()
    result = run("report", "--db", str(db), "--fail-on", "missed")
    assert result.exit_code == 0 and "holds no goals" in result.stderr


def test_a_private_database_is_never_copied_where_others_can_read(
    built_db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A fresh build's temporary file has the database's mode from its first byte, not only
    at the end; an update in place keeps the file and its mode."""
    from plandrift.workspace import files

    db = tmp_path / "p.db"
    shutil.copy(built_db_path, db)
    db.chmod(0o600)
    assert run("link", "--db", str(db)).exit_code == 0  # in place
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
    conn = sqlite3.connect(db)
    with conn:  # another version's build: the next build writes a new file
        conn.execute("update plandrift_build set value = 'other' where key = 'fingerprint'")
    conn.close()
    modes = []
    real_finish = files.finish

    def finish(tmp: Path, real: Path) -> None:
        modes.append(stat.S_IMODE(tmp.stat().st_mode))
        real_finish(tmp, real)

    monkeypatch.setattr(files, "finish", finish)
    assert run("build", "--db", str(db)).exit_code == 0
    assert modes == [0o600] and stat.S_IMODE(db.stat().st_mode) == 0o600


def test_a_database_of_an_older_plandrift_is_one_line(built_db_path: Path, tmp_path: Path) -> None:
    """Tables an older version wrote lack columns this one reads: say so and how to fix."""
    db = tmp_path / "p.db"
    shutil.copy(built_db_path, db)
    conn = sqlite3.connect(db)
    conn.execute("drop table chain_members")
    conn.commit()
    conn.close()
    result = run("report", "--db", str(db))
    assert result.exit_code == 2 and "another version of plandrift" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("command", ["add", "link"])
def test_a_write_after_a_killed_writer_builds_on_the_last_commit(
    command: str, built_db_path: Path, tmp_path: Path
) -> None:
    """A writer killed mid-transaction leaves a hot journal beside a half-changed file; the
    copy an add works on must be the rolled-back file, not those bytes."""
    db = tmp_path / "p.db"
    shutil.copy(built_db_path, db)
    killed = tmp_path / "killed"
    killed.mkdir()
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA cache_size = 1")  # spill changed pages to the file before commit
    conn.execute("begin")
    conn.execute("update statements set text = 'half-written' where 1")
    for name in ("p.db", "p.db-journal"):  # what a SIGKILL now would leave
        shutil.copy(tmp_path / name, killed / name)
    conn.execute("rollback")
    conn.close()
    new = tmp_path / "r2025.txt"
    new.write_text("2025年政府工作报告\n全市粮食产量达到98.5亿斤。\n", encoding="utf-8")
    target = killed / "p.db"
    args = ["add", str(new), "--place", "吉林市"] if command == "add" else ["link"]
    added = run(*args, "--db", str(target))
    assert added.exit_code == 0, added.output
    check = sqlite3.connect(target)
    half = check.execute("select count(*) from statements where text = 'half-written'")
    assert half.fetchone()[0] == 0
    check.close()
