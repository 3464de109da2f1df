"""The ``rmtui`` command line, run through click's CliRunner against files in tmp_path."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from click.testing import Result

from rmtui import __version__
from rmtui.core.demo import DEMO_PASSPHRASES, is_demo
from rmtui.core.roster import EXPORT_HEADERS, add_participant, list_participants, parse_participant
from rmtui.core.store import CohortStore, list_backups, new_settings, newest_backup

GOOD_CSV = "name,email,role,grade\nBen Okafor,ben@example.org,mentee,7\nCy Li,cy@example.org,mentor,1\n"
BAD_CSV = (
    "name,email,role,grade\n"
    "Ben Okafor,ben@example.org,mentee,7\n"
    "Cy Li,cy@example,mentor,1\n"  # line 3: no top-level domain
    "Di,di@example.org,mentor,x\n"  # line 4: grade
)


def people(path: Path) -> dict[str, object]:
    """The roster on disk, by email."""
    with CohortStore.open(path, read_only=True) as store:
        return {p.email: p for p in list_participants(store)}


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A cohort file holding Ana."""
    path = tmp_path / "cohort.json"
    with CohortStore.open(path) as store:
        add_participant(store, {"name": "Ana Silva", "email": "ana@example.org", "role": "mentor", "grade": "2"})
    return path


def write_csv(tmp_path: Path, text: str, name: str = "people.csv") -> Path:
    """A CSV file in tmp_path."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def write_cohort_json(path: Path, participants: list[dict]) -> Path:
    """A cohort file written directly, as another tool (or a damaged copy) might."""
    tables = {
        "_meta": {"1": {"schema_version": 1}},
        "cohort": {"1": new_settings(date(2026, 3, 16)).to_doc()},
        "participants": {str(n): doc for n, doc in enumerate(participants, start=1)},
    }
    path.write_text(json.dumps(tables), encoding="utf-8")
    return path


def doc(name: str, email: str, reports_to: str = "") -> dict:
    """A stored participant record."""
    return parse_participant({"name": name, "email": email, "role": "mentor", "reports_to": reports_to}).to_doc()


# --- basics ---------------------------------------------------------------------------------


def test_version(rmtui: Callable[..., Result]) -> None:
    result = rmtui("--version")
    assert result.exit_code == 0
    assert result.output.strip() == f"rmtui, version {__version__}"


@pytest.mark.parametrize("args", [["--no-such-option"], ["check", "--nope"], ["no-such-command"], ["import"]])
def test_bad_usage_exits_2(args: list[str], db: Path, rmtui: Callable[..., Result]) -> None:
    result = rmtui("--db", db, *args)
    assert result.exit_code == 2
    assert "Usage:" in result.output


def test_import_of_a_missing_csv_is_a_usage_error(db: Path, tmp_path: Path, rmtui: Callable[..., Result]) -> None:
    result = rmtui("--db", db, "import", tmp_path / "missing.csv")
    assert result.exit_code == 2 and "does not exist" in result.output


# --- demo -------------------------------------------------------------------------------------


def test_demo_writes_the_demo_and_may_rewrite_it(tmp_path: Path, rmtui: Callable[..., Result]) -> None:
    path = tmp_path / "demo.json"
    result = rmtui("--db", path, "demo", "--no-open")
    assert result.exit_code == 0, result.output
    assert f"Demo cohort written to {path}" in result.output
    assert is_demo(path)
    roster = people(path)
    assert len(roster) == 30
    assert roster["bilal.hussain@harbourfinch.co.uk"].status == "withdrawn"
    again = rmtui("--db", path, "demo", "--no-open")
    assert again.exit_code == 0, again.output
    assert people(path).keys() == roster.keys()


def test_demo_output_fits_80_columns_and_keeps_each_passphrase_on_one_line(
    tmp_path: Path, rmtui: Callable[..., Result]
) -> None:
    result = rmtui("--db", tmp_path / "demo.json", "demo", "--no-open", env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    # Each pair's lines (the cohort's path, in the lines above them, is as long as the folder is deep).
    credentials = [line for line in result.output.splitlines() if line.startswith("  ")]
    assert len(credentials) > 16 and all(len(line) < 80 for line in credentials)
    for passphrase in DEMO_PASSPHRASES[:3]:  # the three pairs the demo enrols; the others get setup codes
        assert any(line.endswith(f"passphrase {passphrase}") for line in credentials), passphrase


def test_demo_refuses_to_overwrite_a_real_cohort_without_force(
    db: Path, rmtui: Callable[..., Result], failed_cleanly: Callable[[Result], bool]
) -> None:
    before = db.read_bytes()
    result = rmtui("--db", db, "demo", "--no-open")
    assert failed_cleanly(result)
    assert "--force" in result.output and "not the demo" in result.output
    assert db.read_bytes() == before
    forced = rmtui("--db", db, "demo", "--no-open", "--force")
    assert forced.exit_code == 0, forced.output
    assert is_demo(db)
    assert "ana@example.org" not in people(db)
    assert before in [backup.read_bytes() for backup in list_backups(db)]  # the real cohort was kept


def test_demo_uses_rmtui_db(tmp_path: Path, rmtui: Callable[..., Result]) -> None:
    path = tmp_path / "from-env.json"
    result = rmtui("demo", "--no-open", env={"RMTUI_DB": str(path)})
    assert result.exit_code == 0, result.output
    assert is_demo(path)


# --- import -------------------------------------------------------------------------------------


def test_import_adds_everyone(db: Path, tmp_path: Path, rmtui: Callable[..., Result]) -> None:
    result = rmtui("--db", db, "import", write_csv(tmp_path, GOOD_CSV))
    assert result.exit_code == 0, result.output
    assert "people.csv (read as UTF-8): 2 rows read, 2 valid, 0 problems." in result.output
    assert "Imported 2 new and updated 0 people." in result.output
    assert list(people(db)) == ["ana@example.org", "ben@example.org", "cy@example.org"]


def test_import_creates_a_new_cohort_file(tmp_path: Path, rmtui: Callable[..., Result]) -> None:
    path = tmp_path / "new.json"
    result = rmtui("--db", path, "import", write_csv(tmp_path, GOOD_CSV))
    assert result.exit_code == 0, result.output
    assert list(people(path)) == ["ben@example.org", "cy@example.org"]


def test_import_is_all_or_nothing(
    db: Path, tmp_path: Path, rmtui: Callable[..., Result], failed_cleanly: Callable[[Result], bool]
) -> None:
    before = db.read_bytes()
    result = rmtui("--db", db, "import", write_csv(tmp_path, BAD_CSV))
    assert failed_cleanly(result)
    assert "line 3: email:" in result.output
    assert "line 4: grade: must be a whole number, like 3" in result.output
    assert "Nothing was imported" in result.output
    assert db.read_bytes() == before


def test_import_of_a_damaged_utf8_file_fails_on_the_bad_byte(
    db: Path, tmp_path: Path, rmtui: Callable[..., Result], failed_cleanly: Callable[[Result], bool]
) -> None:
    path = tmp_path / "damaged.csv"
    path.write_bytes("name,email,role\nZoë,zoe@example.org,mentor\n".encode() + b"Y\xe9,y@example.org,mentee\n")
    before = db.read_bytes()
    result = rmtui("--db", db, "import", path)
    assert failed_cleanly(result)
    assert "line 3: file: byte 0xe9 at line 3, column 2 is not UTF-8" in result.output
    assert db.read_bytes() == before


def test_dry_run_writes_nothing(
    db: Path, tmp_path: Path, rmtui: Callable[..., Result], failed_cleanly: Callable[[Result], bool]
) -> None:
    before = db.read_bytes()
    good = rmtui("--db", db, "import", "--dry-run", write_csv(tmp_path, GOOD_CSV))
    assert good.exit_code == 0, good.output
    assert "2 valid" in good.output and "Dry run: nothing was written." in good.output
    bad = rmtui("--db", db, "import", "--dry-run", write_csv(tmp_path, BAD_CSV, "bad.csv"))
    assert failed_cleanly(bad) and "line 3" in bad.output
    assert db.read_bytes() == before
    assert list_backups(db) == []


def test_dry_run_on_a_missing_cohort_creates_nothing(tmp_path: Path, rmtui: Callable[..., Result]) -> None:
    path = tmp_path / "new.json"
    result = rmtui("--db", path, "import", "--dry-run", write_csv(tmp_path, GOOD_CSV))
    assert result.exit_code == 0, result.output
    assert not path.exists()


def test_dry_run_checks_against_the_roster(
    db: Path, tmp_path: Path, rmtui: Callable[..., Result], failed_cleanly: Callable[[Result], bool]
) -> None:
    csv_file = write_csv(tmp_path, "name,email,role\nAna,ana@example.org,mentor\n")
    result = rmtui("--db", db, "import", "--dry-run", csv_file)
    assert failed_cleanly(result) and "already on the roster" in result.output


def test_skip_invalid_writes_the_valid_rows_and_lists_the_rest(
    db: Path, tmp_path: Path, rmtui: Callable[..., Result]
) -> None:
    result = rmtui("--db", db, "import", "--skip-invalid", write_csv(tmp_path, BAD_CSV))
    assert result.exit_code == 0, result.output
    assert "line 3: email:" in result.output and "line 4: grade:" in result.output
    assert "Imported 1 new and updated 0 people; skipped 2 rows listed above." in result.output
    assert list(people(db)) == ["ana@example.org", "ben@example.org"]


def test_skip_invalid_with_no_valid_rows_fails(
    db: Path, tmp_path: Path, rmtui: Callable[..., Result], failed_cleanly: Callable[[Result], bool]
) -> None:
    before = db.read_bytes()
    result = rmtui("--db", db, "import", "--skip-invalid", write_csv(tmp_path, "name,email,role\nX,nope,mentor\n"))
    assert failed_cleanly(result)
    assert db.read_bytes() == before


def test_duplicate_of_the_roster_needs_update(
    db: Path, tmp_path: Path, rmtui: Callable[..., Result], failed_cleanly: Callable[[Result], bool]
) -> None:
    csv_file = write_csv(tmp_path, "name,email,role,grade\nAna Silva-Jones,ANA@example.org,mentor,3\n")
    before = db.read_bytes()
    refused = rmtui("--db", db, "import", csv_file)
    assert failed_cleanly(refused)
    assert "line 2: email: ana@example.org is already on the roster" in refused.output
    assert "--update" in refused.output
    assert db.read_bytes() == before
    updated = rmtui("--db", db, "import", "--update", csv_file)
    assert updated.exit_code == 0, updated.output
    assert "Imported 0 new and updated 1 person." in updated.output
    ana = people(db)["ana@example.org"]
    assert (ana.name, ana.grade) == ("Ana Silva-Jones", 3)
    assert len(people(db)) == 1


def test_import_into_a_locked_file_is_refused(
    db: Path, tmp_path: Path, rmtui: Callable[..., Result], failed_cleanly: Callable[[Result], bool]
) -> None:
    csv_file = write_csv(tmp_path, GOOD_CSV)
    before = db.read_bytes()
    with CohortStore.open(db):
        result = rmtui("--db", db, "import", csv_file)
    assert failed_cleanly(result)
    assert "already open" in result.output
    assert db.read_bytes() == before


# --- export -----------------------------------------------------------------------------------------


def test_export_roster_csv_to_stdout(db: Path, rmtui: Callable[..., Result]) -> None:
    result = rmtui("--db", db, "export", "roster")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "\ufeff" + ",".join(EXPORT_HEADERS)
    assert lines[1].startswith("Ana Silva,ana@example.org,mentor,,,2,")
    assert len(lines) == 2


def test_export_roster_json_to_a_file(db: Path, tmp_path: Path, rmtui: Callable[..., Result]) -> None:
    out = tmp_path / "roster.json"
    result = rmtui("--db", db, "export", "roster", "--format", "json", "-o", out)
    assert result.exit_code == 0, result.output
    assert f"Wrote 1 person to {out}" in result.output
    assert result.stdout == ""
    [ana] = json.loads(out.read_text(encoding="utf-8"))
    assert (ana["email"], ana["grade"], ana["offers"]) == ("ana@example.org", 2, [])


def test_export_then_import_restores_the_roster(db: Path, tmp_path: Path, rmtui: Callable[..., Result]) -> None:
    out = tmp_path / "roster.csv"
    assert rmtui("--db", db, "export", "roster", "-o", out).exit_code == 0
    fresh = tmp_path / "fresh.json"
    result = rmtui("--db", fresh, "import", out)
    assert result.exit_code == 0, result.output
    assert people(fresh) == people(db)


def test_export_into_a_missing_folder_fails_cleanly(
    db: Path, tmp_path: Path, rmtui: Callable[..., Result], failed_cleanly: Callable[[Result], bool]
) -> None:
    out = tmp_path / "no-such-folder" / "roster.csv"
    result = rmtui("--db", db, "export", "roster", "-o", out)
    assert failed_cleanly(result)
    assert str(out) in result.output
    assert not out.exists()


def test_export_of_a_missing_cohort_fails_cleanly(
    tmp_path: Path, rmtui: Callable[..., Result], failed_cleanly: Callable[[Result], bool]
) -> None:
    result = rmtui("--db", tmp_path / "missing.json", "export", "roster")
    assert failed_cleanly(result) and "does not exist" in result.output


# --- check ------------------------------------------------------------------------------------------


def test_check_passes_a_sound_file(db: Path, rmtui: Callable[..., Result]) -> None:
    before = db.read_bytes()
    result = rmtui("--db", db, "check")
    assert result.exit_code == 0, result.output
    assert "all is well" in result.output
    assert db.read_bytes() == before


def test_check_finds_duplicate_emails(
    tmp_path: Path, rmtui: Callable[..., Result], failed_cleanly: Callable[[Result], bool]
) -> None:
    path = write_cohort_json(tmp_path / "c.json", [doc("Ana", "ana@example.org"), doc("Ana Two", "ana@example.org")])
    result = rmtui("--db", path, "check")
    assert failed_cleanly(result)
    assert "- ana@example.org appears 2 times; emails must be unique" in result.output
    assert "1 problem found" in result.output


def test_check_finds_reporting_loops(
    tmp_path: Path, rmtui: Callable[..., Result], failed_cleanly: Callable[[Result], bool]
) -> None:
    path = write_cohort_json(
        tmp_path / "c.json",
        [doc("A", "a@example.org", "b@example.org"), doc("B", "b@example.org", "c@example.org"),
         doc("C", "c@example.org", "a@example.org"), doc("D", "d@example.org", "a@example.org")],
    )  # fmt: skip
    result = rmtui("--db", path, "check")
    assert failed_cleanly(result)
    loops = [line for line in result.output.splitlines() if "reporting lines form a loop" in line]
    assert len(loops) == 1
    assert all(email in loops[0] for email in ("a@example.org", "b@example.org", "c@example.org"))
    assert "d@example.org" not in loops[0]


def test_check_finds_invalid_records_and_missing_settings(
    tmp_path: Path, rmtui: Callable[..., Result], failed_cleanly: Callable[[Result], bool]
) -> None:
    path = tmp_path / "c.json"
    bad = {**doc("Ana", "ana@example.org"), "email": "not an email"}
    path.write_text(json.dumps({"_meta": {"1": {"schema_version": 1}}, "participants": {"1": bad}}))
    result = rmtui("--db", path, "check")
    assert failed_cleanly(result)
    assert "the cohort settings are missing" in result.output
    assert "participant record 1 (not an email): email:" in result.output
    assert "2 problems found" in result.output


def test_check_finds_goal_sheets_and_passphrases_whose_pair_is_missing(
    demo_path: Path, rmtui: Callable[..., Result], failed_cleanly: Callable[[Result], bool]
) -> None:
    assert rmtui("--db", demo_path, "check").exit_code == 0
    tables = json.loads(demo_path.read_text(encoding="utf-8"))
    assert "2" in tables["goal_sheets"] and "2" in tables["pair_access"]
    del tables["pairs"]["2"]
    demo_path.write_text(json.dumps(tables), encoding="utf-8")
    result = rmtui("--db", demo_path, "check")
    assert failed_cleanly(result)
    assert "- goal_sheets record 2 belongs to pair 2, which is not in the pairs table" in result.output
    assert "- pair_access record 2 belongs to pair 2, which is not in the pairs table" in result.output
    findings = [line for line in result.output.splitlines() if line.startswith("- ")]
    assert all("pair 2, which is not in the pairs table" in line for line in findings)
    assert any(line.startswith("- sessions record") for line in findings), "pair 2's sessions are orphaned too"


def test_check_finds_a_setup_code_whose_pair_is_missing(
    demo_path: Path, rmtui: Callable[..., Result], failed_cleanly: Callable[[Result], bool]
) -> None:
    tables = json.loads(demo_path.read_text(encoding="utf-8"))
    waiting = next(iter(tables["setup_codes"]))  # a demo pair that has not enrolled yet
    del tables["pairs"][waiting]
    demo_path.write_text(json.dumps(tables), encoding="utf-8")
    result = rmtui("--db", demo_path, "check")
    assert failed_cleanly(result)
    assert f"- setup_codes record {waiting} belongs to pair {waiting}, which is not in the pairs table" in result.output


def test_check_finds_check_ins_by_someone_not_on_the_roster(
    demo_path: Path, rmtui: Callable[..., Result], failed_cleanly: Callable[[Result], bool]
) -> None:
    tables = json.loads(demo_path.read_text(encoding="utf-8"))
    first = next(iter(tables["check_ins"]))
    tables["check_ins"][first]["email"] = "ghost@example.org"
    demo_path.write_text(json.dumps(tables), encoding="utf-8")
    result = rmtui("--db", demo_path, "check")
    assert failed_cleanly(result)
    assert f"- check_ins record {first} is by 'ghost@example.org', who is not on the roster" in result.output


def test_check_uses_rmtui_db(db: Path, rmtui: Callable[..., Result]) -> None:
    result = rmtui("check", env={"RMTUI_DB": str(db)})
    assert result.exit_code == 0 and str(db) in result.output


# --- backup and restore ------------------------------------------------------------------------------


def test_backup_to_a_file_and_into_the_backup_folder(db: Path, tmp_path: Path, rmtui: Callable[..., Result]) -> None:
    copy = tmp_path / "copy.json"
    result = rmtui("--db", db, "backup", "-o", copy)
    assert result.exit_code == 0, result.output
    assert copy.read_bytes() == db.read_bytes()
    result = rmtui("--db", db, "backup")
    assert result.exit_code == 0, result.output
    assert newest_backup(db).read_bytes() == db.read_bytes()
    assert str(newest_backup(db)) in result.output


def test_backup_into_a_missing_folder_fails_cleanly(
    db: Path, tmp_path: Path, rmtui: Callable[..., Result], failed_cleanly: Callable[[Result], bool]
) -> None:
    result = rmtui("--db", db, "backup", "-o", tmp_path / "nowhere" / "copy.json")
    assert failed_cleanly(result)
    assert "nowhere" in result.output


def test_restore_replaces_a_damaged_file_and_keeps_it(
    db: Path, tmp_path: Path, rmtui: Callable[..., Result], failed_cleanly: Callable[[Result], bool]
) -> None:
    copy = tmp_path / "copy.json"
    assert rmtui("--db", db, "backup", "-o", copy).exit_code == 0
    db.write_bytes(b'{"participants": {"1": ')
    assert failed_cleanly(rmtui("--db", db, "check"))
    result = rmtui("--db", db, "restore", copy)
    assert result.exit_code == 0, result.output
    assert db.read_bytes() == copy.read_bytes()
    assert "The replaced file was kept as" in result.output
    assert newest_backup(db).read_bytes() == b'{"participants": {"1": '
    assert rmtui("--db", db, "check").exit_code == 0


def test_restore_refuses_a_file_that_is_not_a_cohort(
    db: Path, tmp_path: Path, rmtui: Callable[..., Result], failed_cleanly: Callable[[Result], bool]
) -> None:
    before = db.read_bytes()
    result = rmtui("--db", db, "restore", write_csv(tmp_path, GOOD_CSV))
    assert failed_cleanly(result)
    assert "cannot be opened" in result.output
    assert db.read_bytes() == before


def test_restore_refuses_while_the_file_is_open(
    db: Path, tmp_path: Path, rmtui: Callable[..., Result], failed_cleanly: Callable[[Result], bool]
) -> None:
    copy = tmp_path / "copy.json"
    assert rmtui("--db", db, "backup", "-o", copy).exit_code == 0
    with CohortStore.open(db):
        result = rmtui("--db", db, "restore", copy)
    assert failed_cleanly(result) and "already open" in result.output


# --- damaged and newer files --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["import", "{csv}"],
        ["import", "--dry-run", "{csv}"],
        ["export", "roster"],
        ["export", "roster", "--format", "json", "-o", "{out}"],
        ["check"],
        ["backup"],
        ["demo", "--no-open"],
    ],
)
@pytest.mark.parametrize("content", [b"", b'{"participants": {"1": {"name": "Ana"', b"[]"])
def test_corrupt_file_fails_cleanly_and_is_left_alone(
    db: Path,
    tmp_path: Path,
    args: list[str],
    content: bytes,
    rmtui: Callable[..., Result],
    failed_cleanly: Callable[[Result], bool],
) -> None:
    assert rmtui("--db", db, "backup").exit_code == 0
    db.write_bytes(content)
    csv_file = write_csv(tmp_path, GOOD_CSV)
    result = rmtui("--db", db, *(a.format(csv=csv_file, out=tmp_path / "out.json") for a in args))
    assert failed_cleanly(result), result.output
    assert "cannot be opened" in result.output
    assert str(newest_backup(db)) in result.output
    assert db.read_bytes() == content
    assert not (tmp_path / "out.json").exists()


def test_newer_file_fails_cleanly(
    db: Path, rmtui: Callable[..., Result], failed_cleanly: Callable[[Result], bool]
) -> None:
    tables = json.loads(db.read_bytes())
    tables["_meta"]["1"]["schema_version"] = 99
    db.write_text(json.dumps(tables))
    for args in (["check"], ["export", "roster"], ["demo", "--no-open"]):
        result = rmtui("--db", db, *args)
        assert failed_cleanly(result), result.output
        assert "newer rmtui" in result.output
