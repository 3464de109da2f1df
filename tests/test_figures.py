"""Figures you can trust: each protection of the small-number rule, and each contradiction the issue found.

Every test here builds its cohort as a ``Programme`` in memory, so it says exactly who stands behind
each figure. Each protection's test was run with the protection removed and went red (the list is
in the branch's report).
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from rmtui.core.goals import AGREED, Goal, GoalSheet
from rmtui.core.matching import Pair
from rmtui.core.report import (
    SMALL,
    Count,
    Programme,
    build_report,
    evaluate,
    export_report,
    goal_progress,
    pair_statuses,
    programme_status,
    status_report,
    to_text,
    withheld,
)
from rmtui.core.report.build import CHART_WIDTH, chart
from rmtui.core.report.evaluation import KEPT_PACE
from rmtui.core.roster import Participant
from rmtui.core.sessions import CheckIn, Session
from rmtui.core.store import CohortSettings

START = date(2026, 1, 1)
CONFIRMED = date(2026, 1, 5)
END = date(2026, 7, 1)
POINTS = ("week 4", "month 3", "month 5")


def mentor(n: int) -> str:
    return f"m{n}@x.org"


def mentee(n: int) -> str:
    return f"s{n}@x.org"


def cohort(pairs: int, *, extra: dict[int, Pair] | None = None, **fields: object) -> Programme:
    """``pairs`` pairs (mentor n with mentee n) confirmed on 5 January, with whatever else ``fields`` gives."""
    people = [Participant(f"Mentor {n}", mentor(n), "mentor", grade=1) for n in range(1, pairs + 1)]
    people += [Participant(f"Mentee {n}", mentee(n), "mentee", grade=5) for n in range(1, pairs + 1)]
    found = {n: Pair(mentor(n), mentee(n), confirmed_on=CONFIRMED) for n in range(1, pairs + 1)}
    values: dict[str, object] = {
        "settings": CohortSettings("Figures cohort", START), "participants": tuple(people), "pairs": found | (extra or {}),
        "sheets": {}, "sessions": (), "check_ins": (), "checkpoints": POINTS,
    }  # fmt: skip
    return Programme(**{**values, **fields})  # type: ignore[arg-type]


def final(email: str, pair_id: int, **answers: object) -> CheckIn:
    """An answer at the final check-in."""
    values: dict[str, object] = {"satisfaction": 4, "fit": "good", "safety": 4, "pair_id": pair_id, **answers}
    return CheckIn(email, "month 5", date(2026, 6, 2), **values)  # type: ignore[arg-type]


def lines_of(programme: Programme, day: date = END) -> list[str]:
    return to_text(build_report(evaluate(programme, day), day, include_pairs=False)).splitlines()


def line_with(lines: list[str], start: str) -> str:
    return next(line for line in lines if line.strip().startswith(start)).rstrip()


# --- one person is one person --------------------------------------------------------------------


def test_a_mentor_answering_for_two_mentees_counts_once_in_every_figure_about_people() -> None:
    # Mentor 1 has two mentees (pairs 1 and 6); both answers say "yes", so per answer it would be 6 of 7.
    programme = cohort(5, extra={6: Pair(mentor(1), "s6@x.org", confirmed_on=CONFIRMED)})
    programme = replace(programme, participants=(
        *programme.participants, Participant("Mentee 6", "s6@x.org", "mentee", grade=5),
    ), check_ins=(
        *(final(mentor(n), n, take_part_again="yes") for n in range(1, 6)),
        final(mentor(1), 6, take_part_again="yes"),
        *(final(mentee(n), n, take_part_again="no" if n <= 5 else "yes") for n in range(1, 6)),
        final("s6@x.org", 6, take_part_again="yes"),
    ))  # fmt: skip
    e = evaluate(programme, END)
    again = e.take_part_again
    assert (again.part, again.whole, again.people) == (6, 11, 11)  # 11 people, not 12 answers
    assert (e.headline.satisfaction.count, e.headline.satisfaction.people) == (11, 11)
    row = e.reaction[-1].satisfaction
    assert (row.count, row.people) == (12, 11)
    lines = lines_of(programme)
    assert "12 answers from 11 people" in line_with(lines, "month 5")
    assert line_with(lines, "Would take part again:") == "Would take part again: 6 of 11 (55%)."
    assert "(11 people)" in line_with(lines, "Average satisfaction")


# --- the small-number rule, protection by protection -----------------------------------------------


def test_an_average_from_fewer_than_five_people_is_withheld_however_many_answers() -> None:
    # One pair, twelve sessions, both partners rating each: 24 answers from 2 people.
    sessions = tuple(Session(1, CONFIRMED + timedelta(days=7 * k), mentee_rating=5, mentor_rating=4) for k in range(12))
    lines = lines_of(cohort(1, sessions=sessions))
    assert line_with(lines, "Average session rating") == "Average session rating: fewer than 5 people."


def test_quotes_only_when_five_people_answered_and_only_from_those_who_allowed_it() -> None:
    answers = [final(mentee(n), n, doing_differently=f"I now use tool number {n} every week") for n in range(1, 6)]
    answers[0] = replace(answers[0], comment_private=True)
    five = cohort(5, check_ins=tuple(answers))
    quoted = evaluate(five, END).quotes
    assert len(quoted) == 4 and "I now use tool number 1 every week" not in quoted
    assert "“I now use tool number 2 every week”" in "\n".join(lines_of(five))
    four = cohort(5, check_ins=tuple(answers[1:]))
    assert evaluate(four, END).quotes == ()
    assert not any("tool number" in line for line in lines_of(four))


def test_no_bar_is_drawn_for_a_withheld_figure_and_it_sets_no_scale() -> None:
    drawn = chart([("shown", Count(10, people=10)), ("hidden", Count(40, people=3))]).plain.splitlines()
    assert drawn[1].startswith("hidden") and "█" not in drawn[1] and "40" not in drawn[1]
    # The shown bar is full width: scaled to the largest figure shown, never to the hidden 40.
    assert drawn[0].count("█") == CHART_WIDTH


def test_learning_bars_need_five_people_not_five_answers() -> None:
    # Four mentees rate five goals (mentee 1 has two): five answers, four people.
    goals = {n: (Goal(1, "mentee", "Use the team chat tool", status="achieved", start_rating=2),) for n in range(1, 5)}
    goals[1] += (Goal(2, "mentee", "Try a new app each month", status="achieved", start_rating=2),)
    sheets = {n: GoalSheet(n, "technology", state=AGREED, goals=g) for n, g in goals.items()}
    ratings = {n: tuple((goal.goal_id, 4) for goal in g) for n, g in goals.items()}
    answers = tuple(final(mentee(n), n, goal_ratings=ratings[n]) for n in range(1, 5))
    e = evaluate(cohort(4, sheets=sheets, check_ins=answers), END)
    [area] = e.learning
    assert (area.after.count, area.after.people) == (5, 4)
    lines = lines_of(cohort(4, sheets=sheets, check_ins=answers))
    after = line_with(lines, "mentee · digital skills after")
    assert after.endswith("fewer than 5 people") and "█" not in after


def test_the_net_promoter_parts_cannot_be_worked_out_from_the_score() -> None:
    # 31 people: 19 promoters, 9 passives, 3 detractors. Score +52 from 31; the parts would give the 3 back.
    scores = [10] * 19 + [8] * 9 + [3] * 3
    programme = cohort(31, check_ins=tuple(final(mentee(n), n, recommend=s) for n, s in enumerate(scores, 1)))
    line = line_with(lines_of(programme), "Would recommend")
    assert "+52 from 31 people" in line
    assert not re.search(r"\d+ (promoters|passives|detractors)", line)
    e = evaluate(programme, END)
    assert all(withheld(part) for _, part in e.recommend)


def test_kept_pace_of_the_active_pairs_cannot_give_away_the_one_behind() -> None:
    # Sixteen pairs meet monthly; fifteen keep pace, pair 16 never meets.
    sessions = tuple(
        Session(n, date(2026, month, 10)) for n in range(1, 16) for month in range(1, 7)
    )  # fmt: skip
    programme = cohort(16, sessions=sessions)
    e = evaluate(programme, END)
    assert {band: c.n for band, c in e.adherence}[KEPT_PACE] == 15
    assert all(withheld(c) for _, c in e.adherence)
    text = "\n".join(lines_of(programme))
    kept = line_with(text.splitlines(), "kept pace")
    assert "15" not in kept and "█" not in kept


def test_a_goal_status_hidden_takes_a_second_with_it() -> None:
    # 8 pairs with one goal each: 6 achieved, 2 in progress (4 people): the 2 alone would be 8 - 6.
    sheets = {
        n: GoalSheet(n, "technology", state=AGREED, goals=(Goal(1, "mentee", "g", status="achieved" if n <= 6 else "in progress"),))
        for n in range(1, 9)
    }  # fmt: skip
    e = evaluate(cohort(8, sheets=sheets), END)
    statuses = dict(e.goal_statuses)
    assert withheld(statuses["in progress"]) and withheld(statuses["achieved"])
    assert withheld(e.goal_attainment)
    lines = lines_of(cohort(8, sheets=sheets))
    assert line_with(lines, "achieved ").split() == ["achieved", "withheld"]
    assert line_with(lines, "Goal attainment").split()[2:4] == ["withheld", "Goals"]


def test_recommendations_fire_only_on_figures_the_report_shows() -> None:
    # Two of eight pairs ended (25%, above the 20% threshold), but between them only three people.
    extra = {9: Pair(mentor(1), mentee(2), "ended", CONFIRMED, date(2026, 2, 1), "not working")}
    programme = cohort(8, extra=extra)
    programme = replace(programme, pairs={**programme.pairs, 1: replace(programme.pairs[1], status="ended",
                                                                        ended_on=date(2026, 2, 1))})  # fmt: skip
    e = evaluate(programme, END)
    assert (e.failed.part, e.failed.whole) == (2, 9) and withheld(e.failed)
    text = "\n".join(lines_of(programme))
    assert "Review the matching rules" not in text and "2 of 9" not in text


def test_the_cover_prints_no_raw_count_of_ended_pairs() -> None:
    programme = cohort(3)
    programme = replace(programme, pairs={**programme.pairs, 3: replace(programme.pairs[3], status="ended",
                                                                        ended_on=date(2026, 2, 1))})  # fmt: skip
    matched = line_with(lines_of(programme), "Pairs matched / still active")
    # The active pairs are withheld with the ended one they would give away (3 matched, 2 active: 1 ended).
    assert re.search(r"Pairs matched / still active +3 / withheld ", matched) and "3 / 2" not in matched
    assert "How many ended is withheld: fewer than 5 people" in matched


def test_free_text_about_a_pair_is_never_printed_in_any_format() -> None:
    reason, topic = "signed off sick with stress after restructure", "Anthony's grievance against his director"
    programme = cohort(6, sessions=tuple(Session(n, date(2026, 2, 1), topics=(topic,)) for n in range(1, 7)))
    programme = replace(programme, pairs={**programme.pairs, 6: replace(programme.pairs[6], status="ended",
                                          ended_on=date(2026, 3, 1), end_reason=reason)})  # fmt: skip
    report = build_report(evaluate(programme, END), END)
    for fmt in ("txt", "md", "html", "json"):
        out = export_report(report, fmt)
        assert "sick" not in out and "grievance" not in out, fmt
    assert "other topics (typed by pairs)" in export_report(report, "txt")


def test_a_withheld_figure_in_json_has_no_value_nor_people_and_says_why() -> None:
    sessions = tuple(Session(1, CONFIRMED + timedelta(days=7 * k), mentee_rating=5, mentor_rating=4) for k in range(12))
    doc = json.loads(export_report(build_report(evaluate(cohort(1, sessions=sessions), END), END), "json"))
    rating = doc["figures"]["sessions.rating"]
    assert rating == {
        "label": "Average session rating", "value": None, "unit": "answers", "people": None,
        "withheld": f"fewer than {SMALL} people",
    }  # fmt: skip


# --- the contradictions the issue found -----------------------------------------------------------


def test_one_session_held_in_a_new_cohort_is_not_none_yet() -> None:
    day = CONFIRMED + timedelta(days=7)
    programme = cohort(18, sessions=(Session(1, day),))
    lines = lines_of(programme, day)
    # The pair met at once, so its first meeting counts as due from that day (it was due within two weeks anyway).
    assert line_with(lines, "Sessions held / agreed").split()[4:8] == ["1", "of", "1", "(100%)"]


def test_check_ins_answered_adds_up_with_the_table_above_it() -> None:
    # Pairs confirmed after week 4 (29 January), yet one person answered week 4 anyway: it counts, due and answered.
    programme = cohort(6)
    programme = replace(programme, pairs={n: replace(p, confirmed_on=date(2026, 2, 10)) for n, p in programme.pairs.items()},
                        check_ins=(CheckIn(mentor(1), "week 4", date(2026, 2, 12), 4, "good", 4, pair_id=1),))  # fmt: skip
    day = date(2026, 2, 20)
    e = evaluate(programme, day)
    answered = e.headline.check_ins_answered
    assert answered.part == sum(row.satisfaction.count for row in e.reaction) == 1
    line = line_with(lines_of(programme, day), "Check-ins answered")
    assert line == "Check-ins answered of those due: 1 of 1 (100%)."


def test_no_alerts_never_claims_every_pair_is_meeting_when_pairs_have_not_met() -> None:
    day = CONFIRMED + timedelta(days=7)
    programme = cohort(18, sessions=(Session(1, day),))
    status = programme_status(programme, day)
    assert status.alerts == []
    text = to_text_of(status_report(status))
    assert "17 active pairs have not met" in text and "every" not in text.lower().split("no alerts")[1]


def to_text_of(renderable: object) -> str:
    from rich.console import Console

    console = Console(width=200, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
    console.print(renderable)
    return console.export_text()


def test_a_never_agreed_sheet_shows_no_goal_progress() -> None:
    draft = GoalSheet(1, "technology", goals=(Goal(1, "mentee", "g", status="achieved"),))
    assert goal_progress(draft) is None
    assert goal_progress(replace(draft, state=AGREED)) == 1.0
    programme = cohort(1, sheets={1: draft})
    [row] = pair_statuses(programme, END - timedelta(days=60))
    assert row.goal_progress is None
    # Nor does the report count its goals.
    assert sum(c.n for _, c in evaluate(programme, END).goal_statuses) == 0


def test_pair_status_is_its_worst_alert() -> None:
    # No agreed sheet 60 days in: an overdue alert, so the pair is overdue, never "on track" beside it.
    day = CONFIRMED + timedelta(days=60)
    programme = cohort(1, sessions=(Session(1, day - timedelta(days=3)),))
    status = programme_status(programme, day)
    assert {a.kind for a in status.alerts} >= {"no agreed goal sheet"}
    assert [row.status for row in status.pairs] == ["overdue"]


@pytest.mark.parametrize("which", ["demo", "finished", "empty", "one session"])
def test_report_json_and_status_json_agree_on_every_figure_they_share(
    which: str, tmp_path: Path, demo_path: Path, today: date, rmtui
) -> None:
    from rmtui.core.demo import write_demo
    from rmtui.core.sessions import log_session
    from rmtui.core.store import CohortStore

    path = demo_path
    if which == "finished":
        path = tmp_path / "finished.json"
        write_demo(path, today=today, finished=True)
    elif which in ("empty", "one session"):
        path = demo_path.with_name("new.json")
        CohortStore.open(path, today=lambda: today).close()
    if which == "one session":
        path = demo_path
        with CohortStore.open(path, today=lambda: today) as store:
            log_session(store, 1, {"held_on": str(today), "minutes": "60", "place": "on site"}, logged_by="coordinator")
    day = ("--as-of", today.isoformat())
    report = rmtui("--db", path, "report", "--format", "json", *day)
    status = rmtui("--db", path, "status", "--json", *day)
    assert report.exit_code == status.exit_code == 0, report.output + status.output
    ours, theirs = json.loads(report.output), json.loads(status.output)
    shared = set(ours["figures"]) & set(theirs["figures"])
    assert {"sessions.held", "satisfaction.average", "check_ins.answered", "pairs.active"} <= shared
    assert {name: ours["figures"][name] for name in shared} == {name: theirs["figures"][name] for name in shared}
    assert ours["term"] == theirs["term"]
    for doc in (ours, theirs):
        for name, one in doc["figures"].items():
            assert set(one) >= {"value", "unit", "people", "withheld"}, name
            # Withheld: no value, no "of" and no count of people (for a figure about people, that is the number).
            assert not one["withheld"] or (one["value"], one["people"], one.get("of")) == (None, None, None), name


def test_goal_attainment_is_withheld_when_a_goal_status_is_hidden_beside_it() -> None:
    # 13 pairs: achieved 6, in progress 3, not started 3, dropped 1 (2 people). Dropped is hidden and in progress
    # with it; attainment "6 of 12" would give in progress back as 12 - 6 - 3, so it is withheld too.
    statuses = ["achieved"] * 6 + ["in progress"] * 3 + ["not started"] * 3 + ["dropped"]
    sheets = {
        n: GoalSheet(n, "technology", state=AGREED, goals=(Goal(1, "mentee", "g", status=status),))
        for n, status in enumerate(statuses, 1)
    }
    e = evaluate(cohort(13, sheets=sheets), END)
    found = dict(e.goal_statuses)
    assert withheld(found["dropped"]) and withheld(found["in progress"]) and not withheld(found["not started"])
    assert (e.goal_attainment.part, e.goal_attainment.whole, e.goal_attainment.rest_people) == (6, 12, 12)
    assert withheld(e.goal_attainment)
    assert "6 of 12" not in "\n".join(lines_of(cohort(13, sheets=sheets)))


def test_a_long_status_page_lists_the_worst_forty_and_counts_the_rest() -> None:
    # 45 pairs, none met 60 days in: no first meeting, no agreed sheet, and 90 week-4 check-ins overdue.
    day = CONFIRMED + timedelta(days=60)
    status = programme_status(cohort(45), day)
    assert len(status.alerts) == 180 and len(status.pairs) == 45
    short = to_text_of(status_report(status))
    assert "… and 140 more alerts" in short and "… and 5 more pairs" in short and "Pairs (40 of 45)" in short
    every = to_text_of(status_report(status, None))
    assert "more alerts" not in every and all(f"Mentee {n} " in every or f"Mentee {n}\n" in every for n in (41, 45))
