"""80×24 snapshots of the coordinator's dialogs that had none at that size. Each SVG was looked at before it was accepted.

Every dialog opens from its section, started with ``section=`` rather than an F-key, so a new key order changes nothing here.
Between them and the section files' own 80×24 snapshots, every screen and dialog of rmtui/tui has one
(test_every_screen_has_an_80x24_snapshot keeps it so).
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input

from rmtui.core.access import has_passphrase, issue_setup_code, set_coordinator_passphrase
from rmtui.core.store import CohortStore

SIZE = (80, 24)


def pressing(settle: Callable[[Pilot], Awaitable[None]], *keys: str) -> Callable[[Pilot], Awaitable[None]]:
    """A ``run_before`` that waits for the section to load, presses ``keys`` and waits for what they start."""

    async def run_before(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press(*keys)
        await settle(pilot)

    return run_before


def test_import_dialog_80x24(snap_compare, build_app, demo_path: Path, settle) -> None:
    assert snap_compare(build_app(demo_path, section="roster"), terminal_size=SIZE, run_before=pressing(settle, "i"))


def test_matching_proposal_80x24(snap_compare, build_app, unpaired_path: Path, settle) -> None:
    assert snap_compare(build_app(unpaired_path, section="matching"), terminal_size=SIZE, run_before=pressing(settle))


def test_pair_by_hand_80x24(snap_compare, build_app, demo_path: Path, settle) -> None:
    app = build_app(demo_path, section="matching")
    assert snap_compare(app, terminal_size=SIZE, run_before=pressing(settle, "p"))


def test_end_pair_80x24(snap_compare, build_app, demo_path: Path, settle) -> None:
    assert snap_compare(build_app(demo_path, section="matching"), terminal_size=SIZE, run_before=pressing(settle, "e"))


def test_weights_80x24(snap_compare, build_app, demo_path: Path, settle) -> None:
    assert snap_compare(build_app(demo_path, section="matching"), terminal_size=SIZE, run_before=pressing(settle, "g"))


def test_template_picker_80x24(snap_compare, build_app, demo_path: Path, settle) -> None:
    assert snap_compare(
        build_app(demo_path, section="goals"),
        terminal_size=SIZE,
        run_before=pressing(settle, "down", "down", "down", "t"),
    )


def test_export_report_80x24(snap_compare, build_app, demo_path: Path, settle) -> None:
    """The export dialog saying why an ending will not do (a path with no tmp folder in it, so the SVG is stable)."""

    async def run_before(pilot: Pilot) -> None:
        await pressing(settle, "e")(pilot)
        pilot.app.screen.query_one("#path", Input).value = "~/report-2026-03-16.pdf"
        await pilot.press("ctrl+s")
        await settle(pilot)

    assert snap_compare(build_app(demo_path, section="report"), terminal_size=SIZE, run_before=run_before)


def test_confirm_delete_80x24(snap_compare, build_app, demo_path: Path, settle) -> None:
    assert snap_compare(build_app(demo_path, section="roster"), terminal_size=SIZE, run_before=pressing(settle, "d"))


def test_confirm_discard_changes_80x24(snap_compare, build_app, demo_path: Path, settle) -> None:
    app = build_app(demo_path, section="roster")
    assert snap_compare(app, terminal_size=SIZE, run_before=pressing(settle, "a", *"Noor", "escape"))


def test_participant_form_with_errors_80x24(snap_compare, build_app, demo_path: Path, settle) -> None:
    async def run_before(pilot: Pilot) -> None:
        await pressing(settle, "a")(pilot)
        form = pilot.app.screen
        form.query_one("#email", Input).value = "eve@"
        form.query_one("#grade", Input).value = "senior"
        await pilot.press("ctrl+s")
        await settle(pilot)

    assert snap_compare(build_app(demo_path, section="roster"), terminal_size=SIZE, run_before=run_before)


def test_help_80x24(snap_compare, build_app, demo_path: Path, settle) -> None:
    assert snap_compare(build_app(demo_path, section="roster"), terminal_size=SIZE, run_before=pressing(settle, "f1"))


def test_coordinator_passphrase_form_80x24(snap_compare, build_app, demo_path: Path, settle) -> None:
    """With a passphrase set: the current box and Remove show too, the form at its tallest."""

    async def run_before(pilot: Pilot) -> None:
        # Set once the app is open, so that it opens on settings rather than on the passphrase prompt.
        set_coordinator_passphrase(pilot.app.store, "keep-it-safe")
        await pressing(settle, "ctrl+k")(pilot)

    assert snap_compare(build_app(demo_path, section="settings"), terminal_size=SIZE, run_before=run_before)


def test_coordinator_passphrase_gate_80x24(snap_compare, build_app, demo_path: Path, settle) -> None:
    """The prompt rmtui opens with when a coordinator passphrase is set, after a wrong try."""
    with CohortStore.open(demo_path) as store:
        set_coordinator_passphrase(store, "keep-it-safe")

    async def run_before(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press(*"guess", "enter")
        await settle(pilot)

    assert snap_compare(build_app(demo_path, section="roster"), terminal_size=SIZE, run_before=run_before)


def test_template_manager_80x24(snap_compare, build_app, demo_path: Path, settle) -> None:
    assert snap_compare(build_app(demo_path, section="goals"), terminal_size=SIZE, run_before=pressing(settle, "m"))


def test_setup_code_80x24(snap_compare, build_app, demo_path: Path, settle, monkeypatch: pytest.MonkeyPatch) -> None:
    """A waiting pair's code; issued here with a fixed code, as the demo's own codes are random."""
    with CohortStore.open(demo_path) as store:
        waiting = next(pair_id for pair_id in range(1, 20) if not has_passphrase(store, pair_id))
        code = iter("K7QM4XPR")
        monkeypatch.setattr(secrets, "choice", lambda alphabet: next(code))
        issue_setup_code(store, waiting)

    async def run_before(pilot: Pilot) -> None:
        await settle(pilot)
        table = pilot.app.screen.query_one("#goal-pairs", DataTable)
        table.move_cursor(row=table.get_row_index(str(waiting)))
        await pilot.press("c")
        await settle(pilot)

    assert snap_compare(build_app(demo_path, section="goals"), terminal_size=SIZE, run_before=run_before)
