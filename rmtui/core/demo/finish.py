"""The end of the demo's term, for ``rmtui demo --finished``: goal outcomes, a leaver and final answers.

The usual demo stops four months in. The finished demo runs on past the term's end, so the
evaluation report has something in every section, each figure backed by five or more people: the
revised sheet is agreed again, goals were achieved, still in progress or dropped by the end, one
mentor left the organisation, and everyone answered the final check-in, rating their own goals,
saying what they now do differently, whether they would recommend the programme and take part
again (the troubled pairs less keen). A few marked their comment private, so the report counts
but never quotes them.
"""

from __future__ import annotations

from datetime import timedelta

from rmtui.core.demo.sheets import keep_one, on_day, weekday
from rmtui.core.goals import DRAFT, NOT_STARTED, REVISED_DRAFT, agree_goal_sheet, get_goal_sheet, set_goal_status
from rmtui.core.matching import pairs_by_id
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
        "I offer flexible hours before anyone has to ask",
        "I ask younger colleagues what would make them stay",
        "I let my team choose flexible hours",
        "I ask for feedback at the end of each team meeting",
    ),
    "mentor": (
        "I speak up in senior meetings instead of waiting to be asked",
        "I present my ideas with more confidence",
        "",
        "I challenge assumptions politely, even with directors",
        "I ask for feedback on my presentations",
        "I understand how older colleagues see flexible working",
        "I understand how budget decisions are made and who to talk to",
        "I see why older managers value meeting face to face",
        "I speak up when a decision affects my team",
        "I make sure everyone in a meeting gets a say",
        "I check my slides are accessible before I share them",
    ),
}
# Where each goal ended up, in turn, so every outcome spans several pairs.
GOAL_OUTCOMES = ("achieved", "dropped", "in progress", "achieved", "dropped", "achieved", "in progress", "achieved")
# The people of the troubled pairs would not recommend the programme, or are lukewarm; the rest are keen.
DETRACTORS = {"nathan.reid", "martin.kowalski", "siobhan.oconnor", "gareth.llewellyn", "zoe.adeyemi", "callum.fraser"}
PASSIVES = {"helen.whitaker", "david.chen", "rachel.goldberg", "fiona.mcallister", "priya.raman", "anthony.okafor"}
UNSURE = {"helen.whitaker", "david.chen"}


def finish_demo(store: CohortStore) -> None:
    """After four months: the revised sheet agreed again, each goal's outcome, and one mentor leaving."""
    term = store.settings().term()
    pairs = pairs_by_id(store, active_only=True)
    with on_day(store, weekday(term.start + timedelta(days=130))):
        for pair_id in pairs:
            sheet = get_goal_sheet(store, pair_id)
            if sheet and sheet.state == REVISED_DRAFT:
                agree_goal_sheet(store, pair_id, "mentor")
    with on_day(store, weekday(term.end - timedelta(days=20))):
        roster.set_status(store, LEAVER, "left organisation")
    with on_day(store, weekday(term.end - timedelta(days=10))):
        number = 0
        for pair_id in pairs:
            sheet = get_goal_sheet(store, pair_id)
            if sheet is None or sheet.state in (NOT_STARTED, DRAFT):
                continue
            for goal in sheet.goals:
                outcome = keep_one(sheet, goal, GOAL_OUTCOMES[number % len(GOAL_OUTCOMES)])
                set_goal_status(store, pair_id, goal.goal_id, outcome)
                number += 1


def final_answers(store: CohortStore, pair_id: int, role: str, email: str, number: int) -> dict[str, object]:
    """The end-of-term answers: own goals rated, what they do differently, would they recommend and take part again."""
    sheet = get_goal_sheet(store, pair_id)
    goals = sheet.goals_of(role) if sheet else ()
    ratings = {goal.goal_id: min(5, (goal.start_rating or 2) + 1 + number % 3) for goal in goals}
    answers = DIFFERENTLY[role]
    person = email.split("@")[0]
    recommend = (5 + number % 2) if person in DETRACTORS else (7 + number % 2) if person in PASSIVES else 9 + number % 2
    again = ("no", "unsure")[number % 2] if person in DETRACTORS else "unsure" if person in UNSURE else "yes"
    return {
        "goal_ratings": ratings,
        "doing_differently": answers[number % len(answers)],
        "take_part_again": again,
        "recommend": recommend,
        "comment": "Worth the time.",
        "comment_private": number % 7 == 3,
    }
