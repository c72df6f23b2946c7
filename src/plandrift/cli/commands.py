"""The compare commands: report, show, diff, review, link.

Registered on the `plandrift` group by ``register_commands``; they use cli.py's helpers so
bad input is one line and exit code 2, and `--fail-on` gives exit code 1 like
`git diff --exit-code`.
"""

from __future__ import annotations

from pathlib import Path

import click

from plandrift.compare import query
from plandrift.compare.lexicon import load as load_lexicon
from plandrift.compare.query import ChainFilter, get_chain
from plandrift.corpus.errors import BadInput
from plandrift.report import goal as goal_text
from plandrift.report import render as report
from plandrift.report.docdiff import document_diff
from plandrift.workspace import build as workspace

from .common import db_option, open_existing, say, waiting, write_output


def _names(value: str | None, allowed: tuple[str, ...], option: str) -> tuple[str, ...]:
    names = tuple(n.strip() for n in (value or "").split(",") if n.strip())
    unknown = [n for n in names if n not in allowed]
    if unknown:
        raise BadInput(f"{option}: unknown name {unknown[0]!r}; use some of {', '.join(allowed)}")
    return names


@click.command("report")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(sorted(report.RENDERERS)),
    default="markdown",
    show_default=True,
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    help="Write to this file instead of stdout.",
)
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
    db_path: Path,
) -> None:
    """Report every goal: counts by status, a table per area, the wording drift.

    \b
    Example:
      plandrift report --format markdown -o report.md
      plandrift report --status missed,lagging --fail-on missed,softened >> "$GITHUB_STEP_SUMMARY"
    """
    statuses = _names(status, report.STATUS_ORDER, "--status")
    fail = set(_names(fail_on, report.FAIL_NAMES, "--fail-on"))
    db = open_existing(db_path, strict=bool(fail))
    if doc and not query.has_document(db, doc):
        raise BadInput(f"--doc: no document {doc!r}; list them with `plandrift docs`")
    flt = ChainFilter(
        status=statuses, metric=metric, area=area, doc=doc, since=since, themes=themes
    )
    write_output(report.RENDERERS[fmt](db, flt, fail or None), output)
    if fail:
        if not query.statuses(db):  # passing on no goals at all is no check: say so
            say(
                f"plandrift: warning: {db_path} holds no goals; --fail-on had none to check",
                err=True,
            )
        hits = report.matching(db, flt, fail)
        if hits:
            say(
                f"{len(hits)} goals match --fail-on {fail_on}: {', '.join(hits[:10])}"
                + (" …" if len(hits) > 10 else ""),
                err=True,
            )
            click.get_current_context().exit(1)


@click.command("show")
@click.argument("chain_id")
@db_option
def show_cmd(chain_id: str, db_path: Path) -> None:
    """Show one goal: its timeline, values, verdict, drift, link reasons and reviews.

    \b
    Example:
      plandrift show m:grain
    """
    db = open_existing(db_path)
    detail = get_chain(db, chain_id)
    if detail is None:
        raise BadInput(f"no chain {chain_id!r}; list chains with `plandrift report --format csv`")
    say(goal_text.render(detail), nl=False)


@click.command("diff")
@click.argument("doc_a")
@click.argument("doc_b")
@db_option
def diff_cmd(doc_a: str, doc_b: str, db_path: Path) -> None:
    """What changed between two documents: goals kept, dropped, new, numbers changed,
    wording softened.

    \b
    Example:
      plandrift diff report-2024 summary-2026
    """
    db = open_existing(db_path)
    for d in (doc_a, doc_b):
        if not query.has_document(db, d):
            raise BadInput(f"no document {d!r}; list them with `plandrift docs`")
    for name, lines in document_diff(db, doc_a, doc_b).items():
        say(f"{name} ({len(lines)})")
        for line in lines:
            say(f"  {line}")


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
    workspace.review(
        db_path,
        chain_id,
        statement=statement,
        decision=decision,
        note=note,
        relink=decision in ("accept", "reject"),
        on_wait=waiting,
    )
    say(f"recorded {decision or 'note'} for {chain_id}" + (f" {statement}" if statement else ""))


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
    lex = load_lexicon(str(lexicon_path) if lexicon_path else None)
    n = workspace.relink(db_path, lex, on_wait=waiting)
    say(f"linked {db_path}: {n} chains")


def register_commands(cli: click.Group) -> None:
    for cmd in (report_cmd, show_cmd, diff_cmd, review_cmd, link_cmd):
        cli.add_command(cmd)
