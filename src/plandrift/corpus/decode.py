"""Read a document's bytes into text without losing the offsets users will point at.

Offsets everywhere are Python indices into the text as decoded here: BOM removed, line
endings untouched. ``formats`` reads every kind of file (PDF, Word, web pages, text in any
encoding); these two keep the names the rest of the code and the tests call.
"""

from __future__ import annotations

from pathlib import Path

from .formats import read_source
from .formats.text import decode_text


def decode_bytes(data: bytes, name: str) -> str:
    """Decode plain text or raise BadInput naming the file and the fix."""
    return decode_text(data, name)


def read_document(path: Path) -> str:
    """Read one document file (any format) into the text plandrift stores."""
    return read_source(path).text
