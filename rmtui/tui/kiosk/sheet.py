"""A pair's own goal sheet, in pair mode: the ground rules, both partners' goals, and private notes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import (
    Button,
    Checkbox,
    Collapsible,
    DataTable,
    Header,
    Input,
    Label,
    Select,
    Static,
    TextArea,
)

from rmtui.core.access import PairKey, read_private_notes, save_private_notes
from rmtui.core.errors import RmtuiError, ValidationError
from rmtui.core.goals import (
    GOAL_STATUSES,
    NOT_STARTED,
    OWNERS,
    ConfidentialSections,
    GoalSheet,
    Template,
    accept_confidentiality,
    agree_goal_sheet,
    get_goal_sheet,
    get_template,
    read_confidential_sections,
    remove_goal,
    revise_goal_sheet,
    save_confidential_sections,
    set_goal_status,
    start_goal_sheet,
    update_goal_sheet,
)
from rmtui.core.store import CADENCES, Term
from rmtui.tui.changing import ChangingScreen
from rmtui.tui.cohort_app import cohort_app
from rmtui.tui.widgets.columns import cell, fit_flexible_column, flexible_width
from rmtui.tui.widgets.keys_footer import KeysFooter
from rmtui.tui.widgets.row_keys import cursor_row_key

SHEET_FIELDS = ("purpose", "cadence", "place", "confidentiality")
CONFIDENTIAL = ("sensitivities", "disagreements")
GOAL_COLUMNS = (("owner", "Whose"), ("title", "Goal"), ("target", "By"), ("status", "Status"), ("start", "Start"))
# Every column but the goal's title has a fixed width; the title takes what is left, and the selected goal's
# full title and success measure show in the line under the table, so nothing is cut mid-word unseen.
GOAL_WIDTHS = {"owner": 6, "target": 10, "status": 11, "start": 5}
LOCKED = "(private: only the two of you can read this)"
# Both agreements share one footer entry ("f5f6 Agree"), so that at 80 columns Sessions, Help and Lock fit.
AGREE = Binding.Group("Agree", compact=True)


class PairSheetScreen(ChangingScreen):
    """One pair's sheet, opened with their key; the key lives only as long as this screen."""

    # F5 to F8 are priority bindings: a TextArea would take F6 ("select line") and F7 ("select all") first, so
    # without priority, agreeing and revising did nothing while the cursor was in a text box.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", priority=True, tooltip="Save every section and the private notes"),
        Binding("f2", "add_goal", "Add goal", tooltip="Add a goal for the mentee or the mentor"),
        Binding(
            "f3", "edit_goal", "Edit goal", show=False, tooltip="Edit the goal selected in the goals table (or Enter)"
        ),
        Binding("f4", "next_status", "Status", show=False, tooltip="Move the selected goal to its next status"),
        Binding(
            "f5", "agree('mentee')", "Mentee agrees", priority=True, group=AGREE,
            tooltip="The mentee agrees this version of the sheet",
        ),
        Binding(
            "f6", "agree('mentor')", "Mentor agrees", priority=True, group=AGREE,
            tooltip="The mentor agrees this version of the sheet",
        ),
        Binding("f7", "revise", "Revise", priority=True, tooltip="Reopen an agreed sheet; the agreed version is kept"),
        Binding("f8", "sessions", "Sessions", priority=True, tooltip="The pair's session log: log or delete a meeting"),
        Binding("f10", "check_in", "Check-in", priority=True, show=False, tooltip="Answer your own check-in, alone"),
        Binding(
            "f9",
            "remove_goal",
            "Remove goal",
            # Off the footer, like the other keys on the selected goal: at 80 columns it would push out ctrl+l Lock.
            show=False,
            tooltip="Delete the selected goal from a draft sheet, after a yes/no",
        ),
    ]  # fmt: skip

    @dataclass
    class Loaded(Message):
        """The load worker read (and decrypted) everything the pair may see."""

        sheet: GoalSheet
        confidential: ConfidentialSections
        notes: str
        template: Template
        term: Term

    def __init__(self, key: PairKey, names: str) -> None:
        super().__init__()
        self.key = key
        self.names = names
        self.pair_id = key.pair_id
        self.sheet: GoalSheet | None = None
        self.saved: dict[str, object] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="sheet-status", markup=False)
        with Horizontal(id="sheet-actions"):
            yield Button("Sessions · F8", id="open-sessions", compact=True, tooltip="Your session log")
            yield Button("Check-in · F10", id="open-check-in", compact=True, tooltip="Your own check-in, alone")
            yield Button("Help · F1", id="open-help", compact=True, tooltip="Every key of pair mode")
            yield Static("ctrl+p: all actions", classes="hint")
        with VerticalScroll(id="sheet"):
            yield Label("1. Purpose of the relationship", classes="section-title")
            yield TextArea(
                id="purpose", classes="short-text", placeholder="Why are we meeting? What do we both hope for?"
            )
            yield Label("2–3. Goals: each partner's aims and how success will be measured", classes="section-title")
            yield DataTable(id="goals", cursor_type="row")
            yield Static("", id="goal-detail", markup=False)
            yield Label("4. Meetings", classes="section-title")
            with Horizontal(classes="field"):
                yield Label("How often", classes="field-label")
                yield Select([(c, c) for c in CADENCES], allow_blank=False, id="cadence", compact=True)
            with Horizontal(classes="field"):
                yield Label("Where", classes="field-label")
                yield Input(id="place", compact=True, placeholder="e.g. off site, a café near the office")
            yield Label("5. Confidentiality agreement", classes="section-title")
            yield TextArea(id="confidentiality", classes="short-text")
            with Horizontal(classes="field"):
                yield Checkbox("Mentee accepts", id="mentee-accepts", compact=True)
                yield Checkbox("Mentor accepts", id="mentor-accepts", compact=True)
            yield Label(f"6. Biases and sensitivities each side acknowledges  {LOCKED}", classes="section-title")
            yield TextArea(id="sensitivities", classes="short-text")
            yield Label(f"7. How we handle disagreements  {LOCKED}", classes="section-title")
            yield TextArea(id="disagreements", classes="short-text")
            yield Label("8. Term and evaluation", classes="section-title")
            yield Static("", id="term", classes="hint", markup=False)
            yield Label(f"Private notes  {LOCKED}", classes="section-title")
            yield TextArea(
                id="notes", classes="short-text", placeholder="Anything you want to remember between meetings."
            )
            with Collapsible(title="Guidance and suggestions from the template", id="guidance"):
                yield Static("", id="guidance-text", markup=False)
            yield Static("", id="sheet-problem", classes="error", markup=False)
        yield KeysFooter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer only what the sheet's state allows: revising once agreed, agreeing and adding goals before."""
        if self.sheet is None:
            return True
        # Hidden, not greyed, when the state rules them out, so that the footer fits 80 columns.
        if action == "revise":
            return self.sheet.read_only
        if action in ("agree", "add_goal", "edit_goal"):
            return not self.sheet.read_only
        return True

    def on_mount(self) -> None:
        """Load the sheet (starting it the first time) and the pair's confidential content."""
        table = self.query_one("#goals", DataTable)
        for key, label in GOAL_COLUMNS:
            table.add_column(label, key=key, width=self.goal_width() if key == "title" else GOAL_WIDTHS[key])
        self.title = self.names
        self.load()

    @work(thread=True, exclusive=True, group="pair-sheet")
    def load(self) -> None:
        """Read everything the pair may see, decrypting with their key."""
        store = cohort_app(self).store
        try:
            sheet = get_goal_sheet(store, self.pair_id)
            if sheet is None or sheet.state == NOT_STARTED:
                sheet = start_goal_sheet(store, self.pair_id)
            confidential = read_confidential_sections(store, self.key)
            notes = read_private_notes(store, self.key)
            template = get_template(store, sheet.template_id, sheet.template_version)
            term = store.settings().term()
        except RmtuiError as error:
            self.post_message(self.Refused(str(error)))
            return
        self.post_message(self.Loaded(sheet, confidential, notes, template, term))

    @on(Loaded)
    def show(self, event: Loaded) -> None:
        """Fill every section; an agreed sheet is read-only except goal progress and notes."""
        sheet, confidential, template = event.sheet, event.confidential, event.template
        self.sheet = sheet
        values: dict[str, object] = {
            "purpose": sheet.purpose,
            "cadence": sheet.cadence or "monthly",
            "place": sheet.place,
            "confidentiality": sheet.confidentiality,
            "sensitivities": confidential.sensitivities,
            "disagreements": confidential.disagreements,
            "notes": event.notes,
            "mentee-accepts": sheet.accepts("mentee"),
            "mentor-accepts": sheet.accepts("mentor"),
        }
        for name, value in values.items():
            widget = self.query_one(f"#{name}")
            if isinstance(widget, TextArea):
                widget.load_text(str(value))
            elif isinstance(widget, Checkbox):
                widget.value = bool(value)
            elif isinstance(widget, Input | Select):
                widget.value = str(value)
            widget.disabled = sheet.read_only and name != "notes"
        self.saved = self.typed()
        prompts = {section.key: section.prompt for section in template.sections}
        for name in ("sensitivities", "disagreements", "purpose", "confidentiality"):
            if name in prompts:
                self.query_one(f"#{name}", TextArea).placeholder = prompts[name]
        self.show_goals(sheet)
        self.refresh_bindings()
        self.query_one("#guidance-text", Static).update(_guidance(template))
        self.query_one("#term", Static).update(
            f"The cohort's term runs from {event.term.start} to {event.term.end}; you evaluate on {event.term.end}, "
            "as every pair does. The coordinator sets the term."
        )
        self.query_one("#sheet-status", Static).update(_status(sheet, template))

    def show_goals(self, sheet: GoalSheet) -> None:
        """List both partners' goals."""
        table = self.query_one("#goals", DataTable)
        selected = table.cursor_row
        table.clear()
        for goal in sheet.goals:
            table.add_row(
                goal.owner,
                cell(goal.title),
                goal.target_date.isoformat() if goal.target_date else "—",
                goal.status,
                str(goal.start_rating or "—"),
                key=str(goal.goal_id),
            )
        if not sheet.goals:
            self.query_one("#goal-detail", Static).update("No goals yet: F2 adds one for the mentee or the mentor.")
        if table.row_count:
            table.move_cursor(row=min(selected, table.row_count - 1))

    def goal_width(self) -> int:
        """The goal title column's width: what the fixed columns leave of the screen."""
        return flexible_width(self.size.width, GOAL_WIDTHS.values())

    def on_resize(self) -> None:
        """Give the goal titles the width the screen has now."""
        fit_flexible_column(self.query_one("#goals", DataTable), "title", self.goal_width())

    @on(DataTable.RowHighlighted, "#goals")
    def show_goal_detail(self, event: DataTable.RowHighlighted) -> None:
        """The selected goal in full, under the table: its title and how success is measured."""
        goal = (
            next((g for g in self.sheet.goals if str(g.goal_id) == event.row_key.value), None) if self.sheet else None
        )
        if goal is not None:
            self.query_one("#goal-detail", Static).update(
                Text.assemble((goal.title, "bold"), " · measured by: ", goal.success_measure or "—")
            )

    def typed(self) -> dict[str, object]:
        """Everything typed on the screen."""
        values: dict[str, object] = {}
        for name in (*SHEET_FIELDS, *CONFIDENTIAL, "notes"):
            widget = self.query_one(f"#{name}")
            if isinstance(widget, TextArea):
                values[name] = widget.text
            elif isinstance(widget, Input | Select):
                values[name] = widget.value
        for role in OWNERS:
            values[f"{role}-accepts"] = self.query_one(f"#{role}-accepts", Checkbox).value
        return values

    def action_save(self) -> None:
        """Save what changed, all in one write."""
        changed = {name: value for name, value in self.typed().items() if value != self.saved.get(name)}
        if not changed:
            self.notify("Nothing to save: nothing changed.", markup=False)
            return
        self.show_problem("")
        self.save(changed)

    @work(thread=True, exclusive=True, group="pair-sheet")
    def save(self, changed: dict[str, object]) -> None:
        """Write the changed sections, the sealed ones encrypted, in one atomic write."""
        store = cohort_app(self).store
        try:
            with store.batch():
                sheet_changes = {k: v for k, v in changed.items() if k in SHEET_FIELDS}
                if sheet_changes:
                    update_goal_sheet(store, self.pair_id, sheet_changes)
                for role in OWNERS:
                    if f"{role}-accepts" in changed:
                        accept_confidentiality(store, self.pair_id, role, bool(changed[f"{role}-accepts"]))
                secret = {k: v for k, v in changed.items() if k in CONFIDENTIAL}
                if secret:
                    save_confidential_sections(store, self.key, secret)
                if "notes" in changed:
                    save_private_notes(store, self.key, str(changed["notes"]))
        except ValidationError as invalid:
            self.post_message(self.Refused("Not saved: " + str(invalid)))
            return
        except RmtuiError as error:
            self.post_message(self.Refused(str(error)))
            return
        self.post_message(self.Changed("Saved."))

    def selected_goal_id(self) -> int | None:
        """The goal highlighted in the goals table."""
        table = self.query_one("#goals", DataTable)
        if not table.row_count:
            self.notify("There are no goals yet: add one with F2.", markup=False)
            return None
        return int(cursor_row_key(table))

    def action_add_goal(self) -> None:
        """Open an empty goal form."""
        from rmtui.tui.forms.goal import GoalForm

        self.app.push_screen(GoalForm(self.pair_id, None), self.load_if_saved)

    @on(DataTable.RowSelected, "#goals")
    def action_edit_goal(self) -> None:
        """Open the selected goal in the form."""
        from rmtui.tui.forms.goal import GoalForm

        goal_id = self.selected_goal_id()
        if goal_id is not None and self.sheet is not None:
            goal = next(g for g in self.sheet.goals if g.goal_id == goal_id)
            self.app.push_screen(GoalForm(self.pair_id, goal), self.load_if_saved)

    def load_if_saved(self, saved: bool | None) -> None:
        """Show the sheet again after the goal form saved."""
        if saved:
            self.load()

    def action_sessions(self) -> None:
        """Open the pair's session log, with the same key."""
        from rmtui.tui.kiosk.session_log import SessionLogScreen

        self.app.push_screen(SessionLogScreen(self.key, self.names))

    def action_check_in(self) -> None:
        """Open the session log and, once it has read what it needs, the check-in form."""
        from rmtui.tui.kiosk.session_log import SessionLogScreen

        self.app.push_screen(SessionLogScreen(self.key, self.names, then_check_in=True))

    @on(Button.Pressed, "#open-sessions")
    def sessions_pressed(self) -> None:
        """The Sessions button does what F8 does."""
        self.action_sessions()

    @on(Button.Pressed, "#open-check-in")
    def check_in_pressed(self) -> None:
        """The Check-in button does what F10 does."""
        self.action_check_in()

    @on(Button.Pressed, "#open-help")
    async def help_pressed(self) -> None:
        """The Help button does what F1 does."""
        await self.app.run_action("help")

    def action_next_status(self) -> None:
        """Move the selected goal on: not started → in progress → achieved → dropped."""
        goal_id = self.selected_goal_id()
        if goal_id is None or self.sheet is None:
            return
        goal = next(g for g in self.sheet.goals if g.goal_id == goal_id)
        status = GOAL_STATUSES[(GOAL_STATUSES.index(goal.status) + 1) % len(GOAL_STATUSES)]
        self.change(
            lambda: set_goal_status(cohort_app(self).store, self.pair_id, goal_id, status), f"Goal now {status}."
        )

    def action_remove_goal(self) -> None:
        """Delete the selected goal from a draft sheet once the pair says yes; an agreed sheet refuses."""
        from rmtui.tui.dialogs.confirm import ConfirmScreen

        goal_id = self.selected_goal_id()
        if goal_id is None or self.sheet is None:
            return
        goal = next(g for g in self.sheet.goals if g.goal_id == goal_id)
        done = f"Removed the {goal.owner}'s goal '{goal.title}'."

        def remove() -> None:
            remove_goal(cohort_app(self).store, self.pair_id, goal_id)

        if self.sheet.read_only:
            # Nothing to ask: the core refuses, and its message says how to change an agreed sheet.
            self.change(remove, done)
            return

        def answer(yes: bool | None) -> None:
            if yes:
                self.change(remove, done)

        question = Text.assemble(f"Remove the {goal.owner}'s goal ", (goal.title, "bold"), "?")
        detail = "It is deleted from the sheet with its measure and status; to keep it on record, F4 marks it dropped."
        if self.sheet.agreed_on("mentee") or self.sheet.agreed_on("mentor"):
            detail += " The agreement already given is cleared, so both partners agree again."
        self.app.push_screen(ConfirmScreen(question, detail, "Remove"), answer)

    def action_agree(self, role: str) -> None:
        """Record that the mentee or the mentor agrees this version."""
        if self.typed() != self.saved:
            self.show_problem("Save your changes (ctrl+s) before agreeing, so you agree to what you see.")
            return
        self.change(
            lambda: agree_goal_sheet(cohort_app(self).store, self.pair_id, role), f"The {role} agreed the sheet."
        )

    def action_revise(self) -> None:
        """Reopen an agreed sheet for changes; the agreed version is kept."""
        self.change(
            lambda: revise_goal_sheet(cohort_app(self).store, self.key),
            "Reopened for revision; the agreed version is kept.",
        )

    def reload(self) -> None:
        """Read the sheet again after a change."""
        self.load()

    def show_refusal(self, reason: str) -> None:
        """Say why nothing was saved, above the sheet; what was typed stays."""
        self.show_problem(reason)

    def show_problem(self, message: str) -> None:
        """A message about the whole sheet, such as a refused edit."""
        self.query_one("#sheet-problem", Static).update(message)
        if message:
            self.notify(message, severity="warning", markup=False)


def _status(sheet: GoalSheet, template: Template) -> Text:
    def agreed(role: str) -> str:
        day = sheet.agreed_on(role)
        return f"{role} agreed {day:%d %b %Y}" if day else f"{role} has not agreed"

    line = Text.assemble(
        (sheet.state.capitalize(), "bold"),
        f" · version {sheet.version} · {template.name} (template v{template.version}) · ",
        f"{agreed('mentee')} · {agreed('mentor')}",
    )
    if sheet.read_only:
        line.append(
            "\nAgreed and read-only: goal progress and private notes can still change; F7 revises.", style="italic"
        )
    elif sheet.missing:
        line.append("\nStill needed before agreeing: " + "; ".join(sheet.missing), style="italic")
    return line


def _guidance(template: Template) -> str:
    parts = [template.description] if template.description else []
    if template.topics:
        parts.append("Topics to explore: " + ", ".join(template.topics) + ".")
    if template.suggested_goals:
        parts.append("Suggested goals:")
        parts += [f"  • {g.owner}: {g.title} (measured by {g.success_measure})" for g in template.suggested_goals]
    for role, advice in (("Mentee", template.mentee_guidance), ("Mentor", template.mentor_guidance)):
        if advice:
            parts.append(f"{role}: " + " ".join(advice))
    return "\n".join(parts)
