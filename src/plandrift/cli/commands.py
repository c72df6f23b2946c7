"""The compare commands: report, show, diff, review, link.

Registered on the `plandrift` group by ``register_commands``; they use cli.py's helpers so
bad input is one line and exit code 2, and `--fail-on` gives exit code 1 like
`git diff --exit-code`.
"""

from __future__ import annotations

from pathlib import Path

import click

from plandrift.compare import query
from plandrift.compare.query import ChainFilter, get_chain
from plandrift.corpus.errors import BadInput
from plandrift.report import docdiff, export
from plandrift.report import goal as goal_text
from plandrift.report import render as report
from plandrift.workspace import build as workspace

from .common import db_option, open_existing, waiting, write_output
from .console import progress, say


def format_option(choices: tuple[str, ...], default: str | None = None):
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(list(choices)),
        default=default or choices[0],
        show_default=True,
        help="Output format.",
    )


def output_option(f):
    return click.option(
        "-o",
        "--output",
        type=click.Path(path_type=Path, allow_dash=True),
        default=None,
        help="Write to this file instead of stdout (- is stdout).",
    )(f)


def max_bytes_option(f):
    return click.option(
        "--max-bytes",
        type=click.IntRange(min=0),
        default=None,
        help="Markdown only: leave out the least important parts to stay under this many "
        "bytes, and say what was left out (default 1048576, GitHub's job-summary limit; "
        "0 for no limit).",
    )(f)


def bom_option(f):
    return click.option(
        "--bom/--no-bom",
        default=True,
        show_default=True,
        help="CSV only: start with a UTF-8 byte-order mark, so that Excel reads it as UTF-8.",
    )(f)


def _names(value: str | None, allowed: tuple[str, ...], option: str) -> tuple[str, ...]:
    names = tuple(n.strip() for n in (value or "").split(",") if n.strip())
    unknown = [n for n in names if n not in allowed]
    if unknown:
        raise BadInput(f"{option}: unknown name {unknown[0]!r}; use some of {', '.join(allowed)}")
    return names


@click.command("report")
@format_option(report.FORMATS)
@output_option
@click.option(
    "--status",
    default=None,
    help="Only goals with a promise (or goal) of these statuses, comma-separated (met,missed…).",
)
@click.option("--metric", default=None, help="Only this lexicon metric key (e.g. grain, gdp).")
@click.option("--area", default=None, help="Only this area (经济, 农业, 民生…).")
@click.option("--doc", default=None, help="Only goals with a statement in this document.")
@click.option("--since", type=int, default=None, help="Only goals with a member from this year on.")
@click.option(
    "--themes",
    is_flag=True,
    help="Also list the themes: shared phrases with no figure and nothing to complete.",
)
@click.option(
    "--fail-on",
    default=None,
    help="Exit 1 if any promise has one of these statuses or a goal one of these drift labels "
    "(e.g. missed,dropped,softened); the markdown report then opens with them.",
)
@max_bytes_option
@bom_option
@db_option
def report_cmd(
    fmt: str,
    output: Path | None,
    status: str | None,
    metric: str | None,
    area: str | None,
    doc: str | None,
    since: int | None,
    themes: bool,
    fail_on: str | None,
    max_bytes: int | None,
    bom: bool,
    db_path: Path,
) -> None:
    """Report every goal: what failed, counts by status, each goal's promises and reported
    figures year by year, and the drift between its promises.

    \b
    Example:
      plandrift report --format markdown -o report.md
      plandrift report --fail-on missed,dropped,softened >> "$GITHUB_STEP_SUMMARY"
      plandrift report --format promises-csv -o promises.csv
    """
    statuses = _names(status, report.STATUS_ORDER, "--status")
    fail = set(_names(fail_on, report.FAIL_NAMES, "--fail-on"))
    db = open_existing(db_path, strict=bool(fail))
    if doc and not query.has_document(db, doc):
        raise BadInput(f"--doc: no document {doc!r}; list them with `plandrift docs`")
    flt = ChainFilter(
        status=statuses, metric=metric, area=area, doc=doc, since=since, themes=themes
    )
    write_output(report.render(fmt, db, flt, fail or None, max_bytes=max_bytes, bom=bom), output)
    if fail:
        if not query.statuses(db):  # passing on no goals at all is no check: say so
            say(f"plandrift: warning: {db_path} holds no goals; --fail-on had none to check")
        _fail(report.matching(db, flt, fail), fail_on)


def _fail(hits: list[str], names: str | None) -> None:
    """Exit 1, like `git diff --exit-code`, when a --fail-on check matched."""
    if hits:
        say(
            f"{len(hits)} goals match --fail-on {names}: {', '.join(hits[:10])}"
            + (" …" if len(hits) > 10 else "")
        )
        click.get_current_context().exit(1)


@click.command("show")
@click.argument("chain_id")
@format_option(("text", "json"))
@output_option
@db_option
def show_cmd(chain_id: str, fmt: str, output: Path | None, db_path: Path) -> None:
    """Show one goal: its promises and verdicts, what was reported year by year, its
    statements with why each was linked, the drift between its promises, its reviews.

    \b
    Example:
      plandrift show m:grain
      plandrift show m:grain --format json
    """
    db = open_existing(db_path)
    detail = get_chain(db, chain_id)
    if detail is None:
        raise BadInput(f"no chain {chain_id!r}; list chains with `plandrift report --format csv`")
    progress = query.chain_progress(db, chain_id).get(chain_id, [])
    if fmt == "json":
        write_output(export.dumps(goal_text.as_dict(detail, progress)), output)
    else:
        write_output(goal_text.render(detail, progress), output)


@click.command("diff")
@click.argument("doc_a")
@click.argument("doc_b")
@format_option(docdiff.FORMATS)
@output_option
@click.option(
    "--fail-on",
    default=None,
    help="Exit 1 if a goal is in one of these groups (dropped, new), has a promise in A or B "
    "of one of these statuses, or drifted from A to B by one of these labels.",
)
@max_bytes_option
@bom_option
@db_option
def diff_cmd(
    doc_a: str,
    doc_b: str,
    fmt: str,
    output: Path | None,
    fail_on: str | None,
    max_bytes: int | None,
    bom: bool,
    db_path: Path,
) -> None:
    """What changed between two documents: goals kept, dropped (or only not in B, when B is
    not a document of A's kind and place), new, numbers changed, promises softened.

    \b
    Example:
      plandrift diff report-2024 summary-2026
      plandrift diff plan-14th report-2024 --format markdown --fail-on softened,dropped
    """
    fail = set(_names(fail_on, docdiff.FAIL_NAMES, "--fail-on"))
    db = open_existing(db_path)
    for d in (doc_a, doc_b):
        if not query.has_document(db, d):
            raise BadInput(f"no document {d!r}; list them with `plandrift docs`")
    found = docdiff.document_diff(db, doc_a, doc_b)
    write_output(docdiff.render(fmt, found, fail or None, max_bytes=max_bytes, bom=bom), output)
    if fail:
        _fail([c.id for c, _ in found.failing(fail)], fail_on)


@click.command("review")
@click.argument("chain_id")
@click.option(
    "--accept",
    "accept",
    default=None,
    metavar="STATEMENT",
    help="Keep this statement in the goal whatever the scores say.",
)
@click.option(
    "--reject",
    "reject",
    default=None,
    metavar="STATEMENT",
    help="Take this statement out of the goal, now and after every rebuild.",
)
@click.option("--reviewed", is_flag=True, help="Mark the goal as reviewed.")
@click.option("--note", default=None, help="Attach a note.")
@db_option
def review_cmd(
    chain_id: str,
    accept: str | None,
    reject: str | None,
    reviewed: bool,
    note: str | None,
    db_path: Path,
) -> None:
    """Record a review decision; membership changes are re-linked at once and kept by
    every later rebuild.

    \b
    Example:
      plandrift review m:grain --reject report-2024:2c0c582d --note "sown area, not output"
      plandrift review m:grain --reviewed
    """
    picked = [x for x in (accept and "accept", reject and "reject", reviewed and "reviewed") if x]
    if len(picked) > 1:
        raise BadInput("give one of --accept, --reject or --reviewed at a time")
    decision = picked[0] if picked else None
    statement = accept or reject
    with progress() as report:
        workspace.review(
            db_path,
            chain_id,
            statement=statement,
            decision=decision,
            note=note,
            relink=decision in ("accept", "reject"),
            on_wait=waiting,
            progress=report,
        )
    say(
        f"recorded {decision or 'note'} for {chain_id}" + (f" {statement}" if statement else ""),
        err=False,
    )


@click.command("link")
@click.option(
    "--lexicon",
    "lexicon_path",
    type=click.Path(path_type=Path),
    default=None,
    help="A TOML lexicon merged over the bundled one (env PLANDRIFT_LEXICON).",
)
@db_option
def link_cmd(lexicon_path: Path | None, db_path: Path) -> None:
    """Re-link the goals of a built database, e.g. with your own metric lexicon.

    \b
    Example:
      plandrift link --lexicon my-metrics.toml
    """
    with progress() as report:
        n = workspace.relink(
            db_path, str(lexicon_path) if lexicon_path else None, report, on_wait=waiting
        )
    say(f"linked {db_path}: {n} chains", err=False)


def register_commands(cli: click.Group) -> None:
    for cmd in (report_cmd, show_cmd, diff_cmd, review_cmd, link_cmd):
        cli.add_command(cmd)
