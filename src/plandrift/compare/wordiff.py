"""The one word-level diff: drift steps, the markdown report and the app's marks all use it.

Both wordings are cut into words with numbers whole (``corpus.words``), compared by their
NFKC form (full-width ５．５％ equals 5.5%), and the opcodes are given back as the original
text with offsets. A change is never narrower than a token, so a number is never split:
91.06亿斤 → 93.45亿斤 is one replacement, not a confetti of digits.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from enum import StrEnum

from plandrift.corpus.words import spans

from .textsim import nfkc

# Equal runs shorter than this between two changes are folded into one replacement:
# [-强-]化[+…+] reads worse than one [-强化-][+…化…+] pair.
SHORTEST_EQUAL = 2


class Tag(StrEnum):
    EQUAL = "equal"
    REPLACE = "replace"
    DELETE = "delete"
    INSERT = "insert"


@dataclass(frozen=True)
class Op:
    """One run of the diff: ``old`` is ``a[a0:a1]``, ``new`` is ``b[b0:b1]``."""

    tag: Tag
    old: str
    new: str
    a0: int = 0
    a1: int = 0
    b0: int = 0
    b1: int = 0

    def parts(self) -> list[str]:
        """As stored: ``[tag, old, new]``."""
        return [str(self.tag), self.old, self.new]


def _tokens(text: str) -> tuple[list[str], list[int]]:
    """Comparison keys and each token's start offset (plus the end of the text)."""
    cuts = spans(text)
    return [nfkc(text[a:b]) for a, b in cuts], [a for a, _ in cuts] + [len(text)]


def diff(a: str, b: str) -> list[Op]:
    """Opcodes turning ``a`` into ``b``, equal runs included, over whole words."""
    (ka, sa), (kb, sb) = _tokens(a), _tokens(b)
    sm = SequenceMatcher(None, ka, kb, autojunk=False)
    ops = _merge(sm.get_opcodes(), ka)
    out = []
    for tag, i1, i2, j1, j2 in ops:
        a0, a1, b0, b1 = sa[i1], sa[i2], sb[j1], sb[j2]
        out.append(Op(Tag(tag), a[a0:a1], b[b0:b1], a0, a1, b0, b1))
    return out


def _merge(
    ops: Sequence[tuple[str, int, int, int, int]], keys: list[str]
) -> list[tuple[str, int, int, int, int]]:
    out: list[list] = []
    for i, (tag, a1, a2, b1, b2) in enumerate(ops):
        short = tag == "equal" and sum(len(t) for t in keys[a1:a2]) < SHORTEST_EQUAL
        inner = 0 < i < len(ops) - 1
        if out and (short and inner or tag != "equal") and out[-1][0] != "equal":
            out[-1] = ["replace", out[-1][1], a2, out[-1][3], b2]
        else:
            out.append([tag, a1, a2, b1, b2])
    return [(str(t), int(w), int(x), int(y), int(z)) for t, w, x, y, z in out]


def from_parts(parts: list[list[str]]) -> list[Op]:
    """Stored ``[tag, old, new]`` runs back as Ops, offsets recomputed."""
    out, a, b = [], 0, 0
    for tag, old, new in parts:
        out.append(Op(Tag(tag), old, new, a, a + len(old), b, b + len(new)))
        a, b = a + len(old), b + len(new)
    return out


def changed_share(ops: list[Op]) -> float:
    """Share of characters outside equal runs (0 = the same wording, 1 = nothing shared)."""
    same = sum(len(op.old) for op in ops if op.tag is Tag.EQUAL)
    total = sum(len(op.old) + len(op.new) for op in ops)
    return round(1 - 2 * same / total, 3) if total else 0.0


def _characters(text: str) -> list[str]:
    out: list[str] = []
    for key in _tokens(text)[0]:
        out.extend([key] if any(c.isdigit() for c in key) else list(key))
    return out


def similarity(a: str, b: str) -> float:
    """How much of the shorter wording survives in the longer one (0..1), in words.

    Containment rather than difflib's ratio: a short plan target restated inside a long
    report sentence is the same wording grown, and is worth marking inline. Counted in
    characters, numbers whole: 市场主体 and 经营主体 share half their characters although
    they share no word."""
    ka, kb = _characters(a), _characters(b)
    if not ka or not kb:
        return 0.0
    sm = SequenceMatcher(None, ka, kb, autojunk=False)
    return sum(m.size for m in sm.get_matching_blocks()) / min(len(ka), len(kb))
