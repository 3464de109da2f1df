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
