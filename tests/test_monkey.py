"""The monkey test: seeded storms of random keys on every screen, typed faster than any pilot presses them.

People type ahead of the screen, and a terminal delivers a burst of keys all at once. Each storm
posts its keys straight into the app's queue, as the terminal's driver does, with no wait at all
or with short random waits between some of them, on every section of the coordinator's app and
every screen of pair mode; on the demo cohort, the finished demo, an empty cohort and a 300-person
cohort; at 80×24 and then, the terminal resized as a person would, at 120×40. After each storm:

- no exception reached Textual (``run_test`` raises any that did, when the app ends);
- the app still answers a known key (F1 opens or closes help; in pair mode ctrl+l locks);
- at the end, ``rmtui check`` passes on the file the storms changed.

A quick run for CI sends about 650 keys (a minute of CPU); ``--monkey-keys N`` (or RMTUI_MONKEY_KEYS=N)
sends N to each screen instead. Every storm is seeded by its test's id: a failure names its seed, and
the same command sends the same keys again. Each find is kept as a regular test beside the screen's.
"""

from __future__ import annotations

import asyncio
import random
import zlib
from collections.abc import Awaitable, Callable
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
from rmtui.tui.dialogs.help import HelpScreen
from rmtui.tui.kiosk.app import KioskApp
from rmtui.tui.kiosk.picker import PairPickerScreen
from rmtui.tui.kiosk.sheet import PairSheetScreen

# Keys per screen in the quick run: 48 sections and 16 pair-mode screens get 10 each, about 650 keys in all (about a minute of CPU; more with --monkey-keys).
QUICK_KEYS = 10
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
# In pair mode ctrl+q asks for the coordinator's passphrase.
PAIR_MODE_KEYS = [*COORDINATOR_KEYS, "ctrl+q"]


@pytest.fixture
def keys_per_screen(request: pytest.FixtureRequest) -> int:
    """``--monkey-keys N`` or RMTUI_MONKEY_KEYS, else the quick run's number."""
    return request.config.getoption("--monkey-keys") or QUICK_KEYS


@pytest.fixture
def rng(request: pytest.FixtureRequest) -> random.Random:
    """A generator seeded by the test's id, so a failing storm sends the same keys when run again."""
    return random.Random(zlib.crc32(request.node.nodeid.encode()))


@pytest.fixture
def cohort_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where the storm's cohort goes; the working folder too, so an export from a storm lands in tmp_path."""
    monkeypatch.chdir(tmp_path)
    return tmp_path / "cohort.json"


async def storm(
    pilot: Pilot, rng: random.Random, keys: list[str], count: int, type_ahead: Callable[..., Awaitable[None]]
) -> None:
    """Post ``count`` random keys into the app's queue: bursts with no wait, and now and then a short one."""
    burst: list[str] = []
    for _ in range(count):
        burst.append(rng.choice(keys))
        if rng.random() < 0.2:
            await type_ahead(pilot, *burst, settle=False)
            burst = []
            await asyncio.sleep(rng.uniform(0, 0.03))
    await type_ahead(pilot, *burst)


async def help_answers(pilot: Pilot, type_ahead: Callable[..., Awaitable[None]]) -> None:
    """F1 opens help, or closes it when a storm left it open: the app still answers a known key."""
    was_open = isinstance(pilot.app.screen, HelpScreen)
    await type_ahead(pilot, "f1")
    assert isinstance(pilot.app.screen, HelpScreen) != was_open, f"F1 did nothing on {pilot.app.screen!r}"
    if not was_open:
        await type_ahead(pilot, "f1")


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
    keys_per_screen: int,
    rng: random.Random,
    rmtui: Callable[..., Result],
    type_ahead: Callable[..., Awaitable[None]],
) -> None:
    cohort_path.write_bytes(monkey_cohorts[cohort].raw)
    app = build_app(cohort_path, section=None)
    async with app.run_test(size=SIZES["80x24"]) as pilot:
        # One app for both sizes: the terminal is resized, as a person would, and every section is stormed again.
        for size in SIZES.values():
            await pilot.resize_terminal(*size)
            for mode, _, key, _ in SECTIONS:
                # Back to the section's own screen, whatever the last storm left open.
                while len(app.screen_stack) > 1:
                    app.pop_screen()
                await type_ahead(pilot, key.lower())
                assert app.current_mode == mode
                await storm(pilot, rng, COORDINATOR_KEYS, keys_per_screen, type_ahead)
                await help_answers(pilot, type_ahead)
    app.store.close()
    assert_file_checks(cohort_path, rmtui)


async def unlock_first_pair(
    pilot: Pilot, passphrase: tuple[int, str], type_ahead: Callable[..., Awaitable[None]]
) -> None:
    """Open a pair's sheet from the pair list with its passphrase."""
    pair_id, value = passphrase
    table = pilot.app.screen.query_one("#pairs")
    table.move_cursor(row=table.get_row_index(str(pair_id)))  # type: ignore[attr-defined]
    await type_ahead(pilot, "enter")
    pilot.app.screen.query_one(Input).value = value
    await type_ahead(pilot, "enter")
    assert isinstance(pilot.app.screen, PairSheetScreen)


async def lock_answers(pilot: Pilot, type_ahead: Callable[..., Awaitable[None]]) -> None:
    """ctrl+l locks whatever a storm left open: the app still answers a known key."""
    await type_ahead(pilot, "ctrl+l")
    assert isinstance(pilot.app.screen, PairPickerScreen) and len(pilot.app.screen_stack) == 1


@pytest.mark.parametrize("cohort", ["demo", "finished", "empty", "300 people"])
async def test_storms_in_pair_mode(
    cohort: str,
    monkey_cohorts: dict[str, Any],  # conftest's MonkeyCohort
    cohort_path: Path,
    keys_per_screen: int,
    rng: random.Random,
    rmtui: Callable[..., Result],
    type_ahead: Callable[..., Awaitable[None]],
    today: date,
) -> None:
    cohort_path.write_bytes(monkey_cohorts[cohort].raw)
    app = KioskApp(CohortStore.open(cohort_path, today=lambda: today))
    app.animation_level = "none"
    passphrases = sorted(monkey_cohorts[cohort].passphrases.items())
    async with app.run_test(size=SIZES["80x24"]) as pilot:
        # A pair's sheet and its session log at both sizes first: a storm on the pair list types wrong
        # passphrases, and pair mode then makes that pair wait.
        for size in SIZES.values() if passphrases else ():
            await pilot.resize_terminal(*size)
            await unlock_first_pair(pilot, passphrases[0], type_ahead)
            await storm(pilot, rng, PAIR_MODE_KEYS, keys_per_screen, type_ahead)
            await lock_answers(pilot, type_ahead)
            await unlock_first_pair(pilot, passphrases[0], type_ahead)
            await type_ahead(pilot, "f8")
            await storm(pilot, rng, PAIR_MODE_KEYS, keys_per_screen, type_ahead)
            await lock_answers(pilot, type_ahead)
        for size in SIZES.values():
            await pilot.resize_terminal(*size)
            await storm(pilot, rng, PAIR_MODE_KEYS, keys_per_screen, type_ahead)
            await lock_answers(pilot, type_ahead)
    app.store.close()
    assert_file_checks(cohort_path, rmtui)
