"""An exception that reaches Textual never exits 0: the app ends with an error, the data stays, and a log holds the traceback."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from rmtui.core.roster import list_participants
from rmtui.core.store import CohortStore
from rmtui.tui.app import RmtuiApp
from rmtui.tui.sections.roster import RosterScreen

MARKER = "a-local-nobody-should-read"


def crash_on_sort(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the roster's sort fail, with a local variable Textual's own report would print."""

    def boom(screen: RosterScreen) -> None:
        secret_in_a_local = MARKER  # noqa: F841 - Textual's own crash report would print it
        raise RuntimeError("a fault")

    monkeypatch.setattr(RosterScreen, "action_sort", boom)


async def test_a_crash_ends_the_app_with_an_error_and_keeps_only_the_bare_traceback(
    demo_app: RmtuiApp, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    crash_on_sort(monkeypatch)

    async def sort() -> None:
        async with demo_app.run_test(size=(80, 24)) as pilot:
            await pilot.press("s")
            await pilot.pause()

    with pytest.raises(RuntimeError, match="a fault"):
        await sort()
    assert demo_app.return_code == 1
    assert "RuntimeError: a fault" in demo_app.crash_report and MARKER not in demo_app.crash_report
    printed = capsys.readouterr()
    assert MARKER not in printed.out + printed.err


def test_the_command_exits_1_naming_the_log_and_the_data_is_safe(
    demo_path: Path, monkeypatch: pytest.MonkeyPatch, rmtui: Callable[..., Result]
) -> None:
    crash_on_sort(monkeypatch)
    run = RmtuiApp.run

    def run_and_sort(app: RmtuiApp) -> None:
        # No terminal here: run headless, and press s as the coordinator would once the roster shows.
        app.call_after_refresh(app.simulate_key, "s")
        run(app, headless=True, size=(80, 24))

    monkeypatch.setattr(RmtuiApp, "run", run_and_sort)
    before = demo_path.read_bytes()
    result = rmtui("--db", demo_path, "--section", "roster")
    log = demo_path.with_name("cohort.json.errors.log")
    assert result.exit_code == 1, result.output
    assert str(log) in result.output and "Traceback" not in result.output and MARKER not in result.output
    text = log.read_text()
    assert "RuntimeError: a fault" in text and MARKER not in text
    assert demo_path.read_bytes() == before
    with CohortStore.open(demo_path) as store:  # the lock was let go, and the file reads
        assert list_participants(store)
