"""Snapshots of the goals section and the template editor. Each SVG was opened and looked at before it was accepted."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from rmtui.tui.app import RmtuiApp

REVISED = 2  # the demo's pair whose agreed sheet is being revised


@pytest.fixture
def app(demo_app: RmtuiApp) -> RmtuiApp:
    """The app on the demo cohort."""
    return demo_app


async def open_goals(pilot) -> None:
    """Show the goals section (F5) with the revised pair selected: three goals, one agreement."""
    await pilot.press("f5")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.press("down")
    await pilot.pause()


async def edit_template(pilot) -> None:
    """Open the general template in the editor."""
    await open_goals(pilot)
    await pilot.press("m", "down", "down", "e")
    await pilot.pause()


async def new_template_with_errors(pilot) -> None:
    """A new template saved without a name, and with a suggested goal missing its owner."""
    await open_goals(pilot)
    await pilot.press("m", "n")
    form = pilot.app.screen
    form.query_one("#description", Input).value = "[bold]For pairs[/bold] who work across sites"
    form.query_one("#suggested_goals").load_text("Run one meeting remote-first")
    await pilot.press("ctrl+s")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_goals_100x32(snap_compare, app) -> None:
    assert snap_compare(app, terminal_size=(100, 32), run_before=open_goals)


def test_goals_80x24(snap_compare, app) -> None:
    assert snap_compare(app, terminal_size=(80, 24), run_before=open_goals)


def test_template_editor_100x32(snap_compare, app) -> None:
    assert snap_compare(app, terminal_size=(100, 32), run_before=edit_template)


def test_template_editor_80x24(snap_compare, app) -> None:
    assert snap_compare(app, terminal_size=(80, 24), run_before=new_template_with_errors)
