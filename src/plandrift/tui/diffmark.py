"""A wording with its figures emphasised and its change from the previous wording marked.

Insertions are shown as ``[+…+]`` and deletions as ``[-…-]`` as well as in colour, so the
difference survives NO_COLOR, a monochrome terminal and a copy-paste into an email. The diff
itself is compare's word-level one (``compare.wordiff``), the same the reports show.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual.content import Content

from plandrift.compare.wordiff import Tag, diff, similarity

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


def mark(text: str, previous: str | None, spans: Sequence[Span] = ()) -> tuple[Content, bool]:
    """The wording as Content, and whether it was diffed inline against ``previous``."""
    spans = list(spans)
    parts: list[tuple[str, str]] = []
    ops = diff(previous, text) if previous is not None else []
    # Close enough, and the word diff keeps a word of two characters or more in place: a
    # diff that replaces everything but a comma says nothing the columns do not.
    inline = (
        previous is not None
        and similarity(previous, text) >= MIN_SIMILARITY
        and any(op.tag is Tag.EQUAL and len(op.old.strip("，。、；：")) >= 2 for op in ops)
    )
    if previous is None or not inline:
        parts = _pieces(text, 0, len(text), spans, "")
    else:
        for op in ops:
            if op.tag in (Tag.DELETE, Tag.REPLACE) and op.old:
                parts.append((f"[-{op.old}-]", DEL_STYLE))
            if op.tag is Tag.EQUAL:
                parts.extend(_pieces(text, op.b0, op.b1, spans, ""))
            elif op.tag in (Tag.INSERT, Tag.REPLACE) and op.new:
                parts.append(("[+", INS_STYLE))
                parts.extend(_pieces(text, op.b0, op.b1, spans, INS_STYLE))
                parts.append(("+]", INS_STYLE))
    return Content.assemble(*[(t, s) if s else t for t, s in parts if t]), inline
