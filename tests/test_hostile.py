"""Bad input, tried as a hostile user would: every case is one line on stderr, exit code 2,
and not a byte changed in the folder (the database, its neighbours, no file left behind)."""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from plandrift.cli.main import cli

DOC = "2024年政府工作报告\n2023年，全市粮食产量达到90亿斤。\n"


class Place:
    """A folder holding a copy of the bundled database, and what a case writes beside it."""

    def __init__(self, root: Path, built: Path) -> None:
        self.root = root
        self.db = root / "plandrift.db"
        shutil.copy(built, self.db)
        self.env: dict[str, str] = {}
        self.held: list[int] = []

    def file(self, name: str, data: str | bytes) -> Path:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            data = data.encode("utf-8")
        path.write_bytes(data)
        return path

    def corpus(self, manifest: str, files: dict[str, str | bytes] | None = None) -> str:
        folder = self.root / "corpus"
        folder.mkdir(exist_ok=True)
        for name, data in (files or {"a.txt": DOC}).items():
            self.file(f"corpus/{name}", data)
        self.file("corpus/manifest.toml", manifest)
        return str(folder)

    def sqlite(self, name: str, sql: str) -> Path:
        path = self.root / name
        conn = sqlite3.connect(path)
        conn.executescript(sql)
        conn.commit()
        conn.close()
        return path

    def damaged(self, name: str, at: int, size: int) -> Path:
        """A copy of the database with ``size`` bytes of garbage written at ``at``."""
        path = self.root / name
        shutil.copy(self.db, path)
        with path.open("r+b") as fh:
            fh.seek(at)
            fh.write(b"\xff" * size)
        return path

    def lexicon(self, body: str) -> str:
        return str(self.file("lex.toml", body))

    def outsider(self, chain: str = "m:grain") -> str:
        conn = sqlite3.connect(self.db)
        try:
            return conn.execute(
                "select id from statements where repeat_of is null and id not in "
                "(select statement from chain_members where chain = ?) order by id",
                [chain],
            ).fetchone()[0]
        finally:
            conn.close()

    def hold_lock(self) -> None:
        """Another writer at work: its lock held (by another open file, as flock counts)."""
        fd = os.open(self.root / ".plandrift.db.lock", os.O_RDWR | os.O_CREAT)
        os.write(fd, b"4242 build\n")
        fcntl.flock(fd, fcntl.LOCK_EX)
        self.held.append(fd)

    def snapshot(self) -> dict[str, str]:
        return {
            str(p.relative_to(self.root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(self.root.rglob("*"))
            if p.is_file() and not p.is_symlink()
        }


def manifest(**fields: str) -> str:
    body = {"id": '"a"', "path": '"a.txt"', "published": '"2024"'} | fields
    return "[[documents]]\n" + "".join(f"{k} = {v}\n" for k, v in body.items() if v)


Case = Callable[[Place], list[str]]
CASES: dict[str, tuple[Case, str]] = {}


def case(name: str, expect: str) -> Callable[[Case], Case]:
    def register(fn: Case) -> Case:
        CASES[name] = (fn, expect)
        return fn

    return register


FOREIGN = "create table notes (x text); insert into notes values ('mine');"


# -- the database is plandrift's, or it is refused ----------------------------------------
@case("build over another program's SQLite", "another program's")
def _(p: Place) -> list[str]:
    return ["build", "--db", str(p.sqlite("their.db", FOREIGN))]


@case("add into another program's SQLite", "another program's")
def _(p: Place) -> list[str]:
    doc = p.file("new.txt", DOC)
    return ["add", str(doc), "--published", "2024", "--db", str(p.sqlite("their.db", FOREIGN))]


@case("link another program's SQLite", "another program's")
def _(p: Place) -> list[str]:
    return ["link", "--db", str(p.sqlite("their.db", FOREIGN))]


@case("review in another program's SQLite", "another program's")
def _(p: Place) -> list[str]:
    their = p.sqlite("their.db", FOREIGN)
    return ["review", "m:grain", "--note", "x", "--db", str(their)]


@case("docs on another program's SQLite does not say build", "will not touch it")
def _(p: Place) -> list[str]:
    return ["docs", "--db", str(p.sqlite("their.db", FOREIGN))]


@case("a file with another application id", "application id")
def _(p: Place) -> list[str]:
    return ["build", "--db", str(p.sqlite("app.db", "PRAGMA application_id = 7; " + FOREIGN))]


@case("a database of a newer plandrift is not rebuilt", "newer plandrift")
def _(p: Place) -> list[str]:
    conn = sqlite3.connect(p.db)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    return ["build", "--db", str(p.db)]


@case("a database of a newer plandrift is not read", "newer plandrift")
def _(p: Place) -> list[str]:
    conn = sqlite3.connect(p.db)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    return ["report", "--db", str(p.db)]


@case("a text file as the database", "not an SQLite")
def _(p: Place) -> list[str]:
    return ["report", "--db", str(p.file("notes.db", "just notes\n" * 20))]


@case("a database with damaged pages, report", "damaged")
def _(p: Place) -> list[str]:
    return ["report", "--db", str(p.damaged("bad.db", 4096 * 50, 4096 * 5))]


@case("a database with damaged pages, docs", "damaged")
def _(p: Place) -> list[str]:
    return ["docs", "--db", str(p.damaged("bad.db", 4096 * 50, 4096 * 5))]


@case("a database with damaged pages, link", "damaged")
def _(p: Place) -> list[str]:
    return ["link", "--db", str(p.damaged("bad.db", 4096 * 50, 4096 * 5))]


@case("a database with damaged pages, review", "damaged")
def _(p: Place) -> list[str]:
    return [
        "review",
        "m:grain",
        "--note",
        "x",
        "--db",
        str(p.damaged("bad.db", 4096 * 50, 4096 * 5)),
    ]


@case("a truncated database", "damaged")
def _(p: Place) -> list[str]:
    path = p.root / "short.db"
    path.write_bytes(p.db.read_bytes()[:100_000])
    return ["show", "m:grain", "--db", str(path)]


@case("a damaged file of unknown origin is not built over", "damaged SQLite file")
def _(p: Place) -> list[str]:
    path = p.sqlite("theirs.db", FOREIGN)
    path.write_bytes(path.read_bytes()[:100] + b"\xff" * 4000)
    return ["build", "--db", str(path)]


@case("a directory as the database", "directory")
def _(p: Place) -> list[str]:
    (p.root / "dir.db").mkdir()
    return ["build", "--db", str(p.root / "dir.db")]


@case("a second writer while one writes", "is writing it")
def _(p: Place) -> list[str]:
    p.hold_lock()
    p.env["PLANDRIFT_LOCK_WAIT"] = "0.2"
    return ["link", "--db", str(p.db)]


@case("a lock wait that is not a number", "PLANDRIFT_LOCK_WAIT")
def _(p: Place) -> list[str]:
    p.env["PLANDRIFT_LOCK_WAIT"] = "soon"
    return ["link", "--db", str(p.db)]


@case("--fail-on after a write that did not finish", "did not finish")
def _(p: Place) -> list[str]:
    p.file(".plandrift.db.building-99999", b"half a database")
    return ["report", "--db", str(p.db), "--fail-on", "missed"]


# -- paths stay inside the corpus ---------------------------------------------------------
@case("a manifest path up and out", "outside the corpus folder")
def _(p: Place) -> list[str]:
    return [
        "build",
        "--corpus",
        p.corpus(manifest(path='"../../../../../etc/passwd"')),
        "--db",
        str(p.db),
    ]


@case("an absolute manifest path", "outside the corpus folder")
def _(p: Place) -> list[str]:
    return ["build", "--corpus", p.corpus(manifest(path='"/etc/passwd"')), "--db", str(p.db)]


@case("a symlink in the corpus to a file outside", "is a link to")
def _(p: Place) -> list[str]:
    folder = p.corpus(manifest(path='"host.txt"'))
    p.file("secret.txt", DOC)
    os.symlink(p.root / "secret.txt", Path(folder) / "host.txt")
    return ["build", "--corpus", folder, "--db", str(p.db)]


@case("a symlinked folder in the corpus leading outside", "is a link to")
def _(p: Place) -> list[str]:
    folder = p.corpus(manifest(path='"sub/secret.txt"'))
    p.file("elsewhere/secret.txt", DOC)
    os.symlink(p.root / "elsewhere", Path(folder) / "sub")
    return ["build", "--corpus", folder, "--db", str(p.db)]


# -- manifests: dates, keys and shapes ----------------------------------------------------
@case("published with month 13 and day 45", "not a date")
def _(p: Place) -> list[str]:
    return ["build", "--corpus", p.corpus(manifest(published='"2024-13-45"')), "--db", str(p.db)]


@case("published on 30 February", "not a date")
def _(p: Place) -> list[str]:
    return ["build", "--corpus", p.corpus(manifest(published='"2024-02-30"')), "--db", str(p.db)]


@case("published in month 13", "not a date")
def _(p: Place) -> list[str]:
    return ["build", "--corpus", p.corpus(manifest(published='"2024-13"')), "--db", str(p.db)]


@case("a typo in a document key", "did you mean 'published'")
def _(p: Place) -> list[str]:
    body = manifest(published="") + 'publsihed = "2024"\n'
    return ["build", "--corpus", p.corpus(body), "--db", str(p.db)]


@case("an unknown top-level key", "unknown key 'document'")
def _(p: Place) -> list[str]:
    body = manifest() + '[document]\nid = "b"\n'
    return ["build", "--corpus", p.corpus(body), "--db", str(p.db)]


@case("an id that is a number", "must be a string")
def _(p: Place) -> list[str]:
    return ["build", "--corpus", p.corpus(manifest(id="7")), "--db", str(p.db)]


@case("a place that is a list", "must be a string")
def _(p: Place) -> list[str]:
    return ["build", "--corpus", p.corpus(manifest(place='["吉林"]')), "--db", str(p.db)]


@case("a place holding an escape sequence", "control character U+001B")
def _(p: Place) -> list[str]:
    return [
        "build",
        "--corpus",
        p.corpus(manifest(place='"x\\u001b]0;owned\\u0007"')),
        "--db",
        str(p.db),
    ]


@case("documents that are not tables", "every document needs an id and a path")
def _(p: Place) -> list[str]:
    return ["build", "--corpus", p.corpus('documents = ["a.txt"]\n'), "--db", str(p.db)]


@case("a manifest that is not UTF-8", "not valid TOML")
def _(p: Place) -> list[str]:
    return [
        "build",
        "--corpus",
        p.corpus("\xff\xfe[[documents]]".encode("latin-1")),
        "--db",
        str(p.db),
    ]  # type: ignore[arg-type]


@case("a NUL byte far into a document", "NUL")
def _(p: Place) -> list[str]:
    body = (DOC * 400).encode("utf-8") + b"\x00" + DOC.encode("utf-8")
    return ["build", "--corpus", p.corpus(manifest(), {"a.txt": body}), "--db", str(p.db)]


@case("a binary file", "binary")
def _(p: Place) -> list[str]:
    body = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 50
    return ["build", "--corpus", p.corpus(manifest(), {"a.txt": body}), "--db", str(p.db)]


# -- add ----------------------------------------------------------------------------------
@case("add with an impossible date", "not a date")
def _(p: Place) -> list[str]:
    return ["add", str(p.file("new.txt", DOC)), "--published", "2023-02-29", "--db", str(p.db)]


@case("add with a place holding an escape", "control character")
def _(p: Place) -> list[str]:
    doc = p.file("new.txt", DOC)
    return ["add", str(doc), "--published", "2024", "--place", "吉林\x1b[2J", "--db", str(p.db)]


@case("add a document id already there", "already in")
def _(p: Place) -> list[str]:
    doc = p.file("report-2024.txt", DOC)
    return ["add", str(doc), "--published", "2024", "--db", str(p.db)]


# -- lexicons -----------------------------------------------------------------------------
@case("aliases given as one string", "must be a list of strings")
def _(p: Place) -> list[str]:
    lex = p.lexicon('[[metric]]\nkey = "grain"\naliases = "粮食产量"\n')
    return ["link", "--lexicon", lex, "--db", str(p.db)]


@case("an empty alias", "non-empty string")
def _(p: Place) -> list[str]:
    lex = p.lexicon('[[metric]]\nkey = "grain"\naliases = ["粮食产量", ""]\n')
    return ["link", "--lexicon", lex, "--db", str(p.db)]


@case("a typo in a metric key", "did you mean 'aliases'")
def _(p: Place) -> list[str]:
    lex = p.lexicon('[[metric]]\nkey = "grain"\nalias = ["粮食产量"]\n')
    return ["link", "--lexicon", lex, "--db", str(p.db)]


@case("a metric without a key", "lacks a key")
def _(p: Place) -> list[str]:
    return [
        "link",
        "--lexicon",
        p.lexicon('[[metric]]\naliases = ["粮食产量"]\n'),
        "--db",
        str(p.db),
    ]


@case("a key with a space", "holds a space")
def _(p: Place) -> list[str]:
    lex = p.lexicon('[[metric]]\nkey = "my grain"\naliases = ["粮食产量"]\n')
    return ["link", "--lexicon", lex, "--db", str(p.db)]


@case("higher as a word", "true or false")
def _(p: Place) -> list[str]:
    lex = p.lexicon('[[metric]]\nkey = "grain"\naliases = ["粮食"]\nhigher = "yes"\n')
    return ["link", "--lexicon", lex, "--db", str(p.db)]


@case("a unit that is not a number", "positive number")
def _(p: Place) -> list[str]:
    return ["link", "--lexicon", p.lexicon('[units]\n"万" = "ten thousand"\n'), "--db", str(p.db)]


@case("an unknown lexicon table", "unknown key 'metrics'")
def _(p: Place) -> list[str]:
    return ["link", "--lexicon", p.lexicon('[[metrics]]\nkey = "grain"\n'), "--db", str(p.db)]


@case("an area that is not a list", "must be a list of strings")
def _(p: Place) -> list[str]:
    return ["link", "--lexicon", p.lexicon('[areas]\n"农业" = "粮食"\n'), "--db", str(p.db)]


@case("metric as a string", "must be [[metric]] tables")
def _(p: Place) -> list[str]:
    return ["link", "--lexicon", p.lexicon('metric = "grain"\n'), "--db", str(p.db)]


@case("a lexicon that is not TOML", "not a valid TOML")
def _(p: Place) -> list[str]:
    return ["link", "--lexicon", p.lexicon("[[metric]\nkey ="), "--db", str(p.db)]


@case("a lexicon that is a folder", "no such lexicon file")
def _(p: Place) -> list[str]:
    return ["link", "--lexicon", str(p.root), "--db", str(p.db)]


# -- reviews ------------------------------------------------------------------------------
@case("reject a statement that is not in the goal", "is not in m:grain")
def _(p: Place) -> list[str]:
    return ["review", "m:grain", "--reject", p.outsider(), "--db", str(p.db)]


@case("review a goal that does not exist", "no chain")
def _(p: Place) -> list[str]:
    return ["review", "m:nothing", "--note", "x", "--db", str(p.db)]


@case("accept a statement that does not exist", "no statement")
def _(p: Place) -> list[str]:
    return ["review", "m:grain", "--accept", "report-2024:00000000", "--db", str(p.db)]


@case("accept and reject at once", "one of --accept")
def _(p: Place) -> list[str]:
    s = p.outsider()
    return ["review", "m:grain", "--accept", s, "--reject", s, "--db", str(p.db)]


@case("a review with nothing to record", "nothing to record")
def _(p: Place) -> list[str]:
    return ["review", "m:grain", "--db", str(p.db)]


# -- labels for eval ---------------------------------------------------------------------
GOLD = Path(__file__).parent / "fixtures" / "gold"


@case("claims that are not objects", "must be a list of objects")
def _(p: Place) -> list[str]:
    claims = str(p.file("c.jsonl", "1\n2\n"))
    return ["eval", "--claims", claims, "--chains", str(GOLD / "chains.json"), "--db", str(p.db)]


@case("a claim without its quote", "lacks quote")
def _(p: Place) -> list[str]:
    claims = str(p.file("c.jsonl", '{"doc": "plan-14th", "value": 7}\n'))
    return ["eval", "--claims", claims, "--chains", str(GOLD / "chains.json"), "--db", str(p.db)]


@case("a chain whose members are not objects", "lacks members")
def _(p: Place) -> list[str]:
    chains = str(p.file("ch.json", '[{"chain": "x", "members": ["plan-14th"]}]'))
    return ["eval", "--chains", chains, "--claims", str(GOLD / "claims.jsonl"), "--db", str(p.db)]


@case("a verdict case without its quote", "lacks quote")
def _(p: Place) -> list[str]:
    verdicts = str(p.file("v.json", '[{"doc": "plan-14th", "expect": ["met"]}]'))
    return ["eval", "--verdicts", verdicts, "--db", str(p.db)]


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input_is_one_line_and_changes_nothing(
    name: str, tmp_path: Path, built_db_path: Path
) -> None:
    place = Place(tmp_path, built_db_path)
    setup, expect = CASES[name]
    try:
        args = setup(place)
        before = place.snapshot()
        result = CliRunner(env=place.env).invoke(cli, args, catch_exceptions=False)
    finally:
        for fd in place.held:
            os.close(fd)
    assert result.exit_code == 2, result.output
    lines = [x for x in result.stderr.splitlines() if x.strip()]
    assert len(lines) == 1 and result.stdout == "", result.output
    assert expect in lines[0], lines[0]
    assert "\x1b" not in lines[0] and "Traceback" not in result.output
    assert place.snapshot() == before


def test_there_are_forty_cases_at_least() -> None:
    assert len(CASES) >= 40
