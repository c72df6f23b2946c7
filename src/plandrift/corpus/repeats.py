"""Mark statements that repeat an earlier one, so later stages never count a claim twice.

A repeat is a statement whose normalised text (NFKC, no whitespace or punctuation) was seen
before, in corpus order: the same document (a gazette printed twice) or an earlier one (a
report reprinted in a gazette). Extraction damage is tolerated: a near-duplicate
(``fuzz.ratio`` >= 92 on texts of similar length) or a fragment of an earlier statement
(a sentence cut in two by a column break) is a repeat too. Candidates come from an index
of character 4-grams, so the work stays linear in practice.

``run`` is the repeats stage: it reads only the statements' text, so it runs across all
documents right after segmenting, before any number is read, and a statement it cuts in
two is read by the later stages like any other.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

from rapidfuzz import fuzz

from .ids import IdMaker
from .models import Statement
from .parsed import ParsedDocument

_NOISE = re.compile(r"[\W_]+")
_DIGITS = re.compile(r"\d+")
# characters NFKC changes that are not punctuation (dropped anyway): full-width letters and
# digits, Roman and circled numerals, compatibility ideographs
_COMPAT = re.compile(
    "[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\u2150-\u24ff\u3200-\u33ff\uf900-\ufaff]"
)
MIN_CHARS = 10  # shorter statements are never repeats (`各位代表！`, `加强产权保护。`)
MIN_SHORT = 4  # … but one this long repeats when its neighbour does (see _short_neighbours)
MIN_FRAGMENT = 12  # a fragment this long, found inside an earlier statement, repeats it
NEAR = 92.0  # fuzz.ratio for a near-duplicate
GRAM = 4
STRIDE = 3  # 4-grams are indexed every STRIDE characters; probes come in runs of STRIDE
PASSAGE = 3  # a cross-document repeat needs, within this many statements either side, …
PASSAGE_MIN = 2  # … at least this many others repeating the same document
PASSAGE_CHARS = 40  # … holding this much text together: a yearly goal list that recurs
# clause by clause (城镇新增就业1200万人以上；国际收支保持基本平衡；) is new claims, not a reprint
MAX_POSTING = 80  # 4-grams more common than this say nothing about identity
MAX_CANDIDATES = 8  # earlier statements compared with one statement, at most
GLUE_CANDIDATES = 12  # … and tried as the first piece of a glued statement


@lru_cache(maxsize=16384)
def key(text: str) -> str:
    """The text as compared: NFKC, without whitespace or punctuation (cached: a statement's
    key is asked for by each pass)."""
    if _COMPAT.search(text):
        text = unicodedata.normalize("NFKC", text)
    return _NOISE.sub("", text)


def _probes(k: str) -> list[list[str]]:
    """Runs of STRIDE consecutive 4-grams at the start, middle and end of ``k``.

    The index holds every STRIDE-th 4-gram of a primary, so one gram of each run lines up
    with an indexed one wherever ``k`` sits inside it.
    """
    last = len(k) - GRAM
    if last < 0:
        return []
    runs = []
    for at in dict.fromkeys((0, max(0, last // 2 - 1), max(0, last - STRIDE + 1))):
        runs.append([k[i : i + GRAM] for i in range(at, min(at + STRIDE, last + 1))])
    return runs


def _prefix_inside(k: str, other: str) -> int:
    """Length of the longest prefix of ``k`` found inside ``other``."""
    lo, hi = 0, min(len(k), len(other))
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if k[:mid] in other:
            lo = mid
        else:
            hi = mid - 1
    return lo


class _Index:
    """Primary statements seen so far: by exact key and by 4-gram.

    ``mark`` and ``truncate`` take back what was added since a mark: a document marked
    again after its glued statements were cut is indexed again, the ones before it are not.
    """

    def __init__(self) -> None:
        self.exact: dict[str, str] = {}
        self.keys: list[str] = []
        self.ids: list[str] = []
        self.grams: dict[str, list[int]] = defaultdict(list)
        self.docs: dict[str, str] = {}
        self._new_exact: list[str] = []  # exact keys added, in order
        self._new_grams: list[str] = []  # grams appended to, in order

    def doc(self, st_id: str) -> str:
        return self.docs.get(st_id, "")

    def add(self, k: str, st_id: str, doc: str) -> None:
        self.docs[st_id] = doc
        if k not in self.exact:
            self.exact[k] = st_id
            self._new_exact.append(k)
        pos = len(self.keys)
        self.keys.append(k)
        self.ids.append(st_id)
        grams = self.grams
        for i in range(0, len(k) - GRAM + 1, STRIDE):
            g = k[i : i + GRAM]
            grams[g].append(pos)
            self._new_grams.append(g)

    def add_primaries(self, statements: Sequence[Statement]) -> None:
        """Index the primaries of a document that is marked already."""
        for st in statements:
            k = key(st.text)
            if st.repeat_of is None and len(k) >= MIN_CHARS:
                self.add(k, st.id, st.doc)

    def mark(self) -> tuple[int, int, int]:
        return len(self.keys), len(self._new_exact), len(self._new_grams)

    def truncate(self, mark: tuple[int, int, int]) -> None:
        """Forget every statement added since ``mark``."""
        n, n_exact, n_grams = mark
        for st_id in self.ids[n:]:
            self.docs.pop(st_id, None)
        del self.keys[n:], self.ids[n:]
        for k in self._new_exact[n_exact:]:
            del self.exact[k]
        del self._new_exact[n_exact:]
        for g in reversed(self._new_grams[n_grams:]):
            self.grams[g].pop()
        del self._new_grams[n_grams:]

    def find(self, k: str) -> str | None:
        """The id of an earlier primary that ``k`` repeats, if any."""
        if k in self.exact:
            return self.exact[k]
        sets = []
        for run in _probes(k):
            found: set[int] = set()
            for g in run:
                posting = self.grams.get(g, ())
                if len(posting) <= MAX_POSTING:
                    found.update(posting)
            sets.append(found)
        if len(sets) >= 2:  # found by at least two of the start, middle and end runs
            pairs = [a & b for i, a in enumerate(sets) for b in sets[i + 1 :]]
            candidates = set().union(*pairs)
        else:
            candidates = sets[0] if sets else set()
        for pos in sorted(candidates)[:MAX_CANDIDATES]:
            if self._same(k, self.keys[pos]):
                return self.ids[pos]
        if len(sets) >= 2 and len(k) >= 2 * MIN_FRAGMENT:
            return self._glued(k, sets[0], sets[-1])
        return None

    def _glued(self, k: str, head: set[int], tail: set[int]) -> str | None:
        """Two pieces of earlier statements joined by a column break (``k = a + b``)."""
        best, at = 0, -1
        for pos in sorted(head)[:GLUE_CANDIDATES]:
            n = _prefix_inside(k, self.keys[pos])
            if n > best:
                best, at = n, pos
        if best < MIN_FRAGMENT:
            return None
        rest = k[best:]
        if len(rest) < MIN_FRAGMENT // 2:
            return self.ids[at]
        if any(rest in self.keys[pos] for pos in sorted(tail)[:MAX_CANDIDATES]):
            return self.ids[at]
        return None

    @staticmethod
    def _same(k: str, other: str) -> bool:
        if len(k) >= MIN_FRAGMENT and len(k) < len(other) and k in other:
            return True
        if not 0.8 <= len(k) / len(other) <= 1.25:
            return False
        # damage sits inside a sentence: both ends and every number must agree
        if k[:GRAM] != other[:GRAM] or k[-GRAM:] != other[-GRAM:]:
            return False
        if _DIGITS.findall(k) != _DIGITS.findall(other):
            return False
        return fuzz.ratio(k, other, score_cutoff=NEAR) > 0


def mark_repeats(docs: list[list[Statement]], start: int = 0) -> None:
    """``docs`` in corpus order; set ``repeat_of`` to the id of the first (primary) copy.

    Within a document any repeat counts. Across documents only a passage counts (a reprint):
    a sentence that merely recurs in a later report (``居民消费价格涨幅3%左右。``) is a new
    claim about a new year, so it needs neighbours that repeat the same document too.

    ``start``: the documents before it are marked already and unchanged (marking again after
    a later document's statements were split); their primaries are only indexed.
    """
    index = _Index()
    for statements in docs[:start]:
        index.add_primaries(statements)
    for statements in docs[start:]:
        _mark_document(statements, index)
    _short_neighbours(docs)


def _mark_document(statements: list[Statement], index: _Index) -> None:
    """Mark one document's repeats against ``index`` (the primaries before it), indexing its
    own primaries as they come."""
    tentative: dict[int, str] = {}
    keys: dict[int, str] = {}
    for pos, st in enumerate(statements):
        st.repeat_of = None
        k = key(st.text)
        if len(k) < MIN_CHARS:
            continue
        keys[pos] = k
        primary = index.find(k)
        if primary is None or primary == st.id:
            index.add(k, st.id, st.doc)
        elif index.doc(primary) == st.doc:
            st.repeat_of = primary
        else:
            tentative[pos] = primary
    _settle(statements, tentative, keys, index)


def _short_neighbours(
    docs: list[list[Statement]],
    only: range | None = None,
    where: dict[str, tuple[int, int]] | None = None,
) -> None:
    """A clause too short to be judged alone (固定资产投资增长5%，) repeats its primary's
    neighbour when the clause beside it is a repeat and the texts agree: a goal list split
    into clauses is reprinted as a whole, and its short clauses must not count twice.

    ``only``: the documents to mark (default all); ``where``: every statement's (document,
    position), when the caller keeps it."""
    if where is None:
        where = {st.id: (d, i) for d, sts in enumerate(docs) for i, st in enumerate(sts)}
    marked = [docs[d] for d in (only if only is not None else range(len(docs)))]
    for step in (-1, 1):  # forward along runs after a repeat, then backward before one
        for sts in marked:
            order = range(len(sts)) if step == -1 else range(len(sts) - 1, -1, -1)
            for i in order:
                st, j = sts[i], i + step
                if st.repeat_of or not 0 <= j < len(sts) or not sts[j].repeat_of:
                    continue
                k = key(st.text)
                if not MIN_SHORT <= len(k) < MIN_CHARS:
                    continue
                d, p = where[sts[j].repeat_of or ""]
                if 0 <= p - step < len(docs[d]):
                    other = docs[d][p - step]
                    if other is not st and other.repeat_of is None and key(other.text) == k:
                        st.repeat_of = other.id


def _settle(
    statements: list[Statement], tentative: dict[int, str], keys: dict[int, str], index: _Index
) -> None:
    """Accept cross-document repeats that sit in a passage of such repeats; index the rest."""
    own: dict[str, str] = {}
    for pos, primary in tentative.items():
        src = index.doc(primary)
        near = [
            pos + d
            for d in range(-PASSAGE, PASSAGE + 1)
            if d and index.doc(tentative.get(pos + d, "")) == src
        ]
        chars = len(keys[pos]) + sum(len(keys[n]) for n in near)
        st = statements[pos]
        if len(near) >= PASSAGE_MIN and chars >= PASSAGE_CHARS:
            st.repeat_of = primary
        elif keys[pos] in own:
            st.repeat_of = own[keys[pos]]
        else:
            own[keys[pos]] = st.id
            index.add(keys[pos], st.id, st.doc)


GLUE_MIN = 16  # a glued statement's repeated half is at least this long (key characters)
GLUE_SHARE = 0.35  # … and at least this share of the statement


def _longest_end_inside(k: str, blob: str, limit: int, suffix: bool) -> int:
    """Length of the longest prefix (or suffix) of ``k`` found in ``blob[:limit]``."""
    lo, hi = 0, len(k) - 1  # never the whole key: that would be a plain repeat
    while lo < hi:
        mid = (lo + hi + 1) // 2
        part = k[-mid:] if suffix else k[:mid]
        if blob.find(part, 0, limit) >= 0:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _key_positions(text: str) -> list[int] | None:
    """Index in ``text`` of each character of ``key(text)`` (None when NFKC reshaped it)."""
    if _COMPAT.search(text):
        return None
    return [i for i, ch in enumerate(text) if not _NOISE.fullmatch(ch)]


class _Text:
    """The key text of the documents marked so far, one run of text per document (a repeated
    span may cross a clause boundary), and where each statement's key ends in it."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.ends: list[int] = []
        self.at = 0  # where the next document's text starts

    def add(self, keys: list[str]) -> None:
        for k in keys:
            self.at += len(k)
            self.ends.append(self.at)
        self.at += 1
        self.parts.append("".join(keys))


def glued_splits(docs: list[list[Statement]]) -> dict[str, int]:
    """Statements glued from two pieces across a column break, where one piece exactly
    repeats a span of an earlier statement: ``{id: offset in its text to split at}``.

    Run after ``mark_repeats``. Only a statement that is no repeat itself but sits next to
    one (inside a reprinted or doubled passage) is tried, and the repeated piece must be a
    real part of it (``GLUE_MIN``, ``GLUE_SHARE``) or a figure of an earlier document, so
    that a phrase a plan simply uses twice is left alone. Split there, the repeated piece
    becomes a repeat of its own.
    """
    text = _Text()
    out: dict[str, int] = {}
    for sts in docs:
        keys = [key(st.text) for st in sts]
        out.update(_glued_in(sts, keys, text))
        text.add(keys)
    return out


def _glued_in(sts: list[Statement], ks: list[str], text: _Text) -> dict[str, int]:
    """``glued_splits`` of one document, whose statements' keys are ``ks``, after the
    documents of ``text``."""
    tried = [
        i
        for i, (st, k) in enumerate(zip(sts, ks, strict=True))
        if not st.repeat_of
        and len(k) >= 2 * MIN_FRAGMENT
        and any(0 <= j < len(sts) and sts[j].repeat_of for j in (i - 2, i - 1, i + 1, i + 2))
    ]
    if not tried:
        return {}
    ends, at = list(text.ends), text.at
    for k in ks:
        at += len(k)
        ends.append(at)
    blob = "\x00".join([*text.parts, "".join(ks)])
    first = len(text.ends)  # the statements before this document
    doc_start = ends[first - 1] + 1 if first else 0
    out: dict[str, int] = {}
    for i in tried:
        st, k, n = sts[i], ks[i], first + i
        limit = ends[n - 1] if n else 0
        tail = _longest_end_inside(k, blob, limit, suffix=True)
        head = _longest_end_inside(k, blob, limit, suffix=False)
        size = max(tail, head)
        piece = k[-tail:] if tail >= head else k[:head]
        reprinted = (
            size >= MIN_FRAGMENT
            and _DIGITS.search(piece) is not None
            and blob.find(piece, 0, doc_start) >= 0
        )  # a figure of an earlier document, reprinted (技术合同成交额超过5亿元)
        if size < max(GLUE_MIN, len(k) * GLUE_SHARE) and not reprinted:
            continue  # a phrase used twice, not half of a statement
        pos = _key_positions(st.text)
        if pos is None or len(pos) != len(k):
            continue
        if tail >= head:
            out[st.id] = pos[len(k) - tail]
            continue
        # a head that runs on over several earlier statements ends at the first seam
        at = blob.find(k[:head], 0, limit)
        seam = bisect_right(ends, at)
        cut = min(head, ends[seam] - at) if seam < len(ends) else head
        if cut >= GLUE_MIN:
            out[st.id] = pos[cut]
    return out


# ---------------------------------------------------------------- the stage

SPLIT_ROUNDS = 3  # a glued statement printed twice splits once its first copy has


def run(docs: list[ParsedDocument], before: Sequence[Sequence[Statement]] = ()) -> None:
    """The repeats stage, over one place's documents in corpus order (a reprint is of the
    same government's text), after ``before``: that place's earlier documents, marked
    already and left as they are.

    Each document is settled in turn against the ones before it: its repeats marked, then
    each glued statement cut at its seam and the document marked again, until nothing more
    splits (at most ``SPLIT_ROUNDS`` times). So a document's repeats depend only on the
    documents before it, and a document added after them never changes theirs."""
    index, text = _Index(), _Text()
    settled: list[list[Statement]] = []
    where: dict[str, tuple[int, int]] = {}
    for sts in before:
        index.add_primaries(sts)
        text.add([key(st.text) for st in sts])
        where.update({st.id: (len(settled), i) for i, st in enumerate(sts)})
        settled.append(list(sts))
    for doc in docs:
        mark, d = index.mark(), len(settled)
        for round_ in range(SPLIT_ROUNDS + 1):
            if round_:
                index.truncate(mark)
            _mark_document(doc.statements, index)
            where.update({st.id: (d, i) for i, st in enumerate(doc.statements)})
            _short_neighbours([*settled, doc.statements], range(d, d + 1), where)
            if round_ == SPLIT_ROUNDS:
                break
            keys = [key(st.text) for st in doc.statements]
            splits = _glued_in(doc.statements, keys, text)
            old = [st.id for st in doc.statements]
            if not splits or not _split_glued(doc, splits):
                break
            for st_id in old:
                where.pop(st_id, None)
        text.add([key(st.text) for st in doc.statements])
        settled.append(doc.statements)


def _split_glued(doc: ParsedDocument, splits: dict[str, int]) -> bool:
    """Cut each glued statement (two pieces joined across a column break) at its seam, so
    that the piece repeating an earlier statement is marked as a repeat on its own. True
    if any statement of ``doc`` was cut."""
    if not any(st.id in splits for st in doc.statements):
        return False
    text = doc.cleaned.text
    out: list[Statement] = []
    for st in doc.statements:
        at = splits.get(st.id)
        if at is None:
            out.append(st)
            continue
        for a, b in ((st.cstart, st.cstart + at), (st.cstart + at, st.cend)):
            while a < b and text[a] in " \n":
                a += 1
            if b <= a:
                continue
            piece = replace(st, text=text[a:b], cstart=a, cend=b, quantities=[], repeat_of=None)
            doc.locate(piece)
            out.append(piece)
    ids = IdMaker()
    for n, st in enumerate(out):
        st.seq, st.id = n, ids.make(doc.spec.id, st.text)
    doc.statements = out
    return True
