"""Goal sheets: filling in, validation, agreement, revision, the coordinator's view and confidentiality at rest."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import orjson
import pytest

from rmtui.core.access import (
    describe_reset,
    read_private_notes,
    reset_pair_passphrase,
    save_private_notes,
    unlock_pair,
)
from rmtui.core.demo import add_demo_sheets, enrol, write_demo
from rmtui.core.demo.sheets import demo_passphrase
from rmtui.core.errors import RmtuiError, ValidationError
from rmtui.core.goals import (
    AGREED,
    DRAFT,
    REVISED_DRAFT,
    ConfidentialSections,
    GoalSheet,
    accept_confidentiality,
    add_goal,
    agree_goal_sheet,
    coordinator_overview,
    coordinator_view,
    get_goal_sheet,
    read_confidential_sections,
    remove_goal,
    revise_goal_sheet,
    save_confidential_sections,
    set_goal_status,
    start_goal_sheet,
    update_goal,
    update_goal_sheet,
)
from rmtui.core.matching import Pair
from rmtui.core.store import PAIRS, CohortStore

CONFIRMED = date(2026, 3, 2)
MARKER = "MARKER-7f3a-confidential"
NOON = datetime(2026, 3, 16, 12, 0, tzinfo=UTC)


class Clock:
    """A date the test moves forward."""

    def __init__(self) -> None:
        self.today = date(2026, 3, 16)

    def __call__(self) -> date:
        return self.today


@pytest.fixture
def clock() -> Clock:
    """The fixed, movable clock."""
    return Clock()


def open_store(path: Path, clock: Clock) -> CohortStore:
    """The cohort at ``path``, given two confirmed pairs the first time."""
    store = CohortStore.open(path, today=clock)
    if not store.table(PAIRS):
        store.table(PAIRS).insert_multiple(
            Pair(f"mentor{n}@x.org", f"mentee{n}@x.org", confirmed_on=CONFIRMED).to_doc() for n in (1, 2)
        )
    return store


@pytest.fixture
def store(tmp_path: Path, clock: Clock) -> Iterator[CohortStore]:
    """An open cohort with two pairs, ids 1 and 2."""
    opened = open_store(tmp_path / "cohort.json", clock)
    yield opened
    opened.close()


def complete_sheet(store: CohortStore, pair_id: int = 1) -> GoalSheet:
    """Start and fill in a sheet until it can be agreed."""
    start_goal_sheet(store, pair_id, "technology")
    add_goal(
        store, pair_id, "mentee", {"title": "Use the team chat", "success_measure": "Weekly posts", "start_rating": "2"}
    )
    add_goal(store, pair_id, "mentor", {"title": "Present to the board", "success_measure": "Presented by June"})
    accept_confidentiality(store, pair_id, "mentee")
    return accept_confidentiality(store, pair_id, "mentor")


def test_a_started_sheet_takes_the_template(store: CohortStore) -> None:
    sheet = start_goal_sheet(store, 1, "technology")
    assert (sheet.state, sheet.template_id, sheet.template_version, sheet.version) == (DRAFT, "technology", 1, 1)
    assert sheet.purpose.startswith("To help the mentee") and "stays between us" in sheet.confidentiality
    assert (sheet.cadence, sheet.place) == ("monthly", "off site")
    assert get_goal_sheet(store, 1) == sheet and GoalSheet.from_doc(sheet.to_doc()) == sheet
    assert get_goal_sheet(store, 2) is None
    with pytest.raises(RmtuiError, match="already started"):
        start_goal_sheet(store, 1)


def test_sections_are_validated_naming_the_field_and_nothing_is_saved(store: CohortStore) -> None:
    sheet = start_goal_sheet(store, 1)
    with pytest.raises(ValidationError) as raised:
        update_goal_sheet(store, 1, {"cadence": "yearly", "place": "x" * 201, "purpose": "bell\x07"})
    invalid = raised.value
    assert invalid.for_field("cadence") == "must be one of weekly, fortnightly, monthly"
    assert "keep it to 200" in (invalid.for_field("place") or "")
    assert "control character" in (invalid.for_field("purpose") or "")
    assert get_goal_sheet(store, 1) == sheet
    updated = update_goal_sheet(store, 1, {"cadence": "Fortnightly", "place": " the  café "})
    assert (updated.cadence, updated.place) == ("fortnightly", "the café")


def test_goals_belong_to_the_mentee_or_the_mentor_and_are_validated(store: CohortStore) -> None:
    start_goal_sheet(store, 1)
    mentee_goal = add_goal(
        store, 1, "mentee", {"title": " Learn  the CRM ", "target_date": "2026-06-30", "start_rating": 2}
    )
    mentor_goal = add_goal(store, 1, "mentor", {"title": "Chair a meeting", "success_measure": "Chaired one"})
    assert (mentee_goal.goal_id, mentee_goal.title, mentee_goal.status, mentee_goal.final_rating) == (
        1,
        "Learn the CRM",
        "not started",
        None,
    )
    assert mentor_goal.goal_id == 2
    with pytest.raises(ValidationError) as raised:
        add_goal(store, 1, "mentee", {"title": "", "target_date": "2027-06-01", "start_rating": "7", "status": "done"})
    invalid = raised.value
    assert invalid.for_field("title") == "is required; give a short line, like 'use the team chat daily'"
    assert invalid.for_field("target_date") == "must fall within the term, 2026-03-16 to 2026-09-16"
    assert "from 1 (new to it) to 5 (expert)" in (invalid.for_field("start_rating") or "")
    assert "not started, in progress, achieved, dropped" in (invalid.for_field("status") or "")
    with pytest.raises(RmtuiError, match="'boss' is not a role"):
        add_goal(store, 1, "boss", {"title": "x"})
    assert update_goal(store, 1, 1, {"status": "in_progress", "start_rating": ""}).start_rating is None
    remove_goal(store, 1, 1)
    assert [g.goal_id for g in get_goal_sheet(store, 1).goals] == [2]
    # A removed goal's id is never handed out again.
    assert add_goal(store, 1, "mentee", {"title": "Another"}).goal_id == 3
    with pytest.raises(RmtuiError, match="no goal 1"):
        update_goal(store, 1, 1, {"title": "gone"})


def test_an_incomplete_sheet_cannot_be_agreed_and_says_what_is_missing(store: CohortStore) -> None:
    start_goal_sheet(store, 1)
    update_goal_sheet(store, 1, {"purpose": ""})
    add_goal(store, 1, "mentee", {"title": "No measure yet"})
    with pytest.raises(RmtuiError) as raised:
        agree_goal_sheet(store, 1, "mentee")
    message = str(raised.value)
    for need in (
        "the purpose",
        "a mentee goal with a success measure",
        "a mentor goal with a success measure",
        "the mentee's acceptance of the confidentiality agreement",
    ):
        assert need in message
    assert not get_goal_sheet(store, 1).complete


def test_agreement_by_both_makes_the_sheet_read_only(store: CohortStore, clock: Clock) -> None:
    complete_sheet(store)
    key = enrol(store, 1, "amber walrus juggles nine teacups")
    once = agree_goal_sheet(store, 1, "mentee")
    assert (once.state, once.mentee_agreed_on, once.mentor_agreed_on) == (DRAFT, date(2026, 3, 16), None)
    with pytest.raises(RmtuiError, match="mentee already agreed this version on 2026-03-16"):
        agree_goal_sheet(store, 1, "mentee")
    clock.today = date(2026, 3, 18)
    both = agree_goal_sheet(store, 1, "mentor")
    assert (both.state, both.read_only, both.mentor_agreed_on) == (AGREED, True, date(2026, 3, 18))
    edits = (
        lambda: update_goal_sheet(store, 1, {"purpose": "changed"}),
        lambda: add_goal(store, 1, "mentee", {"title": "late"}),
        lambda: update_goal(store, 1, 1, {"title": "changed"}),
        lambda: remove_goal(store, 1, 1),
        lambda: accept_confidentiality(store, 1, "mentee", False),
        lambda: save_confidential_sections(store, key, {"sensitivities": "changed"}),
        lambda: agree_goal_sheet(store, 1, "mentor"),
    )
    for edit in edits:
        with pytest.raises(
            RmtuiError, match=r"mentee on 2026-03-16, the mentor on 2026-03-18.*read-only\. Choose Revise"
        ):
            edit()
    assert get_goal_sheet(store, 1) == both
    # Progress is not part of what was agreed, so it is recorded on an agreed sheet.
    assert set_goal_status(store, 1, 1, "achieved").status == "achieved"
    assert get_goal_sheet(store, 1).state == AGREED


def test_an_edit_clears_a_one_sided_agreement_and_new_wording_needs_accepting_again(store: CohortStore) -> None:
    complete_sheet(store)
    agree_goal_sheet(store, 1, "mentee")
    assert update_goal_sheet(store, 1, {"place": "the library"}).mentee_agreed_on is None
    agree_goal_sheet(store, 1, "mentee")
    reworded = update_goal_sheet(store, 1, {"confidentiality": "All of it stays between us."})
    assert not reworded.accepts("mentee") and not reworded.accepts("mentor") and reworded.mentee_agreed_on is None
    accept_confidentiality(store, 1, "mentee")
    accept_confidentiality(store, 1, "mentor")
    agreed_once = agree_goal_sheet(store, 1, "mentee")
    # Saving the same values changes nothing, so it clears nothing either.
    assert update_goal_sheet(store, 1, {"place": "the library"}) == agreed_once
    assert agreed_once.mentee_agreed_on == date(2026, 3, 16)


def test_revising_keeps_the_agreed_version_and_clears_the_agreements(store: CohortStore, clock: Clock) -> None:
    complete_sheet(store)
    key = enrol(store, 1, "amber walrus juggles nine teacups")
    save_confidential_sections(store, key, {"sensitivities": "first version", "disagreements": "talk it out"})
    with pytest.raises(RmtuiError, match="Only an agreed goal sheet can be revised"):
        revise_goal_sheet(store, key)
    agree_goal_sheet(store, 1, "mentee")
    agreed = agree_goal_sheet(store, 1, "mentor")
    clock.today = date(2026, 5, 1)
    revised = revise_goal_sheet(store, key)
    assert (revised.state, revised.version, revised.mentee_agreed_on, revised.mentor_agreed_on) == (
        REVISED_DRAFT,
        2,
        None,
        None,
    )
    assert revised.earlier == (agreed,)
    assert revised.goals == agreed.goals and revised.purpose == agreed.purpose
    save_confidential_sections(store, key, {"sensitivities": "second version"})
    assert read_confidential_sections(store, key).sensitivities == "second version"
    assert read_confidential_sections(store, key, version=1) == ConfidentialSections("first version", "talk it out")
    add_goal(store, 1, "mentee", {"title": "A new aim", "success_measure": "Seen by June"})
    agree_goal_sheet(store, 1, "mentor")
    again = agree_goal_sheet(store, 1, "mentee")
    assert (again.state, again.version, again.mentee_agreed_on) == (AGREED, 2, date(2026, 5, 1))
    assert again.earlier[0] == agreed


def test_the_coordinator_sees_progress_and_dates_but_no_confidential_field(store: CohortStore) -> None:
    complete_sheet(store)
    key = enrol(store, 1, "amber walrus juggles nine teacups")
    save_confidential_sections(store, key, {"sensitivities": MARKER, "disagreements": MARKER})
    save_private_notes(store, key, MARKER)
    update_goal_sheet(store, 1, {"purpose": "Purpose text the coordinator does not need"})
    agree_goal_sheet(store, 1, "mentee")
    view = coordinator_view(store, 1)
    assert (view.mentor, view.mentee, view.state, view.template_name, view.template_version) == (
        "mentor1@x.org", "mentee1@x.org", DRAFT, "Technology focus", 1,
    )  # fmt: skip
    assert [(g.owner, g.title, g.status) for g in view.goals] == [
        ("mentee", "Use the team chat", "not started"),
        ("mentor", "Present to the board", "not started"),
    ]
    assert (view.mentee_agreed_on, view.mentor_agreed_on, view.complete, view.missing) == (
        date(2026, 3, 16),
        None,
        True,
        (),
    )
    # The cohort's term (it started on 16 March), not six months from the day the pair was confirmed.
    assert (view.term_start, view.evaluation_date) == (date(2026, 3, 16), date(2026, 9, 16))
    doc = view.to_doc()
    assert set(doc) == {
        "pair_id", "mentor", "mentee", "state", "template_name", "template_version", "sheet_version",
        "mentee_agreed_on", "mentor_agreed_on", "term_start", "evaluation_date", "cadence", "complete", "missing",
        "goals",
    }  # fmt: skip
    assert set(doc["goals"][0]) == {"owner", "title", "status", "target_date", "start_rating", "final_rating"}
    exported = orjson.dumps([v.to_doc() for v in coordinator_overview(store)])
    for secret in (MARKER, "Purpose text", "Weekly posts", "stays between us", "off site"):
        assert secret.encode() not in exported
    pending = coordinator_view(store, 2)
    assert (pending.state, pending.complete, pending.missing, pending.goals) == (
        "not started",
        False,
        ("a started goal sheet",),
        (),
    )


def test_confidential_content_never_reaches_the_file_or_its_backups(tmp_path: Path, clock: Clock) -> None:
    path = tmp_path / "cohort.json"
    with open_store(path, clock) as store:
        complete_sheet(store)
        key = enrol(store, 1, "amber walrus juggles nine teacups")
        save_confidential_sections(store, key, {"sensitivities": MARKER + " s", "disagreements": MARKER + " d"})
        save_private_notes(store, key, MARKER + " n")
        agree_goal_sheet(store, 1, "mentee")
        agree_goal_sheet(store, 1, "mentor")
        revise_goal_sheet(store, key)
    # Opening again backs the file up; then every file under tmp_path is searched.
    with open_store(path, clock) as store:
        files = [p for p in tmp_path.rglob("*") if p.is_file()]
        assert any(".backups" in str(p) for p in files) and path in files
        for file in files:
            assert MARKER.encode() not in file.read_bytes(), file
            assert b"amber walrus juggles nine teacups" not in file.read_bytes(), file
        key = unlock_pair(store, 1, "amber walrus juggles nine teacups", now=NOON)
        assert read_confidential_sections(store, key) == ConfidentialSections(MARKER + " s", MARKER + " d")
        assert read_confidential_sections(store, key, version=1).sensitivities == MARKER + " s"
        assert read_private_notes(store, key) == MARKER + " n"


def test_a_reset_deletes_the_confidential_content_and_nothing_else(store: CohortStore) -> None:
    complete_sheet(store)
    complete_sheet(store, 2)
    key = enrol(store, 1, "amber walrus juggles nine teacups")
    other = enrol(store, 2, "cobalt hedgehog sails past midnight")
    for pair_key in (key, other):
        save_confidential_sections(store, pair_key, {"sensitivities": MARKER, "disagreements": MARKER})
        save_private_notes(store, pair_key, MARKER)
    agree_goal_sheet(store, 1, "mentee")
    agree_goal_sheet(store, 1, "mentor")
    revise_goal_sheet(store, key)
    before = {name: store.table(name).all() for name in ("goal_sheets", PAIRS)}
    warning = describe_reset(store, 1)
    assert "biases and sensitivities and the disagreements sections of the goal sheet" in warning
    assert "(earlier version 1)" in warning and "the pair's private notes" in warning
    reset_pair_passphrase(store, 1)
    assert {name: store.table(name).all() for name in ("goal_sheets", PAIRS)} == before
    fresh = enrol(store, 1, "silver tortoise hums in lisbon")
    assert read_confidential_sections(store, fresh) == ConfidentialSections()
    assert read_confidential_sections(store, fresh, version=1) == ConfidentialSections()
    assert read_private_notes(store, fresh) == ""
    assert read_confidential_sections(store, other).sensitivities == MARKER
    assert read_private_notes(store, other) == MARKER


def test_confidential_sections_are_validated_and_need_a_started_sheet(store: CohortStore) -> None:
    key = enrol(store, 1, "amber walrus juggles nine teacups")
    with pytest.raises(RmtuiError, match="has not been started"):
        save_confidential_sections(store, key, {"sensitivities": "x"})
    start_goal_sheet(store, 1)
    with pytest.raises(ValidationError, match="disagreements: is 2,001 characters long"):
        save_confidential_sections(store, key, {"disagreements": "x" * 2001})
    saved = save_confidential_sections(store, key, {"sensitivities": " only this "})
    assert saved == ConfidentialSections("only this", "") == read_confidential_sections(store, key)


def test_the_demo_sheets_show_each_state_and_their_passphrases_unlock(tmp_path: Path) -> None:
    path = tmp_path / "cohort.json"
    write_demo(path, today=date(2026, 3, 16))
    with CohortStore.open(path, today=lambda: date(2026, 3, 16)) as store, store.batch():
        # Whether or not write_demo already added them, start from a demo without sheets.
        for table in ("goal_sheets", "pair_access"):
            store.table(table).truncate()
        keys = add_demo_sheets(store)
    with CohortStore.open(path, today=lambda: date(2026, 3, 16)) as store:
        states = [v.state for v in coordinator_overview(store)]
        assert states.count(AGREED) == 14 and states.count(REVISED_DRAFT) == 1 and states.count(DRAFT) == 1
        assert sorted(keys) == [1, 2, 3], "only the first three pairs enrolled"
        for pair_id, key in keys.items():
            passphrase = demo_passphrase(store, pair_id)
            assert read_private_notes(store, unlock_pair(store, pair_id, passphrase, now=NOON))
            assert read_private_notes(store, key) and passphrase.encode() not in path.read_bytes()
