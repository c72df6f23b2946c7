"""A build works one place at a time: a document's parse looks back only on its place's
earlier documents, a place's goals are linked from its rows alone, and a database is
brought up to date by parsing only what changed and linking only the places it touched."""

from __future__ import annotations

import shutil
from pathlib import Path

from partitions import content, documents, place_rows

from plandrift.compare import align
from plandrift.corpus import build as corpus_build
from plandrift.corpus.store import open_db, stored_documents
from plandrift.workspace import build as workspace


def test_no_statement_repeats_another_places(two_places_db: Path) -> None:
    db = open_db(two_places_db)
    rows = list(
        db.query(
            """select s.id, d.place, p.place as primary_place from statements s
            join statements r on r.id = s.repeat_of
            join documents d on d.id = s.doc join documents p on p.id = r.doc"""
        )
    )
    assert rows  # the gazette reprints 吉林市's report …
    assert all(r["place"] == r["primary_place"] for r in rows)
    # … and 长春市's copy of that report, the same words with other figures, is its own
    cc = db["statements"].count_where("doc = 'cc-report-2024' and repeat_of is null")
    assert cc == db["statements"].count_where("doc = 'cc-report-2024'")


def test_a_document_added_is_parsed_alone_and_links_only_its_place(
    two_places_dir: Path, two_places_db: Path, tmp_path: Path
) -> None:
    docs = documents(two_places_dir)
    path = tmp_path / "p.db"
    first = workspace.rebuild(path, [d for d in docs if d[0].id != "cc-summary-2026"])
    assert first.fresh
    jilin = place_rows(path, "吉林市")
    summary = workspace.rebuild(path, docs)
    assert not summary.fresh
    assert summary.parsed == ["cc-summary-2026"]
    assert summary.linked == ["长春市"]
    assert place_rows(path, "吉林市") == jilin  # untouched
    assert content(path) == content(two_places_db)  # as if built in one go


def test_a_changed_document_is_parsed_again_with_the_later_ones_of_its_place(
    two_places_dir: Path, two_places_db: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "corpus"
    shutil.copytree(two_places_dir, folder)
    path = tmp_path / "p.db"
    shutil.copy(two_places_db, path)
    report = folder / "cc-report-2024.txt"
    original = report.read_text("utf-8")
    report.write_text(original.replace("长春", "长春市区", 1), "utf-8")
    changed = workspace.rebuild(path, documents(folder))
    assert changed.parsed == ["cc-report-2024", "cc-summary-2026"]
    assert changed.linked == ["长春市"]
    report.write_text(original, "utf-8")
    back = workspace.rebuild(path, documents(folder))
    assert back.parsed == ["cc-report-2024", "cc-summary-2026"]
    assert content(path) == content(two_places_db)
    again = workspace.rebuild(path, documents(folder))
    assert (again.parsed, again.linked) == ([], [])


def test_a_place_dropped_takes_its_goals_along(
    two_places_dir: Path, two_places_db: Path, tmp_path: Path
) -> None:
    path = tmp_path / "p.db"
    shutil.copy(two_places_db, path)
    jilin = [d for d in documents(two_places_dir) if d[0].place == "吉林市"]
    summary = workspace.rebuild(path, jilin)
    # one place left: its ids lose their @place, so it is linked again
    assert summary.parsed == [] and summary.linked == ["吉林市"]
    db = open_db(path)
    assert not db["chains"].count_where("id like '%@%'")
    assert not db["chain_members"].count_where("doc like 'cc-%'")


def test_a_build_by_other_code_is_made_anew(two_places_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    shutil.copy(two_places_db, path)
    db = open_db(path)
    db.execute(f"delete from [{workspace.BUILD_TABLE}]")
    stored = stored_documents(db)
    db.conn.close()
    summary = workspace.rebuild(path, stored)
    assert summary.fresh
    assert content(path) == content(two_places_db)


def test_linking_one_place_leaves_the_others(two_places_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    shutil.copy(two_places_db, path)
    db = open_db(path)
    jilin = place_rows(path, "吉林市")
    with db.atomic():
        db.execute("update chains set status = 'x' where id like '%@长春市'")
        align.link(db, places=["长春市"])
    assert not db["chains"].count_where("status = 'x'")
    assert place_rows(path, "吉林市") == jilin
    assert content(path) == content(two_places_db)


def test_a_review_relinks_its_place_and_survives_an_add(
    two_places_dir: Path, tmp_path: Path
) -> None:
    docs = documents(two_places_dir)
    path = tmp_path / "p.db"
    workspace.rebuild(path, [d for d in docs if d[0].id != "cc-summary-2026"])
    db = open_db(path)
    member = next(
        db.query("select chain, statement from chain_members where chain = 'm:grain@吉林市'")
    )
    db.conn.close()
    changchun = place_rows(path, "长春市")
    workspace.review(
        path, member["chain"], statement=member["statement"], decision="reject", relink=True
    )
    assert place_rows(path, "长春市") == changchun
    db = open_db(path)
    gone = "chain = ? and statement = ?"
    assert not db["chain_members"].count_where(gone, [member["chain"], member["statement"]])
    db.conn.close()
    workspace.rebuild(path, docs)
    db = open_db(path)
    assert not db["chain_members"].count_where(gone, [member["chain"], member["statement"]])


def test_parse_all_is_parse_place_by_place(two_places_dir: Path) -> None:
    docs = documents(two_places_dir)
    whole = corpus_build.parse_all(docs)
    assert [d.spec.id for d in whole] == [s.id for s, _ in corpus_build.order(docs)]
    places = corpus_build.by_place(docs)
    assert list(places) == ["吉林市", "长春市"]
    alone = corpus_build.parse_place(places["长春市"])
    mine = [d for d in whole if d.spec.place == "长春市"]
    assert [[st.id for st in d.statements] for d in alone] == [
        [st.id for st in d.statements] for d in mine
    ]


def test_add_reads_back_only_the_later_documents_of_its_place(
    two_places_dir: Path, two_places_db: Path, tmp_path: Path
) -> None:
    docs = documents(two_places_dir)
    path = tmp_path / "p.db"
    workspace.rebuild(path, [d for d in docs if d[0].id != "cc-report-2024"])
    summary = workspace.add_documents(path, [d for d in docs if d[0].id == "cc-report-2024"])
    # the later 长春市 document is parsed again from its stored text, against the new one
    assert summary.parsed == ["cc-report-2024", "cc-summary-2026"]
    assert summary.linked == ["长春市"]
    assert content(path) == content(two_places_db)
