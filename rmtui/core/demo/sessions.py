"""Sessions and check-ins for the demo cohort: most pairs on track, a few in trouble, every meeting on a weekday.

The demo usually sits about four months into its six-month term (``rmtui demo --finished`` runs
the story past the term's end). Pairs meet monthly from their first meeting, two to three weeks after confirmation. The
troubled ones, each with a reason the dashboard and the report both give:

- Zoë and Siobhan met twice, then cancelled and went silent (overdue); chased, they meet again
  in the last two months;
- Callum and Gareth never agreed their sheet, and cancelled once for a diary clash;
- Nathan says at month 3 that he does not feel safe to speak and rates the sessions low (at
  risk); near the end a session is missed;
- three matches failed early (no chemistry, a personal clash, not working): each pair held a
  meeting or two, said so at week 4, and was ended and rematched.

At the final check-in people rate their own goals and say what they now do differently.
"""

from __future__ import annotations

from datetime import date, timedelta

from rmtui.core.access import PairKey
from rmtui.core.demo.finish import final_answers
from rmtui.core.demo.sheets import DEMO_PASSPHRASES, first_meeting, on_day, weekday
from rmtui.core.goals import get_goal_sheet
from rmtui.core.matching import Pair, pairs_by_id
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
UNAGREED_MENTEE = "gareth.llewellyn@harbourfinch.co.uk"
AT_RISK_MENTOR = "nathan.reid@harbourfinch.co.uk"
AT_RISK_MENTEE = "martin.kowalski@harbourfinch.co.uk"
ENDED_MENTEE = "helen.whitaker@harbourfinch.co.uk"
NOTED_PAIR, NOTED_PASSPHRASE = 1, DEMO_PASSPHRASES[0]  # the first active pair, whose sheet is agreed
# Three matches failed in the first months, each ended (days after the start, the mentee, why) and
# rematched at once: enough people that the report can say why matches failed without singling anyone out.
ENDINGS = (
    (35, "rachel.goldberg@harbourfinch.co.uk", "no chemistry: we never found common ground"),
    (49, "david.chen@harbourfinch.co.uk", "personal clash over how feedback was given"),
    (63, ENDED_MENTEE, "not working"),
)
DEMO_NOTE = "Richard wants to try the team chat before the all-hands; Kwame will send a starter guide."


def _held(store: CohortStore, pair_id: int, pair: Pair, day: date, number: int, next_meeting: date | None) -> None:
    """Log one held monthly session, dated ``day``; the at-risk pair rates it low."""
    sheet = get_goal_sheet(store, pair_id)
    goals = sheet.goals if sheet else ()
    low = pair.mentor == AT_RISK_MENTOR and number >= 2
    fields = {
        "held_on": day.isoformat(), "minutes": (60, 45, 75)[(pair_id + number) % 3],
        "place": ("off site", "on site", "remote")[pair_id % 3 if number else 0],
        "topics": [TYPICAL_TOPICS[(pair_id + number) % 6], TYPICAL_TOPICS[(pair_id + 2 * number + 1) % 6]],
        "goal_progress": {goal.goal_id: ("Talked it through", "Tried it once", "Doing it weekly")[min(number, 2)]
                          for goal in goals},
        "mentee_rating": 3 if low else 4 + (pair_id + number) % 2,
        "mentor_rating": 2 if low else 4 + (pair_id * number) % 2,
        "mentee_safety": 4 + number % 2, "mentor_safety": 2 if low else 5 if number else 4,
        "next_meeting": next_meeting.isoformat() if next_meeting else "",
    }  # fmt: skip
    with on_day(store, day):
        log_session(store, pair_id, fields)


def _not_held(store: CohortStore, pair_id: int, day: date, status: str, reason: str) -> None:
    with on_day(store, day):
        log_session(store, pair_id, {"held_on": day.isoformat(), "status": status, "reason": reason})


def _story(store: CohortStore, pair_id: int, pair: Pair, start: date, today: date) -> None:
    """Log one pair's meetings, monthly on weekdays, from its confirmation to today, its end, or the term's end."""
    confirmed = pair.confirmed_on or start
    last = min(today - timedelta(days=3), pair.ended_on or today, store.settings().term().end)
    days = [weekday(first_meeting(pair_id, confirmed) + timedelta(days=30 * n)) for n in range(7)]
    days = [day for day in days if day <= last]
    booked = [*days[1:], weekday(days[-1] + timedelta(days=30))] if days else []
    missed: dict[int, tuple[str, str]] = {}
    if pair.mentee == ENDED_MENTEE and not pair.is_active:
        missed = {1: ("missed", "mentee did not turn up")}
    elif pair.mentee == OVERDUE_MENTEE:
        # Two meetings, then a cancellation and silence (the cadence alert's story) until the coordinator chased.
        missed = {2: ("cancelled", "mentee travelling for the merger"), 3: ("", "")}
    elif pair.mentee == UNAGREED_MENTEE:
        missed = {1: ("cancelled", "diary clash with the quarter-end")}
    elif pair.mentor == AT_RISK_MENTOR:
        missed = {4: ("missed", "mentor off sick")}
    for number, day in enumerate(days):
        status, reason = missed.get(number, ("held", ""))
        if status == "held":
            _held(store, pair_id, pair, day, number, booked[number])
        elif status:
            _not_held(store, pair_id, day, status, reason)


def _answers(email: str, point: str, pair: Pair) -> dict[str, object]:
    """A check-in's answers: content, except where the story says otherwise."""
    if email == AT_RISK_MENTOR and point == "month 3":
        return {"satisfaction": 2, "fit": "unsure", "safety": 2, "comment_private": True,
                "comment": "I held back when we talked about his team; I am not sure it stays between us."}  # fmt: skip
    if email == AT_RISK_MENTEE and point == "month 3":
        return {"satisfaction": 3, "fit": "unsure", "safety": 4}
    if point == "week 4" and pair.mentee in {mentee for _, mentee, _ in ENDINGS}:  # only their first pairs ran then
        return {"satisfaction": 2, "fit": "not working", "safety": 3, "comment": "We keep missing each other."}
    return {"satisfaction": 4 + len(email) % 2, "fit": "good", "safety": 4 + len(point) % 2}


def add_demo_check_ins(store: CohortStore, first: date, last: date) -> None:
    """Both partners of every pair running on a check-in's day answer it about that pair, for the days from ``first`` to ``last``.

    Called as the story goes, so a pair that ends later answers while it still runs. A mentor with
    two mentees answers for each pair. Siobhan, who had stopped meeting, skips month 3.
    """
    start, points = store.settings().term().start, load_checkpoints(store)
    said = {"mentor": 0, "mentee": 0}
    for point in points:
        day = weekday(checkpoint_date(start, point) + timedelta(days=1))
        if not first <= day <= last:
            continue
        with on_day(store, day):
            for pair_id, pair in pairs_by_id(store, active_only=True).items():
                if (pair.confirmed_on or start) > day:
                    continue
                for role, email in (("mentor", pair.mentor), ("mentee", pair.mentee)):
                    if email == OVERDUE_MENTEE and point == "month 3":
                        continue
                    answers = _answers(email, point, pair)
                    if point == points[-1]:
                        # Each role's answers go round its list in turn, so every line is someone's answer.
                        answers |= final_answers(store, pair_id, role, email, said[role])
                        said[role] += 1
                    record_check_in(store, email, point, answers, pair_id)


def add_demo_sessions(store: CohortStore, since: date, today: date, keys: dict[int, PairKey]) -> None:
    """Give the demo's pairs their sessions, and the check-ins from ``since`` to ``today``, each dated the day it happened."""
    start = store.settings().start_date
    for pair_id, pair in pairs_by_id(store).items():
        _story(store, pair_id, pair, start, today)
    add_demo_check_ins(store, since, today)
    # One private note, sealed with the key the pair enrolled with (derived once), so the kiosk has a secret.
    noted = [s for s in list_sessions(store, NOTED_PAIR) if s.was_held][-1].session_id
    save_session_notes(store, keys[NOTED_PAIR], noted, DEMO_NOTE)
