"""F1 help, as both apps show it: the keys of the screen it was opened from, a guide, then every key; it scrolls.

The coordinator's help and pair mode's differ only in their guide and in the screens whose keys they
list; pair mode's must not even import the coordinator's screens, so each app's help names its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from rmtui.tui.widgets.key_table import keys_table
from rmtui.tui.widgets.keys_footer import KeysFooter
from rmtui.tui.widgets.rendered_lines import RenderedOnce

HINT = "Scroll with the arrows, PageUp/PageDown, Space or Tab, Home and End. Esc or F1 closes help."


def numbered_guide(title: str, intro: str, steps: Sequence[str], outro: str) -> Group:
    """A guide: its title, a sentence, numbered steps and a closing line; each text in Rich markup."""
    numbered = Table.grid(padding=(0, 1))
    numbered.add_column(justify="right")
    numbered.add_column()
    for number, step in enumerate(steps, start=1):
        numbered.add_row(f"{number}.", Text.from_markup(step))
    heading = Text(title, style="bold underline", justify="center")
    return Group("", heading, "", Text.from_markup(intro), "", numbered, "", Text.from_markup(outro))


class HelpPage(ModalScreen[None]):
    """Help on the keys of ``came_from`` first, then ``guide``, then every key of ``screens``.

    ``screens`` are those with keys of their own, by the name help gives each, in the order help lists them.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Close help", key_display="Esc"),
        Binding("space,tab", "page('down')", "Page down", show=False),
        Binding("shift+tab", "page('up')", "Page up", show=False),
    ]

    def __init__(
        self, guide: RenderableType, screens: dict[str, type[Screen[Any]]], came_from: type[Screen[Any]] | None
    ) -> None:
        super().__init__()
        self.guide = guide
        self.screens = screens
        self.came_from = came_from

    def compose(self) -> ComposeResult:
        screens = self.screens
        everywhere: dict[str, list[BindingType]] = {"Everywhere": type(self.app).BINDINGS}
        every_key = everywhere | {name: screen.BINDINGS for name, screen in screens.items()}
        here = next((name for name, screen in screens.items() if screen is self.came_from), None)
        with VerticalScroll(classes="dialog", id="help", can_focus=True):
            yield Static(HINT, classes="hint", markup=False)
            if here is not None:
                yield Static(Text(f"Keys here: {here}", style="bold"))
                yield Static(RenderedOnce(keys_table({here: screens[here].BINDINGS})))
            yield Static(self.guide, id="guide")
            yield Static(Text("Every key", style="bold"))
            yield Static(RenderedOnce(keys_table(every_key)), id="every-key")
        yield KeysFooter(help_key=False)

    def on_mount(self) -> None:
        """Focus the scrolling text, so the arrows, PageDown, End and Space move through it."""
        self.query_one("#help", VerticalScroll).focus()

    def action_page(self, direction: str) -> None:
        """Scroll a page down or up."""
        scroll = self.query_one("#help", VerticalScroll)
        if direction == "down":
            scroll.scroll_page_down()
        else:
            scroll.scroll_page_up()

    def action_close(self) -> None:
        """Back to where help was opened."""
        self.dismiss(None)
