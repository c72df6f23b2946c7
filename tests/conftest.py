"""Shared fixtures: the bundled corpus built once per test session."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from plandrift.corpus.store import open_db
from plandrift.workspace import build as workspace

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "fixtures" / "gold"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def built_db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database of the bundled corpus; treat it as read-only (copy it to change it)."""
    path = tmp_path_factory.mktemp("built") / "plandrift.db"
    workspace.build_corpus(path)
    return path


@pytest.fixture(scope="session")
def parsed():
    """The bundled corpus through the pipeline's text stages (clean, segment, repeats), no
    number read yet: for the tests of cleaning, segmenting and repeats, which must not move
    when number extraction changes."""
    from plandrift.corpus import build, manifest

    docs = build.read_texts(build.load(manifest.load_manifest(manifest.bundled_corpus())))
    return {p.spec.id: p for p in docs}


def _members(db: Path, chain: str) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return [
            r[0]
            for r in conn.execute(
                "select statement from chain_members where chain = ? order by position", [chain]
            )
        ]
    finally:
        conn.close()


@pytest.fixture(scope="session")
def chain_members() -> Callable[[Path, str], list[str]]:
    """The statements of a goal in a database file, in order (reads without plandrift)."""
    return _members


@pytest.fixture()
def built_db(built_db_path: Path):
    db = open_db(built_db_path)
    yield db
    db.conn.close()


@pytest.fixture(scope="session")
def two_places_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A corpus of two places (see tests/partitions.py); read-only."""
    from partitions import two_places

    return two_places(tmp_path_factory.mktemp("two-places"))


@pytest.fixture(scope="session")
def two_places_db(two_places_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """That corpus built in one go, in this process; read-only (copy it to change it)."""
    from partitions import documents

    path = tmp_path_factory.mktemp("two-places-db") / "full.db"
    workspace.rebuild(path, documents(two_places_dir))
    return path
