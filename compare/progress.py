"""Progress verdicts (placeholder while alignment is tuned)."""
from __future__ import annotations

from typing import Any


def judge(chain, members, quantities, lex) -> dict[str, Any]:
    return {"status": "no-data"}
