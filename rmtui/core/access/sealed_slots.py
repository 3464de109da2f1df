"""A pair's sealed slots: confidential content by slot, each ciphertext bound to its pair, slot and version.

The slots live in the pair's record in the "pair_access" table (see pair_access), beside a
manifest sealed with the same key that lists each slot's version and a counter that only grows.
A slot put back to an older ciphertext, a slot removed or one added from elsewhere no longer
matches the manifest and is refused, naming the slot. Putting back the whole record (or the whole
file) as it once was cannot be told from the real thing, as with any local file.
"""

from __future__ import annotations

from collections.abc import Mapping

import orjson
from tinydb.table import Document

from rmtui.core.access.crypto import RESET_HINT, PairKey, StoredPassphrase, is_legacy, seal, unseal
from rmtui.core.errors import RmtuiError
from rmtui.core.store import PAIR_ACCESS, CohortStore


class ContentRolledBack(RmtuiError):
    """A sealed slot does not match the pair's sealed manifest: an older copy was put back, or a slot added or taken."""


def _manifest_associated(pair_id: int) -> str:
    return f"rmtui|pair {pair_id}|manifest"


def _seal_manifest(key: PairKey, counter: int, versions: Mapping[str, int]) -> str:
    # The counter only grows, so a slot emptied and written again never reuses a version an old copy had.
    manifest = orjson.dumps({"counter": counter, "slots": dict(versions)}).decode()
    return seal(key.key, manifest, _manifest_associated(key.pair_id))


def new_manifest(key: PairKey) -> str:
    """The sealed manifest of a record that holds no content yet."""
    return _seal_manifest(key, 0, {})


def _keyed_doc(store: CohortStore, key: PairKey) -> Document:
    """The pair's record, refusing a key from before a reset: what it sealed could never be opened again."""
    doc = store.table(PAIR_ACCESS).get(doc_id=key.pair_id)
    if doc is None or is_legacy(doc) or StoredPassphrase.from_doc(doc).params.salt != key.salt:
        raise RmtuiError("This pair's passphrase was reset since it was unlocked; unlock again (nothing was saved).")
    return doc


def _manifest(doc: Document, key: PairKey) -> tuple[int, dict[str, int]]:
    """The counter and slot versions of the sealed manifest, checked against the slots the record holds."""
    token = doc.get("manifest")
    manifest = orjson.loads(unseal(key.key, token, _manifest_associated(key.pair_id))) if token else {}
    versions = manifest.get("slots")
    sealed = doc.get("sealed", {})
    stored = {slot: entry.get("version") if isinstance(entry, dict) else None for slot, entry in sealed.items()}
    if versions is None or versions != stored:
        raise ContentRolledBack(
            "This pair's confidential content does not match the sealed list of what was last saved ("
            + _mismatch(versions or {}, stored, token)
            + "): it was replaced by an older copy, or changed outside rmtui. Nothing was changed. Restore the "
            f"newest good backup, or {RESET_HINT}."
        )
    return manifest["counter"], versions


def _mismatch(versions: Mapping[str, int], stored: Mapping[str, int | None], token: object) -> str:
    if not token:
        return "the list itself is missing"
    for slot in sorted(versions.keys() | stored.keys()):
        if slot not in stored:
            return f"{slot} is missing"
        if slot not in versions:
            return f"{slot} is not on the list"
        if stored[slot] != versions[slot]:
            return f"{slot} is version {stored[slot]}, the list says {versions[slot]}"
    return "the list is damaged"


def read_sealed(store: CohortStore, key: PairKey, slot: str) -> str | None:
    """The plaintext in one of the pair's confidential slots, or None when it is empty."""
    doc = _keyed_doc(store, key)
    _manifest(doc, key)
    entry = doc.get("sealed", {}).get(slot)
    return None if entry is None else key.unseal(slot, entry["version"], entry.get("token"))


def write_sealed_slots(store: CohortStore, key: PairKey, changes: Mapping[str, str | None]) -> None:
    """Seal plaintexts into the pair's slots (None empties one), each at a new version, in one write."""
    with store.batch():
        doc = _keyed_doc(store, key)
        counter, versions = _manifest(doc, key)
        sealed = dict(doc.get("sealed", {}))
        for slot, plaintext in changes.items():
            sealed.pop(slot, None)
            versions.pop(slot, None)
            if plaintext is not None:
                counter += 1
                sealed[slot] = {"version": counter, "token": key.seal(slot, counter, plaintext)}
                versions[slot] = counter
        manifest = _seal_manifest(key, counter, versions)
        store.table(PAIR_ACCESS).update({"sealed": sealed, "manifest": manifest}, doc_ids=[key.pair_id])


def write_sealed(store: CohortStore, key: PairKey, slot: str, plaintext: str | None) -> None:
    """Seal plaintext into one of the pair's slots (None empties it); only ciphertext reaches the file."""
    write_sealed_slots(store, key, {slot: plaintext})
