"""Passphrases: each pair's, which unlocks its confidential content, and the coordinator's, which ends kiosk mode.

A pair's record in the "pair_access" table (doc_id = the pair id) holds one scrypt's salt and
cost and the verifier derived from it (see crypto), the wrong-try count and lock, every sealed
piece of the pair's confidential content by slot, and a manifest sealed with the same key that
lists each slot's version. Keeping all of it in one record is what makes a reset exact: deleting
the record deletes the confidential content and nothing else.

Reading and writing the sealed slots, and how the manifest catches an older copy put back, live
in ``sealed_slots``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from tinydb.table import Document

from rmtui.core.access.crypto import (
    LEGACY_SCRYPT_N,
    DerivedKeys,
    PairKey,
    PassphraseHash,
    ScryptParams,
    StoredPassphrase,
    is_legacy,
    legacy_associated,
    new_stored_passphrase,
    unseal,
)
from rmtui.core.access.enrolment import (
    check_new_passphrase,
    consume_setup_code,
    coordinator_user_inputs,
    pair_user_inputs,
    setup_code_problem,
)
from rmtui.core.access.gate import has_coordinator_passphrase
from rmtui.core.access.sealed_slots import new_manifest, read_sealed, write_sealed, write_sealed_slots
from rmtui.core.errors import FieldError, RmtuiError, ValidationError
from rmtui.core.store import (
    COORDINATOR_ACCESS,
    PAIR_ACCESS,
    PAIRS,
    SETUP_CODES,
    CohortStore,
    Scrubbed,
    backup_folder,
    list_backups,
    scrub_backups,
)
from rmtui.core.text import check_paragraph

MAX_TRIES = 5
FIRST_LOCK = timedelta(seconds=30)
# Doubling stops at an hour: long enough to stop guessing at the kiosk, short enough that a pair
# who mistyped is not stuck for the day (the coordinator can also reset).
LONGEST_LOCK = timedelta(hours=1)
NOTES = "notes"
# Slots whose loss a reset describes; earlier versions are stored as "<slot>.v<n>".
SLOT_NAMES = {
    "goal_sheet": "the biases and sensitivities and the disagreements sections of the goal sheet",
    NOTES: "the pair's private notes",
}
MAX_NOTES = 20_000
PAIR_HINT = ", or ask the coordinator to reset the passphrase (which deletes the confidential content)"


class WrongPassphrase(RmtuiError):
    """The passphrase did not match; the message says how many tries are left or how long the lock lasts."""


class LockedOut(RmtuiError):
    """Too many wrong passphrases in a row: no passphrase is checked until ``until``."""

    def __init__(self, message: str, until: datetime) -> None:
        super().__init__(message)
        self.until = until


@dataclass(frozen=True, slots=True)
class PairAccess:
    """What anyone may know about a pair's lock: whether it is set, wrong tries and the lock's end."""

    has_passphrase: bool
    failed_attempts: int = 0
    locked_until: datetime | None = None
    sealed_slots: tuple[str, ...] = ()


def _utc(now: datetime | None) -> datetime:
    # A naive datetime is taken as local time, like datetime.now() gives.
    return datetime.now(UTC) if now is None else now.astimezone(UTC)


def _moment(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def lock_delay(failed_attempts: int) -> timedelta | None:
    """How long a lock lasts after this many wrong tries in a row: none before five, then 30 s doubling to an hour."""
    if failed_attempts < MAX_TRIES:
        return None
    doubling: int = 2 ** min(failed_attempts - MAX_TRIES, 12)
    return min(FIRST_LOCK * doubling, LONGEST_LOCK)


def describe_wait(wait: timedelta) -> str:
    """A wait in words, rounded up to the second: '45 seconds', '2 minutes 5 seconds'."""
    seconds = max(1, math.ceil(wait.total_seconds()))
    minutes, seconds = divmod(seconds, 60)
    parts = [f"{minutes} minute{'s' * (minutes != 1)}"] if minutes else []
    if seconds or not minutes:
        parts.append(f"{seconds} second{'s' * (seconds != 1)}")
    return " ".join(parts)


# --- Checking a passphrase --------------------------------------------------------------------------------------------


def _count_try(store: CohortStore, table: str, doc: Document, now: datetime | None, whose: str, hint: str) -> int:
    """Refuse while locked; otherwise count this try, and set the lock it earns, before the passphrase is checked."""
    moment = _utc(now)
    locked_until = _moment(doc.get("locked_until"))
    if locked_until:
        # A clock set back (or a file from a machine with a wrong clock) must not lock for longer than the schedule.
        locked_until = min(locked_until, moment + LONGEST_LOCK)
    if locked_until and moment < locked_until:
        shown = locked_until.astimezone(now.tzinfo if now and now.tzinfo else None)
        raise LockedOut(
            f"Too many wrong passphrases for {whose}: try again in {describe_wait(locked_until - moment)} "
            f"(after {shown:%H:%M:%S}){hint}.",
            locked_until,
        )
    failed: int = doc.get("failed_attempts", 0) + 1
    delay = lock_delay(failed)
    until = (moment + delay).isoformat() if delay else None
    store.table(table).update({"failed_attempts": failed, "locked_until": until}, doc_ids=[doc.doc_id])
    return failed


def _wrong(failed: int, whose: str, hint: str) -> WrongPassphrase:
    delay = lock_delay(failed)
    if delay:
        return WrongPassphrase(
            f"That is not {whose}'s passphrase. After {failed} wrong tries in a row it is locked for "
            f"{describe_wait(delay)}; try again then{hint}."
        )
    left = MAX_TRIES - failed
    return WrongPassphrase(
        f"That is not {whose}'s passphrase; {left} more wrong tr{'ies' if left != 1 else 'y'} and it is locked "
        f"for {describe_wait(FIRST_LOCK)}. Check Caps Lock and try again."
    )


def _try_passphrase(
    store: CohortStore, table: str, doc_id: int, passphrase: str, now: datetime | None, whose: str, hint: str = ""
) -> tuple[Document, DerivedKeys | None]:
    """The record and the keys ``passphrase`` gives (None for a legacy record it matches); WrongPassphrase otherwise."""
    with store.batch():
        doc = store.table(table).get(doc_id=doc_id)
        if doc is None:
            raise RmtuiError(f"The passphrase for {whose} was reset meanwhile; nothing was checked.")
        # Settings below the floor are refused before anything is counted or derived.
        stored = PassphraseHash.from_doc(doc["passphrase"]) if is_legacy(doc) else StoredPassphrase.from_doc(doc)
        failed = _count_try(store, table, doc, now, whose, hint)
    # The try is on disk before the slow check, and the check runs outside the lock: guesses racing
    # from threads, or a kill mid-check, cannot undo the count, and other saves are not held up.
    if isinstance(stored, PassphraseHash):
        matched, keys = stored.matches(passphrase), None
    else:
        keys = stored.check(passphrase)
        matched = keys is not None
    if not matched:
        raise _wrong(failed, whose, hint)
    return doc, keys


def _clear_tries(
    store: CohortStore, table: str, checked: Document, replacement: dict[str, object] | None = None
) -> None:
    """After a right passphrase: no wrong tries, no lock, and the record replaced if it was re-keyed."""
    current = store.table(table).get(doc_id=checked.doc_id)
    if current is None or any(current.get(name) != checked.get(name) for name in ("kdf", "verifier", "passphrase")):
        raise RmtuiError("The passphrase was changed or reset while it was checked; try again (nothing was saved).")
    if replacement is None:
        store.table(table).update({"failed_attempts": 0, "locked_until": None}, doc_ids=[checked.doc_id])
        return
    store.table(table).remove(doc_ids=[checked.doc_id])
    store.table(table).insert(Document({**replacement, "failed_attempts": 0, "locked_until": None}, checked.doc_id))


# --- A pair's passphrase --------------------------------------------------------------------------------------------


def _pair_doc(store: CohortStore, pair_id: int) -> Document | None:
    if store.table(PAIRS).get(doc_id=pair_id) is None:
        raise RmtuiError(f"There is no pair {pair_id} in this cohort; it may have been removed. Choose the pair again.")
    return store.table(PAIR_ACCESS).get(doc_id=pair_id)


def access_status(store: CohortStore, pair_id: int) -> PairAccess:
    """Whether the pair has a passphrase, its wrong tries and lock, and which confidential slots hold content."""
    doc = _pair_doc(store, pair_id)
    if doc is None:
        return PairAccess(has_passphrase=False)
    return PairAccess(
        True, doc.get("failed_attempts", 0), _moment(doc.get("locked_until")), tuple(doc.get("sealed", {}))
    )


def has_passphrase(store: CohortStore, pair_id: int) -> bool:
    """Whether the pair has set its passphrase."""
    return _pair_doc(store, pair_id) is not None


def _new_pair_record(pair_id: int, passphrase: str) -> tuple[dict[str, object], PairKey]:
    """A fresh record (no content, an empty sealed manifest) and the key it gives; the slow part of setting."""
    stored, keys = new_stored_passphrase(passphrase)
    key = PairKey(pair_id, keys.content_key, stored.params.salt)
    doc = {"pair_id": pair_id, **stored.to_doc(), "sealed": {}, "manifest": new_manifest(key)}
    return {**doc, "failed_attempts": 0, "locked_until": None}, key


def set_pair_passphrase(
    store: CohortStore, pair_id: int, passphrase: str, repeat: str | None = None, *, setup_code: str
) -> PairKey:
    """Set a pair's first passphrase with the setup code the coordinator issued; returns the key, so it also unlocks."""
    if _pair_doc(store, pair_id) is not None:
        raise RmtuiError(
            "This pair already has a passphrase; unlock with it. If it is lost, the coordinator can reset it, "
            "which deletes the confidential content."
        )
    errors = [FieldError("setup_code", problem)] if (problem := setup_code_problem(store, pair_id, setup_code)) else []
    try:
        check_new_passphrase(passphrase, repeat, user_inputs=pair_user_inputs(store, pair_id))
    except ValidationError as refused:
        errors += refused.errors
    if errors:
        raise ValidationError(errors)
    doc, key = _new_pair_record(pair_id, passphrase)
    with store.batch():
        # Checked again under the lock: two kiosks' worth of threads must not both enrol with one code.
        if _pair_doc(store, pair_id) is not None or setup_code_problem(store, pair_id, setup_code):
            raise RmtuiError("This pair's passphrase or setup code changed meanwhile; try again (nothing was saved).")
        store.table(PAIR_ACCESS).insert(Document(doc, pair_id))
        consume_setup_code(store, pair_id)
    return key


def unlock_pair(store: CohortStore, pair_id: int, passphrase: str, *, now: datetime | None = None) -> PairKey:
    """The pair's key for this passphrase; WrongPassphrase or LockedOut (with how long) otherwise."""
    if _pair_doc(store, pair_id) is None:
        raise RmtuiError(
            "This pair has not set a passphrase yet; ask the coordinator for a setup code, then set one to keep "
            "notes private."
        )
    doc, keys = _try_passphrase(store, PAIR_ACCESS, pair_id, passphrase, now, "this pair", PAIR_HINT)
    if keys is None:
        return _rekey_legacy(store, doc, passphrase)
    with store.batch():
        _clear_tries(store, PAIR_ACCESS, doc)
    return PairKey(pair_id, keys.content_key, StoredPassphrase.from_doc(doc).params.salt)


def _rekey_legacy(store: CohortStore, legacy: Document, passphrase: str) -> PairKey:
    """Move a record from before one KDF to today's shape, re-sealing its content under the new key, in one write.

    This gives an attacker who can edit the file nothing: whatever is sealed from now on is sealed
    under a key derived afresh (new salt, today's cost, HKDF), never under the legacy key or anything
    stored in the file; and a legacy record is only accepted when the pair's own passphrase matches
    its hash, which cannot be forged without the passphrase. Planting an old legacy record from a
    backup only puts back the whole record as it was, which no local file can prevent.
    """
    pair_id = legacy.doc_id
    old_key = ScryptParams.from_doc(legacy.get("key_scrypt"), min_n=LEGACY_SCRYPT_N).derive(passphrase)
    sealed = legacy.get("sealed", {})
    plaintexts = {slot: unseal(old_key, token, legacy_associated(pair_id, slot)) for slot, token in sealed.items()}
    doc, key = _new_pair_record(pair_id, passphrase)
    with store.batch():
        _clear_tries(store, PAIR_ACCESS, legacy, doc)
        write_sealed_slots(store, key, plaintexts)
    return key


def read_private_notes(store: CohortStore, key: PairKey) -> str:
    """The pair's private notes, decrypted."""
    return read_sealed(store, key, NOTES) or ""


def save_private_notes(store: CohortStore, key: PairKey, notes: str) -> None:
    """Replace the pair's private notes; they are stored encrypted and never shown to the coordinator."""
    if problem := check_paragraph(notes, limit=MAX_NOTES):
        raise ValidationError([FieldError("notes", problem)])
    write_sealed(store, key, NOTES, notes or None)


# --- Resetting a lost passphrase ------------------------------------------------------------------------------------


def describe_reset(store: CohortStore, pair_id: int) -> str:
    """What resetting this pair's passphrase deletes, and what it keeps, in words for the coordinator."""
    status = access_status(store, pair_id)
    if not status.has_passphrase:
        return "This pair has not set a passphrase, so there is nothing to reset."
    lost = [_slot_words(slot) for slot in status.sealed_slots]
    deleted = "; ".join(lost) if lost else "no confidential content yet"
    count = len(list_backups(store.path))
    backups = f"the {count} backup{'s' * (count != 1)}" if count else "the backups (there are none yet)"
    return (
        f"Resetting deletes the passphrase and the confidential content it protects: {deleted}. This cannot be undone. "
        f"They are also removed from {backups} in {backup_folder(store.path)}; copies you made elsewhere with "
        "`rmtui backup -o` are not touched. "
        "Everything else is kept: the goal sheet's purpose, goals, statuses, dates and agreements. "
        "The pair needs a new setup code from you to set a new passphrase."
    )


def _slot_words(slot: str) -> str:
    if slot.startswith("session_notes."):
        return "the private notes of a session"
    kind, _, version = slot.partition(".v")
    words = SLOT_NAMES.get(kind, f"the pair's confidential {kind.replace('_', ' ')}")
    return f"{words} (earlier version {version})" if version else words


def reset_pair_passphrase(store: CohortStore, pair_id: int) -> Scrubbed:
    """Forget a lost passphrase: deletes the pair's confidential content, here and in the backups, and nothing else."""
    if _pair_doc(store, pair_id) is None:
        raise RmtuiError("This pair has not set a passphrase, so there is nothing to reset.")
    with store.batch():
        store.table(PAIR_ACCESS).remove(doc_ids=[pair_id])
        consume_setup_code(store, pair_id)
    # After the file: a crash between the two leaves the backups to scrub, never a file still holding the content.
    return scrub_backups(store.path, {PAIR_ACCESS: pair_id, SETUP_CODES: pair_id})


# --- The coordinator's passphrase -----------------------------------------------------------------------------------


def _coordinator_doc(store: CohortStore) -> Document | None:
    return store.table(COORDINATOR_ACCESS).get(doc_id=1)


def verify_coordinator_passphrase(store: CohortStore, passphrase: str, *, now: datetime | None = None) -> None:
    """Return quietly for the coordinator's passphrase; WrongPassphrase or LockedOut otherwise."""
    if _coordinator_doc(store) is None:
        raise RmtuiError("No coordinator passphrase is set; set one in Settings to protect kiosk mode.")
    doc, keys = _try_passphrase(store, COORDINATOR_ACCESS, 1, passphrase, now, "the coordinator")
    # A legacy hash is re-hashed with today's cost on its first right passphrase (the slow part outside the lock).
    replacement = new_stored_passphrase(passphrase)[0].to_doc() if keys is None else None
    with store.batch():
        _clear_tries(store, COORDINATOR_ACCESS, doc, replacement)


def set_coordinator_passphrase(
    store: CohortStore,
    passphrase: str,
    repeat: str | None = None,
    *,
    current: str | None = None,
    now: datetime | None = None,
) -> None:
    """Set or change the coordinator's passphrase; changing it needs the current one."""
    if has_coordinator_passphrase(store):
        verify_coordinator_passphrase(store, current or "", now=now)
    check_new_passphrase(passphrase, repeat, user_inputs=coordinator_user_inputs(store))
    doc = {**new_stored_passphrase(passphrase)[0].to_doc(), "failed_attempts": 0, "locked_until": None}
    with store.batch():
        store.table(COORDINATOR_ACCESS).truncate()
        store.table(COORDINATOR_ACCESS).insert(Document(doc, doc_id=1))


def clear_coordinator_passphrase(
    store: CohortStore, *, current: str | None = None, now: datetime | None = None, force: bool = False
) -> None:
    """Stop asking for the coordinator's passphrase; needs the current one unless ``force`` (for a lost passphrase)."""
    if not has_coordinator_passphrase(store):
        return
    if not force:
        verify_coordinator_passphrase(store, current or "", now=now)
    store.table(COORDINATOR_ACCESS).truncate()
