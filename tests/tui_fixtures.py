"""A small hand-made database for the TUI's tests and snapshots.

Built from the corpus and compare schemas with fixed rows, so snapshots do not move when
the parser or the aligner improve: only a change in the TUI itself changes them.
"""

from __future__ import annotations

import json
from pathlib import Path

from plandrift.compare import store as compare_store
from plandrift.compare import wordiff
from plandrift.compare.models import Actual, DriftLabel, DriftStep, Measure, Promise, Status
from plandrift.corpus import store as corpus_store

DOCS = [
    (
        "plan-14th",
        "吉林市第十四个五年规划纲要",
        "five-year-plan",
        "2021",
        2021,
        "第四节 发展目标\n到2025年，粮食综合生产能力达到100亿斤，比2020年的85亿斤稳步提高。\n"
        "市场主体达到40万户以上。\n“十四五”时期……推动高质量发展——①稳中求进。\n",
    ),
    (
        "review-2022",
        "2022年吉林市经济社会发展年终综述",
        "year-review",
        "2022-12",
        2022,
        "全市粮食产量91.06亿斤，创历史新高。\n",
    ),
    (
        "report-2024",
        "2024年吉林市政府工作报告",
        "work-report",
        "2024-01-16",
        2024,
        "一、2023年工作回顾\n克服洪灾影响再获粮食丰收，产量达到93.45亿斤。\n经营主体达到44.1万户。\n"
        "二、2024年工作安排\n推动粮食产量加快迈上百亿斤台阶。\n",
    ),
    (
        "summary-2026",
        "2026年吉林市政府工作报告速览",
        "report-summary",
        "2026-01-15",
        2026,
        "粮食产量创97.6亿斤新纪录。\n",
    ),
]

# (statement id, doc, text, section path, role, year, [(figure, value, unit, role, year)])
STATEMENTS = [
    (
        "plan-14th:grain",
        "plan-14th",
        "到2025年，粮食综合生产能力达到100亿斤，比2020年的85亿斤稳步提高。",
        "第四节 发展目标",
        "target",
        2025,
        [("100亿斤", 100.0, "亿斤", "target", 2025), ("85亿斤", 85.0, "亿斤", "baseline", 2020)],
    ),
    (
        "plan-14th:market",
        "plan-14th",
        "市场主体达到40万户以上。",
        "第四节 发展目标",
        "target",
        2025,
        [("40万户", 40.0, "万户", "target", 2025)],
    ),
    (
        "review-2022:grain",
        "review-2022",
        "全市粮食产量91.06亿斤，创历史新高。",
        "",
        "actual",
        2022,
        [("91.06亿斤", 91.06, "亿斤", "actual", 2022)],
    ),
    (
        "report-2024:grain",
        "report-2024",
        "克服洪灾影响再获粮食丰收，产量达到93.45亿斤。",
        "一、2023年工作回顾",
        "actual",
        2023,
        [("93.45亿斤", 93.45, "亿斤", "actual", 2023)],
    ),
    (
        "report-2024:market",
        "report-2024",
        "经营主体达到44.1万户。",
        "一、2023年工作回顾",
        "actual",
        2023,
        [("44.1万户", 44.1, "万户", "actual", 2023)],
    ),
    (
        "report-2024:grain-2024",
        "report-2024",
        "推动粮食产量加快迈上百亿斤台阶。",
        "二、2024年工作安排",
        "target",
        2024,
        [],
    ),
    (
        "summary-2026:grain",
        "summary-2026",
        "粮食产量创97.6亿斤新纪录。",
        "",
        "actual",
        2025,
        [("97.6亿斤", 97.6, "亿斤", "actual", 2025)],
    ),
]


def _grain_dropped() -> DriftStep:
    old, new = "到2025年，粮食综合生产能力达到100亿斤，", "推动粮食产量加快迈上百亿斤台阶。"
    ops = wordiff.diff(old, new)
    return DriftStep(
        chain="m:grain",
        from_promise="plan-14th:grain:q1",
        to_promise=None,
        from_statement="plan-14th:grain",
        to_statement="report-2024:grain-2024",
        from_doc="plan-14th",
        to_doc="report-2024",
        from_written="达到100亿斤",
        to_written="",
        from_year=2025,
        to_year=2024,
        labels=(DriftLabel.NUMBER_DROPPED,),
        old=old,
        new=new,
        ops=tuple((str(op.tag), op.old, op.new) for op in ops),
        changed=wordiff.changed_share(ops),
    )


CHAINS: list[dict] = [
    {
        "id": "m:grain",
        "title": "粮食产量",
        "metric": "grain",
        "area": "农业",
        "kind": "metric",
        "status": "missed",
        "binding": 1,
        "promises": [
            Promise(
                id="plan-14th:grain:q1",
                chain="m:grain",
                statement="plan-14th:grain",
                doc="plan-14th",
                indicator="粮食综合生产能力",
                measure=Measure.LEVEL,
                written="达到100亿斤",
                target=100.0,
                target_hi=None,
                unit="亿斤",
                qualifier="达到",
                year=2025,
                period=None,
                status=Status.MISSED,
                reason="2025 97.6亿斤 (summary-2026) falls short of the 2025 target 达到100亿斤",
                binding=True,
                actuals=(Actual("summary-2026:grain", "summary-2026", 2025, 97.6, "97.6亿斤"),),
                coverage=(2025,),
                value=97.6,
                ratio=0.976,
                expected=100.0,
                baseline=85.0,
                baseline_year=2020,
                evidence=("plan-14th:grain", "summary-2026:grain"),
                headline=True,
            )
        ],
        "members": [
            "plan-14th:grain",
            "review-2022:grain",
            "report-2024:grain",
            "report-2024:grain-2024",
            "summary-2026:grain",
        ],
        # the plan's figure, then a 2024 task that no longer states one: the target dropped
        "drift": [_grain_dropped()],
        "drift_score": 0.41,
        "reasons": ["lexicon metric: grain"],
    },
    {
        "id": "m:market-entities",
        "title": "经营主体",
        "metric": "market-entities",
        "area": "营商环境",
        "kind": "metric",
        "status": "met-early",
        "binding": 0,
        "promises": [
            Promise(
                id="plan-14th:market:q1",
                chain="m:market-entities",
                statement="plan-14th:market",
                doc="plan-14th",
                indicator="市场主体",
                measure=Measure.LEVEL,
                written="达到40万户以上",
                target=40.0,
                target_hi=None,
                unit="万户",
                qualifier="以上",
                year=2025,
                period=None,
                status=Status.MET_EARLY,
                reason="2023 44.1万户 (report-2024) already meets the 2025 target 达到40万户以上",
                actuals=(Actual("report-2024:market", "report-2024", 2023, 44.1, "44.1万户"),),
                coverage=(2023,),
                value=44.1,
                ratio=1.1025,
                evidence=("plan-14th:market", "report-2024:market"),
                headline=True,
            )
        ],
        "members": ["plan-14th:market", "report-2024:market"],
        "drift": [],  # 44.1万户 is a reported figure: progress, not drift
        "drift_score": 0.5,
        "reasons": ["lexicon metric: market-entities (市场主体 → 经营主体)"],
    },
    {
        "id": "p:quality",
        "title": "推动高质量发展",
        "metric": None,
        "area": None,
        "kind": "phrase",
        "status": "no-data",
        "binding": 0,
        "promises": [],
        "members": [],
        "drift": [],
        "drift_score": None,
        "reasons": [],
    },
]


def make_demo_db(path: Path) -> Path:
    """Write the small database at ``path`` and return it."""
    db = corpus_store.open_db(path)
    corpus_store.ensure_schema(db)
    compare_store.ensure_schema(db)
    raws = {d[0]: d[5] for d in DOCS}
    with db.conn:
        for pos, (doc, title, kind, published, year, raw) in enumerate(DOCS):
            db["documents"].insert(
                {
                    "id": doc,
                    "title": title,
                    "kind": kind,
                    "published": published,
                    "year": year,
                    "place": "吉林市",
                    "path": f"{doc}.txt",
                    "sha256": "",
                    "chars": len(raw),
                    "inferred": "[]",
                    "position": pos,
                    "raw": raw,
                }
            )
        db["sections"].insert_all(
            [
                {
                    "id": "plan-14th:s:1",
                    "doc": "plan-14th",
                    "parent": None,
                    "level": 1,
                    "kind": "section",
                    "title": "第四节 发展目标",
                    "path": "第四节 发展目标",
                    "start": 0,
                    "end": len(raws["plan-14th"]),
                },
                {
                    "id": "report-2024:s:1",
                    "doc": "report-2024",
                    "parent": None,
                    "level": 1,
                    "kind": "part",
                    "title": "一、2023年工作回顾",
                    "path": "一、2023年工作回顾",
                    "start": 0,
                    "end": raws["report-2024"].index("二、"),
                },
                {
                    "id": "report-2024:s:2",
                    "doc": "report-2024",
                    "parent": None,
                    "level": 1,
                    "kind": "part",
                    "title": "二、2024年工作安排",
                    "path": "二、2024年工作安排",
                    "start": raws["report-2024"].index("二、"),
                    "end": len(raws["report-2024"]),
                },
            ]
        )
        for seq, (sid, doc, text, section, role, year, figures) in enumerate(STATEMENTS):
            start = raws[doc].index(text)
            db["statements"].insert(
                {
                    "id": sid,
                    "doc": doc,
                    "section": None,
                    "section_path": section,
                    "text": text,
                    "start": start,
                    "end": start + len(text),
                    "seq": seq,
                    "kind": "sentence",
                    "role": role,
                    "year": year,
                }
            )
            for n, (fig, value, unit, qrole, qyear) in enumerate(figures, 1):
                at = start + text.index(fig)
                db["quantities"].insert(
                    {
                        "id": f"{sid}:q{n}",
                        "statement": sid,
                        "doc": doc,
                        "metric": text[:4],
                        "value": value,
                        "unit": unit,
                        "qualifier": "",
                        "role": qrole,
                        "year": qyear,
                        "estimate": 0,
                        "start": at,
                        "end": at + len(fig),
                        "text": fig,
                        "norm_value": value,
                        "norm_unit": unit,
                    }
                )
        docs_of = {s[0]: s[1] for s in STATEMENTS}
        # the goal's own numbers in each member: every quantity of a statement of that goal
        figures_of = {
            (c["id"], sid): [f"{sid}:q{n}" for n in range(1, len(figs) + 1)]
            for c in CHAINS
            for sid, _doc, _t, _s, _r, _y, figs in STATEMENTS
            if sid in c["members"] and sid.split(":")[1].startswith(c["id"][2:6])
        }
        years_of = {s[0]: s[5] for s in STATEMENTS}
        for c in CHAINS:
            db["chains"].insert(
                {
                    "id": c["id"],
                    "title": c["title"],
                    "metric": c["metric"],
                    "area": c["area"],
                    "kind": c["kind"],
                    "status": c["status"],
                    "binding": c["binding"],
                    "headline": next((p.id for p in c["promises"] if p.headline), None),
                    "drift": compare_store.drift_json(c["drift"]),
                    "drift_score": c["drift_score"],
                    "reasons": json.dumps(c["reasons"], ensure_ascii=False),
                    "years": json.dumps(sorted({years_of[m] for m in c["members"]})),
                    "docs": json.dumps(sorted({docs_of[m] for m in c["members"]})),
                }
            )
            db["chain_members"].insert_all(
                [
                    {
                        "chain": c["id"],
                        "statement": m,
                        "doc": docs_of[m],
                        "position": i,
                        "score": 0.9,
                        "reasons": json.dumps(["same metric"]),
                        "figures": json.dumps(figures_of.get((c["id"], m), [])),
                    }
                    for i, m in enumerate(c["members"])
                ]
            )
            db["promises"].insert_all([compare_store.promise_row(p) for p in c["promises"]])
        corpus_store.write_search_index(db)
    db.conn.close()
    return path
