"""Passphrases: enrolling with a setup code, strength, unlocking, lockouts that survive a restart, legacy records,
resets, and the coordinator's passphrase."""

from __future__ import annotations

import os
import tempfile
import unicodedata
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tinydb.table import Document

from rmtui.core.access import (
    LockedOut,
    PassphraseHash,
    ScryptParams,
    WrongPassphrase,
    access_status,
    check_new_passphrase,
    clear_coordinator_passphrase,
    describe_reset,
    has_coordinator_passphrase,
    has_passphrase,
    issue_setup_code,
    legacy_associated,
    lock_delay,
    pair_user_inputs,
    pending_setup_code,
    read_private_notes,
    reset_pair_passphrase,
    save_private_notes,
    seal,
    set_coordinator_passphrase,
    set_pair_passphrase,
    unlock_pair,
    verify_coordinator_passphrase,
)
from rmtui.core.demo import enrol
from rmtui.core.errors import RmtuiError, ValidationError
from rmtui.core.goals import (
    accept_confidentiality,
    add_goal,
    agree_goal_sheet,
    read_confidential_sections,
    revise_goal_sheet,
    save_confidential_sections,
    start_goal_sheet,
)
from rmtui.core.matching import Pair
from rmtui.core.roster import add_participant
from rmtui.core.sessions import log_session, read_session_notes, remove_session
from rmtui.core.store import COORDINATOR_ACCESS, PAIR_ACCESS, PAIRS, CohortSettings, CohortStore

TODAY = date(2026, 3, 16)
NOON = datetime(2026, 3, 16, 12, 0, tzinfo=UTC)
PASSPHRASE = "tea at the quay"
OTHER = "pair two's own words"


@pytest.fixture
def store(tmp_path: Path, open_two_pairs: Callable[[Path], CohortStore]) -> Iterator[CohortStore]:
    """An open cohort with two pairs."""
    opened = open_two_pairs(tmp_path / "cohort.json")
    yield opened
    opened.close()


@pytest.fixture
def roster_store(tmp_path: Path) -> Iterator[CohortStore]:
    """Zoë Adeyemi (Marketing) mentors Richard Pemberton-Hale (Operations) in 'Harbour & Finch reverse mentoring'."""
    with CohortStore.open(tmp_path / "cohort.json", today=lambda: TODAY) as opened:
        opened.save_settings(CohortSettings("Harbour & Finch reverse mentoring", TODAY, coordinator="Amira Haddad"))
        for name, email, role, department in (
            ("Zoë Adeyemi", "zoe.adeyemi@harbourfinch.co.uk", "mentor", "Marketing"),
            ("Richard Pemberton-Hale", "richard.pemberton-hale@harbourfinch.co.uk", "mentee", "Operations"),
        ):
            add_participant(opened, {"name": name, "email": email, "role": role, "department": department})
        mentor, mentee = "zoe.adeyemi@harbourfinch.co.uk", "richard.pemberton-hale@harbourfinch.co.uk"
        opened.table(PAIRS).insert(Pair(mentor, mentee, confirmed_on=TODAY).to_doc())
        yield opened


# --- Enrolment: setup codes and strength ---------------------------------------------------------------------------


def test_a_first_passphrase_needs_the_setup_code_the_coordinator_issued(store: CohortStore) -> None:
    with pytest.raises(ValidationError) as raised:
        set_pair_passphrase(store, 1, PASSPHRASE, setup_code="K7QM-4XPR")
    assert raised.value.for_field("setup_code") == "this pair has no setup code yet; ask the coordinator for one"
    code = issue_setup_code(store, 1)
    assert pending_setup_code(store, 1) == code and pending_setup_code(store, 2) is None
    assert len(code) == 9 and code[4] == "-" and not set(code) & set("01OIL")
    for wrong in ("", "K7QM-4XPR", code[:-1], issue_setup_code(store, 2)):
        with pytest.raises(ValidationError, match="setup_code: "):
            set_pair_passphrase(store, 1, PASSPHRASE, setup_code=wrong)
    assert not has_passphrase(store, 1)
    # Typed in lower case, with a space instead of the dash, it still works; then it is used up.
    key = set_pair_passphrase(store, 1, PASSPHRASE, setup_code=f" {code[:4].lower()} {code[5:].lower()} ")
    assert unlock_pair(store, 1, PASSPHRASE, now=NOON) == key
    assert pending_setup_code(store, 1) is None
    with pytest.raises(RmtuiError, match="already has a passphrase"):
        issue_setup_code(store, 1)


def test_issuing_again_replaces_an_unused_code(store: CohortStore) -> None:
    first, second = issue_setup_code(store, 1), issue_setup_code(store, 1)
    assert pending_setup_code(store, 1) == second != first
    with pytest.raises(ValidationError, match="not this pair's setup code"):
        set_pair_passphrase(store, 1, PASSPHRASE, setup_code=first)
    with pytest.raises(RmtuiError, match="no pair 9"):
        issue_setup_code(store, 9)


def test_a_short_passphrase_or_a_different_repeat_is_refused_naming_the_field_and_the_fix(store: CohortStore) -> None:
    code = issue_setup_code(store, 1)
    with pytest.raises(ValidationError) as raised:
        set_pair_passphrase(store, 1, "abc", setup_code=code)
    assert raised.value.for_field("passphrase") == "is 3 characters long; use at least 6, like a short sentence"
    with pytest.raises(ValidationError) as raised:
        set_pair_passphrase(store, 1, PASSPHRASE, "tea at the quay.", setup_code=code)
    assert "type the same passphrase twice" in (raised.value.for_field("passphrase_repeat") or "")
    assert not has_passphrase(store, 1) and pending_setup_code(store, 1) == code


@pytest.mark.parametrize(
    "weak", ["123456", "aaaaaa", "password1", "zoe adeyemi 2026", "Richard Marketing", "harbour-richard"]
)
def test_easily_guessed_passphrases_are_refused_with_zxcvbn_advice(roster_store: CohortStore, weak: str) -> None:
    with pytest.raises(ValidationError) as raised:
        set_pair_passphrase(roster_store, 1, weak, setup_code=issue_setup_code(roster_store, 1))
    problem = raised.value.for_field("passphrase") or ""
    assert problem.startswith("is too easy to guess")
    assert not has_passphrase(roster_store, 1)


def test_the_advice_names_what_made_it_weak(roster_store: CohortStore) -> None:
    inputs = pair_user_inputs(roster_store, 1)
    with pytest.raises(ValidationError, match="top-10 common password"):
        check_new_passphrase("123456", user_inputs=inputs)
    with pytest.raises(ValidationError, match="leans on names, emails, departments or the cohort's name"):
        check_new_passphrase("zoe adeyemi 2026", user_inputs=inputs)
    # zxcvbn alone gives any three words a score of 3; taking out the words others know is what refuses it.
    check_new_passphrase("zoe adeyemi 2026")
    check_new_passphrase("zoe adeyemi and the walrus borrowed my umbrella", user_inputs=inputs)


def test_the_pairs_known_words_are_its_names_emails_departments_and_the_cohort(roster_store: CohortStore) -> None:
    inputs = set(pair_user_inputs(roster_store, 1))
    assert {"zoë adeyemi", "zoë", "zoe", "adeyemi", "zoe.adeyemi", "marketing"} <= inputs
    assert "zoe.adeyemi@harbourfinch.co.uk" in inputs
    assert {"richard", "pemberton", "hale", "pemberton-hale", "operations", "harbour", "finch", "mentoring"} <= inputs


def test_a_long_random_sentence_passes_and_unlocks(roster_store: CohortStore) -> None:
    sentence = "the walrus borrowed my umbrella on a thursday"
    key = set_pair_passphrase(roster_store, 1, sentence, setup_code=issue_setup_code(roster_store, 1))
    assert unlock_pair(roster_store, 1, sentence, now=NOON) == key


def test_the_coordinator_passphrase_is_judged_against_their_name_and_the_cohort(roster_store: CohortStore) -> None:
    with pytest.raises(ValidationError, match="passphrase: is too easy to guess"):
        set_coordinator_passphrase(roster_store, "amira haddad 2026")
    set_coordinator_passphrase(roster_store, "lighthouse keeper brews nettle tea")
    assert has_coordinator_passphrase(roster_store)


# --- Unlocking and lockouts -----------------------------------------------------------------------------------------


def test_a_passphrase_is_set_once_and_unlocks_the_pair(store: CohortStore) -> None:
    key = set_pair_passphrase(store, 1, PASSPHRASE, PASSPHRASE, setup_code=issue_setup_code(store, 1))
    assert has_passphrase(store, 1) and not has_passphrase(store, 2)
    assert unlock_pair(store, 1, PASSPHRASE, now=NOON) == key
    with pytest.raises(RmtuiError, match="already has a passphrase"):
        set_pair_passphrase(store, 1, "another passphrase", setup_code="")
    with pytest.raises(RmtuiError, match="has not set a passphrase yet; ask the coordinator for a setup code"):
        unlock_pair(store, 2, PASSPHRASE, now=NOON)
    with pytest.raises(RmtuiError, match="no pair 9"):
        unlock_pair(store, 9, PASSPHRASE, now=NOON)
    assert PASSPHRASE.encode() not in store.path.read_bytes()


def test_wrong_passphrases_count_down_to_a_lock(store: CohortStore) -> None:
    enrol(store, 1, PASSPHRASE)
    for left in (4, 3, 2, 1):
        with pytest.raises(WrongPassphrase, match=f"; {left} more wrong tr"):
            unlock_pair(store, 1, "wrong guess", now=NOON)
    with pytest.raises(WrongPassphrase, match="After 5 wrong tries in a row it is locked for 30 seconds"):
        unlock_pair(store, 1, "wrong guess", now=NOON)
    # While locked even the right passphrase is not checked, and the error says how long to wait.
    with pytest.raises(LockedOut, match="try again in 20 seconds") as raised:
        unlock_pair(store, 1, PASSPHRASE, now=NOON + timedelta(seconds=10))
    assert raised.value.until == NOON + timedelta(seconds=30)
    assert access_status(store, 1).failed_attempts == 5


def test_each_further_wrong_try_doubles_the_lock_and_the_right_one_clears_it(store: CohortStore) -> None:
    enrol(store, 1, PASSPHRASE)
    now = NOON
    for _ in range(5):
        with pytest.raises(WrongPassphrase):
            unlock_pair(store, 1, "wrong guess", now=now)
    for expected in ("1 minute", "2 minutes", "4 minutes"):
        now = access_status(store, 1).locked_until or now
        with pytest.raises(WrongPassphrase, match=f"locked for {expected};"):
            unlock_pair(store, 1, "wrong guess", now=now)
    now = access_status(store, 1).locked_until or now
    unlock_pair(store, 1, PASSPHRASE, now=now)
    status = access_status(store, 1)
    assert status.failed_attempts == 0 and status.locked_until is None


def test_the_lock_schedule_doubles_from_30_seconds_up_to_an_hour() -> None:
    assert [lock_delay(n) for n in range(5)] == [None] * 5
    assert [lock_delay(n).total_seconds() for n in range(5, 13)] == [30, 60, 120, 240, 480, 960, 1920, 3600]
    assert lock_delay(10_000) == timedelta(hours=1)


def test_a_lock_survives_closing_and_reopening_the_cohort(
    tmp_path: Path, open_two_pairs: Callable[[Path], CohortStore]
) -> None:
    path = tmp_path / "cohort.json"
    with open_two_pairs(path) as store:
        enrol(store, 1, PASSPHRASE)
        for _ in range(5):
            with pytest.raises(WrongPassphrase):
                unlock_pair(store, 1, "wrong guess", now=NOON)
    with open_two_pairs(path) as store:
        with pytest.raises(LockedOut, match="try again in 30 seconds"):
            unlock_pair(store, 1, PASSPHRASE, now=NOON)
        assert unlock_pair(store, 1, PASSPHRASE, now=NOON + timedelta(seconds=30)).pair_id == 1


def test_a_naive_clock_is_read_as_local_time(store: CohortStore) -> None:
    enrol(store, 1, PASSPHRASE)
    local_noon = datetime(2026, 3, 16, 12, 0)
    for _ in range(5):
        with pytest.raises(WrongPassphrase):
            unlock_pair(store, 1, "wrong guess", now=local_noon)
    with pytest.raises(LockedOut, match=r"in 29 seconds \(after 12:00:30\)"):
        unlock_pair(store, 1, PASSPHRASE, now=local_noon + timedelta(seconds=1))


def test_private_notes_are_sealed_and_read_back(store: CohortStore) -> None:
    key = enrol(store, 1, PASSPHRASE)
    save_private_notes(store, key, "MARKER-notes-only-for-us")
    assert b"MARKER" not in store.path.read_bytes()
    again = unlock_pair(store, 1, PASSPHRASE, now=NOON)
    assert read_private_notes(store, again) == "MARKER-notes-only-for-us"
    with pytest.raises(ValidationError, match="notes: is 20,001 characters long"):
        save_private_notes(store, key, "x" * 20_001)
    with pytest.raises(ValidationError, match=r"notes: contains a control character \(U\+0007\)"):
        save_private_notes(store, key, "ring\a")
    assert read_private_notes(store, again) == "MARKER-notes-only-for-us"


def test_revising_keeps_the_agreed_sections_under_their_own_slot_and_version(store: CohortStore) -> None:
    key = enrol(store, 1, PASSPHRASE)
    start_goal_sheet(store, 1)
    for owner in ("mentee", "mentor"):
        add_goal(store, 1, owner, {"title": f"A goal of the {owner}", "success_measure": "done", "start_rating": 2})
    save_confidential_sections(store, key, {"sensitivities": "agreed words"})
    for role in ("mentee", "mentor"):
        accept_confidentiality(store, 1, role)
    for role in ("mentee", "mentor"):
        agree_goal_sheet(store, 1, role)
    revised = revise_goal_sheet(store, key)
    save_confidential_sections(store, key, {"sensitivities": "revised words"})
    assert read_confidential_sections(store, key, revised.version - 1).sensitivities == "agreed words"
    assert read_confidential_sections(store, key).sensitivities == "revised words"


def test_removing_a_session_with_notes_needs_the_pairs_key_and_keeps_the_manifest(store: CohortStore) -> None:
    key = enrol(store, 1, PASSPHRASE)
    fields = {"held_on": TODAY.isoformat(), "minutes": "60", "place": "remote"}
    noted, plain = (log_session(store, 1, fields, key=key, notes=n).session_id for n in ("MARKER", ""))
    remove_session(store, plain)
    with pytest.raises(RmtuiError, match="the pair must unlock to remove it"):
        remove_session(store, noted)
    remove_session(store, noted, key)
    assert access_status(store, 1).sealed_slots == ()
    # The manifest still matches: the pair's other content reads as before.
    save_private_notes(store, key, "still fine")
    assert read_private_notes(store, key) == "still fine"
    with pytest.raises(RmtuiError, match="no session"):
        read_session_notes(store, key, noted)


# --- Records written before one KDF ---------------------------------------------------------------------------------


def legacy_pair_record(store: CohortStore, pair_id: int, passphrase: str, sealed: dict[str, str]) -> None:
    """A pair record as rmtui wrote it before one KDF: a scrypt hash, a second salt for the key, unversioned slots."""
    hashed, key_params = (ScryptParams(os.urandom(16), n=2**14, r=8, p=1) for _ in range(2))
    old_key = key_params.derive(passphrase)
    doc = {
        "pair_id": pair_id,
        "passphrase": PassphraseHash(hashed, hashed.derive(passphrase)).to_doc(),
        "key_scrypt": key_params.to_doc(),
        "failed_attempts": 2,
        "locked_until": None,
        "sealed": {slot: seal(old_key, text, legacy_associated(pair_id, slot)) for slot, text in sealed.items()},
    }
    store.table(PAIR_ACCESS).insert(Document(doc, pair_id))


def test_a_legacy_pair_record_is_rekeyed_on_its_next_unlock_keeping_its_content(store: CohortStore) -> None:
    sheet = '{"sensitivities": "old words", "disagreements": ""}'
    legacy_pair_record(store, 1, PASSPHRASE, {"notes": "MARKER-old-notes", "goal_sheet": sheet, "goal_sheet.v1": sheet})
    with pytest.raises(WrongPassphrase):
        unlock_pair(store, 1, "not the words", now=NOON)
    assert "passphrase" in store.table(PAIR_ACCESS).get(doc_id=1)  # a wrong try changes nothing but the count
    before = store.write_count
    key = unlock_pair(store, 1, PASSPHRASE, now=NOON)
    assert store.write_count == before + 2  # the counted try, then the whole re-key in one write
    doc = store.table(PAIR_ACCESS).get(doc_id=1)
    assert "passphrase" not in doc and "key_scrypt" not in doc and doc["failed_attempts"] == 0
    assert read_private_notes(store, key) == "MARKER-old-notes"
    assert read_confidential_sections(store, key, 1).sensitivities == "old words"
    assert unlock_pair(store, 1, PASSPHRASE, now=NOON) == key


def test_a_legacy_coordinator_hash_is_rehashed_on_its_next_right_passphrase(store: CohortStore) -> None:
    hashed = ScryptParams(b"0123456789abcdef", n=2**14, r=8, p=1)
    legacy = {"passphrase": PassphraseHash(hashed, hashed.derive("lighthouse keeper")).to_doc(), "failed_attempts": 0}
    store.table(COORDINATOR_ACCESS).insert(Document(legacy, 1))
    verify_coordinator_passphrase(store, "lighthouse keeper", now=NOON)
    doc = store.table(COORDINATOR_ACCESS).get(doc_id=1)
    assert "passphrase" not in doc and doc["kdf"]["salt"] != hashed.to_doc()["salt"]
    verify_coordinator_passphrase(store, "lighthouse keeper", now=NOON)
    with pytest.raises(WrongPassphrase):
        verify_coordinator_passphrase(store, "lighthouse", now=NOON)


# --- Resets and the coordinator -------------------------------------------------------------------------------------


def test_a_reset_explains_what_is_lost_and_refuses_keys_from_before_it(store: CohortStore) -> None:
    assert describe_reset(store, 1) == "This pair has not set a passphrase, so there is nothing to reset."
    old_key = enrol(store, 1, PASSPHRASE)
    save_private_notes(store, old_key, "notes")
    other = enrol(store, 2, OTHER)
    save_private_notes(store, other, "pair two's notes")
    warning = describe_reset(store, 1)
    assert "the pair's private notes" in warning and "cannot be undone" in warning and "goals" in warning
    assert "new setup code" in warning and "`rmtui backup -o` are not touched" in warning
    reset_pair_passphrase(store, 1)
    assert not has_passphrase(store, 1) and pending_setup_code(store, 1) is None
    assert read_private_notes(store, other) == "pair two's notes"
    with pytest.raises(ValidationError, match="no setup code yet"):
        set_pair_passphrase(store, 1, "a brand new passphrase", setup_code="")
    new_key = enrol(store, 1, "a brand new passphrase")
    assert read_private_notes(store, new_key) == ""
    with pytest.raises(RmtuiError, match="was reset since it was unlocked"):
        save_private_notes(store, old_key, "written with a stale key")


def test_the_coordinator_passphrase_is_set_verified_changed_and_cleared(store: CohortStore) -> None:
    assert not has_coordinator_passphrase(store)
    with pytest.raises(ValidationError, match="passphrase: is 4 characters long"):
        set_coordinator_passphrase(store, "kiwi")
    set_coordinator_passphrase(store, "lighthouse keeper", "lighthouse keeper")
    assert has_coordinator_passphrase(store)
    verify_coordinator_passphrase(store, "lighthouse keeper", now=NOON)
    with pytest.raises(WrongPassphrase, match="not the coordinator's passphrase"):
        verify_coordinator_passphrase(store, "lighthouse", now=NOON)
    with pytest.raises(WrongPassphrase):
        set_coordinator_passphrase(store, "a new one here", current="guess", now=NOON)
    set_coordinator_passphrase(store, "a new one here", current="lighthouse keeper", now=NOON)
    assert b"lighthouse" not in store.path.read_bytes() and b"a new one" not in store.path.read_bytes()
    with pytest.raises(WrongPassphrase):
        clear_coordinator_passphrase(store, current="lighthouse keeper", now=NOON)
    clear_coordinator_passphrase(store, current="a new one here", now=NOON)
    assert not has_coordinator_passphrase(store)
    set_coordinator_passphrase(store, "forgotten later")
    clear_coordinator_passphrase(store, force=True)
    assert not has_coordinator_passphrase(store)


def test_the_coordinator_passphrase_locks_after_five_wrong_tries_too(store: CohortStore) -> None:
    set_coordinator_passphrase(store, "lighthouse keeper")
    for _ in range(5):
        with pytest.raises(WrongPassphrase):
            verify_coordinator_passphrase(store, "guess", now=NOON)
    with pytest.raises(LockedOut, match="for the coordinator: try again in 30 seconds"):
        verify_coordinator_passphrase(store, "lighthouse keeper", now=NOON)


@pytest.fixture(scope="module")
def shared_store(open_two_pairs: Callable[[Path], CohortStore]) -> Iterator[CohortStore]:
    """One cohort reused by every hypothesis example: opening a store per example would dominate the run."""
    with tempfile.TemporaryDirectory() as folder, open_two_pairs(Path(folder) / "cohort.json") as opened:
        yield opened


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(passphrase=st.text(min_size=6, max_size=40), other=st.text(max_size=40))
def test_any_passphrase_the_checks_accept_unlocks_and_nothing_else_does(
    shared_store: CohortStore, passphrase: str, other: str
) -> None:
    if has_passphrase(shared_store, 1):
        reset_pair_passphrase(shared_store, 1)
    # A passphrase may be accepted or refused, so pytest.raises does not fit; a refusal is checked after the except.
    refused: ValidationError | None = None
    try:
        key = set_pair_passphrase(shared_store, 1, passphrase, passphrase, setup_code=issue_setup_code(shared_store, 1))
    except ValidationError as error:
        refused = error
    if refused is not None:
        assert "too easy to guess" in (refused.for_field("passphrase") or "")
        assert not has_passphrase(shared_store, 1)
        return
    assert unlock_pair(shared_store, 1, passphrase, now=NOON) == key
    if unicodedata.normalize("NFC", other) != unicodedata.normalize("NFC", passphrase):
        with pytest.raises(WrongPassphrase):
            unlock_pair(shared_store, 1, other, now=NOON)
