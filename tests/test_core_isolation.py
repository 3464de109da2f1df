"""The core and the CLI's commands must not load Textual: it is slow to import and belongs to the screen."""

from __future__ import annotations

import subprocess
import sys

# Every module of the core, found by walking the package so a new one cannot be forgotten, and the CLI.
IMPORT_CORE = (
    "import importlib, pkgutil, rmtui.core, rmtui.cli, rmtui.cli_match, rmtui.cli_status\n"
    "for module in pkgutil.iter_modules(rmtui.core.__path__):\n"
    "    importlib.import_module('rmtui.core.' + module.name)\n"
)


def loads_textual(code: str) -> str:
    """Run ``code`` in a fresh interpreter and return what it prints."""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    return result.stdout.strip()


def test_importing_the_core_does_not_load_textual() -> None:
    code = IMPORT_CORE + "import sys; print('rmtui.core.report_export' in sys.modules, 'textual' in sys.modules)"
    assert loads_textual(code) == "True False"


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


def test_starting_the_app_loads_no_hashing_code_until_a_passphrase_is_asked_for() -> None:
    # Every start checks whether the coordinator's passphrase guards the cohort; that check is a lookup.
    code = "import rmtui.launch, rmtui.tui.app, sys; print('rmtui.core.crypto' in sys.modules, 'textual' in sys.modules)"
    assert loads_textual(code) == "False True"
