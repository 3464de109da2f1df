"""``rmtui check``: findings about a cohort file, without changing it."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from rmtui.core.errors import ValidationError
from rmtui.core.participants import Participant, parse_participant
from rmtui.core.store import COHORT, PARTICIPANTS, CohortStore


def check_cohort(path: Path) -> list[str]:
    """Everything wrong with the file at ``path``; an empty list means it is sound.

    A file that cannot be opened at all raises CohortFileError instead.
    """
    findings: list[str] = []
    with CohortStore.open(path, read_only=True) as store:
        if store.table(COHORT).get(doc_id=1) is None:
            findings.append("the cohort settings are missing; open the file in rmtui and save the settings")
        people: list[Participant] = []
        for doc in store.table(PARTICIPANTS).all():
            try:
                people.append(parse_participant(doc))
            except ValidationError as invalid:
                findings.append(f"participant record {doc.doc_id} ({doc.get('email', 'no email')}): {invalid}")
    counts = Counter(p.email for p in people)
    findings += [f"{email} appears {n} times; emails must be unique" for email, n in counts.items() if n > 1]
    findings += _reporting_cycles(people)
    return findings


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
            loop = seen[seen.index(email):]
            reported.update(loop)
            found.append("reporting lines form a loop: " + " → ".join([*loop, email]) + "; fix someone's reports_to")
    return found
