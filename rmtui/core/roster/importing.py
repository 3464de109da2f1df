"""Importing a roster CSV: validate every row first, then write the valid ones in one write."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from rmtui.core.errors import RmtuiError, ValidationError
from rmtui.core.roster.mapping import (
    MAP_OPTION,
    MAPPING_KEY,
    OUR_NAME,
    ColumnProposal,
    parse_column_mapping,
    remembered_mapping,
)
from rmtui.core.roster.participants import Participant, form_fields, normalise_email, parse_participant
from rmtui.core.roster.spreadsheet import RosterRows, RowError, read_roster_rows
from rmtui.core.store import COHORT, PARTICIPANTS, CohortStore
from rmtui.core.text import plural


@dataclass(slots=True)
class ImportPlan:
    """What an import would do, and every row that stops it."""

    additions: list[Participant] = field(default_factory=list)
    updates: list[Participant] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    rows_read: int = 0
    source: str = ""
    repairs: list[RowError] = field(default_factory=list)
    columns: list[ColumnProposal] = field(default_factory=list)
    # The first rows as they would be read ("Reverse mentor (junior)" as mentor), keyed by field, for the
    # import dialog's preview; a row that cannot be read shows as typed.
    preview: list[dict[str, str]] = field(default_factory=list)
    # A workbook's sheets, in order, for choosing another; empty for a CSV file.
    sheets: tuple[str, ...] = ()

    @property
    def valid_count(self) -> int:
        """Rows that would be written."""
        return len(self.additions) + len(self.updates)


PREVIEW_ROWS = 3


def plan_import(
    raw: bytes,
    roster: list[Participant],
    *,
    update: bool = False,
    sheet: str | None = None,
    repair: bool = False,
    remembered: Mapping[str, str] | None = None,
    overrides: Mapping[str, str] | None = None,
    update_option: str = "import with --update",
    correct_with: str = MAP_OPTION,
) -> ImportPlan:
    """Validate every row of a roster CSV or workbook against the file itself and the current roster.

    Columns are read as the last import mapped them (``remembered``), except where ``overrides`` says otherwise.
    ``update_option`` and ``correct_with`` say how to turn updating on and how to read a column as a field where
    the import is run: the CLI's --update and --map by default.
    """
    rows: RosterRows = read_roster_rows(
        raw, sheet=sheet, repair=repair, remembered=remembered, overrides=overrides, correct_with=correct_with
    )
    plan = ImportPlan(
        errors=list(rows.errors), ignored_columns=rows.ignored_columns, rows_read=len(rows.rows),
        source=rows.source, repairs=rows.repairs, columns=rows.columns, sheets=rows.sheets,
    )  # fmt: skip
    if not rows.rows and not rows.errors:
        plan.errors.append(RowError(2, "file", "there are no rows under the header; add one row per person"))
    existing = {p.email: p for p in roster}
    first_line: dict[str, int] = {}
    for line, cells in rows.rows:
        email = normalise_email(cells.get("email", ""))
        current = existing.get(email) if update else None
        fields = {**form_fields(current), "status": current.status, **cells} if current else cells
        try:
            participant = parse_participant(fields)
        except ValidationError as invalid:
            plan.errors.extend(RowError(line, e.field, e.message) for e in invalid.errors)
            _preview(plan, cells)
            continue
        _preview(plan, cells, form_fields(participant))
        if email in first_line:
            plan.errors.append(
                RowError(line, "email", f"{email} is also on line {first_line[email]}; keep one of the two rows")
            )
            continue
        first_line[email] = line
        if current:
            # A row that gives no status date keeps the person's own.
            plan.updates.append(
                participant if cells.get("status_date") else replace(participant, status_date=current.status_date)
            )
        elif email in existing:
            plan.errors.append(
                RowError(
                    line,
                    "email",
                    f"{email} is already on the roster; remove the row, or {update_option} to update that person",
                )
            )
        else:
            plan.additions.append(participant)
    plan.errors.sort(key=lambda e: e.line)
    return plan


def _preview(plan: ImportPlan, cells: Mapping[str, str], read: Mapping[str, str] | None = None) -> None:
    """Keep one of the first rows for the preview: each field as it would be read, or as typed when unreadable."""
    if len(plan.preview) < PREVIEW_ROWS:
        plan.preview.append({name: read[name] if read and name in read else value for name, value in cells.items()})


def remembered_columns(store: CohortStore) -> dict[str, str]:
    """The column mapping kept from earlier imports (header key → field or 'ignore'); RmtuiError when damaged."""
    cohort: Mapping[str, object] = store.table(COHORT).get(doc_id=1) or {}
    stored = cohort.get(MAPPING_KEY)
    if stored is None:
        return {}
    try:
        return parse_column_mapping(stored)
    except ValidationError as invalid:
        raise RmtuiError(
            f"The cohort's column mapping is damaged ({invalid}); nothing was imported. "
            f"Restore a backup with: rmtui --db '{store.path}' restore BACKUP"
        ) from None


def apply_import(store: CohortStore, plan: ImportPlan) -> None:
    """Write the plan's valid rows, and the column mapping they were read with, in one atomic write."""
    table = store.table(PARTICIPANTS)
    replacements = {p.email: p.to_doc() for p in plan.updates}
    doc_ids = [doc.doc_id for doc in table.all() if doc["email"] in replacements]
    remembered = remembered_columns(store)
    mapping = remembered | remembered_mapping(plan.columns)
    with store.batch():
        table.insert_multiple(p.to_doc() for p in plan.additions)
        if doc_ids:
            table.update(lambda doc: doc.update(replacements[doc["email"]]), doc_ids=doc_ids)
        if mapping != remembered:
            store.table(COHORT).update({MAPPING_KEY: mapping}, doc_ids=[1])


def describe_plan(
    plan: ImportPlan, source: str, *, columns: bool = True, sheet_option: str = "read another with --sheet NAME"
) -> str:
    """The line-numbered report the CLI prints and the TUI shows; with the columns' mapping unless told not to.

    ``sheet_option`` says how to read another sheet of a workbook that has several: the CLI's --sheet by default.
    """
    read_as = f" (read as {plan.source})" if plan.source else ""
    lines = [
        f"{source}{read_as}: {plural(plan.rows_read, 'row')} read, {plan.valid_count} valid, "
        f"{plural(len(plan.errors), 'problem')}."
    ]
    if len(plan.sheets) > 1:
        listed = ", ".join(f"'{name}'" for name in plan.sheets)
        lines.append(f"  The workbook has {len(plan.sheets)} sheets, {listed}: {sheet_option}.")
    if columns and any(column.reason != OUR_NAME for column in plan.columns):
        lines.append('  Columns (correct one with --map "HEADER=field", or HEADER=ignore):')
        lines += [f"    {column.describe()}" for column in plan.columns]
    lines += [f"  {error}" for error in plan.errors]
    lines += [f"  Repaired: {repair}" for repair in plan.repairs]
    if plan.ignored_columns:
        lines.append(f"  {plural(len(plan.ignored_columns), 'column')} ignored: " + ", ".join(plan.ignored_columns))
    return "\n".join(lines)


def describe_outcome(plan: ImportPlan, *, written: bool) -> str:
    """One sentence on what the import did, or why it wrote nothing."""
    if written:
        skipped = f"; skipped {plural(len({e.line for e in plan.errors}), 'row')} listed above" if plan.errors else ""
        return (
            f"Imported {len(plan.additions)} new and updated {plural(len(plan.updates), 'person', 'people')}{skipped}."
        )
    if plan.errors and plan.valid_count:
        return (
            f"Nothing was imported: fix the rows above and import again, or skip them to import the "
            f"{plural(plan.valid_count, 'valid row')}."
        )
    if plan.errors:
        return "Nothing was imported: fix the rows above and import again."
    return "Nothing was imported: the file has no new people."
