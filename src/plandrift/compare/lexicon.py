"""The metric lexicon: canonical goal families, their aliases, areas and direction, as data.

The bundled ``data/lexicon.toml`` is merged with a user file (``--lexicon FILE`` or the
``PLANDRIFT_LEXICON`` environment variable) so that people can teach plandrift their own
indicators without touching code.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import re
import tomllib
import unicodedata
from dataclasses import asdict, dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from plandrift.corpus.errors import BadInput

from . import tokens

BUNDLED = Path(__file__).with_name("data") / "lexicon.toml"
ENV = "PLANDRIFT_LEXICON"


@dataclass(frozen=True)
class Metric:
    key: str
    name: str
    aliases: tuple[str, ...]
    area: str = ""
    higher: bool = True
    binding: bool = False
    # longer terms that hold an alias but name something else (农业经营主体 is not 经营主体)
    exclude: tuple[str, ...] = ()

    def named_in(self, text: str) -> bool:
        """Whether ``text`` names this metric, not only a compound holding its alias."""
        for ex in self.exclude:
            text = text.replace(ex, "\0" * len(ex))
        return any(a in text for a in self.aliases)


@dataclass(frozen=True)
class Match:
    metric: Metric
    alias: str
    start: int
    end: int


@dataclass
class Lexicon:
    metrics: dict[str, Metric]
    units: dict[str, float]
    boilerplate: tuple[str, ...]
    areas: dict[str, tuple[str, ...]]
    measure_nouns: tuple[str, ...] = ()
    rhetoric: tuple[str, ...] = ()
    generic_keys: frozenset[str] = frozenset()
    _pattern: re.Pattern[str] | None = field(default=None, repr=False)
    _by_alias: dict[str, Metric] = field(default_factory=dict, repr=False)
    _tails: dict[str, list[tuple[str, Metric]]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for m in self.metrics.values():
            for a in m.aliases:
                self._by_alias[fold(a)] = m
        for alias, metric in sorted(self._by_alias.items()):
            for k in range(2, len(alias) - 1):
                if alias[k:].endswith(self.measure_nouns):
                    self._tails.setdefault(alias[k:], []).append((alias[:k], metric))
        aliases = sorted(self._by_alias, key=lambda a: (-len(a), a))
        self._pattern = re.compile("|".join(re.escape(a) for a in aliases)) if aliases else None

    @cached_property
    def digest(self) -> str:
        """A hash of what the lexicon holds: what was worked out with it holds for it only."""
        held = [
            {k: asdict(m) for k, m in self.metrics.items()},
            self.units,
            self.boilerplate,
            self.areas,
            self.measure_nouns,
            self.rhetoric,
            sorted(self.generic_keys),
        ]
        return hashlib.sha256(json.dumps(held, ensure_ascii=False).encode()).hexdigest()[:16]

    def find(self, text: str) -> list[Match]:
        """Every alias in ``text`` (leftmost-longest, non-overlapping)."""
        if self._pattern is None:
            return []
        folded = fold(text)
        return [
            Match(self._by_alias[m.group()], m.group(), m.start(), m.end())
            for m in self._pattern.finditer(folded)
            if not _inside_exclusion(folded, m.start(), m.end(), self._by_alias[m.group()])
            and not _across_words(folded, m.start(), m.end())
        ]

    def covers(self, phrase: str) -> bool:
        """Whether ``phrase`` names a metric or is part of a metric's name."""
        folded = fold(phrase)
        return bool(self.find(folded)) or any(folded in a for a in self._by_alias)

    def elliptic(self, clause: str, earlier: str) -> Metric | None:
        """A metric split by ellipsis: 粮食丰收，产量达到 … is 粮食产量."""
        clause, earlier = fold(clause), fold(earlier)
        best: tuple[int, Metric] | None = None
        for tail, heads in self._tails.items():
            at = clause.rfind(tail)
            if at < 0:
                continue
            for head, metric in heads:
                if head in earlier and (best is None or at > best[0]):
                    best = (at, metric)
        return best[1] if best else None

    def nearest(self, clause: str) -> Metric | None:
        """The metric named closest before the end of ``clause`` (the number follows it)."""
        found = self.find(clause)
        return max(found, key=lambda m: (m.end, m.end - m.start)).metric if found else None

    def area_of(self, text: str) -> str:
        for area, words in self.areas.items():
            if any(w in text for w in words):
                return area
        return "其他"


def fold(text: str) -> str:
    """NFKC and upper-case Latin, so that ＧＤＰ, gdp and GDP are one alias."""
    return unicodedata.normalize("NFKC", text).upper()


# The shape of a lexicon file: each table and the keys it may hold.
_TABLES = {
    "metric": ("key", "name", "aliases", "area", "higher", "binding", "exclude"),
    "units": (),
    "boilerplate": ("words",),
    "fallback": ("generic",),
    "rhetoric": ("words",),
    "areas": (),
    "ellipsis": ("measure_nouns",),
}
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


class _Shape:
    """Checks one lexicon file's values, each refusal naming where and what to write."""

    def __init__(self, origin: str) -> None:
        self.origin = origin

    def fail(self, where: str, what: str) -> BadInput:
        return BadInput(f"{self.origin}: {where} {what}")

    def keys(self, table: dict, allowed: tuple[str, ...], where: str) -> None:
        for key in table:
            if key not in allowed:
                near = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
                hint = f"did you mean {near[0]!r}?" if near else f"use {', '.join(allowed)}"
                raise self.fail(where, f"has an unknown key {key!r}; {hint}")

    def table(self, data: dict, name: str) -> dict:
        value = data.get(name, {})
        if not isinstance(value, dict):
            raise self.fail(f"[{name}]", "must be a table ([{name}] with keys under it)")
        return value

    def text(self, value: object, where: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(where, f"must be a non-empty string in quotes, not {value!r}")
        if bad := _UNSAFE.search(value):
            raise self.fail(where, f"holds the control character U+{ord(bad.group()):04X}")
        return value

    def texts(self, value: object, where: str) -> tuple[str, ...]:
        if not isinstance(value, list):
            raise self.fail(where, f'must be a list of strings such as ["…", "…"], not {value!r}')
        return tuple(self.text(v, f"{where} item {n}") for n, v in enumerate(value, 1))

    def flag(self, value: object, where: str) -> bool:
        if not isinstance(value, bool):
            raise self.fail(where, f"must be true or false, not {value!r}")
        return value

    def words(self, data: dict, name: str, key: str) -> tuple[str, ...]:
        table = self.table(data, name)
        self.keys(table, _TABLES[name], f"[{name}]")
        return self.texts(table.get(key, []), f"[{name}] {key}")


def _metric(shape: _Shape, entry: object, n: int) -> Metric:
    where = f"[[metric]] {n}"
    if not isinstance(entry, dict):
        raise shape.fail(where, "must be a table of key, name, aliases…")
    shape.keys(entry, _TABLES["metric"], where)
    if "key" not in entry:
        raise shape.fail(where, "lacks a key; give key and aliases")
    key = shape.text(entry["key"], f"{where} key")
    if any(c.isspace() for c in key):
        raise shape.fail(f"{where} key", f"{key!r} holds a space; a key is one word (grain)")
    where = f"[[metric]] {key!r}"
    if "aliases" in entry:
        aliases = shape.texts(entry["aliases"], f"{where} aliases")
    elif "name" in entry:
        aliases = (shape.text(entry["name"], f"{where} name"),)
    else:
        raise shape.fail(where, "lacks aliases; give key and aliases")
    if not aliases:
        raise shape.fail(f"{where} aliases", "is empty; give the metric's names")
    return Metric(
        key=key,
        name=shape.text(entry["name"], f"{where} name") if "name" in entry else aliases[0],
        aliases=aliases,
        area=shape.text(entry["area"], f"{where} area") if "area" in entry else "",
        higher=shape.flag(entry.get("higher", True), f"{where} higher"),
        binding=shape.flag(entry.get("binding", False), f"{where} binding"),
        exclude=tuple(fold(e) for e in shape.texts(entry.get("exclude", []), f"{where} exclude")),
    )


def _parse(data: dict, origin: str) -> dict:
    """The lexicon's parts, every value checked: a wrong shape is one clear line, never a
    traceback or a lexicon that quietly links everything into one goal."""
    shape = _Shape(origin)
    shape.keys(data, tuple(_TABLES), "the file")
    entries = data.get("metric", [])
    if not isinstance(entries, list):
        raise shape.fail("metric", "must be [[metric]] tables")
    metrics = {}
    for n, entry in enumerate(entries, 1):
        m = _metric(shape, entry, n)
        metrics[m.key] = m
    units = {}
    for k, v in shape.table(data, "units").items():
        if isinstance(v, bool) or not isinstance(v, int | float) or v <= 0:
            raise shape.fail(f"[units] {k!r}", f"must be a positive number (1e4), not {v!r}")
        units[shape.text(k, "[units] key")] = float(v)
    areas = {
        shape.text(k, "[areas] key"): shape.texts(v, f"[areas] {k!r}")
        for k, v in shape.table(data, "areas").items()
    }
    return {
        "metrics": metrics,
        "units": units,
        "boilerplate": shape.words(data, "boilerplate", "words"),
        "areas": areas,
        "measure_nouns": shape.words(data, "ellipsis", "measure_nouns"),
        "rhetoric": shape.words(data, "rhetoric", "words"),
        "generic_keys": frozenset(shape.words(data, "fallback", "generic")),
    }


def _read(path: Path) -> dict:
    if not path.is_file():
        raise BadInput(
            f"{path}: no such lexicon file; give a TOML file like compare/data/lexicon.toml"
        )
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise BadInput(
            f"{path}: not a valid TOML lexicon ({exc}); fix it or drop --lexicon"
        ) from exc
    except OSError as exc:
        raise BadInput(f"{path}: cannot read it ({exc.strerror}); check its permissions") from exc
    return _parse(data, str(path))


def load(user: str | None = None) -> Lexicon:
    """The bundled lexicon with ``user`` (or $PLANDRIFT_LEXICON) merged over it."""
    return _load(user or os.environ.get(ENV) or None)


@lru_cache(maxsize=8)
def _load(extra: str | None) -> Lexicon:
    base = _read(BUNDLED)
    if extra:
        over = _read(Path(extra))
        base["metrics"].update(over["metrics"])
        base["units"].update(over["units"])
        base["measure_nouns"] = tuple(dict.fromkeys(base["measure_nouns"] + over["measure_nouns"]))
        base["rhetoric"] = tuple(dict.fromkeys(base["rhetoric"] + over["rhetoric"]))
        base["generic_keys"] = base["generic_keys"] | over["generic_keys"]
        base["boilerplate"] = tuple(dict.fromkeys(base["boilerplate"] + over["boilerplate"]))
        rest = {k: v for k, v in base["areas"].items() if k not in over["areas"]}
        base["areas"] = {**over["areas"], **rest}  # the user's areas are tried first
    return Lexicon(**base)


SHORT_ALIAS = 2  # an alias this short is matched as a word of its own


def _across_words(text: str, start: int, end: int) -> bool:
    """Whether a short alias found in ``text`` straddles words: the 高企 of 提高企业."""
    if end - start > SHORT_ALIAS:
        return False
    cuts = tokens.bounds(text)
    return start not in cuts or end not in cuts


def _inside_exclusion(text: str, start: int, end: int, metric: Metric) -> bool:
    """Whether text[start:end] lies inside one of the metric's excluded longer terms."""
    for ex in metric.exclude:
        at = text.find(ex, max(0, start - len(ex)))
        while 0 <= at <= start:
            if at + len(ex) >= end:
                return True
            at = text.find(ex, at + 1)
    return False
