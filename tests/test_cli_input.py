"""Bad input gets one line saying what is wrong and what to do, exit 2, and no half-write."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from plandrift.cli.main import cli


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture()
def db_copy(built_db_path: Path, tmp_path: Path) -> Path:
    path = tmp_path / "copy.db"
    shutil.copy(built_db_path, path)
    return path


def one_line_exit_2(result) -> str:
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    assert "Traceback" not in result.output
    return lines[0]


@pytest.mark.parametrize(
    ("name", "content", "expect"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", " \n\t\r\n\u3000".encode(), "empty"),
        ("binary.txt", b"\x00\x01\x02PK\x00" * 50, "binary"),
        ("bad.txt", b"\xff\xfe\xfa\xfb\x80\x81" * 20 + b"\xc3", "decode"),
    ],
)
def test_add_bad_file_leaves_db_untouched(db_copy: Path, tmp_path: Path, name, content, expect):
    before = digest(db_copy)
    f = tmp_path / name
    f.write_bytes(content)
    line = one_line_exit_2(run("add", str(f), "--db", str(db_copy)))
    assert expect in line
    assert digest(db_copy) == before


def test_add_missing_file_and_directory(db_copy: Path, tmp_path: Path):
    assert "no such file" in one_line_exit_2(
        run("add", str(tmp_path / "nope.txt"), "--db", str(db_copy))
    )
    assert "directory" in one_line_exit_2(run("add", str(tmp_path), "--db", str(db_copy)))


def test_add_existing_id_is_refused(db_copy: Path, tmp_path: Path):
    before = digest(db_copy)
    f = tmp_path / "report-2024.txt"
    f.write_text("一、2023年工作回顾\n全年地区生产总值增长6.7%。\n", encoding="utf-8")
    line = one_line_exit_2(run("add", str(f), "--db", str(db_copy)))
    assert "already" in line and "--id" in line
    assert digest(db_copy) == before


def test_add_unknown_kind_is_refused(db_copy: Path, tmp_path: Path):
    f = tmp_path / "x.txt"
    f.write_text("全年地区生产总值增长6.7%。\n", encoding="utf-8")
    assert "unknown kind" in one_line_exit_2(
        run("add", str(f), "--kind", "memo", "--db", str(db_copy))
    )


def write_manifest(folder: Path, body: str) -> None:
    folder.mkdir(exist_ok=True)
    (folder / "a.txt").write_text("2024年地区生产总值增长6%左右。\n", encoding="utf-8")
    (folder / "manifest.toml").write_text(body, encoding="utf-8")


def test_manifest_unknown_kind_and_duplicate_id(tmp_path: Path):
    corpus = tmp_path / "c"
    write_manifest(corpus, '[[documents]]\nid = "a"\npath = "a.txt"\nkind = "novel"\n')
    db = tmp_path / "x.db"
    assert "unknown kind" in one_line_exit_2(run("build", "--corpus", str(corpus), "--db", str(db)))
    assert not db.exists()
    write_manifest(
        corpus, '[[documents]]\nid = "a"\npath = "a.txt"\n[[documents]]\nid = "a"\npath = "a.txt"\n'
    )
    assert "duplicate" in one_line_exit_2(run("build", "--corpus", str(corpus), "--db", str(db)))
    assert not db.exists()


def test_manifest_missing_and_broken(tmp_path: Path):
    assert "manifest" in one_line_exit_2(
        run("build", "--corpus", str(tmp_path), "--db", str(tmp_path / "x.db"))
    )
    (tmp_path / "manifest.toml").write_text("[[documents]\nid=", encoding="utf-8")
    assert "TOML" in one_line_exit_2(
        run("build", "--corpus", str(tmp_path), "--db", str(tmp_path / "x.db"))
    )


def test_manifest_with_missing_document_writes_nothing(db_copy: Path, tmp_path: Path):
    corpus = tmp_path / "c"
    write_manifest(
        corpus,
        '[[documents]]\nid = "a"\npath = "a.txt"\n[[documents]]\nid = "b"\npath = "gone.txt"\n',
    )
    before = digest(db_copy)
    assert "gone.txt" in one_line_exit_2(
        run("build", "--corpus", str(corpus), "--db", str(db_copy))
    )
    assert digest(db_copy) == before


def test_not_sqlite_database(tmp_path: Path):
    db = tmp_path / "notes.db"
    db.write_text("just some notes, not a database\n" * 10, encoding="utf-8")
    before = digest(db)
    assert "not an SQLite" in one_line_exit_2(run("build", "--db", str(db)))
    assert "not an SQLite" in one_line_exit_2(run("docs", "--db", str(db)))
    assert digest(db) == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write read-only files")
def test_read_only_database(db_copy: Path):
    db_copy.chmod(0o444)
    try:
        assert "read-only" in one_line_exit_2(run("build", "--db", str(db_copy)))
    finally:
        db_copy.chmod(0o644)


def test_read_only_database_even_as_root(db_copy: Path, monkeypatch):
    """os.access is what the build asks; root passes it, so simulate the answer."""
    real = os.access
    monkeypatch.setattr(
        os, "access", lambda p, mode: False if Path(p) == db_copy else real(p, mode)
    )
    before = digest(db_copy)
    assert "read-only" in one_line_exit_2(run("build", "--db", str(db_copy)))
    assert digest(db_copy) == before


def test_missing_database_for_reading_commands(tmp_path: Path):
    for cmd in ("docs", "export", "eval"):
        line = one_line_exit_2(run(cmd, "--db", str(tmp_path / "none.db")))
        assert "plandrift build" in line
        assert not (tmp_path / "none.db").exists()


def test_tui_without_terminal_says_so():
    line = one_line_exit_2(run("tui", "--db", "whatever.db"))
    assert "terminal" in line


def test_eval_with_missing_labels(built_db_path: Path, tmp_path: Path):
    line = one_line_exit_2(
        run("eval", "--db", str(built_db_path), "--claims", str(tmp_path / "x.jsonl"))
    )
    assert "no such claims file" in line


def test_usage_error_is_one_line(tmp_path: Path):
    result = run("export", "--format", "yaml", "--db", str(tmp_path / "x.db"))
    line = one_line_exit_2(result)
    assert "--format" in line and "--help" in line


def test_workers_and_a_scheduler_together_are_one_line(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    line = one_line_exit_2(
        run("build", "--db", str(db), "--workers", "2", "--scheduler", "tcp://127.0.0.1:9")
    )
    assert "--workers or --scheduler" in line
    assert not db.exists()


def test_add_to_a_built_database(db_copy: Path, tmp_path: Path) -> None:
    extra = tmp_path / "note.txt"
    extra.write_text("2026年吉林市补充说明\n全年粮食产量达到95亿斤。\n", "utf-8")
    result = run(
        "add", str(extra), "--kind", "other", "--published", "2026-06", "--db", str(db_copy)
    )
    assert result.exit_code == 0, result.output
    assert "now 6 documents" in result.output


def test_a_document_too_large_is_refused_and_the_limit_can_be_raised(
    db_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    big = tmp_path / "big.txt"
    big.write_text("全市粮食产量达到98.5亿斤。\n" * 150_000, encoding="utf-8")  # 5.7 MB
    before = digest(db_copy)
    line = one_line_exit_2(run("add", str(big), "--db", str(db_copy)))
    assert "5.7 MB of text" in line and "PLANDRIFT_MAX_DOC_MB=6" in line
    assert digest(db_copy) == before
    monkeypatch.setenv("PLANDRIFT_MAX_DOC_MB", "many")
    assert "not a number" in one_line_exit_2(run("add", str(big), "--db", str(db_copy)))
    small = tmp_path / "small.txt"
    small.write_text("2025年政府工作报告\n全市粮食产量达到98.5亿斤。\n", encoding="utf-8")
    monkeypatch.setenv("PLANDRIFT_MAX_DOC_MB", "0.00001")  # the variable sets the limit
    assert "(1e-05 MB;" in one_line_exit_2(run("add", str(small), "--db", str(db_copy)))
    monkeypatch.delenv("PLANDRIFT_MAX_DOC_MB")
    assert run("add", str(small), "--place", "吉林市", "--db", str(db_copy)).exit_code == 0
