"""What every command shares: one-line errors with exit code 2, the --db option, safe output.

Everything the CLI prints goes through ``echo`` or ``console.say`` (report.safe): document
the terminal as control characters or escape sequences.
"""

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
from plandrift.report import safe
from plandrift.workspace import files

from .console import say

DEFAULT_DB = "plandrift.db"


def echo(text: str = "", *, err: bool = False, nl: bool = True) -> None:
    """A product or an error: never silenced, with escape sequences and control characters
    removed (safe.terminal). Messages about the work go through ``console.say``."""
    click.echo(safe.terminal(text), err=err, nl=nl)


def fail(message: str) -> None:
    """The one line of a refusal, on stderr."""
    echo(f"plandrift: {safe.line(message)}", err=True)


def _database_error(exc: sqlite3.Error) -> str:
    text = str(exc)
    if "malformed" in text or "not a database" in text:
        return f"the database is damaged ({text}); rebuild it with `plandrift build`"
    if "no such column" in text or "no such table" in text:
        return (
            f"the database was built by another version of plandrift ({text}); rebuild it "
            "with `plandrift build`"
        )
    if "disk is full" in text:
        return "no space left for the database; free some space and run the command again"
    if "readonly" in text or "unable to open" in text:
        return f"cannot write the database ({text}); check the --db path is writable"
    return f"database error ({text}); check the --db path"


class Group(click.Group):
    """Turns BadInput, SQLite and file-system errors into one line and exit code 2."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except BadInput as exc:
            fail(str(exc))
            ctx.exit(2)
        except sqlite3.Error as exc:
            fail(_database_error(exc))
            ctx.exit(2)
        except BrokenPipeError:
            ctx.exit(0)
        except OSError as exc:
            where = f"{exc.filename}: " if exc.filename else ""
            fail(f"{where}{exc.strerror or exc}; check the path and free space")
            ctx.exit(2)
        except files.Interrupted as exc:
            if exc.written:
                fail(f"stopped by {exc.name} after the database was written")
            else:
                fail(f"stopped by {exc.name} before it finished; the database is as it was")
            ctx.exit(128 + exc.signum)

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        """Usage errors, like bad input, are one line on stderr and exit code 2."""
        if not standalone_mode:
            return super().main(*args, standalone_mode=False, **kwargs)  # type: ignore[call-overload]
        try:
            code = super().main(*args, standalone_mode=False, **kwargs)  # type: ignore[call-overload]
        except click.UsageError as exc:
            where = exc.ctx.command_path if exc.ctx else "plandrift"
            message = safe.line(exc.format_message())
            echo(f"{where}: {message} (see `{where} --help`)", err=True)
            sys.exit(2)
        except click.ClickException as exc:
            fail(exc.format_message())
            sys.exit(exc.exit_code)
        except click.Abort:
            echo("aborted", err=True)
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


def open_existing(db_path: Path, *, strict: bool = False) -> sqlite_utils.Database:
    """A built plandrift database, every page checked. When the last write to it was
    stopped before it finished, a warning on stderr, or with ``strict`` (a --fail-on
    check, which must not pass on what may be stale) a refusal."""
    warning = files.unfinished(db_path)
    if warning and strict:
        raise BadInput(f"{warning}; --fail-on will not judge it until then")
    db = open_db(db_path, must_exist=True, check=True)
    if not db["documents"].exists():
        db.conn.close()
        raise BadInput(f"{db_path}: holds no plandrift data; run `plandrift build --db {db_path}`")
    if warning:
        echo(f"plandrift: warning: {safe.line(warning)}", err=True)
    return db


def waiting(message: str) -> None:
    """Told once when a writer has to wait for another one."""
    say(f"plandrift: {safe.line(message)}…")


def write_output(text: str, output: Path | None) -> None:
    """Write all or nothing: a temp file renamed into place; ``-o -`` is standard output."""
    if output is None or str(output) == "-":
        echo(text, nl=False)
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
