"""Draft a manifest for a folder of documents: what ``plandrift init DIR`` writes.

Every file is read as ``build`` would read it (any format), and its id, title, kind,
published date and place are inferred, so the user checks a draft instead of writing one.
A file that cannot be read is listed in a comment with the reason, not silently left out.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import BadInput
from .formats import read_source
from .manifest import complete
from .models import DocSpec
from .places import infer_place


@dataclass(frozen=True)
class Draft:
    specs: list[DocSpec]  # paths relative to the folder
    skipped: list[tuple[str, str]]  # (file name, why)


_SLUG = re.compile(r"[^A-Za-z0-9._-]+")


def _slug(stem: str, taken: set[str], n: int) -> str:
    base = _SLUG.sub("-", stem).strip("-._") or f"doc-{n}"
    slug, k = base, 2
    while slug in taken:
        slug, k = f"{base}-{k}", k + 1
    taken.add(slug)
    return slug


def draft(folder: Path) -> Draft:
    """Read every document file in ``folder`` (not in sub-folders) and infer its entry."""
    if not folder.is_dir():
        raise BadInput(f"{folder}: no such folder; give the folder that holds the documents")
    files = sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
    files = [p for p in files if p.name != "manifest.toml"]
    if not files:
        raise BadInput(f"{folder}: holds no files; put the documents in it first")
    specs: list[DocSpec] = []
    skipped: list[tuple[str, str]] = []
    taken: set[str] = set()
    for n, path in enumerate(files, 1):
        try:
            got = read_source(path)
            spec = DocSpec(id="", path=path.name, title="", kind="", published="")
            spec = complete(spec, got.text, title=got.title, published=got.published)
        except BadInput as exc:
            skipped.append((path.name, str(exc).removeprefix(f"{path}: ")))
            continue
        doc_id = _slug(path.stem, taken, n)
        place = infer_place(spec.title, got.text)
        specs.append(DocSpec(doc_id, path.name, spec.title, spec.kind, spec.published, place))
    return Draft(specs, skipped)


def render(d: Draft) -> str:
    """The draft as a manifest.toml, with a note to check it."""
    q = lambda s: json.dumps(s, ensure_ascii=False)  # noqa: E731 - a JSON string is a TOML string
    out = [
        "# Drafted by `plandrift init`: every field below was inferred from the files.",
        "# Check each entry (title, kind, published, place), then run `plandrift build --corpus DIR`.",
        "# kind: five-year-plan | work-report | project-list | year-review | report-summary | gazette | other",
    ]
    for name, why in d.skipped:
        out.append(f"# skipped {name}: {why}")
    for s in d.specs:
        out += ["", "[[documents]]", f"id = {q(s.id)}", f"path = {q(s.path)}"]
        out += [f"title = {q(s.title)}", f"kind = {q(s.kind)}", f"published = {q(s.published)}"]
        out.append(f"place = {q(s.place)}" if s.place else '# place = ""  # not found; say where')
    return "\n".join(out) + "\n"


def write_draft(folder: Path, *, force: bool = False) -> tuple[Path, Draft]:
    """Write ``folder/manifest.toml`` (refusing to overwrite one unless ``force``)."""
    target = folder / "manifest.toml"
    if target.exists() and not force:
        raise BadInput(f"{target}: exists already; edit it, or pass --force to draft it again")
    d = draft(folder)
    if not d.specs:
        raise BadInput(
            f"{folder}: no file in it could be read: {d.skipped[0][0]}: {d.skipped[0][1]}"
        )
    try:
        target.write_text(render(d), encoding="utf-8")
    except OSError as exc:
        raise BadInput(
            f"{target}: cannot write it ({exc.strerror}); check the folder's permissions"
        ) from exc
    return target, d
