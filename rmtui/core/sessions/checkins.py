"""Check-ins: each participant's word, at set points of the term, on how the pairing is going.

Check-in points are counted from the cohort's start date, not from each pair's confirmation:
a check-in belongs to the person, and a rematched person's satisfaction spans both pairs. The
points are kept with the cohort's settings (like the matching weights). The last point is the
final check-in, which also holds the end-of-term answers for the evaluation.

The final self-ratings live on the check-in only; Goal.final_rating is left for the evaluation
to fill from them, so a rating is never written in two places that could disagree.

A check-in is each person's own, answered once: nobody (least of all the partner at the shared
machine) can replace a saved answer, or "safety to speak" could not be answered honestly. Only the
coordinator can void one, with a reason; a voided answer stays in the file for the record but out
of every list and figure, so it counts as unanswered and the person may answer again.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from tinydb import Query
from tinydb.table import Document

from rmtui.core.errors import FieldError, RmtuiError, ValidationError
from rmtui.core.goals import get_goal_sheet
from rmtui.core.matching import get_pair, pairs_by_id
from rmtui.core.roster import get_participant
from rmtui.core.store import CHECK_INS, COHORT, CohortSettings, CohortStore, add_months
from rmtui.core.text import check_paragraph, check_single_line, whole_number

# Belongs with the other table names in rmtui.core.store.cohort_file; kept here until that file is free to edit.
CHECKPOINTS_KEY = "check_in_points"
# A voided check-in keeps its answers under this key's sibling fields; the key holds the Void.
VOIDED = "voided"
DEFAULT_CHECKPOINTS = ("week 4", "month 3", "month 5")
FITS = ("good", "unsure", "not working")
AGAIN = ("yes", "no", "unsure")
MAX_COMMENT = 2_000
_POINT = re.compile(r"^(week|month)\s*(\d{1,3})$")


@dataclass(frozen=True, slots=True)
class CheckIn:
    """One participant's answers at one check-in point; the final one adds the end-of-term answers."""

    email: str
    checkpoint: str
    done_on: date
    satisfaction: int
    fit: str
    safety: int
    comment: str = ""
    # A private comment is for the coordinator alone: reports count it but never quote it.
    comment_private: bool = False
    pair_id: int | None = None
    goal_ratings: tuple[tuple[int, int], ...] = ()
    doing_differently: str = ""
    take_part_again: str = ""
    recommend: int | None = None

    def to_doc(self) -> dict[str, Any]:
        """The check-in as stored in the cohort file."""
        return {
            **{name: getattr(self, name) for name in self.__slots__},
            "done_on": self.done_on.isoformat(),
            "goal_ratings": {str(goal_id): rating for goal_id, rating in self.goal_ratings},
        }

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> CheckIn:
        """A check-in read back from the cohort file (without the void, if it has one)."""
        ratings = tuple((int(k), v) for k, v in doc.get("goal_ratings", {}).items())
        answers = {name: value for name, value in doc.items() if name != VOIDED}
        return cls(**{**answers, "done_on": date.fromisoformat(doc["done_on"]), "goal_ratings": ratings})


@dataclass(frozen=True, slots=True)
class Void:
    """Why a check-in no longer counts: who voided it, when, and the reason they gave."""

    voided_on: date
    voided_by: str
    reason: str

    def to_doc(self) -> dict[str, str]:
        """The void as stored on the check-in it sets aside."""
        return {"on": self.voided_on.isoformat(), "by": self.voided_by, "reason": self.reason}

    @classmethod
    def from_doc(cls, doc: Mapping[str, str]) -> Void:
        """A void read back from the cohort file."""
        return cls(date.fromisoformat(doc["on"]), doc["by"], doc["reason"])


@dataclass(frozen=True, slots=True)
class Answered:
    """That one person of a pair answered a check-in point about it, and when; none of the answers."""

    email: str
    role: str
    checkpoint: str
    done_on: date


def parse_checkpoint(text: str) -> tuple[str, int]:
    """('week', 4) for 'week 4' or 'Week4'; ValueError for anything else."""
    match = _POINT.match(" ".join(text.split()).lower())
    if not match or int(match.group(2)) < 1:
        raise ValueError(text)
    return match.group(1), int(match.group(2))


def checkpoint_date(start: date, checkpoint: str) -> date:
    """When a check-in point falls for a term starting on ``start`` (month-end safe)."""
    unit, number = parse_checkpoint(checkpoint)
    return start + timedelta(weeks=number) if unit == "week" else add_months(start, number)


def check_in_schedule(settings: CohortSettings, checkpoints: tuple[str, ...]) -> list[tuple[str, date]]:
    """Each check-in point with its date, in order."""
    start = settings.term().start
    return [(point, checkpoint_date(start, point)) for point in checkpoints]


def load_checkpoints(store: CohortStore) -> tuple[str, ...]:
    """The cohort's check-in points; the defaults until the coordinator saves their own."""
    cohort: Mapping[str, Any] = store.table(COHORT).get(doc_id=1) or {}
    stored: list[str] | None = cohort.get(CHECKPOINTS_KEY)
    return tuple(stored) if stored else DEFAULT_CHECKPOINTS


def parse_checkpoints(points: list[str], settings: CohortSettings) -> tuple[str, ...]:
    """Validate typed-in check-in points: 'week N' or 'month N', inside the term, no two on one day; sorted."""
    errors: list[FieldError] = []
    dated: dict[str, date] = {}
    term = settings.term()
    for number, text in enumerate(points, start=1):
        try:
            unit, n = parse_checkpoint(text)
        except ValueError:
            errors.append(
                FieldError(f"check_in_points[{number}]", f"'{text}' is not a point; write 'week 4' or 'month 3'")
            )
            continue
        point = f"{unit} {n}"
        day = checkpoint_date(term.start, point)
        if day > term.end:
            errors.append(FieldError(f"check_in_points[{number}]", f"'{point}' falls after the term ends ({term.end})"))
        elif day in dated.values():
            errors.append(FieldError(f"check_in_points[{number}]", f"'{point}' falls on the same day as another point"))
        dated[point] = day
    if not points:
        errors.append(FieldError("check_in_points", "needs at least one point, like 'month 3'"))
    if errors:
        raise ValidationError(errors)
    return tuple(sorted(dated, key=dated.__getitem__))


def save_checkpoints(store: CohortStore, points: list[str]) -> tuple[str, ...]:
    """Validate and keep the cohort's check-in points with its settings."""
    parsed = parse_checkpoints(points, store.settings())
    store.table(COHORT).update({CHECKPOINTS_KEY: list(parsed)}, doc_ids=[1])
    return parsed


def _whole(
    raw: object, field: str, low: int, high: int, fix: str, errors: list[FieldError], *, required: bool
) -> int | None:
    text = "" if raw is None else str(raw).strip()
    if not text and not required:
        return None
    number = whole_number(text)
    if number is None or not low <= number <= high:
        errors.append(FieldError(field, f"must be a whole number from {low} to {high}{fix}"))
        return None
    return number


def _choice(raw: object, field: str, choices: tuple[str, ...], errors: list[FieldError], *, required: bool) -> str:
    text = " ".join(str(raw or "").replace("_", " ").split()).lower()
    if text in choices or (not text and not required):
        return text
    errors.append(FieldError(field, f"must be one of: {', '.join(choices)}"))
    return ""


def _text(raw: object, field: str, errors: list[FieldError]) -> str:
    text = str(raw or "").strip()
    if problem := check_paragraph(text, limit=MAX_COMMENT):
        errors.append(FieldError(field, problem))
    return text


def parse_check_in(
    fields: Mapping[str, object], *, email: str, checkpoint: str, final: bool, today: date,
    pair_id: int | None = None, own_goal_ids: Collection[int] = frozenset(),
) -> CheckIn:  # fmt: skip
    """Validate typed-in check-in answers; the final check-in also asks for the end-of-term answers."""
    errors: list[FieldError] = []
    satisfaction = _whole(
        fields.get("satisfaction"), "satisfaction", 1, 5, " (very unhappy to very happy)", errors, required=True
    )
    safety = _whole(
        fields.get("safety"), "safety", 1, 5, " (not safe to speak openly to completely safe)", errors, required=True
    )
    fit = _choice(fields.get("fit"), "fit", FITS, errors, required=True)
    comment = _text(fields.get("comment"), "comment", errors)
    private = str(fields.get("comment_private") or "").strip().lower() in {"true", "yes", "y", "1"}
    final_values: dict[str, Any] = {}
    if final:
        ratings: dict[int, int] = {}
        goal_ratings = fields.get("goal_ratings") or {}
        if not isinstance(goal_ratings, Mapping):
            errors.append(FieldError("goal_ratings", "must rate your goals one by one; rate your own goals"))
            goal_ratings = {}
        for goal_id, raw in goal_ratings.items():
            field, number = f"goal_ratings[{goal_id}]", whole_number(str(goal_id))
            if number is None or number not in own_goal_ids:
                errors.append(FieldError(field, "is not one of your goals on the pair's sheet; rate your own goals"))
            elif number in ratings:
                errors.append(FieldError(field, "repeats a goal already rated; rate each goal once"))
            elif (
                rating := _whole(raw, field, 1, 5, " (no progress to fully achieved)", errors, required=False)
            ) is not None:
                ratings[number] = rating
        final_values = {
            "goal_ratings": tuple(sorted(ratings.items())),
            "doing_differently": _text(fields.get("doing_differently"), "doing_differently", errors),
            "take_part_again": _choice(fields.get("take_part_again"), "take_part_again", AGAIN, errors, required=True),
            "recommend": _whole(
                fields.get("recommend"), "recommend", 0, 10, " (not at all to certainly)", errors, required=True
            ),
        }
    if errors:
        raise ValidationError(errors)
    return CheckIn(
        email, checkpoint, today, satisfaction or 0, fit, safety or 0, comment, private, pair_id, **final_values
    )


def _pair_of(store: CohortStore, email: str, pair_id: int | None) -> tuple[int | None, str]:
    """The active pair the answers are about, and the person's role in it.

    A mentor with two mentees answers about each pair separately; without ``pair_id``, their first.
    """
    mine = {i: p for i, p in pairs_by_id(store, active_only=True).items() if email in (p.mentor, p.mentee)}
    if pair_id is None:
        pair_id = next(iter(mine), None)
    elif pair_id not in mine:
        raise RmtuiError(f"{email} is not in active pair {pair_id}; check in from their own pair.")
    if pair_id is None:
        return None, ""
    return pair_id, "mentor" if mine[pair_id].mentor == email else "mentee"


def _point_of(points: tuple[str, ...], checkpoint: str) -> str:
    """The cohort's spelling of a typed check-in point ('Week4' is 'week 4'); ValidationError if it is not one."""
    try:
        checkpoint = "{} {}".format(*parse_checkpoint(checkpoint))
    except ValueError:
        checkpoint = checkpoint.strip()
    if checkpoint not in points:
        raise ValidationError([FieldError("checkpoint", f"must be one of this cohort's points: {', '.join(points)}")])
    return checkpoint


def _standing(store: CohortStore, email: str, checkpoint: str) -> list[Document]:
    """The stored answers of a person at one point that still count, whichever pair they are about."""
    query = (Query().email == email) & (Query().checkpoint == checkpoint)
    return [doc for doc in store.table(CHECK_INS).search(query) if not doc.get(VOIDED)]


def _day(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def record_check_in(
    store: CohortStore, email: str, checkpoint: str, fields: Mapping[str, object], pair_id: int | None = None
) -> CheckIn:
    """Validate and save a participant's check-in about a pair, dated today; refused if they already answered there."""
    person = get_participant(store, email)
    points = load_checkpoints(store)
    checkpoint = _point_of(points, checkpoint)
    pair_id, role = _pair_of(store, person.email, pair_id)
    sheet = get_goal_sheet(store, pair_id) if pair_id else None
    own = {goal.goal_id for goal in sheet.goals if goal.owner == role} if sheet else set()
    check_in = parse_check_in(
        fields, email=person.email, checkpoint=checkpoint, final=checkpoint == points[-1],
        today=store.today(), pair_id=pair_id, own_goal_ids=own,
    )  # fmt: skip
    # Checked here, not only in the form: at the shared machine the partner could otherwise overwrite it.
    earlier = [doc for doc in _standing(store, person.email, checkpoint) if doc.get("pair_id") == pair_id]
    if earlier:
        answered_on = _day(date.fromisoformat(earlier[0]["done_on"]))
        raise RmtuiError(
            f"{person.name} already answered the {checkpoint} check-in on {answered_on};"
            " ask the coordinator if it must be voided."
        )
    store.table(CHECK_INS).insert(check_in.to_doc())
    return check_in


def void_check_in(store: CohortStore, email: str, checkpoint: str, reason: str, pair_id: int | None = None) -> CheckIn:
    """The coordinator sets a check-in aside with a reason: it leaves every figure, and the person may answer again."""
    reason = " ".join(reason.split())
    if problem := check_single_line(reason, required=True):
        raise ValidationError([FieldError("reason", f"{problem}; say briefly why, like 'answered by the partner'")])
    person = get_participant(store, email)
    checkpoint = _point_of(load_checkpoints(store), checkpoint)
    found = [doc for doc in _standing(store, person.email, checkpoint) if pair_id in (None, doc.get("pair_id"))]
    if not found:
        raise RmtuiError(f"{person.name} has no {checkpoint} check-in that counts; nothing was voided.")
    if len(found) > 1:
        raise RmtuiError(f"{person.name} answered the {checkpoint} check-in about {len(found)} pairs; say which pair.")
    void = Void(store.today(), store.settings().coordinator or "the coordinator", reason)
    store.table(CHECK_INS).update({VOIDED: void.to_doc()}, doc_ids=[found[0].doc_id])
    return CheckIn.from_doc(found[0])


def list_check_ins(store: CohortStore, email: str | None = None) -> list[CheckIn]:
    """Every check-in that counts (none the coordinator voided), or one participant's, oldest first."""
    docs = (doc for doc in store.table(CHECK_INS).all() if not doc.get(VOIDED))
    check_ins = [CheckIn.from_doc(doc) for doc in docs]
    return sorted((c for c in check_ins if email is None or c.email == email), key=lambda c: c.done_on)


def list_voided_check_ins(store: CohortStore) -> list[tuple[CheckIn, Void]]:
    """Every voided check-in with who voided it, when and why, in the order they were voided."""
    docs = [doc for doc in store.table(CHECK_INS).all() if doc.get(VOIDED)]
    voided = [(CheckIn.from_doc(doc), Void.from_doc(doc[VOIDED])) for doc in docs]
    return sorted(voided, key=lambda found: found[1].voided_on)


def answered_check_ins(store: CohortStore, pair_id: int) -> list[Answered]:
    """Who in a pair answered which point about it, and when, oldest first: never what they answered."""
    pair = get_pair(store, pair_id)
    roles = {pair.mentor: "mentor", pair.mentee: "mentee"}
    # Only this pair's records are read, so the kiosk's session log does not grow with the cohort.
    docs = store.table(CHECK_INS).search(lambda doc: doc.get("pair_id") == pair_id)
    check_ins = sorted((CheckIn.from_doc(doc) for doc in docs if not doc.get(VOIDED)), key=lambda c: c.done_on)
    return [Answered(c.email, roles[c.email], c.checkpoint, c.done_on) for c in check_ins if c.email in roles]
