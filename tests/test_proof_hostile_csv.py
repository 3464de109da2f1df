"""Proof (issue 7): roster CSV import and the CSV exports, fed hostile and odd input.

An import never crashes, names the line of every problem (the header is line 1), and, when it
is refused, writes nothing. Exports neutralise every cell a spreadsheet would run as a formula,
and a roster export imports back to exactly the same people.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from ftfy import fix_encoding
from hostile_input import FORMULAS, HOSTILE, anything, tame
from hypothesis import given
from hypothesis import strategies as st

from rmtui.cli.commands import main
from rmtui.core.errors import ValidationError
from rmtui.core.roster import EXPORT_HEADERS as ROSTER_HEADERS
from rmtui.core.roster import (
    Participant,
    form_fields,
    list_participants,
    parse_participant,
    plan_import,
    roster_to_csv,
)
from rmtui.core.sessions import EXPORT_HEADERS, sessions_to_csv
from rmtui.core.store import CohortSettings, CohortStore

# Minutes of kills, faults or hostile input: left out of the quick loop (pytest -m 'not slow').
pytestmark = pytest.mark.slow

TODAY = date(2026, 3, 16)
# What a spreadsheet runs as a formula when a cell starts with it.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
HEADER = ["name", "email", "role", "department", "offers"]
SERIAL = itertools.count(1)


def good_row() -> list[str]:
    """A valid row with an email no other row has."""
    return [f"Good {next(SERIAL)}", f"good{next(SERIAL)}@x.org", "mentor", "Sales", "Excel; SQL"]


def csv_text(rows: list[list[str]]) -> str:
    """Rows written as a spreadsheet would save them (quoted where needed)."""
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def physical_lines(text: str) -> int:
    """How many lines a text spans, counting the line breaks the csv module counts."""
    return len(re.findall(r"\r\n|\r|\n", text))


hostile_row = st.lists(anything, min_size=1, max_size=len(HEADER) + 1)


@HOSTILE
@given(raw=st.one_of(st.binary(max_size=3000), st.lists(hostile_row, max_size=6).map(csv_text).map(str.encode)))
def test_any_file_is_planned_without_a_crash_and_every_problem_names_a_line(raw: bytes) -> None:
    plan = plan_import(raw, [])
    lines = physical_lines(raw.decode("utf-8", "replace")) + 2
    assert all(1 <= error.line <= lines and error.field and error.message for error in plan.errors)
    # No row is dropped silently: each row read is either valid or has its own line among the errors.
    row_errors = {error.line for error in plan.errors if error.field not in {"file", "header"}}
    assert plan.valid_count + len(row_errors) == plan.rows_read


@HOSTILE
@given(before=st.integers(0, 3), after=st.integers(1, 2), cells=hostile_row)
def test_a_hostile_row_is_reported_on_its_own_line_and_the_good_rows_still_validate(
    before: int, after: int, cells: list[str]
) -> None:
    good = [good_row() for _ in range(before + after)]
    raw = csv_text([HEADER, *good[:before], cells, *good[before:]]).encode()
    plan = plan_import(raw, [])
    line = 2 + before  # the header is line 1, and each good row takes one line
    assert {error.line for error in plan.errors} <= {line}
    assert all(error.field in HEADER for error in plan.errors), plan.errors
    names = [person.name for person in plan.additions]
    assert [row[0] for row in good] == [name for name in names if name.startswith("Good ")]


def test_an_unclosed_quote_in_a_big_file_is_reported_on_its_line_not_a_crash() -> None:
    # The quote swallows the rest of the file into one cell, past the csv module's 128 KiB field limit.
    raw = csv_text([HEADER, good_row()]) + '"Ana,ana@x.org,mentor\r\n' + csv_text([good_row() for _ in range(6000)])
    plan = plan_import(raw.encode(), [])
    assert [(error.line, error.field) for error in plan.errors] == [(3, "file")]
    assert "never closed" in plan.errors[0].message


@pytest.fixture(scope="module")
def cohort_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cohort file with settings and nobody on the roster yet."""
    path = tmp_path_factory.mktemp("import") / "cohort.json"
    with CohortStore.open(path, today=lambda: TODAY) as store:
        store.save_settings(CohortSettings("Import", date(2026, 1, 5)))
    return path


@HOSTILE
@given(cells=hostile_row)
def test_rmtui_import_of_a_file_with_a_hostile_row_writes_nothing_and_names_its_line(
    cohort_file: Path, cells: list[str]
) -> None:
    csv_file = cohort_file.with_name("roster.csv")
    csv_file.write_text(csv_text([HEADER, good_row(), cells]), encoding="utf-8", newline="")
    before = cohort_file.read_bytes()
    with CohortStore.open(cohort_file, read_only=True) as store:
        people = len(list_participants(store))
    result = CliRunner().invoke(main, ["--db", str(cohort_file), "import", str(csv_file)], env={"RMTUI_DB": ""})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    if result.exit_code != 0:
        assert "line 3:" in result.output and "Nothing was imported" in result.output
        assert cohort_file.read_bytes() == before
    else:
        with CohortStore.open(cohort_file, read_only=True) as store:
            assert len(list_participants(store)) in {people + 1, people + 2}


def people_from(typed: list[dict[str, str]]) -> list[Participant]:
    """The typed-in people the participant form accepts, each with their own email."""
    people = []
    for number, fields in enumerate(typed):
        try:
            people.append(parse_participant({**fields, "email": f"p{number}@x.org"}))
        except ValidationError:
            continue
    return people


formula_text = st.tuples(st.sampled_from(FORMULAS), tame).map("".join)
odd_text = st.one_of(formula_text, tame, st.just(""))
person = st.fixed_dictionaries(
    {"role": st.sampled_from(["mentor", "mentee"])}
    | dict.fromkeys(("name", "department", "job_title", "offers", "wants"), odd_text)
)


@HOSTILE
@given(typed=st.lists(person, min_size=1, max_size=5))
def test_a_roster_export_neutralises_formulas_and_imports_back_to_the_same_people(typed: list[dict[str, str]]) -> None:
    people = people_from(typed)
    exported = roster_to_csv(people, bom=False)
    rows = list(csv.reader(io.StringIO(exported, newline="")))
    assert rows[0] == list(ROSTER_HEADERS) and len(rows) == len(people) + 1
    for participant, row in zip(people, rows[1:], strict=True):
        assert not any(cell.startswith(FORMULA_STARTS) for cell in row), row
        for field in ("name", "department", "job_title"):
            value = getattr(participant, field)
            expected = "'" + value if value.lstrip("'").startswith(FORMULA_STARTS) else value
            assert row[ROSTER_HEADERS.index(field)] == expected
    plan = plan_import(exported.encode(), [])
    # Text ftfy reads as mojibake is named and never imported silently; everyone else imports back exactly.
    garbled = {line for line, participant in enumerate(people, start=2) if any(
        fix_encoding(text) != text for text in (*form_fields(participant).values(),)
    )}  # fmt: skip
    assert plan.additions == [p for line, p in enumerate(people, start=2) if line not in garbled]
    assert {e.line for e in plan.errors if "looks garbled" in e.message} == garbled
    # A file of only a header is refused as having no rows, rightly.
    assert all("looks garbled" in e.message for e in plan.errors) or not people


session_value = st.one_of(
    anything,
    formula_text,
    st.integers(),
    st.none(),
    st.lists(odd_text, max_size=3),
    st.dictionaries(odd_text, odd_text, max_size=2),
)


@HOSTILE
@given(rows=st.lists(st.fixed_dictionaries(dict.fromkeys(EXPORT_HEADERS, session_value)), max_size=4))
def test_a_session_export_neutralises_every_formula_cell(rows: list[dict[str, object]]) -> None:
    exported = list(csv.reader(io.StringIO(sessions_to_csv(rows), newline="")))
    assert exported[0] == list(EXPORT_HEADERS) and len(exported) == len(rows) + 1
    for row, cells in zip(rows, exported[1:], strict=True):
        assert not any(cell.startswith(FORMULA_STARTS) for cell in cells), cells
        for name, cell in zip(EXPORT_HEADERS, cells, strict=True):
            if isinstance(row[name], str):
                assert cell in {row[name], "'" + row[name]}
