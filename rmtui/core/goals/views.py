"""What the coordinator may see of the goal sheets: progress, dates and completeness, never what was said.

The coordinator's screens, exports and reports read goal sheets only through these views. They
are built from the goal_sheets table alone, which holds no confidential content (the pair's
sealed sections live in its pair_access record), so nothing here can leak it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import orjson

from rmtui.core.goals.sheets import NOT_STARTED, GoalSheet, get_goal_sheet
from rmtui.core.goals.templates import get_template
from rmtui.core.matching import get_pair, pairs_by_id
from rmtui.core.store import CohortStore


@dataclass(frozen=True, slots=True)
class GoalProgress:
    """What the coordinator sees of one goal: its title, owner, status, target date and ratings."""

    owner: str
    title: str
    status: str
    target_date: date | None
    start_rating: int | None
    final_rating: int | None


@dataclass(frozen=True, slots=True)
class CoordinatorView:
    """A pair's sheet as the coordinator, reports and exports see it: progress and dates, never what was said."""

    pair_id: int
    mentor: str
    mentee: str
    state: str
    template_name: str
    template_version: int | None
    sheet_version: int
    mentee_agreed_on: date | None
    mentor_agreed_on: date | None
    # The cohort's term, which every pair's sheet shows: the start, and the evaluation at its end.
    term_start: date
    evaluation_date: date
    cadence: str
    complete: bool
    missing: tuple[str, ...]
    goals: tuple[GoalProgress, ...]

    def to_doc(self) -> dict[str, Any]:
        """The view as plain values, for exports."""
        # orjson writes dataclasses, tuples and dates as exports want them: objects, lists and ISO dates.
        view: dict[str, Any] = orjson.loads(orjson.dumps(self))
        return view


def coordinator_view(store: CohortStore, pair_id: int) -> CoordinatorView:
    """What the coordinator may see of a pair's sheet: goals' titles and statuses, dates, completeness."""
    pair = get_pair(store, pair_id)
    sheet = get_goal_sheet(store, pair_id) or GoalSheet(pair_id, "")
    template = get_template(store, sheet.template_id, sheet.template_version) if sheet.template_id else None
    term = store.settings().term()
    return CoordinatorView(
        pair_id=pair_id,
        mentor=pair.mentor,
        mentee=pair.mentee,
        state=sheet.state,
        template_name=template.name if template else "",
        template_version=sheet.template_version,
        sheet_version=sheet.version,
        mentee_agreed_on=sheet.mentee_agreed_on,
        mentor_agreed_on=sheet.mentor_agreed_on,
        term_start=term.start,
        evaluation_date=term.end,
        cadence=sheet.cadence,
        complete=sheet.state != NOT_STARTED and sheet.complete,
        missing=sheet.missing if sheet.state != NOT_STARTED else ("a started goal sheet",),
        goals=tuple(
            GoalProgress(g.owner, g.title, g.status, g.target_date, g.start_rating, g.final_rating) for g in sheet.goals
        ),
    )


def coordinator_overview(store: CohortStore, *, active_only: bool = True) -> list[CoordinatorView]:
    """The coordinator's view of every (active) pair's sheet; reports and exports use this and nothing richer."""
    return [coordinator_view(store, pair_id) for pair_id in pairs_by_id(store, active_only=active_only)]
