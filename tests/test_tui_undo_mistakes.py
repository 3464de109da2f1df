"""Undoing a mistake from the screens: a forbidden candidate allowed again, a goal removed, a session deleted.

Each is driven through the real app; a removal must ask first, and answering No must change nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual.widgets import DataTable, Static

from rmtui.core.access import access_status
from rmtui.core.demo import DEMO_NOTE, NOTED_PAIR
from rmtui.core.goals import get_goal_sheet
from rmtui.core.matching import MatchContext, forbid_pair, list_decisions, match_setup, propose, ranked_candidates
from rmtui.core.sessions import list_sessions, read_session_notes
from rmtui.core.sessions.log import notes_slot
from rmtui.core.store import CohortStore
from rmtui.tui.dialogs.candidates import CandidatesScreen
from rmtui.tui.dialogs.confirm import ConfirmScreen
from rmtui.tui.kiosk.app import KioskApp
from rmtui.tui.kiosk.session_log import SessionLogScreen

SIZE = (100, 32)
AGREED, DRAFT = 1, 3  # demo pair ids, in the states their names say


@dataclass
class Forbidden:
    """A mentee, the mentor proposed for them, and an eligible runner-up the coordinator then forbade."""

    mentee: str
    proposed: str
    mentor: str
    name: str


def forbid_a_runner_up(path: Path) -> Forbidden:
    """Forbid an eligible mentor who is not the one proposed for a mentee (so the proposal stays the same)."""
    with CohortStore.open(path) as store:
        ctx = MatchContext(match_setup(store))
        proposed = propose(ctx).pairs[0]
        runner_up = next(
            c for c in ranked_candidates(ctx, proposed.mentee) if c.eligible and c.email != proposed.mentor
        )
        forbid_pair(store, runner_up.email, proposed.mentee)
    return Forbidden(proposed.mentee, proposed.mentor, runner_up.email, runner_up.name)


async def open_candidates(pilot, open_matching, settle, mentee: str, candidate: str) -> CandidatesScreen:
    """Go to matching, press p on the mentee's pair and highlight one candidate."""
    screen = await open_matching(pilot)
    proposal = screen.query_one("#proposal", DataTable)
    proposal.move_cursor(row=proposal.get_row_index(mentee))
    await pilot.press("p")
    await settle(pilot)
    picker = pilot.app.screen
    assert isinstance(picker, CandidatesScreen)
    table = picker.query_one("#candidate-table", DataTable)
    table.move_cursor(row=table.get_row_index(candidate))
    await pilot.pause()
    return picker


async def test_u_allows_a_forbidden_candidate_again(
    build_app, unpaired_path: Path, open_matching, settle, notices
) -> None:
    forbidden = forbid_a_runner_up(unpaired_path)
    mentee, mentor = forbidden.mentee, forbidden.mentor
    app = build_app(unpaired_path)
    async with app.run_test(size=SIZE, message_hook=notices.hook) as pilot:
        picker = await open_candidates(pilot, open_matching, settle, mentee, mentor)
        before = next(c for c in picker.candidates if c.email == mentor)
        assert before.reason == "forbidden by the coordinator"
        await pilot.press("u")
        await settle(pilot)
        assert pilot.app.screen is picker
        after = next(c for c in picker.candidates if c.email == mentor)
        assert after.eligible, "no other rule rules this mentor out"
        assert f"{forbidden.name} is no longer forbidden." in notices.messages
        await pilot.press("enter")  # and they can now be paired by hand
        await settle(pilot)
    kinds = {(d.mentor, d.mentee): d.kind for d in list_decisions(app.store)}
    assert kinds == {(mentor, mentee): "fixed"}


async def test_u_on_a_candidate_who_is_not_forbidden_says_so_and_changes_nothing(
    build_app, unpaired_path: Path, open_matching, settle
) -> None:
    forbidden = forbid_a_runner_up(unpaired_path)
    app = build_app(unpaired_path)
    async with app.run_test(size=SIZE) as pilot:
        picker = await open_candidates(pilot, open_matching, settle, forbidden.mentee, forbidden.proposed)
        before = unpaired_path.read_bytes()
        await pilot.press("u")
        await settle(pilot)
        problem = str(picker.query_one("#candidate-problem", Static).render())
        assert "is not forbidden by the coordinator" in problem
        assert unpaired_path.read_bytes() == before
    decisions = [(d.mentor, d.mentee, d.kind) for d in list_decisions(app.store)]
    assert decisions == [(forbidden.mentor, forbidden.mentee, "forbidden")]


async def test_f9_removes_the_selected_goal_only_after_yes(kiosk: KioskApp, demo_path: Path, settle, unlock) -> None:
    [goal] = get_goal_sheet(kiosk.store, DRAFT).goals
    async with kiosk.run_test(size=SIZE) as pilot:
        await unlock(pilot, DRAFT)
        before = demo_path.read_bytes()
        await pilot.press("f9")
        assert isinstance(kiosk.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(pilot)
        assert demo_path.read_bytes() == before, "No changes nothing"
        assert get_goal_sheet(kiosk.store, DRAFT).goals == (goal,)
        await pilot.press("f9")
        assert isinstance(kiosk.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert get_goal_sheet(kiosk.store, DRAFT).goals == ()
        assert not kiosk.screen.query_one("#goals", DataTable).row_count


async def test_f9_on_an_agreed_sheet_is_refused_with_the_cores_reason(
    kiosk: KioskApp, demo_path: Path, settle, unlock
) -> None:
    goals = get_goal_sheet(kiosk.store, AGREED).goals
    async with kiosk.run_test(size=SIZE) as pilot:
        sheet = await unlock(pilot, AGREED)
        before = demo_path.read_bytes()
        await pilot.press("f9")
        await settle(pilot)
        assert kiosk.screen is sheet, "nothing to confirm: the sheet is agreed"
        problem = str(sheet.query_one("#sheet-problem", Static).render())
        assert "so it is read-only. Choose Revise to change it" in problem
    assert demo_path.read_bytes() == before
    assert get_goal_sheet(kiosk.store, AGREED).goals == goals


async def test_d_deletes_a_session_logged_in_error_with_its_notes_only_after_yes(
    kiosk: KioskApp, demo_path: Path, settle, unlock
) -> None:
    sessions = list_sessions(kiosk.store, NOTED_PAIR)
    noted = sessions[-1].session_id  # the newest, selected when the log opens, carries the demo's sealed note
    slot = notes_slot(noted)
    assert slot in access_status(kiosk.store, NOTED_PAIR).sealed_slots
    async with kiosk.run_test(size=SIZE) as pilot:
        sheet = await unlock(pilot, NOTED_PAIR)
        await pilot.press("f8")
        await settle(pilot)
        assert isinstance(kiosk.screen, SessionLogScreen)
        assert DEMO_NOTE in str(kiosk.screen.query_one("#session-notes", Static).render())
        before = demo_path.read_bytes()
        await pilot.press("d")
        assert isinstance(kiosk.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(pilot)
        assert demo_path.read_bytes() == before, "No changes nothing"
        assert read_session_notes(kiosk.store, sheet.key, noted) == DEMO_NOTE
        await pilot.press("d")
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(kiosk.screen, SessionLogScreen)
        assert kiosk.screen.query_one("#sessions", DataTable).row_count == len(sessions) - 1
    assert [s.session_id for s in list_sessions(kiosk.store, NOTED_PAIR)] == [s.session_id for s in sessions[:-1]]
    assert slot not in access_status(kiosk.store, NOTED_PAIR).sealed_slots
