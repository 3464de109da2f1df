"""``rmtui check``: findings about a cohort file, without changing it."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from rmtui.core.errors import ValidationError
from rmtui.core.roster import Participant, parse_participant
from rmtui.core.roster.mapping import mapping_findings
from rmtui.core.store.cohort_file import (
    CHECK_INS,
    COHORT,
    DECISIONS,
    GOAL_SHEETS,
    PAIR_ACCESS,
    PAIRS,
    PARTICIPANTS,
    SESSIONS,
    SETUP_CODES,
    CohortStore,
)
from rmtui.core.topics.vocabulary import VOCABULARY_KEY, parse_vocabulary


def check_cohort(path: Path) -> list[str]:
    """Everything wrong with the file at ``path``; an empty list means it is sound.

    A file that cannot be opened at all raises CohortFileError instead.
    """
    findings: list[str] = []
    with CohortStore.open(path, read_only=True) as store:
        cohort = store.table(COHORT).get(doc_id=1)
        if cohort is None:
            findings.append("the cohort settings are missing; open the file in rmtui and save the settings")
        else:
            findings += _vocabulary_findings(cohort.get(VOCABULARY_KEY))
            findings += mapping_findings(cohort)
        people: list[Participant] = []
        for doc in store.table(PARTICIPANTS).all():
            try:
                people.append(parse_participant(doc))
            except ValidationError as invalid:
                findings.append(f"participant record {doc.doc_id} ({doc.get('email', 'no email')}): {invalid}")
        findings += _pair_findings(store, {p.email: p for p in people})
        findings += _orphan_findings(store)
        findings += _session_findings(store, {p.email for p in people})
    counts = Counter(p.email for p in people)
    findings += [f"{email} appears {n} times; emails must be unique" for email, n in counts.items() if n > 1]
    findings += _reporting_cycles(people)
    return findings


def _vocabulary_findings(stored: object) -> list[str]:
    """The topic vocabulary must parse: typed topics mapped to topics, no chains, pairs and groups well formed."""
    if stored is None:
        return []
    if not isinstance(stored, dict):
        return ["the topic vocabulary is not a record; restore a backup or remove the topic_vocabulary entry"]
    try:
        parse_vocabulary(stored)
    except ValidationError as invalid:
        return [f"topic vocabulary: {invalid}; fix it with rmtui topics split, or restore a backup"]
    return []


def _pair_findings(store: CohortStore, people: dict[str, Participant]) -> list[str]:
    """Pairs and decisions must name people on the roster; a mentee has one active pair; capacity holds."""
    found: list[str] = []
    records = [(PAIRS, doc) for doc in store.table(PAIRS).all()] + [
        (DECISIONS, d) for d in store.table(DECISIONS).all()
    ]
    for table, doc in records:
        for role in ("mentor", "mentee"):
            email = doc.get(role)
            if email not in people:
                found.append(f"{table} record {doc.doc_id} names {role} {email!r}, who is not on the roster")
    active = [doc for doc in store.table(PAIRS).all() if doc.get("status") == "active"]
    mentees = Counter(doc.get("mentee") for doc in active)
    found += [f"{email} has {n} active pairs; end all but one" for email, n in mentees.items() if n > 1]
    for email, n in Counter(doc.get("mentor") for doc in active).items():
        if email in people and n > people[email].capacity:
            found.append(f"{email} mentors {n} active pairs but has capacity {people[email].capacity}")
    return found


def _orphan_findings(store: CohortStore) -> list[str]:
    """Goal sheets, passphrase records and setup codes are keyed by their pair's id, so that pair must exist."""
    pair_ids = {doc.doc_id for doc in store.table(PAIRS).all()}
    return [
        f"{table} record {doc.doc_id} belongs to pair {doc.doc_id}, which is not in the pairs table"
        for table in (GOAL_SHEETS, PAIR_ACCESS, SETUP_CODES)
        for doc in store.table(table).all()
        if doc.doc_id not in pair_ids
    ]


def _session_findings(store: CohortStore, emails: set[str]) -> list[str]:
    """Sessions must belong to a known pair, and check-ins to someone on the roster."""
    pair_ids = {doc.doc_id for doc in store.table(PAIRS).all()}
    found = [
        f"sessions record {doc.doc_id} belongs to pair {doc.get('pair_id')}, which is not in the pairs table"
        for doc in store.table(SESSIONS).all()
        if doc.get("pair_id") not in pair_ids
    ]
    found += [
        f"check_ins record {doc.doc_id} is by {doc.get('email')!r}, who is not on the roster"
        for doc in store.table(CHECK_INS).all()
        if doc.get("email") not in emails
    ]
    return found


def _reporting_cycles(people: list[Participant]) -> list[str]:
    manager = {p.email: p.reports_to for p in people if p.reports_to}
    found: list[str] = []
    reported: set[str] = set()
    for start in manager:
        seen: list[str] = []
        email = start
        while email in manager and email not in seen:
            seen.append(email)
            email = manager[email]
        if email in seen and email not in reported:
            loop = seen[seen.index(email) :]
            reported.update(loop)
            found.append("reporting lines form a loop: " + " → ".join([*loop, email]) + "; fix someone's reports_to")
    return found
