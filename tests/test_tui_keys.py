"""Every key the README documents is live where it says, and no focused box takes a key the footer advertises."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.binding import Binding
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Input, Select, TextArea

from rmtui.sections import SECTION_NAMES
from rmtui.tui.app import RmtuiApp
from rmtui.tui.dialogs.help import HelpScreen
from rmtui.tui.kiosk.app import KioskApp
from rmtui.tui.widgets.choice import Choice

SIZE = (100, 32)
README = Path(__file__).parent.parent / "README.md"

# The README's "Where" column, and the keys that open that place from the app's first screen.
PLACES = {
    "everywhere": ("f3",),
    "dashboard": ("f2",),
    "roster": ("f3",),
    "matching": ("f4",),
    "matching, candidates (`p`)": ("f4", "p"),
    "topics (`t`)": ("f4", "t"),
    "import (`i`)": ("f3", "i"),
    # The list of columns shows only once a file is checked; its keys are the dialog's own bindings.
    "import (`i`), on the list of columns": ("f3", "i"),
    "goals": ("f5",),
    "goals, templates (`m`)": ("f5", "m"),
    "forms": ("f3", "a"),
    "settings": ("f7",),
    "report": ("f6",),
}
# How the README writes a key, and Textual's name for it.
KEY_NAMES = {"Esc": "escape", "Enter": "enter", "/": "slash", "?": "question_mark"}


def documented_keys() -> list[tuple[str, str]]:
    """(where, key) for each key in backticks in the Key column of the README's tour table."""
    table = README.read_text(encoding="utf-8").split("## A short tour", 1)[1].split("\n\n")[2]
    found = []
    for line in table.splitlines()[2:]:
        where, keys, _what = (cell.strip() for cell in line.strip("|").split(" | ", 2))
        keys += " `enter`" if "(or Enter)" in keys else ""
        found += [(where, key) for key in re.findall(r"`([^`]+)`", keys)]
    return found


def enter_twins() -> list[tuple[str, str]]:
    """(where, key) for each key the README says Enter does too: "`e` (or Enter)"."""
    table = README.read_text(encoding="utf-8").split("## A short tour", 1)[1].split("\n\n")[2]
    rows = (line.strip("|").split(" | ", 2) for line in table.splitlines()[2:])
    return [(where.strip(), key) for where, keys, _what in rows for key in re.findall(r"`([^`]+)` \(or Enter\)", keys)]


@pytest.fixture
def open_place(settle: Callable[[Pilot], Awaitable[None]]) -> Callable[..., Awaitable[Screen]]:
    """``await open_place(pilot, *keys)``: press the keys, wait for the screen to settle, and return it."""

    async def open_place(pilot: Pilot, *keys: str) -> Screen:
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        return pilot.app.screen

    return open_place


def test_the_readme_table_is_read() -> None:
    keys = documented_keys()
    assert ("roster", "a") in keys and ("everywhere", "F2") in keys and ("roster", "enter") in keys
    assert {where for where, _ in keys} == set(PLACES)


@pytest.mark.parametrize("where", sorted(PLACES))
async def test_every_documented_key_is_live_where_the_readme_says(
    where: str, demo_app: RmtuiApp, open_place: Callable[..., Awaitable[Screen]]
) -> None:
    async with demo_app.run_test(size=SIZE) as pilot:
        screen = await open_place(pilot, *PLACES[where])
        live = screen.active_bindings
        for place, key in documented_keys():
            if place != where or key == "ctrl+p":  # the palette is Textual's own, on every screen
                continue
            name = KEY_NAMES.get(key, key if len(key) == 1 else key.lower())
            if name == "enter":
                continue  # the table's own Enter: test_enter_does_what_the_readme_pairs_it_with presses it
            if where.endswith("on the list of columns"):
                own = {k for b in type(screen).BINDINGS if isinstance(b, Binding) for k in b.key.split(",")}
                assert name in own, f"{where}: `{key}` is documented but not bound on {screen!r}"
                continue
            assert name in live, f"{where}: `{key}` is documented but not bound on {screen!r}"
            assert live[name].enabled, f"{where}: `{key}` is bound but disabled on {screen!r}"


def test_the_readme_pairs_enter_with_the_roster_and_template_edit_keys() -> None:
    assert enter_twins() == [("roster", "e"), ("goals, templates (`m`)", "e")]


@pytest.mark.parametrize(("where", "twin"), enter_twins())
async def test_enter_does_what_the_readme_pairs_it_with(
    where: str, twin: str, demo_app: RmtuiApp, open_place: Callable[..., Awaitable[Screen]]
) -> None:
    async with demo_app.run_test(size=SIZE) as pilot:
        place = await open_place(pilot, *PLACES[where])
        by_twin = await open_place(pilot, twin)
        assert by_twin is not place, f"{where}: `{twin}` opened nothing"
        assert await open_place(pilot, "escape") is place
        by_enter = await open_place(pilot, "enter")
        assert type(by_enter) is type(by_twin), f"{where}: Enter opened {by_enter!r}, `{twin}` opened {by_twin!r}"


def advertised(screen: Screen) -> dict[str, str]:
    """key → action for what the footer shows on ``screen`` (its own and the app's bindings), but for keys
    that type something: a letter types itself in a box, as it should."""
    # A dialog's footer shows only its own keys (F1 and ctrl+q still work there: they are priority bindings).
    app_bindings = [] if screen.is_modal else type(screen.app).BINDINGS
    bindings = [b for b in (*type(screen).BINDINGS, *app_bindings) if isinstance(b, Binding) and b.show]
    return {
        key: binding.action
        for binding in bindings
        # The footer shows a binding by its key_display when it has one: "d" for "d,delete".
        if len(binding.key_display or binding.key) > 1
        for key in binding.key.split(",")
        if len(key) > 1 and key not in ("space", "question_mark")
    }


# Each screen with boxes to type in: the keys that open it from the app's first screen.
SCREENS_WITH_BOXES = {
    "roster": ("f3",),
    "participant form": ("f3", "a"),
    "import": ("f3", "i"),
    "settings": ("f7",),
    "coordinator passphrase": ("f7", "ctrl+k"),
    "log a session": ("f2", "l"),
    "void check-in": ("f2", "v"),
    "end pair": ("f2", "e"),
    "weights": ("f4", "g"),
    "template form": ("f5", "m", "n"),
    "export report": ("f6", "e"),
}


@pytest.mark.parametrize("place", sorted(SCREENS_WITH_BOXES))
async def test_no_focused_box_takes_a_key_the_footer_advertises(
    place: str, demo_app: RmtuiApp, open_place: Callable[..., Awaitable[Screen]]
) -> None:
    async with demo_app.run_test(size=SIZE) as pilot:
        screen = await open_place(pilot, *SCREENS_WITH_BOXES[place])
        boxes = [w for w in screen.query("Input, TextArea, Select, Choice").results() if w.focusable]
        assert boxes, f"{place} has no box to type in"
        keys = advertised(screen)
        for box in boxes:
            assert isinstance(box, Input | TextArea | Select | Choice)
            box.focus()
            await pilot.pause()
            live = screen.active_bindings
            for key, action in keys.items():
                assert key in live and live[key].binding.action == action, (
                    f"{place}: with {box!r} focused, {key} does not {action}"
                )


def help_key(screen: Screen) -> Widget:
    """The F1 Help key in the footer of ``screen``."""
    [key] = [key for key in screen.query_one(Footer).query("FooterKey") if getattr(key, "key", "") == "f1"]
    return key


def help_key_fits(screen: Screen) -> bool:
    """Whether the footer of ``screen`` shows its F1 Help key whole, not cut off at the right edge."""
    key = help_key(screen)
    return key.region.width > 0 and key.region.right <= screen.query_one(Footer).region.right


@pytest.mark.parametrize("section", SECTION_NAMES)
async def test_f1_help_shows_in_every_sections_footer_at_80_columns(
    section: str, build_app: Callable[..., RmtuiApp], demo_path: Path, settle
) -> None:
    app = build_app(demo_path, section)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert help_key_fits(app.screen), f"{section}: the footer cuts off F1 Help at 80 columns"


# Dialogs and forms, by the keys that open them from the first screen: each footer ends with F1 Help.
DIALOGS = {
    "participant form": ("f3", "a"),
    "import": ("f3", "i"),
    "candidates": ("f4", "p"),
    "topics": ("f4", "t"),
    "templates": ("f5", "m"),
    "export report": ("f6", "e"),
}


@pytest.mark.parametrize("dialog", DIALOGS)
async def test_f1_help_shows_in_every_dialogs_footer_at_80_columns(dialog: str, demo_app: RmtuiApp, settle) -> None:
    async with demo_app.run_test(size=(80, 24)) as pilot:
        for key in DIALOGS[dialog]:
            await settle(pilot)
            await pilot.press(key)
        await settle(pilot)
        assert demo_app.screen.is_modal, f"{DIALOGS[dialog]} opened no dialog"
        assert help_key_fits(demo_app.screen), f"{dialog}: the footer has no F1 Help, or cuts it off at 80 columns"
        await pilot.click(help_key(demo_app.screen))  # the footer's key does what F1 does
        assert isinstance(demo_app.screen, HelpScreen)


async def test_f1_help_shows_in_pair_modes_footers_at_80_columns(kiosk: KioskApp, settle, unlock) -> None:
    async with kiosk.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert help_key_fits(kiosk.screen), "the pair list"
        await unlock(pilot, 3)
        assert help_key_fits(kiosk.screen), "a pair's sheet"
        await pilot.press("f8")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert kiosk.screen.is_modal, "n opened no session form"
        assert help_key_fits(kiosk.screen), "the session form"
