"""The match review screen driven by keys, checked against the cohort file."""

from __future__ import annotations

from textual.widgets import DataTable, Input, Static

from rmtui.core.matching import Decision, list_decisions, list_pairs
from rmtui.tui.app import RmtuiApp
from rmtui.tui.dialogs.candidates import CandidatesScreen
from rmtui.tui.dialogs.confirm import ConfirmScreen
from rmtui.tui.dialogs.end_pair import EndPairScreen
from rmtui.tui.forms.weights import WeightsScreen
from rmtui.tui.sections.matching import MatchingScreen

SIZE = (100, 32)


def decisions(app: RmtuiApp) -> list[Decision]:
    """The coordinator's decisions as saved."""
    return list_decisions(app.store)


async def test_the_proposal_is_provisional_until_confirmed(
    unpaired_app: RmtuiApp, settle, open_matching, proposal_rows
) -> None:
    async with unpaired_app.run_test(size=SIZE) as pilot:
        screen = await open_matching(pilot)
        assert len(proposal_rows(screen)) == 16 and {state for *_, state in proposal_rows(screen)} == {"proposed"}
        assert "Provisional until confirmed" in str(screen.query_one("#match-summary", Static).render())
        assert list_pairs(unpaired_app.store) == []
        await pilot.press("c")
        assert isinstance(unpaired_app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert len(list_pairs(unpaired_app.store, active_only=True)) == 16
        assert {state for *_, state in proposal_rows(screen)} == {"active"}
        assert "All pairs confirmed" in str(screen.query_one("#match-summary", Static).render())


async def test_fix_unfix_and_forbid(unpaired_app: RmtuiApp, settle, open_matching) -> None:
    async with unpaired_app.run_test(size=SIZE) as pilot:
        screen = await open_matching(pilot)
        pair = screen.selected_pair()
        await pilot.press("f")
        await settle(pilot)
        assert decisions(unpaired_app) == [Decision(pair.mentor, pair.mentee, "fixed")]
        assert screen.selected_pair().origin == "fixed"
        await pilot.press("f")
        await settle(pilot)
        assert decisions(unpaired_app) == []
        target = screen.selected_pair()
        await pilot.press("x")
        await settle(pilot)
        assert decisions(unpaired_app) == [Decision(target.mentor, target.mentee, "forbidden")]
        assert (target.mentor, target.mentee) not in {(p.mentor, p.mentee) for p in screen.proposal.pairs}


def swap_breaks_a_rule(screen: MatchingScreen, first, second) -> bool:
    """Whether giving each mentee the other's mentor would break a hard rule."""
    from rmtui.core.matching import explain_pair

    swapped = (
        explain_pair(screen.ctx, second.mentor, first.mentee),
        explain_pair(screen.ctx, first.mentor, second.mentee),
    )
    return any(b.rule not in ("full", "paired") for new in swapped for b in new.breaches)


async def swap_to(app: RmtuiApp, pilot, screen: MatchingScreen, legal: bool):
    """Mark the first pair with s, then press s on the first later pair whose swap is (or isn't) legal."""
    table = screen.query_one("#proposal", DataTable)
    table.move_cursor(row=0)
    await pilot.press("s")
    first = screen.selected_pair()
    for row in range(1, table.row_count):
        table.move_cursor(row=row)
        second = screen.selected_pair()
        if swap_breaks_a_rule(screen, first, second) != legal:
            await pilot.press("s")
            return first, second
    raise AssertionError("the demo has no such pair")


async def test_swap_shows_new_scores_then_fixes_both(unpaired_app: RmtuiApp, settle, open_matching) -> None:
    async with unpaired_app.run_test(size=SIZE) as pilot:
        screen = await open_matching(pilot)
        first, second = await swap_to(unpaired_app, pilot, screen, legal=True)
        assert isinstance(unpaired_app.screen, ConfirmScreen)
        assert "(was " in str(unpaired_app.screen.query_one(Static).render())
        await pilot.press("y")
        await settle(pilot)
        expected = {Decision(second.mentor, first.mentee, "fixed"), Decision(first.mentor, second.mentee, "fixed")}
        assert set(decisions(unpaired_app)) == expected


async def test_a_swap_that_breaks_a_rule_is_refused_with_the_reason(
    unpaired_app: RmtuiApp, open_matching, notices
) -> None:
    async with unpaired_app.run_test(size=SIZE, message_hook=notices.hook) as pilot:
        screen = await open_matching(pilot)
        await swap_to(unpaired_app, pilot, screen, legal=False)
        assert isinstance(unpaired_app.screen, MatchingScreen)
        assert any(message.startswith("Can't swap: ") for message in notices.messages), notices.messages
        assert decisions(unpaired_app) == []


async def test_manual_pairing_refuses_rule_breakers_and_fixes_the_choice(
    unpaired_app: RmtuiApp, settle, open_matching
) -> None:
    async with unpaired_app.run_test(size=SIZE) as pilot:
        screen = await open_matching(pilot)
        mentee = screen.selected_pair().mentee
        await pilot.press("p")
        picker = unpaired_app.screen
        assert isinstance(picker, CandidatesScreen)
        table = picker.query_one("#candidate-table", DataTable)
        ineligible = next(i for i, c in enumerate(picker.candidates) if not c.eligible)
        table.move_cursor(row=ineligible)
        await pilot.press("enter")
        assert unpaired_app.screen is picker
        assert "Can't pair with" in str(picker.query_one("#candidate-problem", Static).render())
        best = picker.candidates[0]
        table.move_cursor(row=0)
        await pilot.press("enter")
        await settle(pilot)
        assert decisions(unpaired_app) == [Decision(best.email, mentee, "fixed")]


async def test_rerun_keeps_fixed_pairs(unpaired_app: RmtuiApp, settle, open_matching, notices) -> None:
    async with unpaired_app.run_test(size=SIZE, message_hook=notices.hook) as pilot:
        screen = await open_matching(pilot)
        await pilot.press("f", "r")
        await settle(pilot)
        assert [p.origin for p in screen.proposal.pairs].count("fixed") == 1
        assert any("fixed pairs were kept" in message for message in notices.messages), notices.messages


async def test_ending_a_pair_records_why_and_proposes_a_rematch(demo_app: RmtuiApp, settle, open_matching) -> None:
    async with demo_app.run_test(size=SIZE) as pilot:
        screen = await open_matching(pilot)
        pair = screen.selected_pair()
        assert pair.origin == "existing"
        await pilot.press("e")
        assert isinstance(demo_app.screen, EndPairScreen)
        await pilot.press("ctrl+s")  # the default reason: not working
        await settle(pilot)
        ended = [p for p in list_pairs(demo_app.store) if p.mentee == pair.mentee and not p.is_active]
        assert [p.end_reason for p in ended] == ["not working"]
        rematch = next(p for p in screen.proposal.pairs if p.mentee == pair.mentee)
        assert rematch.origin == "new" and rematch.mentor != pair.mentor
        summary = str(screen.query_one("#match-summary", Static).render())
        # The demo's three failed matches, and this one: two of the four were "not working".
        assert "4 failed matches: not working (2)" in summary


async def test_weights_are_validated_and_saved(unpaired_app: RmtuiApp, settle, open_matching) -> None:
    async with unpaired_app.run_test(size=SIZE) as pilot:
        await open_matching(pilot)
        await pilot.press("g")
        dialog = unpaired_app.screen
        assert isinstance(dialog, WeightsScreen)
        dialog.query_one("#overlap", Input).value = "lots"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "must be a number from 0 to 10" in str(dialog.query_one("#overlap-error", Static).render())
        dialog.query_one("#overlap", Input).value = "5"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(unpaired_app.screen, MatchingScreen)
        from rmtui.core.matching import load_weights

        assert load_weights(unpaired_app.store).overlap == 5.0


async def test_the_first_drawing_already_shows_the_proposal(unpaired_app: RmtuiApp, settle) -> None:
    """Textual draws a new screen when its ScreenResume is handled: by then the pairs must be in the tables,
    so the section is drawn once, with them, not empty first and again a moment later."""
    from textual.events import ScreenResume

    at_first_drawing: list[tuple[int, str]] = []

    def hook(message: object) -> None:
        if not isinstance(message, ScreenResume) or at_first_drawing:
            return
        screen = unpaired_app.screen_stack[-1] if unpaired_app.screen_stack else None
        if isinstance(screen, MatchingScreen):
            summary = str(screen.query_one("#match-summary", Static).render())
            at_first_drawing.append((screen.query_one("#proposal", DataTable).row_count, summary))

    import lap  # noqa: F401  (imported, as the app's warm-up has them long before anyone presses F4)
    import numpy  # noqa: F401

    async with unpaired_app.run_test(size=SIZE, message_hook=hook) as pilot:
        await pilot.press("f4")
        await settle(pilot)
        rows, summary = at_first_drawing[0]
        assert rows == 16 and summary.startswith("Provisional until confirmed"), at_first_drawing


async def test_coming_back_proposes_again_only_when_the_file_changed(
    unpaired_app: RmtuiApp, settle, open_matching
) -> None:
    from rmtui.core.roster.records import set_status

    async with unpaired_app.run_test(size=SIZE) as pilot:
        screen = await open_matching(pilot)
        shown = screen.proposal
        await pilot.press("f1")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert screen.proposal is shown, "closing help changed nothing, yet matching proposed again"
        await pilot.press("f3")
        await settle(pilot)
        leaver = shown.pairs[0].mentee
        set_status(unpaired_app.store, leaver, "left organisation")
        await open_matching(pilot)
        assert screen.proposal is not shown
        assert leaver not in {pair.mentee for pair in screen.proposal.pairs}


async def test_the_collector_waits_for_the_first_drawing_and_is_on_again_after_it(
    unpaired_app: RmtuiApp, settle
) -> None:
    """A full garbage-collection pass never falls inside Matching's first drawing, and is never left off."""
    import gc

    from textual.events import ScreenResume

    on_at_drawing: list[bool] = []

    def hook(message: object) -> None:
        screen = unpaired_app.screen_stack[-1] if unpaired_app.screen_stack else None
        if isinstance(message, ScreenResume) and isinstance(screen, MatchingScreen) and not on_at_drawing:
            on_at_drawing.append(gc.isenabled())

    assert gc.isenabled()
    async with unpaired_app.run_test(size=SIZE, message_hook=hook) as pilot:
        await pilot.press("f4")
        await settle(pilot)
        await pilot.pause()
        assert on_at_drawing == [False]
        assert gc.isenabled(), "the collector was left off after Matching was drawn"
