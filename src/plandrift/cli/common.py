"""What every command shares: one-line errors with exit code 2, the --db option, safe output."""

from __future__ import annotations

import os
import sqlite3
import sys
import unicodedata
from pathlib import Path
from typing import Any

import click
import sqlite_utils

from plandrift.corpus.errors import BadInput
from plandrift.corpus.store import open_db

from .console import say

DEFAULT_DB = "plandrift.db"


class Group(click.Group):
    """Turns BadInput (and SQLite refusing to write) into one line and exit code 2."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except BadInput as exc:
            click.echo(f"plandrift: {exc}", err=True)
            ctx.exit(2)
        except sqlite3.OperationalError as exc:
            click.echo(
                f"plandrift: database error ({exc}); check the --db path is writable", err=True
            )
            ctx.exit(2)
        except BrokenPipeError:
            ctx.exit(0)

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        """Usage errors, like bad input, are one line on stderr and exit code 2."""
        if not standalone_mode:
            return super().main(*args, standalone_mode=False, **kwargs)  # type: ignore[call-overload]
        try:
            code = super().main(*args, standalone_mode=False, **kwargs)  # type: ignore[call-overload]
        except click.UsageError as exc:
            where = exc.ctx.command_path if exc.ctx else "plandrift"
            click.echo(f"{where}: {exc.format_message()} (see `{where} --help`)", err=True)
            sys.exit(2)
        except click.ClickException as exc:
            click.echo(f"plandrift: {exc.format_message()}", err=True)
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo("aborted", err=True)
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


def db_option(f):
    return click.option(
        "--db",
        "db_path",
        type=click.Path(path_type=Path, readable=False),
        default=lambda: os.environ.get("PLANDRIFT_DB", DEFAULT_DB),
        show_default=DEFAULT_DB,
        help="SQLite database file (env PLANDRIFT_DB).",
    )(f)


def open_existing(db_path: Path) -> sqlite_utils.Database:
    db = open_db(db_path, must_exist=True)
    if not db["documents"].exists():
        raise BadInput(f"{db_path}: holds no plandrift data; run `plandrift build --db {db_path}`")
    return db


def write_output(text: str, output: Path | None) -> None:
    """Write all or nothing: a temp file renamed into place; ``-o -`` is standard output."""
    if output is None or str(output) == "-":
        click.echo(text, nl=False)
        return
    if output.is_dir():
        raise BadInput(f"{output}: is a directory; give a file path with -o")
    tmp = output.with_name(f".{output.name}.tmp-{os.getpid()}")
    try:
        tmp.write_text(text, encoding="utf-8", newline="\n")
        os.replace(tmp, output)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise BadInput(f"{output}: cannot write it ({exc.strerror}); give another -o path") from exc
    say(f"wrote {output}")


def cell_width(text: str) -> int:
    """Terminal cells: CJK characters take two, so the columns line up."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
