"""Where the programme stands: timeline, phase, headline numbers, each pair's status and the alerts.

Everything here is a pure function of a ``Programme`` snapshot and ``today``, so the TUI, the
CLI and the tests get the same answers for a given day. ``load_programme`` reads the snapshot.

Phases, checked in this order:
- closed: more than EVALUATION_DAYS after the term's end;
- evaluating: from the term's end date until then;
- recruiting: no pair confirmed yet, and the active roster lacks a mentor or a mentee;
- matching: no pair confirmed yet, with both mentors and mentees on the roster;
- goal setting: within GOAL_SETTING_DAYS of the first confirmation, while an active pair has no agreed sheet;
- meeting: otherwise.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from statistics import mean

from rmtui.core.goals import AGREED, GoalSheet, get_goal_sheet
from rmtui.core.matching import Pair, pairs_by_id
from rmtui.core.roster import Participant, list_participants
from rmtui.core.sessions import CheckIn, Session, check_in_schedule, list_check_ins, list_sessions, load_checkpoints
from rmtui.core.store import CADENCES, CohortSettings, CohortStore, add_months

EVALUATION_DAYS = 30
GOAL_SETTING_DAYS = 21
FIRST_MEETING_DAYS = 14
CADENCE_GRACE_DAYS = 7
CHECK_IN_NOTICE_DAYS = 7
CHECK_IN_LATE_DAYS = 14
LOW_SCORE = 2
ON_TRACK, OVERDUE, AT_RISK = "on track", "overdue", "at risk"
# A symbol with each status, so the table reads without colour.
STATUS_SYMBOLS = {ON_TRACK: "✓", OVERDUE: "!", AT_RISK: "✗"}
# A pair's status is about meeting and how the partners feel; paperwork (sheets, check-ins) shows as alerts only.
AT_RISK_KINDS = {"low satisfaction", "low safety", "not working"}
OVERDUE_KINDS = {"no first meeting", "cadence missed"}
_GOAL_PROGRESS = {"not started": 0.0, "in progress": 0.5, "achieved": 1.0}


@dataclass(frozen=True, slots=True)
class Programme:
    """Everything the programme view needs, read from the cohort file once."""

    settings: CohortSettings
    participants: tuple[Participant, ...]
    pairs: dict[int, Pair]
    sheets: dict[int, GoalSheet]
    sessions: tuple[Session, ...]
    check_ins: tuple[CheckIn, ...]
    checkpoints: tuple[str, ...]
    # Worked out once from the fields above, so the per-pair and per-person loops stay linear.
    names: dict[str, str] = field(init=False, repr=False, compare=False)
    sessions_of: dict[int, tuple[Session, ...]] = field(init=False, repr=False, compare=False)
    latest_check_in: dict[str, CheckIn] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_pair: dict[int, list[Session]] = {}
        for session in self.sessions:
            by_pair.setdefault(session.pair_id, []).append(session)
        object.__setattr__(self, "names", {p.email: p.name for p in self.participants})
        object.__setattr__(self, "sessions_of", {pair_id: tuple(found) for pair_id, found in by_pair.items()})
        latest = {c.email: c for c in sorted(self.check_ins, key=lambda c: c.done_on)}
        object.__setattr__(self, "latest_check_in", latest)


def load_programme(store: CohortStore) -> Programme:
    """Read the snapshot the programme view is computed from."""
    pairs = pairs_by_id(store)
    sheets = {pair_id: sheet for pair_id in pairs if (sheet := get_goal_sheet(store, pair_id)) is not None}
    return Programme(
        store.settings(), tuple(list_participants(store)), pairs, sheets,
        tuple(list_sessions(store)), tuple(list_check_ins(store)), load_checkpoints(store),
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class Timeline:
    """The term's key dates and how far through it today is."""

    start: date
    today: date
    midpoint: date
    end: date

    @property
    def fraction(self) -> float:
        """How much of the term has passed, from 0 to 1."""
        total = (self.end - self.start).days
        return min(1.0, max(0.0, (self.today - self.start).days / total)) if total else 1.0


def term_end(settings: CohortSettings) -> date:
    """The evaluation date, as the cohort's term has it."""
    return settings.term().end


def timeline(settings: CohortSettings, today: date) -> Timeline:
    """The term's start, mid-point and end, with today."""
    term = settings.term()
    return Timeline(term.start, today, term.midpoint, term.end)


def phase(programme: Programme, today: date) -> str:
    """The phase the programme is in today (rules in the module docstring)."""
    end = term_end(programme.settings)
    if today > end + timedelta(days=EVALUATION_DAYS):
        return "closed"
    if today >= end:
        return "evaluating"
    confirmed = [p.confirmed_on for p in programme.pairs.values() if p.confirmed_on]
    if not confirmed:
        roles = {p.role for p in programme.participants if p.is_active}
        return "matching" if roles >= {"mentor", "mentee"} else "recruiting"
    unagreed = [i for i, p in programme.pairs.items() if p.is_active and not ever_agreed(programme.sheets.get(i))]
    return "goal setting" if unagreed and today <= min(confirmed) + timedelta(days=GOAL_SETTING_DAYS) else "meeting"


def ever_agreed(sheet: GoalSheet | None) -> bool:
    """Whether both partners have agreed the sheet, now or before a revision under way."""
    # A sheet being revised was agreed once, and its pair is working to that version.
    return sheet is not None and (sheet.state == AGREED or bool(sheet.earlier))


def cadence_days(programme: Programme, pair_id: int) -> int:
    """Days between meetings the pair agreed: its sheet's cadence, else the cohort's."""
    sheet = programme.sheets.get(pair_id)
    return CADENCES.get(sheet.cadence if sheet and sheet.cadence else programme.settings.cadence, CADENCES["monthly"])


def expected_sessions(confirmed_on: date | None, until: date, every_days: int) -> int:
    """Meetings a pair should have held by ``until``: a first one within FIRST_MEETING_DAYS, then one per cadence."""
    days = (until - confirmed_on).days - FIRST_MEETING_DAYS if confirmed_on else -1
    return 0 if days < 0 else 1 + days // every_days


def pair_until(programme: Programme, pair: Pair, today: date) -> date:
    """The last day a pair's meetings count for: today, the day it ended, or the term's end, whichever is first."""
    return min(today, pair.ended_on or today, term_end(programme.settings))


@dataclass(frozen=True, slots=True)
class Headline:
    """The numbers at the top of the status page."""

    mentors: int
    mentees: int
    pairs_active: int
    pairs_ended: int
    sessions_held: int
    sessions_expected: int
    sheets_agreed: int
    average_satisfaction: float | None


def headline(programme: Programme, today: date) -> Headline:
    """People, pairs, sessions held against expected, agreed sheets and average satisfaction."""
    active = [p for p in programme.participants if p.is_active]
    held = [s for s in programme.sessions if s.was_held and s.held_on <= today]
    expected = sum(
        expected_sessions(p.confirmed_on, pair_until(programme, p, today), cadence_days(programme, i))
        for i, p in programme.pairs.items()
    )
    satisfaction = [c.satisfaction for c in programme.latest_check_in.values()]
    return Headline(
        mentors=sum(p.role == "mentor" for p in active),
        mentees=sum(p.role == "mentee" for p in active),
        pairs_active=sum(p.is_active for p in programme.pairs.values()),
        pairs_ended=sum(not p.is_active for p in programme.pairs.values()),
        sessions_held=len(held),
        sessions_expected=expected,
        sheets_agreed=sum(ever_agreed(programme.sheets.get(i)) for i, p in programme.pairs.items() if p.is_active),
        average_satisfaction=round(mean(satisfaction), 1) if satisfaction else None,
    )


@dataclass(frozen=True, slots=True)
class Alert:
    """Something the coordinator should act on, with the action that resolves it."""

    kind: str
    severity: str
    message: str
    action: str
    pair_id: int | None = None
    email: str | None = None


def _pair_alerts(programme: Programme, pair_id: int, pair: Pair, today: date) -> list[Alert]:
    names = programme.names
    who = f"{names.get(pair.mentor, pair.mentor)} & {names.get(pair.mentee, pair.mentee)}"
    confirmed = pair.confirmed_on or programme.settings.start_date
    held = [s for s in programme.sessions_of.get(pair_id, ()) if s.was_held and s.held_on <= today]
    alerts = []
    if not held and (today - confirmed).days > FIRST_MEETING_DAYS:
        alerts.append(Alert(
            "no first meeting", OVERDUE, f"{who}: no first meeting {(today - confirmed).days} days after confirmation",
            f"Ask {names.get(pair.mentee, pair.mentee)} to book the first meeting this week", pair_id,
        ))  # fmt: skip
    every = cadence_days(programme, pair_id)
    if held and (gap := (today - held[-1].held_on).days) > every + CADENCE_GRACE_DAYS:
        alerts.append(Alert(
            "cadence missed", OVERDUE, f"{who}: last met {gap} days ago (agreed: every {every} days)",
            "Chase the pair to book their next meeting, or agree a cadence they can keep", pair_id,
        ))  # fmt: skip
    if not ever_agreed(programme.sheets.get(pair_id)) and (today - confirmed).days > GOAL_SETTING_DAYS:
        alerts.append(Alert(
            "no agreed goal sheet", OVERDUE, f"{who}: goal sheet not agreed {(today - confirmed).days} days after confirmation",
            "Ask the pair to finish and agree their goal sheet at their next meeting", pair_id,
        ))  # fmt: skip
    return alerts


def _check_in_alerts(programme: Programme, today: date) -> list[Alert]:
    names = programme.names
    schedule = check_in_schedule(programme.settings, programme.checkpoints)
    done = {(c.email, c.checkpoint): c for c in programme.check_ins}
    joined: dict[str, date] = {}  # when each person was first paired
    for pair in programme.pairs.values():
        for email in (pair.mentor, pair.mentee):
            day = pair.confirmed_on or programme.settings.start_date
            joined[email] = min(day, joined.get(email, day))
    alerts = []
    for pair_id, pair in programme.pairs.items():
        if not pair.is_active:
            continue
        for email in (pair.mentor, pair.mentee):
            for point, due in schedule:
                if (email, point) in done or due < joined[email] or today < due - timedelta(days=CHECK_IN_NOTICE_DAYS):
                    continue
                late = today > due + timedelta(days=CHECK_IN_LATE_DAYS)
                alerts.append(Alert(
                    "check-in overdue" if late else "check-in due", OVERDUE if late else "due",
                    f"{names.get(email, email)}: {point} check-in {'overdue since' if late else 'due'} {due}",
                    f"Send {names.get(email, email)} the {point} check-in", pair_id, email,
                ))  # fmt: skip
            alerts.extend(_answer_alerts(programme, pair_id, pair, email))
    return alerts


def _answer_alerts(programme: Programme, pair_id: int, pair: Pair, email: str) -> list[Alert]:
    latest = programme.latest_check_in.get(email)
    # An answer given before this pair was confirmed was about an earlier pair.
    if latest is None or (pair.confirmed_on and latest.done_on < pair.confirmed_on):
        return []
    name = programme.names.get(email, email)
    alerts = []
    if latest.satisfaction <= LOW_SCORE:
        alerts.append(Alert("low satisfaction", AT_RISK, f"{name}: satisfaction {latest.satisfaction}/5 at {latest.checkpoint}",
                            f"Talk to {name} privately about what would make the pairing work", pair_id, email))  # fmt: skip
    if latest.safety <= LOW_SCORE:
        alerts.append(Alert("low safety", AT_RISK, f"{name}: safety to speak {latest.safety}/5 at {latest.checkpoint}",
                            f"Talk to {name} privately; remind the pair of their confidentiality agreement", pair_id, email))  # fmt: skip
    if latest.fit == "not working":
        alerts.append(Alert("not working", AT_RISK, f"{name}: says the pairing is not working ({latest.checkpoint})",
                            "Meet both partners; end and rematch the pair if it cannot be fixed", pair_id, email))  # fmt: skip
    return alerts


def alerts(programme: Programme, today: date) -> list[Alert]:
    """Every alert for active pairs and their people, at-risk first."""
    found = [a for i, p in programme.pairs.items() if p.is_active for a in _pair_alerts(programme, i, p, today)]
    found += _check_in_alerts(programme, today)
    order = {AT_RISK: 0, OVERDUE: 1, "due": 2}
    return sorted(found, key=lambda a: (order[a.severity], a.pair_id or 0))


@dataclass(frozen=True, slots=True)
class PairStatus:
    """One row of the pairs table: meetings, goals, check-ins and overall status."""

    pair_id: int
    mentor: str
    mentee: str
    last_session: date | None
    next_booked: date | None
    sessions_held: int
    sessions_expected: int
    cadence_days: int
    goal_progress: float | None
    latest_satisfaction: int | None
    latest_check_in: date | None
    status: str

    @property
    def symbol(self) -> str:
        """The status's symbol, so it reads without colour."""
        return STATUS_SYMBOLS[self.status]


def goal_progress(sheet: GoalSheet | None) -> float | None:
    """Average progress of the sheet's goals from their statuses (achieved 1, in progress ½); dropped goals don't count."""
    scores = [_GOAL_PROGRESS[g.status] for g in (sheet.goals if sheet else ()) if g.status in _GOAL_PROGRESS]
    return mean(scores) if scores else None


def pair_statuses(programme: Programme, today: date, found: list[Alert] | None = None) -> list[PairStatus]:
    """A status row for each active pair, in pair order; pass ``found`` when the alerts are already at hand."""
    names, latest = programme.names, programme.latest_check_in
    kinds: dict[int | None, set[str]] = {}
    for alert in alerts(programme, today) if found is None else found:
        kinds.setdefault(alert.pair_id, set()).add(alert.kind)
    rows = []
    for pair_id, pair in programme.pairs.items():
        if not pair.is_active:
            continue
        logged = [s for s in programme.sessions_of.get(pair_id, ()) if s.held_on <= today]
        held = [s for s in logged if s.was_held]
        booked = [s.next_meeting for s in logged if s.next_meeting and s.next_meeting >= today]
        raised = kinds.get(pair_id, set())
        status = AT_RISK if raised & AT_RISK_KINDS else OVERDUE if raised & OVERDUE_KINDS else ON_TRACK
        answers = [c for e in (pair.mentor, pair.mentee) if (c := latest.get(e))]
        newest = max(answers, key=lambda c: c.done_on) if answers else None
        every = cadence_days(programme, pair_id)
        rows.append(PairStatus(
            pair_id, names.get(pair.mentor, pair.mentor), names.get(pair.mentee, pair.mentee),
            held[-1].held_on if held else None, max(booked) if booked else None, len(held),
            expected_sessions(pair.confirmed_on, pair_until(programme, pair, today), every), every,
            goal_progress(programme.sheets.get(pair_id)),
            min(c.satisfaction for c in answers) if answers else None, newest.done_on if newest else None, status,
        ))  # fmt: skip
    return rows


def month_starts(first: date, last: date) -> list[date]:
    """The first day of every month from ``first``'s month to ``last``'s, inclusive."""
    months, day = [], first.replace(day=1)
    while day <= last:
        months.append(day)
        day = add_months(day, 1)
    return months


def sessions_per_month(programme: Programme, today: date) -> list[tuple[str, int]]:
    """Sessions held in each month of the term so far, as ('2026-01', count), for a chart."""
    last = min(today, term_end(programme.settings))
    counts = Counter((s.held_on.year, s.held_on.month) for s in programme.sessions if s.was_held)
    return [
        (f"{m.year:04d}-{m.month:02d}", counts[m.year, m.month])
        for m in month_starts(programme.settings.start_date, last)
    ]
