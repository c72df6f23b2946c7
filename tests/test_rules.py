"""corpus.rules: every data file is read through one loader that checks its keys."""

from __future__ import annotations

from pathlib import Path

import pytest

from plandrift.corpus import clean, measures, periods, places, roles, rules, segment, tables
from plandrift.corpus.errors import BadInput
from plandrift.corpus.formats import config as formats_config

# Every data file of the corpus layer and the shape its reader declares.
SHAPES = {
    "clean.toml": clean.SHAPE,
    "headings.toml": segment.SHAPE,
    "units.toml": measures.UNITS,
    "qualifiers.toml": measures.QUALIFIERS,
    "roles.toml": roles.SHAPE,
    "periods.toml": periods.SHAPE,
    "tables.toml": tables.SHAPE,
    "formats.toml": formats_config.SHAPE,
    "places.toml": places.SHAPE,
}


def test_every_data_file_has_a_declared_shape() -> None:
    read_elsewhere = {"kinds.toml"}  # manifest.py reads it
    assert {p.name for p in rules.DATA.glob("*.toml")} == set(SHAPES) | read_elsewhere


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_the_bundled_files_fit_their_shapes(name: str) -> None:
    assert rules.load(name, SHAPES[name])


def _edited(tmp_path: Path, name: str, old: str, new: str) -> Path:
    text = (rules.DATA / name).read_text("utf-8")
    assert old in text
    path = tmp_path / name
    path.write_text(text.replace(old, new, 1), "utf-8")
    return path


def _message(path: Path, shape: rules.Table) -> str:
    with pytest.raises(BadInput) as exc:
        rules.read(path, shape, path.name)
    return str(exc.value)


def test_a_misspelt_key_names_the_file_the_key_and_what_is_expected(tmp_path: Path) -> None:
    path = _edited(tmp_path, "headings.toml", "pattern = '^第", "patern = '^第")
    assert _message(path, segment.SHAPE) == (
        "headings.toml: unknown key 'patern' in [[heading]]; "
        "expected one of kind, lead, max_len, pattern, rank"
    )


def test_keys_of_nested_and_free_tables_are_checked(tmp_path: Path) -> None:
    path = _edited(tmp_path, "roles.toml", 'same_year = "actual"', 'same_yaer = "actual"')
    assert "unknown key 'same_yaer' in [kinds.year-review]" in _message(path, roles.SHAPE)
    path = _edited(tmp_path, "units.toml", "blank =", "blanks =")
    assert "unknown key 'blanks' in [table]" in _message(path, measures.UNITS)


def test_a_missing_key_is_named(tmp_path: Path) -> None:
    path = _edited(tmp_path, "clean.toml", "running_head_max_len = 40", "")
    assert _message(path, clean.SHAPE) == (
        "clean.toml: missing key 'running_head_max_len' in the top level; add it"
    )


def test_values_of_the_wrong_type_or_bad_patterns_are_refused(tmp_path: Path) -> None:
    path = _edited(tmp_path, "headings.toml", "max_len = 12", 'max_len = "12"')
    assert _message(path, segment.SHAPE) == (
        "headings.toml: 'max_len' in [[heading]] must be an integer, not '12'; fix the file"
    )
    path = _edited(tmp_path, "units.toml", '"万" = 1e4', '"万" = true')
    assert "'万' in [multipliers] must be a number" in _message(path, measures.UNITS)
    path = _edited(tmp_path, "headings.toml", "pattern = '^专栏", "pattern = '^(专栏")
    assert "'pattern' in [[heading]] is not a valid regular expression" in _message(
        path, segment.SHAPE
    )


def test_a_file_that_is_no_toml_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "clean.toml"
    path.write_text("ends = [", "utf-8")
    assert _message(path, clean.SHAPE).startswith("clean.toml: not valid TOML (")
    assert "cannot read it" in _message(tmp_path / "none.toml", clean.SHAPE)
