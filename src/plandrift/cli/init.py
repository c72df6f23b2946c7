"""`plandrift init DIR`: draft a manifest.toml for a folder of documents."""

from __future__ import annotations

from pathlib import Path

import click

from plandrift.corpus.inventory import write_draft

from .common import say


@click.command("init")
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite an existing manifest.toml.")
def init_cmd(folder: Path, force: bool) -> None:
    """Draft FOLDER/manifest.toml from the documents in it (txt, pdf, docx, html).

    Each file's id, title, kind, published date and place are inferred; check them, then
    build.

    \b
    Example:
      plandrift init ~/reports
      plandrift build --corpus ~/reports
    """
    target, d = write_draft(folder, force=force)
    for name, why in d.skipped:
        say(f"skipped {name}: {why}", err=True)
    say(
        f"wrote {target}: {len(d.specs)} documents; check it, then "
        f"`plandrift build --corpus {folder}`"
    )
