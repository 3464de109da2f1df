"""Passphrases: setting once, unlocking, lockouts that survive a restart, resets, and the coordinator's passphrase."""

from __future__ import annotations

import tempfile
import unicodedata
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rmtui.core.errors import RmtuiError, ValidationError
from rmtui.core.pair_access import (
    LockedOut,
    WrongPassphrase,
    access_status,
    clear_coordinator_passphrase,
    describe_reset,
    has_coordinator_passphrase,
    has_passphrase,
    lock_delay,
    read_private_notes,
    reset_pair_passphrase,
    save_private_notes,
    set_coordinator_passphrase,
    set_pair_passphrase,
    unlock_pair,
    verify_coordinator_passphrase,
)
from rmtui.core.pairs import Pair
from rmtui.core.store import PAIRS, CohortStore

TODAY = date(2026, 3, 16)
NOON = datetime(2026, 3, 16, 12, 0, tzinfo=UTC)
PASSPHRASE = "tea at the quay"


def open_with_pairs(path: Path) -> CohortStore:
    """A cohort with two confirmed pairs (ids 1 and 2) on the fixed clock."""
    store = CohortStore.open(path, today=lambda: TODAY)
    if not store.table(PAIRS):
        store.table(PAIRS).insert_multiple(
            Pair(f"mentor{n}@x.org", f"mentee{n}@x.org", confirmed_on=TODAY).to_doc() for n in (1, 2)
        )
    return store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[CohortStore]:
    """An open cohort with two pairs."""
    opened = open_with_pairs(tmp_path / "cohort.json")
    yield opened
    opened.close()


def test_a_short_passphrase_is_refused_naming_the_field_and_the_fix(store: CohortStore) -> None:
    with pytest.raises(ValidationError) as raised:
        set_pair_passphrase(store, 1, "abc")
    assert raised.value.for_field("passphrase") == "is 3 characters long; use at least 6, like a short sentence"
    with pytest.raises(ValidationError) as raised:
        set_pair_passphrase(store, 1, PASSPHRASE, "tea at the quay.")
    assert "type the same passphrase twice" in (raised.value.for_field("passphrase_repeat") or "")
    assert not has_passphrase(store, 1)


def test_a_passphrase_is_set_once_and_unlocks_the_pair(store: CohortStore) -> None:
    key = set_pair_passphrase(store, 1, PASSPHRASE, PASSPHRASE)
    assert has_passphrase(store, 1) and not has_passphrase(store, 2)
    assert unlock_pair(store, 1, PASSPHRASE, now=NOON) == key
    with pytest.raises(RmtuiError, match="already has a passphrase"):
        set_pair_passphrase(store, 1, "another passphrase")
    with pytest.raises(RmtuiError, match="has not set a passphrase yet"):
        unlock_pair(store, 2, PASSPHRASE, now=NOON)
    with pytest.raises(RmtuiError, match="no pair 9"):
        unlock_pair(store, 9, PASSPHRASE, now=NOON)
    assert PASSPHRASE.encode() not in store.path.read_bytes()


def test_wrong_passphrases_count_down_to_a_lock(store: CohortStore) -> None:
    set_pair_passphrase(store, 1, PASSPHRASE)
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
    set_pair_passphrase(store, 1, PASSPHRASE)
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


def test_a_lock_survives_closing_and_reopening_the_cohort(tmp_path: Path) -> None:
    path = tmp_path / "cohort.json"
    with open_with_pairs(path) as store:
        set_pair_passphrase(store, 1, PASSPHRASE)
        for _ in range(5):
            with pytest.raises(WrongPassphrase):
                unlock_pair(store, 1, "wrong guess", now=NOON)
    with open_with_pairs(path) as store:
        with pytest.raises(LockedOut, match="try again in 30 seconds"):
            unlock_pair(store, 1, PASSPHRASE, now=NOON)
        assert unlock_pair(store, 1, PASSPHRASE, now=NOON + timedelta(seconds=30)).pair_id == 1


def test_a_naive_clock_is_read_as_local_time(store: CohortStore) -> None:
    set_pair_passphrase(store, 1, PASSPHRASE)
    local_noon = datetime(2026, 3, 16, 12, 0)
    for _ in range(5):
        with pytest.raises(WrongPassphrase):
            unlock_pair(store, 1, "wrong guess", now=local_noon)
    with pytest.raises(LockedOut, match=r"in 29 seconds \(after 12:00:30\)"):
        unlock_pair(store, 1, PASSPHRASE, now=local_noon + timedelta(seconds=1))


def test_private_notes_are_sealed_and_read_back(store: CohortStore) -> None:
    key = set_pair_passphrase(store, 1, PASSPHRASE)
    save_private_notes(store, key, "MARKER-notes-only-for-us")
    assert b"MARKER" not in store.path.read_bytes()
    again = unlock_pair(store, 1, PASSPHRASE, now=NOON)
    assert read_private_notes(store, again) == "MARKER-notes-only-for-us"
    with pytest.raises(ValidationError, match="notes: is 20,001 characters long"):
        save_private_notes(store, key, "x" * 20_001)
    with pytest.raises(ValidationError, match=r"notes: contains a control character \(U\+0007\)"):
        save_private_notes(store, key, "ring\a")
    assert read_private_notes(store, again) == "MARKER-notes-only-for-us"


def test_a_reset_explains_what_is_lost_and_refuses_keys_from_before_it(store: CohortStore) -> None:
    assert describe_reset(store, 1) == "This pair has not set a passphrase, so there is nothing to reset."
    old_key = set_pair_passphrase(store, 1, PASSPHRASE)
    save_private_notes(store, old_key, "notes")
    other = set_pair_passphrase(store, 2, "pair two's words")
    save_private_notes(store, other, "pair two's notes")
    warning = describe_reset(store, 1)
    assert "the pair's private notes" in warning and "cannot be undone" in warning and "goals" in warning
    reset_pair_passphrase(store, 1)
    assert not has_passphrase(store, 1)
    assert read_private_notes(store, other) == "pair two's notes"
    new_key = set_pair_passphrase(store, 1, "a brand new passphrase")
    assert read_private_notes(store, new_key) == ""
    with pytest.raises(RmtuiError, match="was reset since it was unlocked"):
        save_private_notes(store, old_key, "written with a stale key")


def test_the_coordinator_passphrase_is_set_verified_changed_and_cleared(tmp_path: Path, store: CohortStore) -> None:
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
def shared_store() -> Iterator[CohortStore]:
    """One cohort reused by every hypothesis example: opening a store per example would dominate the run."""
    with tempfile.TemporaryDirectory() as folder, open_with_pairs(Path(folder) / "cohort.json") as opened:
        yield opened


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(passphrase=st.text(min_size=6, max_size=40), other=st.text(max_size=40))
def test_any_passphrase_of_six_or_more_characters_unlocks_and_nothing_else_does(
    shared_store: CohortStore, passphrase: str, other: str
) -> None:
    if has_passphrase(shared_store, 1):
        reset_pair_passphrase(shared_store, 1)
    key = set_pair_passphrase(shared_store, 1, passphrase, passphrase)
    assert unlock_pair(shared_store, 1, passphrase, now=NOON) == key
    if unicodedata.normalize("NFC", other) != unicodedata.normalize("NFC", passphrase):
        with pytest.raises(WrongPassphrase):
            unlock_pair(shared_store, 1, other, now=NOON)
