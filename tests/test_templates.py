"""Templates: the built-ins, creating, duplicating and editing, versions, and assigning them to pairs."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from rmtui.core.demo import write_demo
from rmtui.core.errors import RmtuiError, ValidationError
from rmtui.core.goals import (
    BUILT_INS,
    CONFIDENTIAL_SECTIONS,
    NOT_STARTED,
    SECTION_TITLES,
    Template,
    assign_template,
    assign_template_to_active_pairs,
    create_template,
    duplicate_template,
    edit_template,
    get_goal_sheet,
    get_template,
    list_templates,
    parse_template,
    start_goal_sheet,
    template_fields,
)
from rmtui.core.matching import Pair, pairs_by_id
from rmtui.core.store import GOAL_SHEETS, PAIRS, CohortStore

TODAY = date(2026, 3, 16)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[CohortStore]:
    """A cohort with two active pairs and one that ended."""
    opened = CohortStore.open(tmp_path / "cohort.json", today=lambda: TODAY)
    opened.table(PAIRS).insert_multiple([
        Pair("kit@x.org", "boss@x.org", confirmed_on=TODAY).to_doc(),
        Pair("ana@x.org", "cy@x.org", confirmed_on=TODAY).to_doc(),
        Pair("sam@x.org", "di@x.org", "ended", TODAY, TODAY, "left").to_doc(),
    ])  # fmt: skip
    yield opened
    opened.close()


def test_three_built_in_templates_cover_the_eight_ground_rules_with_suggestions_and_guidance(
    store: CohortStore,
) -> None:
    writes = store.write_count
    templates = list_templates(store)
    assert [t.name for t in templates] == [
        "Technology focus",
        "Social values and inclusion focus",
        "General: leadership and culture",
    ]
    assert store.write_count == writes, "built-ins are available without being written"
    for template in templates:
        assert template.built_in and template.version == 1
        assert [s.key for s in template.sections] == list(SECTION_TITLES)
        assert all(s.prompt and s.title for s in template.sections)
        assert template.section("purpose").starter and template.section("confidentiality").starter
        assert [s.key for s in template.sections if s.confidential] == list(CONFIDENTIAL_SECTIONS)
        assert len(template.topics) >= 5
        assert {g.owner for g in template.suggested_goals} == {"mentee", "mentor"}
        assert all(g.title and g.success_measure for g in template.suggested_goals)
        assert any("book the meetings" in line for line in template.mentee_guidance)
        assert any("own decisions" in line for line in template.mentor_guidance)
        assert Template.from_doc(template.to_doc()) == template


def test_a_new_template_gets_every_section_and_a_unique_id(store: CohortStore) -> None:
    created = create_template(
        store, {"name": "  Sales  teams ", "focus": "both", "topics": "Pipelines, forecasts\nCRM tools\n"}
    )
    assert (created.template_id, created.name, created.version, created.built_in) == (
        "sales-teams",
        "Sales teams",
        1,
        False,
    )
    assert created.topics == ("Pipelines, forecasts", "CRM tools")
    assert [s.key for s in created.sections] == list(SECTION_TITLES) and created.mentee_guidance
    assert get_template(store, "sales-teams") == created
    again = create_template(store, {"name": "Sales teams!"})
    assert again.template_id == "sales-teams-2"
    assert [t.template_id for t in list_templates(store)][-2:] == ["sales-teams", "sales-teams-2"]


def test_template_fields_are_validated_naming_each_field(store: CohortStore) -> None:
    with pytest.raises(ValidationError) as raised:
        create_template(store, {
            "name": "",
            "focus": "sport",
            "cadence": "yearly",
            "purpose.prompt": "bell\x07",
            "suggested_goals": [{"owner": "boss", "title": "", "success_measure": ""}],
        })  # fmt: skip
    invalid = raised.value
    assert invalid.for_field("name") == "is required"
    assert "technology, social values, both" in (invalid.for_field("focus") or "")
    assert "weekly, fortnightly, monthly" in (invalid.for_field("cadence") or "")
    assert "control character (U+0007)" in (invalid.for_field("purpose.prompt") or "")
    assert "goal 1: owner 'boss' must be mentee or mentor" in (invalid.for_field("suggested_goals") or "")
    with pytest.raises(ValidationError, match=r"^name: is required$"):
        create_template(store, {"focus": "technology"})
    with pytest.raises(ValidationError, match="name: 'technology focus' is already a template's name"):
        create_template(store, {"name": "technology focus"})
    assert len(list_templates(store)) == 3


def test_a_duplicate_is_a_new_template_and_leaves_the_original_alone(store: CohortStore) -> None:
    copy = duplicate_template(store, "technology")
    assert (copy.name, copy.template_id, copy.version, copy.based_on) == (
        "Copy of Technology focus",
        "copy-of-technology-focus",
        1,
        "technology",
    )
    assert copy.sections == get_template(store, "technology").sections
    assert duplicate_template(store, "technology").name == "Copy 2 of Technology focus"
    assert duplicate_template(store, "technology", "Digital for directors").template_id == "digital-for-directors"
    assert get_template(store, "technology") == BUILT_INS[0]


def test_editing_appends_a_version_and_an_unchanged_edit_writes_nothing(store: CohortStore) -> None:
    fields = template_fields(get_template(store, "social-values"))
    assert parse_template(fields, get_template(store, "social-values")) == get_template(store, "social-values")
    writes = store.write_count
    assert edit_template(store, "social-values", fields).version == 1
    assert store.write_count == writes
    edited = edit_template(store, "social-values", {"purpose.starter": "To listen first.", "place": "the roof garden"})
    assert (edited.version, edited.section("purpose").starter, edited.place) == (
        2,
        "To listen first.",
        "the roof garden",
    )
    assert edit_template(store, "social-values", {"name": "Values and inclusion"}).version == 3
    assert get_template(store, "social-values").name == "Values and inclusion"
    assert get_template(store, "social-values", 1) == BUILT_INS[1]
    assert get_template(store, "social-values", 2).section("purpose").starter == "To listen first."
    with pytest.raises(RmtuiError, match="has no version 7; its newest is 3"):
        get_template(store, "social-values", 7)
    with pytest.raises(RmtuiError, match="no template 'nope'"):
        edit_template(store, "nope", {})


def test_a_started_sheet_keeps_its_template_version_after_an_edit(store: CohortStore) -> None:
    started = start_goal_sheet(store, 1, "technology")
    edit_template(store, "technology", {"purpose.starter": "A new purpose.", "place": "online"})
    kept = get_goal_sheet(store, 1)
    assert kept == started
    assert (kept.template_version, kept.place) == (1, "off site")
    later = start_goal_sheet(store, 2, "technology")
    assert (later.template_version, later.purpose, later.place) == (2, "A new purpose.", "online")


def test_assigning_to_one_pair_is_refused_once_its_sheet_has_started(store: CohortStore) -> None:
    assert assign_template(store, 1, "technology").state == NOT_STARTED
    assert start_goal_sheet(store, 1).template_id == "technology"
    with pytest.raises(RmtuiError, match="already started from 'Technology focus' version 1, which it keeps"):
        assign_template(store, 1, "social-values")
    with pytest.raises(RmtuiError, match="has ended"):
        assign_template(store, 3, "social-values")
    with pytest.raises(RmtuiError, match="no template 'nope'"):
        assign_template(store, 2, "nope")


def test_assigning_to_every_active_pair_is_one_write_and_keeps_started_sheets(tmp_path: Path) -> None:
    path = tmp_path / "cohort.json"
    write_demo(path, today=TODAY)
    with CohortStore.open(path, today=lambda: TODAY) as store:
        active = list(pairs_by_id(store, active_only=True))
        assert len(active) == 16
        first = active[0]
        # The demo as it was before pairs 4 onwards were given a template; its first three started theirs.
        store.table(GOAL_SHEETS).remove(doc_ids=active[3:])
        if (get_goal_sheet(store, first) or assign_template(store, first, "technology")).state == NOT_STARTED:
            start_goal_sheet(store, first, "technology")
        first_template = get_goal_sheet(store, first).template_id
        started = {p for p in active if (sheet := get_goal_sheet(store, p)) and sheet.state != NOT_STARTED}
        writes = store.write_count
        result = assign_template_to_active_pairs(store, "social-values")
        assert store.write_count == writes + 1
        assert set(result.kept) == started and set(result.assigned) == set(active) - started
        assert all(get_goal_sheet(store, p).template_id == "social-values" for p in result.assigned)
        assert get_goal_sheet(store, first).template_id == first_template
