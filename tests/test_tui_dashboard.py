"""The dashboard driven by keys: statuses with words, alerts with actions, logging on a pair's behalf, no notes,
and voiding a check-in with a reason.

The snapshots at the end were each opened (converted to PNG) and looked at before they were accepted.
"""

from __future__ import annotations

import io
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path

import pytest
from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select
from textual.widgets.data_table import ColumnKey, RowKey

from rmtui.core.demo import AT_RISK_MENTOR, DEMO_NOTE
from rmtui.core.report import Programme, alerts, headline, load_programme, pair_statuses
from rmtui.core.sessions import answered_check_ins, list_check_ins, list_sessions, list_voided_check_ins
from rmtui.tui.app import RmtuiApp
from rmtui.tui.dialogs.confirm import ConfirmScreen
from rmtui.tui.dialogs.void_check_in import VoidCheckInScreen
from rmtui.tui.forms.coordinator_session import CoordinatorSessionForm
from rmtui.tui.sections.dashboard import DashboardScreen, headline_items, plan_columns

SIZE = (100, 32)
OVERDUE_PAIR, AT_RISK_PAIR, ON_TRACK_PAIR = 4, 9, 1  # demo pair ids, in the states their names say


@pytest.fixture
def app(demo_app: RmtuiApp) -> RmtuiApp:
    """The demo app."""
    return demo_app


@pytest.fixture
def open_dashboard(settle) -> Callable[[Pilot], Awaitable[DashboardScreen]]:
    """``await open_dashboard(pilot)``, or a ``run_before``: go to the dashboard (F2) and wait for its data."""

    async def open_dashboard(pilot: Pilot) -> DashboardScreen:
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(pilot.app.screen, DashboardScreen)
        return pilot.app.screen

    return open_dashboard


def plain(renderable: object) -> str:
    """What a cell shows, as plain text."""
    console = Console(width=200, record=True, color_system=None, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


def alert_kinds(app: RmtuiApp, pair_id: int) -> set[str]:
    """The kinds of alert the core raises today for one pair."""
    return {a.kind for a in alerts(load_programme(app.store), app.store.today()) if a.pair_id == pair_id}


def row_text(table: DataTable, key: str) -> str:
    """One table row as plain text."""
    return " | ".join(plain(cell).strip() for cell in table.get_row(key))


async def test_pairs_show_status_words_and_symbols(app: RmtuiApp, open_dashboard) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_dashboard(pilot)
        table = screen.query_one("#dashboard-pairs", DataTable)
        assert table.row_count == 16
        assert "! overdue" in row_text(table, str(OVERDUE_PAIR))
        assert "✗ at risk" in row_text(table, str(AT_RISK_PAIR))
        assert "✓ on track" in row_text(table, str(ON_TRACK_PAIR))
        # Each pair's status is its worst alert, as the core works it out (paperwork counts too).
        expected = {
            str(r.pair_id): f"{r.symbol} {r.status}"
            for r in pair_statuses(load_programme(app.store), app.store.today())
        }
        assert {key.value: plain(table.get_row(key)[-1]).strip() for key in table.rows} == expected
        # Colour too, but never colour alone.
        status = table.get_row(str(AT_RISK_PAIR))[-1]
        assert "red" in str(status.style)


async def test_timeline_headline_and_chart_use_the_injected_clock(app: RmtuiApp, open_dashboard) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_dashboard(pilot)
        text = app.export_screenshot()
        assert "today 16 Mar" in plain(screen.query_one("#dashboard-timeline").render())
        assert "phase: meeting" in plain(screen.query_one("#dashboard-timeline").render())
        assert "sessions 59 of 63 (94%)" in plain(screen.query_one("#dashboard-headline").render())
        assert "Nov 0  Dec 16" in plain(screen.query_one("#chart-labels").render())
        assert "Sessions" in text


async def test_alerts_listed_with_their_actions(app: RmtuiApp, open_dashboard) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_dashboard(pilot)
        table = screen.query_one("#dashboard-alerts", DataTable)
        expected = alerts(load_programme(app.store), app.store.today())
        assert table.row_count == len(expected)
        first = plain(table.get_row("0")[1])
        assert expected[0].message in first and expected[0].action in first
        assert "at risk" in plain(table.get_row("0")[0])
        # Enter on an alert selects its pair, ready for l.
        table.focus()
        await pilot.press("enter")
        assert screen.selected_pair_id() == expected[0].pair_id


async def test_alerts_wrap_at_80_columns_rather_than_end_in_an_ellipsis(
    app: RmtuiApp, open_dashboard, drawn_text
) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_dashboard(pilot)
        table = screen.query_one("#dashboard-alerts", DataTable)
        first = alerts(load_programme(app.store), app.store.today())[0]
        # The first alert's action is too long for the column at 80 columns, so its row takes a third line.
        assert len(f"→ {first.action}") > table.columns[ColumnKey("alert")].width
        assert table.rows[RowKey("0")].height == 3
        shown = drawn_text(app).split("Alerts (")[1]
        assert "…" not in shown
        assert all(word in shown for word in first.action.split())


async def test_log_a_session_on_the_pairs_behalf(app: RmtuiApp, settle, open_dashboard) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_dashboard(pilot)
        table = screen.query_one("#dashboard-pairs", DataTable)
        table.move_cursor(row=table.get_row_index(str(OVERDUE_PAIR)))
        before = len(list_sessions(app.store, OVERDUE_PAIR))
        await pilot.press("l")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, CoordinatorSessionForm)
        assert not form.query("#notes")  # the coordinator has no notes field
        form.query_one("#held_on", Input).value = "2026-03-14"
        form.query_one("#place", Select).value = "remote"
        form.query_one("#minutes", Input).value = "45"
        form.query_one("#topics", Input).value = "Getting started; Feedback"
        form.query_one("#mentee_rating", Input).value = "4"
        form.query_one("#next_meeting", Input).value = "2026-04-14"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        sessions = list_sessions(app.store, OVERDUE_PAIR)
        assert len(sessions) == before + 1
        logged = sessions[-1]
        assert (logged.logged_by, logged.minutes, logged.place, logged.mentee_rating) == (
            "coordinator",
            45,
            "remote",
            4,
        )
        assert str(logged.next_meeting) == "2026-04-14"
        # The pair met two days ago: its missed cadence is gone; Siobhan's missing month 3 check-in keeps it overdue.
        assert alert_kinds(app, OVERDUE_PAIR) == {"check-in overdue"}
        assert "! overdue" in row_text(screen.query_one("#dashboard-pairs", DataTable), str(OVERDUE_PAIR))


async def test_invalid_session_keeps_the_form_open_with_errors_by_the_fields(
    app: RmtuiApp, settle, open_dashboard
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_dashboard(pilot)
        before = len(list_sessions(app.store))
        await pilot.press("l")
        await pilot.pause()
        form = app.screen
        form.query_one("#held_on", Input).value = "2026-13-40"
        form.query_one("#minutes", Input).value = "lots"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "not a date" in plain(form.query_one("#held_on-error").render())
        assert "minutes" in plain(form.query_one("#minutes-error").render())
        assert len(list_sessions(app.store)) == before
        await pilot.press("escape", "y")  # the form was changed: Esc asks, y discards
        assert isinstance(app.screen, DashboardScreen)


async def test_cancelled_session_needs_a_reason_not_minutes(app: RmtuiApp, settle, open_dashboard) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_dashboard(pilot)
        await pilot.press("l")
        await pilot.pause()
        form = app.screen
        form.query_one("#status", Select).value = "cancelled"
        await pilot.pause()
        assert form.query_one("#minutes", Input).disabled and not form.query_one("#reason", Input).disabled
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "is required" in plain(form.query_one("#reason-error").render())
        form.query_one("#reason", Input).value = "mentor off sick"
        await pilot.press("ctrl+s")
        await settle(pilot)
        logged = list_sessions(app.store, ON_TRACK_PAIR)[-1]
        assert (logged.status, logged.reason, logged.logged_by) == ("cancelled", "mentor off sick", "coordinator")


async def test_private_notes_never_on_screen(app: RmtuiApp, open_dashboard) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_dashboard(pilot)
        assert DEMO_NOTE not in app.export_screenshot()
        assert DEMO_NOTE[:30] not in app.export_screenshot()
        await pilot.press("l")  # the noted pair is the first row
        await pilot.pause()
        assert DEMO_NOTE[:30] not in app.export_screenshot()


async def test_refresh_picks_up_changes_made_elsewhere(app: RmtuiApp, settle, open_dashboard) -> None:
    from rmtui.core.sessions import log_session

    async with app.run_test(size=SIZE) as pilot:
        screen = await open_dashboard(pilot)
        assert "cadence missed" in alert_kinds(app, OVERDUE_PAIR)
        log_session(app.store, OVERDUE_PAIR, {"held_on": "2026-03-15", "minutes": "60", "place": "on site"},
                    logged_by="coordinator")  # fmt: skip
        await pilot.press("r")
        await settle(pilot)
        assert "cadence missed" not in alert_kinds(app, OVERDUE_PAIR)
        assert "Zoë Adeyemi | Siobhan O'Connor | 15 Mar" in row_text(
            screen.query_one("#dashboard-pairs", DataTable), str(OVERDUE_PAIR)
        )


def test_headline_withholds_active_and_ended_pairs_only_when_few_people_were_in_ended_pairs(
    cohort_with_ended_pairs: Callable[[int, int], Programme],
) -> None:
    day = date(2026, 3, 16)
    words = {
        (active, ended): " · ".join(
            item.plain for item in headline_items(headline(cohort_with_ended_pairs(active, ended), day))
        )
        for active, ended in ((2, 0), (10, 1))
    }
    assert "pairs 2 active, 0 ended" in words[2, 0]
    assert "pairs active/ended withheld (fewer than 5 people in ended pairs)" in words[10, 1]
    assert "pairs 9" not in words[10, 1] and "10 active" not in words[10, 1]


def test_columns_fit_80_and_100_wide() -> None:
    for width in (80, 100, 140):
        columns = plan_columns(width)
        assert sum(c.width + 2 for c in columns) + 3 <= width
    assert plan_columns(140)[0].width == 22


async def test_at_80_columns_names_show_whole_and_the_dates_that_left_show_under_the_table(
    app: RmtuiApp, open_dashboard
) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_dashboard(pilot)
        table = screen.query_one("#dashboard-pairs", DataTable)
        assert {column.key.value for column in table.columns.values()}.isdisjoint({"next", "check_in"})
        rows = {r.pair_id: r for r in screen.dashboard.pairs}
        for key in table.rows:
            row = rows[int(key.value)]
            shown = [plain(cell).strip() for cell in table.get_row(key)[:2]]
            for name, cell in zip((row.mentor, row.mentee), shown, strict=True):
                assert cell == name or (len(name) > 19 and cell.endswith("…")), (name, cell)
        for pair_id in (ON_TRACK_PAIR, OVERDUE_PAIR):
            table.move_cursor(row=table.get_row_index(str(pair_id)))
            await pilot.pause()
            row = rows[pair_id]
            next_booked = f"{row.next_booked:%d %b}" if row.next_booked else "—"
            assert table.border_subtitle == (
                f"next booked {next_booked} · check-in {row.latest_check_in:%d %b} · l log a session"
            )


async def test_with_room_for_every_column_the_line_under_the_pairs_names_the_key(app: RmtuiApp, open_dashboard) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_dashboard(pilot)
        table = screen.query_one("#dashboard-pairs", DataTable)
        assert {"next", "check_in"} <= {column.key.value for column in table.columns.values()}
        assert table.border_subtitle == "l log a session for the selected pair"


def test_dashboard_100x32(snap_compare, app: RmtuiApp, open_dashboard) -> None:
    assert snap_compare(app, terminal_size=(100, 32), run_before=open_dashboard)


def test_dashboard_80x24(snap_compare, app: RmtuiApp, open_dashboard) -> None:
    assert snap_compare(app, terminal_size=(80, 24), run_before=open_dashboard)


@pytest.fixture
def open_form(open_dashboard) -> Callable[[Pilot], Awaitable[None]]:
    """A ``run_before``: the dashboard's log-a-session form for the first pair."""

    async def open_form(pilot: Pilot) -> None:
        await open_dashboard(pilot)
        await pilot.press("l")
        await pilot.pause()

    return open_form


def test_coordinator_session_form_80x24(snap_compare, app: RmtuiApp, open_form) -> None:
    assert snap_compare(app, terminal_size=(80, 24), run_before=open_form)


async def test_the_app_opens_on_the_dashboard(demo_path: Path, settle, build_app) -> None:
    app = build_app(demo_path, section=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.current_mode == "dashboard" and isinstance(app.screen, DashboardScreen)
    app.store.close()


async def test_end_and_rematch_from_the_dashboard(app: RmtuiApp, settle, open_dashboard) -> None:
    from rmtui.core.matching import get_pair, list_pairs
    from rmtui.tui.dialogs.end_pair import EndPairScreen
    from rmtui.tui.sections.matching import MatchingScreen

    async with app.run_test(size=SIZE) as pilot:
        screen = await open_dashboard(pilot)
        table = screen.query_one("#dashboard-pairs", DataTable)
        table.move_cursor(row=table.get_row_index(str(AT_RISK_PAIR)))
        mentee = get_pair(app.store, AT_RISK_PAIR).mentee
        await pilot.press("e")
        assert isinstance(app.screen, EndPairScreen)
        await pilot.press("ctrl+s")  # the default reason: not working
        await settle(pilot)
        await settle(pilot)
        assert isinstance(app.screen, MatchingScreen)
        ended = [p for p in list_pairs(app.store) if p.mentee == mentee and not p.is_active]
        assert [p.end_reason for p in ended][-1:] == ["not working"]
        # The optimiser ran for them: a new mentor is proposed, or Matching says why there is none
        # (in the demo the one free place belongs to Mei Wong, who reports to this mentee).
        proposal = app.screen.proposal
        rematched = any(p.mentee == mentee and p.origin == "new" for p in proposal.pairs)
        explained = any(u.email == mentee and u.reason for u in proposal.unmatched)
        assert rematched or explained


@pytest.fixture
def open_void(settle, open_dashboard) -> Callable[..., Awaitable[VoidCheckInScreen]]:
    """``await open_void(pilot, pair_id)``, or a ``run_before``: the dashboard's void-a-check-in dialog for a pair
    (the at-risk one by default)."""

    async def open_void(pilot: Pilot, pair_id: int = AT_RISK_PAIR) -> VoidCheckInScreen:
        screen = await open_dashboard(pilot)
        table = screen.query_one("#dashboard-pairs", DataTable)
        table.move_cursor(row=table.get_row_index(str(pair_id)))
        await pilot.press("v")
        await settle(pilot)
        assert isinstance(pilot.app.screen, VoidCheckInScreen)
        return pilot.app.screen

    return open_void


async def test_void_a_check_in_with_a_reason_and_it_leaves_the_figures(
    app: RmtuiApp, settle, drawn_text, today: date, open_void
) -> None:
    # The at-risk mentor's month 3 answer (satisfaction and safety 2 of 5) is what puts the pair at risk.
    answered = answered_check_ins(app.store, AT_RISK_PAIR)
    month_3 = next(i for i, a in enumerate(answered) if a.email == AT_RISK_MENTOR and a.checkpoint == "month 3")
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_void(pilot)
        table = dialog.query_one("#void-answers", DataTable)
        # Who answered which point and when; never what they answered.
        assert table.row_count == len(answered) == 4
        assert row_text(table, str(month_3)) == "Nathan Reid | mentor | month 3 | 16 Feb 2026"
        assert "held back" not in drawn_text(app)
        table.move_cursor(row=table.get_row_index(str(month_3)))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is dialog, "a reason is required"
        assert "is required; say briefly why" in plain(dialog.query_one("#reason-error").render())
        assert list_voided_check_ins(app.store) == []
        dialog.query_one("#reason", Input).value = "answered with the mentee beside him"
        await pilot.press("ctrl+s")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        [(voided, void)] = list_voided_check_ins(app.store)
        assert (voided.email, voided.checkpoint, voided.pair_id) == (AT_RISK_MENTOR, "month 3", AT_RISK_PAIR)
        assert (void.reason, void.voided_on, void.voided_by) == (
            "answered with the mentee beside him", today, "Amira Haddad, People team",
        )  # fmt: skip
        # Out of every figure: the pair is no longer at risk; the answer is due again, and overdue, so the pair is too.
        assert "! overdue" in row_text(screen.query_one("#dashboard-pairs", DataTable), str(AT_RISK_PAIR))
        shown = screen.query_one("#dashboard-alerts", DataTable)
        assert any("Nathan Reid: month 3 check-in overdue" in row_text(shown, key.value) for key in shown.rows)
        assert not [c for c in list_check_ins(app.store, AT_RISK_MENTOR) if c.checkpoint == "month 3"]


async def test_escape_closes_the_void_dialog_and_voids_nothing(app: RmtuiApp, settle, open_void) -> None:
    before = app.store.path.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_void(pilot)
        dialog.query_one("#reason", Input).value = "typed, then thought better of it"
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmScreen), "a reason was typed: Esc asks before throwing it away"
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
    assert list_voided_check_ins(app.store) == [] and app.store.path.read_bytes() == before


def test_void_check_in_100x32(snap_compare, app: RmtuiApp, open_void) -> None:
    assert snap_compare(app, terminal_size=(100, 32), run_before=open_void)


def test_void_check_in_80x24(snap_compare, app: RmtuiApp, open_void) -> None:
    assert snap_compare(app, terminal_size=(80, 24), run_before=open_void)
