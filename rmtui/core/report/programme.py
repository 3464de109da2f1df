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
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from itertools import groupby
from operator import attrgetter
from statistics import mean
from weakref import WeakKeyDictionary

from rmtui.core.goals import AGREED, GoalSheet, get_goal_sheet
from rmtui.core.matching import Pair, pairs_by_id
from rmtui.core.report.figures import (
    ANSWERS,
    PAIRS,
    PEOPLE,
    SESSIONS,
    Average,
    Count,
    Figure,
    Share,
    complement_of,
    figure,
)
from rmtui.core.roster import Participant, list_participants
from rmtui.core.sessions import (
    HELD,
    CheckIn,
    Logged,
    Meeting,
    Session,
    check_in_schedule,
    list_check_ins,
    list_meetings,
    list_sessions,
    load_checkpoints,
)
from rmtui.core.store import CADENCES, CohortSettings, CohortStore, Term, add_months

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
_GOAL_PROGRESS = {"not started": 0.0, "in progress": 0.5, "achieved": 1.0}
_PAIR_ID, _HELD_ON = attrgetter("pair_id"), attrgetter("held_on")


@dataclass(frozen=True, slots=True)
class Programme:
    """Everything the programme view needs, read from the cohort file once.

    ``sessions`` are the full records, which the evaluation reads; the status (``programme_status``) reads
    only each session's pair, day, status and booking, from ``meetings`` when they are given instead
    (``load_programme(store, sessions=False)``, for the dashboard and ``rmtui status``), else from ``sessions``.
    """

    settings: CohortSettings
    participants: tuple[Participant, ...]
    pairs: dict[int, Pair]
    sheets: dict[int, GoalSheet]
    sessions: tuple[Session, ...]
    check_ins: tuple[CheckIn, ...]
    checkpoints: tuple[str, ...]
    meetings: tuple[Meeting, ...] = ()
    # Worked out once from the fields above, so the per-pair and per-person loops stay linear.
    term: Term = field(init=False, repr=False, compare=False)
    schedule: tuple[tuple[str, date], ...] = field(init=False, repr=False, compare=False)
    names: dict[str, str] = field(init=False, repr=False, compare=False)
    sessions_of: dict[int, tuple[Logged, ...]] = field(init=False, repr=False, compare=False)
    held_of: dict[int, tuple[Logged, ...]] = field(init=False, repr=False, compare=False)
    first_met: dict[int, date] = field(init=False, repr=False, compare=False)
    last_session_on: date | None = field(init=False, repr=False, compare=False)
    latest_check_in: dict[str, CheckIn] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.sessions and self.meetings:
            raise ValueError("a programme takes its sessions or their meetings, not both")
        logged: Sequence[Logged] = self.meetings or self.sessions
        # Grouped by a stable sort and groupby, each pair's still oldest first: a third of the time of a loop
        # appending each of 30,000 sessions to its pair's list.
        by_pair = {pair_id: tuple(found) for pair_id, found in groupby(sorted(logged, key=_PAIR_ID), _PAIR_ID)}
        held = {
            pair_id: met
            for pair_id, found in by_pair.items()
            if (met := tuple(s for s in found if s.status == HELD))  # was_held, without a call for each session
        }
        object.__setattr__(self, "term", self.settings.term())
        object.__setattr__(self, "schedule", tuple(check_in_schedule(self.settings, self.checkpoints)))
        object.__setattr__(self, "names", {p.email: p.name for p in self.participants})
        object.__setattr__(self, "sessions_of", by_pair)
        object.__setattr__(self, "held_of", held)
        object.__setattr__(self, "first_met", {i: min(map(_HELD_ON, found)) for i, found in held.items()})
        object.__setattr__(self, "last_session_on", max(map(_HELD_ON, logged), default=None))
        latest = {c.email: c for c in sorted(self.check_ins, key=lambda c: c.done_on)}
        object.__setattr__(self, "latest_check_in", latest)


# The last snapshot read from each open store, with the store's count of writes then and whether it holds the full
# sessions. Every change to a cohort is a write of its file, so the report opened after the dashboard (or either
# opened again) reads it again only after one, or when it needs the full sessions and only the meetings were read.
_LAST_READ: WeakKeyDictionary[CohortStore, tuple[int, bool, Programme]] = WeakKeyDictionary()


def load_programme(store: CohortStore, *, sessions: bool = True) -> Programme:
    """Read the snapshot the programme view is computed from (the one read last, while nothing was written since).

    With ``sessions=False`` only the sessions' meetings need be read, which is all ``programme_status`` needs:
    the dashboard and ``rmtui status`` read so. The evaluation needs the full sessions."""
    written = store.write_count
    last = _LAST_READ.get(store)
    if last is not None and last[0] == written and (last[1] or not sessions):
        return last[2]
    programme = _read_programme(store, sessions=sessions)
    _LAST_READ[store] = written, sessions, programme
    return programme


def _read_programme(store: CohortStore, *, sessions: bool) -> Programme:
    pairs = pairs_by_id(store)
    sheets = {pair_id: sheet for pair_id in pairs if (sheet := get_goal_sheet(store, pair_id)) is not None}
    full, meetings = (tuple(list_sessions(store)), ()) if sessions else ((), tuple(list_meetings(store)))
    return Programme(
        store.settings(), tuple(list_participants(store)), pairs, sheets,
        full, tuple(list_check_ins(store)), load_checkpoints(store), meetings,
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


def timeline(settings: CohortSettings, today: date) -> Timeline:
    """The term's start, mid-point and end, with today."""
    term = settings.term()
    return Timeline(term.start, today, term.midpoint, term.end)


def phase(programme: Programme, today: date) -> str:
    """The phase the programme is in today (rules in the module docstring)."""
    end = programme.term.end
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


def expected_sessions(confirmed_on: date | None, until: date, every_days: int, first_met: date | None = None) -> int:
    """Meetings a pair should have held by ``until``: a first one within FIRST_MEETING_DAYS, then one per cadence.

    The cadence runs from the first meeting when the pair held it sooner: a pair that met at once and kept its
    cadence would otherwise read one meeting ahead ("5/4") for most of every cycle."""
    if not confirmed_on:
        return 0
    first_due = confirmed_on + timedelta(days=FIRST_MEETING_DAYS)
    days = (until - min(first_due, first_met or first_due)).days
    return 0 if days < 0 else 1 + days // every_days


def pair_expected(programme: Programme, pair_id: int, pair: Pair, today: date) -> int:
    """The meetings this pair's agreed cadence asks for by ``today`` (by the day it ended, or the term's end)."""
    until = pair_until(programme, pair, today)
    # A first meeting after ``until`` changes nothing: the count from it would start after ``until`` too.
    return expected_sessions(
        pair.confirmed_on, until, cadence_days(programme, pair_id), programme.first_met.get(pair_id)
    )


def pair_until(programme: Programme, pair: Pair, today: date) -> date:
    """The last day a pair's meetings count for: today, the day it ended, or the term's end, whichever is first."""
    return min(today, pair.ended_on or today, programme.term.end)


@dataclass(frozen=True, slots=True)
class Headline:
    """The figures every screen shows at the top, each with the distinct people behind it (``figures``)."""

    mentors: Count
    mentees: Count
    pairs_confirmed: Count
    pairs_active: Count
    pairs_ended: Count
    pairs_not_met: Count
    sessions_held: Count
    sessions_expected: Count
    sheets_agreed: Count
    satisfaction: Average
    check_ins_answered: Share

    def figures(self) -> list[Figure]:
        """The headline as named figures, for ``rmtui status --json`` and ``rmtui report --format json``."""
        return [
            figure("people.mentors", "Active mentors", PEOPLE, self.mentors),
            figure("people.mentees", "Active mentees", PEOPLE, self.mentees),
            figure("pairs.confirmed", "Pairs matched", PAIRS, self.pairs_confirmed),
            figure("pairs.active", "Pairs still active", PAIRS, self.pairs_active),
            figure("pairs.ended", "Pairs ended early", PAIRS, self.pairs_ended),
            figure("pairs.not_met", "Active pairs that have not met yet", PAIRS, self.pairs_not_met),
            figure("sessions.held", "Sessions held", SESSIONS, self.sessions_held),
            figure("sessions.expected", "Sessions the agreed cadences ask for so far", SESSIONS, self.sessions_expected),
            figure("goal_sheets.agreed", "Active pairs with an agreed goal sheet", PAIRS, self.sheets_agreed),
            figure("satisfaction.average", "Average satisfaction, each person's latest check-in", PEOPLE,
                   self.satisfaction),
            figure("check_ins.answered", "Check-ins answered, of those due", ANSWERS, self.check_ins_answered),
        ]  # fmt: skip


def _members(pair: Pair) -> tuple[str, str]:
    return pair.mentor, pair.mentee


def _paired_on(pair: Pair, day: date) -> bool:
    return (not pair.confirmed_on or pair.confirmed_on <= day) and (not pair.ended_on or pair.ended_on >= day)


def answers_due(programme: Programme, day: date) -> Share:
    """Check-in answers given, of those due: one per person, pair and point that came round while the pair ran.

    Every answer given counts as due too, so the answers in the reaction table add up to the first figure.
    An answer that names no pair (an older file) stands for that person's own due answer at that point."""
    due: set[tuple[str, int | None, str]] = set()
    for pair_id, pair in programme.pairs.items():
        for point, when in programme.schedule:
            if when <= day and _paired_on(pair, when):
                due.update((email, pair_id, point) for email in _members(pair))
    open_by_person: dict[tuple[str, str], list[tuple[str, int | None, str]]] = {}
    for key in sorted(due, key=lambda k: k[1] or 0):
        open_by_person.setdefault((key[0], key[2]), []).append(key)
    given: set[tuple[str, int | None, str]] = set()
    for c in programme.check_ins:
        if c.done_on > day:
            continue
        waiting = open_by_person.get((c.email, c.checkpoint), [])
        key = (c.email, c.pair_id, c.checkpoint)
        if c.pair_id is None:
            key = next((k for k in waiting if k not in given), key)
        given.add(key)
    return Share.of(((key in given, (key[0],)) for key in due | given), protected=False)


def headline(everything: Programme, today: date) -> Headline:
    """The headline figures as the programme stood at the end of ``today``: the one source every screen reads."""
    programme = as_of(everything, today)
    active = [p for p in programme.participants if p.is_active]
    pairs = programme.pairs
    expected = {i: pair_expected(programme, i, p, today) for i, p in pairs.items()}
    met = programme.held_of.keys()
    running = [(i, p) for i, p in pairs.items() if p.is_active]
    ended = [p for p in pairs.values() if not p.is_active]
    over = Count.of(_members(p) for p in ended)
    still = complement_of(over, Count.of((_members(p) for _, p in running), protected=False))
    latest = programme.latest_check_in
    return Headline(
        mentors=Count.of(((p.email,) for p in active if p.role == "mentor"), protected=False),
        mentees=Count.of(((p.email,) for p in active if p.role == "mentee"), protected=False),
        pairs_confirmed=Count.of((_members(p) for p in pairs.values()), protected=False),
        pairs_active=still,
        pairs_ended=over,
        pairs_not_met=Count.of((_members(p) for i, p in running if i not in met), protected=False),
        sessions_held=Count(
            sum(map(len, programme.held_of.values())),
            len({e for i in met if i in pairs for e in _members(pairs[i])}),
            False,
        ),
        sessions_expected=Count(
            sum(expected.values()), len({e for i, n in expected.items() if n for e in _members(pairs[i])}), False
        ),
        sheets_agreed=Count.of(
            (_members(p) for i, p in running if ever_agreed(programme.sheets.get(i))), protected=False
        ),
        satisfaction=Average.of((email, c.satisfaction) for email, c in latest.items()),
        check_ins_answered=answers_due(programme, today),
    )


def as_of(programme: Programme, day: date) -> Programme:
    """The programme as it stood at the end of ``day``: later sessions, answers, pairs and leavers undone."""
    if (
        all(not p.status_date or p.status_date <= day for p in programme.participants)
        and all((not p.confirmed_on or p.confirmed_on <= day) and (not p.ended_on or p.ended_on <= day)
                for p in programme.pairs.values())
        and (programme.last_session_on is None or programme.last_session_on <= day)
        and all(c.done_on <= day for c in programme.check_ins)
    ):  # fmt: skip
        return programme  # nothing happened after the day: the usual case, and no copy to make
    pairs = {
        pair_id: pair if not pair.ended_on or pair.ended_on <= day else replace(pair, status="active", ended_on=None)
        for pair_id, pair in programme.pairs.items()
        if not pair.confirmed_on or pair.confirmed_on <= day
    }
    people = tuple(
        replace(p, status="active", status_date=None) if p.status_date and p.status_date > day else p
        for p in programme.participants
    )
    return replace(
        programme, participants=people, pairs=pairs,
        sessions=tuple(s for s in programme.sessions if s.held_on <= day),
        meetings=tuple(m for m in programme.meetings if m.held_on <= day),
        check_ins=tuple(c for c in programme.check_ins if c.done_on <= day),
    )  # fmt: skip


# Not frozen, as Session is not: a frozen dataclass sets each field through object.__setattr__, which made
# building the 7,000 alerts of 2,000 people six times slower (12 ms against 2 ms). Nothing changes an alert.
@dataclass(slots=True)
class Alert:
    """Something the coordinator should act on, with the action that resolves it."""

    kind: str
    severity: str
    message: str
    action: str
    pair_id: int | None = None
    email: str | None = None


def _until(programme: Programme, sessions: tuple[Logged, ...], today: date) -> Sequence[Logged]:
    """The sessions held on or before ``today`` (all of them, with no pass over them, in the usual case)."""
    if programme.last_session_on is None or programme.last_session_on <= today:
        return sessions
    return [s for s in sessions if s.held_on <= today]


def _pair_alerts(programme: Programme, pair_id: int, pair: Pair, today: date) -> list[Alert]:
    names = programme.names
    who = f"{names.get(pair.mentor, pair.mentor)} & {names.get(pair.mentee, pair.mentee)}"
    confirmed = pair.confirmed_on or programme.settings.start_date
    held = _until(programme, programme.held_of.get(pair_id, ()), today)
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
    schedule = programme.schedule
    done = {(c.email, c.checkpoint): c for c in programme.check_ins}
    joined: dict[str, date] = {}  # when each person was first paired
    for pair in programme.pairs.values():
        for email in (pair.mentor, pair.mentee):
            day = pair.confirmed_on or programme.settings.start_date
            joined[email] = min(day, joined.get(email, day))
    # The points whose notice has begun by today, each with whether it is late: the same for everyone.
    # Their wording is written once here, not once for each of thousands of people.
    noticed = []
    for point, due in schedule:
        if today >= due - timedelta(days=CHECK_IN_NOTICE_DAYS):
            late = today > due + timedelta(days=CHECK_IN_LATE_DAYS)
            noticed.append((point, due, f"{point} check-in {'overdue since' if late else 'due'} {due}", late))
    alerts = []
    for pair_id, pair in programme.pairs.items():
        if not pair.is_active:
            continue
        for email in (pair.mentor, pair.mentee):
            name, first_paired = names.get(email, email), joined[email]
            for point, due, what, late in noticed:
                if (email, point) in done or due < first_paired:
                    continue
                alerts.append(Alert(
                    "check-in overdue" if late else "check-in due", OVERDUE if late else "due",
                    f"{name}: {what}", f"Send {name} the {point} check-in", pair_id, email,
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


def no_alerts_line(numbers: Headline) -> str:
    """What an empty alerts list means today, without claiming more than the figures say."""
    if waiting := numbers.pairs_not_met.n:
        return (
            f"No alerts yet: {waiting} active {'pair has' if waiting == 1 else 'pairs have'} not met, and none is"
            f" overdue (a first meeting is due within {FIRST_MEETING_DAYS} days of confirmation)."
        )
    if not numbers.pairs_confirmed.n:
        return "No alerts: no pair is confirmed yet."
    return "No alerts: every active pair is meeting and no check-in is due."


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
    """Average progress of an agreed sheet's goals (achieved 1, in progress ½); dropped goals don't count.

    A sheet never agreed has no goals yet, only proposals, so it has no progress either."""
    goals = sheet.goals if sheet and ever_agreed(sheet) else ()
    scores = [_GOAL_PROGRESS[g.status] for g in goals if g.status in _GOAL_PROGRESS]
    return mean(scores) if scores else None


def pair_statuses(programme: Programme, today: date, found: list[Alert] | None = None) -> list[PairStatus]:
    """A status row for each active pair, in pair order; pass ``found`` when the alerts are already at hand."""
    names, latest = programme.names, programme.latest_check_in
    # A pair's status is its worst alert, so the pairs table and the alerts never disagree.
    worst: dict[int | None, str] = {}
    for alert in alerts(programme, today) if found is None else found:
        if alert.severity in (AT_RISK, OVERDUE) and worst.get(alert.pair_id) != AT_RISK:
            worst[alert.pair_id] = alert.severity
    rows = []
    for pair_id, pair in programme.pairs.items():
        if not pair.is_active:
            continue
        logged = _until(programme, programme.sessions_of.get(pair_id, ()), today)
        held = _until(programme, programme.held_of.get(pair_id, ()), today)
        booked = [s.next_meeting for s in logged if s.next_meeting and s.next_meeting >= today]
        status = worst.get(pair_id, ON_TRACK)
        answers = [c for e in (pair.mentor, pair.mentee) if (c := latest.get(e))]
        newest = max(answers, key=lambda c: c.done_on) if answers else None
        every = cadence_days(programme, pair_id)
        rows.append(PairStatus(
            pair_id, names.get(pair.mentor, pair.mentor), names.get(pair.mentee, pair.mentee),
            held[-1].held_on if held else None, max(booked) if booked else None, len(held),
            pair_expected(programme, pair_id, pair, today), every,
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
    last = min(today, programme.term.end)
    months: Counter[tuple[int, int]] = Counter()
    # Counted by day first: far fewer keys to build than one (year, month) per session.
    by_day = Counter(s.held_on for found in programme.held_of.values() for s in _until(programme, found, today))
    for day, held in by_day.items():
        months[day.year, day.month] += held
    return [
        (f"{m.year:04d}-{m.month:02d}", months[m.year, m.month])
        for m in month_starts(programme.settings.start_date, last)
    ]
