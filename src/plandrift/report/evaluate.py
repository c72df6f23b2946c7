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

from plandrift.corpus.errors import BadInput

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
            return [json.loads(line) for line in text.splitlines() if line.strip()]
        return json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise BadInput(f"{path}: not valid JSON ({exc}); give a file in the gold format") from exc


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
