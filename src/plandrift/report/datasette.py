"""The database as a product: the Datasette metadata shipped with the package.

``data/datasette.json`` describes every table and column, points the statements' search at
the word index (so ``_search=粮食`` finds every statement with 粮食) and holds the canned
queries (missed promises, promises by year, a goal's evidence). Datasette keys metadata by
database name, the file's stem, so the file's ``plandrift`` entry is renamed to fit.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

METADATA = Path(__file__).with_name("data") / "datasette.json"


def metadata(db_path: Path | str) -> dict[str, Any]:
    """The shipped metadata for the database at ``db_path`` (named by its file stem)."""
    data = json.loads(METADATA.read_text("utf-8"))
    data["databases"] = {Path(db_path).stem: data["databases"]["plandrift"]}
    return data


def dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
