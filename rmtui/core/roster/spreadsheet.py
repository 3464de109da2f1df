"""Reading and writing the roster as CSV, an Excel workbook or JSON, the way spreadsheets produce and consume them.

A file becomes records (a line number and its cells) first: CSV through ``rmtui.core.roster.encodings``, a
workbook through ``rmtui.core.roster.workbook``. From there both are read the same way: the header row, the
columns, and every cell checked for mojibake, so the two formats validate alike."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from rmtui.core.roster.encodings import UndecodableError, decode_spreadsheet_text
from rmtui.core.roster.mapping import (
    CANONICAL_HEADERS,
    EXPORT_HEADERS,
    MAP_OPTION,
    REQUIRED_HEADERS,
    ColumnProposal,
    propose_mapping,
    shown,
)
from rmtui.core.roster.participants import Participant, form_fields

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
    # How the file was read, for the dry run: "UTF-8", "Windows-1252 (Western European)", "sheet 'Form1' of ...".
    source: str = ""
    # Cells whose mojibake was repaired on request, as notes for the dry run.
    repairs: list[RowError] = field(default_factory=list)
    # Which column was read into which field, and why (rmtui.core.roster.mapping).
    columns: list[ColumnProposal] = field(default_factory=list)
    # A workbook's sheets, in order, for choosing another; empty for a CSV file.
    sheets: tuple[str, ...] = ()


Records = Iterator[tuple[int, list[str]]]
WORKBOOK_MAGIC = b"PK\x03\x04"


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


def _csv_records(text: str, result: RosterRows) -> Records:
    """Each CSV record with the line it starts on; a quote left open is an error, not a record."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = _delimiter(first)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = 1
    try:
        for cells in reader:
            if any(delimiter in cell.partition("\n")[2] for cell in cells):
                # Whole rows read into one cell: a quote left open, which is what to fix, not the cell's content.
                result.errors.append(RowError(start, "file", (
                    f'a quote (") opened on this line is still open at line {reader.line_num}; close it or remove it'
                )))  # fmt: skip
            else:
                yield start, cells
            start = reader.line_num + 1
    except csv.Error as error:
        result.errors.append(_unreadable(start, error))


def _records(raw: bytes, sheet: str | None, result: RosterRows) -> Records | None:
    """The file's records, whether it is a workbook or a CSV file; None when it cannot be read at all."""
    if raw.startswith(WORKBOOK_MAGIC):
        from rmtui.core.roster.workbook import read_workbook

        try:
            records, result.source, result.sheets = read_workbook(raw, sheet)
        except UndecodableError as error:
            result.errors.append(RowError(error.line, "file", str(error)))
            return None
        return iter(records)
    if sheet is not None:
        result.errors.append(RowError(1, "file", "is a CSV file, which has no sheets; leave out --sheet"))
        return None
    try:
        decoded = decode_spreadsheet_text(raw)
    except UndecodableError as error:
        result.errors.append(RowError(error.line, "file", str(error)))
        return None
    result.source = decoded.encoding
    return _csv_records(decoded.text, result)


def read_roster_rows(
    raw: bytes,
    *,
    sheet: str | None = None,
    repair: bool = False,
    remembered: Mapping[str, str] | None = None,
    overrides: Mapping[str, str] | None = None,
    correct_with: str = MAP_OPTION,
) -> RosterRows:
    """Split a CSV file or a workbook's sheet into rows keyed by field; header and mapping problems are errors.

    Columns are mapped as ``propose_mapping`` proposes, given the mapping remembered from the last import and the
    coordinator's ``overrides`` (header → field or 'ignore'); ``correct_with`` says how to read a column as a field."""
    result = RosterRows()
    records = _records(raw, sheet, result)
    if records is None:
        return result
    header_line, header = next(((line, cells) for line, cells in records if any(c.strip() for c in cells)), (0, []))
    if not header:
        if not result.errors:
            result.errors.append(RowError(1, "file", (
                "the file is empty; it needs a header row such as " + ",".join(CANONICAL_HEADERS)
            )))  # fmt: skip
        return result
    result.columns, problems = propose_mapping(
        header, remembered=remembered, overrides=overrides, correct_with=correct_with
    )
    result.errors += [RowError(header_line, "header", problem) for problem in problems]
    result.ignored_columns = [shown(p.header) for p in result.columns if p.field is None]
    columns = {p.index: p.field for p in result.columns if p.field is not None}
    missing = [name for name in REQUIRED_HEADERS if name not in columns.values()]
    for name in missing:
        result.errors.append(RowError(header_line, "header", (
            f"there is no '{name}' column; add one headed {name}, or read a column as {name} with {correct_with}"
        )))  # fmt: skip
    if missing or problems:
        return result
    for line, cells in records:
        if any(cell.strip() for cell in cells):
            row = {name: _unneutralise(cells[i].strip()) if i < len(cells) else "" for i, name in columns.items()}
            if _mojibake_handled(line, row, result, repair=repair):
                result.rows.append((line, row))
    return result


# Some Windows decoders read a byte their code page leaves undefined (0x81, 0x8d, 0x8f, 0x90, 0x9d) as the
# private-use character U+F100 + byte: "Ł" as UTF-8 (c5 81) comes out "Å\uf181". Put the byte back for ftfy.
_UNDEFINED_BYTE = re.compile("[\uf180-\uf1ff]")


def _repaired(cell: str) -> str:
    from ftfy import fix_encoding

    return fix_encoding(_UNDEFINED_BYTE.sub(lambda m: chr(ord(m.group()) - 0xF100), cell))


def _mojibake_handled(line: int, row: dict[str, str], result: RosterRows, *, repair: bool) -> bool:
    """Name every cell that looks like text saved in one encoding and read in another, and repair it only on request.

    False when a cell is left garbled: the row is then an error, so even --skip-invalid never imports it."""
    handled = True
    for name, cell in row.items():
        # Mojibake is made of non-ASCII characters; skipping plain cells keeps a 5,000-row import fast.
        repaired = cell if cell.isascii() else _repaired(cell)
        if repaired == cell:
            continue
        if repair and not _UNDEFINED_BYTE.search(repaired):
            row[name] = repaired
            result.repairs.append(RowError(line, name, f"{cell!r} was repaired to {repaired!r}"))
        else:
            probably = f"it is probably {repaired!r}" if not _UNDEFINED_BYTE.search(repaired) else "nothing repairs it"
            result.errors.append(RowError(line, name, (
                f"{cell!r} looks garbled (text saved in one encoding and read in another); {probably}. "
                "Correct the cell, or import with --repair-text to use the repaired text"
            )))  # fmt: skip
            handled = False
    return handled


def neutralise(cell: str) -> str:
    """Stop a spreadsheet from running a cell as a formula by prefixing "'"."""
    return "'" + cell if _looks_like_formula(cell) else cell


def roster_cells(participants: Iterable[Participant]) -> Iterator[list[str]]:
    """The header row, then one row of neutralised text per person: what every export format writes."""
    yield list(EXPORT_HEADERS)
    for participant in participants:
        cells = form_fields(participant)
        yield [neutralise(cells[name]) for name in EXPORT_HEADERS]


def roster_to_csv(participants: Iterable[Participant], *, bom: bool = True) -> str:
    """The roster as CSV with every field a person has; imports back unchanged.

    The byte-order mark is what makes Excel read the file as UTF-8 rather than the Windows code page."""
    out = io.StringIO(newline="")
    if bom:
        out.write("\ufeff")
    csv.writer(out, lineterminator="\r\n").writerows(roster_cells(participants))
    return out.getvalue()


def roster_to_json(participants: Iterable[Participant]) -> str:
    """The roster as a JSON array of objects keyed by field name."""
    return json.dumps([p.to_doc() for p in participants], ensure_ascii=False, indent=2) + "\n"
