"""Find the articles a bundle (a government gazette) holds: their titles and extents.

A gazette prints notices, measures, plans and reprinted reports one after another. An
article starts at its title: a short line ending with a document-type word (通知, 举措,
规划, 报告 …), with the issuer line printed above it and a title wrapped over two lines
joined back. Patterns live in ``data/headings.toml`` under ``[articles]``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

_END_PUNCT = re.compile(r"[。！？；;!?，,]")
_TOC = re.compile(r"(?:…{2,}|\.{4,}|·{4,})\s*\d+$")


@dataclass
class ArticleStart:
    first: int  # index of the first paragraph of the title (issuer line included)
    last: int  # index of the last paragraph of the title
    title: str


def _titleish(par: str, max_len: int) -> bool:
    return 2 <= len(par) <= max_len and not _END_PUNCT.search(par) and not _TOC.search(par)


def find_articles(paras: list[str], cfg: dict[str, Any]) -> list[ArticleStart]:
    """Title paragraphs of each article, in document order (the first paragraph counts).

    ``cfg`` is the ``[articles]`` table of ``data/headings.toml`` with compiled regexes.
    """
    title_re, issuer_re, max_len = cfg["title"], cfg["issuer"], cfg["max_len"]
    starts: list[ArticleStart] = []
    taken = -1
    for i, par in enumerate(paras):
        first_par = i == 0 and _titleish(par, max_len)
        if i <= taken or not (first_par or (_titleish(par, max_len) and title_re.search(par))):
            continue
        first = i
        while (
            first > taken + 1
            and i - first < 2
            and _titleish(paras[first - 1], max_len)
            and not title_re.search(paras[first - 1])
            and (issuer_re.search(paras[first - 1]) or len(paras[first - 1]) >= 6)
            and not _heading_marker(paras[first - 1])
            and (issuer_re.search(paras[first - 1]) or not cfg["skip"].search(paras[first - 1]))
        ):
            first -= 1
        title = "".join(paras[first : i + 1]) if first < i else par
        starts.append(ArticleStart(first, i, title))
        taken = i
    return starts


_MARKER = re.compile(
    r"^(?:第[一二三四五六七八九十]+[章节]|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）])"
)


def _heading_marker(par: str) -> bool:
    return bool(_MARKER.match(par))
