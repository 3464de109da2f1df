"""Programme logic: timeline, phases, headline numbers, pair statuses, every alert rule, and the demo's story."""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rmtui.core.demo import write_demo
from rmtui.core.goals import AGREED, DRAFT, Goal, GoalSheet
from rmtui.core.matching import Pair
from rmtui.core.report import (
    FIRST_MEETING_DAYS,
    Programme,
    alerts,
    evaluate,
    expected_sessions,
    goal_progress,
    headline,
    load_programme,
    month_starts,
    pair_statuses,
    phase,
    programme_status,
    sessions_per_month,
    timeline,
    withheld,
)
from rmtui.core.roster import Participant
from rmtui.core.sessions import CheckIn, Session, checkpoint_date
from rmtui.core.store import CADENCES, CohortSettings, CohortStore

START = date(2026, 1, 5)
CONFIRMED = date(2026, 1, 12)
TODAY = date(2026, 3, 16)
PEOPLE = (Participant("Ana Silva", "ana@x.org", "mentor"), Participant("Ben Okafor", "ben@x.org", "mentee"))
dates = st.dates(min_value=date(1999, 1, 1), max_value=date(2100, 12, 31))


def programme(*, sessions: tuple[Session, ...] = (), check_ins: tuple[CheckIn, ...] = (), sheet_state: str = AGREED,
              pairs: dict[int, Pair] | None = None, people: tuple[Participant, ...] = PEOPLE) -> Programme:  # fmt: skip
    """One monthly pair confirmed 12 January with an agreed sheet, unless told otherwise."""
    pairs = {1: Pair("ana@x.org", "ben@x.org", confirmed_on=CONFIRMED)} if pairs is None else pairs
    sheets = {1: GoalSheet(1, "general", state=sheet_state, cadence="monthly")} if pairs else {}
    return Programme(
        CohortSettings("Test", START), people, pairs, sheets, sessions, check_ins, ("week 4", "month 3", "month 5")
    )


def held(day: date, next_meeting: date | None = None, pair_id: int = 1) -> Session:
    """A held session."""
    return Session(pair_id, day, minutes=60, place="remote", next_meeting=next_meeting)


def answered(email: str, point: str, done_on: date, **answers: object) -> CheckIn:
    """A check-in with good answers unless told otherwise."""
    return CheckIn(email, point, done_on, **{"satisfaction": 4, "fit": "good", "safety": 4, **answers})


ALL_CHECKED_IN = tuple(answered(e, p, TODAY) for e in ("ana@x.org", "ben@x.org") for p in ("week 4", "month 3"))


def kinds(found: Programme, today: date = TODAY) -> list[str]:
    """The kinds of alert raised."""
    return [alert.kind for alert in alerts(found, today)]


# Timeline and cadence, over month ends, leap years and terms crossing a year.


@given(start=dates, months=st.integers(1, 36))
def test_the_term_ends_on_the_same_day_or_the_months_last_day(start: date, months: int) -> None:
    end = CohortSettings("T", start, term_months=months).term().end
    assert (end.year - start.year) * 12 + end.month - start.month == months
    assert end.day == min(start.day, calendar.monthrange(end.year, end.month)[1])


@given(start=dates, months=st.integers(1, 36), offset=st.integers(-400, 1500))
def test_the_timeline_is_ordered_and_the_fraction_stays_between_0_and_1(start: date, months: int, offset: int) -> None:
    line = timeline(CohortSettings("T", start, term_months=months), start + timedelta(days=offset))
    assert line.start < line.midpoint < line.end
    assert abs((line.midpoint - line.start) - (line.end - line.midpoint)) <= timedelta(days=1)
    assert 0.0 <= line.fraction <= 1.0
    assert line.fraction == (0.0 if offset <= 0 else 1.0 if line.today >= line.end else line.fraction)


def test_month_end_leap_year_and_year_crossing_examples() -> None:
    assert CohortSettings("T", date(2023, 8, 31)).term().end == date(2024, 2, 29)
    assert CohortSettings("T", date(2024, 8, 31)).term().end == date(2025, 2, 28)
    assert CohortSettings("T", date(2025, 11, 14)).term().end == date(2026, 5, 14)
    assert checkpoint_date(date(2025, 11, 30), "month 3") == date(2026, 2, 28)
    assert month_starts(date(2025, 11, 30), date(2026, 2, 1)) == [
        date(2025, 11, 1),
        date(2025, 12, 1),
        date(2026, 1, 1),
        date(2026, 2, 1),
    ]


@given(confirmed=dates, days=st.integers(0, 800), cadence=st.sampled_from(sorted(CADENCES.values())))
def test_expected_sessions_grow_one_per_cadence(confirmed: date, days: int, cadence: int) -> None:
    until = confirmed + timedelta(days=days)
    expected = expected_sessions(confirmed, until, cadence)
    assert expected == (0 if days < FIRST_MEETING_DAYS else 1 + (days - FIRST_MEETING_DAYS) // cadence)
    if days >= FIRST_MEETING_DAYS:
        assert expected_sessions(confirmed, until + timedelta(days=cadence), cadence) == expected + 1
    assert expected_sessions(confirmed, confirmed - timedelta(days=days), cadence) == 0
    assert expected_sessions(None, until, cadence) == 0


@given(start=dates, offsets=st.lists(st.integers(0, 182), max_size=30))
def test_sessions_per_month_counts_each_held_session_once(start: date, offsets: list[int]) -> None:
    sessions = tuple(held(start + timedelta(days=o)) for o in offsets)
    found = replace(programme(sessions=sessions), settings=CohortSettings("T", start))
    series = sessions_per_month(found, found.term.end)
    assert sum(count for _, count in series) == len(sessions)
    assert [month for month, _ in series] == sorted({month for month, _ in series})


# Phases.


def test_phases_follow_the_rules_in_order() -> None:
    assert phase(programme(pairs={}, people=PEOPLE[:1]), TODAY) == "recruiting"
    assert phase(programme(pairs={}), TODAY) == "matching"
    assert phase(programme(sheet_state=DRAFT), CONFIRMED + timedelta(days=21)) == "goal setting"
    assert phase(programme(sheet_state=DRAFT), CONFIRMED + timedelta(days=22)) == "meeting"
    assert phase(programme(), CONFIRMED + timedelta(days=1)) == "meeting"
    end = date(2026, 7, 5)
    assert phase(programme(), end - timedelta(days=1)) == "meeting"
    assert phase(programme(), end) == "evaluating"
    assert phase(programme(), end + timedelta(days=30)) == "evaluating"
    assert phase(programme(), end + timedelta(days=31)) == "closed"


# Every alert rule, at its boundary.


def test_no_first_meeting_within_14_days_of_confirmation() -> None:
    assert "no first meeting" not in kinds(programme(), CONFIRMED + timedelta(days=14))
    assert "no first meeting" in kinds(programme(), CONFIRMED + timedelta(days=15))
    assert "no first meeting" not in kinds(programme(sessions=(held(CONFIRMED),)), CONFIRMED + timedelta(days=15))


def test_cadence_missed_after_the_cadence_plus_a_weeks_grace() -> None:
    last = date(2026, 2, 1)
    found = programme(sessions=(held(last),))
    assert "cadence missed" not in kinds(found, last + timedelta(days=37))
    assert "cadence missed" in kinds(found, last + timedelta(days=38))
    weekly = replace(found, sheets={1: GoalSheet(1, "general", state=AGREED, cadence="weekly")})
    assert "cadence missed" in kinds(weekly, last + timedelta(days=15))
    # Cancelled meetings don't count as meeting.
    cancelled = programme(sessions=(held(last), Session(1, last + timedelta(days=30), "cancelled", reason="ill")))
    assert "cadence missed" in kinds(cancelled, last + timedelta(days=38))


def test_no_agreed_goal_sheet_21_days_after_confirmation() -> None:
    draft = programme(sheet_state=DRAFT, sessions=(held(CONFIRMED),))
    assert "no agreed goal sheet" not in kinds(draft, CONFIRMED + timedelta(days=21))
    assert "no agreed goal sheet" in kinds(draft, CONFIRMED + timedelta(days=22))
    revised = replace(
        draft, sheets={1: GoalSheet(1, "general", state="revised draft", earlier=(GoalSheet(1, "general"),))}
    )
    assert "no agreed goal sheet" not in kinds(revised, CONFIRMED + timedelta(days=22))


def test_check_ins_are_due_a_week_ahead_and_overdue_two_weeks_after() -> None:
    due = checkpoint_date(START, "week 4")
    found = programme(sessions=(held(due),))
    assert [a.kind for a in alerts(found, due - timedelta(days=8)) if "check-in" in a.kind] == []
    soon = [a for a in alerts(found, due - timedelta(days=7)) if "check-in" in a.kind]
    assert [(a.kind, a.email) for a in soon] == [("check-in due", "ana@x.org"), ("check-in due", "ben@x.org")]
    assert soon[0].action == "Send Ana Silva the week 4 check-in"
    assert {a.kind for a in alerts(found, due + timedelta(days=15)) if "check-in" in a.kind} == {"check-in overdue"}
    done = replace(found, check_ins=tuple(answered(e, "week 4", due) for e in ("ana@x.org", "ben@x.org")))
    assert not [a for a in alerts(done, due + timedelta(days=15)) if "check-in" in a.kind]


@pytest.mark.parametrize(
    ("answers", "kind"),
    [({"satisfaction": 2}, "low satisfaction"), ({"safety": 2}, "low safety"), ({"fit": "not working"}, "not working")],
)
def test_answers_that_put_a_pair_at_risk(answers: dict[str, object], kind: str) -> None:
    low = answered("ben@x.org", "month 3", TODAY, **answers)
    found = programme(sessions=(held(TODAY),), check_ins=(*ALL_CHECKED_IN[:3], low))
    assert kinds(found) == [kind]
    assert pair_statuses(found, TODAY)[0].status == "at risk"
    assert alerts(found, TODAY)[0].severity == "at risk" and alerts(found, TODAY)[0].action
    fine = programme(
        sessions=(held(TODAY),), check_ins=(*ALL_CHECKED_IN[:3], replace(low, satisfaction=3, safety=3, fit="unsure"))
    )
    assert kinds(fine) == []


def test_an_answer_from_before_the_current_pair_is_not_held_against_it() -> None:
    old = answered("ben@x.org", "week 4", CONFIRMED - timedelta(days=1), fit="not working", satisfaction=1)
    assert "not working" not in kinds(programme(sessions=(held(TODAY),), check_ins=(old,)))


def test_ended_pairs_raise_no_alerts() -> None:
    ended = {1: Pair("ana@x.org", "ben@x.org", "ended", CONFIRMED, date(2026, 2, 1), "moved")}
    assert kinds(programme(pairs=ended)) == []
    assert pair_statuses(programme(pairs=ended), TODAY) == []


# Headline and pair rows.


@pytest.mark.parametrize(
    ("active", "ended", "shown"),
    [(2, 0, True), (10, 0, True), (2, 5, True), (10, 1, False), (10, 2, False), (1, 1, False)],
)
def test_active_pairs_are_withheld_only_with_the_ended_pairs_they_would_give_away(
    cohort_with_ended_pairs: Callable[[int, int], Programme], active: int, ended: int, shown: bool
) -> None:
    """Ended pairs are an outcome about people; the active ones are not, but with the pairs matched shown
    they give the ended count away, so they are withheld with it, and only then (so is match survival)."""
    found = cohort_with_ended_pairs(active, ended)
    h = headline(found, TODAY)
    assert (h.pairs_confirmed.n, withheld(h.pairs_confirmed)) == (active + ended, None)
    assert (withheld(h.pairs_ended) is None, withheld(h.pairs_active) is None) == (shown, shown)
    assert (withheld(evaluate(found, TODAY).survival) is None) == shown
    if shown:
        assert (h.pairs_active.n, h.pairs_ended.n) == (active, ended)


def test_a_pair_that_meets_at_once_and_keeps_its_cadence_is_never_ahead_of_what_is_expected() -> None:
    """Not "5/4": the cadence runs from a first meeting held before it was due (rematched pairs often meet at once)."""
    days = [date(2026, 1, 14) + timedelta(days=30 * k) for k in range(5)]  # confirmed 12 January, monthly
    found = programme(sessions=tuple(held(day) for day in days))
    for k, day in enumerate(days):
        for today in (day, day + timedelta(days=29)):
            row = pair_statuses(found, today)[0]
            assert (row.sessions_held, row.sessions_expected) == (k + 1, k + 1), today
            assert headline(found, today).sessions_expected.n == k + 1
    # Met at once, then not again: the second meeting is expected a cadence after the first.
    once = programme(sessions=(held(date(2026, 1, 14)),))
    assert pair_statuses(once, date(2026, 2, 13))[0].sessions_expected == 2
    # A first meeting held late changes nothing: the first is due two weeks after confirmation, then one a month.
    late = programme(sessions=(held(date(2026, 2, 1)),))
    assert (
        pair_statuses(late, date(2026, 2, 24))[0].sessions_expected
        == expected_sessions(CONFIRMED, date(2026, 2, 24), 30)
        == 1
    )
    assert pair_statuses(late, date(2026, 2, 25))[0].sessions_expected == 2


def test_a_day_before_the_latest_sessions_counts_only_the_sessions_held_by_then() -> None:
    """``--as-of`` a past day: later sessions change neither the headline, the pair's row nor its alerts."""
    found = programme(sessions=(held(date(2026, 1, 20)), held(date(2026, 2, 20), date(2026, 3, 20)),
                                held(date(2026, 3, 10), date(2026, 4, 10)), held(date(2026, 3, 14))))  # fmt: skip
    day = date(2026, 3, 5)
    assert headline(found, day).sessions_held.n == 2
    row = pair_statuses(found, day)[0]
    assert (row.sessions_held, row.last_session, row.next_booked) == (2, date(2026, 2, 20), date(2026, 3, 20))
    assert sessions_per_month(found, day) == [("2026-01", 1), ("2026-02", 1), ("2026-03", 0)]
    # Twenty days without a meeting by 1 April: the cadence alert counts from the last session held by then.
    earlier = programme(sessions=(held(date(2026, 1, 20)), held(date(2026, 3, 1)), held(date(2026, 4, 20))))
    assert "cadence missed" in kinds(earlier, date(2026, 4, 10)) and "cadence missed" not in kinds(
        earlier, date(2026, 4, 25)
    )
    assert pair_statuses(earlier, date(2026, 4, 10))[0].last_session == date(2026, 3, 1)


def test_headline_and_pair_row() -> None:
    sheet = GoalSheet(1, "general", state=AGREED, cadence="monthly", goals=(
        Goal(1, "mentee", "a", status="achieved"), Goal(2, "mentor", "b", status="in progress"), Goal(3, "mentee", "c", status="dropped"),
    ))  # fmt: skip
    found = replace(
        programme(sessions=(held(date(2026, 1, 20)), held(date(2026, 2, 20), date(2026, 3, 20)),
                            Session(1, date(2026, 3, 1), "missed", reason="ill")), check_ins=ALL_CHECKED_IN[:2]),
        sheets={1: sheet},
    )  # fmt: skip
    numbers = headline(found, TODAY)
    assert (numbers.mentors.n, numbers.mentees.n, numbers.pairs_active.n, numbers.pairs_ended.n) == (1, 1, 1, 0)
    assert (numbers.sessions_held.n, numbers.sessions_expected.n, numbers.sheets_agreed.n) == (2, 2, 1)
    assert numbers.satisfaction.value == 4.0 and numbers.satisfaction.people == 1  # two answers, one person
    row = pair_statuses(found, TODAY)[0]
    assert (row.last_session, row.next_booked, row.sessions_held, row.sessions_expected) == (
        date(2026, 2, 20),
        date(2026, 3, 20),
        2,
        2,
    )
    # Only two of the check-ins due are in, so an overdue check-in makes the pair overdue: its worst alert.
    assert {a.severity for a in alerts(found, TODAY)} == {"overdue"}
    assert (row.goal_progress, row.status, row.symbol) == (0.75, "overdue", "!")
    assert goal_progress(None) is None


# The demo cohort tells the intended story.


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Programme:
    """The demo cohort with its sessions, read as a programme."""
    path: Path = tmp_path_factory.mktemp("demo") / "cohort.json"
    write_demo(path, today=TODAY)
    with CohortStore.open(path, read_only=True) as store:
        return load_programme(store)


def test_the_demo_has_pairs_on_track_overdue_and_at_risk_each_as_its_alerts_say(demo: Programme) -> None:
    found_alerts = alerts(demo, TODAY)
    rows = pair_statuses(demo, TODAY)
    assert {row.status for row in rows} == {"on track", "overdue", "at risk"}
    for row in rows:
        raised = {a.severity for a in found_alerts if a.pair_id == row.pair_id}
        assert row.status == ("at risk" if "at risk" in raised else "overdue" if "overdue" in raised else "on track")
    assert phase(demo, TODAY) == "meeting"
    found = {a.kind for a in alerts(demo, TODAY)}
    assert {"cadence missed", "low satisfaction", "low safety", "check-in overdue"} <= found
    assert "no first meeting" not in found and "not working" not in found
    numbers = headline(demo, TODAY)
    assert numbers.sessions_expected.n > 0 and numbers.sessions_held.n / numbers.sessions_expected.n >= 0.9
    assert {c.checkpoint for c in demo.check_ins} == {"week 4", "month 3"}
    assert any(s.status == "cancelled" for s in demo.sessions) and any(s.status == "missed" for s in demo.sessions)


@pytest.mark.parametrize("finished", [False, True], ids=["demo", "finished demo"])
def test_the_status_read_from_meetings_only_is_the_status_read_from_full_sessions(
    tmp_path: Path, finished: bool
) -> None:
    """The dashboard and ``rmtui status`` read only each session's meeting; every figure, row and alert is the same."""
    path = tmp_path / "cohort.json"
    write_demo(path, today=TODAY, finished=finished)
    with CohortStore.open(path, read_only=True) as store:
        # The meetings first: a full snapshot read before would serve the meetings-only read too.
        light, full = load_programme(store, sessions=False), load_programme(store)
    assert light.sessions == () and len(light.meetings) == len(full.sessions) > 0
    term = full.settings.term()
    # Before the term, in it (so later sessions are undone: as_of and the cut at today), at its end and after.
    for day in (term.start - timedelta(days=3), term.midpoint, TODAY, term.end, term.end + timedelta(days=40)):
        assert programme_status(light, day) == programme_status(full, day), day
        assert programme_status(light, day).to_json() == programme_status(full, day).to_json(), day
