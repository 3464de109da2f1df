"""Sessions and check-ins for the demo cohort: most pairs on track, one overdue, one at risk.

The demo usually sits about four months into its six-month term (``rmtui demo --finished`` runs
the story past the term's end). Pairs meet monthly from a few days after confirmation; one pair
stopped meeting after a cancellation (overdue), one mentor says at month 3 that they do not feel
safe to speak (at risk), and the ended pair's short history is kept. At the final check-in
people rate their own goals and say what they now do differently.
"""

from __future__ import annotations

from datetime import date, timedelta

from rmtui.core.access import unlock_pair
from rmtui.core.demo.finish import final_answers
from rmtui.core.demo.sheets import DEMO_PASSPHRASES, on_day
from rmtui.core.goals import get_goal_sheet
from rmtui.core.matching import Pair, pairs_by_id
from rmtui.core.report import term_end
from rmtui.core.sessions import (
    TYPICAL_TOPICS,
    checkpoint_date,
    list_sessions,
    load_checkpoints,
    log_session,
    record_check_in,
    save_session_notes,
)
from rmtui.core.store import CohortStore

OVERDUE_MENTEE = "siobhan.oconnor@harbourfinch.co.uk"
AT_RISK_MENTOR = "nathan.reid@harbourfinch.co.uk"
ENDED_MENTEE = "helen.whitaker@harbourfinch.co.uk"
NOTED_PAIR, NOTED_PASSPHRASE = 1, DEMO_PASSPHRASES[0]  # the first active pair, whose sheet is agreed
DEMO_NOTE = "Richard wants to try the team chat before the all-hands; Kwame will send a starter guide."


def _held(store: CohortStore, pair_id: int, day: date, number: int, next_meeting: date | None) -> int:
    """Log one held monthly session, dated ``day``; returns its id."""
    sheet = get_goal_sheet(store, pair_id)
    goals = sheet.goals if sheet else ()
    fields = {
        "held_on": day.isoformat(), "minutes": (60, 45, 75)[(pair_id + number) % 3],
        "place": ("off site", "on site", "remote")[pair_id % 3 if number else 0],
        "topics": [TYPICAL_TOPICS[(pair_id + number) % 6], TYPICAL_TOPICS[(pair_id + 2 * number + 1) % 6]],
        "goal_progress": {goal.goal_id: ("Talked it through", "Tried it once", "Doing it weekly")[min(number, 2)]
                          for goal in goals},
        "mentee_rating": 4 + (pair_id + number) % 2, "mentor_rating": 4 + (pair_id * number) % 2,
        "mentee_safety": 4 + number % 2, "mentor_safety": 5 if number else 4,
        "next_meeting": next_meeting.isoformat() if next_meeting else "",
    }  # fmt: skip
    with on_day(store, day):
        return log_session(store, pair_id, fields).session_id


def _story(store: CohortStore, pair_id: int, pair: Pair, start: date, today: date) -> None:
    """Log one pair's meetings from its confirmation to today."""
    confirmed = pair.confirmed_on or start
    if pair.mentee == ENDED_MENTEE and not pair.is_active:
        _held(store, pair_id, confirmed + timedelta(days=7), 0, confirmed + timedelta(days=37))
        with on_day(store, confirmed + timedelta(days=37)):
            log_session(store, pair_id, {"held_on": (confirmed + timedelta(days=37)).isoformat(), "status": "missed",
                                         "reason": "mentee did not turn up"})  # fmt: skip
        return
    days = [confirmed + timedelta(days=5 + pair_id % 4 + 30 * n) for n in range(7)]
    days = [day for day in days if day <= min(today - timedelta(days=3), term_end(store.settings()))]
    if pair.mentee == OVERDUE_MENTEE:
        # Two meetings, then a cancellation and silence: the cadence alert's story.
        for number, day in enumerate(days[:2]):
            _held(store, pair_id, day, number, days[number] + timedelta(days=30))
        with on_day(store, days[2]):
            log_session(store, pair_id, {"held_on": days[2].isoformat(), "status": "cancelled",
                                         "reason": "mentee travelling for the merger"})  # fmt: skip
        return
    for number, day in enumerate(days):
        booked = day + timedelta(days=30 + pair_id % 3)
        _held(store, pair_id, day, number, booked)


def _check_ins(store: CohortStore, start: date, today: date, pairs: dict[int, Pair]) -> None:
    """Everyone answers each check-in due by ``today`` about each of their pairs, except the overdue mentee after week 4.

    A mentor with two mentees answers for each pair, once the pair exists; a rematched mentee's
    answers before the rematch stand for the pair that ended.
    """
    points = load_checkpoints(store)
    for point in points:
        day = checkpoint_date(start, point) + timedelta(days=1)
        if day > today:
            break
        answered = {OVERDUE_MENTEE} if point != points[0] else set()
        with on_day(store, day):
            for pair_id, pair in pairs.items():
                for number, (role, email) in enumerate((("mentor", pair.mentor), ("mentee", pair.mentee))):
                    if email in answered and (email == OVERDUE_MENTEE or day < (pair.confirmed_on or start)):
                        continue
                    answered.add(email)
                    answers = _answers(email, point)
                    if point == points[-1]:
                        answers |= final_answers(store, pair_id, role, email, 2 * pair_id + number)
                    record_check_in(store, email, point, answers, pair_id)


def _answers(email: str, point: str) -> dict[str, object]:
    if email == AT_RISK_MENTOR and point == "month 3":
        return {"satisfaction": 2, "fit": "unsure", "safety": 2, "comment_private": True,
                "comment": "I held back when we talked about his team; I am not sure it stays between us."}  # fmt: skip
    if email == ENDED_MENTEE and point == "week 4":
        return {"satisfaction": 2, "fit": "not working", "safety": 3, "comment": "We keep missing each other."}
    return {"satisfaction": 4 + len(email) % 2, "fit": "good", "safety": 4 + len(point) % 2}


def add_demo_sessions(store: CohortStore, today: date) -> None:
    """Give the demo's pairs their sessions and check-ins up to ``today``, each dated the day it happened, in one write."""
    start = store.settings().start_date
    pairs = pairs_by_id(store)
    with store.batch():
        for pair_id, pair in pairs.items():
            _story(store, pair_id, pair, start, today)
        _check_ins(store, start, today, {i: p for i, p in pairs.items() if p.is_active})
        # One private note, sealed with the pair's key, so the kiosk has something confidential to show.
        noted = list_sessions(store, NOTED_PAIR)[-1].session_id
        save_session_notes(store, unlock_pair(store, NOTED_PAIR, NOTED_PASSPHRASE), noted, DEMO_NOTE)
