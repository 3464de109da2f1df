"""80×24 snapshots of the coordinator's dialogs that had none at that size. Each SVG was looked at before it was accepted.

Every dialog opens from its section, started with ``section=`` rather than an F-key, so a new key order changes nothing here.
Between them and the section files' own 80×24 snapshots, every screen and dialog of rmtui/tui has one
(test_every_screen_has_an_80x24_snapshot keeps it so).
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import secrets
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import DataTable, Input

from rmtui.core.access import has_passphrase, issue_setup_code, set_coordinator_passphrase
from rmtui.core.store import GOAL_SHEETS, CohortStore
from rmtui.tui import __path__ as tui_path
from rmtui.tui.dialogs.template_picker import TemplatePicker

SIZE = (80, 24)
NOT_STARTED = 4  # a demo pair whose goal sheet the picker test removes, so that it has not started
SNAPSHOTS = Path(__file__).parent / "__snapshots__"
# Each screen and dialog of rmtui/tui, with an 80 by 24 snapshot that shows it. A new screen comes here with its snapshot.
SHOWN_AT_80x24 = {
    "DashboardScreen": "test_tui_dashboard/test_dashboard_80x24.svg",
    "RosterScreen": "test_tui_snapshots/test_roster_80x24.svg",
    "MatchingScreen": "test_tui_snapshots_80x24/test_matching_proposal_80x24.svg",
    "GoalsScreen": "test_tui_goals_snapshots/test_goals_80x24.svg",
    "ReportScreen": "test_tui_report/test_report_scrolled_80x24.svg",
    "SettingsScreen": "test_tui_snapshots/test_settings_80x24.svg",
    "HelpScreen": "test_tui_snapshots_80x24/test_help_80x24.svg",
    "LockedScreen": "test_tui_snapshots_80x24/test_coordinator_passphrase_gate_80x24.svg",
    "CoordinatorPassphraseScreen": "test_tui_snapshots_80x24/test_coordinator_passphrase_gate_80x24.svg",
    "CoordinatorPassphraseForm": "test_tui_snapshots_80x24/test_coordinator_passphrase_form_80x24.svg",
    "ConfirmScreen": "test_tui_snapshots_80x24/test_confirm_delete_80x24.svg",
    "ParticipantForm": "test_tui_snapshots_80x24/test_participant_form_with_errors_80x24.svg",
    "ImportScreen": "test_tui_snapshots_80x24/test_import_dialog_80x24.svg",
    "CandidatesScreen": "test_tui_snapshots_80x24/test_pair_by_hand_80x24.svg",
    "EndPairScreen": "test_tui_snapshots_80x24/test_end_pair_80x24.svg",
    "WeightsScreen": "test_tui_snapshots_80x24/test_weights_80x24.svg",
    "TopicsScreen": "test_tui_topics/test_topics_screen_80x24.svg",
    "TemplatePicker": "test_tui_snapshots_80x24/test_template_picker_80x24.svg",
    "TemplateManager": "test_tui_snapshots_80x24/test_template_manager_80x24.svg",
    "TemplateEditor": "test_tui_goals_snapshots/test_template_editor_80x24.svg",
    "SetupCodeScreen": "test_tui_snapshots_80x24/test_setup_code_80x24.svg",
    "ExportReportScreen": "test_tui_snapshots_80x24/test_export_report_80x24.svg",
    "CoordinatorSessionForm": "test_tui_dashboard/test_coordinator_session_form_80x24.svg",
    "VoidCheckInScreen": "test_tui_dashboard/test_void_check_in_80x24.svg",
    "PairPickerScreen": "test_tui_kiosk_snapshots/test_picker_80x24.svg",
    "PairPassphraseScreen": "test_tui_kiosk_snapshots/test_enrolment_prompt_80x24.svg",
    "PairSheetScreen": "test_tui_kiosk_snapshots/test_sheet_80x24.svg",
    "PairHelpScreen": "test_tui_kiosk_snapshots/test_help_80x24.svg",
    "GoalForm": "test_tui_kiosk_snapshots/test_goal_form_80x24.svg",
    "SessionLogScreen": "test_tui_kiosk_snapshots/test_session_log_80x24.svg",
    "SessionForm": "test_tui_sessions_kiosk/test_session_form_80x24.svg",
    "CheckInForm": "test_tui_sessions_kiosk/test_check_in_80x24.svg",
}
# What the screens above are built on; never shown on their own.
BASES = {"ChangingScreen", "SectionScreen", "SavingForm", "CoreForm", "PassphrasePrompt", "HelpPage"}


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
    """The picker for a pair whose sheet has not started (a started sheet keeps its template: t only says so)."""
    with CohortStore.open(demo_path) as store:
        store.table(GOAL_SHEETS).remove(doc_ids=[NOT_STARTED])

    async def run_before(pilot: Pilot) -> None:
        await settle(pilot)
        table = pilot.app.screen.query_one("#goal-pairs", DataTable)
        table.move_cursor(row=table.get_row_index(str(NOT_STARTED)))
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(pilot.app.screen, TemplatePicker)

    assert snap_compare(build_app(demo_path, section="goals"), terminal_size=SIZE, run_before=run_before)


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


def test_every_screen_has_an_80x24_snapshot() -> None:
    screens = set()
    for found in pkgutil.walk_packages(tui_path, "rmtui.tui."):
        module = importlib.import_module(found.name)
        screens |= {
            name
            for name, value in vars(module).items()
            if inspect.isclass(value) and issubclass(value, Screen) and value.__module__ == module.__name__
        }
    assert screens - BASES == set(SHOWN_AT_80x24), "a screen without an 80×24 snapshot, or one listed that is gone"
    assert all((SNAPSHOTS / svg).is_file() for svg in SHOWN_AT_80x24.values())
