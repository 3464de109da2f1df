"""The evaluation's figures, checked against a small cohort worked out by hand."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from rmtui.core.report import (
    KEPT_PACE,
    SLIPPED,
    Average,
    Programme,
    Share,
    behaviour_themes,
    build_report,
    evaluate,
    goal_area,
    to_text,
)
from rmtui.core.report.evaluation import Evaluation
from rmtui.core.report.recommendations import recommendations

END = date(2026, 7, 1)  # the end of the term of the ``hand_counted_programme`` fixture


@pytest.fixture(scope="module")
def final(hand_counted_programme: Programme) -> Evaluation:
    """The programme evaluated at the end of its term."""
    return evaluate(hand_counted_programme, END)


def test_headline_figures_match_the_hand_count(final) -> None:
    assert (final.pairs_confirmed, final.pairs_active) == (7, 6)
    # Held: 5 pairs x 5 + 1 (ended pair) + 3 (rematch) = 29. Expected: a first meeting within 14 days,
    # then one a month: 6 each for pairs 1-5 (174 days), 2 for the ended pair (52 days), 4 for the rematch.
    assert (final.sessions_held, final.sessions_expected) == (29, 36)
    assert final.goal_statuses == {"achieved": 6, "in progress": 2, "dropped": 1, "not started": 1}
    assert final.goal_attainment == Share(6, 9)
    # Latest answer per person: ten 4s at month 5, m6's 4 at week 4, m7's and s6's 5s at month 3.
    assert final.satisfaction.count == 13 and final.satisfaction.value == pytest.approx(54 / 13)
    assert final.retention == {"mentor": Share(6, 7), "mentee": Share(6, 6)}
    assert final.take_part_again == Share(8, 10)
    assert not final.interim


def test_reaction_by_check_in_point_and_would_recommend(final) -> None:
    rows = {row.checkpoint: (row.satisfaction, row.safety) for row in final.reaction}
    assert rows == {
        "week 4": (Average(4.0, 12), Average(4.0, 12)),
        "month 3": (Average(5.0, 12), Average(3.0, 12)),
        "month 5": (Average(4.0, 10), Average(5.0, 10)),
    }
    assert final.session_rating == Average(4.5, 50)
    # Promoters 10, 9, 9, 10, 10, 9; passives 8, 7; detractors 6, 5: (6 - 2) / 10.
    assert final.recommend == (6, 2, 2) and final.nps == 40
    # Due: 12 people at each of three points; answered 12, 12 and 10.
    assert final.check_ins_answered == Share(34, 36)


def test_learning_behaviour_and_results(final) -> None:
    learning = {(a.owner, a.area): (a.before, a.after) for a in final.learning}
    assert learning == {
        ("mentee", "digital skills"): (Average(2.0, 5), Average(4.0, 5)),
        ("mentor", "confidence"): (Average(1.0, 5), Average(3.0, 5)),
    }
    assert final.behaviour_answers == 7
    assert dict(final.themes) == {"uses new tools and channels": 5, "asks for and acts on feedback": 2}
    assert "I try one new tool a month" in final.quotes
    assert "I post in the team channel weekly" not in final.quotes  # s5 marked their comment private
    assert final.survival == Share(6, 7) and final.failed == Share(1, 7)
    assert final.end_reasons == (("not working", 1),) and final.rematched == 1


def test_engagement_and_matching_review(final) -> None:
    assert dict(final.sessions_by_month) == {
        "2026-01": 6, "2026-02": 5, "2026-03": 6, "2026-04": 6, "2026-05": 6, "2026-06": 0, "2026-07": 0,
    }  # fmt: skip
    # Every active pair held 5 of 6 (83%), the rematch 3 of 4 (75%).
    assert final.adherence == ((SLIPPED, 6),)
    assert final.topics == (("technology in use", 29),)
    assert final.places == (("off site", 15), ("remote", 10), ("on site", 4))
    # No topics or departments: focus 1 + format 1 of a best 5.5 = 36%, in the 20-40% band.
    assert dict(final.score_bands)["20–40%"] == 7 and sum(n for _, n in final.score_bands) == 7


def test_an_earlier_day_gives_an_interim_report_of_what_had_happened_by_then(
    final, hand_counted_programme: Programme
) -> None:
    interim = evaluate(hand_counted_programme, date(2026, 3, 31))
    assert interim.interim
    assert (interim.pairs_confirmed, interim.pairs_active) == (7, 6)
    assert interim.sessions_held == 5 * 3 + 1 + 1
    assert interim.take_part_again == Share(0, 0) and interim.learning == ()
    assert interim.retention["mentor"] == Share(7, 7)  # m2 left in May
    before_end = evaluate(hand_counted_programme, date(2026, 2, 28))
    assert before_end.pairs_active == 6 and before_end.pairs_confirmed == 6  # not ended yet; rematch to come
    assert KEPT_PACE in dict(before_end.adherence)


def test_recommendations_fire_on_their_rules_and_quote_their_figure(final) -> None:
    found = {r.topic: r for r in recommendations(final)}
    assert set(found) == {"retention", "take part again"}
    assert "6 of 7 (86%) mentors" in found["retention"].because and "96%" in found["retention"].because
    assert "8 of 10 (80%)" in found["take part again"].because
    worse = replace(final, sessions_held=20, satisfaction=Average(3.2, 12), pairs_active=5)
    found = {r.topic: r for r in recommendations(worse)}
    assert "20 of 36 (56%)" in found["sessions"].because
    assert "3.2 out of 5" in found["satisfaction"].because
    assert "2 of 7 (29%)" in found["matching"].because


def test_a_group_under_five_shows_as_fewer_than_five_and_fires_no_rule(hand_counted_programme: Programme) -> None:
    tiny = hand_counted_programme
    tiny = replace(tiny, pairs={i: p for i, p in tiny.pairs.items() if i <= 2},
                   check_ins=tuple(c for c in tiny.check_ins if c.email in {"m1@x.org", "s1@x.org"}))  # fmt: skip
    e = evaluate(tiny, END)
    text = to_text(build_report(e, END, include_pairs=False))
    assert "fewer than 5" in text
    assert e.satisfaction.count == 2 and "fewer than 5 answers" in text
    assert e.retention["mentor"] == Share(1, 2)
    mentors = next(line for line in text.splitlines() if "Mentors (junior partners)" in line)
    assert mentors.rstrip().endswith("fewer than 5") and "1 of 2" not in text
    unhappy = replace(e, satisfaction=Average(1.0, 2), take_part_again=Share(2, 2))
    assert not {r.topic for r in recommendations(unhappy)} & {"satisfaction", "retention", "take part again"}


def test_small_counts_inside_a_large_group_are_hidden(final) -> None:
    text = to_text(build_report(final, END))
    assert "on site" in text and "feedback" in text
    line = next(line for line in text.splitlines() if line.startswith("on site")).rstrip()
    assert line.endswith("fewer than 5") and " 4" not in line
    assert "not working: fewer than 5" in text


@pytest.mark.parametrize(
    ("owner", "title", "area"),
    [
        ("mentee", "Work in the team's chat tool instead of email for a month", "digital skills"),
        ("mentee", "Make my team's meetings more inclusive", "inclusion and values"),
        ("mentee", "Understand my teams' working week", "knowing their teams"),
        ("mentee", "Hear honestly how my leadership comes across", "leadership"),
        ("mentor", "Handle difficult conversations with confidence", "confidence"),
        ("mentor", "Learn how decisions on technology spending are made", "business knowledge"),
        ("mentor", "Widen my network beyond my own team", "network and visibility"),
        ("mentor", "Bake a cake", "other"),
    ],
)
def test_goal_areas_follow_the_keyword_lists(owner: str, title: str, area: str) -> None:
    assert goal_area(owner, title) == area


def test_behaviour_themes_match_word_beginnings_only() -> None:
    assert behaviour_themes("I listen more and ask for views") == ["asks for and acts on feedback"]
    assert behaviour_themes("Nothing much") == []
    assert behaviour_themes("rapport") == []  # "app" must begin a word
