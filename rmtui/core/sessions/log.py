"""The session log: one record per meeting a pair held, cancelled or missed.

A session is stored in the "sessions" table (its id is the table's doc_id). The record holds
nothing confidential: a pair's private notes on a session are sealed with the pair's key in its
pair_access record, in the slot "session_notes.<session id>", so a passphrase reset deletes them
and the coordinator's views, exports and reports, built from this table alone, cannot leak them.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from operator import attrgetter
from typing import Any

from rmtui.core.access import PairKey, access_status, read_sealed, write_sealed
from rmtui.core.errors import FieldError, RmtuiError, ValidationError
from rmtui.core.goals import get_goal_sheet
from rmtui.core.matching import get_pair
from rmtui.core.store import COHORT, SESSIONS, CohortStore
from rmtui.core.text import check_paragraph, check_single_line, whole_number

# Belongs with the other table names in rmtui.core.store.cohort_file; kept here until that file is free to edit.
TOPICS_KEY = "session_topics"
NOTES_SLOT = "session_notes"
HELD, CANCELLED, MISSED = "held", "cancelled", "missed"
SESSION_STATUSES = (HELD, CANCELLED, MISSED)
PLACES = ("on site", "off site", "remote")
LOGGERS = ("pair", "coordinator")
TYPICAL_TOPICS = (
    "communication styles",
    "cultural knowledge (how well the senior knows their teams)",
    "leadership and uncomfortable situations",
    "taboo subjects that cannot be raised elsewhere",
    "technology in use",
    "values and expectations of different generations",
)
MIN_MINUTES, MAX_MINUTES = 1, 600
DEFAULT_MINUTES = 60
MAX_TOPICS = 12
MAX_PROGRESS = 500
MAX_NOTES = 20_000
_PLACE_WORDS = {"off site": "off site", "offsite": "off site", "on site": "on site", "onsite": "on site",
                "office": "on site", "remote": "remote", "online": "remote", "video": "remote", "call": "remote"}  # fmt: skip


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


# Not frozen, unlike the other records: a frozen dataclass sets every field through object.__setattr__,
# which was half the cost of reading 30,000 sessions for the figures. Nothing changes a session once built
# (dataclasses.replace makes a new one), and a session is never a dict key or in a set.
@dataclass(slots=True)
class Session:
    """One meeting of a pair: held (with what was covered and how it felt), or cancelled or missed (with why)."""

    pair_id: int
    held_on: date
    status: str = HELD
    minutes: int | None = None
    place: str = ""
    topics: tuple[str, ...] = ()
    # Goal id → a short line on progress; ids stay valid across sheet revisions (they are never reused).
    goal_progress: tuple[tuple[int, str], ...] = ()
    mentee_rating: int | None = None
    mentor_rating: int | None = None
    mentee_safety: int | None = None
    mentor_safety: int | None = None
    next_meeting: date | None = None
    reason: str = ""
    logged_by: str = "pair"
    session_id: int = 0
    # The booked meeting's time of day, "HH:MM" in the cohort's time zone, when one was given.
    next_meeting_time: str = ""
    # When the record was saved (UTC, ISO 8601): the calendar's DTSTAMP for the booking change it makes.
    logged_at: str = ""

    @property
    def was_held(self) -> bool:
        """Whether the meeting took place."""
        return self.status == HELD

    def to_doc(self) -> dict[str, Any]:
        """The session as stored in the cohort file (without its id, which is the doc_id)."""
        return {
            "pair_id": self.pair_id,
            "held_on": self.held_on.isoformat(),
            "status": self.status,
            "minutes": self.minutes,
            "place": self.place,
            "topics": list(self.topics),
            "goal_progress": {str(goal_id): text for goal_id, text in self.goal_progress},
            "mentee_rating": self.mentee_rating,
            "mentor_rating": self.mentor_rating,
            "mentee_safety": self.mentee_safety,
            "mentor_safety": self.mentor_safety,
            "next_meeting": self.next_meeting.isoformat() if self.next_meeting else None,
            "reason": self.reason,
            "logged_by": self.logged_by,
            # Written only when set, so records without them stay as they were.
            **({"next_meeting_time": self.next_meeting_time} if self.next_meeting_time else {}),
            **({"logged_at": self.logged_at} if self.logged_at else {}),
        }

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any], session_id: int = 0) -> Session:
        """A session read back from the cohort file (it copies what it keeps: ``doc`` may be the store's own)."""
        # Field by field, in order: the figures build 30,000 of these, and a dict of keyword arguments cost twice this.
        get, progress = doc.get, doc.get("goal_progress")
        return cls(
            doc["pair_id"], date.fromisoformat(doc["held_on"]), get("status", HELD), get("minutes"), get("place", ""),
            tuple(get("topics", ())), tuple((int(k), v) for k, v in progress.items()) if progress else (),
            get("mentee_rating"), get("mentor_rating"), get("mentee_safety"), get("mentor_safety"),
            _day(get("next_meeting")), get("reason", ""), get("logged_by", "pair"), session_id,
            get("next_meeting_time", ""), get("logged_at", ""),
        )  # fmt: skip


def topic_list(store: CohortStore) -> tuple[str, ...]:
    """The topics a pair picks from: the typical ones, then the cohort's own."""
    cohort: Mapping[str, Any] = store.table(COHORT).get(doc_id=1) or {}
    custom: list[str] = cohort.get(TOPICS_KEY, [])
    return TYPICAL_TOPICS + tuple(t for t in custom if _key(t) not in {_key(t) for t in TYPICAL_TOPICS})


def _key(topic: str) -> str:
    return " ".join(topic.split()).casefold()


def _score(raw: object, field: str, words: str, errors: list[FieldError]) -> int | None:
    text = "" if raw is None else str(raw).strip()
    if not text:
        return None
    number = whole_number(text)
    if number is None or not 1 <= number <= 5:
        errors.append(FieldError(field, f"must be a whole number from 1 ({words}) to 5, or blank"))
        return None
    return number


def _date(raw: object, field: str, errors: list[FieldError], *, required: bool = False) -> date | None:
    if isinstance(raw, date):
        return raw
    text = "" if raw is None else str(raw).strip()
    if not text:
        if required:
            errors.append(FieldError(field, "is required; use YYYY-MM-DD, like 2026-03-16"))
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        errors.append(FieldError(field, f"'{text}' is not a date; use YYYY-MM-DD, like 2026-03-16"))
        return None


_DAY_AND_TIME = re.compile(r"(\S+)[ T](\d{1,2}):(\d{2})")


def _booked_time(raw: object, errors: list[FieldError]) -> tuple[object, str]:
    """A next meeting typed with a time of day ("2026-03-16 14:30") as its date and "HH:MM"; else as given."""
    found = _DAY_AND_TIME.fullmatch(raw.strip()) if isinstance(raw, str) else None
    if found is None:
        return raw, ""
    hour, minute = int(found.group(2)), int(found.group(3))
    if hour > 23 or minute > 59:
        errors.append(FieldError("next_meeting", f"'{raw}' has no such time of day; use HH:MM, like 2026-03-16 14:30"))
        return found.group(1), ""
    return found.group(1), f"{hour:02d}:{minute:02d}"


def place_of(text: str) -> str:
    """One of PLACES for a typed place ('off site: the café' → 'off site'), or '' when it names none."""
    words = " ".join(text.replace("-", " ").split()).casefold()
    return next((place for word, place in _PLACE_WORDS.items() if words.startswith(word)), "")


def _topics(raw: object, known: tuple[str, ...], errors: list[FieldError]) -> tuple[str, ...]:
    raw = raw or ()
    # A lone value (a bare number in a hand-edited file) is one topic.
    items: Iterable[object] = raw.split(";") if isinstance(raw, str) else raw if isinstance(raw, Iterable) else [raw]
    canonical = {_key(t): t for t in known}
    topics: list[str] = []
    for item in items:
        topic = " ".join(str(item).split())
        if not topic:
            continue
        if problem := check_single_line(topic, limit=80):
            errors.append(FieldError("topics", f"'{topic[:20]}…' {problem}"))
        # A typed topic that matches a listed one takes the list's spelling, so reports count it once.
        topic = canonical.get(_key(topic), topic)
        if topic not in topics:
            topics.append(topic)
    if len(topics) > MAX_TOPICS:
        errors.append(FieldError("topics", f"has {len(topics)} topics; keep it to the {MAX_TOPICS} main ones"))
    return tuple(topics)


def _progress(raw: object, goal_ids: Collection[int], errors: list[FieldError]) -> tuple[tuple[int, str], ...]:
    progress: dict[int, str] = {}
    if not isinstance(raw, Mapping):
        if raw:
            errors.append(FieldError("goal_progress", "must give the progress goal by goal; pick goals from the sheet"))
        return ()
    for goal_id, text in raw.items():
        text = " ".join(str(text).split())
        if not text:
            continue
        number = whole_number(str(goal_id))
        if number is None or number not in goal_ids:
            errors.append(
                FieldError(
                    f"goal_progress[{goal_id}]", "is not a goal on this pair's sheet; pick a goal from the sheet"
                )
            )
        elif number in progress:
            errors.append(FieldError(f"goal_progress[{goal_id}]", "repeats a goal already given; give each goal once"))
        elif problem := check_single_line(text, limit=MAX_PROGRESS):
            errors.append(FieldError(f"goal_progress[{goal_id}]", problem))
        else:
            progress[number] = text
    return tuple(sorted(progress.items()))


def parse_session(
    fields: Mapping[str, object], *, pair_id: int, today: date, confirmed_on: date | None = None,
    ended_on: date | None = None, goal_ids: Collection[int] = frozenset(), topics: tuple[str, ...] = TYPICAL_TOPICS, logged_by: str = "pair",
) -> Session:  # fmt: skip
    """Validate a typed-in session; every error names its field and the fix.

    A cancelled or missed meeting keeps only its date, its reason and the next meeting: it has
    no length, place, topics, progress or ratings, so anything given for those is dropped.
    """
    errors: list[FieldError] = []
    status = str(fields.get("status") or HELD).strip().lower()
    if status not in SESSION_STATUSES:
        errors.append(FieldError("status", f"must be one of: {', '.join(SESSION_STATUSES)}"))
    if logged_by not in LOGGERS:
        errors.append(FieldError("logged_by", f"must be one of: {', '.join(LOGGERS)}"))
    held_on = _date(fields.get("held_on"), "held_on", errors, required=True)
    if held_on and held_on > today and status != CANCELLED:
        errors.append(FieldError("held_on", f"is after today ({today}); log a meeting once it has happened"))
    if held_on and confirmed_on and held_on < confirmed_on:
        errors.append(FieldError("held_on", f"is before the pair was confirmed ({confirmed_on}); check the date"))
    if held_on and ended_on and held_on > ended_on:
        errors.append(FieldError("held_on", f"is after the pair ended ({ended_on}); check the date"))
    raw_next, next_time = _booked_time(fields.get("next_meeting"), errors)
    next_meeting = _date(raw_next, "next_meeting", errors)
    if next_meeting and held_on and next_meeting < held_on:
        errors.append(
            FieldError("next_meeting", f"must not be before this session ({held_on}); leave it blank if not booked")
        )
    session = Session(
        pair_id, held_on or today, status, next_meeting=next_meeting, logged_by=logged_by,
        next_meeting_time=next_time if next_meeting else "",
    )  # fmt: skip
    if status == HELD:
        session = _held_details(session, fields, goal_ids, topics, errors)
    else:
        reason = " ".join(str(fields.get("reason") or "").split())
        if problem := check_single_line(reason, required=True):
            errors.append(FieldError("reason", f"{problem}; say briefly why, like 'mentee travelling'"))
        session = replace(session, reason=reason)
    if errors:
        raise ValidationError(errors)
    return session


def _held_details(
    session: Session,
    fields: Mapping[str, object],
    goal_ids: Collection[int],
    known: tuple[str, ...],
    errors: list[FieldError],
) -> Session:
    raw_minutes = str(fields.get("minutes") or "").strip()
    minutes = whole_number(raw_minutes)
    if minutes is None or not MIN_MINUTES <= minutes <= MAX_MINUTES:
        errors.append(
            FieldError("minutes", f"must be a whole number of minutes from {MIN_MINUTES} to {MAX_MINUTES}, like 60")
        )
    place = str(fields.get("place") or "").strip().lower()
    if place not in PLACES:
        errors.append(FieldError("place", f"must be one of: {', '.join(PLACES)}"))
    return replace(
        session,
        minutes=minutes,
        place=place,
        topics=_topics(fields.get("topics"), known, errors),
        goal_progress=_progress(fields.get("goal_progress"), goal_ids, errors),
        mentee_rating=_score(fields.get("mentee_rating"), "mentee_rating", "not worthwhile", errors),
        mentor_rating=_score(fields.get("mentor_rating"), "mentor_rating", "not worthwhile", errors),
        mentee_safety=_score(fields.get("mentee_safety"), "mentee_safety", "not safe to speak openly", errors),
        mentor_safety=_score(fields.get("mentor_safety"), "mentor_safety", "not safe to speak openly", errors),
    )


def _goal_ids(store: CohortStore, pair_id: int) -> set[int]:
    sheet = get_goal_sheet(store, pair_id)
    return set() if sheet is None else {goal.goal_id for goal in sheet.goals}


def _check_notes(notes: str, logged_by: str, key: PairKey | None, pair_id: int) -> None:
    if not notes:
        return
    if logged_by == "coordinator":
        raise ValidationError([FieldError("notes", "are the pair's own; a session logged by the coordinator has none")])
    if key is None or key.pair_id != pair_id:
        raise RmtuiError("Private notes need the pair's passphrase; unlock the pair first (nothing was saved).")
    if problem := check_paragraph(notes, limit=MAX_NOTES):
        raise ValidationError([FieldError("notes", problem)])


def log_session(
    store: CohortStore, pair_id: int, fields: Mapping[str, object], *,
    logged_by: str = "pair", key: PairKey | None = None, notes: str = "",
) -> Session:  # fmt: skip
    """Validate and save a session of this pair, with its private notes sealed, in one write."""
    pair = get_pair(store, pair_id)
    session = parse_session(
        fields, pair_id=pair_id, today=store.today(), confirmed_on=pair.confirmed_on, ended_on=pair.ended_on,
        goal_ids=_goal_ids(store, pair_id), topics=topic_list(store), logged_by=logged_by,
    )  # fmt: skip
    notes = notes.strip()
    _check_notes(notes, logged_by, key, pair_id)
    session = replace(session, logged_at=datetime.now(UTC).isoformat(timespec="seconds"))
    with store.batch():
        session_id = store.table(SESSIONS).insert(session.to_doc())
        if notes and key is not None:
            write_sealed(store, key, notes_slot(session_id), notes)
    return replace(session, session_id=session_id)


def notes_slot(session_id: int) -> str:
    """The pair_access slot that holds one session's private notes."""
    return f"{NOTES_SLOT}.{session_id}"


def read_session_notes(store: CohortStore, key: PairKey, session_id: int) -> str:
    """One session's private notes, decrypted with the pair's key; '' when it has none."""
    session = get_session(store, session_id)
    if session.pair_id != key.pair_id:
        raise RmtuiError("That session belongs to another pair; its notes are not yours to read.")
    return read_sealed(store, key, notes_slot(session_id)) or ""


def save_session_notes(store: CohortStore, key: PairKey, session_id: int, notes: str) -> None:
    """Replace one session's private notes (blank removes them); only the pair, unlocked, can."""
    session = get_session(store, session_id)
    notes = notes.strip()
    _check_notes(notes, "pair", key, session.pair_id)
    if session.pair_id != key.pair_id:
        raise RmtuiError("That session belongs to another pair; nothing was saved.")
    write_sealed(store, key, notes_slot(session_id), notes or None)


def get_session(store: CohortStore, session_id: int) -> Session:
    """The session with this id; RmtuiError when there is none."""
    doc = store.table(SESSIONS).get(doc_id=session_id)
    if doc is None:
        raise RmtuiError(f"There is no session {session_id} in this cohort; it may have been removed.")
    return Session.from_doc(doc, doc.doc_id)


def _oldest_first(sessions: Iterable[Session]) -> list[Session]:
    """Oldest first, sessions of one day in the order logged: two stable sorts, with no key tuple per session."""
    found = sorted(sessions, key=attrgetter("session_id"))
    found.sort(key=attrgetter("held_on"))
    return found


def list_sessions(store: CohortStore, pair_id: int | None = None) -> list[Session]:
    """Every session, or one pair's, oldest first (ties in the order logged)."""
    if pair_id is not None:
        return pair_sessions(store, pair_id)
    return _oldest_first(store.read_all(SESSIONS, Session.from_doc))


def pair_sessions(store: CohortStore, pair_id: int) -> list[Session]:
    """One pair's sessions, oldest first: only their records are built, however large the cohort."""
    # A plain function scans 30,000 records about three times faster than a tinydb Query.
    docs = store.table(SESSIONS).search(lambda doc: doc.get("pair_id") == pair_id)
    return _oldest_first(Session.from_doc(doc, doc.doc_id) for doc in docs)


def remove_session(store: CohortStore, session_id: int, key: PairKey | None = None) -> None:
    """Remove a session logged in error, with its sealed notes, in one write; notes need the pair's key."""
    session = get_session(store, session_id)
    has_notes = notes_slot(session_id) in access_status(store, session.pair_id).sealed_slots
    if has_notes and (key is None or key.pair_id != session.pair_id):
        # The pair's sealed manifest lists the notes; only their key can take them off it.
        raise RmtuiError(
            "This session has the pair's private notes; the pair must unlock to remove it (nothing was removed)."
        )
    with store.batch():
        if has_notes and key is not None:
            write_sealed(store, key, notes_slot(session_id), None)
        store.table(SESSIONS).remove(doc_ids=[session_id])


def session_defaults(store: CohortStore, pair_id: int, sessions: Iterable[Session] | None = None) -> dict[str, object]:
    """Values for quick entry: today, the agreed place, the last length and the last topics.

    ``sessions`` are the pair's, oldest first, when the caller has them already; otherwise they are read.
    """
    held = [s for s in (pair_sessions(store, pair_id) if sessions is None else sessions) if s.was_held]
    last = held[-1] if held else None
    sheet = get_goal_sheet(store, pair_id)
    place = (place_of(sheet.place) if sheet else "") or (last.place if last else "")
    return {
        "held_on": store.today().isoformat(),
        "status": HELD,
        "minutes": last.minutes if last and last.minutes else DEFAULT_MINUTES,
        "place": place,
        "topics": list(last.topics) if last else [],
    }


EXPORT_HEADERS = (
    "session_id", "pair_id", "mentor", "mentee", "held_on", "status", "minutes", "place", "topics", "goal_progress",
    "mentee_rating", "mentor_rating", "mentee_safety", "mentor_safety", "next_meeting", "reason", "logged_by",
)  # fmt: skip


def export_rows(store: CohortStore) -> list[dict[str, object]]:
    """Every session's non-confidential fields, oldest first; private notes are sealed and never read here."""
    from rmtui.core.matching import pairs_by_id

    pairs = pairs_by_id(store)
    rows = []
    for session in list_sessions(store):
        doc = session.to_doc()
        pair = pairs.get(session.pair_id)
        rows.append({
            **{name: doc.get(name) for name in EXPORT_HEADERS},
            "session_id": session.session_id,
            "mentor": pair.mentor if pair else "",
            "mentee": pair.mentee if pair else "",
        })  # fmt: skip
    return rows


def sessions_to_csv(rows: list[dict[str, object]]) -> str:
    """Sessions as CSV; cells a spreadsheet would run as formulas are neutralised."""
    import csv
    import io

    from rmtui.core.roster import neutralise

    def cell(value: object) -> str:
        if isinstance(value, list):
            value = "; ".join(map(str, value))
        elif isinstance(value, dict):
            value = "; ".join(f"goal {goal_id}: {text}" for goal_id, text in value.items())
        return neutralise("" if value is None else str(value))

    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(EXPORT_HEADERS)
    writer.writerows([cell(row[name]) for name in EXPORT_HEADERS] for row in rows)
    return out.getvalue()


def sessions_to_json(rows: list[dict[str, object]]) -> str:
    """Sessions as a JSON list, one object per session."""
    import orjson

    return orjson.dumps(rows, option=orjson.OPT_INDENT_2).decode() + "\n"
