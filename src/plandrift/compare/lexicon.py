"""The metric lexicon: canonical goal families, their aliases, areas and direction, as data.

The bundled ``data/lexicon.toml`` is merged with a user file (``--lexicon FILE`` or the
``PLANDRIFT_LEXICON`` environment variable) so that people can teach plandrift their own
indicators without touching code.
"""

from __future__ import annotations

import os
import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from plandrift.corpus.errors import BadInput

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

    def find(self, text: str) -> list[Match]:
        """Every alias in ``text`` (leftmost-longest, non-overlapping)."""
        if self._pattern is None:
            return []
        folded = fold(text)
        return [
            Match(self._by_alias[m.group()], m.group(), m.start(), m.end())
            for m in self._pattern.finditer(folded)
            if not _inside_exclusion(folded, m.start(), m.end(), self._by_alias[m.group()])
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


def _parse(data: dict, origin: str) -> dict:
    metrics = {}
    for entry in data.get("metric", []):
        try:
            key, aliases = entry["key"], entry.get("aliases") or [entry["name"]]
            metrics[key] = Metric(
                key=key,
                name=entry.get("name", aliases[0]),
                aliases=tuple(aliases),
                area=entry.get("area", ""),
                higher=bool(entry.get("higher", True)),
                binding=bool(entry.get("binding", False)),
                exclude=tuple(fold(e) for e in entry.get("exclude", ())),
            )
        except (KeyError, TypeError, IndexError) as exc:
            raise BadInput(
                f"{origin}: a [[metric]] entry lacks {exc}; give key and aliases"
            ) from exc
    return {
        "metrics": metrics,
        "units": {k: float(v) for k, v in data.get("units", {}).items()},
        "boilerplate": tuple(data.get("boilerplate", {}).get("words", ())),
        "areas": {k: tuple(v) for k, v in data.get("areas", {}).items()},
        "measure_nouns": tuple(data.get("ellipsis", {}).get("measure_nouns", ())),
        "rhetoric": tuple(data.get("rhetoric", {}).get("words", ())),
        "generic_keys": frozenset(data.get("fallback", {}).get("generic", ())),
    }


def _read(path: Path) -> dict:
    if not path.is_file():
        raise BadInput(
            f"{path}: no such lexicon file; give a TOML file like compare/data/lexicon.toml"
        )
    try:
        return _parse(tomllib.loads(path.read_text("utf-8")), str(path))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise BadInput(
            f"{path}: not a valid TOML lexicon ({exc}); fix it or drop --lexicon"
        ) from exc


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


def _inside_exclusion(text: str, start: int, end: int, metric: Metric) -> bool:
    """Whether text[start:end] lies inside one of the metric's excluded longer terms."""
    for ex in metric.exclude:
        at = text.find(ex, max(0, start - len(ex)))
        while 0 <= at <= start:
            if at + len(ex) >= end:
                return True
            at = text.find(ex, at + 1)
    return False
