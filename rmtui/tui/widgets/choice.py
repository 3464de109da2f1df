"""A pick-one field for a few short choices, all on show: one widget where a compact Select is five."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.widget import Widget

GAP = "   "  # between two choices


class Choice(Widget, can_focus=True):
    """``● mentor   ○ mentee``: ← and → (or space, or a click) move the choice; a letter picks a choice it starts.

    A compact Select shows one choice and hides the rest in a list it builds and styles as the form opens:
    its value, two arrows and that list are five widgets, and the participant form's three Selects were
    a fifth of what opening it cost. For two or three short words, showing them all is also quicker to read.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "move(-1)", "Previous choice", show=False),
        # In the footer while a choice has the focus, so the keys that change it can be found.
        Binding("right,space", "move(1)", "Choose", key_display="← →"),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {"choice--chosen"}
    DEFAULT_CSS = """
    Choice {
        width: 1fr;
        height: 1;
        background: $surface;
        pointer: pointer;
        &:focus {
            background-tint: $foreground 5%;
        }
        & > .choice--chosen {
            text-style: bold;
        }
        &:focus > .choice--chosen {
            color: $block-cursor-foreground;
            background: $block-cursor-background;
            text-style: $block-cursor-text-style;
        }
    }
    """

    value: reactive[str] = reactive("", init=False)

    def __init__(self, choices: Sequence[str], value: str, *, id: str | None = None) -> None:
        if value not in choices:
            raise ValueError(f"{value!r} is not one of {list(choices)}")
        super().__init__(id=id)
        self.choices = tuple(choices)
        self.set_reactive(Choice.value, value)

    def render(self) -> Text:
        """Each choice with its mark, the chosen one marked and styled."""
        chosen_style = self.get_component_rich_style("choice--chosen", partial=True)
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        for index, choice in enumerate(self.choices):
            if index:
                text.append(GAP)
            text.append(f"● {choice}" if choice == self.value else f"○ {choice}",
                        chosen_style if choice == self.value else "")  # fmt: skip
        return text

    def action_move(self, step: int) -> None:
        """Move to the previous or next choice, round from the last to the first."""
        self.value = self.choices[(self.choices.index(self.value) + step) % len(self.choices)]

    def picked_by(self, character: str | None) -> str | None:
        """The choice a typed letter picks: the next one after the chosen one that starts with it, if any."""
        if character is None or not character.strip():
            return None
        start = self.choices.index(self.value)
        later = self.choices[start + 1 :] + self.choices[: start + 1]
        return next((choice for choice in later if choice.casefold().startswith(character.casefold())), None)

    def check_consume_key(self, key: str, character: str | None) -> bool:
        """Only the letters that pick a choice: q still backs out and ? still opens help, as on a Select."""
        return self.picked_by(character) is not None

    def on_key(self, event: events.Key) -> None:
        """A letter picks the next choice that starts with it."""
        if (picked := self.picked_by(event.character)) is not None:
            event.stop()
            event.prevent_default()
            self.value = picked

    def on_click(self, event: events.Click) -> None:
        """A click on a choice picks it."""
        x = 0
        for choice in self.choices:
            width = cell_len(f"● {choice}")
            if x <= event.x < x + width:
                self.value = choice
                return
            x += width + cell_len(GAP)
