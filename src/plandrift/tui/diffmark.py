"""A wording with its figures emphasised and its change from the previous wording marked.

Insertions are shown as ``[+…+]`` and deletions as ``[-…-]`` as well as in colour, so the
difference survives NO_COLOR, a monochrome terminal and a copy-paste into an email.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from textual.content import Content

INS_STYLE = "$text-success on $success-muted underline"
DEL_STYLE = "$text-error on $error-muted strike"
FIGURE_STYLE = "bold"
KEY_FIGURE_STYLE = "bold underline reverse"
# Below this similarity an inline diff is confetti; the column says "reworded" instead.
MIN_SIMILARITY = 0.35


@dataclass(frozen=True)
class Span:
    start: int  # offsets into the wording text
    end: int
    key: bool  # the figure the goal is about, not just any number


def locate(text: str, needle: str, near: int) -> int | None:
    """Where ``needle`` occurs in ``text``, the occurrence closest to ``near``.

    Quantity offsets point into the raw file, and the stored statement text may differ from
    the raw slice (joined lines), so the figure is found by its text near its offset.
    """
    best: int | None = None
    i = text.find(needle)
    while i != -1:
        if best is None or abs(i - near) < abs(best - near):
            best = i
        i = text.find(needle, i + 1)
    return best


_NUMBER = re.compile(r"\d+(?:[.,]\d+)*%?")


def tokens(text: str) -> tuple[list[str], list[int]]:
    """Numbers whole, everything else one character: 91.06 -> 93.45 is one replacement,
    not a confetti of changed digits. Returns the tokens and each one's start offset."""
    toks: list[str] = []
    starts: list[int] = []
    i = 0
    for m in _NUMBER.finditer(text):
        for k in range(i, m.start()):
            toks.append(text[k])
            starts.append(k)
        toks.append(m.group())
        starts.append(m.start())
        i = m.end()
    for k in range(i, len(text)):
        toks.append(text[k])
        starts.append(k)
    starts.append(len(text))
    return toks, starts


def similarity(a: str, b: str) -> float:
    """How much of the shorter wording survives in the longer one (0..1).

    Containment rather than difflib's ratio: a short plan target restated inside a long
    report sentence is the same wording grown, and is worth marking inline."""
    ta, tb = tokens(a)[0], tokens(b)[0]
    if not ta or not tb:
        return 0.0
    sm = SequenceMatcher(None, ta, tb, autojunk=False)
    return sum(m.size for m in sm.get_matching_blocks()) / min(len(ta), len(tb))


def _pieces(text: str, start: int, end: int, spans: list[Span], base: str) -> list[tuple[str, str]]:
    """Split text[start:end] at figure boundaries, adding figure styles to ``base``."""
    cuts = {start, end}
    for s in spans:
        cuts.update(x for x in (s.start, s.end) if start < x < end)
    ordered = sorted(cuts)
    out = []
    for a, b in zip(ordered, ordered[1:], strict=False):
        style = base
        for s in spans:
            if s.start <= a and b <= s.end:
                style = f"{base} {KEY_FIGURE_STYLE if s.key else FIGURE_STYLE}".strip()
                break
        out.append((text[a:b], style))
    return out


def _merge(
    ops: Sequence[tuple[str, int, int, int, int]], ta: list[str], shortest: int = 2
) -> list[tuple[str, int, int, int, int]]:
    """Fold short equal runs between two changes into one replacement: 强化 → [-强-]化[+…+]
    reads worse than one [-强化-][+…化…+] pair."""
    out: list[list] = []
    for i, op in enumerate(ops):
        tag, a1, a2, b1, b2 = op
        short = tag == "equal" and sum(len(t) for t in ta[a1:a2]) < shortest
        inner = 0 < i < len(ops) - 1
        if out and (short and inner or tag != "equal") and out[-1][0] != "equal":
            out[-1] = ["replace", out[-1][1], a2, out[-1][3], b2]
        else:
            out.append(list(op))
    return [tuple(o) for o in out]


def mark(text: str, previous: str | None, spans: Sequence[Span] = ()) -> tuple[Content, bool]:
    """The wording as Content, and whether it was diffed inline against ``previous``."""
    spans = list(spans)
    parts: list[tuple[str, str]] = []
    inline = False
    if previous is not None:
        (ta, sa), (tb, sb) = tokens(previous), tokens(text)
        sm = SequenceMatcher(None, ta, tb, autojunk=False)
        inline = similarity(previous, text) >= MIN_SIMILARITY
    if not inline or previous is None:
        parts = _pieces(text, 0, len(text), spans, "")
    else:
        for tag, a1, a2, b1, b2 in _merge(sm.get_opcodes(), ta):
            i1, i2, j1, j2 = sa[a1], sa[a2], sb[b1], sb[b2]
            if tag in ("delete", "replace") and i2 > i1:
                parts.append((f"[-{previous[i1:i2]}-]", DEL_STYLE))
            if tag == "equal":
                parts.extend(_pieces(text, j1, j2, spans, ""))
            elif tag in ("insert", "replace") and j2 > j1:
                parts.append(("[+", INS_STYLE))
                parts.extend(_pieces(text, j1, j2, spans, INS_STYLE))
                parts.append(("+]", INS_STYLE))
    return Content.assemble(*[(t, s) if s else t for t, s in parts if t]), inline
