"""Goal sheets for the demo cohort: one agreed, one being revised, one draft, the rest assigned a template."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta

from rmtui.core.access import PairKey, issue_setup_code, save_private_notes, set_pair_passphrase
from rmtui.core.errors import RmtuiError
from rmtui.core.goals import (
    GoalSheet,
    accept_confidentiality,
    add_goal,
    agree_goal_sheet,
    assign_template,
    get_goal_sheet,
    get_template,
    revise_goal_sheet,
    save_confidential_sections,
    set_goal_status,
    start_goal_sheet,
    update_goal_sheet,
)
from rmtui.core.matching import pairs_by_id
from rmtui.core.roster import get_participant
from rmtui.core.store import CohortStore

_TEMPLATE_FOR_FOCUS = {"technology": "technology", "social values": "social-values", "both": "leadership-culture"}
# One for each active pair, in pair order: strong, and about nothing the pair or the cohort is
# known by, as the strength check asks of real passphrases.
DEMO_PASSPHRASES = (
    "copper kettle hums at dawn",
    "violet trams cross quiet meadows",
    "seven lanterns under the old bridge",
    "pebbles drum on a tin roof",
    "owls argue over cold porridge",
    "a saxophone naps in the attic",
    "tangerine kites above the sea wall",
    "marble stairs count every footstep",
    "the ferry sings to sleepy gulls",
    "oak barrels dream of distant rain",
    "a velvet moth reads the timetable",
    "thunder politely knocks twice",
    "orchard ladders lean on sunlight",
    "cinnamon clouds drift past midnight",
    "brass buttons roll under the piano",
    "a lighthouse hums forgotten hymns",
    "juniper smoke curls round the chimney",
    "paper boats race the morning tide",
    "the walrus borrowed my umbrella",
    "fern shadows sketch the garden path",
)


@contextmanager
def on_day(store: CohortStore, day: date) -> Iterator[None]:
    # The demo tells its story in order, so each step is dated the day it happened.
    today = store.today
    store.today = lambda: day
    try:
        yield
    finally:
        store.today = today


def _sheet(store: CohortStore, pair_id: int) -> GoalSheet:
    """The pair's goal sheet, which the demo has always assigned by the step that asks for it."""
    sheet = get_goal_sheet(store, pair_id)
    if sheet is None:
        raise RmtuiError(f"The demo's pair {pair_id} has no goal sheet yet; assign its template first.")
    return sheet


def _add_suggested_goal(store: CohortStore, pair_id: int, owner: str, number: int) -> None:
    """Add the template's ``number``th suggestion for this owner, as pairs often do at their first meeting."""
    template = get_template(store, _sheet(store, pair_id).template_id)
    goal = [g for g in template.suggested_goals if g.owner == owner][number]
    add_goal(store, pair_id, owner, {"title": goal.title, "success_measure": goal.success_measure, "start_rating": 2})


def demo_passphrase(store: CohortStore, pair_id: int) -> str:
    """The demo passphrase of an active pair: the one at the pair's place among the active pairs."""
    return DEMO_PASSPHRASES[list(pairs_by_id(store, active_only=True)).index(pair_id) % len(DEMO_PASSPHRASES)]


def enrol(store: CohortStore, pair_id: int, passphrase: str) -> PairKey:
    """Set a pair's first passphrase as a real pair does: with the setup code the coordinator issued."""
    return set_pair_passphrase(store, pair_id, passphrase, setup_code=issue_setup_code(store, pair_id))


def fill_in_sheet(store: CohortStore, pair_id: int, passphrase: str) -> PairKey:
    """A complete sheet: purpose as the template has it, a measured goal each side, confidentiality accepted."""
    start_goal_sheet(store, pair_id)
    update_goal_sheet(store, pair_id, {"place": "off site: the café on Quay Street"})
    for owner in ("mentee", "mentor"):
        _add_suggested_goal(store, pair_id, owner, 0)
    for role in ("mentee", "mentor"):
        accept_confidentiality(store, pair_id, role)
    key = enrol(store, pair_id, passphrase)
    sensitivities = (
        "The mentee acknowledges: assumes younger staff would rather not phone.\n"
        "The mentor acknowledges: finds it hard to disagree with directors."
    )
    disagreements = "We say so at the time; the mentee asks for the mentor's view first."
    save_confidential_sections(store, key, {"sensitivities": sensitivities, "disagreements": disagreements})
    save_private_notes(store, key, "Ideas for next time: a walk through the customer app together.")
    return key


def add_demo_sheets(store: CohortStore) -> dict[int, str]:
    """Give the demo's pairs goal sheets in different states; returns each passphrase set, by pair id, to print."""
    start = store.settings().start_date
    pairs = pairs_by_id(store, active_only=True)
    for pair_id, pair in pairs.items():
        assign_template(store, pair_id, _TEMPLATE_FOR_FOCUS[get_participant(store, pair.mentee).focus])
    agreed, revised, draft = list(pairs)[:3]
    passphrases = {pair_id: demo_passphrase(store, pair_id) for pair_id in (agreed, revised, draft)}
    keys = {}
    with on_day(store, start + timedelta(days=14)):
        for pair_id in (agreed, revised):
            keys[pair_id] = fill_in_sheet(store, pair_id, passphrases[pair_id])
            agree_goal_sheet(store, pair_id, "mentee")
    with on_day(store, start + timedelta(days=16)):
        for pair_id in (agreed, revised):
            agree_goal_sheet(store, pair_id, "mentor")
        start_goal_sheet(store, draft)
        add_goal(store, draft, "mentee", {"title": "Understand how my teams really work", "start_rating": 3})
        save_private_notes(store, enrol(store, draft, passphrases[draft]), "Book the next meeting early.")
    with on_day(store, start + timedelta(days=70)):
        first, second = (goal.goal_id for goal in _sheet(store, agreed).goals)
        set_goal_status(store, agreed, first, "achieved")
        set_goal_status(store, agreed, second, "in progress")
        revise_goal_sheet(store, keys[revised])
        _add_suggested_goal(store, revised, "mentee", 1)
        agree_goal_sheet(store, revised, "mentee")
    return passphrases
