"""Passphrases: each pair's, which unlocks its confidential content, and the coordinator's, which ends kiosk mode.

A pair's record in the "pair_access" table (doc_id = the pair id) holds the salted hash of its
passphrase, the salt its content key is derived with, the wrong-try count and lock, and every
sealed piece of the pair's confidential content, by slot. Keeping all of it in one record is what
makes a reset exact: deleting the record deletes the confidential content and nothing else.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from tinydb.table import Document, Table

from rmtui.core.access_gate import has_coordinator_passphrase
from rmtui.core.crypto import (
    PairKey,
    PassphraseHash,
    ScryptParams,
    hash_passphrase,
    new_scrypt_params,
    passphrase_problem,
)
from rmtui.core.errors import FieldError, RmtuiError, ValidationError
from rmtui.core.store import COORDINATOR_ACCESS, PAIR_ACCESS, PAIRS, CohortStore
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
    return min(FIRST_LOCK * 2 ** min(failed_attempts - MAX_TRIES, 12), LONGEST_LOCK)


def describe_wait(wait: timedelta) -> str:
    """A wait in words, rounded up to the second: '45 seconds', '2 minutes 5 seconds'."""
    seconds = max(1, math.ceil(wait.total_seconds()))
    minutes, seconds = divmod(seconds, 60)
    parts = [f"{minutes} minute{'s' * (minutes != 1)}"] if minutes else []
    if seconds or not minutes:
        parts.append(f"{seconds} second{'s' * (seconds != 1)}")
    return " ".join(parts)


def check_new_passphrase(passphrase: str, repeat: str | None = None, *, field: str = "passphrase") -> None:
    """Refuse a passphrase that is too short or too long, or a repeat that differs, naming the field."""
    errors = []
    problem = passphrase_problem(passphrase)
    if problem:
        errors.append(FieldError(field, problem))
    if repeat is not None and repeat != passphrase:
        errors.append(FieldError(f"{field}_repeat", "does not match; type the same passphrase twice"))
    if errors:
        raise ValidationError(errors)


def _attempt(table: Table, doc: Document, passphrase: str, now: datetime | None, whose: str, hint: str = "") -> None:
    """Check a passphrase against a lock record, counting wrong tries in the file so a restart keeps them."""
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
    if PassphraseHash.from_doc(doc["passphrase"]).matches(passphrase):
        if doc.get("failed_attempts") or locked_until:
            table.update({"failed_attempts": 0, "locked_until": None}, doc_ids=[doc.doc_id])
        return
    failed = doc.get("failed_attempts", 0) + 1
    delay = lock_delay(failed)
    table.update(
        {"failed_attempts": failed, "locked_until": (moment + delay).isoformat() if delay else None},
        doc_ids=[doc.doc_id],
    )
    if delay:
        raise WrongPassphrase(
            f"That is not {whose}'s passphrase. After {failed} wrong tries in a row it is locked for "
            f"{describe_wait(delay)}; try again then{hint}."
        )
    left = MAX_TRIES - failed
    raise WrongPassphrase(
        f"That is not {whose}'s passphrase; {left} more wrong tr{'ies' if left != 1 else 'y'} and it is locked "
        f"for {describe_wait(FIRST_LOCK)}. Check Caps Lock and try again."
    )


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


def set_pair_passphrase(store: CohortStore, pair_id: int, passphrase: str, repeat: str | None = None) -> PairKey:
    """Set a pair's passphrase, once; returns the pair's key, so setting it also unlocks."""
    if _pair_doc(store, pair_id) is not None:
        raise RmtuiError(
            "This pair already has a passphrase; unlock with it. If it is lost, the coordinator can reset it, "
            "which deletes the confidential content."
        )
    check_new_passphrase(passphrase, repeat)
    key_params = new_scrypt_params()
    key = PairKey(pair_id, key_params.derive(passphrase), key_params.salt)
    doc = {"pair_id": pair_id, "passphrase": hash_passphrase(passphrase).to_doc(), "key_scrypt": key_params.to_doc()}
    store.table(PAIR_ACCESS).insert(
        Document({**doc, "failed_attempts": 0, "locked_until": None, "sealed": {}}, pair_id)
    )
    return key


def unlock_pair(store: CohortStore, pair_id: int, passphrase: str, *, now: datetime | None = None) -> PairKey:
    """The pair's key for this passphrase; WrongPassphrase or LockedOut (with how long) otherwise."""
    doc = _pair_doc(store, pair_id)
    if doc is None:
        raise RmtuiError(
            "This pair has not set a passphrase yet; set one (at least 6 characters) to keep notes private."
        )
    hint = ", or ask the coordinator to reset the passphrase (which deletes the confidential content)"
    _attempt(store.table(PAIR_ACCESS), doc, passphrase, now, "this pair", hint)
    params = ScryptParams.from_doc(doc["key_scrypt"])
    return PairKey(pair_id, params.derive(passphrase), params.salt)


def _keyed_doc(store: CohortStore, key: PairKey) -> Document:
    """The pair's record, refusing a key from before a reset: what it sealed could never be opened again."""
    doc = _pair_doc(store, key.pair_id)
    if doc is None or ScryptParams.from_doc(doc["key_scrypt"]).salt != key.salt:
        raise RmtuiError("This pair's passphrase was reset since it was unlocked; unlock again (nothing was saved).")
    return doc


def read_sealed(store: CohortStore, key: PairKey, slot: str) -> str | None:
    """The plaintext in one of the pair's confidential slots, or None when it is empty."""
    token = _keyed_doc(store, key).get("sealed", {}).get(slot)
    return None if token is None else key.unseal(slot, token)


def write_sealed(store: CohortStore, key: PairKey, slot: str, plaintext: str | None) -> None:
    """Seal plaintext into one of the pair's slots (None empties it); only ciphertext reaches the file."""
    doc = _keyed_doc(store, key)
    sealed = {k: v for k, v in doc.get("sealed", {}).items() if k != slot}
    if plaintext is not None:
        sealed[slot] = key.seal(slot, plaintext)
    store.table(PAIR_ACCESS).update({"sealed": sealed}, doc_ids=[doc.doc_id])


def keep_sealed_version(store: CohortStore, pair_id: int, slot: str, version: int) -> None:
    """Copy a slot's ciphertext to '<slot>.v<version>', without the key: the copy keeps its associated data."""
    doc = store.table(PAIR_ACCESS).get(doc_id=pair_id)
    if doc is None or slot not in doc.get("sealed", {}):
        return
    sealed = {**doc["sealed"], f"{slot}.v{version}": doc["sealed"][slot]}
    store.table(PAIR_ACCESS).update({"sealed": sealed}, doc_ids=[pair_id])


def read_private_notes(store: CohortStore, key: PairKey) -> str:
    """The pair's private notes, decrypted."""
    return read_sealed(store, key, NOTES) or ""


def save_private_notes(store: CohortStore, key: PairKey, notes: str) -> None:
    """Replace the pair's private notes; they are stored encrypted and never shown to the coordinator."""
    if problem := check_paragraph(notes, limit=MAX_NOTES):
        raise ValidationError([FieldError("notes", problem)])
    write_sealed(store, key, NOTES, notes or None)


def describe_reset(store: CohortStore, pair_id: int) -> str:
    """What resetting this pair's passphrase deletes, and what it keeps, in words for the coordinator."""
    status = access_status(store, pair_id)
    if not status.has_passphrase:
        return "This pair has not set a passphrase, so there is nothing to reset."
    lost = [_slot_words(slot) for slot in status.sealed_slots]
    deleted = "; ".join(lost) if lost else "no confidential content yet"
    return (
        f"Resetting deletes the passphrase and the confidential content it protects: {deleted}. This cannot be undone. "
        "Everything else is kept: the goal sheet's purpose, goals, statuses, dates and agreements. "
        "The pair sets a new passphrase the next time they open their sheet."
    )


def _slot_words(slot: str) -> str:
    if slot.startswith("session_notes."):
        return "the private notes of a session"
    kind, _, version = slot.partition(".v")
    words = SLOT_NAMES.get(kind, f"the pair's confidential {kind.replace('_', ' ')}")
    return f"{words} (earlier version {version})" if version else words


def reset_pair_passphrase(store: CohortStore, pair_id: int) -> None:
    """Forget a lost passphrase: deletes the pair's confidential content and nothing else of the pair's."""
    if _pair_doc(store, pair_id) is None:
        raise RmtuiError("This pair has not set a passphrase, so there is nothing to reset.")
    store.table(PAIR_ACCESS).remove(doc_ids=[pair_id])


def _coordinator_doc(store: CohortStore) -> Document | None:
    return store.table(COORDINATOR_ACCESS).get(doc_id=1)


def verify_coordinator_passphrase(store: CohortStore, passphrase: str, *, now: datetime | None = None) -> None:
    """Return quietly for the coordinator's passphrase; WrongPassphrase or LockedOut otherwise."""
    doc = _coordinator_doc(store)
    if doc is None:
        raise RmtuiError("No coordinator passphrase is set; set one in Settings to protect kiosk mode.")
    _attempt(store.table(COORDINATOR_ACCESS), doc, passphrase, now, "the coordinator")


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
    check_new_passphrase(passphrase, repeat)
    doc = {"passphrase": hash_passphrase(passphrase).to_doc(), "failed_attempts": 0, "locked_until": None}
    store.table(COORDINATOR_ACCESS).upsert(Document(doc, doc_id=1))


def clear_coordinator_passphrase(
    store: CohortStore, *, current: str | None = None, now: datetime | None = None, force: bool = False
) -> None:
    """Stop asking for the coordinator's passphrase; needs the current one unless ``force`` (for a lost passphrase)."""
    if not has_coordinator_passphrase(store):
        return
    if not force:
        verify_coordinator_passphrase(store, current or "", now=now)
    store.table(COORDINATOR_ACCESS).truncate()
