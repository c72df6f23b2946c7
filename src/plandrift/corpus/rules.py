"""Rules as data: every data file is read here, its keys checked against what its reader expects.

A module that reads a data file declares the file's shape beside the code that uses it
(``Table``, ``Tables``, ``Map`` and the leaf shapes below) and reads it with ``load`` (a file
of ``corpus/data``) or ``read`` (any path, e.g. a user's own rules). A misspelt key, a missing
one or a value of the wrong type stops with ``BadInput`` naming the file and the key:
``headings.toml: unknown key 'patern' in [[heading]]; expected one of kind, lead, …``.
Nothing here knows what a rule means: the bottom layer, so that any package may use it.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import BadInput

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Leaf:
    """A value that is not a table: ``what`` names it in messages."""

    what: str


STR = Leaf("a string")
INT = Leaf("an integer")
NUMBER = Leaf("a number")
BOOL = Leaf("true or false")
WORDS = Leaf("a list of strings")
PATTERN = Leaf("a regular expression")
PATTERNS = Leaf("a list of regular expressions")


@dataclass(frozen=True)
class Table:
    """A table with fixed keys, each mapped to the shape of its value; ``optional`` ones
    may be left out."""

    keys: Mapping[str, Shape]
    optional: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Tables:
    """An array of tables (``[[heading]]``), each of the shape ``item``."""

    item: Table


@dataclass(frozen=True)
class Map:
    """A table whose keys are free (names of kinds, multipliers), each value of one shape."""

    value: Shape


Shape = Leaf | Table | Tables | Map


def load(name: str, shape: Table) -> dict[str, Any]:
    """The bundled data file ``corpus/data/<name>``, checked against ``shape``."""
    return read(DATA / name, shape, name)


def read(path: Path, shape: Table, name: str | None = None) -> dict[str, Any]:
    """A TOML file checked against ``shape``; messages name it ``name`` (default: the path)."""
    label = name or str(path)
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except OSError as exc:
        raise BadInput(f"{label}: cannot read it ({exc.strerror}); check the path") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise BadInput(f"{label}: not valid TOML ({exc}); fix the file") from exc
    check(data, shape, label)
    return data


def check(data: Mapping[str, Any], shape: Table, label: str) -> None:
    """Raise ``BadInput`` at the first key of ``data`` that ``shape`` does not expect."""
    _table(data, shape, label, "the top level")


def _table(data: Mapping[str, Any], shape: Table, label: str, where: str) -> None:
    for key in data:
        if key not in shape.keys:
            expected = ", ".join(sorted(shape.keys))
            raise BadInput(f"{label}: unknown key {key!r} in {where}; expected one of {expected}")
    for key, sub in shape.keys.items():
        if key in data:
            _value(data[key], sub, label, key, where)
        elif key not in shape.optional:
            raise BadInput(f"{label}: missing key {key!r} in {where}; add it")


def _value(value: Any, shape: Shape, label: str, key: str, where: str) -> None:
    """Check the value of ``key``, a key of the table that ``where`` names."""
    # how a message names the table the value is: [subhead], [table.signs], [[heading]]
    inner = f"[{key}]" if where == "the top level" else f"[{where.strip('[]')}.{key}]"
    if isinstance(shape, Table):
        _expect(isinstance(value, dict), value, "a table", label, key, where)
        _table(value, shape, label, inner)
    elif isinstance(shape, Tables):
        ok = isinstance(value, list) and all(isinstance(item, dict) for item in value)
        _expect(ok, value, "an array of tables", label, key, where)
        for item in value:
            _table(item, shape.item, label, f"[{inner}]")
    elif isinstance(shape, Map):
        _expect(isinstance(value, dict), value, "a table", label, key, where)
        for sub, item in value.items():
            _value(item, shape.value, label, sub, inner)
    else:
        _expect(_fits(value, shape), value, shape.what, label, key, where)
        patterns = [value] if shape is PATTERN else value if shape is PATTERNS else []
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise BadInput(
                    f"{label}: {key!r} in {where} is not a valid regular expression ({exc})"
                ) from exc


def _fits(value: Any, shape: Leaf) -> bool:
    if shape in (STR, PATTERN):
        return isinstance(value, str)
    if shape in (WORDS, PATTERNS):
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    if shape is BOOL:
        return isinstance(value, bool)
    if isinstance(value, bool):  # TOML's true is no number
        return False
    return isinstance(value, int) if shape is INT else isinstance(value, int | float)


def _expect(ok: bool, value: Any, what: str, label: str, key: str, where: str) -> None:
    if not ok:
        raise BadInput(f"{label}: {key!r} in {where} must be {what}, not {value!r}; fix the file")
