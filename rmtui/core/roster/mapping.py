"""Which column of a roster file holds which field: our names and aliases first, then the words of a form's question.

A sign-up form's export has the questions as headers ("What could you teach a senior colleague?"). Each column
gets a proposal with its reason; the coordinator corrects it (``--map HEADER=field`` or the import dialog), and the
mapping that was imported is kept with the cohort under ``column_mapping`` and proposed again next time.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rmtui.core.errors import FieldError, ValidationError
from rmtui.core.text import check_single_line

CANONICAL_HEADERS = (
    "name", "email", "role", "department", "job_title", "grade",
    "reports_to", "offers", "wants", "focus", "format", "capacity",
)  # fmt: skip
# Written after the canonical columns so that the export carries every field a person has and imports back
# unchanged; a sign-up form's file rarely has them, and without them everyone is active with no diversity details.
OPTIONAL_HEADERS = ("status", "status_date", "diversity_consent", "generation", "under_represented")
EXPORT_HEADERS = CANONICAL_HEADERS + OPTIONAL_HEADERS
REQUIRED_HEADERS = ("name", "email", "role")
# What a column mapped to nothing is called, on the command line and in the stored mapping.
IGNORE = "ignore"
# How the CLI reads a column as another field, for messages that say how to correct one.
MAP_OPTION = '--map "HEADER=field"'
MAPPING_KEY = "column_mapping"
# Longer headers are still proposed every time, but not remembered: the stored mapping stays small and checkable.
MAX_REMEMBERED_HEADER = 200

_ALIASES = {
    "fullname": "name",
    "participant": "name",
    "emailaddress": "email",
    "mail": "email",
    "workemail": "email",
    "type": "role",
    "dept": "department",
    "team": "department",
    "title": "job_title",
    "jobtitle": "job_title",
    "position": "job_title",
    "level": "grade",
    "band": "grade",
    "manager": "reports_to",
    "manageremail": "reports_to",
    "linemanager": "reports_to",
    "linemanageremail": "reports_to",
    "reportsto": "reports_to",
    "canoffer": "offers",
    "skills": "offers",
    "wantstolearn": "wants",
    "interests": "wants",
    "meetingformat": "format",
    "preferredformat": "format",
    "maxmentees": "capacity",
    "consent": "diversity_consent",
    "diversityconsent": "diversity_consent",
    "underrepresented": "under_represented",
    "underrepresentedgroup": "under_represented",
}

# Words in a question, tried in this order: the first pattern found in the header decides. Order matters where
# questions share words: "learn" before "teach"/"skills" ("What skills would you like to learn?" is a want), the
# manager before email ("Your line manager's email"), a job title before a role.
_KEYWORDS: tuple[tuple[str, str], ...] = (
    (
        IGNORE,
        r"^(id|timestamp|start time|completion time|last modified time|submission (id|time|date)|"
        r"response id|date submitted|submitted at)$",
    ),
    ("reports_to", r"\b(line manager|manager|reports? to|supervisor|boss)\b"),
    ("diversity_consent", r"\bconsent"),
    ("under_represented", r"under[- ]?represented"),
    ("generation", r"\b(generation|age group|age range)\b"),
    ("capacity", r"\bhow many mentees\b|\bcapacity\b|\bnumber of mentees\b"),
    ("email", r"\be-?mail\b"),
    ("wants", r"\b(learn|learning|interested in|curious about|want to (know|explore|understand)|develop|improve)\b"),
    ("offers", r"\b(teach|offer|share|expertise|good at|skills?|help (a|your|them))\b"),
    ("grade", r"\b(grade|pay band|band|pay scale|seniority level)\b"),
    ("job_title", r"\b(job title|job|title|position)\b"),
    ("role", r"\b(role|mentor|mentee|take part as|join as|sign(ing)? up as)\b"),
    ("department", r"\b(department|dept|team|directorate|division|business unit|function)\b"),
    ("format", r"\b(format|in person|remote|online|meet)\b"),
    ("focus", r"\b(focus|area|technology or social)\b"),
    ("name", r"\bname\b"),
)
_COMPILED = tuple((field, re.compile(pattern)) for field, pattern in _KEYWORDS)
# A misspelt header scores 88-96 ("Departmnet", "E-mail adress", "Formats"); "Start date" scores 84 against
# status_date and other unrelated headers ("Gender", "Office", "Comments") 70 or less.
SIMILARITY_THRESHOLD = 85
_SHOWN_HEADER = 60
OUR_NAME = "our column name"


def header_key(header: str) -> str:
    """Compare headers ignoring case, spaces, '_' and '-'."""
    return re.sub(r"[\s_\-]+", "", header).casefold()


_NAMES = {header_key(name): name for name in EXPORT_HEADERS}
FIELD_BY_KEY = _NAMES | _ALIASES


def shown(header: str) -> str:
    """A header as it is named in messages: one line, control and direction characters as '?', cut short."""
    text = "".join("?" if unicodedata.category(c) in ("Cc", "Cf") else c for c in " ".join(header.split()))
    return text if len(text) <= _SHOWN_HEADER else text[: _SHOWN_HEADER - 1] + "…"


@dataclass(frozen=True, slots=True)
class ColumnProposal:
    """One column of the file, the field it is read into (None: ignored) and why."""

    index: int
    header: str
    field: str | None
    reason: str

    def describe(self) -> str:
        """One line for the dry run: "'Pay band (1-10)' → grade (mentions 'pay band')"."""
        target = self.field or "ignored"
        return f"'{shown(self.header)}' → {target} ({self.reason})"


def _question_words(header: str) -> str:
    return " ".join(re.sub(r"[^\w@&+-]+", " ", header.replace("’", "'").replace("'s", "")).casefold().split())


def _guess(header: str) -> tuple[str | None, str, int]:
    """The field a header proposes by itself, why, and how sure (lower is surer): name, alias, keyword, similarity."""
    key = header_key(header)
    if key in _NAMES:
        return _NAMES[key], OUR_NAME, 2
    if key in _ALIASES:
        return _ALIASES[key], "a name we know for it", 3
    words = _question_words(header)
    for field, pattern in _COMPILED:
        found = pattern.search(words)
        if found:
            if field == IGNORE:
                return None, "the form's own column", 4
            if field == "reports_to" and "name" in words.split() and "mail" not in words:
                return None, "the manager's name; reports_to needs their email", 4
            return field, f"mentions '{found.group(0)}'", 4
    if len(key) <= 40:
        from rapidfuzz import fuzz, process

        best = process.extractOne(key, list(FIELD_BY_KEY), scorer=fuzz.ratio, score_cutoff=SIMILARITY_THRESHOLD)
        if best is not None:
            return FIELD_BY_KEY[best[0]], f"looks like '{best[0]}' ({best[1]:.0f}% alike)", 5
    return None, "no field matches its words", 6


def parse_overrides(texts: Sequence[str]) -> dict[str, str]:
    """``HEADER=field`` texts from --map as header → field; ValidationError names a malformed one and the fix."""
    overrides: dict[str, str] = {}
    errors: list[FieldError] = []
    for text in texts:
        header, sep, field = text.rpartition("=")
        field = field.strip().lower().replace(" ", "_")
        if not sep or not header.strip():
            errors.append(FieldError("--map", f"'{shown(text)}' is not HEADER=field; write it like \"Pay band=grade\""))
        elif field not in (*EXPORT_HEADERS, IGNORE):
            errors.append(FieldError("--map", f"'{shown(field)}' is not a field; use one of: {fields_text()}"))
        else:
            overrides[header.strip()] = field
    if errors:
        raise ValidationError(errors)
    return overrides


def fields_text() -> str:
    """Every field a column can be read into, and 'ignore', for messages."""
    return ", ".join((*EXPORT_HEADERS, IGNORE))


def propose_mapping(
    headers: Sequence[str],
    *,
    remembered: Mapping[str, str] | None = None,
    overrides: Mapping[str, str] | None = None,
    correct_with: str = MAP_OPTION,
) -> tuple[list[ColumnProposal], list[str]]:
    """A proposal for every non-blank column, and the problems with ``overrides`` (a header the file lacks, ...).

    The coordinator's choice (``overrides``, by header) wins, then the mapping remembered from the last import,
    then each header's own guess. Two columns never feed one field: the surer proposal keeps it.
    ``correct_with`` says how a column is read as another field where the import is run: the CLI's --map.
    """
    remembered = remembered or {}
    chosen = {header_key(h): f for h, f in (overrides or {}).items()}
    keys = [header_key(header) for header in headers]
    problems = [
        f"--map names '{shown(header)}', which is not a column of this file; its columns are "
        + ", ".join(f"'{shown(h)}'" for h in headers if h.strip())
        for header in (overrides or {})
        if header_key(header) not in keys
    ]
    guesses: list[tuple[int, int, str, str | None, str]] = []
    for index, header in enumerate(headers):
        key = keys[index]
        if not header.strip():
            continue
        if key in chosen:
            guesses.append((0, index, header, _field(chosen[key]), "as you mapped it"))
        elif key in remembered:
            guesses.append((1, index, header, _field(remembered[key]), "as mapped at the last import"))
        else:
            guess, reason, rank = _guess(header)
            guesses.append((rank, index, header, guess, reason))
    taken: dict[str, str] = {}
    proposals: list[ColumnProposal] = []
    for rank, index, header, target, reason in sorted(guesses, key=lambda g: (g[0], g[1])):
        if target is not None and target in taken:
            if rank == 0:
                problems.append(
                    f"two columns are read as {target}, '{shown(taken[target])}' and '{shown(header)}'; "
                    f"read one as another field with {correct_with}"
                )
            reason = f"{target} already comes from '{shown(taken[target])}'"
            target = None
        elif target is not None:
            taken[target] = header
        proposals.append(ColumnProposal(index, header, target, reason))
    return sorted(proposals, key=lambda p: p.index), problems


def _field(chosen: str) -> str | None:
    return None if chosen == IGNORE else chosen


def remembered_mapping(proposals: Sequence[ColumnProposal]) -> dict[str, str]:
    """What to keep with the cohort after an import: each header's key → its field or 'ignore'.

    Our own column names need no remembering, and a header that the stored mapping's check would refuse (too long,
    or with a control character) is left out."""
    keys = {header_key(p.header): p.field or IGNORE for p in proposals if p.reason != OUR_NAME}
    return {key: field for key, field in keys.items() if not check_single_line(key, limit=MAX_REMEMBERED_HEADER)}


def parse_column_mapping(stored: object) -> dict[str, str]:
    """A stored mapping, validated; ValidationError names each bad entry and the fix."""
    if not isinstance(stored, dict):
        raise ValidationError([FieldError(MAPPING_KEY, "is not a record of header → field")])
    errors: list[FieldError] = []
    for key, field in stored.items():
        problem = check_single_line(key, required=True, limit=MAX_REMEMBERED_HEADER)
        if problem or key != header_key(key):
            problem = problem or "is not in its compared form"
            errors.append(FieldError(MAPPING_KEY, f"header '{shown(key)}' {problem}"))
        elif field not in (*EXPORT_HEADERS, IGNORE):
            errors.append(
                FieldError(
                    MAPPING_KEY, f"'{shown(str(field))}' for '{shown(key)}' is not a field; use: {fields_text()}"
                )
            )
    if errors:
        raise ValidationError(errors)
    return dict(stored)


def mapping_findings(cohort: Mapping[str, Any]) -> list[str]:
    """For ``rmtui check``: the stored column mapping must be well formed."""
    stored = cohort.get(MAPPING_KEY)
    if stored is None:
        return []
    try:
        parse_column_mapping(stored)
    except ValidationError as invalid:
        return [f"column mapping: {invalid}; restore a backup, or remove column_mapping (it is proposed afresh)"]
    return []
