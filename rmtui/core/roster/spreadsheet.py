"""Reading and writing the roster as CSV (and JSON), the way spreadsheets produce and consume it."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from rmtui.core.roster.participants import Participant, form_fields

CANONICAL_HEADERS = (
    "name", "email", "role", "department", "job_title", "grade",
    "reports_to", "offers", "wants", "focus", "format", "capacity",
)  # fmt: skip
OPTIONAL_HEADERS = ("diversity_consent", "generation", "under_represented")
REQUIRED_HEADERS = ("name", "email", "role")

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
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True, slots=True)
class RowError:
    """A problem in the file, located by line (the header is line 1) and field."""

    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.field}: {self.message}"


@dataclass(slots=True)
class RosterRows:
    """The rows of a roster file, as text keyed by canonical field, before validation."""

    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)


def header_key(header: str) -> str:
    """Compare headers ignoring case, spaces, '_' and '-'."""
    return re.sub(r"[\s_\-]+", "", header).casefold()


_FIELD_BY_KEY = {header_key(name): name for name in CANONICAL_HEADERS + OPTIONAL_HEADERS} | _ALIASES


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValueError(
            f"the file is not UTF-8 (byte 0x{raw[error.start]:02x} at position {error.start}); "
            "save it from your spreadsheet as 'CSV UTF-8' and import it again"
        ) from None


def _delimiter(header_line: str) -> str:
    return max((",", ";", "\t"), key=header_line.count)


def _looks_like_formula(cell: str) -> bool:
    # Quotes already in front count too: "'=x" is exported as "''=x", so that import
    # takes off exactly the one quote export added and the round trip is exact.
    return cell.lstrip("'").startswith(_FORMULA_STARTS)


def _unneutralise(cell: str) -> str:
    # Our exports prefix formula-like cells with "'"; take it off again so the round trip is exact.
    return cell[1:] if cell.startswith("'") and _looks_like_formula(cell) else cell


def _unreadable(line: int, error: csv.Error) -> RowError:
    # A quote opened and never closed swallows the rest of the file into one cell, until the csv module refuses it.
    return RowError(line, "file", f'cannot be read from this line on ({error}); check it for a " that is never closed')


def read_roster_rows(raw: bytes) -> RosterRows:
    """Split a CSV file into rows keyed by canonical field; header problems are line-1 errors."""
    result = RosterRows()
    try:
        text = _decode(raw)
    except ValueError as error:
        result.errors.append(RowError(1, "file", str(error)))
        return result
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    if not first:
        result.errors.append(
            RowError(1, "file", "the file is empty; it needs a header row such as " + ",".join(CANONICAL_HEADERS))
        )
        return result
    delimiter = _delimiter(first)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header_line = 0
    header: list[str] = []
    try:
        for header in reader:
            header_line = reader.line_num
            if any(cell.strip() for cell in header):
                break
    except csv.Error as error:
        result.errors.append(_unreadable(header_line + 1, error))
        return result
    columns: dict[int, str] = {}
    for index, title in enumerate(header):
        name = _FIELD_BY_KEY.get(header_key(title))
        if name is None or name in columns.values():
            if title.strip():
                result.ignored_columns.append(title.strip())
            continue
        columns[index] = name
    missing = [name for name in REQUIRED_HEADERS if name not in columns.values()]
    for name in missing:
        result.errors.append(RowError(header_line, "header", f"there is no '{name}' column; add one headed {name}"))
    if missing:
        return result
    start = reader.line_num + 1
    try:
        for cells in reader:
            if any(delimiter in cell.partition("\n")[2] for cell in cells):
                # Whole rows read into one cell: a quote left open, which is what to fix, not the cell's content.
                result.errors.append(RowError(start, "file", (
                    f'a quote (") opened on this line is still open at line {reader.line_num}; close it or remove it'
                )))  # fmt: skip
            elif any(cell.strip() for cell in cells):
                row = {name: _unneutralise(cells[i].strip()) if i < len(cells) else "" for i, name in columns.items()}
                result.rows.append((start, row))
            start = reader.line_num + 1
    except csv.Error as error:
        result.errors.append(_unreadable(start, error))
    return result


def neutralise(cell: str) -> str:
    """Stop a spreadsheet from running a cell as a formula by prefixing "'"."""
    return "'" + cell if _looks_like_formula(cell) else cell


def roster_to_csv(participants: Iterable[Participant]) -> str:
    """The roster as CSV with the canonical headers; imports back unchanged."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CANONICAL_HEADERS)
    for participant in participants:
        cells = form_fields(participant)
        writer.writerow([neutralise(cells[name]) for name in CANONICAL_HEADERS])
    return out.getvalue()


def roster_to_json(participants: Iterable[Participant]) -> str:
    """The roster as a JSON array of objects keyed by field name."""
    return json.dumps([p.to_doc() for p in participants], ensure_ascii=False, indent=2) + "\n"
