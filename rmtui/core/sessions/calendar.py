"""Booked meetings as an iCalendar file (RFC 5545) that calendar clients keep up to date on each re-import.

A booking is the next meeting a session records. Its UID names the session that booked it, the pair and the
cohort's random id, never its date, so a client updates the one event however often it moves:

- a cancelled meeting logged on or before the booked day with a new next meeting moves the booking (SEQUENCE + 1);
- one logged with no new meeting cancels it (STATUS:CANCELLED, SEQUENCE + 1), and so does the pair ending first;
- a meeting held or missed on the booked day settles it; one held earlier settles it moved to that day, unless
  it books the same day again (an extra meeting, and the booking stands);
- a session after the booked day settles the booking as it was; its own next meeting is a new booking.

DTSTAMP is when the record behind the latest change was saved; records from before rmtui kept that time give
their day at midnight UTC.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from rmtui.core.errors import RmtuiError
from rmtui.core.sessions.log import CANCELLED, Session, list_sessions
from rmtui.core.store import CohortSettings, CohortStore

MEETING_LENGTH = timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class Booking:
    """One booked meeting of a pair, as it stands after every change logged since it was booked."""

    booked_by: int  # the session that booked it: with the pair and the cohort id, its UID
    pair_id: int
    mentor: str
    mentee: str
    day: date
    changed_at: datetime
    time_of_day: str = ""
    sequence: int = 0
    cancelled: bool = False


def _saved_at(session: Session) -> datetime:
    if session.logged_at:
        return datetime.fromisoformat(session.logged_at).astimezone(UTC)
    return datetime.combine(session.held_on, time(), tzinfo=UTC)


def _changed(booking: Booking, session: Session, **changes: object) -> Booking:
    return replace(booking, sequence=booking.sequence + 1, changed_at=_saved_at(session), **changes)  # type: ignore[arg-type]


def _after(booking: Booking, session: Session) -> tuple[Booking | None, Booking | None]:
    """What a session logged on or before a booked day does to it: (the booking if still open, the booking settled)."""
    if session.status == CANCELLED and session.next_meeting:
        return _changed(booking, session, day=session.next_meeting, time_of_day=session.next_meeting_time), None
    if session.status == CANCELLED:
        return None, _changed(booking, session, cancelled=True)
    if session.held_on == booking.day:
        return None, booking
    if (session.next_meeting, session.next_meeting_time) == (booking.day, booking.time_of_day):
        return booking, None  # an extra meeting before the booked one, which still stands
    # Held (or missed) before the booked day: the booked meeting came forward.
    return None, _changed(booking, session, day=session.held_on, time_of_day="")


def pair_bookings(
    sessions: list[Session], pair_id: int, names: tuple[str, str], ended_on: date | None
) -> list[Booking]:
    """Every booking of one pair, in the order booked, from its sessions oldest first."""
    settled: list[Booking] = []
    open_booking: Booking | None = None
    for session in sessions:
        if open_booking is not None:
            if session.held_on > open_booking.day:
                settled.append(open_booking)  # its day passed without a record of it
                open_booking = None
            else:
                open_booking, done = _after(open_booking, session)
                settled += [done] if done else []
                if open_booking is not None:
                    continue
                if session.status == CANCELLED:
                    continue  # a cancellation books nothing new
        if session.next_meeting:
            open_booking = Booking(
                session.session_id, pair_id, *names, session.next_meeting, _saved_at(session), session.next_meeting_time
            )
    if open_booking and ended_on and open_booking.day > ended_on:
        ended = datetime.combine(ended_on, time(), tzinfo=UTC)
        open_booking = replace(open_booking, sequence=open_booking.sequence + 1, changed_at=ended, cancelled=True)
    return settled + ([open_booking] if open_booking else [])


def booked_meetings(store: CohortStore) -> list[Booking]:
    """Every booking of every pair, by pair and then in the order booked."""
    from rmtui.core.matching import pairs_by_id
    from rmtui.core.roster import list_participants

    names = {p.email: p.name for p in list_participants(store)}
    sessions = list_sessions(store)
    found: list[Booking] = []
    for pair_id, pair in sorted(pairs_by_id(store).items()):
        mine = [s for s in sessions if s.pair_id == pair_id]
        pair_names = (names.get(pair.mentor, pair.mentor), names.get(pair.mentee, pair.mentee))
        found += pair_bookings(mine, pair_id, pair_names, pair.ended_on)
    return found


def time_zone(name: str) -> ZoneInfo:
    """The IANA time zone called ``name``; RmtuiError naming an example when there is none."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise RmtuiError(f"'{name}' is not a time zone; give one like Europe/London or America/New_York.") from None


def calendar_ics(
    cohort: CohortSettings, bookings: list[Booking], today: date, *, include_past: bool = False, zone: str = "UTC"
) -> bytes:
    """The bookings as iCalendar events: timed in ``zone`` (with its VTIMEZONE) when a time was booked, else all-day."""
    from icalendar import Calendar, Event, vText

    tz = time_zone(zone)
    calendar = Calendar()
    calendar.add("prodid", "-//rmtui//reverse mentoring//EN")
    calendar.add("version", "2.0")
    # icalendar escapes the TEXT properties it knows (commas, semicolons, backslashes); an X- property it writes
    # as given unless told it is TEXT, and "Harbour, Finch; & Co" was read as "Harbour".
    calendar.add("x-wr-calname", vText(cohort.name))
    for booking in bookings:
        if booking.day < today and not include_past:
            continue
        event = Event()
        event.add("uid", f"booking{booking.booked_by}.pair{booking.pair_id}.{cohort.cohort_id}@rmtui")
        event.add("dtstamp", booking.changed_at)
        event.add("sequence", booking.sequence)
        if booking.time_of_day:
            hour, minute = map(int, booking.time_of_day.split(":"))
            start = datetime.combine(booking.day, time(hour, minute), tzinfo=tz)
            event.add("dtstart", start)
            event.add("dtend", start + MEETING_LENGTH)
        else:
            event.add("dtstart", booking.day)
            event.add("dtend", booking.day + timedelta(days=1))
        event.add("status", "CANCELLED" if booking.cancelled else "CONFIRMED")
        event.add("summary", f"Reverse mentoring: {booking.mentor} & {booking.mentee}")
        event.add(
            "description", f"The next meeting {booking.mentee} and {booking.mentor} booked. Log it in rmtui afterwards."
        )
        calendar.add_component(event)
    calendar.add_missing_timezones()
    ical: bytes = calendar.to_ical()
    return ical
