"""What the import-linter contracts in pyproject.toml cannot see: what a running command or start-up actually loads.

The contracts check imports as written; these run the code, so an import inside a function counts too.
"""

from __future__ import annotations

import subprocess
import sys


def loads_textual(code: str) -> str:
    """Run ``code`` in a fresh interpreter and return what it prints."""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    return result.stdout.strip()


def test_running_a_cli_command_does_not_load_textual(tmp_path) -> None:
    path = tmp_path / "cohort.json"
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from rmtui.cli.commands import main\n"
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
    code = "import rmtui.cli.launch, rmtui.tui.app, sys; print('rmtui.core.access.crypto' in sys.modules, 'textual' in sys.modules)"
    assert loads_textual(code) == "False True"
