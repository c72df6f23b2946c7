"""Plain text in any common encoding, decoded so that offsets stay what they always were.

UTF-8 (BOM removed) is tried first and wins whenever the bytes are valid UTF-8, so every
text that read before reads to the same string. UTF-16 and UTF-32 are recognised by their
BOM, or by charset-normalizer (MIT, maintained, no C extension needed) when the BOM is
missing; other bytes go to charset-normalizer, which tells Big5 from GB18030 by how the
decoded text reads: Big5 bytes also decode as GB18030 without error, into nonsense. Text
that no encoding turns into readable characters is refused rather than stored.
"""

from __future__ import annotations

import codecs
import unicodedata

from charset_normalizer import from_bytes

from ..errors import BadInput
from .config import rules

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_UTF8_BOM = codecs.BOM_UTF8
_ODD = frozenset(("Cc", "Co", "Cn", "Cs"))
_TEXT_CONTROLS = frozenset("\t\n\r\f\v")


def _cannot(name: str) -> BadInput:
    return BadInput(
        f"{name}: cannot decode the bytes as text in UTF-8, UTF-16, GB18030 or Big5; "
        "convert the file to UTF-8"
    )


def _odd(ch: str) -> bool:
    return ch == "\ufffd" or (unicodedata.category(ch) in _ODD and ch not in _TEXT_CONTROLS)


def odd_share(text: str) -> float:
    """Share of characters that no readable text holds: controls, private-use, unassigned,
    surrogates and U+FFFD (what a wrong decoding leaves)."""
    if not text:
        return 0.0
    return sum(1 for ch in text if _odd(ch)) / len(text)


def _checked(text: str, name: str, valid_utf8: bool = False) -> str:
    if not text.strip():
        raise BadInput(f"{name}: the file is empty; give a document with text in it")
    share = odd_share(text)
    if share > rules().text.max_odd_share:
        if valid_utf8:  # the bytes are UTF-8: what is wrong is what they hold
            at = next(i for i, ch in enumerate(text) if _odd(ch))
            raise BadInput(
                f"{name}: is UTF-8, but {share:.0%} of its characters are control or "
                f"unassigned code points (the first at character {at}), so it is no readable "
                "text; give the document as plain text"
            )
        raise _cannot(name)
    return text


def _detect(data: bytes) -> str | None:
    """charset-normalizer's best encoding, with the GB family read as GB18030 (a superset,
    and what plandrift always used for GBK files)."""
    cfg = rules().text
    matches = [m for m in from_bytes(data, threshold=cfg.max_mess) if m.chaos <= cfg.max_mess]
    if not matches:
        return None
    best = matches[0]
    gb = [m for m in matches if m.encoding in cfg.gb_family]
    if gb and gb[0].chaos <= best.chaos + 0.01:
        return "gb18030"
    return best.encoding


def decode_text(data: bytes, name: str) -> str:
    """Decode ``data`` or raise BadInput naming the file and the fix."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(data.decode(encoding), name)
            except UnicodeDecodeError:
                raise _cannot(name) from None
    if data.startswith(_UTF8_BOM):
        data = data[len(_UTF8_BOM) :]
    if b"\x00" in data[:4096]:
        wide = _detect(data)
        if not wide or not wide.startswith(("utf_16", "utf_32")):
            raise BadInput(f"{name}: looks like a binary file; give a plain-text (.txt) document")
        return _checked(data.decode(wide), name)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return _checked(text, name, valid_utf8=True)
    found = _detect(data)
    if found is None:
        raise _cannot(name)
    try:
        return _checked(data.decode(found), name)
    except UnicodeDecodeError:
        raise _cannot(name) from None
