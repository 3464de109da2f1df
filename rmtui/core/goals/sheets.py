"""Goal sheets: one per pair, the ground rules and goals both partners agree at their first meeting.

A sheet is stored in the "goal_sheets" table under its pair's id (the pairs table's doc_id). It
holds no confidential content: the biases and sensitivities and the disagreements sections are
sealed with the pair's key in the pair's access record (see pair_access), so nothing here, nor
the coordinator's view built from it, can leak them.

States: "not started" (a template is assigned) → "draft" → "agreed" once both partners agree,
read-only until someone chooses to revise → "revised draft", which keeps the agreed version in
``earlier`` → "agreed" again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import orjson
from tinydb.table import Document

from rmtui.core.access import PairKey, read_sealed, write_sealed, write_sealed_slots
from rmtui.core.errors import FieldError, RmtuiError, ValidationError
from rmtui.core.goals.templates import CONFIDENTIAL_SECTIONS, DEFAULT_TEMPLATE, get_template
from rmtui.core.matching import get_pair, pairs_by_id
from rmtui.core.store import CADENCES, GOAL_SHEETS, CohortStore, Term
from rmtui.core.text import check_paragraph, check_single_line, whole_number

NOT_STARTED, DRAFT, AGREED, REVISED_DRAFT = "not started", "draft", "agreed", "revised draft"
GOAL_STATUSES = ("not started", "in progress", "achieved", "dropped")
OWNERS = ("mentee", "mentor")
SHEET_SLOT = "goal_sheet"
MAX_GOALS = 20


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _plain(record: object) -> dict[str, Any]:
    # orjson writes dataclasses, tuples and dates as the file stores them: objects, lists and ISO dates.
    plain: dict[str, Any] = orjson.loads(orjson.dumps(record))
    return plain


@dataclass(frozen=True, slots=True)
class Goal:
    """One aim of the mentee or the mentor, with how its success will be measured."""

    goal_id: int
    owner: str
    title: str
    success_measure: str = ""
    target_date: date | None = None
    status: str = "not started"
    start_rating: int | None = None
    # The owner's rating at the evaluation; filled in when the term ends.
    final_rating: int | None = None

    def to_doc(self) -> dict[str, Any]:
        """The goal as stored in the cohort file."""
        return _plain(self)

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> Goal:
        """A goal read back from the cohort file."""
        return cls(**{**doc, "target_date": _day(doc.get("target_date"))})


@dataclass(frozen=True, slots=True)
class GoalSheet:
    """A pair's goal sheet; ``earlier`` holds the versions agreed before each revision."""

    pair_id: int
    template_id: str
    template_version: int | None = None
    state: str = NOT_STARTED
    version: int = 1
    purpose: str = ""
    cadence: str = ""
    place: str = ""
    confidentiality: str = ""
    mentee_accepts_confidentiality: bool = False
    mentor_accepts_confidentiality: bool = False
    goals: tuple[Goal, ...] = ()
    mentee_agreed_on: date | None = None
    mentor_agreed_on: date | None = None
    earlier: tuple[GoalSheet, ...] = ()

    @property
    def read_only(self) -> bool:
        """Whether both partners agreed it, so it changes only through a revision."""
        return self.state == AGREED

    def goals_of(self, owner: str) -> tuple[Goal, ...]:
        """The mentee's or the mentor's goals."""
        return tuple(goal for goal in self.goals if goal.owner == owner)

    def agreed_on(self, role: str) -> date | None:
        """When the mentee or the mentor agreed this version, if they have."""
        return self.mentee_agreed_on if role == "mentee" else self.mentor_agreed_on

    @property
    def missing(self) -> tuple[str, ...]:
        """What the sheet still needs before it is complete and can be agreed."""
        needs = [] if self.purpose.strip() else ["the purpose"]
        for owner in OWNERS:
            if not any(g.success_measure and g.status != "dropped" for g in self.goals_of(owner)):
                needs.append(f"a {owner} goal with a success measure")
        needs += [f"the {name}" for name in ("cadence", "place") if not getattr(self, name)]
        if not self.confidentiality.strip():
            needs.append("the confidentiality agreement")
        needs += [
            f"the {role}'s acceptance of the confidentiality agreement" for role in OWNERS if not self.accepts(role)
        ]
        return tuple(needs)

    @property
    def complete(self) -> bool:
        """Purpose, a measured goal each side, cadence and place, and confidentiality accepted by both."""
        return not self.missing

    def accepts(self, role: str) -> bool:
        """Whether the mentee or the mentor accepted the confidentiality agreement."""
        return self.mentee_accepts_confidentiality if role == "mentee" else self.mentor_accepts_confidentiality

    def to_doc(self) -> dict[str, Any]:
        """The sheet as stored in the cohort file."""
        return _plain(self)

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> GoalSheet:
        """A sheet read back from the cohort file."""
        dates = {name: _day(doc.get(name)) for name in ("mentee_agreed_on", "mentor_agreed_on")}
        goals = tuple(Goal.from_doc(goal) for goal in doc.get("goals", ()))
        return cls(**{**doc, **dates, "goals": goals, "earlier": tuple(map(cls.from_doc, doc.get("earlier", ())))})


@dataclass(frozen=True, slots=True)
class ConfidentialSections:
    """The sections only the pair can read: the biases and sensitivities each side acknowledges, and disagreements."""

    sensitivities: str = ""
    disagreements: str = ""


def get_goal_sheet(store: CohortStore, pair_id: int) -> GoalSheet | None:
    """The pair's goal sheet, or None when no template was assigned and none was started."""
    doc = store.table(GOAL_SHEETS).get(doc_id=pair_id)
    return None if doc is None else GoalSheet.from_doc(doc)


def _save(store: CohortStore, sheet: GoalSheet) -> GoalSheet:
    store.table(GOAL_SHEETS).upsert(Document(sheet.to_doc(), doc_id=sheet.pair_id))
    return sheet


def _assignable(store: CohortStore, pair_id: int, template_id: str) -> GoalSheet | str:
    """The not-started sheet assigning ``template_id`` to this pair, or why the pair keeps its own."""
    pair, sheet = get_pair(store, pair_id), get_goal_sheet(store, pair_id)
    if not pair.is_active:
        return f"the pair of {pair.mentor} and {pair.mentee} has ended"
    if sheet is not None and sheet.state != NOT_STARTED:
        template = get_template(store, sheet.template_id, sheet.template_version)
        return f"its sheet was already started from '{template.name}' version {template.version}, which it keeps"
    return GoalSheet(pair_id, template_id)


def assign_template(store: CohortStore, pair_id: int, template_id: str) -> GoalSheet:
    """Give one pair a template to start its goal sheet from; a started sheet keeps its own."""
    get_template(store, template_id)
    sheet = _assignable(store, pair_id, template_id)
    if isinstance(sheet, str):
        raise RmtuiError(f"Cannot assign a template to pair {pair_id}: {sheet}. Nothing was changed.")
    return _save(store, sheet)


@dataclass(frozen=True, slots=True)
class Assignment:
    """The result of assigning a template to every active pair: who got it, and who kept a started sheet."""

    assigned: tuple[int, ...]
    kept: tuple[int, ...]


def assign_template_to_active_pairs(store: CohortStore, template_id: str) -> Assignment:
    """Give every active pair whose sheet has not started this template, in one write."""
    get_template(store, template_id)
    assigned, kept = [], []
    with store.batch():
        for pair_id in pairs_by_id(store, active_only=True):
            sheet = _assignable(store, pair_id, template_id)
            if isinstance(sheet, str):
                kept.append(pair_id)
            else:
                assigned.append(_save(store, sheet).pair_id)
    return Assignment(tuple(assigned), tuple(kept))


def start_goal_sheet(store: CohortStore, pair_id: int, template_id: str | None = None) -> GoalSheet:
    """Start the pair's sheet from a template's newest version: the assigned one, the one given, or the general one."""
    current = get_goal_sheet(store, pair_id)
    template_id = template_id or (current.template_id if current else DEFAULT_TEMPLATE)
    sheet = _assignable(store, pair_id, template_id)
    if isinstance(sheet, str):
        raise RmtuiError(f"Cannot start a goal sheet for pair {pair_id}: {sheet}.")
    template, settings = get_template(store, template_id), store.settings()
    return _save(store, replace(
        sheet,
        template_version=template.version,
        state=DRAFT,
        purpose=template.section("purpose").starter,
        cadence=template.cadence or settings.cadence,
        place=template.place,
        confidentiality=template.section("confidentiality").starter,
    ))  # fmt: skip


def _started(store: CohortStore, pair_id: int) -> GoalSheet:
    sheet = get_goal_sheet(store, pair_id)
    if sheet is None or sheet.state == NOT_STARTED:
        raise RmtuiError("This pair's goal sheet has not been started; start it from a template first.")
    return sheet


def _draft(store: CohortStore, pair_id: int) -> GoalSheet:
    """The pair's sheet, refused when both partners agreed it."""
    sheet = _started(store, pair_id)
    if sheet.read_only:
        raise RmtuiError(
            f"Both partners agreed this goal sheet (the mentee on {sheet.mentee_agreed_on}, the mentor on "
            f"{sheet.mentor_agreed_on}), so it is read-only. Choose Revise to change it; the agreed version is kept."
        )
    return sheet


def _save_edit(store: CohortStore, before: GoalSheet, after: GoalSheet) -> GoalSheet:
    """Save an edited draft; a one-sided agreement is cleared, since it was given to other content."""
    return before if after == before else _save(store, replace(after, mentee_agreed_on=None, mentor_agreed_on=None))


def _date_field(raw: object, field: str, errors: list[FieldError]) -> date | None:
    if raw is None or isinstance(raw, date):
        return raw
    text = str(raw).strip()
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        errors.append(FieldError(field, f"'{text}' is not a date; use YYYY-MM-DD, like 2026-09-30"))
        return None


def update_goal_sheet(store: CohortStore, pair_id: int, changes: Mapping[str, object]) -> GoalSheet:
    """Validate and save typed-in sections: purpose, cadence, place, confidentiality (the term is the cohort's)."""
    sheet = _draft(store, pair_id)
    errors: list[FieldError] = []
    values: dict[str, Any] = {}
    for name in ("purpose", "confidentiality"):
        if name in changes:
            values[name] = str(changes[name]).strip()
            if problem := check_paragraph(values[name]):
                errors.append(FieldError(name, problem))
    if "place" in changes:
        values["place"] = " ".join(str(changes["place"]).split())
        if problem := check_single_line(values["place"]):
            errors.append(FieldError("place", f"{problem}; say where you meet, like 'off site, a café'"))
    if "cadence" in changes:
        values["cadence"] = str(changes["cadence"]).strip().lower()
        if values["cadence"] not in CADENCES:
            errors.append(FieldError("cadence", f"must be one of {', '.join(CADENCES)}"))
    if errors:
        raise ValidationError(errors)
    if values.get("confidentiality", sheet.confidentiality) != sheet.confidentiality:
        # Each partner accepted the old wording; the new one needs accepting again.
        values |= {"mentee_accepts_confidentiality": False, "mentor_accepts_confidentiality": False}
    return _save_edit(store, sheet, replace(sheet, **values))


def accept_confidentiality(store: CohortStore, pair_id: int, role: str, accepted: bool = True) -> GoalSheet:
    """Record that the mentee or the mentor accepts (or no longer accepts) the confidentiality agreement."""
    role = _role(role)
    sheet = _draft(store, pair_id)
    if role == "mentee":
        return _save_edit(store, sheet, replace(sheet, mentee_accepts_confidentiality=accepted))
    return _save_edit(store, sheet, replace(sheet, mentor_accepts_confidentiality=accepted))


def _role(role: str) -> str:
    if role not in OWNERS:
        raise RmtuiError(f"'{role}' is not a role on a goal sheet; use mentee or mentor.")
    return role


def _parse_goal(changes: Mapping[str, object], goal: Goal, term: Term) -> Goal:
    errors: list[FieldError] = []
    values: dict[str, Any] = {}
    for name, example in (("title", "'use the team chat daily'"), ("success_measure", "'posts weekly for a month'")):
        if name in changes:
            values[name] = " ".join(str(changes[name]).split())
            if problem := check_single_line(values[name], required=name == "title"):
                errors.append(FieldError(name, f"{problem}; give a short line, like {example}"))
    if "target_date" in changes:
        target = values["target_date"] = _date_field(changes["target_date"], "target_date", errors)
        if target and not term.start <= target <= term.end:
            errors.append(FieldError("target_date", f"must fall within the term, {term.start} to {term.end}"))
    if "status" in changes:
        values["status"] = " ".join(str(changes["status"]).replace("_", " ").replace("-", " ").lower().split())
        if values["status"] not in GOAL_STATUSES:
            errors.append(FieldError("status", f"must be one of: {', '.join(GOAL_STATUSES)}"))
    if "start_rating" in changes:
        raw = str(changes["start_rating"] if changes["start_rating"] is not None else "").strip()
        rating = whole_number(raw)
        if raw and (rating is None or not 1 <= rating <= 5):
            errors.append(
                FieldError("start_rating", "must be a whole number from 1 (new to it) to 5 (expert), or blank")
            )
        values["start_rating"] = rating
    if errors:
        raise ValidationError(errors)
    return replace(goal, **values)


def _with_goal(sheet: GoalSheet, goal_id: int, changes: Mapping[str, object], term: Term) -> tuple[GoalSheet, Goal]:
    """The sheet with one goal changed, and that goal."""
    index = next((i for i, goal in enumerate(sheet.goals) if goal.goal_id == goal_id), None)
    if index is None:
        raise RmtuiError(f"This goal sheet has no goal {goal_id}; it may have been removed. Nothing was changed.")
    goal = _parse_goal(changes, sheet.goals[index], term)
    return replace(sheet, goals=(*sheet.goals[:index], goal, *sheet.goals[index + 1 :])), goal


def add_goal(store: CohortStore, pair_id: int, owner: str, changes: Mapping[str, object]) -> Goal:
    """Validate and add a goal owned by the mentee or the mentor."""
    owner = _role(owner)
    sheet = _draft(store, pair_id)
    if len(sheet.goals) >= MAX_GOALS:
        raise RmtuiError(f"This sheet already has {MAX_GOALS} goals; remove one before adding another.")
    # Ids are never reused, even across versions, so session logs can point at a goal for good.
    used = [goal.goal_id for version in (*sheet.earlier, sheet) for goal in version.goals]
    goal = _parse_goal({"title": "", **changes}, Goal(max(used, default=0) + 1, owner, ""), store.settings().term())
    _save_edit(store, sheet, replace(sheet, goals=(*sheet.goals, goal)))
    return goal


def update_goal(store: CohortStore, pair_id: int, goal_id: int, changes: Mapping[str, object]) -> Goal:
    """Validate and save changes to one goal of a draft sheet."""
    sheet = _draft(store, pair_id)
    changed, goal = _with_goal(sheet, goal_id, changes, store.settings().term())
    _save_edit(store, sheet, changed)
    return goal


def remove_goal(store: CohortStore, pair_id: int, goal_id: int) -> None:
    """Remove a goal from a draft sheet (on an agreed sheet, mark it dropped instead)."""
    sheet = _draft(store, pair_id)
    _with_goal(sheet, goal_id, {}, store.settings().term())
    _save_edit(store, sheet, replace(sheet, goals=tuple(g for g in sheet.goals if g.goal_id != goal_id)))


def set_goal_status(store: CohortStore, pair_id: int, goal_id: int, status: str) -> Goal:
    """Record progress on a goal; allowed on an agreed sheet, since progress is not part of what was agreed."""
    changed, goal = _with_goal(_started(store, pair_id), goal_id, {"status": status}, store.settings().term())
    _save(store, changed)
    return goal


def read_confidential_sections(store: CohortStore, key: PairKey, version: int | None = None) -> ConfidentialSections:
    """The pair's confidential sections, decrypted: of the current sheet, or of an earlier version."""
    slot = SHEET_SLOT if version is None else f"{SHEET_SLOT}.v{version}"
    plaintext = read_sealed(store, key, slot)
    return ConfidentialSections(**orjson.loads(plaintext)) if plaintext else ConfidentialSections()


def save_confidential_sections(store: CohortStore, key: PairKey, changes: Mapping[str, object]) -> ConfidentialSections:
    """Validate and save the confidential sections, encrypted; refused on an agreed sheet like any edit."""
    current = read_confidential_sections(store, key)
    values = {name: str(changes.get(name, getattr(current, name))).strip() for name in CONFIDENTIAL_SECTIONS}
    errors = [FieldError(name, problem) for name, text in values.items() if (problem := check_paragraph(text))]
    if errors:
        raise ValidationError(errors)
    sections = ConfidentialSections(**values)
    if sections == current:
        return current
    sheet = _draft(store, key.pair_id)
    with store.batch():
        # Like any edit: a one-sided agreement was given to other content.
        _save_edit(store, sheet, replace(sheet, mentee_agreed_on=None, mentor_agreed_on=None))
        write_sealed(store, key, SHEET_SLOT, orjson.dumps(values).decode() if any(values.values()) else None)
    return sections


def agree_goal_sheet(store: CohortStore, pair_id: int, role: str) -> GoalSheet:
    """Record today as the day the mentee or the mentor agreed; once both have, the sheet is agreed and read-only."""
    role = _role(role)
    sheet = _draft(store, pair_id)
    if sheet.agreed_on(role):
        raise RmtuiError(
            f"The {role} already agreed this version on {sheet.agreed_on(role)}; the other partner agrees next."
        )
    if sheet.missing:
        raise RmtuiError("The goal sheet is not complete yet; it still needs " + "; ".join(sheet.missing) + ".")
    if role == "mentee":
        agreed = replace(sheet, mentee_agreed_on=store.today())
    else:
        agreed = replace(sheet, mentor_agreed_on=store.today())
    both = agreed.mentee_agreed_on and agreed.mentor_agreed_on
    return _save(store, replace(agreed, state=AGREED) if both else agreed)


def revise_goal_sheet(store: CohortStore, key: PairKey) -> GoalSheet:
    """Reopen an agreed sheet as a revised draft, keeping the agreed version and its sealed sections."""
    sheet = _started(store, key.pair_id)
    if not sheet.read_only:
        raise RmtuiError("Only an agreed goal sheet can be revised; this one is still a draft, so edit it directly.")
    revised = replace(
        sheet,
        state=REVISED_DRAFT,
        version=sheet.version + 1,
        mentee_agreed_on=None,
        mentor_agreed_on=None,
        earlier=(*sheet.earlier, replace(sheet, earlier=())),
    )
    with store.batch():
        # Sealed again under its own slot and version, so the copy is as safe from an older one put back.
        if (sections := read_sealed(store, key, SHEET_SLOT)) is not None:
            write_sealed_slots(store, key, {f"{SHEET_SLOT}.v{sheet.version}": sections})
        return _save(store, revised)
