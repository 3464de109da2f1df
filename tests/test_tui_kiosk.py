"""Pair mode on the shared machine: each pair reaches its own sheet and nothing else."""

from __future__ import annotations

import asyncio
import time
from datetime import date
from pathlib import Path

import pytest
from rich.table import Table
from textual import events
from textual.binding import Binding
from textual.command import CommandList, CommandPalette
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static, TextArea

from rmtui.cli.access import run_pair_mode
from rmtui.core.access import pending_setup_code, set_coordinator_passphrase
from rmtui.core.demo import DEMO_PASSPHRASES
from rmtui.core.goals import get_goal_sheet
from rmtui.core.matching import pairs_by_id
from rmtui.core.roster import list_participants
from rmtui.core.store import CohortStore
from rmtui.tui.dialogs.passphrase import CoordinatorPassphraseScreen
from rmtui.tui.forms.check_in import CheckInForm
from rmtui.tui.forms.goal import GoalForm
from rmtui.tui.forms.session import SessionForm
from rmtui.tui.kiosk.app import LEAVE_FOR_COORDINATOR, KioskApp
from rmtui.tui.kiosk.help import PairHelpScreen
from rmtui.tui.kiosk.picker import PairPickerScreen
from rmtui.tui.kiosk.session_log import SessionLogScreen
from rmtui.tui.kiosk.sheet import PairSheetScreen
from rmtui.tui.sections.section import SectionScreen

SIZE = (100, 32)
AGREED, REVISED, DRAFT, NEW = 1, 2, 3, 4  # demo pair ids, in the states their names say
DRAFT_PASSPHRASE = DEMO_PASSPHRASES[2]  # the demo's passphrase for its draft pair
MARKER = "MARKER-kiosk-5e1d"
COORDINATOR = "gravel piano orbits 1962"


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


def pair_mode_actions(screen: Screen) -> set[str]:
    """What pair mode's palette may offer on ``screen``: the described bindings of that screen and of KioskApp."""
    bindings = [*type(screen).BINDINGS, *KioskApp.BINDINGS]
    return {b.description for b in bindings if isinstance(b, Binding) and b.description}


def palette_titles(app: KioskApp) -> set[str]:
    """The titles the open command palette lists."""
    commands = app.screen.query_one(CommandList)
    return {str(commands.get_option_at_index(i).hit.text) for i in range(commands.option_count)}


async def test_the_palette_offers_pair_mode_actions_only(kiosk: KioskApp, settle, unlock) -> None:
    async with kiosk.run_test(size=SIZE) as pilot:
        sheet = await unlock(pilot, DRAFT)
        sheet.query_one("#purpose", TextArea).focus()
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert isinstance(kiosk.screen, CommandPalette)
        titles = palette_titles(kiosk)
        assert {"Sessions", "Check-in", "Mentor agrees", "Help", "Lock"} <= titles
        assert titles <= pair_mode_actions(sheet), titles - pair_mode_actions(sheet)
        await pilot.press(*"sessions")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(kiosk.screen, SessionLogScreen)
        await pilot.press("escape", "ctrl+p")
        # Textual's own "Quit" would end pair mode without the coordinator's passphrase.
        await pilot.press(*"quit")
        await settle(pilot)
        assert palette_titles(kiosk) == set()
        await pilot.press("enter")
        await settle(pilot)
        not_coordinator(kiosk)


async def test_help_lists_pair_mode_keys_only_and_scrolls(kiosk: KioskApp, settle, unlock) -> None:
    async with kiosk.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, DRAFT)
        await pilot.press("f1")
        assert isinstance(kiosk.screen, PairHelpScreen)
        table = kiosk.screen.query_one("#every-key", Static).content.renderable
        assert isinstance(table, Table)
        rows = list(zip(*(column.cells for column in table.columns), strict=True))
        where = {row[0] for row in rows}
        assert where == {"Everywhere", "Pair list", "Your sheet", "Goal form", "Session log", "Session form",
                         "Check-in form"}  # fmt: skip
        everywhere = {row[1] for row in rows if row[0] == "Everywhere"}
        assert everywhere == {b.key for b in KioskApp.BINDINGS if isinstance(b, Binding)}
        assert {"f8", "f6", "f10"} <= {row[1] for row in rows}
        scroller = kiosk.screen.query_one("#help", VerticalScroll)
        assert scroller.max_scroll_y > 0, "at 80×24 the keys are below the first screenful"
        await pilot.press("end")
        await pilot.pause()
        assert scroller.scroll_y == scroller.max_scroll_y
        await pilot.press("escape")
        await pilot.press("f8")
        await settle(pilot)
        assert isinstance(kiosk.screen, SessionLogScreen)


async def test_f1_opens_pair_help_from_the_session_log_and_its_forms_and_closes_it(
    kiosk: KioskApp, settle, unlock
) -> None:
    async with kiosk.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, DRAFT)
        for key, opened in (("f8", SessionLogScreen), ("n", SessionForm)):
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(kiosk.screen, opened)
            await pilot.press("f1")
            assert isinstance(kiosk.screen, PairHelpScreen), f"F1 on {opened.__name__} opened no help"
            await pilot.press("f1")
            assert isinstance(kiosk.screen, opened), "F1 closes help again"


async def test_the_sheets_buttons_open_sessions_check_in_and_help(kiosk: KioskApp, settle, unlock) -> None:
    async with kiosk.run_test(size=(80, 24)) as pilot:
        sheet = await unlock(pilot, DRAFT)
        await pilot.click("#open-check-in")
        await settle(pilot)
        assert isinstance(kiosk.screen, CheckInForm)
        assert isinstance(kiosk.screen_stack[-2], SessionLogScreen)
        await pilot.press("escape")
        await pilot.press("escape")
        assert kiosk.screen is sheet
        await pilot.click("#open-help")
        assert isinstance(kiosk.screen, PairHelpScreen)


async def test_the_picker_shows_pair_names_only(kiosk: KioskApp, drawn_text) -> None:
    async with kiosk.run_test(size=SIZE):
        table = kiosk.screen.query_one("#pairs", DataTable)
        assert isinstance(kiosk.screen, PairPickerScreen) and table.row_count == 16
        assert [cell.plain for cell in table.get_row(str(AGREED))] == names_of(kiosk.store, AGREED)
        screen_text = drawn_text(kiosk)
        assert not any(g.title in screen_text for g in get_goal_sheet(kiosk.store, AGREED).goals)


def burst(*typed: str) -> list[events.Key]:
    """Each text, then Enter, as key events: what a fast typist sends before the app has read any of it."""
    names = {" ": "space", "-": "minus"}
    keys = []
    for text in typed:
        keys += [events.Key(names.get(char, char), char) for char in text]
        keys.append(events.Key("enter", "\r"))
    return keys


async def test_a_pair_that_types_ahead_enrols_and_unlocks(kiosk: KioskApp, choose, settle) -> None:
    code = pending_setup_code(kiosk.store, NEW)
    strong = "lemon quartz umbrella 1871"
    async with kiosk.run_test(size=SIZE) as pilot:
        await choose(pilot, NEW)
        # Posted all at once, with no pause between keys (pilot.press waits for each key to be handled).
        for key in burst(code, strong, strong):
            kiosk.post_message(key)
        await settle(pilot)
        assert isinstance(kiosk.screen, PairSheetScreen) and kiosk.screen.pair_id == NEW
        await pilot.press("ctrl+l")
        await choose(pilot, NEW)
        for key in burst(strong):
            kiosk.post_message(key)
        await settle(pilot)
        assert isinstance(kiosk.screen, PairSheetScreen) and kiosk.screen.pair_id == NEW


async def test_a_new_pair_enrols_with_its_setup_code_and_a_strong_passphrase_typed_twice(
    kiosk: KioskApp, choose, type_passphrase
) -> None:
    code = pending_setup_code(kiosk.store, NEW)
    strong = "lemon quartz umbrella 1871"
    async with kiosk.run_test(size=SIZE) as pilot:
        prompt = await choose(pilot, NEW)
        assert len(prompt.query(Input)) == 3
        problem = prompt.query_one("#passphrase-problem", Static)
        await type_passphrase(pilot, "WRNG-CODE", strong, strong)
        assert "not this pair's setup code" in str(problem.render())
        await type_passphrase(pilot, code, "short", "short")
        assert "use at least 6" in str(problem.render())
        await type_passphrase(pilot, code, "123456789", "123456789")
        assert "too easy to guess" in str(problem.render())
        await type_passphrase(pilot, code, strong, strong + "x")
        assert "second passphrase does not match" in str(problem.render()).lower()
        await type_passphrase(pilot, code.lower().replace("-", " "), strong, strong)
        assert isinstance(kiosk.screen, PairSheetScreen) and kiosk.screen.pair_id == NEW
        assert pending_setup_code(kiosk.store, NEW) is None, "the code is used up"
        # The demo's pair agreed its sheet at its first meeting; enrolling opens that sheet, unchanged.
        assert get_goal_sheet(kiosk.store, NEW).state == "agreed"


async def test_lockout_after_five_wrong_tries(kiosk: KioskApp, choose, type_passphrase) -> None:
    async with kiosk.run_test(size=SIZE) as pilot:
        prompt = await choose(pilot, DRAFT)
        for _ in range(5):
            await type_passphrase(pilot, "not it at all")
        message = str(prompt.query_one("#passphrase-problem", Static).render())
        assert "30 seconds" in message or "locked" in message.lower()
        await type_passphrase(pilot, DRAFT_PASSPHRASE)  # even the right one waits out the lock
        assert kiosk.screen is prompt


async def test_lock_key_and_idle_lock_return_to_the_picker(kiosk: KioskApp, unlock) -> None:
    async with kiosk.run_test(size=SIZE) as pilot:
        await unlock(pilot, DRAFT)
        await pilot.press("ctrl+l")
        assert isinstance(kiosk.screen, PairPickerScreen) and len(kiosk.screen_stack) == 1
        await unlock(pilot, DRAFT)
        kiosk.idle_seconds = 0
        kiosk.lock_if_idle()
        await pilot.pause()
        assert isinstance(kiosk.screen, PairPickerScreen)


@pytest.mark.slow  # over 5 s (--durations)
async def test_no_key_leads_out_of_the_pairs_own_sheet(kiosk: KioskApp, settle, unlock, drawn_text) -> None:
    keys = [f"f{n}" for n in range(1, 13)] + [f"ctrl+{c}" for c in "abcdefghijknoprtuvwxyz"]
    keys += ["tab", "shift+tab", "escape", "question_mark", "enter"]
    async with kiosk.run_test(size=SIZE) as pilot:
        sheet = await unlock(pilot, AGREED)
        forbidden = other_pairs_goal_titles(kiosk.store, AGREED)
        assert forbidden
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
            if isinstance(kiosk.screen, CommandPalette):
                assert palette_titles(kiosk) <= pair_mode_actions(sheet), key
            assert all(s is sheet or s.is_modal for s in kiosk.screen_stack[1:]), key
            screen_text = drawn_text(kiosk)
            assert not any(title in screen_text for title in forbidden), key
            while kiosk.screen is not sheet:  # close whatever dialog the key opened
                await pilot.press("escape")
                await pilot.pause()


async def test_leaving_pair_mode_needs_the_coordinator_passphrase(kiosk: KioskApp, unlock, type_passphrase) -> None:
    set_coordinator_passphrase(kiosk.store, COORDINATOR)
    async with kiosk.run_test(size=SIZE) as pilot:
        await unlock(pilot, DRAFT)
        await pilot.press("ctrl+q")
        assert isinstance(kiosk.screen, CoordinatorPassphraseScreen)
        assert len(kiosk.screen_stack) == 2, "the pair's sheet was locked first"
        await type_passphrase(pilot, "guess-guess")
        assert isinstance(kiosk.screen, CoordinatorPassphraseScreen)
        await type_passphrase(pilot, COORDINATOR)
    assert kiosk.return_value == LEAVE_FOR_COORDINATOR


async def test_confidential_fields_are_sealed_and_read_back(kiosk: KioskApp, demo_path: Path, settle, unlock) -> None:
    async with kiosk.run_test(size=SIZE) as pilot:
        sheet = await unlock(pilot, DRAFT)
        for name in ("sensitivities", "disagreements", "notes"):
            sheet.query_one(f"#{name}", TextArea).load_text(f"{MARKER} in {name}")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert MARKER.encode() not in demo_path.read_bytes()
        await pilot.press("ctrl+l")
        sheet = await unlock(pilot, DRAFT)
        assert sheet.query_one("#notes", TextArea).text == f"{MARKER} in notes"
        assert sheet.query_one("#sensitivities", TextArea).text == f"{MARKER} in sensitivities"
    for path in demo_path.parent.rglob("*"):
        if path.is_file():
            assert MARKER.encode() not in path.read_bytes(), path


async def test_fill_in_agree_and_revise(kiosk: KioskApp, settle, unlock, today: date) -> None:
    async with kiosk.run_test(size=SIZE) as pilot:
        sheet = await unlock(pilot, AGREED)
        assert sheet.query_one("#purpose", TextArea).disabled, "an agreed sheet is read-only"
        sheet.query_one("#notes", TextArea).focus()  # a TextArea's own F7 is "select all": the sheet's comes first
        await pilot.press("f7")
        await settle(pilot)
        revised = get_goal_sheet(kiosk.store, AGREED)
        assert revised.state == "revised draft" and len(revised.earlier) == 1
        sheet.query_one("#purpose", TextArea).load_text("Learn how the graduate intake really uses AI tools.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert get_goal_sheet(kiosk.store, AGREED).purpose.startswith("Learn how the graduate intake")
        purpose = sheet.query_one("#purpose", TextArea)
        purpose.focus()  # F6 is a TextArea's "select line": the sheet's binding comes first
        await pilot.press("f5", "f6")
        assert purpose.text.startswith("Learn how"), "the keys did not reach the text box"
        await settle(pilot)
        agreed = get_goal_sheet(kiosk.store, AGREED)
        assert agreed.state == "agreed" and agreed.mentee_agreed_on == agreed.mentor_agreed_on == today


def not_coordinator(app: KioskApp) -> None:
    """Pair mode is still running and shows no coordinator section."""
    assert app.is_running and app.return_value is None
    assert not any(isinstance(screen, SectionScreen) for screen in app.screen_stack)


@pytest.mark.slow  # over 5 s (--durations)
async def test_at_the_default_setup_nothing_ends_pair_mode(kiosk: KioskApp, settle, choose, unlock) -> None:
    """No coordinator passphrase set (the demo's, and every new cohort's): no key leaves pair mode, ctrl+q included."""
    # Escape, ctrl+l and ctrl+q come last: they close or lock, so every other key meets the screen it is tried on.
    keys = ["ctrl+c", "ctrl+z", "ctrl+backslash", "ctrl+d", "ctrl+s", "ctrl+p"]
    keys += [f"f{n}" for n in range(1, 13)] + ["escape", "ctrl+l", "ctrl+q"]
    async with kiosk.run_test(size=SIZE) as pilot:
        for opened in ("the pair list", "a pair's prompt", "a pair's sheet"):
            if opened == "a pair's prompt":
                await choose(pilot, DRAFT)
            if opened == "a pair's sheet":
                await unlock(pilot, DRAFT)
            for key in keys:  # on that screen, then on whatever the key opened there
                await pilot.press(key)
                await settle(pilot)
                not_coordinator(kiosk)


async def test_the_idle_lock_runs_on_real_time(
    demo_path: Path, today: date, unlock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The once-a-second check locks an open sheet at its first run after the limit, never before it.

    Asserted on the checks the app ran, not on the wall clock alone: on a loaded machine a check may run
    late, and the lock must then come with that late check, not one later.
    """
    checks: list[tuple[float, bool]] = []  # when each check ran, and whether it locked the sheet
    armed = False  # the checks start counting once the sheet is open and the last key pressed
    check = KioskApp.lock_if_idle

    def recorded_check(app: KioskApp) -> None:
        if armed:
            at, was_open = time.monotonic(), len(app.screen_stack) > 1
            check(app)
            checks.append((at, was_open and len(app.screen_stack) == 1))

    monkeypatch.setattr(KioskApp, "lock_if_idle", recorded_check)
    # Three seconds, given in minutes as `rmtui kiosk --idle-minutes` gives it.
    app = KioskApp(CohortStore.open(demo_path, today=lambda: today), idle_minutes=0.05)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot, DRAFT)
        await pilot.press("tab")  # the last key: the limit counts from here
        last_key, armed = app.last_activity, True
        while not any(locked for _, locked in checks) and time.monotonic() - last_key < 30:
            await asyncio.sleep(0.05)
        assert isinstance(app.screen, PairPickerScreen) and len(app.screen_stack) == 1, "the idle lock never ran"
        locked_at = next(at for at, locked in checks if locked)
        assert locked_at - last_key >= 3, f"locked {locked_at - last_key:.1f} s after the last key, before the limit"
        after_limit = [at for at, _ in checks if at - last_key >= 3]
        assert after_limit[0] == locked_at, "a check after the limit left the sheet open"
    app.store.close()


async def test_locking_empties_the_clipboard_of_the_app_and_the_terminal(
    kiosk: KioskApp, monkeypatch: pytest.MonkeyPatch, unlock
) -> None:
    sent: list[str] = []
    async with kiosk.run_test(size=SIZE) as pilot:
        sheet = await unlock(pilot, DRAFT)
        notes = sheet.query_one("#notes", TextArea)
        notes.load_text(f"{MARKER} copied")
        notes.focus()
        notes.select_all()
        await pilot.press("ctrl+c")
        assert kiosk.clipboard == f"{MARKER} copied"
        # The terminal's clipboard is set with OSC 52, written to the terminal by the driver. The private
        # ``_driver`` stays: Textual has no public driver, hook or message for what reaches the terminal, and
        # these bytes are the only evidence that the terminal's clipboard (not just the app's) was emptied.
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

    async def open_the_first_pair() -> None:
        async with kiosk.run_test(size=SIZE) as pilot:
            await pilot.press("enter")
            await pilot.pause()

    monkeypatch.setattr(PairPickerScreen, "action_open", boom)
    with pytest.raises(RuntimeError, match="a fault"):
        await open_the_first_pair()
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


async def test_the_goal_form_shows_a_bad_date_under_its_box_and_keeps_what_was_typed(
    kiosk: KioskApp, settle, unlock
) -> None:
    async with kiosk.run_test(size=SIZE) as pilot:
        await unlock(pilot, DRAFT)
        await pilot.press("f2")
        await settle(pilot)
        form = kiosk.screen
        assert isinstance(form, GoalForm)
        form.query_one("#title", Input).value = "Use the team chat"
        form.query_one("#target_date", Input).value = "next spring"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert kiosk.screen is form
        error = form.query_one("#target_date-error", Static)
        assert error.display and "next spring" in str(error.render())
        assert not any(box.display for box in form.query("#title-error"))
        assert form.query_one("#title", Input).value == "Use the team chat"
