"""Goal sheets for the demo cohort: most agreed in the first weeks with two to four goals, one being revised, one never agreed.

Every active pair's sheet follows its template, with goals from the suggestions of its own and
the other templates (pairs often borrow), so each goal area has goals from five or more people
and the report can show what they learned. The first three pairs enrol at the kiosk with a
passphrase and keep confidential sections and notes; the others agreed their sheets too and
print a setup code, so only three keys are derived (each once) and ``rmtui demo`` stays quick.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta

from rmtui.core.access import PairKey, issue_setup_code, save_private_notes, set_pair_passphrase
from rmtui.core.errors import RmtuiError
from rmtui.core.goals import (
    DRAFT,
    Goal,
    GoalSheet,
    accept_confidentiality,
    add_goal,
    agree_goal_sheet,
    assign_template,
    get_goal_sheet,
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
# Goals, by the kind of aim; the titles and measures are the templates' suggestions (and one of our own).
CHAT = (
    "Work in the team's chat tool instead of email for a month",
    "Posts in the team channel each week; the team says replies come faster",
)
ONLINE = ("See how customers find us online", "Can walk the mentor through three customer journeys")
TOOL = ("Adopt one new tool in my own work", "Used in four weeks out of six, and explained to a peer")
STAY = ("Learn what would make younger colleagues stay", "Three reasons heard first-hand, and one change made")
MEETINGS = ("Make my team's meetings more inclusive", "A short team poll shows more people feel heard")
ACCESSIBLE = ("Check one internal message for accessibility", "Gaps found and raised with its owner")
LEADERSHIP = ("Hear honestly how my leadership comes across", "Feedback asked for at three meetings; one acted on")
TEAMS = ("Understand my teams' working week", "Can describe a junior colleague's typical week")
SPEAK = ("Speak up with confidence in a senior setting", "One point raised in a senior meeting")
DIFFICULT = ("Handle difficult conversations with confidence", "One real conversation rehearsed, then held")
PRESENT = ("Present a technology idea to senior colleagues", "Idea presented; confidence rated before and after")
SPENDING = ("Learn how decisions on technology spending are made", "Can describe the steps and who takes part")
BUDGET = ("Understand how budget decisions are made", "Has sat in on one budget review")
NETWORK = ("Widen my network beyond my own team", "Met two senior colleagues the mentee introduced")
# Each active pair's goals, by its mentee: (the mentee's goals, the mentor's goals). Gareth's sheet
# is the draft that is never agreed; the rest were agreed in the first weeks.
GOALS: dict[str, tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]] = {
    "richard.pemberton-hale": ((LEADERSHIP, CHAT), (DIFFICULT,)),
    "fiona.mcallister": ((STAY,), (SPEAK,)),
    "siobhan.oconnor": ((LEADERSHIP, TEAMS), (BUDGET, NETWORK)),
    "jose.martins": ((CHAT, ONLINE), (PRESENT,)),
    "anthony.okafor": ((LEADERSHIP, TOOL), (SPEAK, BUDGET)),
    "priya.raman": ((TEAMS, MEETINGS), (SPENDING,)),
    "martin.kowalski": ((TOOL,), (PRESENT,)),
    "david.chen": ((STAY,), (NETWORK,)),
    "claire.donovan": ((STAY, ACCESSIBLE), (NETWORK,)),
    "rachel.goldberg": ((LEADERSHIP, TEAMS), (DIFFICULT,)),
    "tom.ashworth": ((LEADERSHIP, TEAMS), (DIFFICULT, NETWORK)),
    "nigel.barraclough": ((TEAMS, MEETINGS), (SPEAK, BUDGET)),
    "sandra.mensah": ((ONLINE,), (SPENDING,)),
    "jonathan.fairbairn": ((ACCESSIBLE,), (NETWORK,)),
    "helen.whitaker": ((CHAT,), (NETWORK,)),
}
# The revised sheet adds this mentee goal; the draft has this one only.
REVISED_GOAL, DRAFT_GOAL = MEETINGS, ("Understand how my teams really work", "")


@contextmanager
def on_day(store: CohortStore, day: date) -> Iterator[None]:
    """Date every change in the block ``day``: the demo tells its story in order."""
    today = store.today
    store.today = lambda: day
    try:
        yield
    finally:
        store.today = today


def weekday(day: date) -> date:
    """The day itself, or the Monday after when it falls on a weekend: pairs meet at work."""
    return day + timedelta(days=max(0, 7 - day.weekday())) if day.weekday() >= 5 else day


def first_meeting(pair_id: int, confirmed: date) -> date:
    """The pair's first meeting, where it agrees its sheet: two to three weeks after it was confirmed."""
    return weekday(confirmed + timedelta(days=14 + pair_id % 4))


def _sheet(store: CohortStore, pair_id: int) -> GoalSheet:
    """The pair's goal sheet, which the demo has always assigned by the step that asks for it."""
    sheet = get_goal_sheet(store, pair_id)
    if sheet is None:
        raise RmtuiError(f"The demo's pair {pair_id} has no goal sheet yet; assign its template first.")
    return sheet


def _add(store: CohortStore, pair_id: int, owner: str, goal: tuple[str, str], number: int) -> None:
    """Add one goal, rated 1 to 3 at the start: the skill is new to its owner."""
    title, measure = goal
    add_goal(store, pair_id, owner, {"title": title, "success_measure": measure, "start_rating": 1 + number % 3})


def demo_passphrase(store: CohortStore, pair_id: int) -> str:
    """The demo passphrase of an active pair: the one at the pair's place among the active pairs."""
    return DEMO_PASSPHRASES[list(pairs_by_id(store, active_only=True)).index(pair_id) % len(DEMO_PASSPHRASES)]


def enrol(store: CohortStore, pair_id: int, passphrase: str) -> PairKey:
    """Set a pair's first passphrase as a real pair does: with the setup code the coordinator issued."""
    return set_pair_passphrase(store, pair_id, passphrase, setup_code=issue_setup_code(store, pair_id))


def fill_in_sheet(store: CohortStore, pair_id: int, mentee: str) -> None:
    """A complete sheet: purpose as the template has it, the pair's goals, confidentiality accepted by both."""
    start_goal_sheet(store, pair_id)
    update_goal_sheet(store, pair_id, {"place": "off site: the café on Quay Street"})
    mentee_goals, mentor_goals = GOALS[mentee.split("@")[0]]
    for owner, goals in (("mentee", mentee_goals), ("mentor", mentor_goals)):
        for number, goal in enumerate(goals):
            _add(store, pair_id, owner, goal, pair_id + number)
    for role in ("mentee", "mentor"):
        accept_confidentiality(store, pair_id, role)


def _seal(store: CohortStore, key: PairKey) -> None:
    """What only the pair can read: the confidential sections and their private notes."""
    sensitivities = (
        "The mentee acknowledges: assumes younger staff would rather not phone.\n"
        "The mentor acknowledges: finds it hard to disagree with directors."
    )
    disagreements = "We say so at the time; the mentee asks for the mentor's view first."
    save_confidential_sections(store, key, {"sensitivities": sensitivities, "disagreements": disagreements})
    save_private_notes(store, key, "Ideas for next time: a walk through the customer app together.")


def add_demo_sheets(store: CohortStore) -> dict[int, PairKey]:
    """Give the demo's active pairs their sheets, each agreed in its first weeks but two; returns the enrolled keys."""
    pairs = pairs_by_id(store, active_only=True)
    for pair_id, pair in pairs.items():
        assign_template(store, pair_id, _TEMPLATE_FOR_FOCUS[get_participant(store, pair.mentee).focus])
    agreed, revised, draft = list(pairs)[:3]
    keys = {}
    for pair_id, pair in pairs.items():
        first = first_meeting(pair_id, pair.confirmed_on or store.settings().start_date)
        with on_day(store, first):
            if pair_id == draft:
                start_goal_sheet(store, draft)
                _add(store, draft, "mentee", DRAFT_GOAL, 2)
                keys[draft] = enrol(store, draft, demo_passphrase(store, draft))
                save_private_notes(store, keys[draft], "Book the next meeting early.")
                continue
            fill_in_sheet(store, pair_id, pair.mentee)
            if pair_id in (agreed, revised):
                keys[pair_id] = enrol(store, pair_id, demo_passphrase(store, pair_id))
                _seal(store, keys[pair_id])
            agree_goal_sheet(store, pair_id, "mentee")
        with on_day(store, weekday(first + timedelta(days=2))):
            agree_goal_sheet(store, pair_id, "mentor")
    start = store.settings().start_date
    with on_day(store, weekday(start + timedelta(days=70))):
        revise_goal_sheet(store, keys[revised])
        _add(store, revised, "mentee", REVISED_GOAL, 1)
        agree_goal_sheet(store, revised, "mentee")
    return keys


# Where goals stand four months in, in turn, so every status spans several pairs.
PROGRESS = ("in progress", "achieved", "in progress", "not started", "in progress", "achieved")


def progress_demo_goals(store: CohortStore) -> None:
    """About three months in, goals on agreed sheets move on; every third mentee with two goals drops one."""
    with on_day(store, weekday(store.settings().start_date + timedelta(days=100))):
        number, twos = 0, 0
        for pair_id in pairs_by_id(store, active_only=True):
            sheet = _sheet(store, pair_id)
            if sheet.state == DRAFT:
                continue
            for goal in sheet.goals:
                set_goal_status(store, pair_id, goal.goal_id, PROGRESS[number % len(PROGRESS)])
                number += 1
            if len(mentee_goals := sheet.goals_of("mentee")) > 1:
                if twos % 3 == 0:
                    set_goal_status(store, pair_id, mentee_goals[-1].goal_id, "dropped")
                twos += 1


def keep_one(sheet: GoalSheet, goal: Goal, status: str) -> str:
    """``status``, unless it drops its owner's only goal: an agreed sheet keeps a live goal on each side."""
    return "in progress" if status == "dropped" and len(sheet.goals_of(goal.owner)) == 1 else status
