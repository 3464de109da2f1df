"""Sessions and check-ins in pair mode: quick to log, private notes sealed, and still only the pair's own.

Check-ins are each partner's own: answered alone, never shown to the other, never replaced.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path
from typing import TypeVar

import pytest
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import DataTable, Input, Select, Static, TextArea

from rmtui.core.demo import enrol
from rmtui.core.goals import get_goal_sheet
from rmtui.core.matching import get_pair, pairs_by_id
from rmtui.core.sessions import (
    list_check_ins,
    list_sessions,
    load_checkpoints,
    log_session,
    record_check_in,
    session_defaults,
    void_check_in,
)
from rmtui.tui.forms.check_in import CheckInForm
from rmtui.tui.forms.session import SessionForm
from rmtui.tui.kiosk.app import KioskApp
from rmtui.tui.kiosk.session_log import SessionLogScreen
from rmtui.tui.kiosk.sheet import PairSheetScreen

SIZE = (100, 32)
AGREED, DRAFT = 1, 3  # demo pair ids, in the states their names say
SECOND_PASSPHRASE = "walnut sonata drifts eastward"

MARKER = "MARKER-sessions-9c2a"
T = TypeVar("T")


@pytest.fixture
def open_log(settle, unlock) -> Callable[[Pilot, int], Awaitable[SessionLogScreen]]:
    """``await open_log(pilot, pair_id)``: unlock the pair and open its session log with F8."""

    async def open_log(pilot: Pilot, pair_id: int) -> SessionLogScreen:
        await unlock(pilot, pair_id)
        await pilot.press("f8")
        await settle(pilot)
        assert isinstance(pilot.app.screen, SessionLogScreen)
        return pilot.app.screen

    return open_log


@pytest.fixture
def open_from_log(settle, open_log) -> Callable[..., Awaitable[Screen]]:
    """``await open_from_log(pilot, pair_id, key, form)``: open the pair's log and press ``key``, which opens ``form``."""

    async def open_from_log(pilot: Pilot, pair_id: int, key: str, form: type[T]) -> T:
        await open_log(pilot, pair_id)
        await pilot.press(key)
        await settle(pilot)
        assert isinstance(pilot.app.screen, form)
        return pilot.app.screen

    return open_from_log


@pytest.fixture
def open_form(open_from_log) -> Callable[[Pilot, int], Awaitable[SessionForm]]:
    """``await open_form(pilot, pair_id)``: open the pair's log and press n for a new session."""

    async def open_form(pilot: Pilot, pair_id: int) -> SessionForm:
        return await open_from_log(pilot, pair_id, "n", SessionForm)

    return open_form


@pytest.mark.slow  # over 5 s (--durations)
async def test_a_typical_session_takes_a_few_keys(kiosk: KioskApp, settle, unlock, today: date) -> None:
    defaults = session_defaults(kiosk.store, AGREED)
    before = len(list_sessions(kiosk.store, AGREED))
    async with kiosk.run_test(size=SIZE) as pilot:
        await unlock(pilot, AGREED)
        keys = ["f8", "n", "4", "5", "4", "5", "ctrl+s"]  # open, four scores, save
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        assert isinstance(kiosk.screen, SessionLogScreen), "saved and back at the log"
        assert kiosk.screen.query_one("#sessions", DataTable).row_count == before + 1
    sessions = list_sessions(kiosk.store, AGREED)
    assert len(sessions) == before + 1
    new = max(sessions, key=lambda s: s.session_id)
    assert new.held_on == today and new.status == "held" and new.logged_by == "pair"
    assert new.minutes == defaults["minutes"] and new.place == defaults["place"]
    assert list(new.topics) == defaults["topics"]
    assert (new.mentee_rating, new.mentor_rating, new.mentee_safety, new.mentor_safety) == (4, 5, 4, 5)


async def test_the_log_names_whose_worth_rating_is_whose_and_shows_no_safety_rating(
    kiosk: KioskApp, open_log, today: date
) -> None:
    fields = {"held_on": today.isoformat(), "minutes": 50, "place": "remote", "topics": ["technology in use"],
              "mentee_rating": 4, "mentor_rating": 5, "mentee_safety": 3, "mentor_safety": 1}  # fmt: skip
    session = log_session(kiosk.store, AGREED, fields)
    async with kiosk.run_test(size=SIZE) as pilot:
        log = await open_log(pilot, AGREED)
        row = log.query_one("#sessions", DataTable).get_row(str(session.session_id))
        # The newest session is highlighted: the line under the table gives it in full.
        detail = str(log.query_one("#session-detail", Static).render())
    # The whole row and line, so a safety rating anywhere in them (the mentor's 1 would end the pairing's honesty)
    # turns it red.
    assert [str(cell) for cell in row] == [today.isoformat(), "held", "50", "remote", "—", "technology in use"]
    assert detail == f"{today:%d %b %Y}, held: technology in use. Worth it (1–5): mentee 4, mentor 5. Next meeting: —."


async def test_at_80_columns_the_log_shows_each_next_meeting_whole(kiosk: KioskApp, open_log, drawn_text) -> None:
    async with kiosk.run_test(size=(80, 24)) as pilot:
        await open_log(pilot, AGREED)
        shown = drawn_text(kiosk)
    sessions = list_sessions(kiosk.store, AGREED)
    next_meetings = [f"{s.next_meeting} {s.next_meeting_time}".strip() for s in sessions if s.next_meeting]
    assert next_meetings and all(f" {when} " in shown for when in next_meetings)


async def test_a_validation_error_shows_under_its_field(kiosk: KioskApp, settle, open_form) -> None:
    before = len(list_sessions(kiosk.store))
    async with kiosk.run_test(size=SIZE) as pilot:
        form = await open_form(pilot, DRAFT)
        form.query_one("#minutes", Input).value = "0"
        form.query_one("#next_meeting", Input).value = "next tuesday"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert kiosk.screen is form
        minutes_error = form.query_one("#minutes-error", Static)
        assert minutes_error.display and "whole number of minutes" in str(minutes_error.render())
        assert "not a date" in str(form.query_one("#next_meeting-error", Static).render())
        # A field without an error has no error line on show (its line is added with its first error).
        assert not any(box.display for box in form.query("#place-error"))
    assert len(list_sessions(kiosk.store)) == before


async def test_a_cancelled_session_needs_a_reason(kiosk: KioskApp, settle, open_form) -> None:
    before = len(list_sessions(kiosk.store))
    async with kiosk.run_test(size=SIZE) as pilot:
        form = await open_form(pilot, DRAFT)
        form.query_one("#status", Select).value = "cancelled"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "say briefly why" in str(form.query_one("#reason-error", Static).render())
        form.query_one("#reason", Input).value = "mentee travelling"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(kiosk.screen, SessionLogScreen)
    assert len(list_sessions(kiosk.store)) == before + 1
    assert list_sessions(kiosk.store, DRAFT)[-1].reason == "mentee travelling"


@pytest.mark.slow  # over 5 s (--durations)
async def test_private_notes_are_sealed_and_shown_after_unlocking_again(
    kiosk: KioskApp, demo_path: Path, settle, open_log, open_form
) -> None:
    async with kiosk.run_test(size=SIZE) as pilot:
        form = await open_form(pilot, DRAFT)
        form.query_one("#notes", TextArea).load_text(f"{MARKER} [bold]not markup[/bold]")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(kiosk.screen, SessionLogScreen)
        assert MARKER.encode() not in demo_path.read_bytes()
        await pilot.press("ctrl+l")
        await pilot.pause()
        log = await open_log(pilot, DRAFT)
        notes = str(log.query_one("#session-notes", Static).render())
        assert f"{MARKER} [bold]not markup[/bold]" in notes, "the newest session is selected, its notes shown literally"
    for path in demo_path.parent.rglob("*"):
        if path.is_file():
            assert MARKER.encode() not in path.read_bytes(), path


async def test_a_check_in_is_recorded_once_the_one_answering_says_who_they_are(
    kiosk: KioskApp, settle, open_from_log, today: date
) -> None:
    mentor = get_pair(kiosk.store, DRAFT).mentor
    # The demo's mentor answered month 3 already; the coordinator voided it, so they answer again.
    void_check_in(kiosk.store, mentor, "month 3", "answered by the partner", DRAFT)
    async with kiosk.run_test(size=SIZE) as pilot:
        form = await open_from_log(pilot, DRAFT, "c", CheckInForm)
        assert "Answer on your own" in str(form.query_one("#privately", Static).render())
        form.query_one("#checkpoint", Select).value = "month 3"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert kiosk.screen is form, "nobody is answering for someone they did not choose"
        assert "choose who is answering" in str(form.query_one("#who-error", Static).render())
        form.query_one("#who", Select).value = "mentor"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert kiosk.screen is form, "satisfaction, fit and safety are required"
        assert form.query_one("#satisfaction-error", Static).display and not form.query_one("#who-error").display
        form.query_one("#satisfaction", Select).value = "4"
        form.query_one("#fit", Select).value = "good"
        form.query_one("#safety", Select).value = "5"
        form.query_one("#comment", TextArea).load_text("Going well.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(kiosk.screen, SessionLogScreen)
    [check_in] = [c for c in list_check_ins(kiosk.store, mentor) if (c.checkpoint, c.pair_id) == ("month 3", DRAFT)]
    assert (check_in.satisfaction, check_in.fit, check_in.safety, check_in.done_on) == (4, "good", 5, today)
    assert check_in.comment == "Going well." and not check_in.comment_private


def answered_alone(store, email: str, pair_id: int, comment: str = "") -> None:
    """The demo's month 3 answer replaced, through the coordinator's void, by one saying safety 1 of 5."""
    void_check_in(store, email, "month 3", "set up for the test", pair_id)
    record_check_in(store, email, "month 3", {"satisfaction": "2", "fit": "unsure", "safety": "1", "comment": comment},
                    pair_id)  # fmt: skip


async def test_a_partner_cannot_replace_a_saved_check_in(
    kiosk: KioskApp, demo_path: Path, settle, open_from_log
) -> None:
    # The finding: at the shared machine, the mentee turned the junior mentor's "safe to speak" of 1 into 5.
    mentor = get_pair(kiosk.store, AGREED).mentor
    answered_alone(kiosk.store, mentor, AGREED)
    async with kiosk.run_test(size=SIZE) as pilot:
        form = await open_from_log(pilot, AGREED, "c", CheckInForm)
        form.query_one("#who", Select).value = "mentor"
        form.query_one("#checkpoint", Select).value = "month 3"
        await pilot.pause()
        note = form.query_one("#answered-before", Static)
        assert note.display and "You answered the month 3 check-in on 16 Mar 2026" in str(note.render())
        for name, value in (("satisfaction", "5"), ("fit", "good"), ("safety", "5")):
            form.query_one(f"#{name}", Select).value = value
        before = demo_path.read_bytes()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert kiosk.screen is form, "refused, and the form says why"
        problem = str(form.query_one("#checkin-problem", Static).render())
        assert "answered the month 3 check-in on 16 Mar 2026; ask the coordinator if it must be voided." in problem
        assert demo_path.read_bytes() == before
    answers = [c for c in list_check_ins(kiosk.store, mentor) if c.checkpoint == "month 3" and c.pair_id == AGREED]
    assert [(c.safety, c.satisfaction) for c in answers] == [(1, 2)]


@pytest.mark.slow  # over 5 s (--durations)
async def test_a_partners_answers_never_show_in_pair_mode(kiosk: KioskApp, settle, open_log, drawn_text) -> None:
    secret = "I do not feel safe saying this to him"
    mentor = get_pair(kiosk.store, AGREED).mentor
    answered_alone(kiosk.store, mentor, AGREED, comment=secret)
    async with kiosk.run_test(size=SIZE) as pilot:
        log = await open_log(pilot, AGREED)
        assert "I do not feel safe" not in drawn_text(kiosk)
        await pilot.press("c")
        await settle(pilot)
        form = kiosk.screen
        assert isinstance(form, CheckInForm) and log in kiosk.screen_stack
        for who in ("mentee", "mentor"):
            for point in load_checkpoints(kiosk.store):
                form.query_one("#who", Select).value = who
                form.query_one("#checkpoint", Select).value = point
                await pilot.pause()
                assert "I do not feel safe" not in drawn_text(kiosk), (who, point)
                assert form.query_one("#comment", TextArea).text == ""
                assert all(form.query_one(f"#{name}", Select).is_blank() for name in ("satisfaction", "fit", "safety"))
        # What one partner typed is cleared when the other takes the form, saved or not.
        form.query_one("#who", Select).value = "mentee"
        await pilot.pause()
        form.query_one("#safety", Select).value = "2"
        form.query_one("#comment", TextArea).load_text("typed by the mentee")
        await pilot.pause()
        form.query_one("#who", Select).value = "mentor"
        await pilot.pause()
        assert form.query_one("#safety", Select).is_blank() and form.query_one("#comment", TextArea).text == ""
        assert "typed by the mentee" not in drawn_text(kiosk)


async def test_the_last_check_in_asks_the_end_of_term_questions(kiosk: KioskApp, settle, open_log) -> None:
    last = load_checkpoints(kiosk.store)[-1]
    async with kiosk.run_test(size=SIZE) as pilot:
        await open_log(pilot, AGREED)
        await pilot.press("c")
        await settle(pilot)
        form = kiosk.screen
        assert not form.query_one("#final").display
        form.query_one("#who", Select).value = "mentee"
        form.query_one("#checkpoint", Select).value = last
        await pilot.pause()
        assert form.query_one("#final").display
        for name, value in (("satisfaction", "5"), ("fit", "good"), ("safety", "5"), ("rating-1", "4"),
                            ("take_part_again", "yes"), ("recommend", "9")):  # fmt: skip
            form.query_one(f"#{name}", Select).value = value
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(kiosk.screen, SessionLogScreen)
    mentee = get_pair(kiosk.store, AGREED).mentee
    [check_in] = [c for c in list_check_ins(kiosk.store, mentee) if c.checkpoint == last]
    assert check_in.goal_ratings == ((1, 4),) and check_in.recommend == 9 and check_in.take_part_again == "yes"


async def test_a_mentor_with_two_mentees_rates_the_goals_of_the_pair_at_the_machine(
    kiosk: KioskApp, settle, choose, type_passphrase
) -> None:
    store, last = kiosk.store, load_checkpoints(kiosk.store)[-1]
    mentor = get_pair(store, DRAFT).mentor
    second = next(i for i, p in pairs_by_id(store, active_only=True).items() if p.mentor == mentor and i != DRAFT)
    # The second pair agreed its sheet in the demo, with a goal for the mentor.
    goal = get_goal_sheet(store, second).goals_of("mentor")[0]
    enrol(store, second, SECOND_PASSPHRASE)
    async with kiosk.run_test(size=SIZE) as pilot:
        await choose(pilot, second)
        await type_passphrase(pilot, SECOND_PASSPHRASE)
        await pilot.press("f8")
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        form = kiosk.screen
        assert isinstance(form, CheckInForm)
        form.query_one("#who", Select).value = "mentor"
        form.query_one("#checkpoint", Select).value = last
        for name, value in (("satisfaction", "4"), ("fit", "good"), ("safety", "5"), (f"rating-{goal.goal_id}", "4"),
                            ("take_part_again", "yes"), ("recommend", "8")):  # fmt: skip
            form.query_one(f"#{name}", Select).value = value
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(kiosk.screen, SessionLogScreen), "the rating is of a goal on this pair's sheet"
    answers = [c for c in list_check_ins(store, mentor) if c.checkpoint == last]
    assert [(c.pair_id, c.goal_ratings) for c in answers] == [(second, ((goal.goal_id, 4),))]


@pytest.mark.slow  # over 5 s (--durations)
async def test_the_session_log_shows_only_the_pairs_own_sessions(kiosk: KioskApp, settle, open_log, open_form) -> None:
    other_topic = "MARKER-topic-draft-only"
    async with kiosk.run_test(size=SIZE) as pilot:
        form = await open_form(pilot, DRAFT)  # another pair leaves a note and a topic of their own
        form.query_one("#new_topic", Input).value = other_topic
        form.query_one("#notes", TextArea).load_text(MARKER)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert other_topic in list_sessions(kiosk.store, DRAFT)[-1].topics
        await pilot.press("ctrl+l")
        await pilot.pause()
        log = await open_log(pilot, AGREED)
        own = list_sessions(kiosk.store, AGREED)
        assert log.query_one("#sessions", DataTable).row_count == len(own)
        # F1 opens pair mode's help over the log: the first escape closes it, the second leaves the log.
        for key in [f"f{n}" for n in range(1, 13)] + ["escape", "escape"]:
            await pilot.press(key)
            await settle(pilot)
            assert all(isinstance(s, PairSheetScreen | SessionLogScreen) or s.is_modal for s in kiosk.screen_stack[1:])
            screen_text = kiosk.export_screenshot()
            assert other_topic not in screen_text and MARKER not in screen_text, key
            assert all(getattr(s, "key", None) is None or s.key.pair_id == AGREED for s in kiosk.screen_stack), key
        assert isinstance(kiosk.screen, PairSheetScreen), "escape went back to the sheet"


def test_session_log_100x32(snap_compare, kiosk, open_log) -> None:
    async def run_before(pilot) -> None:
        await pilot.pause()
        await open_log(pilot, AGREED)

    assert snap_compare(kiosk, terminal_size=(100, 32), run_before=run_before)


def test_session_form_80x24(snap_compare, kiosk, open_form) -> None:
    async def run_before(pilot) -> None:
        await pilot.pause()
        await open_form(pilot, AGREED)

    assert snap_compare(kiosk, terminal_size=(80, 24), run_before=run_before)


def test_session_form_100x32(snap_compare, kiosk, open_form) -> None:
    async def run_before(pilot) -> None:
        await pilot.pause()
        await open_form(pilot, AGREED)

    assert snap_compare(kiosk, terminal_size=(100, 32), run_before=run_before)


@pytest.fixture
def open_check_in(settle, open_log) -> Callable[[Pilot], Awaitable[None]]:
    """A ``run_before`` that opens a check-in from the session log of the demo's agreed pair."""

    async def open_check_in(pilot: Pilot) -> None:
        await pilot.pause()
        await open_log(pilot, AGREED)
        await pilot.press("c")
        await settle(pilot)

    return open_check_in


def test_check_in_100x32(snap_compare, kiosk, open_check_in) -> None:
    assert snap_compare(kiosk, terminal_size=(100, 32), run_before=open_check_in)


def test_check_in_80x24(snap_compare, kiosk, open_check_in) -> None:
    assert snap_compare(kiosk, terminal_size=(80, 24), run_before=open_check_in)
