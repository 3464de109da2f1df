"""Check-ins: the schedule of points, validation of the answers, the final check-in's end-of-term answers,
and each answer kept as given: never replaced, only voided by the coordinator with a reason."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from rmtui.core.errors import RmtuiError, ValidationError
from rmtui.core.goals import add_goal, start_goal_sheet
from rmtui.core.matching import Pair, confirm_proposal, match_context, pairs_by_id, propose
from rmtui.core.report import alerts, evaluate, headline, load_programme
from rmtui.core.roster import add_participant
from rmtui.core.sessions import (
    DEFAULT_CHECKPOINTS,
    Answered,
    Void,
    answered_check_ins,
    check_in_schedule,
    checkpoint_date,
    list_check_ins,
    list_voided_check_ins,
    load_checkpoints,
    parse_check_in,
    parse_checkpoints,
    record_check_in,
    save_checkpoints,
    void_check_in,
)
from rmtui.core.store import PAIRS, CohortSettings, CohortStore

TODAY = date(2026, 3, 16)
START = date(2026, 1, 31)
GOOD = {"satisfaction": "4", "fit": "good", "safety": 5}
FINAL = {**GOOD, "doing_differently": "I ask the team before deciding", "take_part_again": "yes", "recommend": "9"}


@pytest.fixture
def store(tmp_path: Path) -> Iterator[CohortStore]:
    """A cohort starting 31 January with one pair: Ana mentors Ben."""
    opened = CohortStore.open(tmp_path / "cohort.json", today=lambda: TODAY)
    opened.save_settings(CohortSettings("Test", START))
    add_participant(opened, {"name": "Ana Silva", "email": "ana@x.org", "role": "mentor"})
    add_participant(opened, {"name": "Ben Okafor", "email": "ben@x.org", "role": "mentee"})
    opened.table(PAIRS).insert(Pair("ana@x.org", "ben@x.org", confirmed_on=START).to_doc())
    yield opened
    opened.close()


def test_the_default_points_fall_at_week_4_month_3_and_month_5_month_end_safe(store: CohortStore) -> None:
    assert load_checkpoints(store) == DEFAULT_CHECKPOINTS
    assert check_in_schedule(store.settings(), DEFAULT_CHECKPOINTS) == [
        ("week 4", date(2026, 2, 28)), ("month 3", date(2026, 4, 30)), ("month 5", date(2026, 6, 30)),
    ]  # fmt: skip
    assert checkpoint_date(date(2024, 1, 31), "month 1") == date(2024, 2, 29)


def test_the_coordinator_sets_the_points_validated_and_sorted(store: CohortStore) -> None:
    assert save_checkpoints(store, ["Month 4", "week2", "month 1"]) == ("week 2", "month 1", "month 4")
    assert load_checkpoints(store) == ("week 2", "month 1", "month 4")
    with pytest.raises(ValidationError) as raised:
        parse_checkpoints(["fortnight 1", "month 7", "week 4", "month 1"], CohortSettings("Test", date(2026, 2, 1)))
    messages = {e.field: e.message for e in raised.value.errors}
    assert "write 'week 4' or 'month 3'" in messages["check_in_points[1]"]
    assert "after the term ends" in messages["check_in_points[2]"]
    assert "same day as another point" in messages["check_in_points[4]"]
    with pytest.raises(ValidationError, match="at least one point"):
        save_checkpoints(store, [])


def test_a_check_in_is_saved_with_the_point_spelled_as_the_cohort_does(store: CohortStore) -> None:
    first = record_check_in(store, "ana@x.org", "Week4", {**GOOD, "comment": "Going well", "comment_private": "yes"})
    assert (first.checkpoint, first.pair_id, first.done_on, first.comment_private) == ("week 4", 1, TODAY, True)
    assert [c for c in list_check_ins(store, "ana@x.org") if c.checkpoint == "week 4"] == [first]
    assert not [c for c in list_check_ins(store, "ana@x.org") if c.checkpoint == "month 3"]


def test_a_saved_check_in_is_never_replaced(store: CohortStore) -> None:
    # The overwrite found in pair mode: the partner turns the mentor's "safe to speak" of 1 into 5.
    first = record_check_in(store, "ana@x.org", "week 4", {**GOOD, "safety": "1"})
    writes, before = store.write_count, store.path.read_bytes()
    with pytest.raises(RmtuiError) as refused:
        record_check_in(store, "ana@x.org", "Week 4", {**GOOD, "safety": "5"})
    assert str(refused.value) == (
        "Ana Silva already answered the week 4 check-in on 16 Mar 2026; ask the coordinator if it must be voided."
    )
    assert list_check_ins(store, "ana@x.org") == [first] and first.safety == 1
    assert store.write_count == writes and store.path.read_bytes() == before
    # Each answer is the person's own: the partner still answers the same point.
    assert record_check_in(store, "ben@x.org", "week 4", GOOD).email == "ben@x.org"


@pytest.mark.parametrize("reason", ["", "   ", "bell\x07", "x" * 201])
def test_voiding_needs_a_reason(store: CohortStore, reason: str) -> None:
    record_check_in(store, "ana@x.org", "week 4", GOOD)
    before = store.path.read_bytes()
    with pytest.raises(ValidationError) as raised:
        void_check_in(store, "ana@x.org", "week 4", reason)
    assert "say briefly why" in (raised.value.for_field("reason") or "")
    assert len(list_check_ins(store, "ana@x.org")) == 1 and list_voided_check_ins(store) == []
    assert store.path.read_bytes() == before


def test_a_voided_check_in_leaves_every_figure_and_the_person_may_answer_again(store: CohortStore) -> None:
    record_check_in(store, "ana@x.org", "week 4", {**GOOD, "satisfaction": "5"})
    low = record_check_in(store, "ben@x.org", "week 4", {**GOOD, "satisfaction": "1", "safety": "1"})

    def figures() -> tuple[set[str], float | None, float | None, int]:
        programme = load_programme(store)
        kinds = {a.kind for a in alerts(programme, TODAY) if a.email == "ben@x.org"}
        evaluation = evaluate(programme, TODAY)
        week_4 = next(r for r in evaluation.reaction if r.checkpoint == "week 4")
        satisfaction = headline(programme, TODAY).satisfaction.value
        return kinds, satisfaction, week_4.safety.value, evaluation.headline.check_ins_answered.part

    assert figures() == ({"low satisfaction", "low safety"}, 3.0, 3.0, 2)
    assert void_check_in(store, "ben@x.org", "Week 4", "  answered by   the partner ") == low
    # Out of every figure: due and unanswered again (overdue by now), so the coordinator chases it.
    assert figures() == ({"check-in overdue"}, 5.0, 5.0, 1)
    assert list_check_ins(store, "ben@x.org") == [] and answered_check_ins(store, 1) == [
        Answered("ana@x.org", "mentor", "week 4", TODAY)
    ]
    # Kept for the record: who voided it, when and why.
    assert list_voided_check_ins(store) == [(low, Void(TODAY, "the coordinator", "answered by the partner"))]
    again = record_check_in(store, "ben@x.org", "week 4", GOOD)
    assert list_check_ins(store, "ben@x.org") == [again] and figures()[0] == set()


def test_voiding_names_the_coordinator_and_refuses_what_is_not_there(store: CohortStore) -> None:
    store.save_settings(CohortSettings("Test", START, coordinator="Amira Haddad"))
    record_check_in(store, "ana@x.org", "week 4", GOOD)
    void_check_in(store, "ana@x.org", "week 4", "typed by Ben")
    assert [void.voided_by for _, void in list_voided_check_ins(store)] == ["Amira Haddad"]
    with pytest.raises(RmtuiError, match="Ana Silva has no week 4 check-in that counts; nothing was voided"):
        void_check_in(store, "ana@x.org", "week 4", "again")
    with pytest.raises(ValidationError, match="week 4, month 3, month 5"):
        void_check_in(store, "ana@x.org", "month 2", "no such point")


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"satisfaction": "0"}, "satisfaction", "from 1 to 5"),
        ({"satisfaction": ""}, "satisfaction", "from 1 to 5"),
        ({"safety": "6"}, "safety", "from 1 to 5"),
        ({"fit": "meh"}, "fit", "good, unsure, not working"),
        ({"comment": "x" * 2001}, "comment", "keep it to 2,000"),
    ],
)
def test_invalid_answers_name_the_field(store: CohortStore, change: dict[str, object], field: str, words: str) -> None:
    with pytest.raises(ValidationError) as raised:
        record_check_in(store, "ana@x.org", "week 4", {**GOOD, **change})
    assert words in (raised.value.for_field(field) or "")
    assert list_check_ins(store) == []


def test_an_unknown_point_is_refused(store: CohortStore) -> None:
    with pytest.raises(ValidationError, match="week 4, month 3, month 5"):
        record_check_in(store, "ana@x.org", "month 2", GOOD)


def test_not_working_is_an_accepted_fit(store: CohortStore) -> None:
    assert record_check_in(store, "ben@x.org", "month 3", {**GOOD, "fit": "not_working"}).fit == "not working"


def test_the_final_check_in_asks_for_the_end_of_term_answers(store: CohortStore) -> None:
    start_goal_sheet(store, 1)
    mine = add_goal(store, 1, "mentee", {"title": "Use the team chat"})
    theirs = add_goal(store, 1, "mentor", {"title": "Present to the board"})
    with pytest.raises(ValidationError) as raised:
        record_check_in(store, "ben@x.org", "month 5", {**GOOD, "recommend": "11", "goal_ratings": {theirs.goal_id: 3}})
    fields = {e.field for e in raised.value.errors}
    assert fields == {"take_part_again", "recommend", f"goal_ratings[{theirs.goal_id}]"}
    final = record_check_in(store, "ben@x.org", "month 5", {**FINAL, "goal_ratings": {mine.goal_id: "4"}})
    assert (final.goal_ratings, final.take_part_again, final.recommend) == (((mine.goal_id, 4),), "yes", 9)
    assert final.doing_differently == "I ask the team before deciding"
    # Earlier points ignore the end-of-term fields.
    assert record_check_in(store, "ben@x.org", "week 4", FINAL).recommend is None
    assert list_check_ins(store, "ben@x.org")[-1] == final or final in list_check_ins(store, "ben@x.org")


def test_a_mentor_with_two_mentees_rates_the_goals_of_the_pair_they_check_in_about(tmp_path) -> None:
    path = tmp_path / "two.json"
    with CohortStore.open(path, today=lambda: TODAY) as store:
        for name, email, role, grade in (("Ana", "ana@x.org", "mentor", 1), ("Ben", "ben@x.org", "mentee", 5),
                                         ("Cy", "cy@x.org", "mentee", 5)):  # fmt: skip
            add_participant(store, {"name": name, "email": email, "role": role, "grade": str(grade), "capacity": "2"})
        confirm_proposal(store, propose(match_context(store)))
        pairs = {p.mentee: i for i, p in pairs_by_id(store).items()}
        for mentee in ("ben@x.org", "cy@x.org"):
            start_goal_sheet(store, pairs[mentee], "technology")
            add_goal(store, pairs[mentee], "mentor", {"title": f"Goal with {mentee}", "start_rating": "2"})
        final = load_checkpoints(store)[-1]
        answers = {"satisfaction": "4", "fit": "good", "safety": "5", "take_part_again": "yes", "recommend": "9"}
        # Goal 1 exists on both sheets: the rating must land on the pair the answers are about.
        second = record_check_in(store, "ana@x.org", final, {**answers, "goal_ratings": {"1": "5"}}, pairs["cy@x.org"])
        first = record_check_in(store, "ana@x.org", final, {**answers, "goal_ratings": {"1": "3"}}, pairs["ben@x.org"])
        assert (second.pair_id, second.goal_ratings) == (pairs["cy@x.org"], ((1, 5),))
        assert (first.pair_id, first.goal_ratings) == (pairs["ben@x.org"], ((1, 3),))
        assert len([c for c in list_check_ins(store, "ana@x.org") if c.checkpoint == final]) == 2
        with pytest.raises(RmtuiError, match="is not in active pair"):
            record_check_in(store, "ben@x.org", final, answers, pairs["cy@x.org"])
        with pytest.raises(RmtuiError, match="about 2 pairs; say which pair"):
            void_check_in(store, "ana@x.org", final, "rated the wrong goal")
        assert void_check_in(store, "ana@x.org", final, "rated the wrong goal", pairs["cy@x.org"]) == second
        assert [c.pair_id for c in list_check_ins(store, "ana@x.org") if c.checkpoint == final] == [pairs["ben@x.org"]]


def test_a_goal_rated_twice_under_two_spellings_is_refused() -> None:
    fields = {"satisfaction": "4", "fit": "good", "safety": "4", "take_part_again": "yes", "recommend": "8",
              "goal_ratings": {"1": "4", "01": "5"}}  # fmt: skip
    with pytest.raises(ValidationError, match=r"goal_ratings\[01\]: repeats a goal already rated"):
        parse_check_in(fields, email="ana@x.org", checkpoint="month 5", final=True, today=TODAY, own_goal_ids={1})
