"""How loud the command line is: -q and -v on every command, progress bars on a terminal.

Messages about the work (``wrote report.md``, ``built …``, inferred fields) go to stderr and
are silenced by ``-q``; ``-v`` adds what each stage did and how long it took. The products
(a report, a diff, an export) are never silenced. A progress bar is drawn with rich on
stderr only when stderr is a terminal and ``-q`` is not given: a CI log stays clean.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import click

from plandrift.report import safe

QUIET, NORMAL, VERBOSE = -1, 0, 1


class _State:
    level = NORMAL


STATE = _State()
F = TypeVar("F", bound=Callable[..., Any])


def _set(level: int) -> Callable[[click.Context, click.Parameter, bool], None]:
    def callback(ctx: click.Context, param: click.Parameter, value: bool) -> None:
        if value:
            STATE.level = level

    return callback


def verbosity(f: F) -> F:
    """Add -q/--quiet and -v/--verbose to a command (or the group)."""
    f = click.option(
        "-v",
        "--verbose",
        is_flag=True,
        expose_value=False,
        is_eager=True,
        callback=_set(VERBOSE),
        help="Say what each stage did and how long it took.",
    )(f)
    return click.option(
        "-q",
        "--quiet",
        is_flag=True,
        expose_value=False,
        is_eager=True,
        callback=_set(QUIET),
        help="Print only the output and errors: no messages, no progress bar.",
    )(f)


def say(message: str, *, err: bool = True) -> None:
    """A message about the work; silenced by -q."""
    if STATE.level >= NORMAL:
        click.echo(safe.terminal(message), err=err)


def detail(message: str) -> None:
    """A detail for -v only."""
    if STATE.level >= VERBOSE:
        click.echo(safe.terminal(message), err=True)


@contextmanager
def progress() -> Iterator[Callable[[str, int, int], None]]:
    """A callback for the corpus and compare layers: a bar per stage on a terminal, and with
    -v one line per finished stage with its time."""
    bar = None
    if STATE.level >= NORMAL and sys.stderr.isatty():
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

        bar = Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=True,
        )
    tasks: dict[str, Any] = {}
    started: dict[str, float] = {}

    def report(stage: str, done: int, total: int) -> None:
        if stage not in started:
            started[stage] = time.perf_counter()
            if bar is not None:
                tasks[stage] = bar.add_task(stage, total=total)
        if bar is not None:
            bar.update(tasks[stage], completed=done, total=total)
        if done >= total and STATE.level >= VERBOSE:
            line = f"{stage}: {total} in {time.perf_counter() - started[stage]:.2f}s"
            if bar is not None:
                bar.console.print(line, markup=False, highlight=False)
            else:
                click.echo(line, err=True)

    if bar is None:
        yield report
        return
    with bar:
        yield report
