"""The core and the CLI's commands must not load Textual: it is slow to import and belongs to the screen."""

from __future__ import annotations

import subprocess
import sys

CORE_MODULES = (
    "rmtui.core.store, rmtui.core.roster, rmtui.core.roster_import, rmtui.core.roster_csv, rmtui.core.check, "
    "rmtui.core.demo, rmtui.core.recovery, rmtui.core.participants, rmtui.core.paths, rmtui.cli, "
    "rmtui.core.matching, rmtui.core.match_grid, rmtui.core.match_explain, rmtui.core.pairs, rmtui.cli_match, "
    "rmtui.core.templates, rmtui.core.goal_sheets, rmtui.core.pair_access, rmtui.core.crypto, rmtui.core.demo_sheets, "
    "rmtui.core.template_texts, rmtui.core.sheet_views"
)


def loads_textual(code: str) -> str:
    """Run ``code`` in a fresh interpreter and return what it prints."""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    return result.stdout.strip()


def test_importing_the_core_does_not_load_textual() -> None:
    code = f"import {CORE_MODULES}; import sys; print('textual' in sys.modules)"
    assert loads_textual(code) == "False"


def test_the_check_is_able_to_see_textual() -> None:
    # Guards the test above: the same probe does notice Textual when it is imported.
    assert loads_textual("import rmtui.tui.app, sys; print('textual' in sys.modules)") == "True"


def test_running_a_cli_command_does_not_load_textual(tmp_path) -> None:
    path = tmp_path / "cohort.json"
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from rmtui.cli import main\n"
        f"result = CliRunner().invoke(main, ['--db', {str(path)!r}, 'demo', '--no-open'])\n"
        "assert result.exit_code == 0, result.output\n"
        f"result = CliRunner().invoke(main, ['--db', {str(path)!r}, 'check'])\n"
        "assert result.exit_code == 0, result.output\n"
        "print('textual' in sys.modules)"
    )
    assert loads_textual(code) == "False"
    assert path.exists()
