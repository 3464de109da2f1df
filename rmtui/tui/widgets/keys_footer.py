"""The footer every rmtui screen shows: its keys, compact, rebuilt only when the keys it shows change."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

# What one key in the footer shows: the key, how it is written, its words, whether it works now, its tooltip.
ShownKey = tuple[str, str, str, bool, str]


class KeysFooter(Footer):
    """A compact footer of the screen's keys (the palette is reached with ctrl+p and from help).

    Textual's footer throws its keys away and builds them again each time the screen's bindings
    might have changed: each focus move, several times while a screen opens. Building them restyles
    every key twice: on the roster's first opening, four rebuilds were queued before the first was
    drawn, and the keys' restyling was three quarters of all restyling. This one builds them again
    only when what it would show differs from what it shows.
    """

    def __init__(self, *, help_key: bool = True) -> None:
        super().__init__(compact=True, show_command_palette=False)
        self.shown: list[ShownKey] | None = None
        # Whether a dialog's footer ends with the app's help key (not in help itself, where F1 closes it).
        self.help_key = help_key

    def keys_to_show(self) -> list[ShownKey]:
        """The screen's keys as the footer would show them now."""
        keys = [
            (binding.key, self.app.get_key_display(binding), binding.description, enabled, tooltip)
            for _, binding, enabled, tooltip in self.screen.active_bindings.values()
            if binding.show
        ]
        return keys + [(binding.key, "", "", True, "") for binding in self.app_keys_on_dialog()]

    def app_keys_on_dialog(self) -> list[Binding]:
        """On a dialog or form, the app's help key, which works there (a priority binding), unless help is off.

        Textual's footer shows none of the app's keys on a modal screen, so F1 would vanish from the
        footer the moment a dialog opened, although it opens help there too.
        """
        if not (self.help_key and self.screen.is_modal):
            return []
        return [
            binding
            for binding in Binding.make_bindings(type(self.app).BINDINGS)
            if binding.action == "help" and binding.show and binding.priority and self.app.check_action("help", ())
        ]

    def compose(self) -> ComposeResult:
        shown = self.keys_to_show()
        composed = False
        # One at a time, not as a list: grouped keys are yielded inside a ``with KeyGroup()``.
        for key in super().compose():
            composed = True
            yield key
        if composed and (app_keys := self.app_keys_on_dialog()):
            self.styles.grid_size_columns += len(app_keys)
            for binding in app_keys:
                yield FooterKey(
                    binding.key,
                    self.app.get_key_display(binding),
                    binding.description,
                    binding.action,
                    tooltip=binding.tooltip,
                ).data_bind(compact=Footer.compact)
        # Nothing is composed until the screen's bindings are first ready: then it must be built.
        self.shown = shown if composed else None

    async def recompose(self) -> None:
        """Rebuild the keys, unless they would come out the same (several rebuilds are often queued at once)."""
        if self.is_attached and self.shown is not None and self.keys_to_show() == self.shown:
            return
        await super().recompose()
