"""F1 in pair mode: what a pair does at the shared machine, and pair mode's own keys, nothing of the coordinator's."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown, Static

from rmtui.tui.widgets.key_table import keys_table
from rmtui.tui.widgets.keys_footer import KeysFooter

GUIDE = """\
# Pair mode help

This machine is shared: each pair sees only its own sheet, notes and sessions.

1. **Choose your pair** in the list and press **Enter**. The first time, type the setup code
   the coordinator gave you and choose a passphrase together; after that only it opens your sheet.
2. **Fill in your goal sheet**: the purpose, each partner's goals (**F2**), how often and where you
   meet, the confidentiality agreement, and the term. Save with **ctrl+s**.
3. **Agree it**: the mentee presses **F5** and the mentor **F6**; the sheet then becomes read-only.
   **F7** reopens it for revision, keeping the agreed version.
4. **Log your meetings** with **F8** (Sessions), and **answer your own check-in** alone with **F10**.
5. **Lock** with **ctrl+l** when you leave; the sheet also locks itself when nobody types for a while.

**ctrl+p** lists every action of the screen you are on, by name.
"""


class PairHelpScreen(ModalScreen[None]):
    """Pair mode's guide and the keys of its own screens; it scrolls with the arrows, PageUp/PageDown, Home/End."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,f1,q", "close", "Close help")]

    def compose(self) -> ComposeResult:
        from rmtui.tui.forms.check_in import CheckInForm
        from rmtui.tui.forms.goal import GoalForm
        from rmtui.tui.forms.session import SessionForm
        from rmtui.tui.kiosk.picker import PairPickerScreen
        from rmtui.tui.kiosk.session_log import SessionLogScreen
        from rmtui.tui.kiosk.sheet import PairSheetScreen

        sections = {
            "Everywhere": type(self.app).BINDINGS,
            "Pair list": PairPickerScreen.BINDINGS,
            "Your sheet": PairSheetScreen.BINDINGS,
            "Goal form": GoalForm.BINDINGS,
            "Session log": SessionLogScreen.BINDINGS,
            "Session form": SessionForm.BINDINGS,
            "Check-in form": CheckInForm.BINDINGS,
        }
        with VerticalScroll(classes="dialog", id="pair-help"):
            yield Markdown(GUIDE + "\n## Keys")
            yield Static(keys_table(sections), id="pair-keys")
            yield Markdown("Press **Esc** to close.")
        yield KeysFooter()

    def on_mount(self) -> None:
        """Focus the text, so the scrolling keys move it."""
        self.query_one("#pair-help", VerticalScroll).focus()

    def action_close(self) -> None:
        """Back to where help was opened."""
        self.dismiss(None)
