"""Real documents in: PDF (one and two columns), Word, web pages and text in any encoding.

The bundled documents are rendered to every format by tests/fixtures/formats/make.py; each
rendering, read back and parsed by the real pipeline, must give at least 98% of the
statements and quantities (with the same role and year) that the .txt gives. Hostile files
get one clear line and exit 2, with the database unchanged.
"""

from __future__ import annotations

import hashlib
import importlib.util
import io
import shutil
import sys
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from plandrift.cli.main import cli
from plandrift.corpus import build, manifest
from plandrift.corpus.errors import BadInput
from plandrift.corpus.formats import extract, page_at, read_source
from plandrift.corpus.formats.text import decode_text
from plandrift.corpus.places import infer_place

ROOT = Path(__file__).resolve().parent.parent
PROVINCES = ROOT.parent / "shared" / "external" / "provinces"
FORMATS = ("pdf", "pdf2", "docx", "html")


def _make():
    spec = importlib.util.spec_from_file_location(
        "formats_make", ROOT / "tests" / "fixtures" / "formats" / "make.py"
    )
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # its dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """Every bundled document in every format, rendered once for this module."""
    make = _make()
    out = tmp_path_factory.mktemp("formats")
    paths = {}
    for spec in manifest.load_manifest(manifest.bundled_corpus()):
        for fmt in FORMATS:
            path = out / f"{spec.id}{make.SUFFIX[fmt]}"
            path.write_bytes(make.render(spec.id, fmt))
            paths[(spec.id, fmt)] = path
    return paths


@pytest.fixture(scope="module")
def specs():
    return {s.id: s for s in manifest.load_manifest(manifest.bundled_corpus())}


@pytest.fixture(scope="module")
def from_text(specs):
    return {i: build.parse(s, read_source(Path(s.path)).text) for i, s in specs.items()}


def _statements(p) -> Counter:
    return Counter((s.text, s.role, s.year) for s in p.statements)


def _quantities(p) -> Counter:
    return Counter(
        (q.value, q.value_hi, q.unit, q.role, q.year) for s in p.statements for q in s.quantities
    )


def _kept(want: Counter, got: Counter) -> float:
    return sum((want & got).values()) / max(1, sum(want.values()))


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    "doc", ["plan-14th", "review-2022", "report-2024", "gazette-2025", "summary-2026"]
)
def test_each_format_gives_what_the_text_gives(doc, fmt, rendered, specs, from_text):
    text = from_text[doc]
    got = build.parse(specs[doc], read_source(rendered[(doc, fmt)]).text)
    assert _kept(_statements(text), _statements(got)) >= 0.98
    assert _kept(_quantities(text), _quantities(got)) >= 0.98
    # nothing much invented either: the rendering holds no more than the text
    assert sum((_quantities(got) - _quantities(text)).values()) <= 0.02 * len(_quantities(text))


def test_pdf_drops_running_heads_and_page_numbers(rendered, specs):
    for fmt in ("pdf", "pdf2"):
        got = read_source(rendered[("report-2024", fmt)])
        lines = got.text.splitlines()
        assert not any(
            line.strip().startswith("- ") and line.strip().endswith(" -") for line in lines
        )
        assert sum(line.strip() == specs["report-2024"].title for line in lines) <= 1
        assert got.title == specs["report-2024"].title  # from the PDF's properties
        assert got.source.type == "pdf" and len(got.source.sha256) == 64


def test_two_columns_read_in_column_order(rendered, from_text, specs):
    """Statements of the two-column PDF come in the text's order (left column, then right),
    and every page of body text is marked with its columns."""
    text = [s.text for s in from_text["report-2024"].statements]
    got = build.parse(specs["report-2024"], read_source(rendered[("report-2024", "pdf2")]).text)
    where = {t: i for i, t in enumerate(text)}
    seq = [where[s.text] for s in got.statements if s.text in where]
    ordered = sum(1 for a, b in zip(seq, seq[1:], strict=False) if b > a)
    assert ordered >= 0.98 * (len(seq) - 1)
    marks = read_source(rendered[("report-2024", "pdf2")]).pages
    assert {m.column for m in marks} >= {1, 2}
    assert [m.page for m in marks] == sorted(m.page for m in marks)


def test_pdf_table_rows_keep_their_cells(rendered):
    text = read_source(rendered[("plan-14th", "pdf")]).text
    assert "\n30 粮食综合生产能力（亿斤） 85 100 —— 约束性\n" in text
    assert "\n1 地区生产总值（GDP）增长（%） 0.6 —— 7以上 预期性\n" in text


def test_statements_carry_the_page_they_start_on(rendered, specs, tmp_path):
    path = tmp_path / "p.db"
    pdf = rendered[("report-2024", "pdf2")]
    result = CliRunner().invoke(cli, ["add", str(pdf), "--id", "r", "--db", str(path)])
    assert result.exit_code == 0, result.output
    from plandrift.corpus.store import open_db
    from plandrift.report.export import export

    data = export(open_db(path))
    assert data["documents"][0]["source"] == {
        "name": pdf.name,
        "type": "pdf",
        "sha256": hashlib.sha256(pdf.read_bytes()).hexdigest(),
    }
    got = read_source(pdf)
    for st in data["statements"]:
        mark = page_at(got.pages, st["start"])
        assert mark is not None and st["page"] == mark.page and st["page_column"] == mark.column
    assert max(st["page"] for st in data["statements"]) > 3


def test_html_is_the_article_with_title_and_date(rendered, specs):
    got = read_source(rendered[("report-2024", "html")])
    assert "<" not in got.text and "首页" not in got.text and "备案号" not in got.text
    assert got.title == specs["report-2024"].title
    assert got.published == "2024-01-16"
    assert got.source.type == "html"


# -- encodings ----------------------------------------------------------------------------

TRADITIONAL = (
    "政府工作報告\n各位代表：\n現在，我代表市人民政府向大會報告工作，請予審議。\n"
    "過去一年，全市地區生產總值增長6.7%，規模以上工業增加值增長8.1%，固定資產投資增長"
    "10.2%，社會消費品零售總額增長9.5%，一般公共預算收入完成120億元。\n"
    "今年經濟社會發展的主要預期目標是：地區生產總值增長6%左右，城鎮新增就業4萬人以上。\n"
)


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [
        ("utf-8", b""),
        ("utf-8", b"\xef\xbb\xbf"),
        ("gb18030", b""),
        ("big5", b""),
        ("utf-16-le", b"\xff\xfe"),
        ("utf-16-be", b"\xfe\xff"),
        ("utf-16-le", b""),
    ],
)
def test_every_common_encoding_decodes(encoding, bom):
    assert decode_text(bom + TRADITIONAL.encode(encoding), "t.txt") == TRADITIONAL


def test_utf8_full_of_control_characters_says_what_is_wrong():
    """Valid UTF-8 is not told to be converted to UTF-8: the line names what it holds."""
    data = "2024年工作报告\x01\x02\x03\x04全市粮食产量达到98.5亿斤。".encode()
    with pytest.raises(BadInput, match=r"is UTF-8, but 14% .*the first at character 9"):
        decode_text(data, "c.txt")


def test_text_files_decode_as_before(specs):
    """Valid UTF-8 wins first and GB18030 files read as GB18030: the stored text of every
    bundled document is its bytes decoded, byte for byte."""
    for s in specs.values():
        data = Path(s.path).read_bytes()
        assert read_source(Path(s.path)).text == data.decode("utf-8").removeprefix("\ufeff")
        simplified = data.decode("utf-8")
        assert decode_text(simplified.encode("gb18030"), "g.txt") == simplified


# -- hostile input through the CLI --------------------------------------------------------


def _scan_pdf() -> bytes:
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    c = canvas.Canvas(out)
    img = Image.effect_noise((200, 280), 60).convert("L")
    for _ in range(2):
        c.drawImage(ImageReader(img), 50, 50, 500, 700)
        c.showPage()
    c.save()
    return out.getvalue()


def _zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("a.txt", "各位代表：")
    return out.getvalue()


HOSTILE = [
    ("scan.pdf", _scan_pdf, "no text layer"),
    ("old.doc", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, ".docx"),
    ("renamed.pdf", _zip, "zip archive"),
    ("random.txt", lambda: bytes(range(256)) * 8, "binary"),
    ("noise.txt", lambda: bytes((i * 7919 + 13) % 255 + 1 for i in range(5000)), "decode"),
    ("broken.pdf", lambda: b"%PDF-1.7\n" + b"\x13\x37" * 300, "PDF"),
    (
        "empty.html",
        lambda: b"<!DOCTYPE html><html><body><nav>menu</nav></body></html>",
        "no article",
    ),
]


@pytest.fixture()
def db_copy(built_db_path: Path, tmp_path: Path) -> Path:
    path = tmp_path / "copy.db"
    shutil.copy(built_db_path, path)
    return path


@pytest.mark.parametrize(("name", "make", "expect"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_files_are_refused_in_one_line(db_copy, tmp_path, name, make, expect):
    before = hashlib.sha256(db_copy.read_bytes()).hexdigest()
    f = tmp_path / name
    f.write_bytes(make())
    result = CliRunner().invoke(cli, ["add", str(f), "--db", str(db_copy)])
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert result.exit_code == 2 and len(lines) == 1, result.output
    assert expect in lines[0] and "Traceback" not in result.output
    assert hashlib.sha256(db_copy.read_bytes()).hexdigest() == before


@pytest.mark.parametrize("encoding", ["big5", "utf-16"])
def test_other_encodings_are_added(db_copy, tmp_path, encoding):
    f = tmp_path / f"report-{encoding}.txt"
    f.write_bytes(TRADITIONAL.encode(encoding))
    result = CliRunner().invoke(
        cli, ["add", str(f), "--published", "2024", "--kind", "work-report", "--db", str(db_copy)]
    )
    assert result.exit_code == 0, result.output
    from plandrift.corpus.store import open_db

    raw = open_db(db_copy).execute("select raw from documents where id = ?", [f.stem]).fetchone()
    assert raw[0] == TRADITIONAL


def test_html_page_is_added_as_its_article(db_copy, rendered):
    result = CliRunner().invoke(
        cli, ["add", str(rendered[("summary-2026", "html")]), "--id", "web", "--db", str(db_copy)]
    )
    assert result.exit_code == 0, result.output
    from plandrift.corpus.store import open_db

    db = open_db(db_copy)
    title, source = db.execute(
        "select title, source_type from documents where id = 'web'"
    ).fetchone()
    assert title == "2026年吉林市政府工作报告速览" and source == "html"


def test_sniffing_goes_by_the_bytes_not_the_name(rendered):
    docx = rendered[("summary-2026", "docx")].read_bytes()
    assert extract(docx, "misnamed.pdf").source.type == "docx"


# -- the real provincial reports as Word files --------------------------------------------


@pytest.mark.skipif(not PROVINCES.is_dir(), reason="needs ../shared/external/provinces")
def test_provincial_docx_give_the_figures_of_their_txt():
    specs = {s.id: s for s in manifest.load_manifest(PROVINCES)}
    docx = sorted(PROVINCES.glob("*-2025.docx"))
    assert len(docx) == 29
    for path in docx:
        spec = specs[path.stem]
        a = build.parse(spec, read_source(Path(spec.path)).text)
        b = build.parse(spec, read_source(path).text)
        figures = lambda p: Counter(  # noqa: E731
            (q.value, q.value_hi, q.unit, q.role, q.year, q.metric)
            for s in p.statements
            for q in s.quantities
        )
        assert figures(a) == figures(b), path.name


# -- a folder without a manifest ----------------------------------------------------------


def test_init_drafts_a_manifest_that_builds(tmp_path, rendered):
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(rendered[("report-2024", "pdf2")], folder / "report.pdf")
    shutil.copy(rendered[("summary-2026", "docx")], folder / "summary.docx")
    (folder / "junk.bin").write_bytes(bytes(range(256)) * 4)
    runner = CliRunner()
    db = str(tmp_path / "p.db")
    refused = runner.invoke(cli, ["build", "--corpus", str(folder), "--db", db])
    assert refused.exit_code == 2 and "plandrift init" in refused.output
    result = runner.invoke(cli, ["init", str(folder)])
    assert result.exit_code == 0, result.output
    text = (folder / "manifest.toml").read_text("utf-8")
    assert "# skipped junk.bin" in text
    entries = {s.id: s for s in manifest.load_manifest(folder)}
    assert entries["report"].kind == "work-report" and entries["report"].place == "吉林市"
    assert entries["report"].title == "2024年吉林市政府工作报告"
    assert runner.invoke(cli, ["init", str(folder)]).exit_code == 2  # no overwrite
    built = runner.invoke(cli, ["build", "--corpus", str(folder), "--db", db])
    assert built.exit_code == 0, built.output


@pytest.mark.parametrize(
    ("title", "text", "place"),
    [
        ("2025年中华人民共和国国务院政府工作报告", "", "全国"),
        (
            "政府工作报告",
            "——2014年2月19日在呼伦贝尔市海拉尔区第十四届人民代表大会第三次会议上",
            "海拉尔区",
        ),
        ("2025年四川省政府工作报告", "", "四川省"),
        ("", "各位代表：现在，我代表四川省人民政府向大会报告工作", "四川省"),
        (
            "2025年广西政府工作报告",
            "——2025年1月13日在广西壮族自治区第十四届人民代表大会第四次会议上",
            "广西壮族自治区",
        ),
        ("会议纪要", "今天开会。", None),
    ],
)
def test_infer_place(title, text, place):
    assert infer_place(title, text) == place
