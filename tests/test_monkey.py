"""The monkey test: seeded storms of random keys on every screen, typed faster than any pilot presses them.

People type ahead of the screen, and a terminal delivers a burst of keys all at once. Each storm
posts its keys straight into the app's queue, as the terminal's driver does: half the storms in one
burst with no wait at all, half with short random waits between bursts. They reach every section
of the coordinator's app and every screen of pair mode (the pair list, a pair's sheet and its
session log); on the demo cohort, the finished demo, an empty cohort and a 300-person cohort; at
80×24 and then, the terminal resized as a person would, at 120×40. After each storm:

- no key is still held (``CohortApp.typed_ahead``), and the app answers a known key: the next
  section's F-key (F1 opens help after the last storm); in pair mode ctrl+l locks;
- no exception reached Textual (``run_test`` raises any that did, when the app ends);
- at the end, ``rmtui check`` passes on the file the storms changed.

A quick run for CI sends 45 keys in each of 68 storms, 3,060 keys in all; ``--monkey-keys N`` (or
RMTUI_MONKEY_KEYS=N) sends N in each storm instead. Every storm is seeded by its test's id: a failure prints the seed, the command that sends the same keys again and every key
sent, screen by screen. Each find is kept as a regular test beside the screen's.
"""

from __future__ import annotations

import asyncio
import random
import zlib
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from textual.pilot import Pilot
from textual.widgets import Input

from rmtui.core.store import CohortStore
from rmtui.sections import SECTIONS
from rmtui.tui.app import RmtuiApp
from rmtui.tui.cohort_app import CohortApp
from rmtui.tui.dialogs.help import HelpScreen
from rmtui.tui.kiosk.app import KioskApp
from rmtui.tui.kiosk.picker import PairPickerScreen
from rmtui.tui.kiosk.sheet import PairSheetScreen

# Keys per screen in the quick run: 48 sections and 20 pair-mode screens get 45 each, 3,060 keys in all.
QUICK_KEYS = 45
SIZES = {"80x24": (80, 24), "120x40": (120, 40)}

# Every printable key, the keys that move and edit, every F-key and the control keys the screens bind.
# Left out: ctrl+q in the coordinator's app (it quits, as it should), q (it goes back, and on a section
# quits too), ctrl+p (the palette can run Quit), ctrl+c and ctrl+z (the terminal's own).
PRINTABLE = [*"abcdefghijklmnoprstuvwxyzACDEFNRST0123456789", "slash", "question_mark", "minus", "full_stop", "space"]
MOVING = ["up", "down", "left", "right", "home", "end", "pageup", "pagedown", "delete"]
MOVING += ["enter", "tab", "shift+tab", "escape", "backspace"]
FKEYS = [f"f{n}" for n in range(1, 9)]
CONTROL = ["ctrl+s", "ctrl+k", "ctrl+l", "ctrl+a", "ctrl+e", "ctrl+u", "ctrl+n", "ctrl+r"]
COORDINATOR_KEYS = PRINTABLE + MOVING + FKEYS + CONTROL
# In pair mode F10 opens a check-in and ctrl+q asks for the coordinator's passphrase.
PAIR_MODE_KEYS = [*COORDINATOR_KEYS, "f10", "ctrl+q"]
# Keys that take a storm off the screen it storms (to another section, to help, back to the pair list)
# come a fifth as often as the rest, so that most of a storm's keys reach its own screen.
LEAVING = {"coordinator": {*FKEYS[:7], "question_mark"}, "pair mode": {"f1", "question_mark", "ctrl+l", "ctrl+q"}}
LEAVING_WEIGHT = 0.2


@pytest.fixture
def keys_per_screen(request: pytest.FixtureRequest) -> int:
    """``--monkey-keys N`` or RMTUI_MONKEY_KEYS, else the quick run's number."""
    return request.config.getoption("--monkey-keys") or QUICK_KEYS


@dataclass
class Storms:
    """Seeded random keys for one test, and a record of every storm sent, to replay a find."""

    nodeid: str
    keys_per_screen: int
    seed: int = 0
    sent: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.seed = zlib.crc32(self.nodeid.encode())
        self.rng = random.Random(self.seed)

    def keys(self, app: str, screen: str, count: int) -> list[str]:
        """``count`` random keys for ``screen`` of ``app`` ("coordinator" or "pair mode"), recorded."""
        keys = PAIR_MODE_KEYS if app == "pair mode" else COORDINATOR_KEYS
        weights = [LEAVING_WEIGHT if key in LEAVING[app] else 1.0 for key in keys]
        chosen = self.rng.choices(keys, weights, k=count)
        self.sent.append(f"{screen}: {' '.join(chosen)}")
        return chosen

    def replay(self) -> str:
        """What a failure prints: the seed, the command that sends the same keys again, and every key sent."""
        return "\n".join([
            f"Monkey seed {self.seed} (crc32 of the test id); the same keys again:",
            f"  pytest -n 0 '{self.nodeid}' --monkey-keys {self.keys_per_screen}",
            f"Keys sent, storm by storm ({len(self.sent)} storms, the last one when it failed):",
            *self.sent,
        ])  # fmt: skip


@pytest.fixture
def storms(request: pytest.FixtureRequest, keys_per_screen: int) -> Storms:
    """Storms seeded by the test's id, so a failing storm sends the same keys when run again."""
    return Storms(request.node.nodeid, keys_per_screen)


@contextmanager
def replayable(storms: Storms) -> Iterator[None]:
    """Any failure, or an exception that reached Textual, fails the test with the keys that led to it."""
    try:
        yield
    except Exception as error:
        # An exception raised as the app shuts down (a key still on its way) hides the failure before it.
        causes = [error]
        while causes[-1].__context__ is not None:
            causes.append(causes[-1].__context__)
        what = "\n  while handling ".join(f"{type(cause).__name__}: {cause}" for cause in causes)
        pytest.fail(f"{what}\n{storms.replay()}")


@pytest.fixture
def cohort_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where the storm's cohort goes; the working folder too, so an export from a storm lands in tmp_path."""
    monkeypatch.chdir(tmp_path)
    return tmp_path / "cohort.json"


async def storm(
    pilot: Pilot, storms: Storms, app: str, screen: str, type_ahead: Callable[..., Awaitable[None]]
) -> None:
    """Post random keys into the app's queue, then wait until each has been handed on and done its work.

    A storm on an odd-numbered screen posts them all at once; on an even one, in bursts with a short
    random wait (up to 30 ms) after each.
    """
    keys = storms.keys(app, screen, storms.keys_per_screen)
    if len(storms.sent) % 2:
        await type_ahead(pilot, *keys)
        return
    burst: list[str] = []
    for key in keys:
        burst.append(key)
        if storms.rng.random() < 0.2:
            await type_ahead(pilot, *burst, settle=False)
            burst = []
            await asyncio.sleep(storms.rng.uniform(0, 0.03))
    await type_ahead(pilot, *burst)


def assert_no_key_held(app: CohortApp[Any]) -> None:
    """Every key of the storm has been handed on: none is waiting for a screen that never gets built."""
    assert not app.typed_ahead and not app.key_in_flight, (
        f"keys still held on {app.screen!r} (mounted: {app.screen.is_mounted}, settled: {app.settled_screen!r}, "
        f"a key in flight: {app.key_in_flight}, keys handed on: {app.keys_handed_on}): {app.typed_ahead}"
    )


async def help_answers(pilot: Pilot, type_ahead: Callable[..., Awaitable[None]]) -> None:
    """F1 opens help, or closes it when a storm left it open: the app still answers a known key."""
    was_open = isinstance(pilot.app.screen, HelpScreen)
    await type_ahead(pilot, "f1")
    assert isinstance(pilot.app.screen, HelpScreen) != was_open, f"F1 did nothing on {pilot.app.screen!r}"


def assert_file_checks(path: Path, rmtui: Callable[..., Result]) -> None:
    """``rmtui check`` passes on the file the storms changed."""
    result = rmtui("--db", path, "check")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("cohort", ["demo", "finished", "empty", "300 people"])
async def test_storms_on_every_section(
    cohort: str,
    monkey_cohorts: dict[str, Any],  # conftest's MonkeyCohort
    cohort_path: Path,
    build_app: Callable[..., RmtuiApp],
    storms: Storms,
    rmtui: Callable[..., Result],
    type_ahead: Callable[..., Awaitable[None]],
) -> None:
    cohort_path.write_bytes(monkey_cohorts[cohort].raw)
    app = build_app(cohort_path, section=None)
    with replayable(storms):
        async with app.run_test(size=SIZES["80x24"]) as pilot:
            # One app for both sizes: the terminal is resized, as a person would, and every section is stormed again.
            for size_name, size in SIZES.items():
                await pilot.resize_terminal(*size)
                for mode, _, key, _ in SECTIONS:
                    # Back to a section's own screen, whatever the last storm left open; its F-key is the known
                    # key the app must still answer.
                    while len(app.screen_stack) > 1:
                        await app.pop_screen()
                    await type_ahead(pilot, key.lower())
                    assert app.current_mode == mode, f"{key} did not open {mode} on {app.screen!r}"
                    await storm(pilot, storms, "coordinator", f"{mode} at {size_name}", type_ahead)
                    assert_no_key_held(app)
            await help_answers(pilot, type_ahead)
        app.store.close()
        assert_file_checks(cohort_path, rmtui)


async def give_passphrase(pilot: Pilot, passphrase: str, type_ahead: Callable[..., Awaitable[None]]) -> None:
    """Type ``passphrase`` into the prompt on top, and Enter."""
    pilot.app.screen.query_one(Input).value = passphrase
    await type_ahead(pilot, "enter")


async def unlock_first_pair(
    pilot: Pilot, passphrase: tuple[int, str], type_ahead: Callable[..., Awaitable[None]]
) -> None:
    """Open a pair's sheet from the pair list with its passphrase."""
    pair_id, value = passphrase
    table = pilot.app.screen.query_one("#pairs")
    table.move_cursor(row=table.get_row_index(str(pair_id)))  # type: ignore[attr-defined]
    await type_ahead(pilot, "enter")
    await give_passphrase(pilot, value, type_ahead)
    assert isinstance(pilot.app.screen, PairSheetScreen)


async def lock_answers(pilot: Pilot, type_ahead: Callable[..., Awaitable[None]]) -> None:
    """ctrl+l locks whatever a storm left open: the app still answers a known key."""
    assert isinstance(pilot.app, CohortApp)
    assert_no_key_held(pilot.app)
    await type_ahead(pilot, "ctrl+l")
    assert isinstance(pilot.app.screen, PairPickerScreen) and len(pilot.app.screen_stack) == 1


@pytest.mark.parametrize("cohort", ["demo", "finished", "empty", "300 people"])
async def test_storms_in_pair_mode(
    cohort: str,
    monkey_cohorts: dict[str, Any],  # conftest's MonkeyCohort
    cohort_path: Path,
    storms: Storms,
    rmtui: Callable[..., Result],
    type_ahead: Callable[..., Awaitable[None]],
    today: date,
) -> None:
    cohort_path.write_bytes(monkey_cohorts[cohort].raw)
    app = KioskApp(CohortStore.open(cohort_path, today=lambda: today))
    app.animation_level = "none"
    passphrases = sorted(monkey_cohorts[cohort].passphrases.items())
    with replayable(storms):
        async with app.run_test(size=SIZES["80x24"]) as pilot:
            # A pair's sheet and its session log at both sizes first: a storm on the pair list types wrong
            # passphrases, and pair mode then makes that pair wait.
            for size_name, size in SIZES.items() if passphrases else ():
                await pilot.resize_terminal(*size)
                await unlock_first_pair(pilot, passphrases[0], type_ahead)
                await storm(pilot, storms, "pair mode", f"the sheet at {size_name}", type_ahead)
                await lock_answers(pilot, type_ahead)
                await unlock_first_pair(pilot, passphrases[0], type_ahead)
                await type_ahead(pilot, "f8")
                await storm(pilot, storms, "pair mode", f"the session log at {size_name}", type_ahead)
                await lock_answers(pilot, type_ahead)
            for size_name, size in SIZES.items():
                await pilot.resize_terminal(*size)
                await storm(pilot, storms, "pair mode", f"the pair list at {size_name}", type_ahead)
                await lock_answers(pilot, type_ahead)
        app.store.close()
        assert_file_checks(cohort_path, rmtui)
