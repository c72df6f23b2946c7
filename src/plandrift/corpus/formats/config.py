"""The thresholds of ``data/formats.toml``, read once."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path


@dataclass(frozen=True)
class TextRules:
    max_odd_share: float
    max_mess: float
    gb_family: tuple[str, ...]


@dataclass(frozen=True)
class PdfRules:
    min_chars_per_page: int
    margin_band: float
    furniture_share: float
    furniture_min_pages: int
    page_number: re.Pattern[str]
    gutter_min_width: float
    gutter_band: float
    gutter_max_cross: float
    column_min_lines: int
    line_tolerance: float
    space_gap: float
    cell_gap: float
    indent: float
    fit_slack: float
    paragraph_gap: float


@dataclass(frozen=True)
class HtmlRules:
    min_chars: int
    title_separators: re.Pattern[str]


@dataclass(frozen=True)
class Rules:
    text: TextRules
    pdf: PdfRules
    html: HtmlRules


@cache
def rules() -> Rules:
    path = Path(__file__).resolve().parent.parent / "data" / "formats.toml"
    data = tomllib.loads(path.read_text("utf-8"))
    t, p, h = data["text"], data["pdf"], data["html"]
    pdf = dict(p, page_number=re.compile(p["page_number"]))
    return Rules(
        text=TextRules(t["max_odd_share"], t["max_mess"], tuple(t["gb_family"])),
        pdf=PdfRules(**pdf),
        html=HtmlRules(h["min_chars"], re.compile(h["title_separators"])),
    )
