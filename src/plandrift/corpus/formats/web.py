"""Web pages through trafilatura (Apache-2.0, maintained): the article, not the page.

trafilatura keeps the main text and drops navigation, headers, footers and link lists;
its metadata gives the page's title and date. Its XML output says what each block is:
a heading stays a line of its own, a paragraph or list item becomes one line that starts
indented (as Chinese print sets a paragraph, so the cleaner sees where it starts), and a
table comes out one row per line with its cells separated by spaces, as the segmenter
reads indicator tables.
"""

from __future__ import annotations

import re

import trafilatura
from lxml import etree

from ..errors import BadInput
from .config import rules
from .word import INDENT

_DATE = re.compile(r"^(19|20)\d\d-\d\d-\d\d$")
_BLOCKS = {"p", "item", "quote", "head", "row"}


def _text(el: etree._Element) -> str:
    return re.sub(r"\s*\n\s*", " ", "".join(el.itertext())).strip()


def _lines(root: etree._Element) -> list[str]:
    out = []
    for el in root.iter(*_BLOCKS):
        if el.tag == "row":
            line = " ".join(t for t in (_text(c) for c in el.iter("cell")) if t)
        elif el.getparent() is not None and el.getparent().tag in ("cell", "item", "quote"):
            continue  # inside a block already read
        elif el.tag == "head":
            line = _text(el)
        else:
            line = _text(el)
            line = INDENT + line if line else line
        if line.strip():
            out.append(line)
    return out


def read_html(html: str, name: str) -> tuple[str, str | None, str | None]:
    """The article's text, the page's title and its date (YYYY-MM-DD), or BadInput."""
    xml = trafilatura.extract(
        html,
        output_format="xml",
        include_tables=True,
        include_comments=False,
        with_metadata=True,
        favor_recall=True,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    root = etree.fromstring(xml.encode("utf-8")) if xml else None
    text = "\n".join(_lines(root)) if root is not None else ""
    if len(text.strip()) < rules().html.min_chars or root is None:
        raise BadInput(
            f"{name}: the web page has no article text to read; save the page with its "
            "content (not a frame or a script shell), or paste its text into a .txt file"
        )
    parts = rules().html.title_separators.split(root.get("title") or "")
    title = max((p.strip() for p in parts), key=len, default="") or None
    date = root.get("date")
    return text, title, date if date and _DATE.match(date) else None
