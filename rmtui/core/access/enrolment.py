"""Enrolment: the one-time setup codes a pair sets its first passphrase with, and how strong a new passphrase must be.

The kiosk is shared, so whoever sat down first could otherwise choose a pair's passphrase. The
coordinator issues each pair a setup code (table "setup_codes", doc_id = the pair id) and hands
it to the pair; setting the first passphrase uses the code up. Codes are kept in plain text so
the coordinator can show one again until it is used: they open nothing but that one enrolment.

Strength is judged by zxcvbn, told the words an acquaintance would try first: the partners'
names, emails and departments and the cohort's name (or the coordinator's).
"""

from __future__ import annotations

import hmac
import re
import secrets
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from tinydb import Query
from tinydb.table import Document

from rmtui.core.access.crypto import normalise_passphrase, passphrase_problem
from rmtui.core.errors import FieldError, RmtuiError, ValidationError
from rmtui.core.roster import normalise_email
from rmtui.core.store import PAIR_ACCESS, PAIRS, PARTICIPANTS, SETUP_CODES, CohortStore

# No 0/O, 1/I/L: read aloud or copied from paper, a code must not be mistyped.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8  # about 40 bits; a code is only ever tried at the kiosk
MIN_SCORE = 3  # zxcvbn's "safely unguessable": about 10**8 guesses or more
# zxcvbn refuses longer input, and its matching slows sharply past it (1,000 characters took 7 s).
ZXCVBN_LIMIT = 72
KNOWN_WORDS = "names, emails, departments or the cohort's name, which others know"


def _normalise_code(typed: str) -> str:
    return re.sub(r"[\s\-]+", "", typed).upper()


def _shown(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def issue_setup_code(store: CohortStore, pair_id: int) -> str:
    """A new one-time code for the pair to set its first passphrase with, replacing any unused one."""
    if store.table(PAIRS).get(doc_id=pair_id) is None:
        raise RmtuiError(f"There is no pair {pair_id} in this cohort; it may have been removed. Choose the pair again.")
    if store.table(PAIR_ACCESS).get(doc_id=pair_id) is not None:
        raise RmtuiError(
            "This pair already has a passphrase, so it needs no setup code. If the passphrase is lost, reset it first."
        )
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    doc = {"pair_id": pair_id, "code": code, "issued_on": store.today().isoformat()}
    store.table(SETUP_CODES).upsert(Document(doc, doc_id=pair_id))
    return _shown(code)


def pending_setup_code(store: CohortStore, pair_id: int) -> str | None:
    """The pair's unused setup code, to show or print again; None when none is waiting."""
    doc = store.table(SETUP_CODES).get(doc_id=pair_id)
    return _shown(doc["code"]) if doc else None


def setup_code_problem(store: CohortStore, pair_id: int, typed: str) -> str | None:
    """What is wrong with a typed setup code for this pair, or None when it is the pair's unused code."""
    doc = store.table(SETUP_CODES).get(doc_id=pair_id)
    if doc is None:
        return "this pair has no setup code yet; ask the coordinator for one"
    if not _normalise_code(typed):
        return "is empty; type the setup code the coordinator gave you, like K7QM-4XPR"
    # Compared in constant time, as a secret: the time taken must not say how much of it was right.
    if not hmac.compare_digest(_normalise_code(typed).encode(), doc["code"].encode()):
        return "is not this pair's setup code; check it with the coordinator (each code works once)"
    return None


def consume_setup_code(store: CohortStore, pair_id: int) -> None:
    """Use up the pair's setup code; call it in the batch that sets the passphrase."""
    if store.table(SETUP_CODES).get(doc_id=pair_id) is not None:
        store.table(SETUP_CODES).remove(doc_ids=[pair_id])


def _without_known_words(passphrase: str, user_inputs: Iterable[str]) -> str:
    """The passphrase with every whole word others know taken out."""
    words = sorted({word for word in user_inputs if word}, key=len, reverse=True)
    if not words:
        return passphrase
    known = r"(?<!\w)(?:" + "|".join(map(re.escape, words)) + r")(?!\w)"
    rest, found = re.subn(known, " ", passphrase, flags=re.IGNORECASE)
    return " ".join(rest.split()) if found else passphrase


def _strength_problem(passphrase: str, user_inputs: Iterable[str]) -> str | None:
    from zxcvbn import zxcvbn

    inputs = list(user_inputs)
    # zxcvbn adds 10**4 guesses for every part it splits off, so any three known words reach a score of 3;
    # what is left once they are taken out must be strong on its own.
    passphrase = normalise_passphrase(passphrase)
    rest = _without_known_words(passphrase, inputs)
    if not rest:
        return f"is too easy to guess: it is only {KNOWN_WORDS}. Add words that have nothing to do with you."
    result = zxcvbn(rest[:ZXCVBN_LIMIT], user_inputs=inputs)
    if result["score"] >= MIN_SCORE:
        return None
    feedback = result["feedback"]
    advice = [feedback["warning"]] if feedback["warning"] else []
    if rest != passphrase or any(match.get("dictionary_name") == "user_inputs" for match in result["sequence"]):
        advice.append(f"It leans on {KNOWN_WORDS}.")
    advice += feedback["suggestions"] or ["Add another word or two that have nothing to do with you."]
    return f"is too easy to guess (strength {result['score']} of 4; {MIN_SCORE} is needed). " + " ".join(advice)


def check_new_passphrase(
    passphrase: str, repeat: str | None = None, *, field: str = "passphrase", user_inputs: Iterable[str] = ()
) -> None:
    """Refuse a passphrase that is too short, too long or easy to guess, or a repeat that differs, naming the field."""
    errors = []
    problem = passphrase_problem(passphrase) or _strength_problem(passphrase, user_inputs)
    if problem:
        errors.append(FieldError(field, problem))
    if repeat is not None and repeat != passphrase:
        errors.append(FieldError(f"{field}_repeat", "does not match; type the same passphrase twice"))
    if errors:
        raise ValidationError(errors)


def _words(*texts: str) -> list[str]:
    """Each text, its parts (split at spaces, then at punctuation too) and the parts without accents, in lower case."""
    words = []
    for text in filter(None, texts):
        parts = [text, *text.split(), *re.split(r"[\s.,@&'_\-+]+", text)]
        plain = [unicodedata.normalize("NFKD", part).encode("ascii", "ignore").decode() for part in parts]
        words += [word.lower() for word in (*parts, *plain) if len(word) > 1]
    return list(dict.fromkeys(words))


def pair_user_inputs(store: CohortStore, pair_id: int) -> tuple[str, ...]:
    """Words others know about the pair: both partners' names, emails and departments, and the cohort's name."""
    pair: Mapping[str, Any] = store.table(PAIRS).get(doc_id=pair_id) or {}
    texts = [store.settings().name]
    for email in (pair.get("mentor", ""), pair.get("mentee", "")):
        person = store.table(PARTICIPANTS).get(Query().email == normalise_email(email)) if email else None
        local_part = email.partition("@")[0]
        texts += [email, local_part]
        if person:
            texts += [person.get("name", ""), person.get("department", "")]
    return tuple(_words(*texts))


def coordinator_user_inputs(store: CohortStore) -> tuple[str, ...]:
    """Words others know about the coordinator: their name as the settings give it, and the cohort's name."""
    settings = store.settings()
    return tuple(_words(settings.coordinator, settings.name))
