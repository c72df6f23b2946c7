"""Wording drift: how a goal's wording changed between consecutive documents.

A character diff (difflib, ``autojunk=False``: Chinese has no spaces for the junk heuristic
to work with) between each pair of consecutive wordings, classified into changes a person
can act on, and a drift score per chain (0 = worded the same throughout).
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import Any

from .textsim import nfkc

LABELS = (
    "number-up",
    "number-down",
    "number-changed",
    "number-dropped",
    "softened",
    "strengthened",
    "deadline-moved",
    "terminology",
    "scope-widened",
    "scope-narrowed",
    "reworded",
)
_NUM = re.compile(r"\d+(?:\.\d+)?")
_YEAR = re.compile(r"(20\d{2})年")
# Wording that commits firmly, in order from weakest to strongest.
_FIRMNESS = {
    "争取": 1,
    "力争": 1,
    "争创": 1,
    "努力": 1,
    "预计": 1,
    "左右": 1,
    "探索": 1,
    "谋划": 1,
    "推动": 2,
    "推进": 2,
    "加快": 2,
    "稳定在": 2,
    "确保": 3,
    "必须": 3,
    "实现": 3,
    "达到": 3,
    "以上": 3,
    "不低于": 3,
    "不少于": 3,
    "突破": 3,
    "超过": 3,
}
_SCOPE_WIDE = ("全市", "全区", "全省", "全国", "全面", "所有", "全域", "各")
_SCOPE_UNIT = re.compile(r"[省市县区镇村]")


def diff(a: str, b: str) -> list[tuple[str, str, str]]:
    """Opcodes as (tag, old text, new text) over NFKC text; 'equal' runs included."""
    a, b = nfkc(a), nfkc(b)
    sm = SequenceMatcher(None, a, b, autojunk=False)
    return [(tag, a[i1:i2], b[j1:j2]) for tag, i1, i2, j1, j2 in sm.get_opcodes()]


def _nums(text: str) -> list[float]:
    return [float(x) for x in _NUM.findall(_YEAR.sub("", nfkc(text)))]


def _firmness(text: str) -> int:
    found = [v for w, v in _FIRMNESS.items() if w in text]
    return max(found) if found else 0


def classify(old: str, new: str, ops: list[tuple[str, str, str]]) -> list[str]:
    """Labels for one step: number-up/down, softened/strengthened, deadline-moved, …"""
    labels: list[str] = []
    changed = [(tag, x, y) for tag, x, y in ops if tag != "equal"]
    if not changed:
        return labels
    old_n, new_n = _nums(old), _nums(new)
    if old_n and new_n and old_n[0] != new_n[0]:
        # The first number is the goal's own; later ones are often other items of a list.
        a, b = old_n[0], new_n[0]
        labels.append("number-up" if b > a else "number-down")
    elif old_n and not new_n:
        labels.append("number-dropped")
    old_years = set(_YEAR.findall(nfkc(old)))
    new_years = set(_YEAR.findall(nfkc(new)))
    if old_years and new_years and max(new_years) > max(old_years):
        labels.append("deadline-moved")
    # Commitment is compared only when both wordings commit to something: a report of
    # what happened has no 确保 or 力争, and that is not softening.
    fo, fn = _firmness(old), _firmness(new)
    if (fo and fn and fn < fo) or (old_n and not new_n):
        labels.append("softened")
    elif fo and fn and fn > fo:
        labels.append("strengthened")
    removed = "".join(x for _, x, _ in changed)
    added = "".join(y for _, _, y in changed)
    if any(w in added for w in _SCOPE_WIDE) and not any(w in removed for w in _SCOPE_WIDE):
        labels.append("scope-widened")
    elif any(w in removed for w in _SCOPE_WIDE) and not any(w in added for w in _SCOPE_WIDE):
        labels.append("scope-narrowed")
    if any(
        tag == "replace" and 2 <= len(x) <= 8 and 2 <= len(y) <= 8 and not _NUM.search(x + y)
        for tag, x, y in changed
    ):
        labels.append("terminology")
    if not labels:
        labels.append("reworded")
    return labels


def _terms(text: str, terms: list[str]) -> set[str]:
    return {t for t in terms if t in text}


def representatives(
    wordings: list[tuple[str, str, str]], figures: dict[str, list[float]] | None = None
) -> list[tuple[str, str, str]]:
    """One wording per document, in order: the first that states the chain's number, else
    the first; so that a step compares like with like across documents."""
    figures = figures or {}
    order: list[str] = []
    by_doc: dict[str, list[tuple[str, str, str]]] = {}
    for w in wordings:
        if w[1] not in by_doc:
            order.append(w[1])
        by_doc.setdefault(w[1], []).append(w)
    return [next((w for w in by_doc[d] if figures.get(w[0])), by_doc[d][0]) for d in order]


def _number_labels(old: list[float], new: list[float]) -> list[str]:
    if not old or not new:
        return ["number-dropped"] if old and not new else []
    a, b = old[0], new[0]
    if abs(a - b) <= 1e-9 * max(1.0, abs(a)):
        return []
    return ["number-up" if b > a else "number-down"]


def analyse(
    wordings: list[tuple[str, str, str]],
    terms: list[str] | None = None,
    figures: dict[str, list[float]] | None = None,
) -> dict[str, Any]:
    """Steps between consecutive documents' wordings of a chain, and a drift score.

    ``wordings`` is (statement id, document id, text) in time order; ``figures`` the chain's
    own numbers per statement (base units), which decide number-up/down when both sides
    have one. The score is the mean share of characters changed per step (0..1), so a
    chain that keeps its words scores 0.
    """
    steps: list[dict[str, Any]] = []
    figures = figures or {}
    reps = representatives(wordings, figures)
    for (sid0, doc0, old), (sid, doc, text) in zip(reps, reps[1:], strict=False):
        ops = diff(old, text)
        same = sum(len(x) for tag, x, _ in ops if tag == "equal")
        share = 1 - 2 * same / max(1, len(nfkc(old)) + len(nfkc(text)))
        labels = classify(old, text, ops)
        if figures.get(sid0) and figures.get(sid):
            labels = _number_labels(figures[sid0], figures[sid]) + [
                x for x in labels if not x.startswith("number-")
            ]
        before, after = _terms(old, terms or []), _terms(text, terms or [])
        renamed = None
        if before and after and not before & after:
            renamed = [sorted(before)[0], sorted(after)[0]]
            labels = ["terminology"] + [x for x in labels if x not in ("terminology", "reworded")]
        if labels == ["reworded"] and not share:
            labels = []
        steps.append(
            {
                "from": sid0,
                "to": sid,
                "from_doc": doc0,
                "to_doc": doc,
                "labels": labels,
                "changed": round(share, 3),
                "renamed": renamed,
                "old": old,
                "new": text,
                "ops": [[tag, x, y] for tag, x, y in ops],
            }
        )
    score = round(sum(s["changed"] for s in steps) / len(steps), 3) if steps else 0.0
    return {"steps": steps, "score": score}
