"""The ``rmtui`` entry point: opening the app without click, and handing everything else to the click CLI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from rmtui.cli import launch
from rmtui.core.store import CohortStore
from rmtui.sections import SECTION_NAMES, SECTIONS


@pytest.mark.parametrize(
    ("args", "options"),
    [
        ([], (None, None)),
        (["--db", "c.json"], (Path("c.json"), None)),
        (["--db=c.json", "--section", "roster"], (Path("c.json"), "roster")),
        (["--section=report"], (None, "report")),
        (["--section", "goals", "--section", "settings"], (None, "settings")),
    ],
)
def test_a_command_line_that_only_opens_the_app_is_read_without_click(
    args: list[str], options: tuple[Path | None, str | None]
) -> None:
    assert launch.app_options(args) == options


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["-h"],
        ["--version"],
        ["check"],
        ["--db", "c.json", "demo"],
        ["--section", "nowhere"],
        ["--section"],
        ["--db"],
        ["--db="],
        ["--db", "--section", "roster"],
        ["--db", "."],
        ["--", "check"],
    ],
)
def test_anything_else_goes_to_click(args: list[str]) -> None:
    assert launch.app_options(args) is None


def test_opening_the_app_loads_neither_click_nor_the_commands(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from rmtui.cli import launch\n"
        "from rmtui.tui import app\n"
        "app.open_app = lambda path, section: print(path.name, section, 'click' in sys.modules)\n"
        "launch.main(['--db', sys.argv[1], '--section', 'matching'])\n"
    )
    argv = [sys.executable, "-c", code, str(tmp_path / "c.json")]
    done = subprocess.run(argv, capture_output=True, text=True, check=False)
    assert done.stdout.split() == ["c.json", "matching", "False"], done.stderr


def test_a_cohort_that_cannot_open_is_reported_as_every_command_reports_it(tmp_path: Path) -> None:
    db = tmp_path / "cohort.json"
    with CohortStore.open(db):
        done = subprocess.run(
            [sys.executable, "-m", "rmtui", "--db", str(db), "--section", "roster"],
            capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL, check=False,
        )  # fmt: skip
    assert done.returncode == 1
    assert done.stderr.startswith(f"Error: {db} is already open in another rmtui.")
    assert "Traceback" not in done.stderr


def test_every_section_is_a_mode_of_the_app_and_has_an_f_key() -> None:
    from rmtui.tui.app import RmtuiApp

    assert set(SECTION_NAMES) == set(RmtuiApp.MODES)
    keys = {binding.action: binding.key for binding in RmtuiApp.BINDINGS if binding.action.startswith("switch_mode")}
    assert [keys[f"switch_mode('{mode}')"].upper() for mode, *_ in SECTIONS] == [key for _, _, key, _ in SECTIONS]
    assert [key for _, _, key, _ in SECTIONS] == ["F2", "F3", "F4", "F5", "F6", "F7"], "in the order of use"


async def test_a_sections_first_opening_does_not_reparse_the_stylesheets(
    demo_path: Path, build_app, settle, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every stylesheet loads at start-up, so opening a section parses no CSS again (about 40 ms each time)."""
    app = build_app(demo_path, "roster")
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        reparsed: list[str] = []
        reparse = app.stylesheet.reparse
        monkeypatch.setattr(app.stylesheet, "reparse", lambda: reparsed.append(app.current_mode) or reparse())
        for key in ("f7", "f4", "f2"):  # settings, matching, the dashboard: each opened for the first time
            await pilot.press(key)
            await settle(pilot)
        assert app.current_mode == "dashboard"
        assert reparsed == [], f"opening {reparsed} re-parsed every stylesheet"
        # A new theme changes the CSS variables: then the stylesheets are parsed again and every screen restyled,
        # the sections not on show too.
        background = app.screen.styles.background
        app.theme = "textual-light"
        await settle(pilot)
        assert reparsed and app.screen.styles.background != background
        for key in ("f7", "f4", "f3"):  # opened before the new theme, and the roster, opened first
            await pilot.press(key)
            await settle(pilot)
            assert app.screen.styles.background != background, f"{app.current_mode} kept the old theme"
