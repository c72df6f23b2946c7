"""Text is data, never control: a corpus written to attack its readers comes out inert in
every output (terminal, pipe, markdown, CSV, JSON, the app)."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import re
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from plandrift.cli.main import cli
from plandrift.compare import query
from plandrift.report import safe
from plandrift.tui.app import PlanDriftApp
from plandrift.tui.data import Library
from plandrift.tui.screens.documents import ReaderScreen
from plandrift.tui.screens.source import SourceScreen

ATTACKS = (
    "\x1b]0;PWNED\x07",  # renames the terminal tab
    "\x1b[2J",  # clears the screen
    "\x9b2J",  # the same, 8-bit
    "[x](javascript:alert(1))",
    "<script>alert(1)</script>",
    "</details>",
    "\u202eexe.txt",  # reads backwards
    "https://evil.example www.evil.example",  # bare links GitHub would make live
)
PLACE = "吉林<b>`|</details>"
DOCS = {
    "a": (
        "five-year-plan",
        "2021",
        PLACE,
        "第一章 目标{0}\n到2025年，粮食产量达到100亿斤以上{1}，{3}{4}{6}。\n",
    ),
    "b": (
        "work-report",
        "2024",
        PLACE,
        "一、2023年工作回顾\n2023年，粮食产量达到90亿斤{2}。2024年，粮食产量力争达到95亿斤{5}www.evil.com。\n",
    ),
    "c": ("five-year-plan", "2021", "长春", "到2025年，粮食产量达到80亿斤。\n"),
    "d": ("work-report", "2024", "长春", "2023年，粮食产量达到70亿斤。\n"),
}
FILLER = "全市上下团结奋斗，推动经济社会持续健康发展，人民群众获得感不断增强。\n" * 40
LEXICON = '[[metric]]\nkey = "grain"\nname = "=HYPERLINK(\\"http://evil\\")"\naliases = ["粮食产量"]\narea = "+农业"\n'


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    corpus = root / "corpus"
    corpus.mkdir()
    lines = []
    for doc, (kind, year, place, text) in DOCS.items():
        # Filler, so that the attacks are a few characters in many (as in a real document):
        # a file that is mostly control characters is refused as undecodable.
        text = text.format(*ATTACKS) + FILLER
        (corpus / f"{doc}.txt").write_text(text, encoding="utf-8")
        lines += [
            "[[documents]]",
            f'id = "{doc}"',
            f'path = "{doc}.txt"',
            f'kind = "{kind}"',
            f'published = "{year}"',
            f"place = {json.dumps(place, ensure_ascii=False)}",
        ]
    (corpus / "manifest.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "lex.toml").write_text(LEXICON, encoding="utf-8")
    db = root / "h.db"
    run("build", "--corpus", str(corpus), "--db", str(db))
    run("link", "--lexicon", str(root / "lex.toml"), "--db", str(db))
    run("review", grain_chain(db), "--note", " ".join(ATTACKS), "--db", str(db))
    return db


def grain_chain(db: Path) -> str:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("select id from chains where id like 'm:grain@吉林%'").fetchone()[0]
    finally:
        conn.close()


def inert(text: str) -> None:
    """No escape, no C0/C1 control but tab and newline, no raw bidi control."""
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", text), [
        c for c in text if ord(c) < 32 and c not in "\t\n" or 0x7F <= ord(c) <= 0x9F
    ]


def test_terminal_outputs_are_inert(hostile: Path) -> None:
    chain = grain_chain(hostile)
    outputs = {
        "show": run("show", chain, "--db", str(hostile)),
        "docs": run("docs", "--db", str(hostile)),
        "diff": run("diff", "a", "b", "--db", str(hostile)),
        "report": run("report", "--db", str(hostile)),
    }
    for name, out in outputs.items():
        inert(out)
        assert "PWNED" not in out, name  # the whole sequence goes, not only its ESC
    assert "<U+202E>exe.txt" in outputs["show"]


def test_markdown_has_no_live_link_or_markup(hostile: Path) -> None:
    md = run("report", "--db", str(hostile), "--format", "markdown")
    inert(md)
    assert not re.search(r"(?<!\\)\]\(", md) and "\\[x\\](javascript:alert(1))" in md
    assert "<script>" not in md and "&lt;script&gt;" in md
    outside_code = re.sub(r"(`+).+?\1", "", md)
    # the drift from a's promise to b's folds its wording into one <details> each
    assert outside_code.count("</details>") == md.count("<details><summary>") >= 1
    assert "https\\://evil.example www\\.evil.example" in md and "http\\://evil" in md
    # the place (a chain id) sits in a code span whose fence outlasts its backtick
    heading = next(line for line in md.splitlines() if line.startswith("### "))
    assert "``m:grain@吉林<b>`|</details>``" in heading
    assert "&lt;U+202E&gt;exe.txt" in md


def test_csv_cells_a_spreadsheet_would_run_are_text(hostile: Path) -> None:
    rows = list(csv.reader(io.StringIO(run("report", "--db", str(hostile), "--format", "csv"))))
    cells = [c for row in rows[1:] for c in row]
    assert '\'=HYPERLINK("http://evil")' in cells and "'+农业" in cells
    risky = [c for c in cells if c[:1] in ("=", "+", "@", "\t", "\r") or re.match(r"-\D", c)]
    assert not risky


def test_json_keeps_the_data_and_escapes_the_controls(hostile: Path) -> None:
    text = run("export", "--db", str(hostile))
    inert(text)
    data = json.loads(text)
    conn = sqlite3.connect(hostile)
    raws = dict(conn.execute("select id, raw from documents"))
    conn.close()
    found = "".join(s["text"] for s in data["statements"])
    assert "\u202e" in found and "<script>" in found  # data, exactly as written
    for s in data["statements"]:
        assert raws[s["doc"]][s["start"] : s["end"]].startswith(s["text"][0])
    inert(run("report", "--db", str(hostile), "--format", "json"))


def test_a_nul_in_a_search_is_no_error(hostile: Path) -> None:
    db = query.open_database(hostile)
    try:
        assert query.search_statements(db, "粮食\x00产量") == query.search_statements(
            db, "粮食产量"
        )
        assert query.search_statements(db, "\x00") == []
    finally:
        db.conn.close()
    assert Library(hostile).search("粮\x00食产量")


def test_the_app_draws_no_escape(hostile: Path) -> None:
    """Source and reader screens, with the raw text around the statement: no ESC reaches
    the screen, so the tab keeps its name and the screen is not cleared."""

    async def go() -> list[str]:
        app = PlanDriftApp(hostile, cursor_blink=False)
        seen = []
        async with app.run_test(size=(100, 30)) as pilot:
            statement = Library(hostile).search("粮食产量")[0].statement
            for screen in (SourceScreen(statement), ReaderScreen(app.library.documents()[0])):
                app.push_screen(screen)
                for _ in range(3):
                    await app.workers.wait_for_complete()
                    await pilot.pause()
                strips = app.screen._compositor.render_strips()
                seen.append("\n".join("".join(seg.text for seg in s) for s in strips))
            app.open_goal(grain_chain(hostile))
            await app.workers.wait_for_complete()
            await pilot.pause()
            strips = app.screen._compositor.render_strips()
            seen.append("\n".join("".join(seg.text for seg in s) for s in strips))
        return seen

    for screen in asyncio.run(go()):
        assert "粮食产量" in screen
        inert(screen)
        assert "PWNED" not in screen


# -- the sanitiser's own rules ------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("a\x1b]0;title\x07b", "ab"),
        ("a\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\b", "alinkb"),
        ("a\x1b[2Jb\x1b[31mred\x1b[0m", "abred"),
        ("a\x1bcb", "ab"),
        ("line\rover", "lineover"),
        ("x\u202ey", "x<U+202E>y"),
        ("tab\tand\nline", "tab\tand\nline"),
        ("粮食\x00产量\x7f", "粮食产量"),
    ],
)
def test_terminal(raw: str, shown: str) -> None:
    assert safe.terminal(raw) == shown


def test_markdown_code_and_csv() -> None:
    assert safe.markdown("[a](b) *c* `d` <e> &") == "\\[a\\](b) \\*c\\* \\`d\\` &lt;e&gt; &amp;"
    assert safe.markdown("see https://x.org or www.y.org, z@w.org") == (
        "see https\\://x.org or www\\.y.org, z\\@w.org"
    )
    assert safe.code("a`b") == "``a`b``" and safe.code("`a") == "`` `a ``"
    assert safe.code("a|b", in_table=True) == "`a\\|b`"
    assert [safe.csv_cell(v) for v in ("=1+1", "-3.5", "-x", "@a", "ok", 3)] == [
        "'=1+1",
        "-3.5",
        "'-x",
        "'@a",
        "ok",
        3,
    ]


@settings(max_examples=50, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=60))
def test_nothing_gets_through(text: str) -> None:
    inert(safe.terminal(text))
    md = safe.markdown(text)
    inert(md)
    assert "\n" not in md and "<" not in md and not re.search(r"(?<!\\)[\[\]`|]", md)
    assert json.loads(safe.json_text(json.dumps(text, ensure_ascii=False))) == text
