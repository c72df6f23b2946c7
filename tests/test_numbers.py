"""Numeral parsing: Arabic, Chinese, ranges."""

from __future__ import annotations

import pytest

from plandrift.corpus.numbers import find_numerals, parse_chinese


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("三十", 30),
        ("十五", 15),
        ("一百零五", 105),
        ("一百二十", 120),
        ("百", 100),
        ("千", 1000),
        ("两千三", 2300),
        ("两", 2),
        ("半", 0.5),
        ("二十一", 21),
    ],
)
def test_chinese_numerals(text, value):
    assert parse_chinese(text) == value


@pytest.mark.parametrize("text", ["十四五", "一二三", "十百", "半十"])
def test_names_made_of_numerals_are_not_numbers(text):
    assert parse_chinese(text) is None


def _values(text):
    return [(n.value, n.value_hi, text[n.start : n.end]) for n in find_numerals(text)]


def test_ranges_keep_their_upper_end():
    assert _values("增长6%-7%") == [(6, 7, "6%-7")]
    assert _values("增长6.5%-7%") == [(6.5, 7, "6.5%-7")]
    assert _values("1至2个") == [(1, 2, "1至2")]
    assert _values("6%至7%") == [(6, 7, "6%至7")]


def test_a_descending_pair_is_two_numbers():
    assert [v for v, _, _ in _values("7-3")] == [7, 3]


def test_thousands_separators_and_decimals():
    assert _values("1,234.5万元") == [(1234.5, None, "1,234.5")]


def test_chinese_magnitude_stops_before_the_multiplier():
    assert _values("百亿斤") == [(100, None, "百")]
    assert _values("千万亩") == [(1000, None, "千")]
