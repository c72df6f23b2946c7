"""Pure formatting for the app: badges, numbers, bars and years as plain strings.

Kept free of Textual so the same rules can be tested without an app, and so every glyph
chosen here is one a terminal draws one cell wide (East Asian width N or Na).
"""

from __future__ import annotations

from plandrift.compare.models import Promise

# Status -> (glyph, word, theme colour variable). The word always travels with the glyph so
# the status never depends on colour alone (NO_COLOR, colour-blind readers).
BADGES: dict[str, tuple[str, str, str]] = {
    "met": ("✓", "met", "success"),
    "met-early": ("✓", "met early", "success"),
    "on-track": ("»", "on track", "accent"),
    "lagging": ("«", "lagging", "warning"),
    "missed": ("✗", "missed", "error"),
    "rolled-over": ("↻", "rolled over", "warning"),
    "revised": ("~", "revised", "warning"),
    "dropped": ("⊘", "dropped", "error"),
    "new": ("+", "new", "primary"),
    "no-data": ("?", "no data", "foreground-muted"),
}
STATUS_ORDER = list(BADGES)


def badge(status: str) -> tuple[str, str]:
    """Glyph-and-word label and the theme variable to colour it with."""
    glyph, word, colour = BADGES.get(status, ("·", status, "foreground"))
    return f"{glyph} {word}", colour


def number(value: float | int | None) -> str:
    """A figure as the documents print it: no trailing .0, thousands kept plain."""
    if value is None:
        return "-"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    return str(value)


def ratio(p: Promise | None) -> float | None:
    """What was judged against the target, as a fraction (direction applied by compare)."""
    return p.ratio if p is not None else None


def latest_vs_target(p: Promise | None) -> str:
    """'97.6/100亿斤': what judged the headline promise (the actual, an average or a sum of
    flows) against its target."""
    if p is None or p.target is None:
        return "-"
    got = p.value if p.value is not None else (p.actuals[-1].value if p.actuals else None)
    return f"{number(got)}/{number(p.target)}{p.unit}"


def bar(fraction: float | None, width: int = 10) -> str:
    """A text bar that reads without colour: filled ━ then thin ╌ for what is left."""
    if fraction is None:
        return " " * width
    filled = max(0, min(width, int(fraction * width)))
    return "━" * filled + "╌" * (width - filled)


def percent(fraction: float | None) -> str:
    return "-" if fraction is None else f"{fraction * 100:.0f}%"


def years(values: list[int]) -> str:
    """Years compactly, runs joined: 2020, 2022, 2023, 2024 -> 20,22-24."""
    if not values:
        return "-"
    runs: list[list[int]] = []
    for y in sorted(set(values)):
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    return ",".join(
        f"{r[0] % 100:02d}" + (f"-{r[-1] % 100:02d}" if len(r) > 1 else "") for r in runs
    )


def label(word: str) -> str:
    """A drift label as a reader says it: number-up -> number up."""
    return word.replace("-", " ").replace("_", " ")
