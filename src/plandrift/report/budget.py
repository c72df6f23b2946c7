"""Fitting a markdown report into a byte limit (GitHub's job summary takes 1 MiB).

A report is a list of blocks, each with a rank: 0 is always kept, and the higher the rank the
sooner a block goes. Blocks of one rank go from the end backwards, so what is kept is the
beginning of each part. A header goes with the last block under it. What was left out is
counted in a note, put where the report keeps a place for it. Same blocks, same limit: same
bytes.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

MIB = 1024 * 1024
NOTE_RESERVE = 600  # bytes kept free for the note while blocks are dropped


@dataclass(frozen=True)
class Block:
    lines: tuple[str, ...]
    rank: int = 0  # 0 is never dropped; higher ranks are dropped first
    what: str = ""  # what one block is, for the note ("wording diff")
    group: str = ""  # blocks under one header
    header: bool = False  # the group's header: kept while any block of the group is
    note: bool = False  # where the note on what was left out goes
    key: str = ""  # blocks of one thing (a goal's rows): the first kept shows ``first``
    first: tuple[str, ...] = ()  # the lines that stand in for ``lines`` on that first block

    @property
    def size(self) -> int:
        return _size(self.lines)

    @property
    def extra(self) -> int:
        """What showing ``first`` instead of ``lines`` adds."""
        return max(0, _size(self.first) - _size(self.lines)) if self.first else 0


def _size(lines: tuple[str, ...]) -> int:
    return sum(len(line.encode("utf-8")) + 1 for line in lines)


def _lines(blocks: list[Block], skip: set[int], note: list[str]) -> list[str]:
    out: list[str] = []
    named: set[str] = set()
    for i, b in enumerate(blocks):
        if b.note:
            out += note
        elif i not in skip:
            if b.key and b.first and b.key not in named:
                out += b.first
            else:
                out += b.lines
            if b.key:
                named.add(b.key)
    return out


def fit(blocks: list[Block], limit: int | None, how: str = "--max-bytes") -> list[str]:
    """The lines of the blocks kept under ``limit`` bytes (None or 0: no limit), with the
    note on what was left out in place of the note block."""
    extra: dict[str, int] = {}
    for b in blocks:
        if b.key:
            extra[b.key] = max(extra.get(b.key, 0), b.extra)
    total = sum(b.size for b in blocks if not b.note) + sum(extra.values())
    if not limit or total <= limit:
        return _lines(blocks, set(), [])
    members = Counter(b.group for b in blocks if b.group and not b.header)
    shown = Counter(b.key for b in blocks if b.key)
    dropped: set[int] = set()
    order = sorted(
        (i for i, b in enumerate(blocks) if b.rank > 0 and not b.header and not b.note),
        key=lambda i: (-blocks[i].rank, -i),
    )
    for i in order:
        if total + NOTE_RESERVE <= limit:
            break
        dropped.add(i)
        total -= blocks[i].size
        key = blocks[i].key
        if key:
            shown[key] -= 1
            if not shown[key]:
                total -= extra[key]
        group = blocks[i].group
        if group:
            members[group] -= 1
            if not members[group]:
                for k, b in enumerate(blocks):
                    if b.header and b.group == group and k not in dropped:
                        dropped.add(k)
                        total -= b.size
    left = Counter(blocks[i].what for i in dropped if blocks[i].what)
    return _lines(blocks, dropped, _note(left, limit, how))


def _note(left: Counter[str], limit: int, how: str) -> list[str]:
    if not left:
        return []
    parts = ", ".join(f"{n} {_plural(what, n)}" for what, n in sorted(left.items(), key=_by_size))
    return [
        f"> **Trimmed to stay under {limit:,} bytes** ({how}): left out {parts}. "
        f"`{how} 0` gives everything; `--format json` or `--format promises-csv` hold it all.",
        "",
    ]


def _plural(what: str, n: int) -> str:
    """row of reported figures → rows of reported figures; wording diff → wording diffs."""
    if n == 1:
        return what
    head, sep, tail = what.partition(" of ")
    return f"{head}s{sep}{tail}" if sep else f"{what}s"


def _by_size(item: tuple[str, int]) -> tuple[int, str]:
    return (-item[1], item[0])
