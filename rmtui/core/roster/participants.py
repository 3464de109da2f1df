"""Participants: the people on the roster, and the validation of everything typed about them."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, fields
from datetime import date
from typing import Any

from rmtui.core.errors import FieldError, ValidationError
from rmtui.core.text import check_single_line, one_line

ROLES = ("mentor", "mentee")
FOCUSES = ("technology", "social values", "both")
FORMATS = ("in person", "remote", "either")
STATUSES = ("active", "withdrawn", "left organisation")

_ROLE_WORDS = {
    "mentor": "mentor",
    "junior": "mentor",
    "reverse mentor": "mentor",
    "mentee": "mentee",
    "senior": "mentee",
    "reverse mentee": "mentee",
}
_FOCUS_WORDS = {
    "technology": "technology",
    "tech": "technology",
    "digital": "technology",
    "social values": "social values",
    "social": "social values",
    "values": "social values",
    "both": "both",
}
_FORMAT_WORDS = {
    "in person": "in person",
    "inperson": "in person",
    "face to face": "in person",
    "remote": "remote",
    "online": "remote",
    "virtual": "remote",
    "either": "either",
    "any": "either",
    "hybrid": "either",
    "both": "either",
}
# Answers in words, as a sign-up form gets them: the first pattern found decides a role, and "mentee" is tried
# before "mentor" so that "Reverse mentee (senior)" is a mentee and "Reverse mentor (junior)" a mentor. For focus
# and format, an answer naming two choices ("In person or online") is both / either.
_ROLE_HINTS = ((re.compile(r"mentee|senior"), "mentee"), (re.compile(r"mentor|junior"), "mentor"))
_FOCUS_HINTS = (
    (re.compile(r"\b(both|either|all of|mix)\b"), "both"),
    (re.compile(r"\b(tech\w*|digital|ai|social media|tools?)\b"), "technology"),
    (re.compile(r"\b(social|values|culture|inclusion|diversity|d&i)\b"), "social values"),
)
_FORMAT_HINTS = (
    (re.compile(r"\b(either|both|any|no preference|don ?t mind|not fussed|whatever|flexible|hybrid|mix)\b"), "either"),
    (re.compile(r"\b(in person|face to face|f2f|office|on site|onsite)\b"), "in person"),
    (re.compile(r"\b(remote\w*|online|virtual\w*|video|teams|zoom|call)\b"), "remote"),
)
_ACCEPTED = {
    "role": "mentor or mentee, or words with 'mentee' or 'senior' (a mentee), 'mentor' or 'junior' (a mentor)",
    "focus": "technology, social values or both",
    "format": "in person, remote or either (words like 'online' or 'either is fine' count)",
}
_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0", ""}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
MAX_LIST_ITEMS = 30


@dataclass(frozen=True, slots=True)
class Participant:
    """One person in the cohort: a mentor (the junior partner) or a mentee (the senior partner)."""

    name: str
    email: str
    role: str
    department: str = ""
    job_title: str = ""
    grade: int | None = None
    reports_to: str = ""
    offers: tuple[str, ...] = ()
    wants: tuple[str, ...] = ()
    focus: str = "both"
    format: str = "either"
    capacity: int = 1
    status: str = "active"
    status_date: date | None = None
    diversity_consent: bool = False
    generation: str = ""
    under_represented: str = ""

    @property
    def is_active(self) -> bool:
        """Whether the person still takes part."""
        return self.status == "active"

    def to_doc(self) -> dict[str, Any]:
        """The participant as stored in the cohort file."""
        doc = asdict(self)
        doc["offers"] = list(self.offers)
        doc["wants"] = list(self.wants)
        doc["status_date"] = self.status_date.isoformat() if self.status_date else None
        return doc

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> Participant:
        """A participant read back from the cohort file."""
        values = {key: value for key, value in doc.items() if key in _FIELD_NAMES}
        values["offers"] = tuple(doc.get("offers", ()))
        values["wants"] = tuple(doc.get("wants", ()))
        if doc.get("status_date"):
            values["status_date"] = date.fromisoformat(doc["status_date"])
        return cls(**values)


# Read once: calling dataclasses.fields() for every person took a third of the time to load a roster.
_FIELD_NAMES = frozenset(field.name for field in fields(Participant))


def normalise_email(value: str) -> str:
    """Emails compare trimmed and case-insensitively."""
    return value.strip().lower()


# What people type between the entries of a list: "IG, pay transparency; AI tools | Tik Tok / tiktok".
# A slash between two digits ("24/7") is part of the entry, not a separator.
_SEPARATORS = re.compile(r"[,;|]|(?<!\d)/|/(?!\d)")
_FINAL_AND = re.compile(r"\s+and\s+(?!.*\s+and\s+)", re.IGNORECASE)


def split_list(value: str | Iterable[object]) -> tuple[str, ...]:
    """Split a list as people type it, keeping each entry's words as typed; drop blanks and repeats.

    Entries are separated by ``,`` ``;`` ``|`` or ``/``; a final " and " separates too when the
    cell is a list of "," or "/" ("IG, AI tools and accessibility"), so a lone "diversity and inclusion" stays whole.
    """
    pieces: list[str] = []
    for item in [value] if isinstance(value, str) else value:
        text = str(item)
        entries = _SEPARATORS.split(text)
        if len(entries) > 1 and not set(text) & set(";|"):
            entries[-1:] = _FINAL_AND.split(entries[-1], maxsplit=1)
        pieces += entries
    seen: dict[str, str] = {}
    for piece in pieces:
        cleaned = " ".join(piece.split())
        if cleaned and cleaned.casefold() not in seen:
            seen[cleaned.casefold()] = cleaned
    return tuple(seen.values())


def _word(value: object) -> str:
    return " ".join(str(value).replace("-", " ").replace("_", " ").lower().split())


def _choice(
    raw: object,
    words: Mapping[str, str],
    hints: tuple[tuple[re.Pattern[str], str], ...],
    field: str,
    default: str,
    errors: list[FieldError],
) -> str:
    word = _word(raw or "").replace("'", " ").replace("’", " ")
    if not word:
        return default
    if word in words:
        return words[word]
    found = [value for pattern, value in hints if pattern.search(word)]
    if found:
        # A role takes the first pattern found; two different choices for focus or format are both / either.
        return found[0] if field == "role" or len(set(found)) == 1 else default
    errors.append(FieldError(field, f"'{one_line(str(raw))[:40]}' is not a {field}; use {_ACCEPTED[field]}"))
    return default


def _whole_number(raw: object, field: str, example: str, errors: list[FieldError]) -> int | None:
    if raw is None or raw == "":
        return None
    if isinstance(raw, bool):
        raw = str(raw)
    if isinstance(raw, int):
        return raw
    text = str(raw).strip()
    if re.fullmatch(r"[+-]?\d{1,6}", text):
        return int(text)
    errors.append(FieldError(field, f"must be a whole number, like {example} (got '{text[:40]}')"))
    return None


def _text(fields_in: Mapping[str, object], field: str, errors: list[FieldError], *, required: bool = False) -> str:
    value = one_line(str(fields_in.get(field) or ""))
    problem = check_single_line(value, required=required)
    if problem:
        errors.append(FieldError(field, problem))
    return value


def _list(fields_in: Mapping[str, object], field: str, errors: list[FieldError]) -> tuple[str, ...]:
    raw = fields_in.get(field) or ()
    # A lone value (a bare number in a hand-edited file) is a one-entry list, as its CSV cell would be.
    items = split_list(raw if isinstance(raw, str | Iterable) else str(raw))
    if len(items) > MAX_LIST_ITEMS:
        errors.append(FieldError(field, f"has {len(items)} entries; keep it to {MAX_LIST_ITEMS}"))
    for item in items:
        problem = check_single_line(item)
        if problem:
            errors.append(FieldError(field, f"entry '{item[:30]}' {problem}"))
            break
    return items


def _consent(raw: object, errors: list[FieldError]) -> bool:
    if isinstance(raw, bool):
        return raw
    word = _word(raw or "")
    if word in _YES:
        return True
    if word not in _NO:
        errors.append(FieldError("diversity_consent", f"'{raw}' is not yes or no; use yes or no"))
    return False


def parse_participant(fields_in: Mapping[str, object]) -> Participant:
    """Validate raw fields (typed in, imported or stored) into a participant.

    Raises ValidationError listing every bad field with what to do about it.
    """
    errors: list[FieldError] = []
    name = _text(fields_in, "name", errors, required=True)
    email = normalise_email(str(fields_in.get("email") or ""))
    if not email:
        errors.append(FieldError("email", "is required, like ana.silva@example.org"))
    elif not _EMAIL.match(email) or len(email) > 254:
        errors.append(
            FieldError("email", f"'{email[:60]}' is not an email address; write it like ana.silva@example.org")
        )
    raw_role = fields_in.get("role") or ""
    role = _choice(raw_role, _ROLE_WORDS, _ROLE_HINTS, "role", "", errors)
    if not _word(raw_role):
        errors.append(FieldError("role", "is required: mentor (the junior partner) or mentee (the senior partner)"))
    reports_to = normalise_email(str(fields_in.get("reports_to") or ""))
    if reports_to and not _EMAIL.match(reports_to):
        errors.append(
            FieldError(
                "reports_to", f"'{reports_to[:60]}' is not an email address; give the manager's email or leave it empty"
            )
        )
    elif reports_to and reports_to == email:
        errors.append(FieldError("reports_to", "is the person's own email; give their manager's email"))
    capacity = _whole_number(fields_in.get("capacity"), "capacity", "1", errors)
    if capacity is not None and not 1 <= capacity <= 10:
        errors.append(FieldError("capacity", "must be between 1 and 10 mentees, like 1"))
    consent = _consent(fields_in.get("diversity_consent"), errors)
    generation = _text(fields_in, "generation", errors)
    under_represented = _text(fields_in, "under_represented", errors)
    status = _word(fields_in.get("status") or "active")
    if status not in STATUSES:
        errors.append(FieldError("status", f"'{status}' is not a status; use one of: {', '.join(STATUSES)}"))
    # Built before the error check so every field's problems are collected in one pass.
    participant = Participant(
        name=name,
        email=email,
        role=role,
        department=_text(fields_in, "department", errors),
        job_title=_text(fields_in, "job_title", errors),
        grade=_whole_number(fields_in.get("grade"), "grade", "3", errors),
        reports_to=reports_to,
        offers=_list(fields_in, "offers", errors),
        wants=_list(fields_in, "wants", errors),
        focus=_choice(fields_in.get("focus"), _FOCUS_WORDS, _FOCUS_HINTS, "focus", "both", errors),
        format=_choice(fields_in.get("format"), _FORMAT_WORDS, _FORMAT_HINTS, "format", "either", errors),
        # Only mentors take mentees; a hidden mentee capacity would be lost on export and edit.
        capacity=(capacity or 1) if role == "mentor" else 1,
        status=status,
        status_date=_status_date(fields_in.get("status_date"), errors),
        diversity_consent=consent,
        # Diversity details are kept only with the person's recorded consent.
        generation=generation if consent else "",
        under_represented=under_represented if consent else "",
    )
    if errors:
        raise ValidationError(errors)
    return participant


def _status_date(raw: object, errors: list[FieldError]) -> date | None:
    if raw is None or raw == "":
        return None
    if isinstance(raw, date):
        return raw
    try:
        return date.fromisoformat(str(raw).strip())
    except ValueError:
        errors.append(FieldError("status_date", f"'{raw}' is not a date; use YYYY-MM-DD"))
        return None


def list_text(items: tuple[str, ...]) -> str:
    """A list as one cell that split_list reads back exactly."""
    # Entries never hold a separator (split_list took them apart), and with ';' between them a final
    # " and " is never read as one.
    return "; ".join(items)


def form_fields(participant: Participant) -> dict[str, str]:
    """A participant's fields as the text a person would type, for forms and every export."""
    return {
        "name": participant.name,
        "email": participant.email,
        "role": participant.role,
        "department": participant.department,
        "job_title": participant.job_title,
        "grade": "" if participant.grade is None else str(participant.grade),
        "reports_to": participant.reports_to,
        "offers": list_text(participant.offers),
        "wants": list_text(participant.wants),
        "focus": participant.focus,
        "format": participant.format,
        "capacity": str(participant.capacity) if participant.role == "mentor" else "",
        "status": participant.status,
        "status_date": participant.status_date.isoformat() if participant.status_date else "",
        "diversity_consent": "yes" if participant.diversity_consent else "no",
        "generation": participant.generation,
        "under_represented": participant.under_represented,
    }
