"""Roster files as spreadsheets write and read them: a lossless round trip, encodings, mojibake, .xlsx and the BOM."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from click.testing import Result

from rmtui.core.roster import (
    EXPORT_HEADERS,
    apply_import,
    describe_plan,
    list_participants,
    parse_participant,
    plan_import,
    roster_to_csv,
)
from rmtui.core.roster.workbook import cell_text
from rmtui.core.store import CohortStore

SAMPLE = Path(__file__).parent.parent / "sample_data" / "demo_roster.csv"
ACCENTED = "name,email,role\nJosé Martins,jose@example.org,mentee\nZoë Œuvre-Müller,zoe@example.org,mentor\n"

# Every value a spreadsheet or a person makes awkward: formula starts, quotes, commas and semicolons, a lone list
# entry with a comma, right-to-left text, emoji, every status, consent with and without details.
AWKWARD = [
    {"name": "=cmd|' /C calc'!A0", "email": "-x@example.org", "role": "mentee", "department": "'=quoted",
     "status": "withdrawn", "status_date": "2026-04-01", "diversity_consent": "yes", "generation": "+Gen Z",
     "under_represented": "@disability; \"quoted\", too"},
    {"name": "Zoë \"Z\" O'Neil, Jr.", "email": "zoe@example.org", "role": "mentor", "job_title": "Ædministrator 🚀",
     "grade": "-3", "offers": "a, b", "wants": "@mentions; x|y", "capacity": "4", "focus": "tech",
     "format": "remote", "status": "left organisation", "status_date": "2026-05-31", "reports_to": "b@example.org"},
    {"name": "سارة \u200fעברית\u200e", "email": "sara@example.org", "role": "mentee", "grade": "0",
     "offers": "one, with a comma", "diversity_consent": "no", "generation": "dropped without consent"},
    {"name": "''+1", "email": "q@example.org", "role": "mentor", "diversity_consent": "yes"},
]  # fmt: skip


def round_trip_csv(people_csv: bytes, tmp_path: Path) -> bytes:
    """Import into a new cohort, then export again."""
    with CohortStore.open(tmp_path / f"cohort-{len(list(tmp_path.iterdir()))}.json") as store:
        plan = plan_import(people_csv, [])
        assert plan.errors == []
        apply_import(store, plan)
        return roster_to_csv(list_participants(store)).encode("utf-8")


def test_an_awkward_roster_round_trips_byte_for_byte(tmp_path: Path) -> None:
    people = [parse_participant(fields) for fields in AWKWARD]
    exported = roster_to_csv(people).encode("utf-8")
    assert round_trip_csv(exported, tmp_path) == exported
    with CohortStore.open(tmp_path / "check.json") as store:
        apply_import(store, plan_import(exported, []))
        assert list_participants(store) == people
    assert people[0].status == "withdrawn" and people[0].under_represented == '@disability; "quoted", too'


def test_the_demo_roster_round_trips_byte_for_byte_through_the_cli(
    demo_path: Path, tmp_path: Path, rmtui: Callable[..., Result]
) -> None:
    first, second, fresh = tmp_path / "first.csv", tmp_path / "second.csv", tmp_path / "fresh.json"
    assert rmtui("export", "roster", "--db", demo_path, "-o", first).exit_code == 0
    imported = rmtui("import", first, "--db", fresh)
    assert imported.exit_code == 0, imported.output
    assert rmtui("--db", fresh, "export", "roster", "-o", second).exit_code == 0
    assert second.read_bytes() == first.read_bytes()
    rows = list(csv.DictReader(io.StringIO(first.read_text(encoding="utf-8-sig"))))
    assert sum(row["status"] == "withdrawn" for row in rows) == 1
    assert sum(row["diversity_consent"] == "yes" for row in rows) > 0
    assert all(row["generation"] for row in rows if row["diversity_consent"] == "yes")


# --- encodings --------------------------------------------------------------------------------------


def test_a_windows_1252_file_imports_with_every_accented_name_intact() -> None:
    plan = plan_import(ACCENTED.encode("cp1252"), [])
    assert plan.errors == []
    assert [p.name for p in plan.additions] == ["José Martins", "Zoë Œuvre-Müller"]
    assert describe_plan(plan, "people.csv").startswith("people.csv (read as Windows-1252 (Western European)): ")


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-8-sig"])
def test_utf16_and_a_bom_are_read(codec: str) -> None:
    plan = plan_import(ACCENTED.replace(",", "\t").encode(codec), [])
    assert plan.errors == []
    assert [p.name for p in plan.additions] == ["José Martins", "Zoë Œuvre-Müller"]
    assert plan.source in ("UTF-16", "UTF-8 with a byte-order mark")


def test_the_sample_roster_reads_the_same_in_every_encoding_a_spreadsheet_writes() -> None:
    text = SAMPLE.read_text(encoding="utf-8-sig")
    plans = [plan_import(text.encode(codec), []) for codec in ("utf-8", "cp1252", "utf-16")]
    assert [plan.errors for plan in plans] == [[], [], []]
    assert plans[0].additions == plans[1].additions == plans[2].additions
    assert any("é" in p.name for p in plans[1].additions)


def test_a_bad_byte_after_utf8_text_names_its_true_line_and_column() -> None:
    raw = "name,email,role\nZoë,z@example.org,mentor\n".encode() + b"B\xff\xfe,b@example.org,mentee\n"
    plan = plan_import(raw, [])
    assert [str(e) for e in plan.errors] == [
        "line 3: file: byte 0xff at line 3, column 2 is not UTF-8, though the text before it is; "
        "save the file from your spreadsheet as 'CSV UTF-8' and import it again"
    ]
    assert plan.valid_count == 0


def test_an_encoding_other_than_the_ones_spreadsheets_write_is_reported_as_a_guess() -> None:
    # 0x81 and 0x8d are undefined in Windows-1252, so another code page has to be guessed.
    plan = plan_import(b"name,email,role\nAna,ana@example.org,mentor\nB\x81\x8d,b@example.org,mentee\n", [])
    assert "a guess: check that the names read right" in describe_plan(plan, "f.csv").splitlines()[0]


def test_mojibake_is_named_per_cell_and_never_imported_silently() -> None:
    raw = "name,email,role,department\nÅ\uf181ukasz,l@example.org,mentor,Sales\nAna,a@example.org,mentee,CafÃ©\n"
    plan = plan_import(raw.encode(), [])
    assert [(e.line, e.field) for e in plan.errors] == [(2, "name"), (3, "department")]
    assert "it is probably 'Łukasz'" in plan.errors[0].message
    assert "it is probably 'Café'" in plan.errors[1].message
    assert "--repair-text" in plan.errors[0].message
    repaired = plan_import(raw.encode(), [], repair=True)
    assert repaired.errors == []
    assert [(p.name, p.department) for p in repaired.additions] == [("Łukasz", "Sales"), ("Ana", "Café")]
    assert "Repaired: line 2: name: 'Å\\uf181ukasz' was repaired to 'Łukasz'" in describe_plan(repaired, "f.csv")


def test_a_garbled_file_writes_nothing_through_the_cli(tmp_path: Path, rmtui: Callable[..., Result]) -> None:
    source = tmp_path / "garbled.csv"
    source.write_text("name,email,role\nAna,a@example.org,mentor\nZoÃ«,z@example.org,mentee\n", encoding="utf-8")
    result = rmtui("--db", tmp_path / "c.json", "import", source)
    assert result.exit_code == 1
    assert "line 3: name: 'ZoÃ«' looks garbled" in result.output
    assert not (tmp_path / "c.json").exists() or list_people(tmp_path / "c.json") == []
    fixed = rmtui("--db", tmp_path / "c.json", "import", source, "--repair-text")
    assert fixed.exit_code == 0, fixed.output
    assert list_people(tmp_path / "c.json") == ["Ana", "Zoë"]


def list_people(path: Path) -> list[str]:
    """The names on the roster of a cohort file."""
    with CohortStore.open(path, read_only=True) as store:
        return [p.name for p in list_participants(store)]


def test_a_tab_in_a_cell_reads_as_a_space_and_a_bell_is_still_refused() -> None:
    plan = plan_import(b'name\temail\trole\n"Ana\tSilva"\ta@example.org\tmentor\n', [])
    assert plan.errors == [] and plan.additions[0].name == "Ana Silva"
    plan = plan_import(
        b"name,email,role\nAna\xc2\xa0\xc2\xa0Silva,a@example.org,mentor\nB\x07n,b@example.org,mentee\n", []
    )
    assert [p.name for p in plan.additions] == ["Ana Silva"]
    assert [str(e) for e in plan.errors] == ["line 3: name: contains a control character (U+0007); remove it"]


# --- Excel workbooks ---------------------------------------------------------------------------------


def sample_workbook(tmp_path: Path, *, sheet: str = "Form1", first: str | None = None) -> Path:
    """The sample roster as a workbook typed the way a spreadsheet types it: grades and capacities as numbers."""
    workbook = openpyxl.Workbook()
    if first:
        workbook.active.title = first
        workbook.active.append(["nothing", "here"])
        worksheet = workbook.create_sheet(sheet)
    else:
        worksheet = workbook.active
        worksheet.title = sheet
    for row in csv.reader(io.StringIO(SAMPLE.read_text(encoding="utf-8-sig"))):
        worksheet.append([int(cell) if cell.isdigit() else cell for cell in row])
    path = tmp_path / "roster.xlsx"
    workbook.save(path)
    return path


def test_an_xlsx_of_the_sample_roster_imports_to_the_same_people_as_the_csv(
    tmp_path: Path, rmtui: Callable[..., Result]
) -> None:
    workbook = sample_workbook(tmp_path, first="Notes")
    dry = rmtui("import", workbook, "--sheet", "Form1", "--dry-run", "--db", tmp_path / "x.json")
    assert dry.exit_code == 0, dry.output
    assert "roster.xlsx (read as sheet 'Form1' of an Excel workbook): 30 rows read, 30 valid" in dry.output
    assert "The workbook has 2 sheets, 'Notes', 'Form1': read another with --sheet NAME." in dry.output
    assert not (tmp_path / "x.json").exists()
    assert rmtui("import", workbook, "--sheet", "Form1", "--db", tmp_path / "x.json").exit_code == 0
    assert rmtui("import", SAMPLE, "--db", tmp_path / "c.json").exit_code == 0
    with (
        CohortStore.open(tmp_path / "x.json", read_only=True) as from_xlsx,
        CohortStore.open(tmp_path / "c.json", read_only=True) as from_csv,
    ):
        assert list_participants(from_xlsx) == list_participants(from_csv)
        assert any(p.grade for p in list_participants(from_xlsx))


def test_a_missing_sheet_is_named_with_the_sheets_there_are(tmp_path: Path, rmtui: Callable[..., Result]) -> None:
    result = rmtui("import", sample_workbook(tmp_path), "--sheet", "Responses", "--db", tmp_path / "x.json")
    assert result.exit_code == 1
    assert (
        "line 1: file: has no sheet named 'Responses'; its sheets are 'Form1'. Give one with --sheet" in result.output
    )


def test_an_xlsx_is_all_or_nothing_with_row_numbers_as_lines(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Full name", "Email address", "Role", "Grade"])
    sheet.append(["Ana", "ana@example.org", "mentor", 2])
    sheet.append([])
    sheet.append(["Ben", "ben@example", "mentee", 7.5])
    out = io.BytesIO()
    workbook.save(out)
    plan = plan_import(out.getvalue(), [])
    assert [(e.line, e.field) for e in plan.errors] == [(4, "email"), (4, "grade")]
    assert "got '7.5'" in plan.errors[1].message
    assert [p.name for p in plan.additions] == ["Ana"]


@pytest.mark.parametrize(
    ("value", "number_format", "shown"),
    [
        (3, "General", "3"),
        (3.0, "General", "3"),
        (2.5, "General", "2.5"),
        (7, "00", "07"),
        (0.25, "0%", "25%"),
        (1234.5, "#,##0.00", "1,234.50"),
        (datetime(2026, 3, 5), "mm-dd-yy", "2026-03-05"),
        (datetime(2026, 3, 5, 14, 7), "dd/mm/yyyy hh:mm", "05/03/2026 14:07"),
        (date(2026, 3, 5), "d mmm yyyy", "5 Mar 2026"),
        (True, "General", "TRUE"),
    ],
)
def test_typed_cells_read_as_the_text_the_sheet_shows(value: object, number_format: str, shown: str) -> None:
    assert cell_text(value, number_format) == shown


# --- exports --------------------------------------------------------------------------------------


def test_csv_exports_start_with_a_bom_unless_told_not_to(demo_path: Path, rmtui: Callable[..., Result]) -> None:
    with_bom, without = (
        rmtui("--db", demo_path, "export", "roster"),
        rmtui("export", "roster", "--no-bom", "--db", demo_path),
    )
    assert with_bom.stdout_bytes.startswith(b"\xef\xbb\xbfname,email,")
    assert without.stdout_bytes.startswith(b"name,email,")
    sessions = rmtui("--db", demo_path, "export", "sessions")
    assert sessions.stdout_bytes.startswith(b"\xef\xbb\xbfsession_id,")
    assert rmtui("--db", demo_path, "export", "sessions", "--no-bom").stdout_bytes.startswith(b"session_id,")


def test_the_roster_exports_as_a_real_workbook(demo_path: Path, tmp_path: Path, rmtui: Callable[..., Result]) -> None:
    target = tmp_path / "roster.xlsx"
    result = rmtui("--db", demo_path, "export", "roster", "--format", "xlsx", "-o", target)
    assert result.exit_code == 0, result.output
    rows = [[cell or "" for cell in row] for row in openpyxl.load_workbook(target).active.iter_rows(values_only=True)]
    assert rows[0] == list(EXPORT_HEADERS)
    csv_rows = list(csv.reader(io.StringIO(rmtui("--db", demo_path, "export", "roster", "--no-bom").output)))
    assert rows == csv_rows
    assert rmtui("--db", tmp_path / "again.json", "import", target).exit_code == 0
    assert list_people(tmp_path / "again.json") == [row[0] for row in csv_rows[1:]]


# --- the command line -------------------------------------------------------------------------------

PDF_REFUSED = (
    "report.pdf: rmtui cannot write the report as a .pdf file; end the file name in .json, .txt, .html, .svg or .md."
)


def test_db_may_come_after_the_command(tmp_path: Path, rmtui: Callable[..., Result]) -> None:
    result = rmtui("demo", "--no-open", "--db", tmp_path / "demo.json")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "demo.json").exists()
    assert rmtui("export", "roster", "--db", tmp_path / "demo.json").output.count("\n") == 31
    assert rmtui("check", "--db", tmp_path / "demo.json").exit_code == 0


def test_the_output_ending_picks_the_format(demo_path: Path, tmp_path: Path, rmtui: Callable[..., Result]) -> None:
    assert rmtui("--db", demo_path, "report", "-o", tmp_path / "r.html").exit_code == 0
    assert (tmp_path / "r.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert rmtui("--db", demo_path, "export", "roster", "-o", tmp_path / "r.json").exit_code == 0
    assert (tmp_path / "r.json").read_text(encoding="utf-8").startswith("[")
    assert rmtui("--db", demo_path, "export", "roster", "-o", tmp_path / "r.xlsx").exit_code == 0
    assert openpyxl.load_workbook(tmp_path / "r.xlsx").active["A1"].value == "name"
    assert rmtui("--db", demo_path, "report", "--format", "md", "-o", tmp_path / "r.html").exit_code == 0
    assert (tmp_path / "r.html").read_text(encoding="utf-8").startswith("# ")


@pytest.mark.parametrize(
    ("command", "name", "message"),
    [
        (["report"], "report.pdf", PDF_REFUSED),
        (["export", "roster"], "roster.ods", "roster.ods: rmtui cannot write the roster as a .ods file; end the file name in .csv, .json or .xlsx."),
        (["export", "sessions"], "log", "log: rmtui cannot write the session log as a file with no ending; end the file name in .csv or .json."),
    ],
)  # fmt: skip
def test_an_ending_we_cannot_write_is_a_clear_error(
    command: list[str], name: str, message: str, demo_path: Path, tmp_path: Path, rmtui: Callable[..., Result]
) -> None:
    result = rmtui("--db", demo_path, *command, "-o", tmp_path / name)
    assert result.exit_code == 1
    assert result.output == f"Error: {message}\n"
    assert not (tmp_path / name).exists()


def test_a_garbled_row_is_not_imported_even_when_skipping_invalid_rows(
    tmp_path: Path, rmtui: Callable[..., Result]
) -> None:
    source = tmp_path / "garbled.csv"
    source.write_text("name,email,role\nAna,a@example.org,mentor\nZoÃ«,z@example.org,mentee\n", encoding="utf-8")
    result = rmtui("--db", tmp_path / "c.json", "import", source, "--skip-invalid")
    assert result.exit_code == 0, result.output
    assert "line 3: name: 'ZoÃ«' looks garbled" in result.output
    assert list_people(tmp_path / "c.json") == ["Ana"]


def test_an_export_that_fails_midway_leaves_the_old_file_whole(
    demo_path: Path, tmp_path: Path, rmtui: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    for name in ("roster.csv", "roster.xlsx"):
        target = tmp_path / name
        target.write_bytes(b"the previous export")
        with monkeypatch.context() as patch:
            patch.setattr(os, "fsync", full_disk)
            result = rmtui("--db", demo_path, "export", "roster", "-o", target)
        assert result.exit_code == 1
        assert f"Cannot write {target}: No space left on device" in result.output
        assert target.read_bytes() == b"the previous export"
        assert [p.name for p in tmp_path.iterdir() if p.name.startswith(f".{name}")] == []


def test_a_workbook_export_runs_no_formula(tmp_path: Path, rmtui: Callable[..., Result]) -> None:
    path = tmp_path / "c.json"
    with CohortStore.open(path) as store:
        apply_import(store, plan_import(roster_to_csv([parse_participant(fields) for fields in AWKWARD]).encode(), []))
    assert rmtui("--db", path, "export", "roster", "-o", tmp_path / "r.xlsx").exit_code == 0
    cells = [cell for row in openpyxl.load_workbook(tmp_path / "r.xlsx").active.iter_rows() for cell in row]
    assert "f" not in {cell.data_type for cell in cells}  # every cell is text (or empty), never a formula
    names = [row[0].value for row in openpyxl.load_workbook(tmp_path / "r.xlsx").active.iter_rows(min_row=2)]
    assert names[0] == "'=cmd|' /C calc'!A0"


def test_a_workbook_with_one_bad_row_writes_nothing(tmp_path: Path, rmtui: Callable[..., Result]) -> None:
    workbook = openpyxl.Workbook()
    for row in (["name", "email", "role"], ["Ana", "ana@example.org", "mentor"], ["Bo", "bo@example", "mentee"]):
        workbook.active.append(row)
    workbook.save(tmp_path / "form.xlsx")
    db = tmp_path / "c.json"
    with CohortStore.open(db):
        pass
    before = db.read_bytes()
    result = rmtui("--db", db, "import", tmp_path / "form.xlsx")
    assert result.exit_code == 1
    assert "line 3: email: 'bo@example' is not an email address" in result.output
    assert "Nothing was imported" in result.output
    assert db.read_bytes() == before
