"""Passphrase hashes and sealed content: round trips, wrong keys, moved ciphertexts and lazy imports."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from rmtui.core.crypto import (
    SEALED_PREFIX,
    DecryptionError,
    PairKey,
    PassphraseHash,
    hash_passphrase,
    passphrase_problem,
    seal,
    unseal,
)
from rmtui.core.errors import RmtuiError

KEY = bytes(range(32))


def test_sealed_text_round_trips_and_hides_the_plaintext() -> None:
    text = "Worried the director will think I'm naïve 🙈"
    token = seal(KEY, text, "rmtui|pair 1|goal_sheet")
    assert token.startswith(SEALED_PREFIX)
    assert "director" not in token and text.encode() not in token.encode()
    assert unseal(KEY, token, "rmtui|pair 1|goal_sheet") == text
    # A fresh nonce each time: sealing the same text twice never gives the same bytes.
    assert seal(KEY, text, "a") != seal(KEY, text, "a")


def test_a_wrong_key_gives_a_clear_error_not_invalid_tag() -> None:
    token = seal(KEY, "secret", "rmtui|pair 1|notes")
    with pytest.raises(DecryptionError, match="could not be opened") as raised:
        unseal(os.urandom(32), token, "rmtui|pair 1|notes")
    assert isinstance(raised.value, RmtuiError)


def test_changed_or_damaged_tokens_are_refused() -> None:
    token = seal(KEY, "secret", "x")
    flipped = token[:-4] + ("AAAA" if token[-4:] != "AAAA" else "BBBB")
    with pytest.raises(DecryptionError, match="could not be opened"):
        unseal(KEY, flipped, "x")
    for damaged in ("not sealed at all", SEALED_PREFIX + "%%%", SEALED_PREFIX + "AAAA"):
        with pytest.raises(DecryptionError):
            unseal(KEY, damaged, "x")


def test_a_ciphertext_is_bound_to_its_pair_and_its_kind_of_content() -> None:
    pair_one, pair_two = PairKey(1, KEY, b"salt"), PairKey(2, KEY, b"salt")
    token = pair_one.seal("goal_sheet", "sensitivities")
    assert pair_one.unseal("goal_sheet", token) == "sensitivities"
    with pytest.raises(DecryptionError):
        pair_two.unseal("goal_sheet", token)
    with pytest.raises(DecryptionError):
        pair_one.unseal("notes", token)
    # An earlier version keeps the associated data of its kind, so revising copies ciphertext without the key.
    assert pair_one.unseal("goal_sheet.v3", token) == "sensitivities"


def test_the_key_never_shows_in_a_repr() -> None:
    assert KEY.hex() not in repr(PairKey(1, KEY, b"salt")) and repr(KEY) not in repr(PairKey(1, KEY, b"salt"))


def test_a_passphrase_hash_matches_only_its_passphrase_and_survives_the_file() -> None:
    stored = hash_passphrase("correct horse")
    again = PassphraseHash.from_doc(stored.to_doc())
    assert again == stored and again.matches("correct horse")
    assert not again.matches("correct hors") and not again.matches("Correct horse")
    assert "correct" not in str(stored.to_doc())
    # Two hashes of one passphrase differ: each has its own salt.
    assert hash_passphrase("correct horse").digest != stored.digest


def test_the_same_words_typed_differently_still_match() -> None:
    composed, decomposed = "caf\u00e9 au lait", "cafe\u0301 au lait"
    assert hash_passphrase(composed).matches(decomposed)


@pytest.mark.parametrize(
    ("passphrase", "problem"), [("", "0 characters"), ("abcde", "5 characters"), ("x" * 1001, "1,001")]
)
def test_short_and_huge_passphrases_are_refused_with_the_fix(passphrase: str, problem: str) -> None:
    message = passphrase_problem(passphrase)
    assert message is not None and problem in message


def test_six_characters_are_enough() -> None:
    assert passphrase_problem("abcdef") is None and passphrase_problem("日本語の合言葉") is None


def test_importing_the_core_loads_neither_cryptography_nor_textual() -> None:
    code = (
        "import sys, rmtui.core.crypto, rmtui.core.pair_access, rmtui.core.goal_sheets, rmtui.core.templates, "
        "rmtui.core.demo_sheets; print(any(m.split('.')[0] in ('cryptography', 'textual') for m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert result.stdout.strip() == "False"
