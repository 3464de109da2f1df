"""Column mapping: a sign-up form's export (questions as headers, roles in words) imports as a roster."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from hostile_input import FORMULAS, LONG, MARKUP, hostile
from hostile_input import HOSTILE as HOSTILE_SETTINGS
from hypothesis import given
from hypothesis import strategies as st

from rmtui.core.errors import ValidationError
from rmtui.core.roster import list_participants, parse_overrides, parse_participant, plan_import, rows_to_xlsx
from rmtui.core.roster.mapping import MAPPING_KEY, propose_mapping
from rmtui.core.store import CohortStore, check_cohort

SAMPLES = Path(__file__).parent.parent / "sample_data"

MICROSOFT_FORMS = {
    "ID": None,
    "Start time": None,
    "Completion time": None,
    "Email": "email",
    "Name": "name",
    "Are you signing up as a reverse mentor (junior) or a mentee (senior)?": "role",
    "Which team or department are you in?": "department",
    "What is your job title?": "job_title",
    "Pay band (1-10)": "grade",
    "Your line manager's email": "reports_to",
    "What could you teach a senior colleague?": "offers",
    "What would you like to learn from a junior colleague?": "wants",
    "How would you like to meet?": "format",
    "How many mentees could you take on?": "capacity",
    "Any access needs we should know about?": None,
}
GOOGLE_FORMS = {
    "Timestamp": None,
    "Email address": "email",
    "Your name": "name",
    "I would like to take part as a…": "role",
    "Department": "department",
    "Grade": "grade",
    "Line manager email address": "reports_to",
    "Which digital skills do you want to improve?": "wants",
    "Which skills could you share with a senior leader?": "offers",
    "Would you rather focus on technology, social values or both?": "focus",
    "Do you consent to us recording the optional diversity questions below?": "diversity_consent",
    "Which generation do you belong to?": "generation",
    "Your manager's name": None,
}
HANDMADE = {
    "Full name": "name",
    "E-mail adress": "email",
    "Departmnet": "department",
    "Preferred meeting format": "format",
    "Roles": "role",
}


@pytest.mark.parametrize("form", [MICROSOFT_FORMS, GOOGLE_FORMS, HANDMADE], ids=["microsoft", "google", "handmade"])
def test_each_form_header_is_proposed_as_its_field(form: dict[str, str | None]) -> None:
    proposals, problems = propose_mapping(list(form))
    assert problems == []
    assert {p.header: p.field for p in proposals} == form
    assert all(p.reason for p in proposals)


def test_each_proposal_says_why() -> None:
    proposals, _ = propose_mapping(["Email", "Pay band (1-10)", "Timestamp", "Departmnet", "Favourite colour"])
    reasons = {p.header: p.reason for p in proposals}
    assert reasons == {
        "Email": "our column name",
        "Pay band (1-10)": "mentions 'pay band'",
        "Timestamp": "the form's own column",
        "Departmnet": "looks like 'department' (90% alike)",
        "Favourite colour": "no field matches its words",
    }


def test_two_columns_never_feed_one_field() -> None:
    # Microsoft Forms' own "Name" (the account) beats a question asking for the name; the question is ignored, said so.
    proposals, _ = propose_mapping(["Name", "Email", "Please type your full name as you like it written"])
    assert [p.field for p in proposals] == ["name", "email", None]
    assert proposals[2].reason == "name already comes from 'Name'"


FORM_HEADER = [
    "Timestamp", "Email address", "Full name", "Are you a reverse mentor (junior) or a mentee (senior)?",
    "Pay band (1-10)", "What could you teach a senior colleague?", "What would you like to learn?",
    "Notes for the coordinator",
]  # fmt: skip


def form_csv(*rows: list[str], header: list[str] = FORM_HEADER) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows([header, *rows])
    return out.getvalue().encode()


def answers(role: str = "Reverse mentor (junior)", email: str = "ana@example.org", notes: str = "") -> list[str]:
    return ["2026/01/12 09:14", email, "Ana Silva", role, "2", "IG, AI tools and accessibility", "budgeting", notes]


def test_a_form_export_imports_with_no_options() -> None:
    plan = plan_import(form_csv(answers(), answers("Senior leader (mentee)", "ben@example.org")), [])
    assert plan.errors == []
    (ana, ben) = plan.additions
    assert (ana.role, ana.grade, ana.offers) == ("mentor", 2, ("IG", "AI tools", "accessibility"))
    assert ben.role == "mentee"
    assert plan.ignored_columns == ["Timestamp", "Notes for the coordinator"]
    # The preview shows each answer as it will be read, not as typed.
    assert (plan.preview[0]["role"], plan.preview[0]["offers"]) == ("mentor", "IG; AI tools; accessibility")


@pytest.mark.parametrize(
    ("typed", "role"),
    [
        ("Reverse mentor (junior)", "mentor"),
        ("Junior colleague", "mentor"),
        ("MENTOR", "mentor"),
        ("Mentee (senior leader)", "mentee"),
        ("Senior", "mentee"),
        # mentee is tested first: a senior asking for a reverse mentor is a mentee.
        ("I'd like a reverse mentor (I'm a senior manager)", "mentee"),
        ("Reverse mentee", "mentee"),
    ],
)
def test_roles_in_words(typed: str, role: str) -> None:
    assert parse_participant({"name": "A", "email": "a@example.org", "role": typed}).role == role


@pytest.mark.parametrize(
    ("field", "typed", "value"),
    [
        ("format", "Either is fine", "either"),
        ("format", "Don't mind", "either"),
        ("format", "Online (Teams)", "remote"),
        ("format", "Face-to-face please", "in person"),
        ("format", "In person or online", "either"),
        ("focus", "Technology (digital skills)", "technology"),
        ("focus", "Social values and culture", "social values"),
        ("focus", "A mix of both", "both"),
    ],
)
def test_focus_and_format_in_words(field: str, typed: str, value: str) -> None:
    fields = {"name": "A", "email": "a@example.org", "role": "mentor", field: typed}
    assert getattr(parse_participant(fields), field) == value


def test_an_answer_that_cannot_be_mapped_names_the_line_and_the_answers_we_accept() -> None:
    plan = plan_import(form_csv(answers(), answers("Not sure yet", "ben@example.org")), [])
    assert [(e.line, e.field) for e in plan.errors] == [(3, "role")]
    message = plan.errors[0].message
    assert message.startswith("'Not sure yet' is not a role; use mentor or mentee")
    assert "'mentee' or 'senior'" in message and "'mentor' or 'junior'" in message


def test_overrides_win_and_name_their_reason() -> None:
    header = ["Email", "Name", "Role", "Notes for the coordinator", "What would you like to learn?"]
    proposals, problems = propose_mapping(
        header, overrides={"notes for the coordinator": "wants", "What would you like to learn?": "ignore"}
    )
    assert problems == []
    by_header = {p.header: (p.field, p.reason) for p in proposals}
    assert by_header["Notes for the coordinator"] == ("wants", "as you mapped it")
    assert by_header["What would you like to learn?"] == (None, "as you mapped it")


@pytest.mark.parametrize(
    ("overrides", "problem"),
    [
        ({"Favourite colour": "wants"}, "--map names 'Favourite colour', which is not a column of this file"),
        (
            {"Email": "name", "Role": "name"},
            "two columns are read as name, 'Email' and 'Role'; read one as another field with --map \"HEADER=field\"",
        ),
    ],
)
def test_an_override_that_cannot_apply_is_a_problem(overrides: dict[str, str], problem: str) -> None:
    _, problems = propose_mapping(["Email", "Name", "Role"], overrides=overrides)
    assert [p[: len(problem)] for p in problems] == [problem]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Pay band", "'Pay band' is not HEADER=field"),
        ("=grade", "'=grade' is not HEADER=field"),
        ("Pay band=salary", "'salary' is not a field; use one of: name, email"),
    ],
)
def test_a_malformed_map_option_names_the_fix(text: str, message: str) -> None:
    with pytest.raises(ValidationError) as raised:
        parse_overrides([text])
    assert message in str(raised.value)


def test_a_header_with_equals_signs_splits_at_the_last_one() -> None:
    assert parse_overrides(["Is 1+1=2? =ignore", "Pay band = Grade"]) == {"Is 1+1=2?": "ignore", "Pay band": "grade"}


# --- the command line, and the mapping kept with the cohort ------------------------------------------------------


def stored_mapping(path: Path) -> object:
    return json.loads(path.read_text(encoding="utf-8"))["cohort"]["1"].get(MAPPING_KEY)


@pytest.mark.parametrize("sample", ["signup_form.csv", "signup_form.xlsx"])
def test_the_sign_up_sample_imports_with_no_options(sample: str, tmp_path: Path, rmtui: Callable[..., Result]) -> None:
    db = tmp_path / "cohort.json"
    dry = rmtui("--db", db, "import", SAMPLES / sample, "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "'Pay band (1-10)' → grade (mentions 'pay band')" in dry.output
    assert "'What could you teach a senior colleague?' → offers (mentions 'teach')" in dry.output
    assert "'Your line manager's email' → reports_to" in dry.output
    assert not db.exists()
    result = rmtui("--db", db, "import", SAMPLES / sample)
    assert result.exit_code == 0, result.output
    with CohortStore.open(db, read_only=True) as store:
        people = {p.name: p for p in list_participants(store)}
    assert len(people) == 10
    assert people["Nadia Kowalski"].offers == ("IG", "pay transparency", "AI tools", "accessibility")
    assert people["Grace Obi"].role == "mentee" and people["Maya Lindqvist"].role == "mentor"
    assert people["Jordan Mills"].format == "remote" and people["Amira Haddad"].format == "either"
    assert check_cohort(db) == []


def test_map_overrides_and_is_reused_next_time(tmp_path: Path, rmtui: Callable[..., Result]) -> None:
    db = tmp_path / "cohort.json"
    first = tmp_path / "first.csv"
    first.write_bytes(form_csv(answers(notes="Sales")))
    result = rmtui("--db", db, "import", first, "--map", "Notes for the coordinator=department")
    assert result.exit_code == 0, result.output
    assert stored_mapping(db)["notesforthecoordinator"] == "department"  # type: ignore[index]
    second = tmp_path / "second.csv"
    second.write_bytes(form_csv(answers(email="ben@example.org", notes="Finance")))
    again = rmtui("--db", db, "import", second)
    assert again.exit_code == 0, again.output
    assert "'Notes for the coordinator' → department (as mapped at the last import)" in again.output
    with CohortStore.open(db, read_only=True) as store:
        assert {p.email: p.department for p in list_participants(store)} == {
            "ana@example.org": "Sales",
            "ben@example.org": "Finance",
        }
    assert check_cohort(db) == []


def test_without_a_role_column_the_error_says_how_to_map_one(
    tmp_path: Path, rmtui: Callable[..., Result], failed_cleanly: Callable[[Result], bool]
) -> None:
    path = tmp_path / "form.csv"
    path.write_bytes(form_csv(["ana@example.org", "Ana", "keen"], header=["Email", "Name", "How do you feel?"]))
    result = rmtui("--db", tmp_path / "cohort.json", "import", path)
    assert failed_cleanly(result)
    assert (
        "there is no 'role' column; add one headed role, or read a column as role with --map \"HEADER=field\""
        in result.output
    )
    fixed = rmtui("--db", tmp_path / "cohort.json", "import", path, "--map", "How do you feel?=role", "--dry-run")
    assert "'keen' is not a role" in fixed.output


@pytest.mark.parametrize("skip", [[], ["--skip-invalid"]])
def test_an_unknown_map_header_writes_nothing_even_skipping_invalid_rows(
    skip: list[str], tmp_path: Path, rmtui: Callable[..., Result], failed_cleanly: Callable[[Result], bool]
) -> None:
    db = tmp_path / "cohort.json"
    path = tmp_path / "form.csv"
    path.write_bytes(form_csv(answers()))
    result = rmtui("--db", db, "import", path, "--map", "Pay grade=grade", *skip)
    assert failed_cleanly(result)
    assert "--map names 'Pay grade', which is not a column of this file; its columns are 'Timestamp'" in result.output
    assert not db.exists()


def test_a_bad_map_option_is_a_usage_error(tmp_path: Path, rmtui: Callable[..., Result]) -> None:
    path = tmp_path / "form.csv"
    path.write_bytes(form_csv(answers()))
    result = rmtui("--db", tmp_path / "cohort.json", "import", path, "--map", "Pay band (1-10)=salary")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "'salary' is not a field; use one of:" in result.output


def test_one_bad_answer_imports_nothing_and_keeps_no_mapping(
    tmp_path: Path, rmtui: Callable[..., Result], failed_cleanly: Callable[[Result], bool]
) -> None:
    db = tmp_path / "cohort.json"
    assert rmtui("--db", db, "demo", "--no-open").exit_code == 0
    before = db.read_bytes()
    path = tmp_path / "form.csv"
    path.write_bytes(form_csv(answers(), answers("Not sure yet", "ben@example.org")))
    result = rmtui("--db", db, "import", path)
    assert failed_cleanly(result)
    assert "line 3: role: 'Not sure yet' is not a role" in result.output
    assert db.read_bytes() == before


HOSTILE = [
    *MARKUP[:4], *FORMULAS[6:9], "x" * LONG, '=HYPERLINK("https://evil.example","click")' * 200, "\x1b[31mred",
]  # fmt: skip


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_a_hostile_header_is_named_briefly_and_ignored(text: str, tmp_path: Path, rmtui: Callable[..., Result]) -> None:
    db = tmp_path / "cohort.json"
    path = tmp_path / "form.csv"
    path.write_bytes(form_csv([*answers(), "x"], header=[*FORM_HEADER, text]))
    result = rmtui("--db", db, "import", path)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert max(len(line) for line in result.output.splitlines()) < 400
    assert check_cohort(db) == []


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_a_hostile_answer_fails_cleanly_and_writes_nothing(
    text: str, tmp_path: Path, rmtui: Callable[..., Result], failed_cleanly: Callable[[Result], bool]
) -> None:
    db = tmp_path / "cohort.json"
    path = tmp_path / "form.csv"
    path.write_bytes(form_csv(answers(), answers(text, "ben@example.org")))
    result = rmtui("--db", db, "import", path)
    assert failed_cleanly(result)
    assert "line 3: role:" in result.output
    assert max(len(line) for line in result.output.splitlines()) < 400
    assert not db.exists()


def test_a_hostile_map_option_is_refused_briefly(tmp_path: Path, rmtui: Callable[..., Result]) -> None:
    path = tmp_path / "form.csv"
    path.write_bytes(form_csv(answers()))
    result = rmtui("--db", tmp_path / "cohort.json", "import", path, "--map", "[bold]x[/]=" + "=1+1" * LONG)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert max(len(line) for line in result.output.splitlines()) < 400


def test_a_workbook_with_question_headers_imports(tmp_path: Path) -> None:
    raw = rows_to_xlsx([FORM_HEADER, answers()], "Form1")
    plan = plan_import(raw, [])
    assert plan.errors == [] and plan.additions[0].role == "mentor"


@pytest.mark.parametrize(
    ("stored", "finding"),
    [
        ({"paygrade": "salary"}, "'salary' for 'paygrade' is not a field"),
        ({"Pay Grade": "grade"}, "header 'Pay Grade' is not in its compared form"),
        ({"x" * 300: "grade"}, "is 300 characters long"),
        (["grade"], "is not a record of header → field"),
    ],
)
def test_check_finds_a_damaged_mapping_and_import_refuses_it(
    stored: object, finding: str, tmp_path: Path, rmtui: Callable[..., Result], failed_cleanly: Callable[[Result], bool]
) -> None:
    db = tmp_path / "cohort.json"
    assert rmtui("--db", db, "demo", "--no-open").exit_code == 0
    tables = json.loads(db.read_text(encoding="utf-8"))
    tables["cohort"]["1"][MAPPING_KEY] = stored
    db.write_text(json.dumps(tables), encoding="utf-8")
    findings = check_cohort(db)
    assert len(findings) == 1 and finding in findings[0] and findings[0].startswith("column mapping: ")
    before = db.read_bytes()
    path = tmp_path / "form.csv"
    path.write_bytes(form_csv(answers(email="new.person@example.org")))
    result = rmtui("--db", db, "import", path)
    assert failed_cleanly(result)
    assert "The cohort's column mapping is damaged" in result.output
    assert db.read_bytes() == before


def test_our_own_column_names_are_not_remembered(tmp_path: Path, rmtui: Callable[..., Result]) -> None:
    db = tmp_path / "cohort.json"
    assert rmtui("--db", db, "import", SAMPLES / "demo_roster.csv").exit_code == 0
    assert stored_mapping(db) is None
    assert rmtui("--db", db, "import", SAMPLES / "signup_form.csv").exit_code == 0
    remembered = stored_mapping(db)
    assert remembered["payband(110)"] == "grade" and remembered["timestamp"] == "ignore"  # type: ignore[index]
    assert "jobtitle" not in remembered  # type: ignore[operator]


@HOSTILE_SETTINGS
@given(
    headers=st.lists(hostile, max_size=8),
    overrides=st.dictionaries(hostile, st.sampled_from(["grade", "ignore"]), max_size=2),
)
def test_any_headers_get_one_column_per_field_and_a_mapping_check_accepts(
    headers: list[str], overrides: dict[str, str]
) -> None:
    from rmtui.core.roster.mapping import parse_column_mapping, remembered_mapping

    proposals, problems = propose_mapping(headers, overrides=overrides)
    fields = [p.field for p in proposals if p.field is not None]
    assert len(fields) == len(set(fields))
    assert all(len(p.describe()) < 400 for p in proposals) and all(len(problem) < 2_000 for problem in problems)
    parse_column_mapping(remembered_mapping(proposals))
