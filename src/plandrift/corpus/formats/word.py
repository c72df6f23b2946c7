"""Word (.docx) through python-docx (MIT): paragraphs and tables in document order.

Each paragraph is one line, exactly as ``paragraph.text`` gives it (a manual line break
inside a paragraph stays a line break), so a .docx reads to the same text as the .txt that
python-docx would write from it. A table comes out one row per line, its cells separated by
spaces (a merged cell once), as the segmenter reads indicator tables. Headers, footers
(page numbers) and comments are not part of the body and are left out.
"""

from __future__ import annotations

import io
import re
import zipfile

from docx import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from docx.text.paragraph import Paragraph

from ..errors import BadInput

_CJK = re.compile(r"[\u3400-\u9fff]")


# A body paragraph starts with two ideographic spaces, as Chinese print indents it, so that
# the cleaner (which joins hard-wrapped lines) sees where each paragraph starts; a heading
# (by its style), an empty paragraph or one already indented in its text is left as it is.
INDENT = "\u3000\u3000"


def _is_heading(p: Paragraph) -> bool:
    style = p.style
    while style is not None:
        if style.name.lower().startswith(("heading", "title", "标题")):
            return True
        style = style.base_style
    return False


def _paragraph_line(p: Paragraph) -> str:
    text = p.text
    if not text.strip() or text[:1].isspace() or _is_heading(p):
        return text
    return INDENT + text


def _row_text(cells: list[str]) -> str:
    return " ".join(c for c in cells if c)


def _table_lines(table: Table) -> list[str]:
    lines = []
    for row in table.rows:
        seen: set[int] = set()
        cells = []
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell is listed once per column it spans
                continue
            seen.add(id(cell._tc))
            text = " ".join(p.text.strip() for p in cell.paragraphs if p.text.strip())
            cells.append(text)
        if line := _row_text(cells):
            lines.append(line)
    return lines


def read_docx(data: bytes, name: str) -> tuple[str, str | None]:
    """The body text and the title the file's properties give, or BadInput."""
    try:
        document = Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise BadInput(
            f"{name}: cannot read it as a Word .docx ({exc}); open it in Word or LibreOffice "
            "and save it again as .docx"
        ) from exc
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(_paragraph_line(block))
        elif isinstance(block, Table):
            lines.extend(_table_lines(block))
    title = (document.core_properties.title or "").strip()
    return "\n".join(lines), title if _CJK.search(title) else None
