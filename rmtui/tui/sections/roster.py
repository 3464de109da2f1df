"""The roster section: everyone in the cohort, with filter, sort, add, edit, delete and import."""

from __future__ import annotations

from functools import partial
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import DataTable, Header, Input, Label, Static

from rmtui.core.roster import Participant
from rmtui.core.roster import records as roster
from rmtui.core.text import plural
from rmtui.tui.cohort_app import cohort_app
from rmtui.tui.dialogs.confirm import ConfirmScreen
from rmtui.tui.sections.section import SectionScreen
from rmtui.tui.widgets.columns import Column, set_columns
from rmtui.tui.widgets.keys_footer import KeysFooter
from rmtui.tui.widgets.paged_table import PagedTable, TableRow
from rmtui.tui.widgets.sections import SectionBar

# Always shown, whatever the width: who, their role, department, grade, focus and status.
ESSENTIAL = (
    Column("name", "Name", 18),
    Column("role", "Role", 6),
    Column("department", "Department", 12),
    Column("grade", "Grade", 5),
    Column("focus", "Focus", 6),
    Column("status", "Status", 9),
)
# The table's border (two cells), its scrollbar (two) and one spare, so the last column is never cut.
TABLE_CHROME = 5
# Offers / wants get a column only when this much is left for it; otherwise they are in the details below.
SKILLS_MIN = 24
STATUS_SHORT = {"left organisation": "left"}
SORTABLE = ("name", "role", "department", "grade", "status")
# The key that marks each status, named in the message that undoes it.
STATUS_KEYS = {"withdrawn": "w", "left organisation": "l"}
FOCUS_SHORT = {"technology": "tech", "social values": "values", "both": "both"}


def _matches(participant: Participant, words: list[str]) -> bool:
    haystack = " ".join(
        [participant.name, participant.email, participant.role, participant.department, participant.job_title,
         participant.status, *participant.offers, *participant.wants]
    ).casefold()  # fmt: skip
    return all(word in haystack for word in words)


def _sort_value(participant: Participant, key: str) -> tuple[object, ...]:
    if key == "grade":
        return (participant.grade is None, participant.grade or 0, participant.name.casefold())
    return (str(getattr(participant, key)).casefold(), participant.name.casefold())


def _cell(value: str, style: str = "") -> Text:
    """Literal text (never markup) that ends in an ellipsis when the column is too narrow."""
    return Text(value, style=style, no_wrap=True, overflow="ellipsis")


def _skills(participant: Participant) -> Text:
    offers = ", ".join(participant.offers) or "—"
    wants = ", ".join(participant.wants) or "—"
    return Text.assemble(("offers ", "dim"), offers, (" · wants ", "dim"), wants, no_wrap=True, overflow="ellipsis")


def plan_columns(width: int) -> list[Column]:
    """The columns that fit a screen this wide: the essential ones always, and offers / wants when there is room.

    Narrower than about 100 cells, names get what offers / wants would have had, and both move to the details.
    """
    # Each column is padded by one cell either side.
    left = width - TABLE_CHROME - sum(column.width + 2 for column in ESSENTIAL) - 2
    if left >= SKILLS_MIN:
        return [*ESSENTIAL, Column("skills", "Offers / wants", left)]
    name, *rest = ESSENTIAL
    return [Column(name.key, name.label, name.width + max(0, left)), *rest]


def _row(keys: tuple[str, ...], p: Participant) -> TableRow:
    cells: dict[str, Text | str] = {
        "name": _cell(p.name),
        "role": p.role,
        "department": _cell(p.department),
        "grade": Text("—" if p.grade is None else str(p.grade), justify="right"),
        "focus": FOCUS_SHORT[p.focus],
        "status": _cell(STATUS_SHORT.get(p.status, p.status), "" if p.is_active else "italic"),
        "skills": _skills(p),
    }
    return TableRow(tuple(cells[key] for key in keys), key=p.email)


def _details(p: Participant, names: dict[str, str]) -> Text:
    """Everything the table leaves out or shortens, a line for each: who, where, their role, offers, wants."""
    since = f" since {p.status_date:%d %b %Y}" if p.status_date else ""
    grade = "no grade" if p.grade is None else f"grade {p.grade}"
    capacity = f" · up to {p.capacity} mentee{'s' if p.capacity != 1 else ''}" if p.role == "mentor" else ""
    manager = names.get(p.reports_to, p.reports_to) or "nobody recorded"
    return Text.assemble(
        (p.name, "bold"), f" · {p.job_title or 'no job title'} · {p.department or 'no department'}\n",
        f"{p.email} · reports to {manager}\n",
        f"{p.role} · {grade} · focus {p.focus} · meets {p.format}{capacity} · {p.status}{since}\n",
        ("Offers: ", "dim"), ", ".join(p.offers) or "—", "\n",
        ("Wants: ", "dim"), ", ".join(p.wants) or "—",
    )  # fmt: skip


class RosterScreen(SectionScreen):
    """The coordinator's roster."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add", "Add", tooltip="Add a participant"),
        # Enter edits too: the table's own Enter binding selects the row, and row_chosen edits it.
        Binding("e", "edit", "Edit", tooltip="Edit the selected participant (or Enter)"),
        Binding("d,delete", "delete", "Delete", key_display="d", tooltip="Delete the selected participant"),
        Binding("w", "toggle_status('withdrawn')", "Withdraw", tooltip="Mark withdrawn, or active again"),
        Binding(
            "l", "toggle_status('left organisation')", "Left", tooltip="Mark left the organisation, or active again"
        ),
        Binding("i", "import_csv", "Import", tooltip="Import a roster CSV or .xlsx"),
        Binding(
            "s", "sort", "Sort", show=False, tooltip="Sort by the next column: name, role, department, grade, status"
        ),
        Binding("slash", "focus_filter", "Filter", key_display="/", show=False, tooltip="Type to filter the roster"),
        Binding("escape", "clear_filter", "Clear filter", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.sort_key = "name"
        self.sort_reverse = False
        self.people: list[Participant] = []
        self.columns: list[Column] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield SectionBar("roster")
        with Horizontal(id="filter-row"):
            yield Label("Filter", id="filter-label")
            yield Input(
                placeholder="name, email, department, skill…  (/ to focus, Esc to clear)", id="filter", compact=True
            )
        yield Static(id="balance")
        yield PagedTable(id="roster", cursor_type="row", zebra_stripes=True)
        yield Static(id="details")
        yield KeysFooter()

    def on_mount(self) -> None:
        """Load the roster and put the cursor in the table."""
        table = self.query_one("#roster", DataTable)
        self.columns = plan_columns(self.size.width)
        set_columns(table, self.columns)
        self.reload()
        table.focus()

    def reload(self, select: str | None = None) -> None:
        """Read the roster again and redraw it, keeping (or moving to) the selected person."""
        self.people = roster.list_participants(cohort_app(self).store)
        self.query_one("#balance", Static).update(roster.roster_balance(self.people).describe())
        self.refresh_table(select or self.selected_email())

    def refresh_table(self, select: str | None = None) -> None:
        """Apply the filter and the sort to the loaded roster."""
        table = self.query_one("#roster", PagedTable)
        words = self.query_one("#filter", Input).value.casefold().split()
        shown = sorted(
            (p for p in self.people if _matches(p, words)),
            key=lambda p: _sort_value(p, self.sort_key),
            reverse=self.sort_reverse,
        )
        arrow = "▼" if self.sort_reverse else "▲"
        table.border_title = (
            f"{len(shown)} of {plural(len(self.people), 'person', 'people')} · sorted by {self.sort_key} {arrow} (s)"
        )
        keys = tuple(column.key for column in self.columns)
        table.fill(shown, partial(_row, keys), added=partial(self._rows_added, select))

    def on_resize(self) -> None:
        """Show offers / wants as a column when the screen gets wide enough, and in the details when not."""
        columns = plan_columns(self.size.width)
        if columns != self.columns and self.is_mounted:
            self.columns = columns
            set_columns(self.query_one("#roster", DataTable), columns)
            self.refresh_table(self.selected_email())

    def _rows_added(self, select: str | None) -> None:
        table = self.query_one("#roster", DataTable)
        if select is not None and select in table.rows:
            table.move_cursor(row=table.get_row_index(select))
        self.show_details()

    @on(DataTable.RowHighlighted, "#roster")
    def show_details(self) -> None:
        """Show everything about the highlighted person under the table."""
        email = self.selected_email()
        person = next((p for p in self.people if p.email == email), None)
        names = {p.email: p.name for p in self.people}
        if person:
            shown: Text | str = _details(person, names)
        elif self.people:
            shown = "Nobody matches the filter: Esc clears it."
        else:
            shown = "Nobody on the roster yet: add someone with a, or import a roster CSV with i."
        self.query_one("#details", Static).update(shown)

    def selected_email(self) -> str | None:
        """The email of the highlighted row, if any."""
        table = self.query_one("#roster", DataTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def selected(self) -> Participant | None:
        """The highlighted participant, or None (with a hint) when the table is empty."""
        email = self.selected_email()
        person = next((p for p in self.people if p.email == email), None)
        if person is None:
            self.notify(
                "Nobody is selected. Add someone with a, or import a CSV with i.", severity="warning", markup=False
            )
        return person

    @on(DataTable.RowSelected, "#roster")
    def row_chosen(self) -> None:
        """Enter (or a click on the highlighted row) edits the person."""
        self.action_edit()

    @on(Input.Changed, "#filter")
    def filter_changed(self) -> None:
        """Filter as the coordinator types."""
        self.refresh_table(self.selected_email())

    @on(Input.Submitted, "#filter")
    def filter_submitted(self) -> None:
        """Enter in the filter moves to the table."""
        self.query_one("#roster", DataTable).focus()

    @on(DataTable.HeaderSelected, "#roster")
    def header_selected(self, event: DataTable.HeaderSelected) -> None:
        """Clicking a column heading sorts by it; clicking again reverses."""
        key = str(event.column_key.value)
        if key in SORTABLE:
            self.sort_reverse = not self.sort_reverse if key == self.sort_key else False
            self.sort_key = key
            self.refresh_table(self.selected_email())

    def action_sort(self) -> None:
        """Sort by the next sortable column."""
        self.sort_key = SORTABLE[(SORTABLE.index(self.sort_key) + 1) % len(SORTABLE)]
        self.sort_reverse = False
        self.refresh_table(self.selected_email())

    def action_focus_filter(self) -> None:
        """Jump to the filter box."""
        self.query_one("#filter", Input).focus()

    def action_clear_filter(self) -> None:
        """Empty the filter and return to the table."""
        self.query_one("#filter", Input).value = ""
        self.query_one("#roster", DataTable).focus()

    def action_add(self) -> None:
        """Open an empty participant form."""
        self.open_form(None)

    def action_edit(self) -> None:
        """Open the form on the selected participant."""
        if person := self.selected():
            self.open_form(person)

    def open_form(self, person: Participant | None) -> None:
        """Show the participant form; the roster redraws when it saves."""
        # Dialogs are imported when first opened, so start-up pays only for the roster.
        from rmtui.tui.forms.participant import ParticipantForm

        self.app.push_screen(ParticipantForm(person), self.saved)

    def saved(self, participant: Participant | None) -> None:
        """After the form closes, show the saved person."""
        if participant is not None:
            self.reload(select=participant.email)
            self.notify(f"Saved {participant.name}.", markup=False)

    def action_delete(self) -> None:
        """Delete the selected participant, after confirmation."""
        if not (person := self.selected()):
            return

        def answer(confirmed: bool | None) -> None:
            if confirmed:
                self.change(
                    lambda: roster.delete_participant(cohort_app(self).store, person.email), f"Deleted {person.name}."
                )

        question = Text.assemble("Delete ", (person.name, "bold"), f" ({person.email}) from the roster?")
        self.app.push_screen(ConfirmScreen(question, "This cannot be undone, except from a backup.", "Delete"), answer)

    def action_toggle_status(self, status: str) -> None:
        """Mark the selected participant with ``status``, or back to active if they already have it."""
        if not (person := self.selected()):
            return
        store, key = cohort_app(self).store, STATUS_KEYS[status]

        def toggle() -> Participant:
            # Read in the worker, not from the screen: a second l typed before the first one's
            # save has been shown must undo it, not mark the person again. Read and written in one
            # batch (it holds the store's lock), so the second l's worker cannot read between them.
            with store.batch():
                now = roster.get_participant(store, person.email).status
                return roster.set_status(store, person.email, "active" if now == status else status)

        def done(changed: Participant) -> str:
            if changed.status == "active":
                return f"{changed.name} is active again (press {key} to mark them {status} once more)."
            return f"{changed.name} is now {changed.status}; press {key} again to undo."

        self.change(toggle, done)

    def action_import_csv(self) -> None:
        """Open the import dialog; reload when it imported anything."""
        from rmtui.tui.dialogs.import_roster import ImportScreen

        self.app.push_screen(ImportScreen(), self.reload_if_imported)

    def reload_if_imported(self, imported: bool | None) -> None:
        """Show the roster again after the import dialog added anyone."""
        if imported:
            self.reload()
