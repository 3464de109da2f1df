"""A pair's passphrase prompt: unlock the pair, or the first time enrol it with its setup code."""

from __future__ import annotations

from textual.app import ComposeResult

from rmtui.core.access import PairKey, has_passphrase, set_pair_passphrase, unlock_pair
from rmtui.tui.cohort_app import cohort_app
from rmtui.tui.dialogs.passphrase import PassphrasePrompt


class PairPassphraseScreen(PassphrasePrompt):
    """Unlock a pair (or, the first time, enrol it with its setup code), then open its own sheet."""

    def __init__(self, pair_id: int, names: str) -> None:
        self.pair_id = pair_id
        self.names = names
        self.key: PairKey | None = None
        super().__init__(names, new=False)

    def compose(self) -> ComposeResult:
        self.new = not has_passphrase(cohort_app(self).store, self.pair_id)
        self.title_text = f"{self.names}: {'set your passphrase' if self.new else 'passphrase'}"
        yield from super().compose()

    def accept(self, typed: dict[str, str]) -> None:
        """Set or check the pair's passphrase; keep the key only in memory."""
        store = cohort_app(self).store
        if self.new:
            self.key = set_pair_passphrase(
                store, self.pair_id, typed["passphrase"], typed["passphrase_repeat"], setup_code=typed["setup_code"]
            )
        else:
            self.key = unlock_pair(store, self.pair_id, typed["passphrase"])

    def passed(self) -> None:
        """Replace the prompt with the pair's sheet."""
        from rmtui.tui.kiosk.sheet import PairSheetScreen

        assert self.key is not None
        self.app.switch_screen(PairSheetScreen(self.key, self.names))
