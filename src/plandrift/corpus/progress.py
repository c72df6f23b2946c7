"""How long work reports how far it got, without printing: the caller decides what to show.

The corpus and compare layers call a ``Progress`` with a stage name, the units done and the
units in all (documents parsed, goals linked); the command line draws a bar on a terminal
and nothing elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[str, int, int], None]  # (stage, units done, units in all)


def silent(stage: str, done: int, total: int) -> None:
    """The default: report nothing."""
