"""Clean raw text into paragraphs while keeping a map back to raw offsets.

FIRST VERSION: joins hard-wrapped lines and normalises characters one for one.
"""

from __future__ import annotations

import unicodedata

from .models import Cleaned

_ZERO_WIDTH = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"}
_END = set("。！？；：!?;:")


def _norm_char(ch: str) -> str:
    out = unicodedata.normalize("NFKC", ch)
    return out if len(out) == 1 else ch


def clean(raw: str) -> Cleaned:
    chars: list[str] = []
    offs: list[int] = []
    lines = raw.splitlines(keepends=True)
    pos = 0
    for line in lines:
        body = line.rstrip("\r\n")
        stripped = body.strip()
        if stripped:
            lead = len(body) - len(body.lstrip())
            for i, ch in enumerate(body[lead : lead + len(stripped)], pos + lead):
                if ch in _ZERO_WIDTH:
                    continue
                chars.append(_norm_char(ch))
                offs.append(i)
            if stripped[-1] in _END:
                chars.append("\n")
                offs.append(pos + len(body))
        pos += len(line)
    offs.append(len(raw))
    return Cleaned("".join(chars), offs)
