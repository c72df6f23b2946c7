"""The thresholds of ``data/formats.toml``, read once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .. import rules as data_files


@dataclass(frozen=True)
class TextRules:
    max_odd_share: float
    max_mess: float
    gb_family: tuple[str, ...]
    max_mb: float  # a document's text above this many MB (UTF-8) is refused


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


_N, _I = data_files.NUMBER, data_files.INT
SHAPE = data_files.Table(
    {
        "text": data_files.Table(
            {
                "max_odd_share": _N,
                "max_mess": _N,
                "gb_family": data_files.WORDS,
                "max_mb": _N,
            }
        ),
        "pdf": data_files.Table(
            {
                "min_chars_per_page": _I,
                "margin_band": _N,
                "furniture_share": _N,
                "furniture_min_pages": _I,
                "page_number": data_files.PATTERN,
                "gutter_min_width": _N,
                "gutter_band": _N,
                "gutter_max_cross": _N,
                "column_min_lines": _I,
                "line_tolerance": _N,
                "space_gap": _N,
                "cell_gap": _N,
                "indent": _N,
                "fit_slack": _N,
                "paragraph_gap": _N,
            }
        ),
        "html": data_files.Table({"min_chars": _I, "title_separators": data_files.PATTERN}),
    }
)


@cache
def rules() -> Rules:
    data = data_files.load("formats.toml", SHAPE)
    t, p, h = data["text"], data["pdf"], data["html"]
    pdf = dict(p, page_number=re.compile(p["page_number"]))
    return Rules(
        text=TextRules(
            t["max_odd_share"], t["max_mess"], tuple(t["gb_family"]), float(t["max_mb"])
        ),
        pdf=PdfRules(**pdf),
        html=HtmlRules(h["min_chars"], re.compile(h["title_separators"])),
    )
