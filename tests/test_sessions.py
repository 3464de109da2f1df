"""The session log: validation, quick-entry defaults, topics, and the confidentiality of private notes."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from rmtui.core.access import access_status, reset_pair_passphrase, unlock_pair
from rmtui.core.demo import enrol
from rmtui.core.errors import RmtuiError, ValidationError
from rmtui.core.goals import add_goal, start_goal_sheet, update_goal_sheet
from rmtui.core.matching import Pair
from rmtui.core.sessions import (
    TYPICAL_TOPICS,
    export_rows,
    get_session,
    list_sessions,
    log_session,
    parse_session,
    place_of,
    read_session_notes,
    remove_session,
    session_defaults,
    sessions_to_csv,
    topic_list,
)
from rmtui.core.store import PAIRS, SESSIONS, CohortStore, list_backups

TODAY = date(2026, 3, 16)
CONFIRMED = date(2026, 1, 5)
MARKER = "MARKER-confidential-7f3a"
PASSPHRASE = "tea under the crooked lighthouse"
GOOD = {"held_on": "2026-03-10", "minutes": "60", "place": "off site", "topics": ["technology in use"],
        "mentee_rating": 5, "mentor_rating": "4", "mentee_safety": 4, "mentor_safety": 5, "next_meeting": "2026-04-10"}  # fmt: skip


@pytest.fixture
def store(tmp_path: Path) -> Iterator[CohortStore]:
    """A cohort with two pairs confirmed on 5 January, on the fixed clock."""
    opened = CohortStore.open(tmp_path / "cohort.json", today=lambda: TODAY)
    opened.table(PAIRS).insert_multiple(
        Pair(f"mentor{n}@x.org", f"mentee{n}@x.org", confirmed_on=CONFIRMED).to_doc() for n in (1, 2)
    )
    yield opened
    opened.close()


def errors_of(fields: dict[str, object], **options: object) -> dict[str, str]:
    """Each field's error message for these typed-in values."""
    with pytest.raises(ValidationError) as raised:
        parse_session(fields, pair_id=1, today=TODAY, confirmed_on=CONFIRMED, **options)
    return {error.field: error.message for error in raised.value.errors}


def test_a_held_session_is_saved_and_read_back(store: CohortStore) -> None:
    session = log_session(store, 1, GOOD)
    assert session.session_id == 1
    assert get_session(store, 1) == session
    assert (session.minutes, session.place, session.mentor_rating, session.next_meeting) == (
        60,
        "off site",
        4,
        date(2026, 4, 10),
    )
    assert list_sessions(store, 2) == []


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"held_on": "2026-02-30"}, "held_on", "is not a date"),
        ({"held_on": ""}, "held_on", "is required"),
        ({"held_on": "2026-03-17"}, "held_on", "is after today"),
        ({"held_on": "2026-01-04"}, "held_on", "before the pair was confirmed"),
        ({"minutes": "0"}, "minutes", "from 1 to 600"),
        ({"minutes": "601"}, "minutes", "from 1 to 600"),
        ({"minutes": "an hour"}, "minutes", "from 1 to 600"),
        ({"place": "the moon"}, "place", "on site, off site, remote"),
        ({"mentee_rating": "6"}, "mentee_rating", "from 1"),
        ({"mentor_rating": "0"}, "mentor_rating", "from 1"),
        ({"mentee_safety": "4.5"}, "mentee_safety", "from 1"),
        ({"next_meeting": "2026-03-09"}, "next_meeting", "must not be before this session"),
        ({"status": "postponed"}, "status", "held, cancelled, missed"),
    ],
)
def test_each_invalid_field_is_named_with_its_fix(change: dict[str, object], field: str, words: str) -> None:
    assert words in errors_of({**GOOD, **change})[field]


def test_boundaries_are_accepted() -> None:
    for minutes in ("1", "600"):
        assert parse_session({**GOOD, "minutes": minutes}, pair_id=1, today=TODAY).minutes == int(minutes)
    same_day = parse_session({**GOOD, "next_meeting": GOOD["held_on"]}, pair_id=1, today=TODAY)
    assert same_day.next_meeting == same_day.held_on
    blank = parse_session({**GOOD, "mentee_rating": "", "next_meeting": ""}, pair_id=1, today=TODAY)
    assert blank.mentee_rating is None and blank.next_meeting is None


def test_a_session_after_the_pair_ended_is_refused() -> None:
    assert "after the pair ended" in errors_of(GOOD, ended_on=date(2026, 3, 1))["held_on"]


def test_cancelled_and_missed_meetings_need_a_reason_and_keep_no_details(store: CohortStore) -> None:
    assert "is required" in errors_of({"held_on": "2026-03-10", "status": "missed"})["reason"]
    missed = log_session(store, 1, {**GOOD, "status": "missed", "reason": "mentee ill"})
    assert (missed.status, missed.reason, missed.minutes, missed.topics, missed.mentee_rating) == (
        "missed",
        "mentee ill",
        None,
        (),
        None,
    )
    # A cancelled meeting may be logged ahead of its date.
    cancelled = log_session(store, 2, {"held_on": "2026-03-20", "status": "cancelled", "reason": "travel"})
    assert cancelled.held_on == date(2026, 3, 20)


def test_topics_take_the_list_spelling(store: CohortStore) -> None:
    assert topic_list(store) == TYPICAL_TOPICS
    session = log_session(store, 1, {**GOOD, "topics": "TECHNOLOGY IN USE; a typed topic"})
    assert session.topics == ("technology in use", "a typed topic")


def test_goal_progress_names_goals_on_the_pairs_sheet(store: CohortStore) -> None:
    start_goal_sheet(store, 1)
    goal = add_goal(store, 1, "mentee", {"title": "Use the team chat"})
    session = log_session(store, 1, {**GOOD, "goal_progress": {goal.goal_id: "posted twice", 99: ""}})
    assert session.goal_progress == ((goal.goal_id, "posted twice"),)
    with pytest.raises(ValidationError, match=r"goal_progress\[99\]"):
        log_session(store, 1, {**GOOD, "goal_progress": {99: "no such goal"}})


def test_defaults_carry_over_the_agreed_place_the_last_length_and_topics(store: CohortStore) -> None:
    assert session_defaults(store, 1) == {
        "held_on": "2026-03-16",
        "status": "held",
        "minutes": 60,
        "place": "",
        "topics": [],
    }
    log_session(store, 1, {**GOOD, "minutes": 45, "place": "remote", "topics": ["communication styles"]})
    assert session_defaults(store, 1)["place"] == "remote"
    start_goal_sheet(store, 1)
    update_goal_sheet(store, 1, {"place": "Off-site: the café on Quay Street"})
    defaults = session_defaults(store, 1)
    assert (defaults["minutes"], defaults["place"], defaults["topics"]) == (45, "off site", ["communication styles"])


def test_place_of_reads_typed_places() -> None:
    assert [place_of(t) for t in ("off site: café", "On site", "online call", "somewhere")] == [
        "off site",
        "on site",
        "remote",
        "",
    ]


def test_private_notes_are_sealed_and_never_reach_the_file_or_its_backups(store: CohortStore) -> None:
    key = enrol(store, 1, PASSPHRASE)
    session = log_session(store, 1, GOOD, key=key, notes=MARKER)
    assert MARKER.encode() not in store.path.read_bytes()
    store.close()
    reopened = CohortStore.open(store.path, today=lambda: TODAY)  # opening backs the file up
    try:
        assert list_backups(reopened.path)
        assert all(MARKER.encode() not in backup.read_bytes() for backup in list_backups(reopened.path))
        assert MARKER not in str(export_rows(reopened)) and MARKER not in sessions_to_csv(export_rows(reopened))
        key = unlock_pair(reopened, 1, PASSPHRASE)
        assert read_session_notes(reopened, key, session.session_id) == MARKER
        # A reset deletes the notes with the passphrase, and keeps the session.
        reset_pair_passphrase(reopened, 1)
        assert get_session(reopened, session.session_id) == session
        assert MARKER.encode() not in reopened.path.read_bytes()
    finally:
        reopened.close()


def test_notes_need_the_pairs_own_key_and_never_come_from_the_coordinator(store: CohortStore) -> None:
    key = enrol(store, 1, PASSPHRASE)
    with pytest.raises(ValidationError, match="logged by the coordinator has none"):
        log_session(store, 1, GOOD, logged_by="coordinator", key=key, notes="x")
    with pytest.raises(RmtuiError, match="unlock the pair"):
        log_session(store, 1, GOOD, notes="x")
    with pytest.raises(RmtuiError, match="unlock the pair"):
        log_session(store, 2, GOOD, key=key, notes="x")
    assert list_sessions(store) == []
    by_coordinator = log_session(store, 2, GOOD, logged_by="coordinator")
    assert by_coordinator.logged_by == "coordinator"
    with pytest.raises(RmtuiError, match="another pair"):
        read_session_notes(store, key, by_coordinator.session_id)


def test_removing_a_session_removes_its_sealed_notes(store: CohortStore) -> None:
    key = enrol(store, 1, PASSPHRASE)
    session = log_session(store, 1, GOOD, key=key, notes=MARKER)
    assert f"session_notes.{session.session_id}" in access_status(store, 1).sealed_slots
    remove_session(store, session.session_id, key)
    assert access_status(store, 1).sealed_slots == ()
    with pytest.raises(RmtuiError, match="no session"):
        get_session(store, session.session_id)


def test_a_session_is_one_write(store: CohortStore) -> None:
    key = enrol(store, 1, PASSPHRASE)
    before = store.write_count
    log_session(store, 1, GOOD, key=key, notes=MARKER)
    assert store.write_count == before + 1
    assert get_session(store, 1).held_on == TODAY - timedelta(days=6)


def test_the_log_reads_each_session_as_written_a_moment_ago_oldest_first(store: CohortStore, tmp_path: Path) -> None:
    start_goal_sheet(store, 1)
    goal_id = add_goal(store, 1, "mentee", {"title": "Learn the team's tools"}).goal_id
    later = log_session(store, 1, {**GOOD, "goal_progress": {str(goal_id): "Tried two of them"},
                                   "next_meeting": "2026-04-10 14:30"})  # fmt: skip
    assert list_sessions(store) == [later]  # read straight after the write, every field as saved
    earlier = log_session(store, 2, {**GOOD, "held_on": "2026-03-01", "status": "cancelled", "reason": "travelling"})
    same_day = log_session(store, 1, {**GOOD, "mentee_rating": "", "topics": []}, logged_by="coordinator")
    assert list_sessions(store) == [earlier, later, same_day]  # by date, then in the order logged
    assert later.goal_progress == ((goal_id, "Tried two of them"),) and later.next_meeting_time == "14:30"
    assert later.logged_at and same_day.logged_by == "coordinator" and same_day.mentee_rating is None
    with CohortStore.open(tmp_path / "cohort.json", read_only=True) as reader:
        assert list_sessions(reader) == [earlier, later, same_day]  # and from the file, by another reader


def log_then_fail(store: CohortStore, pair_id: int, before_failing: Callable[[], object] = lambda: None) -> None:
    """Log a session in a batch that then fails, so the session is undone."""
    with store.batch():
        log_session(store, pair_id, GOOD)
        before_failing()
        raise RuntimeError("the save failed")


def test_a_session_undone_with_its_batch_is_never_read(store: CohortStore) -> None:
    kept = log_session(store, 1, GOOD)
    with pytest.raises(RuntimeError, match="save failed"):
        log_then_fail(store, 2)
    assert list_sessions(store) == [kept]


def test_a_reader_waits_for_a_batch_under_way_rather_than_read_half_of_it(store: CohortStore) -> None:
    inside, finish, seen, failed = threading.Event(), threading.Event(), [], []

    def failing_save() -> None:
        try:
            log_then_fail(store, 1, lambda: (inside.set(), finish.wait(timeout=10)))
        except RuntimeError as error:
            failed.append(str(error))

    saver = threading.Thread(target=failing_save)
    saver.start()
    assert inside.wait(timeout=10)
    reader = threading.Thread(target=lambda: seen.append(list_sessions(store)))
    reader.start()
    reader.join(timeout=0.3)  # long enough for a reader that does not wait to read the unsaved session
    finish.set()
    saver.join(timeout=10)
    reader.join(timeout=10)
    assert failed == ["the save failed"] and seen == [[]]


def test_a_session_read_back_does_not_share_the_stored_lists(store: CohortStore) -> None:
    log_session(store, 1, GOOD)
    read = list_sessions(store)[0]
    # TinyDB hands an update function the stored record itself, so this changes the stored list in place.
    store.table(SESSIONS).update(
        lambda doc: doc["topics"].append("leadership and uncomfortable situations"), doc_ids=[1]
    )
    assert read.topics == ("technology in use",)
    assert list_sessions(store)[0].topics == ("technology in use", "leadership and uncomfortable situations")


def test_a_goal_given_twice_under_two_spellings_is_refused() -> None:
    fields = {
        "held_on": "2026-03-10",
        "minutes": "60",
        "place": "remote",
        "goal_progress": {"1": "Tried it", "01": "Again"},
    }
    with pytest.raises(ValidationError, match=r"goal_progress\[01\]: repeats a goal already given"):
        parse_session(fields, pair_id=1, today=date(2026, 3, 16), goal_ids={1})
