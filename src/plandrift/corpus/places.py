"""Infer the place a document is about from its title and opening lines (for ``init``).

A government document names its issuer up front: 国务院 for the whole country, or a full
place name right before 人民政府, 人民代表大会, 政府工作报告 … (四川省人民政府, 呼伦贝尔市
海拉尔区第十四届人民代表大会). The cues live in ``data/places.toml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from . import rules


@dataclass(frozen=True)
class _Cues:
    national: tuple[str, ...]
    national_place: str
    pattern: re.Pattern[str]
    scan_chars: int
    not_in_name: str


SHAPE = rules.Table(
    {
        "national": rules.WORDS,
        "national_place": rules.STR,
        "issuers": rules.WORDS,
        "suffixes": rules.WORDS,
        "scan_chars": rules.INT,
        "not_in_name": rules.STR,
    }
)


@cache
def _cues() -> _Cues:
    data = rules.load("places.toml", SHAPE)
    suffixes = "|".join(map(re.escape, data["suffixes"]))
    issuers = "|".join(map(re.escape, data["issuers"]))
    # the shortest run of Chinese characters ending in a suffix, right before an issuer word,
    # optionally with a session number between (第十四届); several levels may stack
    # (呼伦贝尔市海拉尔区): the last level is the place.
    level = rf"[\u4e00-\u9fff]{{1,8}}?(?:{suffixes})"
    pattern = re.compile(rf"((?:{level})+?)(?:第[一二三四五六七八九十]+届)?(?:{issuers})")
    return _Cues(
        tuple(data["national"]),
        data["national_place"],
        pattern,
        int(data["scan_chars"]),
        data["not_in_name"],
    )


_LEVEL_SPLIT = re.compile(r"(?<=[省市区县旗盟州])")


def infer_place(title: str, text: str) -> str | None:
    """The place the issuer names (the most local level), 全国 for the State Council, else
    None."""
    cues = _cues()
    head = re.sub(r"\s+", "", f"{title}\n{text[: cues.scan_chars]}")
    national = min((head.find(c) for c in cues.national if c in head), default=-1)
    m = cues.pattern.search(head)
    if national >= 0 and (m is None or national <= m.start()):
        return cues.national_place
    if m is None:
        return None
    name = m.group(1)
    cut = max(name.rfind(ch) for ch in cues.not_in_name)
    name = name[cut + 1 :]
    # 吉林省吉林市: the last administrative level that ends in a suffix is the place
    parts = [p for p in _LEVEL_SPLIT.split(name) if p]
    return parts[-1] if len(parts[-1]) >= 2 else name
