"""Snapshots of pair mode: the picker and a pair's own sheet. Each SVG was looked at before it was accepted."""

from __future__ import annotations

from test_tui_kiosk import DRAFT, PASSPHRASES, choose, kiosk, type_passphrase  # noqa: F401 - the fixture


async def open_draft_sheet(pilot) -> None:
    """Unlock the demo's draft pair."""
    await pilot.pause()
    await choose(pilot.app, pilot, DRAFT)
    await type_passphrase(pilot.app, pilot, PASSPHRASES[DRAFT])


def test_picker_100x32(snap_compare, kiosk) -> None:  # noqa: F811
    assert snap_compare(kiosk, terminal_size=(100, 32))


def test_picker_80x24(snap_compare, kiosk) -> None:  # noqa: F811
    assert snap_compare(kiosk, terminal_size=(80, 24))


def test_sheet_100x32(snap_compare, kiosk) -> None:  # noqa: F811
    assert snap_compare(kiosk, terminal_size=(100, 32), run_before=open_draft_sheet)


def test_sheet_80x24(snap_compare, kiosk) -> None:  # noqa: F811
    assert snap_compare(kiosk, terminal_size=(80, 24), run_before=open_draft_sheet)
