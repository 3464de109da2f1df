"""Pair one person by hand: everyone on the other side, ranked, with the rule that rules each one out.

A candidate the coordinator forbade shows here greyed, and only here, so this is where ``u`` allows
the pair again; the matching section proposes again when the dialog closes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label, Static

from rmtui.core.errors import RmtuiError
from rmtui.core.matching import Candidate, MatchContext, match_setup, ranked_candidates, unforbid_pair
from rmtui.tui.cohort_app import cohort_app
from rmtui.tui.widgets.columns import flexible_width
from rmtui.tui.widgets.keys_footer import KeysFooter
from rmtui.tui.widgets.row_keys import cursor_row_key


class CandidatesScreen(ModalScreen[str | None]):
    """Ranked candidates for one person; returns the chosen partner's email, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "choose", "Pair with", priority=True),
        Binding(
            "u", "allow_again", "Allow again", tooltip="Allow the highlighted forbidden candidate to be proposed again"
        ),
        Binding("escape", "cancel", "Cancel"),
    ]

    @dataclass
    class Allowed(Message):
        """The worker allowed a forbidden pair again; ``ctx`` and ``candidates`` are as they now stand."""

        partner: str
        ctx: MatchContext
        candidates: list[Candidate]

    @dataclass
    class Refused(Message):
        """The core refused to allow the pair again (or could not write); nothing was changed."""

        reason: str

    def __init__(self, ctx: MatchContext, email: str) -> None:
        super().__init__()
        self.ctx = ctx
        self.person = ctx.person(email)
        self.candidates: list[Candidate] = ranked_candidates(ctx, email)

    def compose(self) -> ComposeResult:
        other = "mentor" if self.person.role == "mentee" else "mentee"
        with Vertical(classes="dialog", id="candidates"):
            yield Label(Text(f"Choose a {other} for {self.person.name}"), classes="dialog-title")
            yield Static("Eligible candidates first, best score first; greyed ones break a rule.", classes="hint")
            yield DataTable(id="candidate-table", cursor_type="row")
            yield Static("", id="candidate-problem", classes="error", markup=False)
        yield KeysFooter()

    def on_mount(self) -> None:
        """List every candidate."""
        table = self.query_one("#candidate-table", DataTable)
        table.add_column("Name", width=22)
        table.add_column("Score", width=5)
        # The reason takes what the dialog (90% of the screen, at most 100 wide, less its border) leaves; a long
        # one wraps onto more lines of its row rather than being cut.
        dialog = min(self.size.width * 9 // 10, 100) - 4
        table.add_column("Eligible?", width=flexible_width(dialog, (22, 5)))
        self.show_candidates()
        table.focus()

    def show_candidates(self, select: str | None = None) -> None:
        """Fill the table, best first, keeping (or moving to) the candidate ``select``."""
        table = self.query_one("#candidate-table", DataTable)
        table.clear()
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
                Text(verdict, style=style),
                key=candidate.email,
                height=None,
            )
        if select is not None and select in table.rows:
            table.move_cursor(row=table.get_row_index(select))

    def highlighted(self) -> Candidate | None:
        """The candidate under the cursor."""
        table = self.query_one("#candidate-table", DataTable)
        if not table.row_count:
            return None
        email = cursor_row_key(table)
        return next(c for c in self.candidates if c.email == email)

    def pair_with(self, candidate: Candidate) -> tuple[str, str]:
        """(mentor, mentee) for the person and this candidate."""
        if self.person.role == "mentor":
            return self.person.email, candidate.email
        return candidate.email, self.person.email

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

    def action_allow_again(self) -> None:
        """Lift the coordinator's "forbidden" from the highlighted candidate's pair; other rules still apply."""
        candidate = self.highlighted()
        if candidate is None:
            return
        if self.pair_with(candidate) not in self.ctx.setup.forbidden:
            self.query_one("#candidate-problem", Static).update(
                f"{candidate.name} is not forbidden by the coordinator, so there is nothing to allow again."
            )
            return
        self.query_one("#candidate-problem", Static).update("")
        self.allow_again(candidate.email)

    @work(thread=True, exclusive=True, group="candidates")
    def allow_again(self, partner: str) -> None:
        """Save the change off the UI thread, then rank the candidates again."""
        store = cohort_app(self).store
        try:
            unforbid_pair(store, *self.pair_with(next(c for c in self.candidates if c.email == partner)))
            ctx = MatchContext(match_setup(store))
            candidates = ranked_candidates(ctx, self.person.email)
        except RmtuiError as error:
            self.post_message(self.Refused(str(error)))
            return
        self.post_message(self.Allowed(partner, ctx, candidates))

    @on(Allowed)
    def allowed(self, event: Allowed) -> None:
        """Show the candidates as they now stand, and whether the one allowed could be paired now."""
        self.ctx, self.candidates = event.ctx, event.candidates
        self.show_candidates(select=event.partner)
        candidate = next(c for c in self.candidates if c.email == event.partner)
        still = f", but they still can't be paired: {candidate.reason}" if candidate.reason else ""
        self.notify(f"{candidate.name} is no longer forbidden{still}.", markup=False)

    @on(Refused)
    def refused(self, event: Refused) -> None:
        """Say why nothing changed."""
        self.query_one("#candidate-problem", Static).update(event.reason)

    def action_cancel(self) -> None:
        """Close without pairing."""
        self.dismiss(None)
