"""The numeric side of matching: every mentee against every mentor at once, and the solver.

NumPy and ``lap`` are imported inside the functions that need them, so that
importing matching stays cheap and start-up never pays for them.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rmtui.core.roster import FOCUSES, FORMATS, Participant

if TYPE_CHECKING:
    from rmtui.core.matching.optimiser import MatchContext

# How far two preferences agree (0 to 1), indexed by position in FOCUSES / FORMATS:
# "both" and "either" partly agree with a definite choice and fully with themselves.
FOCUS_AGREEMENT = ((1.0, 0.0, 0.5), (0.0, 1.0, 0.5), (0.5, 0.5, 1.0))
FORMAT_AGREEMENT = ((1.0, 0.0, 0.75), (0.0, 1.0, 0.75), (0.75, 0.75, 1.0))


def choice_index(value: str, choices: tuple[str, ...]) -> int:
    """The position of a stored preference among its choices."""
    # Stored values are validated; anything else counts as the flexible last choice.
    return choices.index(value) if value in choices else len(choices) - 1


def crosses_departments(mentor_department: str, mentee_department: str) -> float:
    """1 when the pair works in two known, different departments."""
    known = mentor_department and mentee_department
    return 1.0 if known and mentor_department.casefold() != mentee_department.casefold() else 0.0


def brings_diversity(mentor: Participant) -> float:
    """1 when the mentor consented to record an under-represented group."""
    # Only what the mentor consented to share counts.
    return 1.0 if mentor.diversity_consent and mentor.under_represented.strip() else 0.0


@dataclass(frozen=True, slots=True)
class Grid:
    """Active mentees (rows) against active mentors (columns): scores, and each hard rule as a yes/no matrix."""

    score: Any
    forbidden: Any
    line: Any
    grade: Any
    eligible: Any  # breaks none of the three


def build_grid(ctx: MatchContext) -> Grid:
    """Score and check every mentee against every mentor at once, with NumPy."""
    import numpy as np

    mentees, mentors, weights = ctx.mentees, ctx.mentors, ctx.weights

    def agreement(table: tuple[tuple[float, ...], ...], attribute: str, choices: tuple[str, ...]) -> Any:
        rows = [choice_index(getattr(p, attribute), choices) for p in mentees]
        return np.array(table)[np.ix_(rows, [choice_index(getattr(p, attribute), choices) for p in mentors])]

    # Added up in the same order as score_parts, so both give the very same numbers.
    score = weights.overlap * _overlap(np, ctx)
    score = score + weights.focus * agreement(FOCUS_AGREEMENT, "focus", FOCUSES)
    score = score + weights.format * agreement(FORMAT_AGREEMENT, "format", FORMATS)
    score = score + weights.cross_department * _cross_departments(np, mentees, mentors)
    if weights.diversity:
        score = score + weights.diversity * np.array([brings_diversity(m) for m in mentors])[None, :]
    mentee_grades = np.array([math.nan if p.grade is None else p.grade for p in mentees], dtype=float)
    mentor_grades = np.array([math.nan if p.grade is None else p.grade for p in mentors], dtype=float)
    # A missing grade compares as NaN, which is never >=, so the rule is skipped (and flagged elsewhere).
    grade = mentor_grades[None, :] >= mentee_grades[:, None]
    line, forbidden = _line_and_forbidden(np, ctx)
    return Grid(score=score, forbidden=forbidden, line=line, grade=grade, eligible=~(forbidden | line | grade))


def _overlap(np: Any, ctx: MatchContext) -> Any:
    """The fraction of each mentee's wants that each mentor offers.

    Counted topic by topic over the few people who want and offer it, not as a matrix product:
    a product calls BLAS, whose sleeping threads took 15 to 30 ms to wake on a busy machine
    (Matching's first proposal on 300 people), more than everything else the proposal does.
    """
    row_of, column_of = {p.email: i for i, p in enumerate(ctx.mentees)}, {p.email: j for j, p in enumerate(ctx.mentors)}
    wanted_by: dict[str, list[int]] = {}
    offered_by: dict[str, list[int]] = {}
    for email, row in row_of.items():
        for key in ctx.wants[email]:
            wanted_by.setdefault(key, []).append(row)
    for email, column in column_of.items():
        for key in ctx.offers[email]:
            offered_by.setdefault(key, []).append(column)
    covered = np.zeros((len(ctx.mentees), len(ctx.mentors)))
    for key, rows in wanted_by.items():
        if key in offered_by:
            covered[np.ix_(rows, offered_by[key])] += 1.0
    wants = np.array([len(ctx.wants[p.email]) for p in ctx.mentees], dtype=float)
    return covered / np.maximum(wants, 1.0)[:, None]


def _cross_departments(np: Any, mentees: list[Participant], mentors: list[Participant]) -> Any:
    ids: dict[str, int] = {"": -1}

    def departments(people: list[Participant]) -> Any:
        return np.array([ids.setdefault(p.department.casefold(), len(ids)) for p in people], dtype=np.intp)

    of_mentee, of_mentor = departments(mentees)[:, None], departments(mentors)[None, :]
    return ((of_mentee != of_mentor) & (of_mentee >= 0) & (of_mentor >= 0)).astype(float)


def _line_and_forbidden(np: Any, ctx: MatchContext) -> tuple[Any, Any]:
    """Mark the few pairs in one reporting line (walking each person's chain once) and the forbidden ones."""
    row_of = {p.email: i for i, p in enumerate(ctx.mentees)}
    column_of = {p.email: j for j, p in enumerate(ctx.mentors)}
    shape = (len(ctx.mentees), len(ctx.mentors))
    in_line = [(i, column_of[boss]) for e, i in row_of.items() for boss in ctx.chains[e] if boss in column_of]
    in_line += [(row_of[boss], j) for m, j in column_of.items() for boss in ctx.chains[m] if boss in row_of]
    ruled_out = [(row_of[e], column_of[m]) for m, e in ctx.setup.forbidden if e in row_of and m in column_of]
    return _marks(np, shape, in_line), _marks(np, shape, ruled_out)


def _marks(np: Any, shape: tuple[int, int], cells: list[tuple[int, int]]) -> Any:
    marks = np.zeros(shape, dtype=bool)
    if cells:
        rows, columns = zip(*cells, strict=True)
        marks[list(rows), list(columns)] = True
    return marks


Solver = Callable[[Any], Iterable[tuple[int, int]]]


def solve_with_lap(cost: Any) -> list[tuple[int, int]]:
    """Rows and columns paired by lap's Jonker-Volgenant solver (rectangular costs allowed)."""
    # Chosen over SciPy's linear_sum_assignment: both solve 2,000 x 3,000 in well under a second,
    # but SciPy takes ~0.4 s to import, which dominates a whole `rmtui match` run.
    import lap

    _, columns, _ = lap.lapjv(cost, extend_cost=True)
    return [(row, int(column)) for row, column in enumerate(columns) if column >= 0]


def assign(
    grid: Grid, free_rows: list[int], free_places: list[int], best_score: float, solver: Solver
) -> list[tuple[int, int]]:
    """(mentee row, mentor column) pairs matching the most mentees, then with the highest total score."""
    import numpy as np

    places = np.array(free_places, dtype=np.intp)
    open_eligible = grid.eligible[free_rows][:, places > 0] if free_rows else np.zeros((0, 0), dtype=bool)
    rows = np.array(free_rows, dtype=np.intp)[open_eligible.any(axis=1)] if free_rows else np.zeros(0, dtype=np.intp)
    # A mentor never needs more places than there are mentees who could take them.
    places = np.minimum(places, grid.eligible[rows].sum(axis=0))
    slots = np.repeat(np.arange(len(places)), places)
    if not len(rows) or not len(slots):
        return []
    allowed = grid.eligible[np.ix_(rows, slots)]
    # BIG outweighs any possible total score, so one more matched mentee always beats a better total;
    # a cost of 0 means "not paired", and such cells are dropped from the solver's answer.
    big = len(rows) * best_score + 1.0
    cost = np.where(allowed, -(big + grid.score[np.ix_(rows, slots)]), 0.0)
    return [(int(rows[r]), int(slots[s])) for r, s in solver(cost) if allowed[r, s]]
