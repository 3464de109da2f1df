"""How a figure reads in words: the one place a count, a share or an average becomes text, small-number rule applied.

The report, its recommendations and ``rmtui status`` all call these, so a figure reads the same everywhere.
"""

from __future__ import annotations

from rmtui.core.report.figures import FEWER, TOO_FEW, Average, Count, Share, withheld
from rmtui.core.report.programme import Headline


def hidden(reason: str) -> str:
    """How a withheld figure reads: the small group it protects, or that it hides another."""
    return f"{FEWER} people" if reason == TOO_FEW else "withheld"


def count(figure: Count) -> str:
    """A count, withheld under the small-number rule."""
    reason = withheld(figure)
    return hidden(reason) if reason else f"{figure.n:,}"


def share(figure: Share) -> str:
    """'15 of 16 (94%)', withheld under the small-number rule (never 'fewer than 5 of 16')."""
    if not figure.whole:
        return "none yet"
    if reason := withheld(figure):
        return hidden(reason)
    return f"{figure.part:,} of {figure.whole:,} ({figure.ratio:.0%})"


def answered(figure: Average) -> str:
    """'28 people', or '31 answers from 28 people' when someone answered more than once (for two pairs)."""
    if figure.count == figure.people:
        return f"{figure.people:,} {'person' if figure.people == 1 else 'people'}"
    return f"{figure.count:,} answers from {figure.people:,} people"


def average(figure: Average, scale: int = 5, *, counted: bool = True) -> str:
    """'4.2 / 5 (28 people)', or without who answered; withheld when fewer than five people answered."""
    if not figure.count or figure.value is None:
        return "no answers yet"
    if reason := withheld(figure):
        return hidden(reason)
    return f"{figure.value:.1f} / {scale}" + (f" ({answered(figure)})" if counted else "")


def sessions_held(numbers: Headline) -> str:
    """'12 of 15 (80%)' held of those the agreed cadences ask for so far; '1 held; none due yet' early on."""
    held, expected = numbers.sessions_held.n, numbers.sessions_expected.n
    if not expected:
        return f"{held:,} held; none due yet" if held else "none yet"
    return f"{held:,} of {expected:,} ({held / expected:.0%})"
