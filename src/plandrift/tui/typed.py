"""A typed handle on the app for screens, widgets and palette providers.

Textual types ``self.app`` as ``App[Any]``; the mixin's ``plandrift`` property says which
app it is, so the type checker sees what a screen may call (posting does the same).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from .app import PlanDriftApp


class HasApp:
    """Mixed into Textual classes whose ``app`` is the plandrift app."""

    @property
    def plandrift(self) -> PlanDriftApp:
        return cast("PlanDriftApp", self.app)  # type: ignore[attr-defined]
