"""Snapshots of pair mode: the picker, the prompt, a pair's own sheet, its help, goal form and session log. Each SVG was looked at before it was accepted."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from textual.pilot import Pilot

DRAFT = 3  # the demo's pair whose goal sheet is a draft
NOT_ENROLLED = 4  # a demo pair that has not set its passphrase yet


@pytest.fixture
def open_draft_sheet(unlock) -> Callable[[Pilot], Awaitable[None]]:
    """A ``run_before`` that unlocks the demo's draft pair."""

    async def open_draft_sheet(pilot: Pilot) -> None:
        await pilot.pause()
        await unlock(pilot, DRAFT)

    return open_draft_sheet


def test_picker_100x32(snap_compare, kiosk) -> None:
    assert snap_compare(kiosk, terminal_size=(100, 32))


def test_picker_80x24(snap_compare, kiosk) -> None:
    assert snap_compare(kiosk, terminal_size=(80, 24))


def test_sheet_100x32(snap_compare, kiosk, open_draft_sheet) -> None:
    assert snap_compare(kiosk, terminal_size=(100, 32), run_before=open_draft_sheet)


def test_sheet_80x24(snap_compare, kiosk, open_draft_sheet) -> None:
    assert snap_compare(kiosk, terminal_size=(80, 24), run_before=open_draft_sheet)


def pressing_on_the_sheet(open_draft_sheet, settle, *keys: str) -> Callable[[Pilot], Awaitable[None]]:
    """A ``run_before`` that unlocks the draft pair, presses ``keys`` on its sheet and waits for what they open."""

    async def run_before(pilot: Pilot) -> None:
        await open_draft_sheet(pilot)
        await pilot.press(*keys)
        await settle(pilot)

    return run_before


def test_help_80x24(snap_compare, kiosk, open_draft_sheet, settle) -> None:
    assert snap_compare(kiosk, terminal_size=(80, 24), run_before=pressing_on_the_sheet(open_draft_sheet, settle, "f1"))


def test_session_log_80x24(snap_compare, kiosk, open_draft_sheet, settle) -> None:
    assert snap_compare(kiosk, terminal_size=(80, 24), run_before=pressing_on_the_sheet(open_draft_sheet, settle, "f8"))


def test_goal_form_80x24(snap_compare, kiosk, open_draft_sheet, settle) -> None:
    assert snap_compare(kiosk, terminal_size=(80, 24), run_before=pressing_on_the_sheet(open_draft_sheet, settle, "f2"))


def test_passphrase_prompt_80x24(snap_compare, kiosk) -> None:
    async def run_before(pilot: Pilot) -> None:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()

    assert snap_compare(kiosk, terminal_size=(80, 24), run_before=run_before)


def test_enrolment_prompt_80x24(snap_compare, kiosk, choose) -> None:
    """A pair that has not set a passphrase: the setup code and the new passphrase twice, at its tallest."""

    async def run_before(pilot: Pilot) -> None:
        await pilot.pause()
        await choose(pilot, NOT_ENROLLED)
        await pilot.pause()

    assert snap_compare(kiosk, terminal_size=(80, 24), run_before=run_before)
