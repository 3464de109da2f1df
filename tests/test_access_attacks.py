"""What someone who can read and edit the cohort file and its backups between visits still cannot do.

Each test here was seen to fail with its protection removed by hand (see the commit that added it).
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import orjson
import pytest
from tinydb.table import Document

from rmtui.core.access import (
    SEALED_PREFIX,
    ContentRolledBack,
    DecryptionError,
    LockedOut,
    PairKey,
    PassphraseHash,
    ScryptParams,
    WeakPassphraseSettings,
    WrongPassphrase,
    access_status,
    crypto,
    describe_reset,
    hkdf_sha256,
    issue_setup_code,
    read_private_notes,
    reset_pair_passphrase,
    save_private_notes,
    set_pair_passphrase,
    unlock_pair,
    unseal,
)
from rmtui.core.access import passphrases as pair_access
from rmtui.core.demo import enrol
from rmtui.core.errors import RmtuiError
from rmtui.core.store import PAIR_ACCESS, SETUP_CODES, CohortStore, backup_folder, list_backups

TODAY = date(2026, 3, 16)
NOON = datetime(2026, 3, 16, 12, 0, tzinfo=UTC)
PASSPHRASE = "tea at the quay"
OTHER = "pair two's own words"


@pytest.fixture
def path(tmp_path: Path) -> Path:
    """Where the cohort lives; each test opens and closes it as visits to the machine."""
    return tmp_path / "cohort.json"


@pytest.fixture
def store(path: Path, open_two_pairs: Callable[[Path], CohortStore]) -> Iterator[CohortStore]:
    """The cohort, open, with two pairs."""
    opened = open_two_pairs(path)
    yield opened
    opened.close()


def edit_file(path: Path, change: Callable[[dict[str, Any]], None]) -> None:
    """Edit the closed cohort file as an attacker would, with a text editor and patience."""
    tables = orjson.loads(path.read_bytes())
    change(tables)
    path.write_bytes(orjson.dumps(tables))


def pair_record(tables: dict[str, Any], pair_id: int = 1) -> dict[str, Any]:
    """A pair's access record in the parsed file."""
    record: dict[str, Any] = tables[PAIR_ACCESS][str(pair_id)]
    return record


def stored_byte_strings(*files: bytes) -> set[bytes]:
    """Every string in these files, as text and as the bytes its base64 stands for: all an attacker holds."""
    found: set[bytes] = set()

    def walk(value: object) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(key)
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, str):
            found.add(value.encode())
            with contextlib.suppress(binascii.Error, ValueError):  # not base64: only the text itself counts
                found.add(base64.b64decode(value.removeprefix(SEALED_PREFIX), validate=True))

    for raw in files:
        walk(orjson.loads(raw))
    return found


def opened_by_anything_stored(token: str, associated: str, *files: bytes) -> list[bytes]:
    """The stored byte strings that open ``token``, used as an AES key or as the scrypt output HKDF starts from."""
    opened = []
    for candidate in stored_byte_strings(*files):
        as_key = [candidate] if len(candidate) in (16, 24, 32) else []
        keys = [hkdf_sha256(candidate, crypto.CONTENT_KEY_INFO), *as_key]
        for key in keys:
            try:
                unseal(key, token, associated)
            except DecryptionError:
                continue
            opened.append(candidate)
    return opened


def notes_token(path: Path, pair_id: int = 1) -> tuple[str, str]:
    """The sealed notes of a pair as stored, and the associated data that opens them."""
    entry = pair_record(orjson.loads(path.read_bytes()), pair_id)["sealed"]["notes"]
    return entry["token"], f"rmtui|pair {pair_id}|notes|v{entry['version']}"


# --- Keys -----------------------------------------------------------------------------------------------------------


def test_nothing_stored_in_the_file_opens_what_the_pair_sealed(path: Path, store: CohortStore) -> None:
    save_private_notes(store, enrol(store, 1, PASSPHRASE), "MARKER notes")
    token, associated = notes_token(path)
    assert opened_by_anything_stored(token, associated, path.read_bytes()) == []


@pytest.mark.parametrize(
    "tamper",
    [
        {"salt": base64.b64encode(bytes(16)).decode()},
        {"n": 2**11},  # more costly, as an attacker might set to slow the kiosk
        {"n": 2**9},  # below the floor (the tests' floor is 2**10)
        {"r": 9},
        {"p": 2},
    ],
    ids=["salt", "n up", "n below the floor", "r", "p"],
)
def test_edited_settings_are_refused_at_unlock_and_never_seal_anything(
    path: Path, tamper: dict[str, object], open_two_pairs: Callable[[Path], CohortStore]
) -> None:
    with open_two_pairs(path) as store:
        enrol(store, 1, PASSPHRASE)
    edit_file(path, lambda tables: pair_record(tables)["kdf"].update(tamper))
    with open_two_pairs(path) as store:
        with pytest.raises((WrongPassphrase, WeakPassphraseSettings)):
            unlock_pair(store, 1, PASSPHRASE, now=NOON)
        assert pair_record(orjson.loads(path.read_bytes()))["sealed"] == {}


def test_the_verifier_put_where_the_salt_goes_is_refused_too(
    path: Path, open_two_pairs: Callable[[Path], CohortStore]
) -> None:
    # The old attack made the content key's salt equal the hash's, so the stored digest was the key.
    with open_two_pairs(path) as store:
        enrol(store, 1, PASSPHRASE)
    edit_file(path, lambda tables: pair_record(tables)["kdf"].update(salt=pair_record(tables)["verifier"]))
    with open_two_pairs(path) as store, pytest.raises(WrongPassphrase):
        unlock_pair(store, 1, PASSPHRASE, now=NOON)


def legacy_record(pair_id: int, passphrase: str, *, key_salt_from_hash: bool) -> dict[str, object]:
    """A record as rmtui wrote it before one KDF, optionally with the old attack: the key's salt set to the hash's."""
    hashed = ScryptParams(crypto.new_scrypt_params().salt, n=2**14, r=8, p=1)
    key_params = hashed if key_salt_from_hash else ScryptParams(crypto.new_scrypt_params().salt, n=2**14, r=8, p=1)
    return {
        "pair_id": pair_id,
        "passphrase": PassphraseHash(hashed, hashed.derive(passphrase)).to_doc(),
        "key_scrypt": key_params.to_doc(),
        "failed_attempts": 0,
        "locked_until": None,
        "sealed": {},
    }


def test_a_salt_swapped_legacy_record_rekeys_to_a_key_nothing_in_either_file_holds(
    path: Path, open_two_pairs: Callable[[Path], CohortStore]
) -> None:
    with open_two_pairs(path) as store:
        store.table(PAIR_ACCESS).insert(Document(legacy_record(1, PASSPHRASE, key_salt_from_hash=True), 1))
    before = path.read_bytes()  # the attacker keeps this copy: its digest was the legacy content key
    with open_two_pairs(path) as store:
        save_private_notes(store, unlock_pair(store, 1, PASSPHRASE, now=NOON), "MARKER new notes")
    token, associated = notes_token(path)
    assert opened_by_anything_stored(token, associated, before, path.read_bytes()) == []


def test_a_legacy_record_below_the_legacy_cost_is_refused(
    path: Path, open_two_pairs: Callable[[Path], CohortStore]
) -> None:
    with open_two_pairs(path) as store:
        record = legacy_record(1, PASSPHRASE, key_salt_from_hash=False)
        cheap = ScryptParams(crypto.new_scrypt_params().salt, n=2**13, r=8, p=1)
        record["passphrase"] = PassphraseHash(cheap, cheap.derive(PASSPHRASE)).to_doc()
        store.table(PAIR_ACCESS).insert(Document(record, 1))
        with pytest.raises(WeakPassphraseSettings):
            unlock_pair(store, 1, PASSPHRASE, now=NOON)
        assert access_status(store, 1).failed_attempts == 0


@pytest.mark.real_kdf
@pytest.mark.parametrize("n", [2, 2**16])
def test_a_record_edited_below_the_production_floor_is_refused_before_any_try_is_counted(
    path: Path, n: int, open_two_pairs: Callable[[Path], CohortStore]
) -> None:
    with open_two_pairs(path) as store:
        enrol(store, 1, PASSPHRASE)
    edit_file(path, lambda tables: pair_record(tables)["kdf"].update(n=n))
    with open_two_pairs(path) as store:
        with pytest.raises(WeakPassphraseSettings, match=f"scrypt N={n},.*the coordinator can reset"):
            unlock_pair(store, 1, PASSPHRASE, now=NOON)
        assert access_status(store, 1).failed_attempts == 0


# --- Rollback of sealed slots ---------------------------------------------------------------------------------------


def older_copy(path: Path, store: CohortStore, key: PairKey) -> dict[str, Any]:
    """Save notes twice; returns the pair's record as it was between the two saves."""
    save_private_notes(store, key, "first notes")
    record = pair_record(orjson.loads(path.read_bytes()))
    save_private_notes(store, key, "second notes")
    return record


@pytest.mark.parametrize(
    ("change", "detail"),
    [
        (lambda now, old: now["sealed"].update(notes=old["sealed"]["notes"]), "notes is version 1, the list says 2"),
        (lambda now, old: now.update(manifest=old["manifest"]), "notes is version 2, the list says 1"),
        (lambda now, old: now["sealed"].pop("notes"), "notes is missing"),
        (lambda now, old: now["sealed"].update(goal_sheet=old["sealed"]["notes"]), "goal_sheet is not on the list"),
        (lambda now, old: now.pop("manifest"), "the list itself is missing"),
    ],
    ids=["older slot", "older manifest", "slot removed", "slot added", "manifest removed"],
)
def test_an_older_or_moved_slot_is_refused_naming_it_and_nothing_is_changed(
    path: Path,
    change: Callable[[dict[str, Any], dict[str, Any]], None],
    detail: str,
    open_two_pairs: Callable[[Path], CohortStore],
) -> None:
    with open_two_pairs(path) as store:
        key = enrol(store, 1, PASSPHRASE)
        old = older_copy(path, store, key)
    edit_file(path, lambda tables: change(pair_record(tables), old))
    edited = path.read_bytes()
    with open_two_pairs(path) as store:
        key = unlock_pair(store, 1, PASSPHRASE, now=NOON)
        refused = f"\\({detail}\\): it was replaced by an older copy.*Nothing was changed"
        with pytest.raises(ContentRolledBack, match=refused):
            read_private_notes(store, key)
        with pytest.raises(ContentRolledBack):
            save_private_notes(store, key, "third notes")
        sealed_now = pair_record(orjson.loads(path.read_bytes()))
    assert sealed_now["sealed"] == pair_record(orjson.loads(edited))["sealed"]


def test_an_older_ciphertext_relabelled_as_the_current_version_does_not_open(
    path: Path, open_two_pairs: Callable[[Path], CohortStore]
) -> None:
    with open_two_pairs(path) as store:
        key = enrol(store, 1, PASSPHRASE)
        old = older_copy(path, store, key)
    edit_file(path, lambda tables: pair_record(tables)["sealed"]["notes"].update(token=old["sealed"]["notes"]["token"]))
    with open_two_pairs(path) as store, pytest.raises(DecryptionError):
        read_private_notes(store, unlock_pair(store, 1, PASSPHRASE, now=NOON))


def test_a_slot_emptied_and_written_again_cannot_be_put_back_to_its_first_copy(
    path: Path, open_two_pairs: Callable[[Path], CohortStore]
) -> None:
    with open_two_pairs(path) as store:
        key = enrol(store, 1, PASSPHRASE)
        save_private_notes(store, key, "first notes")
        first = pair_record(orjson.loads(path.read_bytes()))["sealed"]["notes"]
        save_private_notes(store, key, "")
        save_private_notes(store, key, "notes after a clear-out")
    edit_file(path, lambda tables: pair_record(tables)["sealed"].update(notes=first))
    with open_two_pairs(path) as store, pytest.raises(ContentRolledBack):
        read_private_notes(store, unlock_pair(store, 1, PASSPHRASE, now=NOON))


def test_another_pairs_slot_copied_in_does_not_open(path: Path, open_two_pairs: Callable[[Path], CohortStore]) -> None:
    with open_two_pairs(path) as store:
        save_private_notes(store, enrol(store, 1, PASSPHRASE), "pair one's notes")
        save_private_notes(store, enrol(store, 2, OTHER), "pair two's notes")
    edit_file(path, lambda tables: pair_record(tables, 1)["sealed"].update(pair_record(tables, 2)["sealed"]))
    with open_two_pairs(path) as store, pytest.raises(DecryptionError):
        read_private_notes(store, unlock_pair(store, 1, PASSPHRASE, now=NOON))


# --- Resets and backups ---------------------------------------------------------------------------------------------


def test_a_reset_leaves_nothing_of_the_pair_in_the_backups(
    path: Path, open_two_pairs: Callable[[Path], CohortStore]
) -> None:
    with open_two_pairs(path) as store:
        code = issue_setup_code(store, 1)  # the first backup will hold this code
    with open_two_pairs(path) as store:
        key = set_pair_passphrase(store, 1, PASSPHRASE, setup_code=code)
        save_private_notes(store, key, "MARKER one")
        save_private_notes(store, enrol(store, 2, OTHER), "pair two's notes")
    with open_two_pairs(path) as store:  # backs up the file with both records
        pair_one = pair_record(orjson.loads(path.read_bytes()), 1)
        pair_two = pair_record(orjson.loads(path.read_bytes()), 2)
        damaged = backup_folder(path) / f"{path.stem}-00000000-000000-000000.json"
        damaged.write_bytes(b'{"pair_access": {"1": ')
        assert "also removed from the 3 backups in" in describe_reset(store, 1)
        scrubbed = reset_pair_passphrase(store, 1)
    assert scrubbed.left_alone == (damaged,) and len(scrubbed.changed) == 2
    assert damaged.read_bytes() == b'{"pair_access": {"1": '
    secrets = [pair_one["verifier"], pair_one["kdf"]["salt"], pair_one["sealed"]["notes"]["token"]]
    secrets.append(code.replace("-", ""))
    for backup in [path, *list_backups(path)]:
        if backup == damaged:
            continue
        raw = backup.read_bytes()
        assert not [secret for secret in secrets if secret.encode() in raw], backup
        tables = orjson.loads(raw)
        assert "1" not in tables.get(PAIR_ACCESS, {}) and "1" not in tables.get(SETUP_CODES, {})
    assert pair_two["verifier"].encode() in list_backups(path)[-1].read_bytes()


# --- Guessing at the kiosk ------------------------------------------------------------------------------------------


def guess_at_once(store: CohortStore, guesses: int) -> list[BaseException | None]:
    """``guesses`` wrong passphrases for pair 1 from as many threads, released together."""
    start = threading.Barrier(guesses)

    def guess(number: int) -> None:
        start.wait()
        unlock_pair(store, 1, f"wrong guess {number}", now=NOON)

    with ThreadPoolExecutor(max_workers=guesses) as pool:
        futures = [pool.submit(guess, number) for number in range(guesses)]
    return [future.exception() for future in futures]


def test_twenty_guesses_at_once_are_all_counted(store: CohortStore, monkeypatch: pytest.MonkeyPatch) -> None:
    enrol(store, 1, PASSPHRASE)
    monkeypatch.setattr(pair_access, "MAX_TRIES", 20)  # so that none of the twenty is stopped by the lock
    outcomes = guess_at_once(store, 20)
    assert all(isinstance(outcome, WrongPassphrase) for outcome in outcomes)
    status = access_status(store, 1)
    assert status.failed_attempts == 20 and status.locked_until is not None


def test_guesses_at_once_check_no_more_passphrases_than_the_lock_allows(store: CohortStore) -> None:
    enrol(store, 1, PASSPHRASE)
    outcomes = guess_at_once(store, 20)
    assert sum(isinstance(outcome, WrongPassphrase) for outcome in outcomes) == pair_access.MAX_TRIES
    assert sum(isinstance(outcome, LockedOut) for outcome in outcomes) == 20 - pair_access.MAX_TRIES
    assert access_status(store, 1).failed_attempts == pair_access.MAX_TRIES


def test_a_try_is_on_disk_before_the_passphrase_is_checked(store: CohortStore, monkeypatch: pytest.MonkeyPatch) -> None:
    enrol(store, 1, PASSPHRASE)
    counted_on_disk = []

    def check_after_reading_the_file(self: crypto.StoredPassphrase, passphrase: str) -> crypto.DerivedKeys | None:
        counted_on_disk.append(pair_record(orjson.loads(store.path.read_bytes()))["failed_attempts"])
        return real_check(self, passphrase)

    real_check = crypto.StoredPassphrase.check
    monkeypatch.setattr(crypto.StoredPassphrase, "check", check_after_reading_the_file)
    with pytest.raises(WrongPassphrase):
        unlock_pair(store, 1, "wrong guess", now=NOON)
    unlock_pair(store, 1, PASSPHRASE, now=NOON)
    # A kill during the slow check cannot undo the try; the right passphrase then clears the count.
    assert counted_on_disk == [1, 2] and access_status(store, 1).failed_attempts == 0


def test_a_wrong_setup_code_sets_nothing(store: CohortStore) -> None:
    issue_setup_code(store, 1)
    before = store.path.read_bytes()
    with pytest.raises(RmtuiError, match="not this pair's setup code"):
        set_pair_passphrase(store, 1, PASSPHRASE, setup_code="2345-6789")
    assert store.path.read_bytes() == before
