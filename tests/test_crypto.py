"""Passphrase records and sealed content: one KDF split in two, its cost and floor, bound ciphertexts, lazy imports."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from rmtui.core.access import (
    SEALED_PREFIX,
    DecryptionError,
    PairKey,
    PassphraseHash,
    ScryptParams,
    StoredPassphrase,
    WeakPassphraseSettings,
    crypto,
    derive_keys,
    hkdf_sha256,
    new_scrypt_params,
    new_stored_passphrase,
    passphrase_problem,
    seal,
    unseal,
)
from rmtui.core.errors import RmtuiError

KEY = bytes(range(32))
SALT = bytes(range(16))


def test_sealed_text_round_trips_and_hides_the_plaintext() -> None:
    text = "Worried the director will think I'm naïve 🙈"
    token = seal(KEY, text, "rmtui|pair 1|goal_sheet|v1")
    assert token.startswith(SEALED_PREFIX)
    assert "director" not in token and text.encode() not in token.encode()
    assert unseal(KEY, token, "rmtui|pair 1|goal_sheet|v1") == text
    # A fresh nonce each time: sealing the same text twice never gives the same bytes.
    assert seal(KEY, text, "a") != seal(KEY, text, "a")


def test_a_wrong_key_gives_a_clear_error_not_invalid_tag() -> None:
    token = seal(KEY, "secret", "rmtui|pair 1|notes|v1")
    with pytest.raises(DecryptionError, match="could not be opened") as raised:
        unseal(os.urandom(32), token, "rmtui|pair 1|notes|v1")
    assert isinstance(raised.value, RmtuiError)


def test_changed_or_damaged_tokens_are_refused() -> None:
    token = seal(KEY, "secret", "x")
    flipped = token[:-4] + ("AAAA" if token[-4:] != "AAAA" else "BBBB")
    with pytest.raises(DecryptionError, match="could not be opened"):
        unseal(KEY, flipped, "x")
    for damaged in ("not sealed at all", SEALED_PREFIX + "%%%", SEALED_PREFIX + "AAAA", None, 42):
        with pytest.raises(DecryptionError):
            unseal(KEY, damaged, "x")  # type: ignore[arg-type]


def test_a_ciphertext_is_bound_to_its_pair_its_slot_and_its_version() -> None:
    pair_one, pair_two = PairKey(1, KEY, SALT), PairKey(2, KEY, SALT)
    token = pair_one.seal("goal_sheet", 3, "sensitivities")
    assert pair_one.unseal("goal_sheet", 3, token) == "sensitivities"
    for key, slot, version in ((pair_two, "goal_sheet", 3), (pair_one, "notes", 3), (pair_one, "goal_sheet", 2),
                               (pair_one, "goal_sheet.v3", 3)):  # fmt: skip
        with pytest.raises(DecryptionError):
            key.unseal(slot, version, token)


def test_keys_never_show_in_a_repr() -> None:
    keys = derive_keys(new_scrypt_params(), "words of our own")
    shown = repr(PairKey(1, KEY, SALT)) + repr(keys) + repr(StoredPassphrase(new_scrypt_params(), keys.verifier))
    for secret in (KEY, keys.verifier, keys.content_key):
        assert secret.hex() not in shown and repr(secret) not in shown


def test_hkdf_is_rfc_5869() -> None:
    # RFC 5869, test case 3: SHA-256 with no salt and no info.
    expected = "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8"
    assert hkdf_sha256(bytes([0x0B] * 22), b"", 42).hex() == expected


def test_one_kdf_gives_a_verifier_and_a_content_key_that_differ_from_each_other_and_from_its_output() -> None:
    params = ScryptParams(SALT, n=2**10, r=8, p=1)
    keys, master = derive_keys(params, "words of our own"), params.derive("words of our own")
    assert len({keys.verifier, keys.content_key, master}) == 3
    assert keys.content_key == hkdf_sha256(master, crypto.CONTENT_KEY_INFO)
    assert keys.verifier == hkdf_sha256(master, crypto.VERIFIER_INFO)


def test_a_stored_passphrase_checks_only_its_passphrase_and_survives_the_file() -> None:
    stored, keys = new_stored_passphrase("correct horse")
    again = StoredPassphrase.from_doc(stored.to_doc())
    assert again == stored and again.check("correct horse") == keys
    assert again.check("correct hors") is None and again.check("Correct horse") is None
    assert "correct" not in str(stored.to_doc()) and crypto._b64(keys.content_key) not in str(stored.to_doc())
    # Two records of one passphrase differ: each has its own salt, so its own keys.
    other, other_keys = new_stored_passphrase("correct horse")
    assert other.verifier != stored.verifier and other_keys.content_key != keys.content_key


def test_the_same_words_typed_differently_still_match() -> None:
    composed, decomposed = "caf\u00e9 au lait", "cafe\u0301 au lait"
    assert new_stored_passphrase(composed)[0].check(decomposed) is not None


@pytest.mark.real_kdf
def test_new_passphrases_use_the_production_cost() -> None:
    # Deliberately literal: lowering the cost in crypto.py must turn this red.
    assert (crypto.SCRYPT_N, crypto.SCRYPT_R, crypto.SCRYPT_P) == (2**17, 8, 1)
    params = new_scrypt_params()
    assert (params.n, params.r, params.p, len(params.salt)) == (2**17, 8, 1, 16)
    stored, _ = new_stored_passphrase("a sentence nobody guesses")
    assert stored.to_doc()["kdf"]["n"] == 2**17


def doc_with(**changes: object) -> dict[str, object]:
    """The stored form of scrypt settings at the production cost, with some fields changed."""
    return {**ScryptParams(SALT, n=2**17, r=8, p=1).to_doc(), **changes}


@pytest.mark.real_kdf
@pytest.mark.parametrize(
    "changes",
    [{"n": 2}, {"n": 2**16}, {"n": 2**14}, {"r": 1}, {"r": 7}, {"p": 0}, {"salt": crypto._b64(b"short")}],
    ids=["n=2", "n=2**16", "n=2**14 (legacy)", "r=1", "r=7", "p=0", "5-byte salt"],
)
def test_settings_below_the_floor_are_refused_when_read_naming_the_fix(changes: dict[str, object]) -> None:
    with pytest.raises(WeakPassphraseSettings, match=r"weaker than rmtui accepts.*the coordinator can reset"):
        ScryptParams.from_doc(doc_with(**changes))


@pytest.mark.real_kdf
def test_the_floor_is_the_production_cost_and_the_cost_meets_it() -> None:
    assert (crypto.MIN_SCRYPT_N, crypto.MIN_SCRYPT_R, crypto.MIN_SCRYPT_P) == (2**17, 8, 1)
    assert ScryptParams.from_doc(doc_with()) == ScryptParams(SALT, n=2**17, r=8, p=1)


@pytest.mark.parametrize(
    "changes", [{"n": 2**21}, {"r": 33}, {"p": 17}, {"n": 3 * 2**16}, {"n": "131072"}, {"n": True}, {"salt": "%%"}]
)
def test_settings_above_the_ceiling_or_damaged_are_refused(changes: dict[str, object]) -> None:
    with pytest.raises(RmtuiError, match="damaged"):
        ScryptParams.from_doc(doc_with(**changes))


@pytest.mark.real_kdf
def test_the_legacy_cost_is_accepted_only_in_the_legacy_shape() -> None:
    legacy = ScryptParams(SALT, n=2**14, r=8, p=1)
    digest = {**legacy.to_doc(), "digest": crypto._b64(legacy.derive("old words here"))}
    assert PassphraseHash.from_doc(digest).matches("old words here")
    with pytest.raises(WeakPassphraseSettings):
        PassphraseHash.from_doc({**digest, "n": 2**13})
    with pytest.raises(WeakPassphraseSettings):
        StoredPassphrase.from_doc({"kdf": legacy.to_doc(), "verifier": crypto._b64(bytes(32))})


@pytest.mark.parametrize(
    ("passphrase", "problem"), [("", "0 characters"), ("abcde", "5 characters"), ("x" * 1001, "1,001")]
)
def test_short_and_huge_passphrases_are_refused_with_the_fix(passphrase: str, problem: str) -> None:
    message = passphrase_problem(passphrase)
    assert message is not None and problem in message


def test_six_characters_are_long_enough() -> None:
    assert passphrase_problem("abcdef") is None and passphrase_problem("日本語の合言葉") is None


def test_importing_the_core_loads_neither_cryptography_nor_zxcvbn_nor_textual() -> None:
    code = (
        "import sys, rmtui.core.access.crypto, rmtui.core.access.passphrases, rmtui.core.goals.sheets, rmtui.core.goals.templates, "
        "rmtui.core.demo.sheets, rmtui.core.access.enrolment, rmtui.core.access.sealed_slots; "
        "print(any(m.split('.')[0] in ('cryptography', 'textual', 'zxcvbn') for m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert result.stdout.strip() == "False"
