"""F1 help in both apps: it starts with the keys of the screen it was opened from, scrolls, and shows its own footer."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.widgets import Footer, Static

from rmtui.tui.app import RmtuiApp
from rmtui.tui.dialogs.help import HelpScreen
from rmtui.tui.kiosk.app import KioskApp
from rmtui.tui.kiosk.help import PairHelpScreen
from rmtui.tui.kiosk.session_log import SessionLogScreen
from rmtui.tui.widgets.help_page import HelpPage

SIZE = (80, 24)


def first_lines(help_page: HelpPage) -> list[str]:
    """The text of help's first Statics: the hint, then the heading of the keys of the screen help came from."""
    return [str(static.render()) for static in help_page.query_one("#help", VerticalScroll).query(Static)[:2]]


def footer_keys(help_page: HelpPage) -> set[str]:
    """The keys help's own footer shows (not the footer of the screen under it)."""
    return {key.key for key in help_page.query_one(Footer).query("FooterKey")}  # type: ignore[attr-defined]


async def scrolls_and_closes(pilot, help_page: HelpPage) -> None:  # type: ignore[no-untyped-def]
    scroller = help_page.query_one("#help", VerticalScroll)
    assert scroller.max_scroll_y > 0 and scroller.scroll_y == 0
    await pilot.press("space")
    await pilot.pause()
    assert scroller.scroll_y > 0, "Space pages down"
    await pilot.press("end")
    await pilot.pause()
    assert scroller.scroll_y == scroller.max_scroll_y
    await pilot.press("q")
    assert pilot.app.screen is not help_page


async def test_the_coordinators_help_starts_with_the_roster_keys_when_opened_there(demo_app: RmtuiApp) -> None:
    async with demo_app.run_test(size=SIZE) as pilot:
        await pilot.press("f3", "f1")
        await pilot.pause()
        help_page = demo_app.screen
        assert isinstance(help_page, HelpScreen)
        assert first_lines(help_page)[1] == "Keys here: Roster"
        assert footer_keys(help_page) == {"escape"}, "help's footer, not the roster's"
        await scrolls_and_closes(pilot, help_page)


async def test_pair_help_starts_with_the_session_log_keys_when_opened_there(kiosk: KioskApp, settle, unlock) -> None:
    async with kiosk.run_test(size=SIZE) as pilot:
        await unlock(pilot, 3)
        await pilot.press("f8")
        await settle(pilot)
        assert isinstance(kiosk.screen, SessionLogScreen)
        await pilot.press("f1")
        await pilot.pause()
        help_page = kiosk.screen
        assert isinstance(help_page, PairHelpScreen)
        assert first_lines(help_page)[1] == "Keys here: Session log"
        assert footer_keys(help_page) == {"escape"}
        await scrolls_and_closes(pilot, help_page)
