"""Goal-setting templates: the eight ground-rule sections, suggested goals and topics, and guidance for each role.

The three built-in templates are built here, in code, as version 1 from the words in
template_texts: every cohort file has them without a migration. The "templates" table holds one
record per version of a template the coordinator created, duplicated or edited; an edited
built-in is stored there as version 2 on. Editing appends a version and never touches a goal
sheet: each sheet copied what it needed when it started and records the template id and version
it came from.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, replace
from typing import Any

from tinydb import Query

from rmtui.core.errors import FieldError, RmtuiError, ValidationError
from rmtui.core.goals.template_texts import BUILT_IN_TEXTS, MENTEE_GUIDANCE, MENTOR_GUIDANCE, PROMPTS, STARTERS
from rmtui.core.roster import FOCUSES, ROLES
from rmtui.core.store import CADENCES, TEMPLATES, CohortStore
from rmtui.core.text import check_paragraph, check_single_line

# The ground rules, in the order a pair works through them at its first meeting.
SECTION_TITLES = {
    "purpose": "Purpose of the relationship",
    "mentee_aims": "What the mentee wants to achieve",
    "mentor_aims": "What the mentor wants to achieve",
    "meetings": "How often and where we meet",
    "confidentiality": "Confidentiality agreement",
    "sensitivities": "Biases and sensitivities we acknowledge",
    "disagreements": "How we handle disagreements",
    "term": "Term and evaluation date",
}
# Only the pair can read these on its sheet; they are stored encrypted.
CONFIDENTIAL_SECTIONS = ("sensitivities", "disagreements")
MAX_LIST = 30


@dataclass(frozen=True, slots=True)
class Section:
    """One ground rule: the question put to the pair, and text they may start from."""

    key: str
    prompt: str
    starter: str = ""

    @property
    def title(self) -> str:
        """The section's heading."""
        return SECTION_TITLES[self.key]

    @property
    def confidential(self) -> bool:
        """Whether the pair's answer is readable only by the pair."""
        return self.key in CONFIDENTIAL_SECTIONS


@dataclass(frozen=True, slots=True)
class SuggestedGoal:
    """A goal a template proposes to the mentee or the mentor, with how its success could be measured."""

    owner: str
    title: str
    success_measure: str


@dataclass(frozen=True, slots=True)
class Template:
    """One version of a goal-setting template."""

    template_id: str
    name: str
    focus: str
    sections: tuple[Section, ...]
    version: int = 1
    description: str = ""
    # "" follows the cohort's cadence setting.
    cadence: str = ""
    place: str = "off site"
    topics: tuple[str, ...] = ()
    suggested_goals: tuple[SuggestedGoal, ...] = ()
    mentee_guidance: tuple[str, ...] = ()
    mentor_guidance: tuple[str, ...] = ()
    based_on: str = ""

    @property
    def built_in(self) -> bool:
        """Whether rmtui ships this template (it can still be edited)."""
        return self.template_id in BUILT_IN_IDS

    def section(self, key: str) -> Section:
        """The section with this key."""
        return next(section for section in self.sections if section.key == key)

    def to_doc(self) -> dict[str, Any]:
        """The template version as stored in the cohort file."""
        doc = asdict(self)
        for name in ("sections", "suggested_goals", "topics", "mentee_guidance", "mentor_guidance"):
            doc[name] = list(doc[name])
        return doc

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> Template:
        """A template version read back from the cohort file."""
        return cls(
            template_id=doc["template_id"],
            name=doc["name"],
            focus=doc.get("focus", "both"),
            sections=tuple(Section(**section) for section in doc["sections"]),
            version=doc["version"],
            description=doc.get("description", ""),
            cadence=doc.get("cadence", ""),
            place=doc.get("place", ""),
            topics=tuple(doc.get("topics", ())),
            suggested_goals=tuple(SuggestedGoal(**goal) for goal in doc.get("suggested_goals", ())),
            mentee_guidance=tuple(doc.get("mentee_guidance", ())),
            mentor_guidance=tuple(doc.get("mentor_guidance", ())),
            based_on=doc.get("based_on", ""),
        )


def _sections(purpose: str) -> tuple[Section, ...]:
    starters = {**STARTERS, "purpose": purpose}
    return tuple(Section(key, PROMPTS[key], starters.get(key, "")) for key in SECTION_TITLES)


def _built_in(
    template_id: str,
    name: str,
    focus: str,
    description: str,
    purpose: str,
    topics: tuple[str, ...],
    goals: tuple[tuple[str, str, str], ...],
) -> Template:
    return Template(
        template_id,
        name,
        focus,
        _sections(purpose),
        description=description,
        topics=topics,
        suggested_goals=tuple(SuggestedGoal(*goal) for goal in goals),
        mentee_guidance=MENTEE_GUIDANCE,
        mentor_guidance=MENTOR_GUIDANCE,
    )


BUILT_INS = tuple(_built_in(*texts) for texts in BUILT_IN_TEXTS)
BUILT_IN_IDS = tuple(template.template_id for template in BUILT_INS)
DEFAULT_TEMPLATE = "leadership-culture"


def _versions(store: CohortStore, template_id: str) -> list[Template]:
    stored = [Template.from_doc(doc) for doc in store.table(TEMPLATES).search(Query().template_id == template_id)]
    built_in = [t for t in BUILT_INS if t.template_id == template_id]
    return sorted(built_in + stored, key=lambda template: template.version)


def list_templates(store: CohortStore) -> list[Template]:
    """The newest version of every template: the built-ins first, then the coordinator's in the order made."""
    newest: dict[str, Template] = {template.template_id: template for template in BUILT_INS}
    for doc in store.table(TEMPLATES).all():
        template = Template.from_doc(doc)
        if template.template_id not in newest or template.version > newest[template.template_id].version:
            newest[template.template_id] = template
    return list(newest.values())


def get_template(store: CohortStore, template_id: str, version: int | None = None) -> Template:
    """A template's newest version, or the version given; RmtuiError when there is none."""
    versions = _versions(store, template_id)
    if not versions:
        raise RmtuiError(f"There is no template '{template_id}'; choose one from the list of templates.")
    if version is None:
        return versions[-1]
    for template in versions:
        if template.version == version:
            return template
    raise RmtuiError(f"Template '{versions[-1].name}' has no version {version}; its newest is {versions[-1].version}.")


def template_fields(template: Template) -> dict[str, object]:
    """A template as the flat fields a form edits (and parse_template reads)."""
    fields: dict[str, object] = {
        "name": template.name,
        "description": template.description,
        "focus": template.focus,
        "cadence": template.cadence,
        "place": template.place,
        "topics": list(template.topics),
        "suggested_goals": list(template.suggested_goals),
        "mentee_guidance": list(template.mentee_guidance),
        "mentor_guidance": list(template.mentor_guidance),
    }
    for section in template.sections:
        fields[f"{section.key}.prompt"] = section.prompt
        fields[f"{section.key}.starter"] = section.starter
    return fields


def _lines(raw: object) -> tuple[str, ...]:
    # Typed in, a list is one entry per line: entries such as topics contain commas and semicolons.
    items = (
        raw.splitlines() if isinstance(raw, str) else [str(item) for item in raw] if isinstance(raw, Iterable) else []
    )
    seen: dict[str, str] = {}
    for item in items:
        cleaned = " ".join(item.split())
        if cleaned:
            seen.setdefault(cleaned.casefold(), cleaned)
    return tuple(seen.values())


def _list_field(raw: object, field: str, errors: list[FieldError]) -> tuple[str, ...]:
    items = _lines(raw)
    if len(items) > MAX_LIST:
        errors.append(FieldError(field, f"has {len(items)} entries; keep it to {MAX_LIST}"))
    for number, item in enumerate(items, 1):
        problem = check_single_line(item)
        if problem:
            errors.append(FieldError(field, f"entry {number} {problem}"))
    return items


def _suggested_goals(raw: object, errors: list[FieldError]) -> tuple[SuggestedGoal, ...]:
    goals = []
    for number, goal in enumerate(raw if isinstance(raw, Iterable) and not isinstance(raw, str) else (), 1):
        if not isinstance(goal, SuggestedGoal | Mapping):
            errors.append(FieldError("suggested_goals", f"goal {number}: give its owner, title and success measure"))
            continue
        values = asdict(goal) if isinstance(goal, SuggestedGoal) else goal
        owner = str(values.get("owner", "")).strip().lower()
        title, measure = (" ".join(str(values.get(k, "")).split()) for k in ("title", "success_measure"))
        problems = [
            f"owner '{owner}' must be mentee or mentor" if owner not in ROLES else None,
            f"title {problem}" if (problem := check_single_line(title, required=True)) else None,
            f"success measure {problem}" if (problem := check_single_line(measure)) else None,
        ]
        errors += [FieldError("suggested_goals", f"goal {number}: {p}") for p in problems if p]
        goals.append(SuggestedGoal(owner, title, measure))
    return tuple(goals)


def parse_template(fields: Mapping[str, object], current: Template) -> Template:
    """Validate typed-in template fields; fields not given keep their current value."""
    errors: list[FieldError] = []
    changes: dict[str, Any] = {}
    for name, limit in (("name", 80), ("description", 500), ("place", 200)):
        if name in fields:
            changes[name] = " ".join(str(fields[name]).split())
            problem = check_single_line(changes[name], required=name == "name", limit=limit)
            if problem:
                errors.append(FieldError(name, problem))
    if "focus" in fields:
        changes["focus"] = " ".join(str(fields["focus"]).lower().split())
        if changes["focus"] not in FOCUSES:
            errors.append(FieldError("focus", f"must be one of: {', '.join(FOCUSES)}"))
    if "cadence" in fields:
        changes["cadence"] = str(fields["cadence"]).strip().lower()
        if changes["cadence"] and changes["cadence"] not in CADENCES:
            errors.append(FieldError("cadence", f"must be one of {', '.join(CADENCES)}, or blank for the cohort's"))
    for name in ("topics", "mentee_guidance", "mentor_guidance"):
        if name in fields:
            changes[name] = _list_field(fields[name], name, errors)
    if "suggested_goals" in fields:
        changes["suggested_goals"] = _suggested_goals(fields["suggested_goals"], errors)
    sections = []
    for section in current.sections:
        texts = {}
        for part in ("prompt", "starter"):
            name = f"{section.key}.{part}"
            texts[part] = str(fields.get(name, getattr(section, part))).strip()
            problem = check_paragraph(texts[part])
            if problem:
                errors.append(FieldError(name, problem))
        sections.append(Section(section.key, **texts))
    if errors:
        raise ValidationError(errors)
    return replace(current, sections=tuple(sections), **changes)


def _slug(name: str, taken: Iterable[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", unicodedata.normalize("NFKD", name).lower()).strip("-")[:40] or "template"
    taken = set(taken)
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def _check_name_free(store: CohortStore, template: Template) -> None:
    for other in list_templates(store):
        if other.template_id != template.template_id and other.name.casefold() == template.name.casefold():
            raise ValidationError(
                [FieldError("name", f"'{template.name}' is already a template's name; choose another")]
            )


def _save_new(store: CohortStore, template: Template) -> Template:
    _check_name_free(store, template)
    store.table(TEMPLATES).insert(template.to_doc())
    return template


def create_template(store: CohortStore, fields: Mapping[str, object]) -> Template:
    """A new template from typed-in fields; what is not given gets the standard prompts and role guidance."""
    blank = Template("", "", "both", _sections(""), mentee_guidance=MENTEE_GUIDANCE, mentor_guidance=MENTOR_GUIDANCE)
    template = parse_template({"name": "", **fields}, blank)
    taken = [t.template_id for t in list_templates(store)]
    return _save_new(store, replace(template, template_id=_slug(template.name, taken)))


def duplicate_template(store: CohortStore, template_id: str, name: str | None = None) -> Template:
    """A copy of a template's newest version under a new name, at version 1, to edit without touching the original."""
    source = get_template(store, template_id)
    names = {t.name.casefold() for t in list_templates(store)}
    if name is None:
        name, number = f"Copy of {source.name}", 1
        while name.casefold() in names:
            number += 1
            name = f"Copy {number} of {source.name}"
    copy = parse_template({"name": name}, source)
    taken = [t.template_id for t in list_templates(store)]
    return _save_new(store, replace(copy, template_id=_slug(copy.name, taken), version=1, based_on=source.template_id))


def edit_template(store: CohortStore, template_id: str, fields: Mapping[str, object]) -> Template:
    """Save typed-in changes as the template's next version; goal sheets already started keep theirs."""
    current = get_template(store, template_id)
    edited = parse_template(fields, current)
    if edited == current:
        return current
    return _save_new(store, replace(edited, version=current.version + 1))
