"""Read a document's bytes into text without losing the offsets users will point at.

Offsets everywhere are Python indices into the text as decoded here: BOM removed, line
endings untouched. UTF-8 first, then GB18030 (Chinese government files are often GBK).
"""

from __future__ import annotations

from pathlib import Path

from .errors import BadInput

_ENCODINGS = ("utf-8", "gb18030")


def decode_bytes(data: bytes, name: str) -> str:
    """Decode ``data`` or raise BadInput naming the file and the fix."""
    if b"\x00" in data[:4096]:
        raise BadInput(f"{name}: looks like a binary file; give a plain-text (.txt) document")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    for encoding in _ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if not text.strip():
            raise BadInput(f"{name}: the file is empty; give a document with text in it")
        return text
    raise BadInput(
        f"{name}: cannot decode the bytes as UTF-8 or GB18030; convert the file to UTF-8"
    )


def read_document(path: Path) -> str:
    """Read and decode one document file."""
    if not path.exists():
        raise BadInput(f"{path}: no such file; check the path")
    if path.is_dir():
        raise BadInput(f"{path}: is a directory; give a text file (or use --corpus for a folder)")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BadInput(f"{path}: cannot read it ({exc.strerror}); check its permissions") from exc
    return decode_bytes(data, str(path))
