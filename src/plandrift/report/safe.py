"""Text from documents is data, never control: what may reach a terminal, a pipe, a markdown
page, a spreadsheet or a JSON reader.

Documents carry whatever their authors or PDF extractors put in them: terminal escape
sequences (a new window title, a cleared screen), control characters, bidi overrides that
reorder what a reader sees, HTML and markdown links, spreadsheet formulas. Every output of
plandrift (the CLI, the renderers, the app's widgets) passes its text through this module,
so there is one set of rules to read and to test.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Iterable
from typing import Any

# Whole escape sequences go, not only their ESC: what follows an ESC is an instruction.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]?"  # CSI: colours, cursor moves, clear screen (ESC [ 2 J)
    r"|\x1b\][^\x07\x1b\n]*(?:\x07|\x1b\\)?"  # OSC: window title (ESC ] 0 ; … BEL), links
    r"|\x1b[PX^_][^\x1b\n]*(?:\x1b\\)?"  # DCS, SOS, PM, APC strings
    r"|\x1b[ -/]*[0-~]?"  # the other escapes: ESC c resets the terminal
    r"|\x9b[0-?]*[ -/]*[@-~]?"  # 8-bit CSI
    r"|[\x90\x98\x9d\x9e\x9f][^\x07\x9c\x1b\n]*[\x07\x9c]?"  # 8-bit DCS, SOS, OSC, PM, APC
)
# C0 and C1 controls but tab and line feed; a carriage return can overwrite a line.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Embeddings, overrides and isolates reorder the text around them (Trojan Source): shown.
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
_ANY = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_BREAKS = re.compile(r"[\t\n\u2028\u2029]")


def _shown(m: re.Match[str]) -> str:
    return f"<U+{ord(m.group()):04X}>"


def terminal(text: str) -> str:
    """``text`` as it may be printed: escape sequences and control characters removed (tab
    and line feed kept), bidi controls shown as ``<U+202E>``."""
    if not _ANY.search(text):
        return text
    text = _CONTROLS.sub("", _ESCAPES.sub("", text))
    return _BIDI.sub(_shown, text)


def line(text: str) -> str:
    """``text`` as one line of a message or table: as ``terminal``, line breaks as spaces."""
    return _BREAKS.sub(" ", terminal(text))


# Markdown that would become markup, in text that must render as written.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]~|])")
# Bare links GitHub would make live: scheme://, www., mailto:/xmpp:, e-mail addresses.
_MD_AUTOLINK = re.compile(
    r"(?i)(?<=[a-z0-9])(:)(?=//)|(?<=\bwww)(\.)|(?<=\bmailto)(:)|(?<=\bxmpp)(:)|(@)"
)


class Markdown(str):
    """Markdown a renderer wrote on purpose (``**met**``, a code span): ``markdown`` leaves it
    as it is, and what is added to it is escaped, so the two never mix."""

    def __add__(self, other: str) -> Markdown:
        return Markdown(str.__add__(self, markdown(other)))


def markdown(text: Any) -> str:
    """Inline markdown that renders exactly as ``text`` reads: one line, HTML escaped, and
    no link, image, emphasis, code or table syntax (each such character backslashed)."""
    if isinstance(text, Markdown):
        return text
    s = html.escape(line("" if text is None else str(text)), quote=False)
    s = _MD_SPECIAL.sub(r"\\\1", s)
    return _MD_AUTOLINK.sub(lambda m: "\\" + m.group(), s)


def code(text: Any, *, in_table: bool = False) -> str:
    """``text`` as a markdown code span, fenced with more backticks than it holds."""
    s = line("" if text is None else str(text))
    longest = max((len(run) for run in re.findall(r"`+", s)), default=0)
    fence = "`" * (longest + 1)
    if s.startswith("`") or s.endswith("`"):
        s = f" {s} "
    if in_table:
        s = s.replace("|", "\\|")
    return f"{fence}{s}{fence}"


_FORMULA = re.compile(r"[=+\-@\t\r\n]")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def csv_cell(value: Any) -> Any:
    """A CSV cell a spreadsheet shows as text: one that starts like a formula (=, +, -, @,
    tab, return) gets a leading apostrophe, unless it is just a number such as -3.5."""
    if not isinstance(value, str):
        return value
    s = terminal(value)
    if s and _FORMULA.match(s) and not _NUMBER.fullmatch(s):
        return "'" + s
    return s


class _CsvWriter:
    def __init__(self, out: io.StringIO) -> None:
        self._w = csv.writer(out, lineterminator="\n")

    def writerow(self, row: Iterable[Any]) -> None:
        self._w.writerow([csv_cell(v) for v in row])


def csv_writer(out: io.StringIO) -> _CsvWriter:
    """A ``csv.writer`` (LF line ends) whose every cell goes through ``csv_cell``."""
    return _CsvWriter(out)


# JSON escapes C0 controls itself; these it leaves raw, and a terminal would obey them.
_JSON_RAW = re.compile(r"[\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def json_text(text: str) -> str:
    """Serialised JSON with DEL, C1 controls, bidi controls and line separators written as
    ``\\uXXXX``: the same data for a parser, inert bytes for a terminal."""
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def dumps(data: Any, **kwargs: Any) -> str:
    """``json.dumps`` (UTF-8 text kept readable) through ``json_text``."""
    return json_text(json.dumps(data, ensure_ascii=False, **kwargs))
