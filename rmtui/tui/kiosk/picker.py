"""Pair mode's first screen: every active pair by name, and nothing else."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from rmtui.core.matching import pairs_by_id
from rmtui.core.roster import list_participants
from rmtui.tui.cohort_app import cohort_app
from rmtui.tui.widgets.keys_footer import KeysFooter
from rmtui.tui.widgets.row_keys import cursor_row_key


class PairPickerScreen(Screen[None]):
    """Choose your pair; a passphrase is set the first time and asked every time after."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "open", "Open our sheet", priority=True)]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(
            "Choose your pair and press Enter. The first time, you set a passphrase together; "
            "after that only it opens your sheet. Ctrl+L locks it again.",
            classes="hint",
            id="picker-hint",
        )
        yield DataTable(id="pairs", cursor_type="row", zebra_stripes=True)
        yield KeysFooter()

    def on_mount(self) -> None:
        """List the active pairs by their partners' names."""
        names = {p.email: p.name for p in list_participants(cohort_app(self).store)}
        table = self.query_one("#pairs", DataTable)
        table.add_column("Mentor", key="mentor")
        table.add_column("Mentee", key="mentee")
        for pair_id, pair in sorted(pairs_by_id(cohort_app(self).store, active_only=True).items()):
            table.add_row(
                Text(names.get(pair.mentor, pair.mentor)), Text(names.get(pair.mentee, pair.mentee)), key=str(pair_id)
            )
        table.focus()

    @on(DataTable.RowSelected, "#pairs")
    def action_open(self) -> None:
        """Ask for the chosen pair's passphrase (or for a new one), then show their sheet."""
        from rmtui.tui.kiosk.unlock import PairPassphraseScreen

        table = self.query_one("#pairs", DataTable)
        if not table.row_count:
            self.notify("There are no active pairs yet; the coordinator confirms them first.", markup=False)
            return
        pair_id = int(cursor_row_key(table))
        mentor, mentee = (cell.plain for cell in table.get_row(str(pair_id)))
        self.app.push_screen(PairPassphraseScreen(pair_id, f"{mentor} & {mentee}"))
