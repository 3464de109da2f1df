"""The Topics screen, opened from Matching with t, driven by keys and checked against the cohort file."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, Static

from rmtui.core.roster import add_participant, list_participants
from rmtui.core.store import CohortStore
from rmtui.core.topics import cohort_topics
from rmtui.tui.dialogs.topics import TopicsScreen
from rmtui.tui.sections.matching import MatchingScreen

SIZE = (100, 32)


@pytest.fixture
def signup_path(tmp_path: Path) -> Path:
    """Two mentors and two mentees whose skills are typed freely."""
    path = tmp_path / "cohort.json"
    people = [
        ("Ana", "mentor", "Instagram reels, MS Excel", ""),
        ("Ben", "mentor", "hybrid working", ""),
        ("Cy", "mentee", "", "IG, Excel and podcasts"),
        ("Di", "mentee", "", "flexible working"),
    ]
    with CohortStore.open(path) as store:
        for name, role, offers, wants in people:
            add_participant(
                store,
                {"name": name, "email": f"{name.lower()}@example.org", "role": role, "offers": offers, "wants": wants},
            )
    return path


@pytest.fixture
def open_topics(settle, open_matching):
    """``await open_topics(pilot)``: Matching (F3), then Topics (t), with the topics read."""

    async def open_topics(pilot) -> TopicsScreen:
        await open_matching(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(pilot.app.screen, TopicsScreen)
        return pilot.app.screen

    return open_topics


def topic_names(screen: TopicsScreen) -> list[str]:
    """The topics as the table lists them, top to bottom."""
    table = screen.query_one("#topic-table", DataTable)
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


async def test_accepting_suggestions_changes_matching_and_says_why(
    build_app, signup_path, settle, open_matching, notices
) -> None:
    app = build_app(signup_path)
    async with app.run_test(size=SIZE, message_hook=notices.hook) as pilot:
        matching = await open_matching(pilot)
        summary = str(matching.query_one("#match-summary", Static).render())
        assert "4 want(s) in 4 topic(s) that no mentor offers" in summary
        typed_before = [p.to_doc() for p in list_participants(app.store)]
        await pilot.press("t")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TopicsScreen)
        assert "0 of 4" in str(screen.query_one("#topics-summary", Static).render())
        assert "3 suggested merge(s)" in str(screen.query_one("#topics-suggested", Static).render())
        await pilot.press("a")
        await settle(pilot)
        assert "3 of 4" in str(screen.query_one("#topics-summary", Static).render())
        assert "podcasts (1 mentee)" in str(screen.query_one("#topics-unmet", Static).render())
        assert [p.to_doc() for p in list_participants(app.store)] == typed_before
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MatchingScreen)
        summary = str(matching.query_one("#match-summary", Static).render())
        assert "1 want(s) in 1 topic(s) that no mentor offers" in summary
        assert any("proposal before was stale" in n for n in notices.messages)
        why = [pair.summary for pair in matching.proposal.pairs]
        assert any("'IG' — offered as 'Instagram reels'" in w for w in why)


async def test_mark_merge_rename_and_split(build_app, signup_path, settle, open_topics) -> None:
    app = build_app(signup_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_topics(pilot)
        table = screen.query_one("#topic-table", DataTable)
        table.move_cursor(row=topic_names(screen).index("IG"))
        await pilot.press("space")
        table.move_cursor(row=topic_names(screen).index("Instagram reels"))
        await pilot.press("m")
        name = screen.query_one("#topic-name", Input)
        assert name.display and name.has_focus
        name.value = "Instagram"
        await pilot.press("enter")
        await settle(pilot)
        assert cohort_topics(app.store).vocabulary.canonical("IG") == "Instagram"
        table.move_cursor(row=topic_names(screen).index("Instagram"))
        await pilot.press("n")
        screen.query_one("#topic-name", Input).value = "Social: Instagram"
        await pilot.press("enter")
        await settle(pilot)
        assert cohort_topics(app.store).vocabulary.canonical("Instagram reels") == "Social: Instagram"
        table.move_cursor(row=topic_names(screen).index("Social: Instagram"))
        await pilot.press("x")
        await settle(pilot)
        assert cohort_topics(app.store).vocabulary.canonical("IG") == "IG"
        assert {"IG", "Instagram reels"} <= set(topic_names(screen))


async def test_a_refused_change_is_shown_and_nothing_is_saved(
    build_app, signup_path, settle, open_topics, notices
) -> None:
    app = build_app(signup_path)
    async with app.run_test(size=SIZE, message_hook=notices.hook) as pilot:
        screen = await open_topics(pilot)
        await pilot.press("x")  # the first topic was never merged
        await settle(pilot)
        assert any("is not a merge of several topics" in n for n in notices.messages)
        screen.query_one("#topic-table", DataTable).move_cursor(row=0)
        await pilot.press("n")
        screen.query_one("#topic-name", Input).value = "=" + "x" * 10_000
        await pilot.press("enter")
        await settle(pilot)
        assert any("keep it to 200" in n for n in notices.messages)
        assert cohort_topics(app.store).vocabulary.aliases == {}


def test_topics_screen_80x24(snap_compare, build_app, signup_path, open_topics) -> None:
    assert snap_compare(build_app(signup_path), terminal_size=(80, 24), run_before=open_topics)


@pytest.mark.parametrize("seed", [1, 2])
async def test_random_keys_on_topics_raise_nothing_and_the_file_still_checks(
    build_app, signup_path, settle, open_topics, seed
) -> None:
    import random

    from rmtui.core.store import check_cohort

    keys = ["space", "m", "n", "x", "a", "escape", "t", "up", "down", "enter", "I", "G", "[", "=", "backspace"]
    rng = random.Random(seed)
    app = build_app(signup_path)
    async with app.run_test(size=SIZE) as pilot:
        typed = [(p.offers, p.wants) for p in list_participants(app.store)]
        await open_topics(pilot)
        for n in range(100):
            await pilot.press(rng.choice(keys))
            if n % 7 == 0:  # people type faster than pilots: pause only now and then
                await settle(pilot)
        await settle(pilot)
        # Whatever was merged, split or renamed, nobody's words changed.
        assert [(p.offers, p.wants) for p in list_participants(app.store)] == typed
    assert check_cohort(signup_path) == []
