"""Split cleaned text into sections and statements.

FIRST VERSION: paragraphs by line, headings by a few patterns, sentences by 。！？；.
"""

from __future__ import annotations

import re

from .models import Article, Cleaned, DocSpec, Section, Statement

_HEADING = re.compile(r"^(第[一二三四五六七八九十百]+[章节]|[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|专栏\s*\d+)")
_SENT = re.compile(r"[^。！？；]*[。！？；]?")


def segment(spec: DocSpec, cleaned: Cleaned) -> tuple[list[Section], list[Statement], list[Article]]:
    text = cleaned.text
    sections: list[Section] = []
    statements: list[Statement] = []
    current: Section | None = None
    pos = 0
    for para in text.split("\n"):
        start, end = pos, pos + len(para)
        pos = end + 1
        if not para.strip():
            continue
        m = _HEADING.match(para)
        if m and len(para) < 60:
            current = Section(
                id=f"{spec.id}:s{len(sections) + 1}", doc=spec.id, parent=None, level=1,
                kind="heading", title=para, path=para, cstart=start, cend=end,
            )
            sections.append(current)
            continue
        for sm in _SENT.finditer(para):
            s, e = start + sm.start(), start + sm.end()
            body = text[s:e]
            if len(body.strip()) < 2:
                continue
            statements.append(
                Statement(
                    id="", doc=spec.id, section=current.id if current else None,
                    section_path=current.path if current else "", text=body,
                    cstart=s, cend=e, seq=len(statements),
                )
            )
    for sec in sections:
        sec.cend = max(sec.cend, sec.cend)
    return sections, statements, []
