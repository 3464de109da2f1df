"""Snapshots of the goals section and the template editor. Each SVG was opened and looked at before it was accepted."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from test_tui_goals import goals_app
from textual.widgets import Input

from rmtui.tui.app import RmtuiApp
from rmtui.tui.screens.goals import GoalsScreen
from rmtui.tui.widgets import sections

REVISED = 2  # the demo's pair whose agreed sheet is being revised


@pytest.fixture
def app(demo_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[RmtuiApp]:
    """The app on the demo cohort, with the section bar as it reads once the goals section is registered."""
    if not any(mode == "goals" for mode, *_ in sections.SECTIONS):
        monkeypatch.setattr(sections, "SECTIONS", (*sections.SECTIONS, ("goals", "Goals", "F5")))
    app = goals_app(demo_path)
    yield app
    app.store.close()


async def open_goals(pilot) -> None:
    """Show the goals section with the revised pair selected: three goals, one agreement."""
    screen = GoalsScreen()
    await pilot.app.push_screen(screen)
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
