"""Habits a coordinator brings from other programs: forms that forgive, q that backs out, messages that undo, words that agree."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from click.testing import Result
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static

from rmtui.core.roster import list_participants
from rmtui.core.roster.records import add_participant, get_participant, roster_balance
from rmtui.core.store import CohortStore
from rmtui.core.text import plural
from rmtui.tui.app import RmtuiApp
from rmtui.tui.dialogs.confirm import ConfirmScreen
from rmtui.tui.dialogs.help import HelpScreen
from rmtui.tui.dialogs.import_roster import ImportScreen
from rmtui.tui.forms.participant import ParticipantForm
from rmtui.tui.sections.dashboard import FIRST_PEOPLE, DashboardScreen
from rmtui.tui.sections.matching import MatchingScreen
from rmtui.tui.sections.roster import RosterScreen
from rmtui.tui.sections.settings import SettingsScreen

SIZE = (100, 32)


async def test_settings_select_the_bad_value_so_typing_replaces_it(
    demo_app: RmtuiApp, settle: Callable[[Pilot], Awaitable[None]]
) -> None:
    async with demo_app.run_test(size=SIZE) as pilot:
        await pilot.press("f7")
        start = demo_app.screen.query_one("#start_date", Input)
        start.focus()
        await pilot.pause()
        # Typed over the date the box held, as a coordinator would: the cursor ends after it, nothing selected,
        # so only the form's selecting the bad value after the error lets the next keys replace it.
        await pilot.press(*"31-12-2026")
        assert start.value == "31-12-2026" and start.selection.is_empty
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "YYYY-MM-DD" in str(demo_app.screen.query_one("#start_date-error", Static).render())
        await pilot.press(*"2026-11-01")
        assert start.value == "2026-11-01", "typed over the bad value, not after it"


async def test_the_participant_form_selects_a_bad_value_it_already_had_focus_in(
    demo_app: RmtuiApp, settle: Callable[[Pilot], Awaitable[None]]
) -> None:
    async with demo_app.run_test(size=SIZE) as pilot:
        await pilot.press("a", *"Sam")
        await pilot.press("ctrl+s")  # no email: the error is on the email box
        await settle(pilot)
        email = demo_app.screen.query_one("#email", Input)
        assert demo_app.focused is email
        await pilot.press(*"bad")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press(*"sam@x.org")
        assert email.value == "sam@x.org"


async def test_esc_on_a_changed_form_asks_before_discarding(demo_app: RmtuiApp, demo_path: Path) -> None:
    before = len(list_participants(demo_app.store))
    async with demo_app.run_test(size=SIZE) as pilot:
        await pilot.press("a", "escape")
        assert isinstance(demo_app.screen, RosterScreen), "an untouched form closes at once"
        await pilot.press("a", *"Sam", "escape")
        assert isinstance(demo_app.screen, ConfirmScreen)
        await pilot.press("n")
        form = demo_app.screen
        assert isinstance(form, ParticipantForm) and form.query_one("#name", Input).value == "Sam"
        await pilot.press("escape", "y")
        assert isinstance(demo_app.screen, RosterScreen)
    assert len(list_participants(CohortStore.open(demo_path, read_only=True))) == before


@pytest.mark.parametrize("answer", ["n", "y"])
async def test_a_save_that_finishes_under_the_discard_question_closes_the_form_once_it_is_answered(
    demo_app: RmtuiApp, demo_path: Path, settle, monkeypatch: pytest.MonkeyPatch, answer: str
) -> None:
    # ctrl+s then Esc at once: the question comes up while the save is still running.
    saving = threading.Event()
    write = ParticipantForm.write
    monkeypatch.setattr(ParticipantForm, "write", lambda form, typed: saving.wait(5) and write(form, typed))
    async with demo_app.run_test(size=SIZE) as pilot:
        await pilot.press("a", *"Sam")
        demo_app.screen.query_one("#email", Input).value = "sam@x.org"
        await pilot.press("ctrl+s", "escape")
        assert isinstance(demo_app.screen, ConfirmScreen)
        saving.set()
        await settle(pilot)
        assert isinstance(demo_app.screen, ConfirmScreen), "the save closed the question, not the form"
        await pilot.press(answer)
        await settle(pilot)
        # Saved either way (nothing was left to discard), and closed once: the roster is still there under it.
        assert isinstance(demo_app.screen, RosterScreen) and len(demo_app.screen_stack) == 1
        assert "sam@x.org" in demo_app.screen.query_one("#roster", DataTable).rows
    assert [p.name for p in list_participants(CohortStore.open(demo_path, read_only=True))].count("Sam") == 1


async def test_esc_on_changed_settings_asks_before_putting_them_back(demo_app: RmtuiApp) -> None:
    async with demo_app.run_test(size=SIZE) as pilot:
        await pilot.press("f7")
        name = demo_app.screen.query_one("#name", Input)
        saved = name.value
        name.value = "Another name"
        await pilot.press("escape")
        assert isinstance(demo_app.screen, ConfirmScreen)
        await pilot.press("n")
        assert name.value == "Another name"
        await pilot.press("escape", "y")
        assert isinstance(demo_app.screen, SettingsScreen) and name.value == saved


async def test_q_backs_out_of_dialogs_types_in_boxes_and_quits_from_a_section(demo_app: RmtuiApp) -> None:
    async with demo_app.run_test(size=SIZE) as pilot:
        await pilot.press("f1")
        assert isinstance(demo_app.screen, HelpScreen)
        await pilot.press("q")
        assert isinstance(demo_app.screen, RosterScreen)
        await pilot.press("a", "q")
        form = demo_app.screen
        assert isinstance(form, ParticipantForm) and form.query_one("#name", Input).value == "q"
        await pilot.press("tab")  # the email box: q still types
        await pilot.press("q")
        assert form.query_one("#email", Input).value == "q"
        await pilot.press("escape", "y", "d")  # discard the form, then ask to delete someone
        assert isinstance(demo_app.screen, ConfirmScreen)
        await pilot.press("q")  # as Esc: No
        assert isinstance(demo_app.screen, RosterScreen)
        await pilot.press("q")
    assert demo_app.return_code == 0


async def test_a_status_change_says_how_to_undo_it(demo_app: RmtuiApp, notices, settle) -> None:
    async with demo_app.run_test(size=SIZE, message_hook=notices.hook) as pilot:
        roster = demo_app.screen
        assert isinstance(roster, RosterScreen)
        name = next(p.name for p in roster.people if p.email == roster.selected_email())
        await pilot.press("w")
        await settle(pilot)
        assert f"{name} is now withdrawn; press w again to undo." in notices.messages
        await pilot.press("w")
        await settle(pilot)
        assert any(m.startswith(f"{name} is active again") for m in notices.messages)


@pytest.mark.parametrize(("key", "status"), [("w", "withdrawn"), ("l", "left organisation")])
async def test_a_second_status_key_typed_at_once_undoes_the_first(
    demo_app: RmtuiApp,
    notices,  # conftest.Notices
    settle: Callable[[Pilot], Awaitable[None]],
    type_ahead: Callable[..., Awaitable[None]],
    key: str,
    status: str,
) -> None:
    """The second key comes before the first one's save is shown: it reads the saved status, not the screen's."""
    async with demo_app.run_test(size=SIZE, message_hook=notices.hook) as pilot:
        roster = demo_app.screen
        assert isinstance(roster, RosterScreen)
        email = roster.selected_email()
        assert email is not None
        name = get_participant(demo_app.store, email).name
        await type_ahead(pilot, key, key)
        await settle(pilot)
        assert get_participant(demo_app.store, email).status == "active"
        assert f"{name} is now {status}; press {key} again to undo." in notices.messages
        assert any(m.startswith(f"{name} is active again") for m in notices.messages)


async def test_ctrl_k_in_the_import_path_box_checks_and_keeps_the_path(
    demo_app: RmtuiApp, tmp_path: Path, settle: Callable[[Pilot], Awaitable[None]]
) -> None:
    csv = tmp_path / "people.csv"
    csv.write_text("name,email,role\nAisha Rahman,aisha.rahman@harbourfinch.co.uk,mentor\n", encoding="utf-8")
    async with demo_app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
        dialog = demo_app.screen
        assert isinstance(dialog, ImportScreen)
        path = dialog.query_one("#path", Input)
        path.value = str(csv)
        path.focus()
        path.cursor_position = 0
        await pilot.press("ctrl+k")
        await settle(pilot)
        assert path.value == str(csv), "ctrl+k ran Check only; it did not delete to the end of the line"
        report = str(dialog.query_one("#report", Static).render())
        # The in-app message names the checkbox on screen, not the command line's option.
        assert "tick 'Update people already on the roster'" in report and "--update" not in report


def test_the_command_line_import_still_names_its_option(
    demo_path: Path, tmp_path: Path, rmtui: Callable[..., Result]
) -> None:
    csv = tmp_path / "people.csv"
    csv.write_text("name,email,role\nAisha Rahman,aisha.rahman@harbourfinch.co.uk,mentor\n", encoding="utf-8")
    result = rmtui("--db", demo_path, "import", csv, "--dry-run")
    assert "import with --update" in result.output


async def test_the_passphrase_form_names_remove_only_when_it_shows_it(demo_app: RmtuiApp) -> None:
    async with demo_app.run_test(size=SIZE) as pilot:
        await pilot.press("f7", "ctrl+k")
        hint = " ".join(str(s.render()) for s in demo_app.screen.query(".hint").results(Static))
        assert "Remove" not in hint and not list(demo_app.screen.query("#remove"))


@pytest.mark.parametrize(
    ("count", "noun", "many", "words"),
    [(1, "mentor", None, "1 mentor"), (0, "mentor", None, "0 mentors"), (2, "place", None, "2 places"),
     (1, "person", "people", "1 person"), (3, "person", "people", "3 people"), (1200, "row", None, "1,200 rows")],
)  # fmt: skip
def test_plural(count: int, noun: str, many: str | None, words: str) -> None:
    assert plural(count, noun, many) == words


def test_one_mentor_with_one_place(tmp_path: Path) -> None:
    with CohortStore.open(tmp_path / "cohort.json") as store:
        add_participant(store, {"name": "Ana", "email": "ana@x.org", "role": "mentor"})
        line = roster_balance(list_participants(store)).describe()
    assert line.startswith("1 mentor with 1 place · 0 mentees ·")


def test_the_calendar_export_counts_in_words(demo_path: Path, tmp_path: Path, rmtui: Callable[..., Result]) -> None:
    result = rmtui("--db", demo_path, "export", "calendar", "-o", tmp_path / "booked.ics")
    assert result.exit_code == 0
    wrote = re.search(r"Wrote ([\d,]+) booked meeting", result.output)
    assert wrote is not None
    assert f"Wrote {plural(int(wrote[1].replace(',', '')), 'booked meeting')} to" in result.output


async def test_an_empty_cohort_says_what_to_do_first(
    tmp_path: Path, build_app: Callable[..., RmtuiApp], settle: Callable[[Pilot], Awaitable[None]]
) -> None:
    path = tmp_path / "cohort.json"
    CohortStore.open(path).close()
    app = build_app(path, section="roster")
    async with app.run_test(size=SIZE) as pilot:
        assert "add someone with a" in str(app.screen.query_one("#details", Static).render())
        await pilot.press("f4")
        await settle(pilot)
        assert isinstance(app.screen, MatchingScreen)
        summary = str(app.screen.query_one("#match-summary", Static).render())
        assert "All pairs confirmed" not in summary and "add mentors and mentees on the roster" in summary
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert app.screen.query_one("#dashboard-pairs").border_subtitle == FIRST_PEOPLE


async def test_pairs_just_confirmed_are_not_confirmed_earlier(
    unpaired_app: RmtuiApp, open_matching, settle: Callable[[Pilot], Awaitable[None]]
) -> None:
    async with unpaired_app.run_test(size=SIZE) as pilot:
        screen = await open_matching(pilot)
        await pilot.press("c", "y")
        await settle(pilot)
        why = str(screen.query_one("#explanation", Static).render())
        assert "confirmed earlier" not in why and ": confirmed;" in why


async def test_two_changes_asked_for_at_once_are_both_saved(demo_app: RmtuiApp, settle) -> None:
    # Asked for in the same moment, before either worker's thread starts: a busy machine, keys typed at once.
    saved: list[str] = []
    async with demo_app.run_test(size=SIZE) as pilot:
        roster = demo_app.screen
        assert isinstance(roster, RosterScreen)
        roster.change(lambda: saved.append("first"), "first")
        roster.change(lambda: saved.append("second"), "second")
        await settle(pilot)
    assert sorted(saved) == ["first", "second"]


async def test_changes_are_saved_one_at_a_time(demo_app: RmtuiApp, settle) -> None:
    # Each change reads what the one before saved (as a second w reads the first w's status), even when
    # both are asked for at once and the first takes a while.
    count = [0]

    def add_one() -> None:
        before = count[0]
        time.sleep(0.05)
        count[0] = before + 1

    async with demo_app.run_test(size=SIZE) as pilot:
        roster = demo_app.screen
        assert isinstance(roster, RosterScreen)
        roster.change(add_one, "one")
        roster.change(add_one, "two")
        await settle(pilot)
    assert count[0] == 2


async def test_a_second_w_typed_at_once_undoes_the_first(
    demo_app: RmtuiApp, demo_path: Path, type_ahead: Callable[..., Awaitable[None]]
) -> None:
    async with demo_app.run_test(size=SIZE) as pilot:
        roster = demo_app.screen
        assert isinstance(roster, RosterScreen)
        email = roster.selected_email()
        await type_ahead(pilot, "w", "w")
    with CohortStore.open(demo_path, read_only=True) as store:
        assert {p.email: p.status for p in list_participants(store)}[email] == "active"
