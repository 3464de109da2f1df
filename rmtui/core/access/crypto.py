"""Passphrase checks, key derivation and authenticated encryption of a pair's confidential content.

A passphrase is stretched once with scrypt (``hashlib``); HKDF-SHA256 (RFC 5869, built on ``hmac``)
splits that one output into a verifier, which is stored to check the passphrase, and a content
key, which never is. Content is sealed with AES-GCM from the ``cryptography`` package, imported
inside the functions that seal and open: it is slow to import, and start-up must not pay for it.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from rmtui.core.errors import RmtuiError

# scrypt's cost for new passphrases: about 0.25 s per guess on a laptop core (0.66 s on the slow
# test machine), 128 MiB of memory. Stored with every record, so raising it later still opens older files.
SCRYPT_N = 2**17
SCRYPT_R = 8
SCRYPT_P = 1
# The floor when reading: a record below it was not written by this rmtui (or was edited), and
# would protect whatever is sealed next with a cost an attacker's guesses barely notice.
MIN_SCRYPT_N = 2**17
MIN_SCRYPT_R = 8
MIN_SCRYPT_P = 1
# Files written before the one-KDF records hashed at 2**14; only that legacy shape may use it.
LEGACY_SCRYPT_N = 2**14
# Refuse costs from a tampered file that would take minutes or gigabytes to check.
MAX_SCRYPT_N = 2**20
MAX_SCRYPT_R = 32
MAX_SCRYPT_P = 16
SALT_BYTES = 16
KEY_BYTES = 32
NONCE_BYTES = 12
MIN_PASSPHRASE = 6
MAX_PASSPHRASE = 1000
SEALED_PREFIX = "aesgcm1:"
# Two labels for one scrypt output: no edit to the file can make the verifier equal the content key.
VERIFIER_INFO = b"rmtui verifier v2"
CONTENT_KEY_INFO = b"rmtui content key v2"
RESET_HINT = "the coordinator can reset the passphrase (which deletes the confidential content)"


class DecryptionError(RmtuiError):
    """Sealed content could not be opened: wrong key, changed bytes, or another pair's content."""


class WeakPassphraseSettings(RmtuiError):
    """A stored record asks for a scrypt cost below the floor (or above the ceiling): refused before any check."""


def normalise_passphrase(passphrase: str) -> str:
    """The passphrase as hashed: NFC, so the same words typed on different keyboards match."""
    return unicodedata.normalize("NFC", passphrase)


def passphrase_problem(passphrase: str) -> str | None:
    """What is wrong with a new passphrase's length, or None when it is fine."""
    length = len(normalise_passphrase(passphrase))
    if length < MIN_PASSPHRASE:
        return f"is {length} character{'s' * (length != 1)} long; use at least {MIN_PASSPHRASE}, like a short sentence"
    if length > MAX_PASSPHRASE:
        return f"is {length:,} characters long; keep it to {MAX_PASSPHRASE:,}"
    return None


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def _damaged() -> RmtuiError:
    return RmtuiError(f"The stored passphrase settings are damaged; {RESET_HINT}.")


@dataclass(frozen=True, slots=True)
class ScryptParams:
    """A random salt and the scrypt cost used with it."""

    salt: bytes
    n: int
    r: int
    p: int

    def derive(self, passphrase: str) -> bytes:
        """The 32 bytes scrypt makes of this passphrase with this salt."""
        if not (1 < self.n <= MAX_SCRYPT_N and 0 < self.r <= MAX_SCRYPT_R and 0 < self.p <= MAX_SCRYPT_P):
            raise _damaged()
        secret = normalise_passphrase(passphrase).encode("utf-8", "surrogatepass")
        maxmem = 256 * self.n * self.r * self.p + 2**20
        return hashlib.scrypt(secret, salt=self.salt, n=self.n, r=self.r, p=self.p, maxmem=maxmem, dklen=KEY_BYTES)

    def to_doc(self) -> dict[str, Any]:
        """The salt and cost as stored in the cohort file."""
        return {"salt": _b64(self.salt), "n": self.n, "r": self.r, "p": self.p}

    @classmethod
    def from_doc(cls, doc: Any, *, min_n: int | None = None) -> ScryptParams:
        """Salt and cost read back from the cohort file; refused below the floor (``min_n``, else MIN_SCRYPT_N)."""
        try:
            params = cls(salt=_unb64(doc["salt"]), n=doc["n"], r=doc["r"], p=doc["p"])
        except (KeyError, TypeError, AttributeError, ValueError, binascii.Error):
            raise _damaged() from None
        if not all(type(value) is int for value in (params.n, params.r, params.p)) or params.n & (params.n - 1):
            raise _damaged()
        floor = MIN_SCRYPT_N if min_n is None else min_n
        # Checked on every read, so an edited file cannot lower the cost that protects what is sealed next.
        if params.n < floor or params.r < MIN_SCRYPT_R or params.p < MIN_SCRYPT_P or len(params.salt) < SALT_BYTES:
            raise WeakPassphraseSettings(
                f"The stored passphrase settings (scrypt N={params.n}, r={params.r}, p={params.p}, a "
                f"{len(params.salt)}-byte salt) are weaker than rmtui accepts (N ≥ {floor}, r ≥ {MIN_SCRYPT_R}, "
                f"p ≥ {MIN_SCRYPT_P}, {SALT_BYTES} bytes): the file may have been changed. Nothing was checked; "
                f"{RESET_HINT}."
            )
        if params.n > MAX_SCRYPT_N or params.r > MAX_SCRYPT_R or params.p > MAX_SCRYPT_P:
            raise _damaged()
        return params


def new_scrypt_params() -> ScryptParams:
    """Fresh random salt with today's cost."""
    # The constants are read here, not as defaults, so a test can lower them for speed.
    return ScryptParams(salt=os.urandom(SALT_BYTES), n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P)


def hkdf_sha256(master: bytes, info: bytes, length: int = KEY_BYTES) -> bytes:
    """HKDF-SHA256 (RFC 5869) of ``master`` with no salt: scrypt's output is already salted and uniform."""
    pseudo_random = hmac.digest(bytes(32), master, "sha256")
    block, output = b"", b""
    for counter in range(1, -(-length // 32) + 1):
        block = hmac.digest(pseudo_random, block + info + bytes([counter]), "sha256")
        output += block
    return output[:length]


@dataclass(frozen=True, slots=True)
class DerivedKeys:
    """What one passphrase gives with one record's settings: the verifier stored, and the content key kept in memory."""

    verifier: bytes = field(repr=False)
    content_key: bytes = field(repr=False)


def derive_keys(params: ScryptParams, passphrase: str) -> DerivedKeys:
    """One scrypt run, split by HKDF into a verifier and a content key that cannot be made equal."""
    master = params.derive(passphrase)
    return DerivedKeys(hkdf_sha256(master, VERIFIER_INFO), hkdf_sha256(master, CONTENT_KEY_INFO))


@dataclass(frozen=True, slots=True)
class StoredPassphrase:
    """What is stored to check a passphrase: one scrypt's salt and cost, and the verifier derived from it."""

    params: ScryptParams
    verifier: bytes = field(repr=False)

    def check(self, passphrase: str) -> DerivedKeys | None:
        """The derived keys when ``passphrase`` is the one this record was made from, else None."""
        keys = derive_keys(self.params, passphrase)
        return keys if hmac.compare_digest(keys.verifier, self.verifier) else None

    def to_doc(self) -> dict[str, Any]:
        """The record's fields as stored in the cohort file."""
        return {"kdf": self.params.to_doc(), "verifier": _b64(self.verifier)}

    @classmethod
    def from_doc(cls, doc: Any) -> StoredPassphrase:
        """A record read back from the cohort file, refused below the cost floor."""
        params = ScryptParams.from_doc(doc.get("kdf"))
        try:
            return cls(params, _unb64(doc["verifier"]))
        except (KeyError, TypeError, AttributeError, ValueError, binascii.Error):
            raise _damaged() from None


def new_stored_passphrase(passphrase: str) -> tuple[StoredPassphrase, DerivedKeys]:
    """A new record for ``passphrase`` with a fresh salt and today's cost, and the keys it gives."""
    params = new_scrypt_params()
    keys = derive_keys(params, passphrase)
    return StoredPassphrase(params, keys.verifier), keys


def is_legacy(doc: Any) -> bool:
    """Whether an access record is of the shape written before one KDF (a 'passphrase' scrypt hash)."""
    return isinstance(doc, dict) and "passphrase" in doc and "kdf" not in doc


@dataclass(frozen=True, slots=True)
class PassphraseHash:
    """A legacy record's salted scrypt digest, read only to re-key it to a StoredPassphrase."""

    params: ScryptParams
    digest: bytes = field(repr=False)

    def matches(self, passphrase: str) -> bool:
        """Whether ``passphrase`` is the one this hash was made from."""
        return hmac.compare_digest(self.params.derive(passphrase), self.digest)

    def to_doc(self) -> dict[str, Any]:
        """The hash as the legacy files stored it."""
        return {**self.params.to_doc(), "digest": _b64(self.digest)}

    @classmethod
    def from_doc(cls, doc: Any) -> PassphraseHash:
        """A legacy hash read back, refused below the legacy floor."""
        params = ScryptParams.from_doc(doc, min_n=LEGACY_SCRYPT_N)
        try:
            return cls(params, _unb64(doc["digest"]))
        except (KeyError, TypeError, ValueError, binascii.Error):
            raise _damaged() from None


def seal(key: bytes, plaintext: str, associated: str) -> str:
    """Encrypt and authenticate ``plaintext``; ``associated`` must be given again to open it."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(key).encrypt(nonce, plaintext.encode("utf-8"), associated.encode("utf-8"))
    return SEALED_PREFIX + _b64(nonce + sealed)


def unseal(key: bytes, token: str, associated: str) -> str:
    """The plaintext of a sealed token; DecryptionError if the key, the bytes or ``associated`` differ."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        if not isinstance(token, str) or not token.startswith(SEALED_PREFIX):
            raise ValueError(str(token)[:12])
        raw = _unb64(token.removeprefix(SEALED_PREFIX))
        plaintext = AESGCM(key).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], associated.encode("utf-8"))
    except InvalidTag:
        raise DecryptionError(
            "The confidential content could not be opened: the key is wrong, or the content was changed or "
            "belongs to another pair. Nothing was changed."
        ) from None
    except (ValueError, binascii.Error):
        raise DecryptionError(
            f"The confidential content is damaged and cannot be opened; {RESET_HINT}. Nothing was changed."
        ) from None
    return plaintext.decode("utf-8")


@dataclass(frozen=True, slots=True)
class PairKey:
    """A pair's unlocked content key; held in memory only while the pair is at the machine."""

    pair_id: int
    key: bytes = field(repr=False)
    # Which record's salt it was derived with, so a key from before a passphrase reset is refused.
    salt: bytes = field(repr=False)

    def associated(self, slot: str, version: int) -> str:
        """The associated data binding a ciphertext to this pair, its slot and its version."""
        return f"rmtui|pair {self.pair_id}|{slot}|v{version}"

    def seal(self, slot: str, version: int, plaintext: str) -> str:
        """Seal content for one version of one of this pair's slots."""
        return seal(self.key, plaintext, self.associated(slot, version))

    def unseal(self, slot: str, version: int, token: str) -> str:
        """Open content sealed for this version of one of this pair's slots."""
        return unseal(self.key, token, self.associated(slot, version))


def legacy_associated(pair_id: int, slot: str) -> str:
    """The associated data of content sealed before versions: the pair and the kind of content."""
    return f"rmtui|pair {pair_id}|{slot.split('.v')[0]}"
