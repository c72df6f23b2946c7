"""``python -m plandrift.tui [--db PATH]``: the app without the CLI (handy when debugging the app)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from .app import run

if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m plandrift.tui")
    parser.add_argument(
        "--db", type=Path, default=Path(os.environ.get("PLANDRIFT_DB", "plandrift.db"))
    )
    run(parser.parse_args().db)
