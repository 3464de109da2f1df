"""Snapshots of the roster screens. Each SVG was opened and looked at before it was accepted."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input


def test_roster_100x32(snap_compare, demo_app) -> None:
    assert snap_compare(demo_app, terminal_size=(100, 32))


def test_roster_80x24(snap_compare, demo_app) -> None:
    assert snap_compare(demo_app, terminal_size=(80, 24))


def test_roster_filtered_and_withdrawn(snap_compare, demo_app) -> None:
    async def run_before(pilot) -> None:
        await pilot.press("slash", *"technology", "enter")

    assert snap_compare(demo_app, terminal_size=(100, 32), run_before=run_before)


def test_form_with_validation_errors(snap_compare, demo_app) -> None:
    async def run_before(pilot) -> None:
        await pilot.press("a")
        form = pilot.app.screen
        form.query_one("#name", Input).value = "[bold]Eve[/bold]"
        form.query_one("#email", Input).value = "eve@"
        form.query_one("#grade", Input).value = "senior"
        await pilot.press("ctrl+s")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(demo_app, terminal_size=(100, 32), run_before=run_before)


def test_help_screen(snap_compare, demo_app) -> None:
    async def run_before(pilot) -> None:
        await pilot.press("f1")
        await pilot.pause()

    assert snap_compare(demo_app, terminal_size=(100, 32), run_before=run_before)


def test_settings_80x24(snap_compare, demo_app) -> None:
    async def run_before(pilot) -> None:
        await pilot.press("f5")
        await pilot.pause()

    assert snap_compare(demo_app, terminal_size=(80, 24), run_before=run_before)


async def _open_matching(pilot) -> None:
    await pilot.press("f3")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_matching_proposal_100x32(snap_compare, unpaired_app) -> None:
    assert snap_compare(unpaired_app, terminal_size=(100, 32), run_before=_open_matching)


def test_matching_confirmed_80x24(snap_compare, demo_app) -> None:
    assert snap_compare(demo_app, terminal_size=(80, 24), run_before=_open_matching)


def test_import_sign_up_form_mapping_80x24(snap_compare, demo_app, monkeypatch) -> None:
    # A path relative to the repository, so the snapshot does not hold where the tests ran.
    monkeypatch.chdir(Path(__file__).parent.parent)

    async def run_before(pilot) -> None:
        await pilot.press("i")
        pilot.app.screen.query_one("#path", Input).value = "sample_data/signup_form.csv"
        await pilot.press("ctrl+k")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        pilot.app.screen.query_one("#mapping").focus()
        await pilot.press("down", "down", "down", "down", "down", "down")
        await pilot.pause()

    assert snap_compare(demo_app, terminal_size=(80, 24), run_before=run_before)
