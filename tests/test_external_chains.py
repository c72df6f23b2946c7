"""The external corpus (../shared/external): yearly goals chained across the years.

Skips cleanly when ../shared is not there.
"""

from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from plandrift.cli.main import cli

HERE = Path(__file__).resolve().parent / "fixtures" / "external"
SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "external"

pytestmark = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/external is absent")


def local_corpus(folder: Path) -> Path:
    """The fixture manifest with its reports copied beside it: a manifest's paths must stay
    inside its folder, and the fixture's point into ../shared."""
    docs = tomllib.loads((HERE / "manifest.toml").read_text("utf-8"))["documents"]
    lines = []
    for doc in docs:
        name = f"{doc['id']}.txt"
        shutil.copyfile(HERE / doc["path"], folder / name)
        lines.append("[[documents]]")
        lines += [f"{k} = {json.dumps(name if k == 'path' else v)}" for k, v in doc.items()]
    (folder / "manifest.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_external_chains_f1(tmp_path):
    db = tmp_path / "ext.db"
    runner = CliRunner()
    corpus = local_corpus(tmp_path)
    built = runner.invoke(cli, ["build", "--corpus", str(corpus), "--db", str(db)])
    assert built.exit_code == 0, built.output
    res = runner.invoke(
        cli, ["eval", "--db", str(db), "--chains", str(HERE / "chains.json"), "--json"]
    )
    assert res.exit_code == 0, res.output
    chains = json.loads(res.output)["chains"]
    assert chains["f1"] >= 0.8 and chains["precision"] >= 0.8, chains


def test_places_never_mix_without_a_place_in_the_manifest(tmp_path):
    """The State Council's and a district's reports, no place given: the place is inferred
    from each text, and each GDP series is a goal of its own."""
    import shutil

    corpus = tmp_path / "two"
    corpus.mkdir()
    blocks = []
    for series, year in (
        ("national-gwr", 2023),
        ("national-gwr", 2024),
        ("hailar-district-gwr", 2018),
        ("hailar-district-gwr", 2019),
    ):
        name = f"{series}-{year}.txt"
        shutil.copy(SHARED / series / f"{year}.txt", corpus / name)
        blocks.append(
            f'[[documents]]\nid = "{series}-{year}"\npath = "{name}"\n'
            f'kind = "work-report"\npublished = "{year}"\n'
        )
    (corpus / "manifest.toml").write_text("\n".join(blocks), encoding="utf-8")
    db = tmp_path / "two.db"
    out = CliRunner().invoke(cli, ["build", "--corpus", str(corpus), "--db", str(db)])
    assert out.exit_code == 0, out.output
    from plandrift.corpus.store import open_db

    conn = open_db(db)
    assert {r["place"] for r in conn.query("select place from documents")} == {"全国", "海拉尔区"}
    gdp = [r["id"] for r in conn.query("select id from chains where id like 'm:gdp%'")]
    assert sorted(gdp) == ["m:gdp@全国", "m:gdp@海拉尔区"]


PROVINCES = SHARED / "provinces"


@pytest.mark.skipif(not PROVINCES.is_dir(), reason="../shared/external/provinces is absent")
def test_each_province_has_one_goal_per_main_indicator_and_judges_its_targets(tmp_path):
    """Real 2025 and 2026 provincial reports: GDP, jobs, CPI, retail, investment and income
    each form one goal per province, and the 2025 GDP target is judged by the 2026 report."""
    import shutil

    corpus = tmp_path / "prov"
    corpus.mkdir()
    wanted = ("anhui", "henan", "zhejiang", "guangdong", "hunan", "liaoning")
    blocks = []
    manifest = (PROVINCES / "manifest.toml").read_text("utf-8").split("[[documents]]")
    for block in manifest:
        if any(f'"{w}-20' in block for w in wanted):
            blocks.append("[[documents]]" + block)
            name = block.split('path = "')[1].split('"')[0]
            shutil.copy(PROVINCES / name, corpus / name)
    (corpus / "manifest.toml").write_text("\n".join(blocks), encoding="utf-8")
    db = tmp_path / "prov.db"
    out = CliRunner().invoke(cli, ["build", "--corpus", str(corpus), "--db", str(db)])
    assert out.exit_code == 0, out.output
    from plandrift.corpus.store import open_db

    conn = open_db(db)
    places = {r["place"] for r in conn.query("select place from documents")}
    assert len(places) == len(wanted)
    ids = [r["id"] for r in conn.query("select id from chains")]
    for key in ("gdp", "urban-jobs"):
        assert sorted(i for i in ids if i.startswith(f"m:{key}@")) == sorted(
            f"m:{key}@{p}" for p in places
        ), key
    for key in ("cpi", "retail-sales", "fixed-investment"):
        assert len([i for i in ids if i.startswith(f"m:{key}@")]) >= len(places) - 2, key
    gdp = {
        r["chain"]: r["status"]
        for r in conn.query(
            "select chain, status from promises where chain like 'm:gdp@%' and year = 2025 "
            "and doc like '%-2025'"
        )
    }
    assert len(gdp) == len(places) and set(gdp.values()) <= {"met", "missed"}, gdp
