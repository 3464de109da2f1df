"""Pair one person by hand: everyone on the other side, ranked, with the rule that rules each one out."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Label, Static

from rmtui.core.matching import Candidate, MatchContext, ranked_candidates


class CandidatesScreen(ModalScreen[str | None]):
    """Ranked candidates for one person; returns the chosen partner's email, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "choose", "Pair with", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, ctx: MatchContext, email: str) -> None:
        super().__init__()
        self.person = ctx.person(email)
        self.candidates: list[Candidate] = ranked_candidates(ctx, email)

    def compose(self) -> ComposeResult:
        other = "mentor" if self.person.role == "mentee" else "mentee"
        with Vertical(classes="dialog", id="candidates"):
            yield Label(Text(f"Choose a {other} for {self.person.name}"), classes="dialog-title")
            yield Static("Eligible candidates first, best score first; greyed ones break a rule.", classes="hint")
            yield DataTable(id="candidate-table", cursor_type="row")
            yield Static("", id="candidate-problem", classes="error", markup=False)
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        """List every candidate."""
        table = self.query_one("#candidate-table", DataTable)
        table.add_column("Name", width=22)
        table.add_column("Score")
        table.add_column("Eligible?", width=60)
        for candidate in self.candidates:
            style = "" if candidate.eligible else "dim"
            verdict = (
                "yes" + (" (grade unknown)" if candidate.grade_unknown else "")
                if candidate.eligible
                else candidate.reason
            )
            table.add_row(
                Text(candidate.name, style=style),
                Text(f"{candidate.score:.2f}", style=style, justify="right"),
                Text(verdict, style=style, no_wrap=True, overflow="ellipsis"),
                key=candidate.email,
            )
        table.focus()

    @on(DataTable.RowSelected, "#candidate-table")
    def action_choose(self) -> None:
        """Pair with the highlighted candidate, unless they break a rule."""
        table = self.query_one("#candidate-table", DataTable)
        if not table.row_count:
            return
        email = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        candidate = next(c for c in self.candidates if c.email == email)
        if not candidate.eligible:
            self.query_one("#candidate-problem", Static).update(
                f"Can't pair with {candidate.name}: {candidate.reason}."
            )
            return
        self.dismiss(candidate.email)

    def action_cancel(self) -> None:
        """Close without pairing."""
        self.dismiss(None)
