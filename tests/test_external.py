"""The tool on documents it was not built around: the State Council's and a district's reports.

Built as a user would, with a manifest that gives only ids and paths (kind and published are
inferred), then scored against hand-checked labels in tests/fixtures/external/claims.jsonl.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from plandrift.corpus.store import open_db
from plandrift.report import evaluate, export
from plandrift.workspace import build as workspace

ROOT = Path(__file__).resolve().parent.parent
EXTERNAL = ROOT.parent / "shared" / "external"
LABELS = ROOT / "tests" / "fixtures" / "external" / "claims.jsonl"

pytestmark = pytest.mark.skipif(not EXTERNAL.is_dir(), reason="needs ../shared/external")


def write_manifest(folder: Path) -> Path:
    """A corpus folder holding copies of the reports (a manifest may not reach outside)."""
    lines = []
    for series, prefix in (("national-gwr", "national"), ("hailar-district-gwr", "hailar")):
        for path in sorted((EXTERNAL / series).glob("*.txt")):
            name = f"{prefix}-{path.stem}"
            shutil.copyfile(path, folder / f"{name}.txt")
            lines += ["[[documents]]", f'id = "{name}"', f'path = "{name}.txt"', ""]
    (folder / "manifest.toml").write_text("\n".join(lines), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def external_db(tmp_path_factory: pytest.TempPathFactory):
    folder = write_manifest(tmp_path_factory.mktemp("external"))
    path = folder / "external.db"
    workspace.build_corpus(path, folder)
    db = open_db(path)
    yield db
    db.conn.close()


def test_every_report_gets_its_kind_and_year(external_db):
    for doc in external_db.query("select id, kind, published from documents"):
        assert doc["kind"] == "work-report", doc
        assert doc["published"][:4] == doc["id"][-4:], doc


def test_labelled_numbers_are_found_with_role_and_year(external_db):
    raws = {r["id"]: r["raw"] for r in external_db.query("select id, raw from documents")}
    labels = evaluate.read_labels(LABELS, "claims")
    score = evaluate.score_claims(export.export(external_db), raws, labels).as_dict()
    assert score["unlocated_quotes"] == 0
    assert score["recall"] >= RECALL_FLOOR, score
    assert score["role_accuracy"] >= ROLE_FLOOR, score
    assert score["year_accuracy"] >= YEAR_FLOOR, score


# Floors a little under what the current build reaches (see the README's accuracy table).
RECALL_FLOOR = 0.95
ROLE_FLOOR = 0.92
YEAR_FLOOR = 0.92
