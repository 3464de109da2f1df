"""Snapshots of pair mode: the picker and a pair's own sheet. Each SVG was looked at before it was accepted."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from textual.pilot import Pilot

DRAFT = 3  # the demo's pair whose goal sheet is a draft


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
