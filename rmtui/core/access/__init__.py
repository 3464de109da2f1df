"""Who may read what: pair passphrases and their keys, enrolment with setup codes, the sealed slots of each pair's confidential content, and the coordinator's passphrase.

Every name below is imported from its module on first use, so importing one module of the package
loads none of the others."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rmtui.core.exports import lazy_exports

if TYPE_CHECKING:
    from rmtui.core.access.crypto import MAX_PASSPHRASE as MAX_PASSPHRASE
    from rmtui.core.access.crypto import MIN_PASSPHRASE as MIN_PASSPHRASE
    from rmtui.core.access.crypto import SEALED_PREFIX as SEALED_PREFIX
    from rmtui.core.access.crypto import DecryptionError as DecryptionError
    from rmtui.core.access.crypto import PairKey as PairKey
    from rmtui.core.access.crypto import PassphraseHash as PassphraseHash
    from rmtui.core.access.crypto import ScryptParams as ScryptParams
    from rmtui.core.access.crypto import StoredPassphrase as StoredPassphrase
    from rmtui.core.access.crypto import WeakPassphraseSettings as WeakPassphraseSettings
    from rmtui.core.access.crypto import derive_keys as derive_keys
    from rmtui.core.access.crypto import hkdf_sha256 as hkdf_sha256
    from rmtui.core.access.crypto import legacy_associated as legacy_associated
    from rmtui.core.access.crypto import new_scrypt_params as new_scrypt_params
    from rmtui.core.access.crypto import new_stored_passphrase as new_stored_passphrase
    from rmtui.core.access.crypto import normalise_passphrase as normalise_passphrase
    from rmtui.core.access.crypto import passphrase_problem as passphrase_problem
    from rmtui.core.access.crypto import seal as seal
    from rmtui.core.access.crypto import unseal as unseal
    from rmtui.core.access.enrolment import check_new_passphrase as check_new_passphrase
    from rmtui.core.access.enrolment import issue_setup_code as issue_setup_code
    from rmtui.core.access.enrolment import pair_user_inputs as pair_user_inputs
    from rmtui.core.access.enrolment import pending_setup_code as pending_setup_code
    from rmtui.core.access.gate import has_coordinator_passphrase as has_coordinator_passphrase
    from rmtui.core.access.passphrases import LockedOut as LockedOut
    from rmtui.core.access.passphrases import WrongPassphrase as WrongPassphrase
    from rmtui.core.access.passphrases import access_status as access_status
    from rmtui.core.access.passphrases import clear_coordinator_passphrase as clear_coordinator_passphrase
    from rmtui.core.access.passphrases import describe_reset as describe_reset
    from rmtui.core.access.passphrases import has_passphrase as has_passphrase
    from rmtui.core.access.passphrases import lock_delay as lock_delay
    from rmtui.core.access.passphrases import read_private_notes as read_private_notes
    from rmtui.core.access.passphrases import reset_pair_passphrase as reset_pair_passphrase
    from rmtui.core.access.passphrases import save_private_notes as save_private_notes
    from rmtui.core.access.passphrases import set_coordinator_passphrase as set_coordinator_passphrase
    from rmtui.core.access.passphrases import set_pair_passphrase as set_pair_passphrase
    from rmtui.core.access.passphrases import unlock_pair as unlock_pair
    from rmtui.core.access.passphrases import verify_coordinator_passphrase as verify_coordinator_passphrase
    from rmtui.core.access.sealed_slots import ContentRolledBack as ContentRolledBack
    from rmtui.core.access.sealed_slots import read_sealed as read_sealed
    from rmtui.core.access.sealed_slots import write_sealed as write_sealed
    from rmtui.core.access.sealed_slots import write_sealed_slots as write_sealed_slots

_HOMES = {
    "crypto": (
        "DecryptionError",
        "MAX_PASSPHRASE",
        "MIN_PASSPHRASE",
        "PairKey",
        "PassphraseHash",
        "SEALED_PREFIX",
        "ScryptParams",
        "StoredPassphrase",
        "WeakPassphraseSettings",
        "derive_keys",
        "hkdf_sha256",
        "legacy_associated",
        "new_scrypt_params",
        "new_stored_passphrase",
        "normalise_passphrase",
        "passphrase_problem",
        "seal",
        "unseal",
    ),
    "enrolment": ("check_new_passphrase", "issue_setup_code", "pair_user_inputs", "pending_setup_code"),
    "gate": ("has_coordinator_passphrase",),
    "passphrases": (
        "LockedOut",
        "WrongPassphrase",
        "access_status",
        "clear_coordinator_passphrase",
        "describe_reset",
        "has_passphrase",
        "lock_delay",
        "read_private_notes",
        "reset_pair_passphrase",
        "save_private_notes",
        "set_coordinator_passphrase",
        "set_pair_passphrase",
        "unlock_pair",
        "verify_coordinator_passphrase",
    ),
    "sealed_slots": ("ContentRolledBack", "read_sealed", "write_sealed", "write_sealed_slots"),
}
__all__, __getattr__ = lazy_exports(__name__, _HOMES)
