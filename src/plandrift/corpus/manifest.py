"""Read a corpus manifest (``manifest.toml``) and infer what it leaves out."""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
import tomllib
import unicodedata
from collections import Counter
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import BadInput
from .models import KINDS, DocSpec
from .places import infer_place

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_PUBLISHED = re.compile(r"^(19|20)\d\d(-\d\d(-\d\d)?)?$")


def bundled_corpus() -> Path:
    """The folder of the sample corpus that ships inside the package (``plandrift/sample``)."""
    return Path(str(resources.files("plandrift") / "sample"))


_KINDS = Path(__file__).parent / "data" / "kinds.toml"


@cache
def _kinds_data() -> dict[str, Any]:
    """kinds.toml, read once for the kind, publication and title cues."""
    return tomllib.loads(_KINDS.read_text("utf-8"))


@cache
def _kind_cues() -> list[tuple[str, list[str]]]:
    data = _kinds_data()
    return [(k["kind"], k["cues"]) for k in data["kind"]]


def infer_kind(text: str) -> str:
    """Score each kind's cues; a cue counted for one kind is removed before the next kinds
    are scored, so 政府工作报告速览 counts for a summary and not again for a work report."""
    squashed = re.sub(r"\s+", "", text)
    best, best_score = "other", 0
    for kind, cues in _kind_cues():
        score = 0
        for cue in cues:
            cue = re.sub(r"\s+", "", cue)
            score += 3 * (cue in squashed[:1000]) + min(5, squashed.count(cue))
        for cue in cues:
            squashed = squashed.replace(re.sub(r"\s+", "", cue), "\0" * len(cue))
        if score > best_score:
            best, best_score = kind, score
    return best


_RANGE = re.compile(r"((?:19|20)\d\d)\s*[-－—~～至]\s*((?:19|20)\d\d)\s*年")
_DATE = re.compile(r"((?:19|20)\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*年")


@cache
def _published_cues() -> tuple[re.Pattern[str], re.Pattern[str]]:
    data = _kinds_data()["published"]

    def compile_(cues: str) -> re.Pattern[str]:
        parts = [re.escape(c).replace(re.escape("{Y}"), r"((?:19|20)\d\d)") for c in data[cues]]
        return re.compile("|".join(f"(?:{p})" for p in parts))

    return compile_("review"), compile_("plan")


def infer_published(text: str, kind: str) -> str | None:
    """A delivery date line, else a year the text names as reviewed or planned, else a guess."""
    squashed = re.sub(r"\s+", "", text)
    date = _DATE.search(squashed[:600])
    if date:
        y, m, d = date.groups()
        return f"{y}-{int(m):02d}-{int(d):02d}"
    if kind == "five-year-plan" and (span := _RANGE.search(squashed[:3000])):
        return span.group(1)
    review, plan = _published_cues()
    if m := plan.search(squashed):
        return next(g for g in m.groups() if g)
    if m := review.search(squashed):
        return str(int(next(g for g in m.groups() if g)) + 1)
    counts = Counter(int(y) for y in _YEAR.findall(squashed))
    if not counts:
        return None
    # Reports name the year just past more often than any other: the latest year named at
    # least twice, plus one for a report; the latest year named at all otherwise.
    frequent = [y for y, n in counts.items() if n >= 2] or list(counts)
    latest = max(frequent)
    return str(latest + 1 if kind == "work-report" else latest)


def validate_id(doc_id: str, where: str) -> None:
    if not _ID.match(doc_id):
        raise BadInput(
            f"{where}: document id {doc_id!r} must be a slug (letters, digits, '-', '_', '.')"
        )


def complete(
    spec: DocSpec, text: str, *, title: str | None = None, published: str | None = None
) -> DocSpec:
    """Fill in title, kind, published and place when they are missing: from what the file
    itself says (``title``, ``published``: a PDF's properties, a web page's date), else from
    the text. Note what was guessed."""
    inferred = list(spec.inferred)
    kind = spec.kind
    hint_title, hint_published = title, published
    title, published = spec.title, spec.published
    if not title:
        title = hint_title or infer_title(text) or spec.id
        inferred.append("title")
    if not kind:
        kind = infer_kind(text)
        inferred.append("kind")
    if not published:
        published = hint_published or infer_published(text, kind) or ""
        if not published:
            raise BadInput(
                f'{spec.path}: cannot tell when {spec.id!r} was published; give published = "YYYY"'
            )
        inferred.append("published")
    place = spec.place
    if not place and (place := infer_place(title, text)):
        inferred.append("place")  # goals never mix places: 国务院 → 全国, …海拉尔区人民政府
    return replace(
        spec,
        kind=kind,
        published=published,
        title=title,
        place=place or None,
        inferred=tuple(inferred),
    )


@dataclass(frozen=True)
class TitleCues:
    lines: int
    min_len: int
    max_len: int
    words: tuple[str, ...]
    not_title: re.Pattern[str]


@cache
def _title_cues() -> TitleCues:
    t = _kinds_data()["title"]
    not_title = re.compile("|".join(f"(?:{p})" for p in t["not_title"]))
    return TitleCues(t["lines"], t["min_len"], t["max_len"], tuple(t["words"]), not_title)


def infer_title(text: str) -> str | None:
    """The first short line that names what the document is (政 府 工 作 报 告), else the
    first short line, spaces squeezed out; a sentence, an address (各位代表：), a heading or
    a web page's buttons are no title."""
    cues = _title_cues()
    short: list[str] = []
    for line in text.splitlines()[: cues.lines]:
        squashed = re.sub(r"[\s\u200b-\u200d\ufeff]+", "", line)
        if cues.min_len <= len(squashed) <= cues.max_len and not cues.not_title.search(squashed):
            if any(w in squashed for w in cues.words):
                return squashed
            short.append(squashed)
    return short[0] if short else None


def check_fields(doc_id: str, kind: str, published: str, where: str) -> None:
    validate_id(doc_id, where)
    if kind and kind not in KINDS:
        raise BadInput(
            f"{where}: unknown kind {kind!r} for {doc_id!r}; use one of {', '.join(KINDS)}"
        )
    if published and not (_PUBLISHED.match(published) and _real_date(published)):
        raise BadInput(
            f"{where}: published {published!r} for {doc_id!r} is not a date; use YYYY, YYYY-MM or YYYY-MM-DD"
        )


def _real_date(published: str) -> bool:
    """Whether a YYYY-MM or YYYY-MM-DD is on the calendar (no month 13, no 30 February)."""
    parts = [int(p) for p in published.split("-")] + [1, 1]
    try:
        dt.date(parts[0], parts[1], parts[2])
    except ValueError:
        return False
    return True


def load_manifest(folder: Path) -> list[DocSpec]:
    """The documents a corpus folder's manifest lists, paths resolved against the folder."""
    if not folder.exists():
        raise BadInput(f"{folder}: no such folder; give a corpus folder with a manifest.toml")
    if not folder.is_dir():
        raise BadInput(f"{folder}: not a folder; give a corpus folder with a manifest.toml")
    path = folder / "manifest.toml"
    if not path.is_file():
        raise BadInput(
            f"{folder}: has no manifest.toml; run `plandrift init {folder}` to draft one "
            "from the files, check it, then build"
        )
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise BadInput(f"{path}: not valid TOML ({exc}); fix the manifest") from exc
    except OSError as exc:
        raise BadInput(f"{path}: cannot read it ({exc.strerror}); check its permissions") from exc
    for key in data:
        if key not in _TOP_KEYS:
            raise _unknown(key, _TOP_KEYS, str(path))
    entries = data.get("documents")
    if not isinstance(entries, list) or not entries:
        raise BadInput(f"{path}: lists no [[documents]]; add at least one")
    specs: list[DocSpec] = []
    seen: set[str] = set()
    for n, entry in enumerate(entries, 1):
        where = f"{path} (document {n})"
        if not isinstance(entry, dict) or "id" not in entry or "path" not in entry:
            raise BadInput(f"{where}: every document needs an id and a path")
        for key in entry:
            if key not in _ENTRY_KEYS:
                raise _unknown(key, _ENTRY_KEYS, where)
        doc_id = entry_text(entry, "id", where)
        kind = entry_text(entry, "kind", where)
        published = entry_text(entry, "published", where)
        check_fields(doc_id, kind, published, where)
        if doc_id in seen:
            raise BadInput(f"{where}: duplicate document id {doc_id!r}; ids must be unique")
        seen.add(doc_id)
        specs.append(
            DocSpec(
                id=doc_id,
                path=str(_inside(folder, entry_text(entry, "path", where), doc_id, where)),
                title=entry_text(entry, "title", where),
                kind=kind,
                published=published,
                place=entry_text(entry, "place", where, plain=True) or None,
            )
        )
    return specs


_TOP_KEYS = ("documents",)
# What a [[documents]] entry may hold (DocSpec's other fields are found, not written).
_ENTRY_KEYS = ("id", "path", "title", "kind", "published", "place")
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _unknown(key: str, allowed: tuple[str, ...], where: str) -> BadInput:
    """A key the manifest does not know, most often a typo: say which one was meant."""
    near = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    hint = f"did you mean {near[0]!r}?" if near else f"use {', '.join(allowed)}"
    return BadInput(f"{where}: unknown key {key!r}; {hint}")


def entry_text(entry: dict, key: str, where: str, *, plain: bool = False) -> str:
    """A string field of an entry: a TOML date or a year number is taken for published;
    anything else that is not a string is refused, and with ``plain`` (a place, which goes
    into goal ids) so is a string holding a control or bidi character."""
    value = entry.get(key)
    if value is None:
        return ""
    if key == "published" and isinstance(value, int | dt.date) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        raise BadInput(f'{where}: {key} must be a string in quotes ({key} = "…"), not {value!r}')
    bad = next((c for c in value if unicodedata.category(c) == "Cc" or c in _BIDI), None)
    if plain and bad is not None:
        raise BadInput(
            f"{where}: {key} {value[:40]!r} holds the control character U+{ord(bad):04X}; remove it"
        )
    return value


def _inside(folder: Path, rel: str, doc_id: str, where: str) -> Path:
    """The file ``rel`` names, which must lie inside the corpus folder once every symlink is
    followed: a manifest must not make plandrift read (and store) files from elsewhere."""
    root = folder.resolve()
    target = (root / rel).resolve()
    if target.is_relative_to(root):
        return target
    how = (
        f"is a link to {target},"
        if Path(os.path.normpath(root / rel)).is_relative_to(root)
        else "leads"
    )
    raise BadInput(
        f"{where}: path {rel!r} of {doc_id!r} {how} outside the corpus folder; "
        f"put the file inside {folder}"
    )
