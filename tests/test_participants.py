"""Validation of everything typed or imported about a participant."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rmtui.core.errors import ValidationError
from rmtui.core.roster import Participant, form_fields, parse_participant, split_list
from rmtui.core.text import one_line


def person(**overrides: object) -> dict[str, object]:
    """The fields of a valid mentor, with some replaced."""
    return {"name": "Ana Silva", "email": "ana.silva@example.org", "role": "mentor", **overrides}


def invalid(**overrides: object) -> ValidationError:
    """The ValidationError raised for a person with these fields."""
    with pytest.raises(ValidationError) as caught:
        parse_participant(person(**overrides))
    return caught.value


# --- every error names the field and a fix ---------------------------------


@pytest.mark.parametrize(
    ("overrides", "field", "fix"),
    [
        ({"name": ""}, "name", "is required"),
        ({"name": "   "}, "name", "is required"),
        ({"email": ""}, "email", "is required, like ana.silva@example.org"),
        ({"email": "ana.silva"}, "email", "write it like ana.silva@example.org"),
        ({"email": "ana@@example.org"}, "email", "write it like ana.silva@example.org"),
        ({"email": "ana silva@example.org"}, "email", "write it like ana.silva@example.org"),
        ({"role": ""}, "role", "mentor (the junior partner) or mentee (the senior partner)"),
        ({"role": "boss"}, "role", "use mentor or mentee, or words with"),
        ({"grade": "three"}, "grade", "must be a whole number, like 3"),
        ({"grade": "3.5"}, "grade", "must be a whole number, like 3"),
        ({"capacity": "lots"}, "capacity", "must be a whole number, like 1"),
        ({"capacity": "0"}, "capacity", "must be between 1 and 10 mentees, like 1"),
        ({"capacity": "11"}, "capacity", "must be between 1 and 10 mentees, like 1"),
        ({"reports_to": "my boss"}, "reports_to", "give the manager's email or leave it empty"),
        ({"reports_to": "ANA.SILVA@example.org"}, "reports_to", "give their manager's email"),
        ({"focus": "finance"}, "focus", "use technology, social values or both"),
        ({"format": "carrier pigeon"}, "format", "use in person, remote or either"),
        ({"status": "sacked"}, "status", "use one of: active, withdrawn, left organisation"),
        ({"status_date": "16/03/2026"}, "status_date", "use YYYY-MM-DD"),
        ({"diversity_consent": "maybe"}, "diversity_consent", "use yes or no"),
        ({"department": "Sales\x00"}, "department", "remove it"),
        ({"offers": ["ok", "bad\x07"]}, "offers", "remove it"),
        ({"wants": [f"topic {n}" for n in range(31)]}, "wants", "keep it to 30"),
    ],
)
def test_error_names_field_and_fix(overrides: dict[str, object], field: str, fix: str) -> None:
    error = invalid(**overrides)
    assert [e.field for e in error.errors] == [field]
    assert fix in error.errors[0].message
    assert str(error).startswith(f"{field}: ")


def test_grade_error_reads_as_the_brief_says() -> None:
    assert invalid(grade="three").for_field("grade") == "must be a whole number, like 3 (got 'three')"


def test_every_bad_field_is_reported_at_once() -> None:
    error = invalid(name="", email="nope", role="boss", grade="x", capacity="99")
    assert {e.field for e in error.errors} == {"name", "email", "role", "grade", "capacity"}
    assert error.for_field("department") is None


# --- roles, emails, numbers -------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "role"),
    [
        ("mentor", "mentor"),
        ("Junior", "mentor"),
        ("reverse mentor", "mentor"),
        ("Reverse-Mentor", "mentor"),
        ("  REVERSE_MENTOR ", "mentor"),
        ("mentee", "mentee"),
        ("SENIOR", "mentee"),
        ("Reverse Mentee", "mentee"),
        ("reverse   mentee", "mentee"),
    ],
)
def test_role_aliases(raw: str, role: str) -> None:
    assert parse_participant(person(role=raw)).role == role


def test_email_is_trimmed_and_lower_cased() -> None:
    parsed = parse_participant(person(email="  Ana.Silva@Example.ORG \t", reports_to=" Boss@Example.org "))
    assert parsed.email == "ana.silva@example.org"
    assert parsed.reports_to == "boss@example.org"


def test_numbers_accept_whitespace_and_ints() -> None:
    parsed = parse_participant(person(grade=" 4 ", capacity=3))
    assert (parsed.grade, parsed.capacity) == (4, 3)
    assert parse_participant(person(grade="")).grade is None


def test_capacity_applies_to_mentors_only() -> None:
    assert parse_participant(person(capacity="4")).capacity == 4
    mentee = parse_participant(person(role="mentee", capacity="4"))
    assert mentee.capacity == 1
    assert parse_participant(form_fields(mentee)) == mentee
    message = invalid(role="mentee", capacity="lots").for_field("capacity")
    assert message == "must be a whole number, like 1 (got 'lots')"


def test_defaults_for_optional_fields() -> None:
    parsed = parse_participant(person())
    assert (parsed.focus, parsed.format, parsed.capacity, parsed.status) == ("both", "either", 1, "active")
    assert parsed.offers == parsed.wants == ()


def test_choice_words_are_forgiving() -> None:
    parsed = parse_participant(person(focus="Tech", format="Face-to-face", status="Left_Organisation"))
    assert (parsed.focus, parsed.format, parsed.status) == ("technology", "in person", "left organisation")


# --- lists -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "items"),
    [
        ("a; b; c", ("a", "b", "c")),
        ("a|b|c", ("a", "b", "c")),
        ("a, b, c", ("a", "b", "c")),
        ("AI, ML; data", ("AI", "ML", "data")),
        ("AI, ML | data", ("AI", "ML", "data")),
        # As people type lists in a sign-up form: every separator, and a final " and ".
        ("IG, pay transparency, AI tools and accessibility", ("IG", "pay transparency", "AI tools", "accessibility")),
        ("Tik Tok / tiktok videos", ("Tik Tok", "tiktok videos")),
        ("Canva / IG and TikTok", ("Canva", "IG", "TikTok")),
        ("A and B and C, D", ("A and B and C", "D")),
        ("Excel, diversity AND inclusion", ("Excel", "diversity", "inclusion")),
        # A lone answer keeps its "and", and only a final one splits; ';' lists (as exported) never split on it.
        ("diversity and inclusion", ("diversity and inclusion",)),
        ("pay and reward; hybrid", ("pay and reward", "hybrid")),
        ("24/7 support, MS Excel", ("24/7 support", "MS Excel")),
        ("a; b | c", ("a", "b", "c")),
        ("a;;  ; b;", ("a", "b")),
        ("Python; python; PYTHON ;Go", ("Python", "Go")),
        ("  spaced    out ; spaced out", ("spaced out",)),
        ("", ()),
        ("solo", ("solo",)),
    ],
)
def test_split_list(raw: str, items: tuple[str, ...]) -> None:
    assert split_list(raw) == items


def test_lists_given_as_lists_split_each_entry_like_a_cell() -> None:
    # An entry is one topic however the list arrived (a JSON roster, a form), so a CSV export reads back the same.
    parsed = parse_participant(person(offers=["a, b", " a, b ", "", "c / d"]))
    assert parsed.offers == ("a", "b", "c", "d")


# --- diversity details need consent -----------------------------------------


@pytest.mark.parametrize("consent", ["yes", "Y", "true", "1", True])
def test_diversity_details_kept_with_consent(consent: object) -> None:
    parsed = parse_participant(person(diversity_consent=consent, generation="Gen Z", under_represented="disability"))
    assert parsed.diversity_consent is True
    assert (parsed.generation, parsed.under_represented) == ("Gen Z", "disability")


@pytest.mark.parametrize("consent", ["no", "N", "false", "0", "", None, False])
def test_diversity_details_dropped_without_consent(consent: object) -> None:
    parsed = parse_participant(person(diversity_consent=consent, generation="Gen Z", under_represented="disability"))
    assert parsed.diversity_consent is False
    assert (parsed.generation, parsed.under_represented) == ("", "")


# --- hostile text ---------------------------------------------------------------


@pytest.mark.parametrize("char", ["\x00", "\x07", "\n", "\r", "\x1b", "\x7f", "\x85", "\x1f"])
def test_control_characters_in_names_are_rejected(char: str) -> None:
    message = invalid(name=f"Eve{char}Smith").for_field("name")
    assert message == f"contains a control character (U+{ord(char):04X}); remove it"


@pytest.mark.parametrize("spaces", ["\t", "\u00a0", "\t\t", " \u00a0 ", "\u2003", "\u202f", "\u3000", "\t\u2009 "])
def test_tabs_and_spaces_of_any_kind_read_as_one_space(spaces: str) -> None:
    parsed = parse_participant(
        person(name=f"Eve{spaces}Smith", department=f"{spaces}Sales{spaces}Ops", generation=f"Gen{spaces}Z",
               diversity_consent="yes")
    )  # fmt: skip
    assert (parsed.name, parsed.department, parsed.generation) == ("Eve Smith", "Sales Ops", "Gen Z")


def test_very_long_name_is_rejected_with_the_limit() -> None:
    assert invalid(name="x" * 10_000).for_field("name") == "is 10,000 characters long; keep it to 200"


def test_name_at_the_limit_is_fine() -> None:
    assert parse_participant(person(name="x" * 200)).name == "x" * 200


@pytest.mark.parametrize("name", ["[bold]Eve[/bold]", "[/]", "[red", "Eve [link=https://x.org]me[/link]", "\\[b]"])
def test_markup_like_names_are_kept_literally(name: str) -> None:
    assert parse_participant(person(name=name)).name == name


# --- stored documents round-trip ----------------------------------------------


def test_doc_round_trip_keeps_everything() -> None:
    original = parse_participant(
        person(
            role="mentee", department="Ops", job_title="Head", grade="7", reports_to="ceo@example.org",
            offers="a; b", wants="c", focus="social", format="remote", status="withdrawn",
            status_date="2026-03-01", diversity_consent="yes", generation="Gen X",
        )
    )  # fmt: skip
    assert Participant.from_doc(original.to_doc()) == original
    assert parse_participant(original.to_doc()) == original
    assert original.status_date == date(2026, 3, 1)


def test_form_fields_parse_back_to_the_same_person() -> None:
    original = parse_participant(
        person(grade="2", offers="x; y", capacity="3", diversity_consent="yes", generation="Z")
    )
    assert parse_participant(form_fields(original)) == original


# --- properties ------------------------------------------------------------------

# Printable text as str.isprintable() defines it: no control, format, surrogate,
# private-use, unassigned or separator characters except the plain space.
printable_chars = st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp", "Zs")) | st.just(" ")
names = st.text(printable_chars, min_size=1, max_size=200).filter(lambda s: s.strip())


@given(name=names)
def test_any_printable_name_round_trips(name: str) -> None:
    assert name.isprintable()
    parsed = parse_participant(person(name=name))
    assert parsed.name == name.strip()
    assert parse_participant(parsed.to_doc()).name == parsed.name


@given(name=st.text(min_size=1, max_size=50))
def test_names_with_control_characters_always_fail(name: str) -> None:
    folded = one_line(name)  # tabs and spaces of every kind are one space; line breaks are not among them
    has_control = any(unicodedata.category(c) == "Cc" for c in folded)
    if has_control:
        with pytest.raises(ValidationError) as caught:
            parse_participant(person(name=name))
        assert "control character" in (caught.value.for_field("name") or "")
    elif folded:
        assert parse_participant(person(name=name)).name == folded
        assert "\t" not in folded and "\u00a0" not in folded


@given(items=st.lists(st.text(printable_chars, max_size=20), max_size=10))
def test_split_list_is_idempotent_and_deduplicated(items: list[str]) -> None:
    once = split_list(items)
    assert split_list(once) == once
    assert len({item.casefold() for item in once}) == len(once)
    assert all(item and item == " ".join(item.split()) for item in once)
