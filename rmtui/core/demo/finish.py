"""The end of the demo's term, for ``rmtui demo --finished``: agreed sheets, goal outcomes and final answers.

The usual demo stops four months in. The finished demo runs on past the term's end, so the
evaluation report has something in every section: every pair agreed a sheet at its first
meetings, goals were achieved (or not) by the end, one mentor left the organisation, and
everyone answered the final check-in, rating their own goals and saying what they now do
differently. A few marked their comment private, so the report counts but never quotes them.
"""

from __future__ import annotations

from datetime import timedelta

from rmtui.core.demo.sheets import demo_passphrase, fill_in_sheet, on_day
from rmtui.core.goals import NOT_STARTED, agree_goal_sheet, get_goal_sheet, set_goal_status
from rmtui.core.matching import pairs_by_id
from rmtui.core.report import term_end
from rmtui.core.roster import records as roster
from rmtui.core.store import CohortStore

LEAVER = "ruby.kaur@harbourfinch.co.uk"
# What people say they now do differently, by role; an empty answer is a skipped question.
DIFFERENTLY = {
    "mentee": (
        "I post updates in the team channel instead of sending long emails",
        "I ask the newest person in the room for their view before I give mine",
        "I use the chat app to answer quick questions the same day",
        "I check our intranet videos have captions before they go out",
        "I run shorter meetings and ask the quieter people first",
        "",
        "I try one new tool a month and tell my team what I learned",
        "I listen more and take feedback from junior staff seriously",
    ),
    "mentor": (
        "I speak up in senior meetings instead of waiting to be asked",
        "I present my ideas with more confidence",
        "",
        "I challenge assumptions politely, even with directors",
        "I ask for feedback on my presentations",
        "I understand how budget decisions are made and who to talk to",
    ),
}
GOAL_OUTCOMES = ("achieved", "achieved", "in progress", "achieved", "dropped", "achieved", "in progress")


def finish_demo_sheets(store: CohortStore) -> dict[int, str]:
    """Every active pair without a sheet agrees one in its first weeks; returns the new passphrases by pair id."""
    start = store.settings().start_date
    passphrases = {}
    with on_day(store, start + timedelta(days=20)):
        for pair_id in pairs_by_id(store, active_only=True):
            sheet = get_goal_sheet(store, pair_id)
            if sheet and sheet.state != NOT_STARTED:
                continue
            passphrases[pair_id] = demo_passphrase(store, pair_id)
            fill_in_sheet(store, pair_id, passphrases[pair_id])
            for role in ("mentee", "mentor"):
                agree_goal_sheet(store, pair_id, role)
    return passphrases


def finish_demo_goals(store: CohortStore) -> None:
    """Near the end, each goal reaches its outcome, and one mentor leaves the organisation."""
    end = term_end(store.settings())
    with on_day(store, end - timedelta(days=10)):
        number = 0
        for pair_id in pairs_by_id(store, active_only=True):
            sheet = get_goal_sheet(store, pair_id)
            for goal in sheet.goals if sheet and sheet.state != NOT_STARTED else ():
                set_goal_status(store, pair_id, goal.goal_id, GOAL_OUTCOMES[number % len(GOAL_OUTCOMES)])
                number += 1
    with on_day(store, end - timedelta(days=20)):
        roster.set_status(store, LEAVER, "left organisation")


def final_answers(store: CohortStore, pair_id: int, role: str, email: str, number: int) -> dict[str, object]:
    """The end-of-term answers: own goals rated, what they do differently, would they take part again."""
    sheet = get_goal_sheet(store, pair_id)
    goals = sheet.goals_of(role) if sheet else ()
    ratings = {goal.goal_id: min(5, (goal.start_rating or 2) + 1 + number % 3) for goal in goals}
    answers = DIFFERENTLY[role]
    return {
        "goal_ratings": ratings,
        "doing_differently": answers[number % len(answers)],
        "take_part_again": ("yes", "yes", "yes", "yes", "unsure", "yes", "yes", "no", "yes")[number % 9],
        "recommend": (9, 10, 8, 9, 10, 7, 9, 6, 10, 9, 8)[number % 11],
        "comment": "Worth the time.",
        "comment_private": number % 7 == 3,
    }
