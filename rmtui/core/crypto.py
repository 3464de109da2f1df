"""Passphrase hashes, key derivation and authenticated encryption of a pair's confidential content.

Passphrases are stretched with scrypt (``hashlib``); content is sealed with AES-GCM from the
``cryptography`` package, which is imported inside the functions that seal and open: it is slow
to import, and start-up must not pay for it.
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

# scrypt's cost: about 40 ms per derivation on a laptop, 16 MiB of memory. Stored with every
# hash and salt, so raising it later still opens older files.
SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
# Refuse costs from a tampered file that would take minutes or gigabytes to check.
MAX_SCRYPT_N = 2**20
SALT_BYTES = 16
KEY_BYTES = 32
NONCE_BYTES = 12
MIN_PASSPHRASE = 6
MAX_PASSPHRASE = 1000
SEALED_PREFIX = "aesgcm1:"


class DecryptionError(RmtuiError):
    """Sealed content could not be opened: wrong key, changed bytes, or another pair's content."""


def normalise_passphrase(passphrase: str) -> str:
    """The passphrase as hashed: NFC, so the same words typed on different keyboards match."""
    return unicodedata.normalize("NFC", passphrase)


def passphrase_problem(passphrase: str) -> str | None:
    """What is wrong with a new passphrase, or None when it is fine."""
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


@dataclass(frozen=True, slots=True)
class ScryptParams:
    """A random salt and the scrypt cost used with it."""

    salt: bytes
    n: int = SCRYPT_N
    r: int = SCRYPT_R
    p: int = SCRYPT_P

    def derive(self, passphrase: str) -> bytes:
        """The 32 bytes scrypt makes of this passphrase with this salt."""
        if not (1 < self.n <= MAX_SCRYPT_N and 0 < self.r <= 32 and 0 < self.p <= 16):
            raise RmtuiError("The stored passphrase settings are damaged; the coordinator can reset the passphrase.")
        secret = normalise_passphrase(passphrase).encode("utf-8", "surrogatepass")
        maxmem = 256 * self.n * self.r * self.p + 2**20
        return hashlib.scrypt(secret, salt=self.salt, n=self.n, r=self.r, p=self.p, maxmem=maxmem, dklen=KEY_BYTES)

    def to_doc(self) -> dict[str, Any]:
        """The salt and cost as stored in the cohort file."""
        return {"salt": _b64(self.salt), "n": self.n, "r": self.r, "p": self.p}

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> ScryptParams:
        """Salt and cost read back from the cohort file."""
        return cls(salt=_unb64(doc["salt"]), n=doc["n"], r=doc["r"], p=doc["p"])


def new_scrypt_params() -> ScryptParams:
    """Fresh random salt with today's cost."""
    return ScryptParams(salt=os.urandom(SALT_BYTES))


@dataclass(frozen=True, slots=True)
class PassphraseHash:
    """What is stored to check a passphrase: a salted scrypt digest, never the passphrase."""

    params: ScryptParams
    digest: bytes = field(repr=False)

    def matches(self, passphrase: str) -> bool:
        """Whether ``passphrase`` is the one this hash was made from."""
        return hmac.compare_digest(self.params.derive(passphrase), self.digest)

    def to_doc(self) -> dict[str, Any]:
        """The hash as stored in the cohort file."""
        return {**self.params.to_doc(), "digest": _b64(self.digest)}

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> PassphraseHash:
        """A hash read back from the cohort file."""
        return cls(params=ScryptParams.from_doc(doc), digest=_unb64(doc["digest"]))


def hash_passphrase(passphrase: str) -> PassphraseHash:
    """A new salted hash of ``passphrase``."""
    params = new_scrypt_params()
    return PassphraseHash(params, params.derive(passphrase))


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
        if not token.startswith(SEALED_PREFIX):
            raise ValueError(token[:12])
        raw = _unb64(token.removeprefix(SEALED_PREFIX))
        plaintext = AESGCM(key).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], associated.encode("utf-8"))
    except InvalidTag:
        raise DecryptionError(
            "The confidential content could not be opened: the key is wrong, or the content was changed or "
            "belongs to another pair. Nothing was changed."
        ) from None
    except (ValueError, binascii.Error):
        raise DecryptionError(
            "The confidential content is damaged and cannot be opened; the coordinator can reset the "
            "passphrase, which deletes it. Nothing was changed."
        ) from None
    return plaintext.decode("utf-8")


@dataclass(frozen=True, slots=True)
class PairKey:
    """A pair's unlocked content key; held in memory only while the pair is at the machine."""

    pair_id: int
    key: bytes = field(repr=False)
    # Which key salt it was derived with, so a key from before a passphrase reset is refused.
    salt: bytes = field(repr=False)

    def associated(self, slot: str) -> str:
        """The associated data binding a ciphertext to this pair and to the kind of content."""
        return f"rmtui|pair {self.pair_id}|{slot.split('.v')[0]}"

    def seal(self, slot: str, plaintext: str) -> str:
        """Seal content for one of this pair's slots."""
        return seal(self.key, plaintext, self.associated(slot))

    def unseal(self, slot: str, token: str) -> str:
        """Open content sealed for one of this pair's slots."""
        return unseal(self.key, token, self.associated(slot))
