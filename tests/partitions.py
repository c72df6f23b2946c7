"""A small corpus of two places for the partition tests: the bundled 吉林市 documents and
two of them rewritten as 长春市's (figures changed), so that no place reprints another."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from plandrift.corpus import manifest
from plandrift.corpus.build import load
from plandrift.corpus.models import DocSpec
from plandrift.corpus.store import open_db
from plandrift.report import export

TABLES = (
    "documents",
    "sections",
    "articles",
    "statements",
    "quantities",
    "chains",
    "chain_members",
    "promises",
    "reviews",
    "statement_signals",  # kept work: the same whether worked out in one go or bit by bit
)


def _other_place(text: str) -> str:
    text = text.replace("吉林", "长春")
    return re.sub(r"(\d+)\.(\d)", lambda m: f"{int(m.group(1)) + 1}.{m.group(2)}", text)


def two_places(folder: Path, second: tuple[str, ...] = ("report-2024", "summary-2026")) -> Path:
    """Write the corpus into ``folder`` (with a manifest); returns the folder."""
    bundled = manifest.bundled_corpus()
    lines = []
    for spec in manifest.load_manifest(bundled):
        lines += _entry(spec, Path(spec.path).name, spec.id, spec.place or "")
        if spec.id in second:
            name = f"cc-{spec.id}.txt"
            (folder / name).write_text(_other_place(Path(spec.path).read_text("utf-8")), "utf-8")
            lines += _entry(spec, name, f"cc-{spec.id}", "长春市")
    for spec in manifest.load_manifest(bundled):
        (folder / Path(spec.path).name).write_bytes(Path(spec.path).read_bytes())
    (folder / "manifest.toml").write_text("\n".join(lines), "utf-8")
    return folder


def _entry(spec: DocSpec, path: str, doc_id: str, place: str) -> list[str]:
    return [
        "[[documents]]",
        f'id = "{doc_id}"',
        f'path = "{path}"',
        f'title = "{spec.title}"',
        f'kind = "{spec.kind}"',
        f'published = "{spec.published}"',
        f'place = "{place}"',
        "",
    ]


def documents(folder: Path) -> list[tuple[DocSpec, str]]:
    return load(manifest.load_manifest(folder))


def content(path: Path) -> dict[str, object]:
    """Every row of every table (in no particular order) and the JSON export, with each
    document's path cut to its file name (the corpus folder may have moved)."""
    db = open_db(path)
    try:
        out: dict[str, object] = {
            t: sorted(tuple(_named(t, r).values()) for r in db.query(f"select * from [{t}]"))
            for t in TABLES
        }
        data = export.export(db)
        for doc in data["documents"]:
            if doc.get("path"):
                doc["path"] = Path(doc["path"]).name
        out["export"] = export.dumps(data)
        out["search"] = sorted(
            r["id"]
            for r in db.query(
                "select s.id from statements_fts f join statements s on s.rowid = f.rowid "
                "where statements_fts match '生产总值'"
            )
        )
    finally:
        db.conn.close()
    return out


def _named(table: str, row: dict[str, Any]) -> dict[str, Any]:
    if table == "documents":
        row["path"] = Path(row["path"]).name
    return row


def place_rows(path: Path, place: str) -> dict[str, list[tuple[object, ...]]]:
    """One place's goals, members and promises, as rows."""
    db = open_db(path)
    try:
        docs = f"(select id from documents where place = '{place}')"
        chains = f"(select chain from chain_members where doc in {docs})"
        return {
            "chains": sorted(
                tuple(r.values()) for r in db.query(f"select * from chains where id in {chains}")
            ),
            "chain_members": sorted(
                tuple(r.values())
                for r in db.query(f"select * from chain_members where doc in {docs}")
            ),
            "promises": sorted(
                tuple(r.values())
                for r in db.query(f"select * from promises where chain in {chains}")
            ),
        }
    finally:
        db.conn.close()


def kept_cuts(path: Path) -> list[tuple[object, ...]]:
    """The jieba cuts each place's last link kept (they depend on the place alone: the
    caches above the cuts are emptied as each place's link begins)."""
    db = open_db(path)
    try:
        return sorted(tuple(r.values()) for r in db.query("select * from place_cuts"))
    finally:
        db.conn.close()
