"""The database as a product, tried with Datasette itself and with sqlite-utils."""

from __future__ import annotations

import asyncio
import json
import shutil

import sqlite_utils
from click.testing import CliRunner

from plandrift.cli.main import cli
from plandrift.report import datasette as meta


def _get(ds, path: str):
    async def go():
        return await ds.client.get(path)

    response = asyncio.run(go())
    assert response.status_code == 200, (path, response.text[:300])
    return response.json()


def test_word_search_and_canned_queries_in_datasette(built_db_path, tmp_path):
    from datasette.app import Datasette

    path = tmp_path / "plandrift.db"
    shutil.copy(built_db_path, path)
    with_word = (
        sqlite_utils.Database(path)
        .execute("select count(*) from statements where instr(text, '粮食') > 0")
        .fetchone()[0]
    )
    assert with_word == 36
    ds = Datasette([str(path)], metadata=meta.metadata(path))
    found = _get(ds, "/plandrift/statements.json?_search=粮食&_shape=array&_size=max")
    assert len(found) == with_word and all("粮食" in r["text"] for r in found)
    missed = _get(ds, "/plandrift/missed_promises.json?_shape=array")
    assert any(r["chain"] == "m:grain" and r["promise"] == "稳定在100亿斤" for r in missed)
    years = _get(ds, "/plandrift/promises_by_year.json?_shape=array")
    assert 2025 in {r["year"] for r in years} and sum(r["promises"] for r in years) > 100
    evidence = _get(ds, "/plandrift/goal_evidence.json?goal=m:grain&_shape=array")
    assert evidence and any(r["evidence"] for r in evidence)
    assert [r["position"] for r in evidence] == sorted(r["position"] for r in evidence)
    # the metadata's descriptions are served too
    table = _get(ds, "/-/metadata.json")["databases"]["plandrift"]["tables"]
    assert "粮食" in table["statements"]["description"]


def test_sqlite_utils_finds_two_character_words(built_db):
    assert len(list(built_db["statement_words"].search("粮食"))) == 36
    # the trigram index needs three characters: that is why the word index is there
    assert not list(built_db["statements"].search("粮食"))
    assert list(built_db["statements"].search("粮食产量"))


def test_foreign_keys_join_goals_members_promises_and_statements(built_db):
    keys = {
        (t, fk.column, fk.other_table)
        for t in ("chain_members", "promises", "chains", "statement_words")
        for fk in built_db[t].foreign_keys
    }
    assert {
        ("chain_members", "chain", "chains"),
        ("chain_members", "statement", "statements"),
        ("promises", "statement", "statements"),
        ("promises", "chain", "chains"),
        ("chains", "headline", "promises"),
        ("statement_words", "id", "statements"),
    } <= keys
    assert not built_db.execute("pragma foreign_key_check").fetchall()


def test_serve_writes_the_metadata_for_the_database(built_db_path, tmp_path):
    path = tmp_path / "reports.db"
    shutil.copy(built_db_path, path)
    res = CliRunner().invoke(cli, ["serve", "--db", str(path), "--metadata", "-"])
    assert res.exit_code == 0
    data = json.loads(res.output)
    assert set(data["databases"]) == {"reports"}
    assert data["databases"]["reports"]["tables"]["statements"]["fts_table"] == (
        "statement_words_fts"
    )
