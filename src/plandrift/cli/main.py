"""The `plandrift` command: the one door for scripts and CI.

A thin click layer over the library: every command has help and an example; bad input
becomes one line on stderr and exit code 2 (see DESIGN.md, 'Contracts').
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import tempfile
from pathlib import Path

import click

from plandrift.compare import query
from plandrift.corpus import manifest
from plandrift.corpus.build import load, read_each
from plandrift.corpus.errors import BadInput
from plandrift.corpus.models import DocSpec
from plandrift.report import datasette, evaluate, export, safe
from plandrift.workspace import build as workspace
from plandrift.workspace import runners

from .commands import format_option, output_option, register_commands
from .common import Group, cell_width, db_option, echo, open_existing, waiting, write_output
from .console import progress, say, verbosity
from .init import init_cmd


@click.group(cls=Group, invoke_without_command=True)
@click.version_option(package_name="plandrift")
@verbosity
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Hold a government's plans against its later reports.

    \b
    Quick start:
      plandrift build            # the bundled 吉林市 corpus into plandrift.db
      plandrift docs             # what was found in each document
      plandrift eval             # accuracy against the labelled set
    """
    if ctx.invoked_subcommand is None:
        if sys.stdin.isatty() and sys.stdout.isatty() and "tui" in cli.commands:
            ctx.invoke(cli.commands["tui"])
        else:
            echo(ctx.get_help())


@cli.command()
@click.option(
    "--corpus",
    "corpus_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Corpus folder with a manifest.toml (default: the bundled corpus).",
)
@click.option(
    "--workers",
    type=click.IntRange(min=-1),
    default=None,
    help="Parse and link places in this many local processes (-1: one per core).",
)
@click.option(
    "--scheduler",
    default=None,
    metavar="ADDRESS",
    help="Run the parsing and linking on the Dask cluster at ADDRESS (tcp://host:8786); "
    "needs `pip install 'plandrift[cluster]'`.",
)
@db_option
def build(
    corpus_dir: Path | None, workers: int | None, scheduler: str | None, db_path: Path
) -> None:
    """Build the database from a corpus, keeping every review.

    A database this plandrift built is brought up to date: only changed documents are
    parsed again and only their places linked again.

    \b
    Example:
      plandrift build
      plandrift build --corpus ~/reports --db reports.db
      plandrift build --corpus ~/reports --scheduler tcp://10.0.0.5:8786
    """
    if workers is not None and scheduler:
        raise BadInput("give --workers or --scheduler, not both")
    folder = corpus_dir or manifest.bundled_corpus()
    docs = read_each(manifest.load_manifest(folder))  # one text at a time
    with (
        runners.cluster(scheduler) if scheduler else runners.local(workers) as runner,
        progress() as report,
    ):
        summary = workspace.rebuild(db_path, docs, runner, report, on_wait=waiting)
    _say_inferred(summary.specs)
    say(
        f"built {db_path}: {summary.documents} documents, {summary.statements} statements, "
        f"{summary.quantities} quantities, {summary.chains} chains"
        + (f", {summary.reviews_kept} reviews kept" if summary.reviews_kept else ""),
        err=False,
    )
    if not summary.fresh:
        say(
            f"parsed {len(summary.parsed)} documents, linked {len(summary.linked)} places again; "
            "the rest kept"
        )


def _say_inferred(specs: list[DocSpec]) -> None:
    unplaced = [s.id for s in specs if not s.place]
    if unplaced and len(unplaced) < len(specs):
        say(
            f'{", ".join(unplaced)}: cannot tell which place it is about; give place = "…" '
            "in the manifest (or --place), as goals never mix places"
        )
    for spec in specs:
        if spec.inferred:
            guessed = ", ".join(f"{f}={getattr(spec, f)}" for f in spec.inferred)
            say(f"{spec.id}: inferred {guessed}")


@cli.command()
@click.argument("file", type=click.Path(path_type=Path, readable=False))
@click.option("--id", "doc_id", help="Document id (default: the file name without extension).")
@click.option("--kind", default="", help="five-year-plan, work-report, … (default: inferred).")
@click.option("--title", default="", help="Title (default: the first short line of the text).")
@click.option("--published", default="", help="YYYY, YYYY-MM or YYYY-MM-DD (default: inferred).")
@click.option("--place", default=None, help="Place the document is about.")
@db_option
def add(
    file: Path,
    doc_id: str | None,
    kind: str,
    title: str,
    published: str,
    place: str | None,
    db_path: Path,
) -> None:
    """Add one document to the database and re-link its place.

    \b
    Example:
      plandrift add report-2025.txt --kind work-report --published 2025-01-20
    """
    doc_id = doc_id or file.stem
    manifest.check_fields(doc_id, kind, published, str(file))
    manifest.entry_text({"--place": place}, "--place", str(file), plain=True)
    spec = DocSpec(
        id=doc_id,
        path=str(file.resolve()),
        title=title,
        kind=kind,
        published=published,
        place=place,
    )
    new = load([spec])
    with progress() as report:
        summary = workspace.add_documents(db_path, new, progress=report, on_wait=waiting)
    _say_inferred([s for s, _ in new])
    say(
        f"added {doc_id} to {db_path}: now {summary.documents} documents, {summary.chains} chains",
        err=False,
    )


@cli.command()
@format_option(("text", "json"))
@output_option
@db_option
def docs(fmt: str, output: Path | None, db_path: Path) -> None:
    """List the documents with counts of what was found in each.

    \b
    Example:
      plandrift docs --db plandrift.db
      plandrift docs --format json -o docs.json
    """
    rows = query.list_documents(open_existing(db_path))
    if fmt == "json":
        write_output(export.dumps(export.document_rows(rows)), output)
        return
    header = (
        "id",
        "kind",
        "published",
        "sections",
        "statements",
        "quantities",
        "repeats",
        "articles",
        "title",
    )
    table = [header] + [tuple(safe.line(str(getattr(r, h))) for h in header) for r in rows]
    widths = [max(cell_width(row[i]) for row in table) for i in range(len(header) - 1)]
    lines = []
    for row in table:
        cells = [c + " " * (w - cell_width(c)) for c, w in zip(row, widths, strict=False)]
        lines.append("  ".join(cells + [row[-1]]))
    write_output("\n".join(lines) + "\n", output)


@cli.command("export")
@format_option(("json",))
@output_option
@db_option
def export_cmd(fmt: str, output: Path | None, db_path: Path) -> None:
    """Export documents, statements (with quantities) and chains.

    \b
    Example:
      plandrift export --format json -o plandrift.json
    """
    db = open_existing(db_path)
    write_output(export.dumps(export.export(db)), output)


@cli.command("eval")
@click.option(
    "--claims",
    type=click.Path(path_type=Path),
    default=None,
    help="Labelled claims (JSONL, the format of shared/gold/claims.jsonl).",
)
@click.option(
    "--chains",
    type=click.Path(path_type=Path),
    default=None,
    help="Labelled chains (JSON, the format of shared/gold/chains.json).",
)
@click.option(
    "--verdicts",
    type=click.Path(path_type=Path),
    default=None,
    help="Labelled verdict cases (JSON, the format of shared/gold/verdicts.json).",
)
@click.option("--misses", default=15, show_default=True, help="How many misses to list.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@db_option
def eval_cmd(
    claims: Path | None,
    chains: Path | None,
    verdicts: Path | None,
    misses: int,
    as_json: bool,
    db_path: Path,
) -> None:
    """Score the database against labelled claims, chains and verdicts.

    Without a path each set is looked for in ../shared/gold, then tests/fixtures/gold;
    labels of documents the database does not hold are left out.

    \b
    Example:
      plandrift eval
      plandrift eval --verdicts ../shared/gold/verdicts.json --misses 50
    """
    ev = evaluate.evaluate(open_existing(db_path), claims, chains, verdicts)
    if as_json:
        echo(export.dumps(ev.as_dict()), nl=False)
        return
    echo(evaluate.render(ev, misses), nl=False)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8001, show_default=True, help="Port to listen on.")
@click.option(
    "--metadata",
    "metadata_out",
    type=click.Path(path_type=Path, allow_dash=True),
    default=None,
    help="Write the Datasette metadata for this database to this file (- for stdout) "
    "instead of serving.",
)
@db_option
def serve(host: str, port: int, metadata_out: Path | None, db_path: Path) -> None:
    """Serve the database with Datasette, with plandrift's table descriptions, the word
    search on statements and the canned queries (pip install 'plandrift[serve]').

    \b
    Example:
      plandrift serve --db plandrift.db
      plandrift serve --metadata metadata.json && datasette plandrift.db -m metadata.json
    """
    open_existing(db_path)
    meta = datasette.dumps(datasette.metadata(db_path))
    if metadata_out is not None:
        write_output(meta, metadata_out)
        return
    if importlib.util.find_spec("datasette") is None:
        raise BadInput("Datasette is not installed; pip install 'plandrift[serve]'")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "metadata.json"
        path.write_text(meta, "utf-8")
        say(f"serving {db_path} on http://{host}:{port}/ (Ctrl+C to stop)")
        args = [sys.executable, "-m", "datasette", "serve", str(db_path), "-m", str(path)]
        code = subprocess.call([*args, "--host", host, "--port", str(port)])
    click.get_current_context().exit(code)


@cli.command()
@db_option
def tui(db_path: Path) -> None:
    """Open the auditor's terminal app (builds the bundled corpus first if needed).

    \b
    Example:
      plandrift tui --db plandrift.db
    """
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise BadInput("plandrift tui needs a terminal; use `plandrift report` in scripts")
    from plandrift.tui.app import run  # imported here so scripts and CI never load Textual

    run(db_path)


register_commands(cli)
cli.add_command(init_cmd)
for _command in cli.commands.values():
    verbosity(_command)


def main() -> None:
    cli(prog_name="plandrift")
