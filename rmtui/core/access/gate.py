"""Whether the coordinator's passphrase guards the cohort, answered without loading the crypto.

Every start of rmtui asks, before anything is shown; checking and changing the passphrase
live in ``pair_access``, which loads the hashing code only the prompt needs.
"""

from __future__ import annotations

from rmtui.core.store import COORDINATOR_ACCESS, CohortStore


def has_coordinator_passphrase(store: CohortStore) -> bool:
    """Whether starting rmtui (and leaving pair mode) asks for the coordinator's passphrase."""
    return store.table(COORDINATOR_ACCESS).get(doc_id=1) is not None
