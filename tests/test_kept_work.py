"""A link keeps its work for the next one (each statement's signals, the jieba cuts it asked
for): a link with that work gives the rows a link without it gives, a kept entry is used only
for the inputs it was worked out from, and adding a document works out its statements only."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from partitions import documents

from plandrift.compare import align, signals, tokens
from plandrift.corpus.store import open_db
from plandrift.workspace import build as workspace

LINKED = ("chains", "chain_members", "promises")
Rows = dict[str, list[tuple[object, ...]]]


def linked_rows(path: Path) -> Rows:
    db = open_db(path)
    try:
        return {
            t: sorted(tuple(r.values()) for r in db.query(f"select * from [{t}]")) for t in LINKED
        }
    finally:
        db.conn.close()


def relink(path: Path) -> None:
    db = open_db(path)
    try:
        with db.atomic():
            align.link(db)
    finally:
        db.conn.close()


def copied(built_db_path: Path, tmp_path: Path) -> tuple[Path, Rows]:
    """A copy of the built database to link again, and its links as built."""
    path = tmp_path / "p.db"
    shutil.copy(built_db_path, path)
    return path, linked_rows(path)


def test_a_link_with_the_kept_work_is_a_link_without_it(
    built_db_path: Path, tmp_path: Path
) -> None:
    path, built = copied(built_db_path, tmp_path)
    db = open_db(path)
    assert db["statement_signals"].count == db["statements"].count_where("repeat_of is null")
    assert db["place_cuts"].count > 0
    db.conn.close()
    relink(path)  # every statement's signals and most cuts read back
    assert linked_rows(path) == built
    db = open_db(path)
    with db.atomic():
        db.execute("delete from statement_signals")
        db.execute("delete from place_cuts")
    db.conn.close()
    relink(path)  # all worked out again
    assert linked_rows(path) == built


def test_a_kept_entry_holds_only_for_the_inputs_it_was_worked_out_from(
    built_db_path: Path, tmp_path: Path
) -> None:
    path, built = copied(built_db_path, tmp_path)
    db = open_db(path)
    with db.atomic():  # what a statement measures, forgotten: its source still matches
        db.execute("update statement_signals set data = '{}'")
    db.conn.close()
    relink(path)
    assert linked_rows(path) != built  # the kept entries were used …
    db = open_db(path)
    with db.atomic():  # … and for other inputs (another text, lexicon or code) they are not
        db.execute("update statement_signals set source = 'other inputs'")
    db.conn.close()
    relink(path)
    assert linked_rows(path) == built
    db = open_db(path)
    assert not db["statement_signals"].count_where("source = 'other inputs'")
    db.conn.close()


def test_adding_a_document_works_out_the_signals_of_its_statements_only(
    two_places_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = documents(two_places_dir)
    path = tmp_path / "p.db"
    workspace.rebuild(path, [d for d in docs if d[0].id != "cc-summary-2026"])
    worked: list[str] = []
    annotate_one = signals._annotate_one

    def counted(st: signals.Stmt, *args: object) -> None:
        worked.append(st.doc)
        annotate_one(st, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(signals, "_annotate_one", counted)
    workspace.add_documents(path, [d for d in docs if d[0].id == "cc-summary-2026"])
    assert worked and set(worked) == {"cc-summary-2026"}


def test_remembered_cuts_answer_without_jieba_and_what_is_asked_is_kept() -> None:
    kept = ("粮", "食产", "量")  # no cut jieba would make
    with tokens.remembering(tokens.Cuts(words={"粮食产量": kept})) as asked:
        assert tokens.words("粮食产量") == kept
        tagged = tokens.tagged("建设高标准农田")
    assert tokens.words("粮食产量") != kept  # outside the block, jieba's own
    assert asked.words == {"粮食产量": kept}
    assert asked.tagged == {"建设高标准农田": tagged}
