"""The roster: adding, editing, removing and importing participants."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from tinydb import Query

from rmtui.core.errors import FieldError, RmtuiError, ValidationError
from rmtui.core.roster.participants import Participant, form_fields, normalise_email, parse_participant
from rmtui.core.store import DECISIONS, PAIRS, PARTICIPANTS, CohortStore
from rmtui.core.text import plural

_by_email = Query().email


def list_participants(store: CohortStore) -> list[Participant]:
    """Everyone on the roster, in the order they were added."""
    return [Participant.from_doc(doc) for doc in store.table(PARTICIPANTS).all()]


def get_participant(store: CohortStore, email: str) -> Participant:
    """The participant with this email; RmtuiError if there is none."""
    doc = store.table(PARTICIPANTS).get(_by_email == normalise_email(email))
    if doc is None:
        raise RmtuiError(f"Nobody on the roster has the email {email}.")
    return Participant.from_doc(doc)


def _duplicate(store: CohortStore, email: str) -> FieldError:
    other = get_participant(store, email)
    return FieldError("email", f"{email} already belongs to {other.name}; use a different email or edit that person")


def add_participant(store: CohortStore, fields: Mapping[str, object]) -> Participant:
    """Validate and add one person; the email must be new to the roster."""
    participant = parse_participant(fields)
    table = store.table(PARTICIPANTS)
    if table.contains(_by_email == participant.email):
        raise ValidationError([_duplicate(store, participant.email)])
    table.insert(participant.to_doc())
    return participant


def update_participant(store: CohortStore, email: str, fields: Mapping[str, object]) -> Participant:
    """Validate and save changes to one person; a new email is carried into others' reports_to."""
    table = store.table(PARTICIPANTS)
    old = table.get(_by_email == normalise_email(email))
    if old is None:
        raise RmtuiError(f"Nobody on the roster has the email {email}; it may have been deleted.")
    current = Participant.from_doc(old)
    merged = {**form_fields(current), "status": current.status, "status_date": current.status_date, **fields}
    participant = parse_participant(merged)
    renamed = participant.email != current.email
    if renamed and table.contains(_by_email == participant.email):
        raise ValidationError([_duplicate(store, participant.email)])
    with store.batch():
        table.update(participant.to_doc(), doc_ids=[old.doc_id])
        if renamed:
            table.update({"reports_to": participant.email}, Query().reports_to == current.email)
    return participant


def delete_participant(store: CohortStore, email: str) -> None:
    """Remove one person from the roster, unless they have been in a pair (their history feeds the report)."""
    email = normalise_email(email)
    in_pair = (Query().mentor == email) | (Query().mentee == email)
    if store.table(PAIRS).contains(in_pair):
        person = get_participant(store, email)
        raise RmtuiError(
            f"{person.name} has been in a pair, so deleting them would break the pair's record; "
            "mark them withdrawn (w) or left (l) instead. Nothing was deleted."
        )
    with store.batch():
        removed = store.table(PARTICIPANTS).remove(_by_email == email)
        store.table(DECISIONS).remove(in_pair)
    if not removed:
        raise RmtuiError(f"Nobody on the roster has the email {email}; nothing was deleted.")


def set_status(store: CohortStore, email: str, status: str) -> Participant:
    """Mark someone active, withdrawn or left organisation, dated today."""
    current = get_participant(store, email)
    changed = replace(parse_participant({**form_fields(current), "status": status}), status_date=store.today())
    store.table(PARTICIPANTS).update(changed.to_doc(), _by_email == current.email)
    return changed


@dataclass(frozen=True, slots=True)
class RosterBalance:
    """How many mentors and mentees are active, and how many mentees the mentors can take."""

    mentors: int
    mentees: int
    mentor_capacity: int
    inactive: int

    def describe(self) -> str:
        """One line for the roster screen and the CLI."""
        gap = self.mentor_capacity - self.mentees
        fit = "enough places" if gap >= 0 else f"{plural(-gap, 'place')} short"
        return (
            f"{plural(self.mentors, 'mentor')} with {plural(self.mentor_capacity, 'place')} · "
            f"{plural(self.mentees, 'mentee')} · {fit} · {self.inactive} withdrawn/left"
        )


def roster_balance(participants: list[Participant]) -> RosterBalance:
    """Count active mentors, mentees and mentor places."""
    active = [p for p in participants if p.is_active]
    mentors = [p for p in active if p.role == "mentor"]
    return RosterBalance(
        mentors=len(mentors),
        mentees=sum(p.role == "mentee" for p in active),
        mentor_capacity=sum(p.capacity for p in mentors),
        inactive=len(participants) - len(active),
    )
