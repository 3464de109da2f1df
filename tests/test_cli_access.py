"""``rmtui kiosk`` never starts unguarded, and ``rmtui coordinator-passphrase`` sets the guard."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from rmtui.cli import access as cli_access
from rmtui.cli.commands import main
from rmtui.core.access import (
    has_coordinator_passphrase,
    pending_setup_code,
    set_pair_passphrase,
    verify_coordinator_passphrase,
)
from rmtui.core.matching import pairs_by_id
from rmtui.core.store import CohortStore

STRONG = "plum kettle orbit 1987 lantern"
OTHER = "quiet harbour violin 42 parsnip"


def run(path: Path, *args: str, stdin: str = "") -> Result:
    """``rmtui --db path ARGS`` with ``stdin`` as its standard input (not a terminal)."""
    return CliRunner().invoke(main, ["--db", str(path), *args], input=stdin, env={"RMTUI_DB": ""})


def guarded(path: Path) -> bool:
    with CohortStore.open(path, read_only=True) as store:
        return has_coordinator_passphrase(store)


@pytest.fixture
def pair_mode_runs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record starts of pair mode and of the coordinator's app instead of opening a terminal UI."""
    started: list[str] = []
    monkeypatch.setattr(cli_access, "run_pair_mode", lambda store, **options: started.append("pair mode"))
    monkeypatch.setattr("rmtui.tui.app.RmtuiApp.run", lambda app: started.append("coordinator"))
    return started


def test_kiosk_without_a_coordinator_passphrase_stops_from_a_script(demo_path: Path, pair_mode_runs: list[str]) -> None:
    result = run(demo_path, "kiosk")
    assert result.exit_code == 1 and pair_mode_runs == []
    assert "needs a coordinator passphrase" in result.output
    assert f"rmtui --db '{demo_path}' coordinator-passphrase" in result.output
    assert "Traceback" not in result.output


def test_kiosk_on_a_terminal_asks_for_one_typed_twice(
    demo_path: Path, pair_mode_runs: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli_access, "_is_terminal", lambda: True)
    result = run(demo_path, "kiosk", stdin=f"{STRONG}\n{STRONG}x\n{STRONG}\n{STRONG}\n")
    assert result.exit_code == 0, result.output
    assert "does not match" in result.output, "the first two differed, so it asked again"
    assert pair_mode_runs == ["pair mode", "coordinator"]
    with CohortStore.open(demo_path) as store:
        verify_coordinator_passphrase(store, STRONG)


def test_set_from_a_script_on_one_line_then_change_and_remove(demo_path: Path) -> None:
    assert run(demo_path, "coordinator-passphrase", stdin=f"{STRONG}\n").exit_code == 0
    assert guarded(demo_path)
    refused = run(demo_path, "coordinator-passphrase", stdin=f"not it\n{OTHER}\n")
    assert refused.exit_code == 1 and "not the coordinator's passphrase" in refused.output
    assert run(demo_path, "coordinator-passphrase", stdin=f"{STRONG}\n{OTHER}\n").exit_code == 0
    with CohortStore.open(demo_path) as store:
        verify_coordinator_passphrase(store, OTHER)
    assert run(demo_path, "coordinator-passphrase", "--remove", stdin="wrong guess\n").exit_code == 1
    assert guarded(demo_path)
    assert run(demo_path, "coordinator-passphrase", "--remove", stdin=f"{OTHER}\n").exit_code == 0
    assert not guarded(demo_path)


def test_a_script_giving_nothing_or_a_weak_one_sets_nothing(demo_path: Path) -> None:
    empty = run(demo_path, "coordinator-passphrase", stdin="")
    assert empty.exit_code == 1 and "got nothing" in empty.output
    short = run(demo_path, "coordinator-passphrase", stdin="abc\n")
    assert short.exit_code == 1 and "Not set" in short.output
    assert not guarded(demo_path)


def test_on_a_terminal_it_asks_twice(demo_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli_access, "_is_terminal", lambda: True)
    result = run(demo_path, "coordinator-passphrase", stdin=f"{STRONG}\n{STRONG}\n")
    assert result.exit_code == 0, result.output
    assert "New coordinator passphrase:" in result.output and "The same passphrase again:" in result.output
    assert STRONG not in result.output, "typed hidden"
    assert guarded(demo_path)


def test_setup_codes_are_printed_again_until_used(demo_path: Path) -> None:
    first = run(demo_path, "setup-codes")
    assert first.exit_code == 0
    with CohortStore.open(demo_path, read_only=True) as store:
        waiting = {i: pending_setup_code(store, i) for i in pairs_by_id(store, active_only=True)}
    codes = {i: code for i, code in waiting.items() if code}
    assert codes and all(code in first.output for code in codes.values())
    assert waiting[1] is None and "Kwame Asante & Richard Pemberton-Hale" not in first.output, "pair 1 enrolled"
    assert run(demo_path, "setup-codes").output == first.output, "shown again, not replaced"
    with CohortStore.open(demo_path) as store:
        pair_id, code = next(iter(codes.items()))
        set_pair_passphrase(store, pair_id, STRONG, STRONG, setup_code=code)
    assert code not in run(demo_path, "setup-codes").output
