"""Pair mode on the shared machine: each pair reaches its own sheet and nothing else."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import TODAY, drawn_text
from textual.command import CommandPalette
from textual.widgets import DataTable, Input, Static, TextArea

from rmtui.cli.access import run_pair_mode
from rmtui.core.access import pending_setup_code, set_coordinator_passphrase
from rmtui.core.demo import DEMO_PASSPHRASES
from rmtui.core.goals import get_goal_sheet
from rmtui.core.matching import pairs_by_id
from rmtui.core.roster import list_participants
from rmtui.core.store import CohortStore
from rmtui.tui.dialogs.passphrase import CoordinatorPassphraseScreen
from rmtui.tui.kiosk.app import LEAVE_FOR_COORDINATOR, KioskApp
from rmtui.tui.kiosk.picker import PairPickerScreen
from rmtui.tui.kiosk.sheet import PairSheetScreen
from rmtui.tui.kiosk.unlock import PairPassphraseScreen
from rmtui.tui.sections.section import SectionScreen

SIZE = (100, 32)
AGREED, REVISED, DRAFT, NEW = 1, 2, 3, 4  # demo pair ids, in the states their names say
PASSPHRASES = {AGREED: DEMO_PASSPHRASES[0], REVISED: DEMO_PASSPHRASES[1], DRAFT: DEMO_PASSPHRASES[2]}
MARKER = "MARKER-kiosk-5e1d"
COORDINATOR = "gravel piano orbits 1962"


@pytest.fixture
def kiosk(demo_path: Path) -> Iterator[KioskApp]:
    """Pair mode on the demo cohort."""
    app = KioskApp(CohortStore.open(demo_path, today=lambda: TODAY))
    app.animation_level = "none"
    yield app
    app.store.close()


async def settle(app: KioskApp, pilot) -> None:
    """Wait for background work (scrypt, saves) and the redraws after it."""
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()


async def choose(app: KioskApp, pilot, pair_id: int) -> PairPassphraseScreen:
    """Pick a pair in the list; the passphrase prompt opens."""
    table = app.screen.query_one("#pairs", DataTable)
    table.move_cursor(row=table.get_row_index(str(pair_id)))
    await pilot.press("enter")
    assert isinstance(app.screen, PairPassphraseScreen)
    return app.screen


async def type_passphrase(app: KioskApp, pilot, *typed: str) -> None:
    """Fill the prompt's box (or both boxes) and press Enter."""
    boxes = list(app.screen.query(Input))
    for box, text in zip(boxes, typed, strict=True):
        box.value = text
    boxes[-1].focus()
    await pilot.press("enter")
    await settle(app, pilot)


async def unlock(app: KioskApp, pilot, pair_id: int) -> PairSheetScreen:
    """Open a demo pair's sheet with its passphrase."""
    await choose(app, pilot, pair_id)
    await type_passphrase(app, pilot, PASSPHRASES[pair_id])
    assert isinstance(app.screen, PairSheetScreen) and app.screen.pair_id == pair_id
    return app.screen


def names_of(store: CohortStore, pair_id: int) -> list[str]:
    """The mentor's and the mentee's names."""
    pair = pairs_by_id(store)[pair_id]
    names = {p.email: p.name for p in list_participants(store)}
    return [names[pair.mentor], names[pair.mentee]]


def other_pairs_goal_titles(store: CohortStore, pair_id: int) -> set[str]:
    """Goal titles on every other pair's sheet."""
    titles = set()
    for other in pairs_by_id(store):
        sheet = get_goal_sheet(store, other)
        if other != pair_id and sheet:
            titles |= {g.title for g in sheet.goals}
    return titles - {g.title for g in get_goal_sheet(store, pair_id).goals}


async def test_the_picker_shows_pair_names_only(kiosk: KioskApp) -> None:
    async with kiosk.run_test(size=SIZE):
        table = kiosk.screen.query_one("#pairs", DataTable)
        assert isinstance(kiosk.screen, PairPickerScreen) and table.row_count == 16
        assert [cell.plain for cell in table.get_row(str(AGREED))] == names_of(kiosk.store, AGREED)
        screen_text = drawn_text(kiosk)
        assert not any(g.title in screen_text for g in get_goal_sheet(kiosk.store, AGREED).goals)


async def test_a_new_pair_enrols_with_its_setup_code_and_a_strong_passphrase_typed_twice(kiosk: KioskApp) -> None:
    code = pending_setup_code(kiosk.store, NEW)
    strong = "lemon quartz umbrella 1871"
    async with kiosk.run_test(size=SIZE) as pilot:
        prompt = await choose(kiosk, pilot, NEW)
        assert len(prompt.query(Input)) == 3
        problem = prompt.query_one("#passphrase-problem", Static)
        await type_passphrase(kiosk, pilot, "WRNG-CODE", strong, strong)
        assert "not this pair's setup code" in str(problem.render())
        await type_passphrase(kiosk, pilot, code, "short", "short")
        assert "use at least 6" in str(problem.render())
        await type_passphrase(kiosk, pilot, code, "123456789", "123456789")
        assert "too easy to guess" in str(problem.render())
        await type_passphrase(kiosk, pilot, code, strong, strong + "x")
        assert "second passphrase does not match" in str(problem.render()).lower()
        await type_passphrase(kiosk, pilot, code.lower().replace("-", " "), strong, strong)
        assert isinstance(kiosk.screen, PairSheetScreen) and kiosk.screen.pair_id == NEW
        assert pending_setup_code(kiosk.store, NEW) is None, "the code is used up"
        assert get_goal_sheet(kiosk.store, NEW).state == "draft"  # opening it started it


async def test_lockout_after_five_wrong_tries(kiosk: KioskApp) -> None:
    async with kiosk.run_test(size=SIZE) as pilot:
        prompt = await choose(kiosk, pilot, DRAFT)
        for _ in range(5):
            await type_passphrase(kiosk, pilot, "not it at all")
        message = str(prompt.query_one("#passphrase-problem", Static).render())
        assert "30 seconds" in message or "locked" in message.lower()
        await type_passphrase(kiosk, pilot, PASSPHRASES[DRAFT])  # even the right one waits out the lock
        assert kiosk.screen is prompt


async def test_lock_key_and_idle_lock_return_to_the_picker(kiosk: KioskApp) -> None:
    async with kiosk.run_test(size=SIZE) as pilot:
        await unlock(kiosk, pilot, DRAFT)
        await pilot.press("ctrl+l")
        assert isinstance(kiosk.screen, PairPickerScreen) and len(kiosk.screen_stack) == 1
        await unlock(kiosk, pilot, DRAFT)
        kiosk.idle_seconds = 0
        kiosk.lock_if_idle()
        await pilot.pause()
        assert isinstance(kiosk.screen, PairPickerScreen)


async def test_no_key_leads_out_of_the_pairs_own_sheet(kiosk: KioskApp) -> None:
    keys = [f"f{n}" for n in range(1, 13)] + [f"ctrl+{c}" for c in "abcdefghijknoprtuvwxyz"]
    keys += ["tab", "shift+tab", "escape", "question_mark", "enter"]
    async with kiosk.run_test(size=SIZE) as pilot:
        sheet = await unlock(kiosk, pilot, AGREED)
        forbidden = other_pairs_goal_titles(kiosk.store, AGREED)
        assert forbidden
        for key in keys:
            await pilot.press(key)
            await settle(kiosk, pilot)
            assert not isinstance(kiosk.screen, CommandPalette)
            assert all(s is sheet or s.is_modal for s in kiosk.screen_stack[1:]), key
            screen_text = drawn_text(kiosk)
            assert not any(title in screen_text for title in forbidden), key
            while kiosk.screen is not sheet:  # close whatever dialog the key opened
                await pilot.press("escape")
                await pilot.pause()


async def test_leaving_pair_mode_needs_the_coordinator_passphrase(kiosk: KioskApp) -> None:
    set_coordinator_passphrase(kiosk.store, COORDINATOR)
    async with kiosk.run_test(size=SIZE) as pilot:
        await unlock(kiosk, pilot, DRAFT)
        await pilot.press("ctrl+q")
        assert isinstance(kiosk.screen, CoordinatorPassphraseScreen)
        assert len(kiosk.screen_stack) == 2, "the pair's sheet was locked first"
        await type_passphrase(kiosk, pilot, "guess-guess")
        assert isinstance(kiosk.screen, CoordinatorPassphraseScreen)
        await type_passphrase(kiosk, pilot, COORDINATOR)
    assert kiosk.return_value == LEAVE_FOR_COORDINATOR


async def test_confidential_fields_are_sealed_and_read_back(kiosk: KioskApp, demo_path: Path) -> None:
    async with kiosk.run_test(size=SIZE) as pilot:
        sheet = await unlock(kiosk, pilot, DRAFT)
        for name in ("sensitivities", "disagreements", "notes"):
            sheet.query_one(f"#{name}", TextArea).load_text(f"{MARKER} in {name}")
        await pilot.press("ctrl+s")
        await settle(kiosk, pilot)
        assert MARKER.encode() not in demo_path.read_bytes()
        await pilot.press("ctrl+l")
        sheet = await unlock(kiosk, pilot, DRAFT)
        assert sheet.query_one("#notes", TextArea).text == f"{MARKER} in notes"
        assert sheet.query_one("#sensitivities", TextArea).text == f"{MARKER} in sensitivities"
    for path in demo_path.parent.rglob("*"):
        if path.is_file():
            assert MARKER.encode() not in path.read_bytes(), path


async def test_fill_in_agree_and_revise(kiosk: KioskApp) -> None:
    async with kiosk.run_test(size=SIZE) as pilot:
        sheet = await unlock(kiosk, pilot, AGREED)
        assert sheet.query_one("#purpose", TextArea).disabled, "an agreed sheet is read-only"
        await pilot.press("f7")
        await settle(kiosk, pilot)
        revised = get_goal_sheet(kiosk.store, AGREED)
        assert revised.state == "revised draft" and len(revised.earlier) == 1
        sheet.query_one("#purpose", TextArea).load_text("Learn how the graduate intake really uses AI tools.")
        await pilot.press("ctrl+s")
        await settle(kiosk, pilot)
        assert get_goal_sheet(kiosk.store, AGREED).purpose.startswith("Learn how the graduate intake")
        await pilot.press("f5", "f6")
        await settle(kiosk, pilot)
        agreed = get_goal_sheet(kiosk.store, AGREED)
        assert agreed.state == "agreed" and agreed.mentee_agreed_on == agreed.mentor_agreed_on == TODAY


def not_coordinator(app: KioskApp) -> None:
    """Pair mode is still running and shows no coordinator section."""
    assert app.is_running and app.return_value is None
    assert not any(isinstance(screen, SectionScreen) for screen in app.screen_stack)


async def test_at_the_default_setup_nothing_ends_pair_mode(kiosk: KioskApp) -> None:
    """No coordinator passphrase set (the demo's, and every new cohort's): ctrl+q must still not leave."""
    keys = ["ctrl+q", "escape", "ctrl+c", "ctrl+z", "ctrl+backslash", "ctrl+d", "ctrl+l", "ctrl+s", "ctrl+p"]
    keys += [f"f{n}" for n in range(1, 13)]
    async with kiosk.run_test(size=SIZE) as pilot:
        for key in keys:  # on the pair list
            await pilot.press(key)
            await settle(kiosk, pilot)
            not_coordinator(kiosk)
        await choose(kiosk, pilot, DRAFT)
        for key in keys:  # on a pair's prompt, then its sheet and whatever the key opened there
            await pilot.press(key)
            await settle(kiosk, pilot)
            not_coordinator(kiosk)
        await unlock(kiosk, pilot, DRAFT)
        for key in keys:
            await pilot.press(key)
            await settle(kiosk, pilot)
            not_coordinator(kiosk)
            assert not isinstance(kiosk.screen, CommandPalette)


async def test_the_idle_lock_runs_on_real_time(demo_path: Path) -> None:
    app = KioskApp(CohortStore.open(demo_path, today=lambda: TODAY), idle_minutes=0.02)  # 1.2 seconds
    async with app.run_test(size=SIZE) as pilot:
        await unlock(app, pilot, DRAFT)
        last_key = app.last_activity
        while isinstance(app.screen, PairSheetScreen) and time.monotonic() - last_key < 5:
            await asyncio.sleep(0.05)
        assert isinstance(app.screen, PairPickerScreen) and len(app.screen_stack) == 1
        idle = time.monotonic() - last_key
        assert 1.2 <= idle < 3.5, f"locked {idle:.1f} s after the last key: the limit, then the next check"
    app.store.close()


async def test_locking_empties_the_clipboard_of_the_app_and_the_terminal(
    kiosk: KioskApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent: list[str] = []
    async with kiosk.run_test(size=SIZE) as pilot:
        sheet = await unlock(kiosk, pilot, DRAFT)
        notes = sheet.query_one("#notes", TextArea)
        notes.load_text(f"{MARKER} copied")
        notes.focus()
        notes.select_all()
        await pilot.press("ctrl+c")
        assert kiosk.clipboard == f"{MARKER} copied"
        # The terminal's clipboard is set with OSC 52, written to the terminal by the driver.
        monkeypatch.setattr(type(kiosk._driver), "write", lambda driver, data: sent.append(data))
        await pilot.press("ctrl+l")
        assert kiosk.clipboard == ""
        assert "\x1b]52;c;\a" in sent, "OSC 52 with nothing in it"


async def test_a_crash_shows_no_local_variables_and_ends_with_an_error(
    kiosk: KioskApp, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def boom(screen: PairPickerScreen) -> None:
        secret_in_a_local = f"{MARKER}-local"  # noqa: F841 - Textual's own crash report would print it
        raise RuntimeError("a fault")

    monkeypatch.setattr(PairPickerScreen, "action_open", boom)
    with pytest.raises(RuntimeError):
        async with kiosk.run_test(size=SIZE) as pilot:
            await pilot.press("enter")
            await pilot.pause()
    assert kiosk.return_code == 1 and kiosk.return_value is None
    assert "RuntimeError: a fault" in kiosk.crash_report and MARKER not in kiosk.crash_report
    printed = capsys.readouterr()
    assert MARKER not in printed.out + printed.err


def test_pair_mode_starts_again_after_anything_but_the_coordinators_passphrase(
    demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outcomes = iter([None, None, LEAVE_FOR_COORDINATOR])
    started: list[Path | None] = []

    def run(app: KioskApp) -> str | None:
        started.append(app.crash_log)
        app.crash_report = "Traceback: a fault\n"
        return next(outcomes)

    monkeypatch.setattr(KioskApp, "run", run)
    log = demo_path.with_name("errors.log")
    with CohortStore.open(demo_path) as store:
        run_pair_mode(store, idle_minutes=5, crash_log=log)
    assert started == [None, log, log], "started three times; the second and third say where the errors are"
    assert log.read_text().count("Traceback: a fault") == 2
