"""``rmtui status``, ``rmtui export sessions`` and ``rmtui export calendar``, run on the demo cohort with its sessions."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from rmtui.cli.commands import Settings
from rmtui.cli.status import export_calendar, export_sessions, status
from rmtui.core.demo import DEMO_NOTE, write_demo
from rmtui.core.roster import list_participants
from rmtui.core.sessions import log_session
from rmtui.core.store import CohortStore

TODAY = date(2026, 3, 16)


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The demo cohort with its sessions, built once."""
    path = tmp_path_factory.mktemp("demo") / "cohort.json"
    write_demo(path, today=TODAY)
    return path.read_bytes()


@pytest.fixture
def db(tmp_path: Path, demo_file: bytes) -> Path:
    """A fresh copy of the demo cohort with sessions."""
    path = tmp_path / "cohort.json"
    path.write_bytes(demo_file)
    return path


def run(command: object, db: Path, *args: object) -> Result:
    """Invoke one command as the rmtui group would, with --db set."""
    return CliRunner().invoke(command, [str(a) for a in args], obj=Settings(db=db), catch_exceptions=False)


def test_at_80_columns_no_name_in_the_pairs_table_is_broken_inside_a_word(db: Path) -> None:
    result = run(status, db, "--as-of", "2026-03-16", "--width", "80")
    assert result.exit_code == 0, result.output
    pairs = result.output.split("\nPairs")[1].split("\nAlerts")[0]
    # The name columns: every column but the last six (dates, counts and status) of each row.
    cells = {cell.strip() for line in pairs.splitlines() if line.startswith("│") for cell in line.split("│")[1:-7]}
    with CohortStore.open(db, read_only=True) as store:
        names = {person.name for person in list_participants(store) if person.status == "active"}
    words = {word for name in names for word in name.split()}
    shown = {word for cell in cells for word in cell.split()}
    broken = {word for word in shown if word not in words and any(word in w and word != w for w in words)}
    assert not broken, broken
    assert max(len(line) for line in result.output.splitlines()) <= 80


def test_status_prints_the_timeline_numbers_pairs_and_alerts(db: Path) -> None:
    result = run(status, db, "--as-of", "2026-03-16", "--width", "200")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Start 2025-11-14 · mid-point 2026-02-12 · evaluation 2026-05-14" in out and "phase: meeting" in out
    assert "Sessions held / expected" in out and "59 of 63 (94%)" in out
    assert "✓ on track" in out and "! overdue" in out and "✗ at risk" in out
    assert "Chase the pair to book their next meeting" in out
    assert "Sessions held per month" in out and "2025-12" in out


def test_export_sessions_as_csv_and_json_holds_no_private_notes(db: Path, tmp_path: Path) -> None:
    assert DEMO_NOTE.encode() not in db.read_bytes()
    result = run(export_sessions, db)
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert len(rows) == 62 and rows[0]["mentor"].endswith("@harbourfinch.co.uk")
    assert {r["status"] for r in rows} == {"held", "cancelled", "missed"}
    assert DEMO_NOTE not in result.output and "notes" not in rows[0]
    target = tmp_path / "sessions.json"
    run(export_sessions, db, "--format", "json", "-o", target)
    exported = json.loads(target.read_text(encoding="utf-8"))
    assert len(exported) == 62 and DEMO_NOTE not in target.read_text(encoding="utf-8")


def test_csv_cells_are_neutralised_against_formulas(db: Path) -> None:
    with CohortStore.open(db, today=lambda: TODAY) as store:
        log_session(
            store, 1, {"held_on": "2026-03-16", "minutes": 30, "place": "remote", "topics": ['=HYPERLINK("x")']}
        )
    rows = list(csv.DictReader(io.StringIO(run(export_sessions, db).output)))
    assert rows[-1]["topics"] == '\'=HYPERLINK("x")'


def test_export_calendar_writes_one_event_per_booked_meeting_with_stable_uids(db: Path, tmp_path: Path) -> None:
    from icalendar import Calendar

    first, second = tmp_path / "a.ics", tmp_path / "b.ics"
    assert run(export_calendar, db, "-o", first, "--as-of", "2026-03-16", "--include-past").exit_code == 0
    run(export_calendar, db, "-o", second, "--as-of", "2026-03-16", "--include-past")
    assert first.read_bytes() == second.read_bytes()
    events = Calendar.from_ical(first.read_bytes()).walk("VEVENT")
    uids = [str(event["uid"]) for event in events]
    assert len(uids) == len(set(uids)) > 15
    assert uids[0].startswith("booking") and ".pair1." in uids[0]
    ended_pair = [e for e in events if ".pair5." in str(e["uid"]) and e.decoded("dtstart") > date(2026, 3, 16)]
    assert all(str(e["status"]) == "CANCELLED" for e in ended_pair)  # the ended pair meets no more
    assert str(events[0]["summary"]).startswith("Reverse mentoring: ")
    run(export_calendar, db, "-o", second, "--as-of", "2026-03-16")
    upcoming = Calendar.from_ical(second.read_bytes()).walk("VEVENT")
    assert 0 < len(upcoming) < len(events)
    assert all(e.decoded("dtstart") >= date(2026, 3, 16) for e in upcoming)


def test_status_on_a_missing_file_fails_cleanly(tmp_path: Path) -> None:
    result = CliRunner().invoke(status, [], obj=Settings(db=tmp_path / "none.json"))
    assert result.exit_code != 0 and "does not exist" in str(result.exception)
