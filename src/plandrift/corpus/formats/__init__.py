"""Read any document file into the text plandrift stores: plain text in any encoding, PDF,
Word (.docx) and web pages. What a file is comes from its bytes, not its name, so a zip
renamed .pdf or a Word file renamed .txt is told for what it is.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from ..errors import BadInput
from ..models import PageMark, SourceFile
from .config import rules
from .extracted import ExtractedText, page_at
from .text import decode_text

__all__ = ["ExtractedText", "PageMark", "SourceFile", "extract", "page_at", "read_source", "sniff"]

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HTML = re.compile(r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)


def sniff(data: bytes) -> str:
    """pdf, docx, doc, zip, ooxml (a spreadsheet or slides), rtf or text, from the bytes."""
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        if b"word/" in data[:65536] or b"word/document.xml" in data:
            return "docx"
        if b"xl/" in data[:65536] or b"ppt/" in data[:65536]:
            return "ooxml"
        return "zip"
    if data.startswith(_OLE2):
        return "doc"
    if data.lstrip().startswith(b"{\\rtf"):
        return "rtf"
    return "text"


def extract(data: bytes, name: str) -> ExtractedText:
    """The text of one file's bytes, with where it came from; BadInput if it cannot be read."""
    kind = sniff(data)
    source = lambda t: SourceFile(Path(name).name, t, hashlib.sha256(data).hexdigest())  # noqa: E731
    if kind == "pdf":
        from .pdf import read_pdf

        pdf = read_pdf(data, name)
        return ExtractedText(pdf.text, source("pdf"), title=pdf.title, pages=pdf.pages)
    if kind == "docx":
        from .word import read_docx

        text, title = read_docx(data, name)
        if not text.strip():
            raise BadInput(f"{name}: the Word document has no text in its body")
        return ExtractedText(text, source("docx"), title=title)
    if kind == "doc":
        raise BadInput(
            f"{name}: is a legacy Word .doc (or another old Office file), which plandrift cannot "
            "read; save it as .docx (`soffice --headless --convert-to docx FILE`)"
        )
    if kind == "ooxml":
        raise BadInput(
            f"{name}: is a spreadsheet or slides, not a document; give a .docx, .pdf or .txt"
        )
    if kind == "zip":
        raise BadInput(
            f"{name}: is a zip archive, not a document; unzip it and give the files inside"
        )
    if kind == "rtf":
        raise BadInput(f"{name}: is an RTF file; save it as .docx or .txt")
    text = decode_text(data, name)
    if _HTML.match(text[:4096]):
        from .web import read_html

        body, title, published = read_html(text, name)
        return ExtractedText(body, source("html"), title=title, published=published)
    return ExtractedText(text, source("txt"))


def read_source(path: Path) -> ExtractedText:
    """Read and extract one document file."""
    if not path.exists():
        raise BadInput(f"{path}: no such file; check the path")
    if path.is_dir():
        raise BadInput(
            f"{path}: is a directory; give a document file (or use --corpus for a folder)"
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BadInput(f"{path}: cannot read it ({exc.strerror}); check its permissions") from exc
    got = extract(data, str(path))
    _refuse_too_large(got.text, path)
    return got


MAX_MB_ENV = "PLANDRIFT_MAX_DOC_MB"


def _refuse_too_large(text: str, path: Path) -> None:
    raw = os.environ.get(MAX_MB_ENV)
    try:
        limit = float(raw) if raw else rules().text.max_mb
    except ValueError as exc:
        raise BadInput(f"{MAX_MB_ENV}={raw!r} is not a number of MB; give e.g. 20") from exc
    size = len(text.encode("utf-8")) / 1e6
    if size > limit:
        raise BadInput(
            f"{path}: {size:.1f} MB of text, more than one document may hold ({limit:g} MB; "
            f"a work report is under 1 MB); split it into its parts (a gazette into its "
            f"issues), or set {MAX_MB_ENV}={int(size) + 1} to read it whole"
        )
