"""Score the export against labelled claims and chains (the format of shared/gold/).

A claim is found when an exported quantity lies inside an occurrence of its quote in the
raw file (located after removing all whitespace, mapped back) and has the same value.
Chains are scored as pairs of statements (precision, recall, F1).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

import sqlite_utils

from plandrift.compare import query
from plandrift.corpus.errors import BadInput

from . import export

_WS = re.compile(r"\s")


def _stripped(raw: str) -> tuple[str, list[int]]:
    keep = [i for i, ch in enumerate(raw) if not _WS.match(ch)]
    return "".join(raw[i] for i in keep), keep


class Locator:
    """Finds a gold quote's raw spans in a document."""

    def __init__(self, raws: dict[str, str]) -> None:
        self._docs = {doc: _stripped(raw) for doc, raw in raws.items()}

    def spans(self, doc: str, quote: str) -> list[tuple[int, int]]:
        if doc not in self._docs:
            return []
        text, keep = self._docs[doc]
        q = _WS.sub("", quote)
        out, i = [], text.find(q)
        while i >= 0 and q:
            out.append((keep[i], keep[i + len(q) - 1] + 1))
            i = text.find(q, i + 1)
        return out


def read_labels(path: Path, what: str) -> Any:
    if not path.is_file():
        raise BadInput(f"{path}: no such {what} file; give the path of a labelled set")
    try:
        text = path.read_text("utf-8")
        if path.suffix == ".jsonl":
            data = [json.loads(line) for line in text.splitlines() if line.strip()]
        else:
            data = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise BadInput(f"{path}: not valid JSON ({exc}); give a file in the gold format") from exc
    except OSError as exc:
        raise BadInput(f"{path}: cannot read it ({exc.strerror}); check its permissions") from exc
    _check_shape(data, what, path)
    return data


# What each labelled entry must hold (shared/gold/claims.jsonl, shared/gold/chains.json).
_NEEDS = {
    "claims": ("doc", "quote", "value", "role", "year"),
    "chains": ("chain", "members"),
    "verdicts": ("doc", "quote", "expect"),
}


def _check_shape(data: Any, what: str, path: Path) -> None:
    """Labels of the wrong shape are one line naming the entry, not a traceback mid-score."""
    needs = _NEEDS.get(what, ())
    items = data if isinstance(data, list) else None
    if items is None or not all(isinstance(x, dict) for x in items):
        raise BadInput(f"{path}: {what} must be a list of objects in the gold format")
    for n, item in enumerate(items, 1):
        missing = next((k for k in needs if k not in item), None)
        if missing is None and what == "chains" and not _members_ok(item["members"]):
            missing = "members with doc and quote"
        if missing:
            raise BadInput(f"{path}: {what} entry {n} lacks {missing}; see the gold format")


def _members_ok(members: Any) -> bool:
    return isinstance(members, list) and all(
        isinstance(m, dict) and {"doc", "quote"} <= set(m) for m in members
    )


@dataclass
class ClaimScore:
    total: int = 0
    found: int = 0
    role_ok: int = 0
    year_ok: int = 0
    unlocated: int = 0
    misses: list[dict] = field(default_factory=list)
    wrong: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "claims": self.total,
            "found": self.found,
            "unlocated_quotes": self.unlocated,
            "recall": _ratio(self.found, self.total),
            "role_accuracy": _ratio(self.role_ok, self.found),
            "year_accuracy": _ratio(self.year_ok, self.found),
        }


def _ratio(a: int, b: int) -> float:
    return round(a / b, 4) if b else 0.0


def score_claims(export: dict[str, Any], raws: dict[str, str], claims: list[dict]) -> ClaimScore:
    loc = Locator(raws)
    by_doc: dict[str, list[dict]] = {}
    for st in export["statements"]:
        by_doc.setdefault(st["doc"], []).extend(st["quantities"])
    score = ClaimScore()
    for claim in claims:
        score.total += 1
        spans = loc.spans(claim["doc"], claim["quote"])
        if not spans:
            score.unlocated += 1
        hits = [
            q
            for q in by_doc.get(claim["doc"], [])
            for s, e in spans
            if s <= q["start"] and q["end"] <= e and _same(q["value"], claim["value"])
        ]
        if not hits:
            score.misses.append(claim)
            continue
        score.found += 1
        best = max(hits, key=lambda q: (q["role"] == claim["role"]) + (q["year"] == claim["year"]))
        score.role_ok += best["role"] == claim["role"]
        score.year_ok += best["year"] == claim["year"]
        if best["role"] != claim["role"] or best["year"] != claim["year"]:
            score.wrong.append({**claim, "got_role": best["role"], "got_year": best["year"]})
    return score


def _same(a: float | None, b: float | None) -> bool:
    return a is not None and b is not None and abs(float(a) - float(b)) < 1e-6 * max(1, abs(b))


@dataclass
class ChainScore:
    precision: float
    recall: float
    f1: float
    gold_pairs: int
    predicted_pairs: int
    missed: list[tuple[str, str, str]]  # (gold chain, statement a, statement b)
    invented: list[tuple[str, str, str]]  # (exported chain, statement a, statement b)
    unlocated: list[dict]

    def as_dict(self) -> dict[str, Any]:
        return {
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "gold_pairs": self.gold_pairs,
            "predicted_pairs": self.predicted_pairs,
            "unlocated_members": len(self.unlocated),
        }


def _member_statement(export: dict, loc: Locator, member: dict) -> str | None:
    """The exported statement overlapping the member's quote most."""
    best, best_overlap = None, 0
    for s, e in loc.spans(member["doc"], member["quote"]):
        for st in export["statements"]:
            if st["doc"] != member["doc"]:
                continue
            overlap = min(e, st["end"]) - max(s, st["start"])
            if overlap > best_overlap:
                best, best_overlap = st, overlap
    if best is None:
        return None
    # A repeat is the same evidence as its primary.
    return best.get("repeat_of") or best["id"]


def score_chains(export: dict[str, Any], raws: dict[str, str], gold: list[dict]) -> ChainScore:
    loc = Locator(raws)
    gold_pairs: dict[tuple[str, str], str] = {}
    unlocated = []
    for chain in gold:
        ids = []
        for m in chain["members"]:
            sid = _member_statement(export, loc, m)
            if sid is None:
                unlocated.append({"chain": chain["chain"], **m})
            elif sid not in ids:
                ids.append(sid)
        for a, b in combinations(sorted(ids), 2):
            gold_pairs.setdefault((a, b), chain["chain"])
    primary = {st["id"]: st.get("repeat_of") or st["id"] for st in export["statements"]}
    pred_pairs: dict[tuple[str, str], str] = {}
    for c in export["chains"]:
        ids = sorted({primary.get(s, s) for s in c["statements"]})
        for a, b in combinations(ids, 2):
            pred_pairs.setdefault((a, b), c["id"])
    # Only pairs among statements the gold set covers count as invented: the gold set
    # labels some goals, not all, so links between unlabelled statements are not judged.
    covered = {s for pair in gold_pairs for s in pair}
    judged = {p: c for p, c in pred_pairs.items() if p[0] in covered and p[1] in covered}
    tp = len(set(gold_pairs) & set(judged))
    precision = _ratio(tp, len(judged))
    recall = _ratio(tp, len(gold_pairs))
    f1 = round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0
    return ChainScore(
        precision=precision,
        recall=recall,
        f1=f1,
        gold_pairs=len(gold_pairs),
        predicted_pairs=len(judged),
        missed=sorted((c, a, b) for (a, b), c in gold_pairs.items() if (a, b) not in judged),
        invented=sorted((c, a, b) for (a, b), c in judged.items() if (a, b) not in gold_pairs),
        unlocated=unlocated,
    )


@dataclass
class VerdictMiss:
    case: dict[str, Any]
    got: list[tuple[str, str, str]]  # (goal, status, reason) of every promise found


@dataclass
class VerdictScore:
    total: int = 0
    right: int = 0
    misses: list[VerdictMiss] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "cases": self.total,
            "right": self.right,
            "accuracy": _ratio(self.right, self.total),
        }


def _promises_for(export: dict[str, Any], loc: Locator, case: dict[str, Any]) -> list[dict]:
    """The promises a case names: those of the statement holding its quote, narrowed to the
    ones whose number (or, qualitative, whose name) lies inside the quote where any does."""
    spans = loc.spans(case["doc"], case["quote"])
    primary = {st["id"]: st.get("repeat_of") or st["id"] for st in export["statements"]}
    where: dict[str, tuple[int, int]] = {}
    for st in export["statements"]:
        for q in st["quantities"]:
            where[q.get("id", "")] = (q["start"], q["end"])
    holding = {
        primary[st["id"]]
        for st in export["statements"]
        if st["doc"] == case["doc"]
        and any(min(e, st["end"]) > max(s, st["start"]) for s, e in spans)
    }
    found = [
        p | {"goal": c["id"]}
        for c in export["chains"]
        for p in c.get("promises", [])
        if p["statement"] in holding
    ]
    quote = _WS.sub("", case["quote"])
    inside = [
        p
        for p in found
        if (
            p["measure"] != "qualitative"
            and p["id"] in where
            and any(s <= where[p["id"]][0] and where[p["id"]][1] <= e for s, e in spans)
        )
        or (p["measure"] == "qualitative" and (p["indicator"] in quote or quote in p["indicator"]))
    ]
    # A reprint's promise sits on its primary: match its number by value instead of offsets.
    return inside or found


def score_verdicts(export: dict[str, Any], raws: dict[str, str], cases: list[dict]) -> VerdictScore:
    """A case is right when every verdict the export gives its target is one it allows."""
    loc = Locator(raws)
    score = VerdictScore()
    for case in cases:
        score.total += 1
        found = _promises_for(export, loc, case)
        if found and all(p["status"] in case["expect"] for p in found):
            score.right += 1
        else:
            score.misses.append(
                VerdictMiss(case, [(p["goal"], p["status"], p["reason"]) for p in found])
            )
    return score


GOLD_CANDIDATES = (Path("../shared/gold"), Path("tests/fixtures/gold"))


def default_labels(name: str) -> Path | None:
    return next((f / name for f in GOLD_CANDIDATES if (f / name).is_file()), None)


@dataclass
class Evaluation:
    claims: ClaimScore | None
    chains: ChainScore | None
    verdicts: VerdictScore | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "claims": self.claims.as_dict() if self.claims else None,
            "chains": self.chains.as_dict() if self.chains else None,
            "verdicts": self.verdicts.as_dict() if self.verdicts else None,
        }


def evaluate(
    db: sqlite_utils.Database,
    claims: Path | None = None,
    chains: Path | None = None,
    verdicts: Path | None = None,
) -> Evaluation:
    """Every labelled set found, scored; a set of labels for other documents is left out."""
    data = export.export(db)
    raws = query.document_raws(db)
    paths = {
        name: given or default_labels(name)
        for name, given in (
            ("claims.jsonl", claims),
            ("chains.json", chains),
            ("verdicts.json", verdicts),
        )
    }
    if not any(paths.values()):
        raise BadInput("no labels found in ../shared/gold or tests/fixtures/gold; pass their paths")
    cl = (
        [c for c in read_labels(paths["claims.jsonl"], "claims") if c["doc"] in raws]
        if paths["claims.jsonl"]
        else []
    )
    ch = (
        [
            c
            for c in read_labels(paths["chains.json"], "chains")
            if any(m["doc"] in raws for m in c["members"])
        ]
        if paths["chains.json"]
        else []
    )
    vd = (
        [c for c in read_labels(paths["verdicts.json"], "verdicts") if c["doc"] in raws]
        if paths["verdicts.json"]
        else []
    )
    if not (cl or ch or vd):
        raise BadInput("no labels name the documents of this database; pass labels for them")
    return Evaluation(
        claims=score_claims(data, raws, cl) if cl else None,
        chains=score_chains(data, raws, ch) if ch else None,
        verdicts=score_verdicts(data, raws, vd) if vd else None,
    )


def render(ev: Evaluation, misses: int) -> str:
    """The scores, then up to ``misses`` of each kind of miss, with the tool's own reasons."""
    out: list[str] = []
    if ev.claims:
        c = ev.claims.as_dict()
        out.append(
            f"claims: {c['found']}/{c['claims']} found (recall {c['recall']:.1%}), "
            f"role {c['role_accuracy']:.1%}, year {c['year_accuracy']:.1%}"
        )
        out += [
            f"  miss  {m['doc']}: {m['quote']} → {m['value']}{m['unit']}"
            for m in ev.claims.misses[:misses]
        ]
        out += [
            f"  wrong {w['doc']}: {w['quote']} → {w['value']}{w['unit']} "
            f"role {w['got_role']}≠{w['role']} year {w['got_year']}≠{w['year']}"
            for w in ev.claims.wrong[:misses]
        ]
    if ev.chains:
        ch = ev.chains
        out.append(
            f"chains: pairwise precision {ch.precision:.1%}, recall {ch.recall:.1%}, "
            f"F1 {ch.f1:.3f} ({ch.gold_pairs} gold pairs, {ch.predicted_pairs} predicted)"
        )
        out += [f"  missed   [{g}] {a} ~ {b}" for g, a, b in ch.missed[:misses]]
        out += [f"  invented [{c}] {a} ~ {b}" for c, a, b in ch.invented[:misses]]
    if ev.verdicts:
        v = ev.verdicts
        out.append(f"verdicts: {v.right}/{v.total} right ({_ratio(v.right, v.total):.1%})")
        for m in v.misses[:misses]:
            out.append(
                f"  wrong {m.case['doc']}: {m.case['quote']} — expected "
                f"{'/'.join(m.case['expect'])}"
            )
            if not m.got:
                out.append("        no promise holds it")
            out += [f"        {status} [{goal}]: {reason}" for goal, status, reason in m.got]
    return "\n".join(out) + "\n"
