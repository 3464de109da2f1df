"""The calendar export, read back with vobject: a parser rmtui does not write with (it writes with icalendar)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import vobject
from click.testing import Result

from rmtui.core.demo import write_demo
from rmtui.core.sessions import Session
from rmtui.core.sessions.calendar import Booking, calendar_ics, pair_bookings
from rmtui.core.store import CohortSettings

NAMES = ("Ana Silva", "Ben Okafor")
COHORT = CohortSettings("Harbour, Finch; & Co\\", date(2026, 3, 1), cohort_id="0123456789abcdef")


def held(
    session_id: int, day: date, booked: date | None, *, status: str = "held", at: str = "", **more: str
) -> Session:
    """A session of pair 1 that books its next meeting."""
    return Session(1, day, status, next_meeting=booked, session_id=session_id, logged_at=at, **more)  # type: ignore[arg-type]


def events(ics: bytes) -> list[vobject.base.Component]:
    """The VEVENTs of an iCalendar file, parsed by vobject."""
    return list(vobject.readOne(ics.decode("utf-8")).vevent_list) if b"VEVENT" in ics else []


def test_a_rescheduled_meeting_keeps_its_uid_with_a_higher_sequence_and_the_real_change_time() -> None:
    sessions = [
        held(1, date(2026, 3, 2), date(2026, 4, 1), at="2026-03-02T17:05:00+00:00"),
        held(2, date(2026, 4, 1), date(2026, 4, 8), status="cancelled", reason="ill", at="2026-03-30T09:41:12+00:00"),
    ]
    [booking] = pair_bookings(sessions, 1, NAMES, None)
    [event] = events(calendar_ics(COHORT, [booking], date(2026, 3, 31)))
    assert event.uid.value == "booking1.pair1.0123456789abcdef@rmtui"
    assert event.dtstart.value == date(2026, 4, 8)
    assert int(event.sequence.value) == 1
    assert event.dtstamp.value == datetime(2026, 3, 30, 9, 41, 12, tzinfo=UTC)
    assert event.status.value == "CONFIRMED"


def test_a_cancelled_meeting_stays_with_status_cancelled_and_a_higher_sequence() -> None:
    sessions = [
        held(1, date(2026, 3, 2), date(2026, 4, 1), at="2026-03-02T17:05:00+00:00"),
        held(2, date(2026, 4, 1), None, status="cancelled", reason="ill", at="2026-03-31T08:00:00+00:00"),
    ]
    before = events(calendar_ics(COHORT, pair_bookings(sessions[:1], 1, NAMES, None), date(2026, 3, 31)))
    after = events(calendar_ics(COHORT, pair_bookings(sessions, 1, NAMES, None), date(2026, 3, 31)))
    assert [e.uid.value for e in after] == [e.uid.value for e in before]
    assert [e.status.value for e in after] == ["CANCELLED"]
    assert int(after[0].sequence.value) > int(before[0].sequence.value)


def test_a_meeting_booked_beyond_the_pairs_end_is_cancelled() -> None:
    [booking] = pair_bookings([held(1, date(2026, 3, 2), date(2026, 4, 1))], 1, NAMES, date(2026, 3, 20))
    assert booking.cancelled and booking.sequence == 1
    assert booking.changed_at == datetime(2026, 3, 20, tzinfo=UTC)


def test_each_meeting_held_then_booked_again_is_its_own_event() -> None:
    sessions = [held(1, date(2026, 3, 2), date(2026, 4, 1)), held(2, date(2026, 4, 1), date(2026, 5, 4))]
    bookings = pair_bookings(sessions, 1, NAMES, None)
    assert [(b.booked_by, b.day, b.sequence) for b in bookings] == [(1, date(2026, 4, 1), 0), (2, date(2026, 5, 4), 0)]
    found = events(calendar_ics(COHORT, bookings, date(2026, 4, 2)))
    assert [e.dtstart.value for e in found] == [date(2026, 5, 4)]  # the past one is left out
    found = events(calendar_ics(COHORT, bookings, date(2026, 4, 2), include_past=True))
    assert [e.dtstart.value for e in found] == [date(2026, 4, 1), date(2026, 5, 4)]


def test_text_is_escaped_including_the_calendar_name() -> None:
    odd = ("Zoë, the; \\second", 'Ben "B" Okafor')
    booking = Booking(1, 1, *odd, date(2026, 4, 1), datetime(2026, 3, 2, tzinfo=UTC))
    calendar = vobject.readOne(calendar_ics(COHORT, [booking], date(2026, 3, 2)).decode("utf-8"))
    assert calendar.x_wr_calname.value == "Harbour, Finch; & Co\\"
    assert calendar.vevent.summary.value == 'Reverse mentoring: Zoë, the; \\second & Ben "B" Okafor'


def test_a_booked_time_of_day_is_a_timed_event_in_the_cohorts_time_zone() -> None:
    session = Session(1, date(2026, 3, 2), next_meeting=date(2026, 7, 1), next_meeting_time="14:30", session_id=1)
    [booking] = pair_bookings([session], 1, NAMES, None)
    ics = calendar_ics(COHORT, [booking], date(2026, 3, 2), zone="Europe/London")
    calendar = vobject.readOne(ics.decode("utf-8"))
    assert calendar.vtimezone.tzid.value == "Europe/London"
    start = calendar.vevent.dtstart.value
    assert start.astimezone(UTC) == datetime(2026, 7, 1, 13, 30, tzinfo=UTC)  # 14:30 BST
    assert start.replace(tzinfo=None) == datetime.combine(date(2026, 7, 1), time(14, 30))
    assert calendar.vevent.dtend.value.astimezone(ZoneInfo("Europe/London")).hour == 15
    all_day = Session(1, date(2026, 3, 2), next_meeting=date(2026, 7, 1), session_id=1)
    plain = vobject.readOne(calendar_ics(COHORT, pair_bookings([all_day], 1, NAMES, None), date(2026, 3, 2)).decode())
    assert plain.vevent.dtstart.value == date(2026, 7, 1)


def test_a_next_meeting_with_a_time_is_read_from_the_session_form() -> None:
    from rmtui.core.sessions import parse_session

    fields = {"held_on": "2026-03-02", "minutes": "60", "place": "remote", "next_meeting": "2026-04-01 9:05"}
    session = parse_session(fields, pair_id=1, today=date(2026, 3, 2))
    assert (session.next_meeting, session.next_meeting_time) == (date(2026, 4, 1), "09:05")
    with pytest.raises(Exception, match="no such time of day"):
        parse_session({**fields, "next_meeting": "2026-04-01 25:00"}, pair_id=1, today=date(2026, 3, 2))


def test_two_demo_cohorts_share_no_uid(tmp_path: Path, today: date, rmtui: Callable[..., Result]) -> None:
    uids = []
    for name in ("one.json", "two.json"):
        write_demo(tmp_path / name, today=today)
        result = rmtui("--db", tmp_path / name, "export", "calendar", "--include-past", "-o", tmp_path / f"{name}.ics")
        assert result.exit_code == 0, result.output
        found = events((tmp_path / f"{name}.ics").read_bytes())
        assert found and len({e.uid.value for e in found}) == len(found)
        uids.append({e.uid.value for e in found})
    assert uids[0].isdisjoint(uids[1])


def test_a_cohort_from_before_cohort_ids_gets_one_on_first_open_and_keeps_it(
    tmp_path: Path, today: date, rmtui: Callable[..., Result]
) -> None:
    path = tmp_path / "old.json"
    write_demo(path, today=today)
    tables = json.loads(path.read_text(encoding="utf-8"))
    del tables["cohort"]["1"]["cohort_id"]
    tables["_meta"]["1"]["schema_version"] = 1
    path.write_text(json.dumps(tables), encoding="utf-8")
    first, second = tmp_path / "1.ics", tmp_path / "2.ics"
    assert rmtui("--db", path, "export", "calendar", "-o", first).exit_code == 0
    stored = json.loads(path.read_text(encoding="utf-8"))["cohort"]["1"]["cohort_id"]
    assert len(stored) == 16
    assert rmtui("--db", path, "export", "calendar", "-o", second).exit_code == 0
    assert {e.uid.value for e in events(first.read_bytes())} == {e.uid.value for e in events(second.read_bytes())}
    assert all(stored in e.uid.value for e in events(first.read_bytes()))


def test_the_calendar_needs_an_ics_ending(demo_path: Path, tmp_path: Path, rmtui: Callable[..., Result]) -> None:
    result = rmtui("--db", demo_path, "export", "calendar", "-o", tmp_path / "c.csv")
    assert result.exit_code == 1
    assert "c.csv: rmtui cannot write the calendar as a .csv file; end the file name in .ics." in result.output


def test_the_cohorts_time_zone_is_validated_and_kept() -> None:
    from rmtui.core.errors import ValidationError
    from rmtui.core.store import parse_settings

    assert parse_settings({"time_zone": " Europe/London "}, COHORT).time_zone == "Europe/London"
    assert parse_settings({"time_zone": ""}, COHORT).time_zone == "UTC"
    for bad in ("Mars/Olympus_Mons", "../../etc/passwd"):
        with pytest.raises(ValidationError) as caught:
            parse_settings({"time_zone": bad}, COHORT)
        assert "is not a time zone; use one like Europe/London" in (caught.value.for_field("time_zone") or "")
    kept = CohortSettings.from_doc(parse_settings({"time_zone": "Asia/Tokyo"}, COHORT).to_doc())
    assert (kept.time_zone, kept.cohort_id) == ("Asia/Tokyo", COHORT.cohort_id)
