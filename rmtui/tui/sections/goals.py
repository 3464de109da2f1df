"""The goals section: every pair's goal sheet as the coordinator may see it, templates, and passphrase resets.

The coordinator sees progress and dates only. Everything here is drawn from the core's
coordinator views, which never carry the confidential sections or private notes, so this
screen has nothing confidential it could show by mistake.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import ClassVar

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Header, Static
from textual.worker import Worker

from rmtui.core.access import (
    describe_reset,
    has_passphrase,
    issue_setup_code,
    pending_setup_code,
    reset_pair_passphrase,
)
from rmtui.core.errors import RmtuiError
from rmtui.core.goals import (
    AGREED,
    DRAFT,
    NOT_STARTED,
    REVISED_DRAFT,
    CoordinatorView,
    Template,
    assign_template,
    assign_template_to_active_pairs,
    coordinator_overview,
)
from rmtui.core.roster import list_participants
from rmtui.core.text import plural
from rmtui.tui.cohort_app import cohort_app
from rmtui.tui.dialogs.confirm import ConfirmScreen
from rmtui.tui.sections.section import SectionScreen
from rmtui.tui.widgets.columns import Column, set_columns
from rmtui.tui.widgets.columns import cell as _cell
from rmtui.tui.widgets.keys_footer import KeysFooter
from rmtui.tui.widgets.row_keys import cursor_row_key
from rmtui.tui.widgets.sections import SectionBar

STATE_STYLE = {AGREED: "bold", NOT_STARTED: "dim", DRAFT: "italic", REVISED_DRAFT: "italic"}
STATUS_STYLE = {"achieved": "bold", "dropped": "dim strike", "not started": "dim"}
# The table's border and the scrollbar it always keeps room for.
TABLE_CHROME = 3
NAMES_MAX = 24


def plan_columns(width: int) -> list[Column]:
    """The columns that fit a table this wide: from about 100 wide, with the template and both agreement dates."""
    inner = width - TABLE_CHROME
    fixed = [Column("state", "Sheet", 13), Column("agreed", "Agreed by\nmentee·mentor", 13)]
    tail = [Column("complete", "Complete", 8), Column("goals", "Goals", 5)]
    # Each column is padded by one cell either side.
    flexible = inner - sum(c.width + 2 for c in (*fixed, *tail)) - 3 * 2
    if flexible >= 3 * 14:
        # Names get about a third each, so the template keeps room for its version.
        names = min(NAMES_MAX, max(flexible * 32 // 100, (flexible - 20) // 2))
        template = flexible - 2 * names
        return [
            Column("mentor", "Mentor", names),
            Column("mentee", "Mentee", names),
            fixed[0],
            Column("template", "Template", template),
            fixed[1],
            *tail,
        ]
    # Narrow: who agreed instead of when; the template and the goals (not their count) only in the details
    # below, so that names keep about 20 columns each.
    fixed[1] = Column("agreed", "Agreed\nby", 6)
    flexible = inner - sum(c.width + 2 for c in (*fixed, tail[0])) - 2 * 2
    names = min(NAMES_MAX, flexible // 2)
    return [Column("mentor", "Mentor", names), Column("mentee", "Mentee", names), *fixed, tail[0]]


def _short(day: date | None) -> str:
    return f"{day:%d %b}" if day else "—"


def _long(day: date | None) -> str:
    return f"{day.day} {day:%b %Y}" if day else "not set"


def _template_cell(view: CoordinatorView, width: int) -> Text:
    """The template's name, cut to fit, keeping its version visible."""
    if not view.template_name:
        return _cell("none assigned", "dim italic")
    version = f" v{view.template_version}" if view.template_version else ""
    room = width - len(version)
    name = view.template_name if len(view.template_name) <= room else view.template_name[: max(room - 1, 1)] + "…"
    return Text.assemble(name, (version, "dim"), no_wrap=True)


def _agreed_cell(view: CoordinatorView, wide: bool) -> Text:
    if not (view.mentee_agreed_on or view.mentor_agreed_on):
        return Text("—", style="dim")
    if wide:
        return Text(f"{_short(view.mentee_agreed_on)}·{_short(view.mentor_agreed_on)}", no_wrap=True)
    who = [role for role in ("mentee", "mentor") if getattr(view, f"{role}_agreed_on")]
    return Text("both" if len(who) == 2 else who[0], no_wrap=True)


def _complete_cell(view: CoordinatorView) -> Text:
    if view.complete:
        return Text("✓", style="bold green")
    if view.state == NOT_STARTED:
        return Text("—", style="dim")
    return Text(f"needs {len(view.missing)}", style="italic")


def summary(views: list[CoordinatorView]) -> Text:
    """The cohort's goal sheets in one line."""
    states = Counter(view.state for view in views)
    unassigned = sum(1 for view in views if not view.template_name)
    parts = [
        plural(len(views), "pair"),
        *(f"{states[state]} {state}" for state in (AGREED, REVISED_DRAFT, DRAFT, NOT_STARTED) if states[state]),
        f"{sum(view.complete for view in views)} complete",
    ]
    if unassigned:
        parts.append(f"{unassigned} without a template")
    return Text(" · ".join(parts))


def _agreement(view: CoordinatorView) -> Text:
    """Who agreed this version of the sheet and when, then whether it is complete or what it still needs."""
    mentee, mentor = view.mentee_agreed_on, view.mentor_agreed_on
    if mentee and mentor:
        line = Text(f"Mentee agreed on {_long(mentee)}, mentor on {_long(mentor)}")
    elif mentee or mentor:
        role, other, day = ("Mentee", "mentor", mentee) if mentee else ("Mentor", "mentee", mentor)
        line = Text(f"{role} agreed on {_long(day)}; the {other} has not yet")
    else:
        line = Text("Not agreed yet")
    line.append(" · ")
    line.append("complete ✓" if view.complete else "still needs " + "; ".join(view.missing), style="italic")
    return line


def details(view: CoordinatorView, mentor: str, mentee: str) -> Group:
    """What the coordinator may know of one pair's sheet: dates, completeness and its goals' progress."""
    heading = Text.assemble((mentor, "bold"), " (mentor) with ", (mentee, "bold"), " (mentee)")
    if not view.template_name:
        return Group(heading, Text("No template assigned yet: press t to assign one.", style="italic"))
    if view.state == NOT_STARTED:
        about = Text.assemble(
            "Sheet not started. Assigned ", (view.template_name, "bold"),
            "; the pair starts from its newest version when they first open their sheet.",
        )  # fmt: skip
        return Group(heading, about)
    about = Text.assemble(
        f"Sheet {view.state} (version {view.sheet_version}), from ", (view.template_name, "bold"),
        f" v{view.template_version}",
    )  # fmt: skip
    term = Text(f"Term {_long(view.term_start)} to {_long(view.evaluation_date)} · meets {view.cadence or 'not set'}")
    lines = [heading, about, term, _agreement(view)]
    if not view.goals:
        return Group(*lines, Text("No goals yet.", style="dim"))
    goals = Table.grid(padding=(0, 1), expand=True)
    goals.add_column(style="dim", no_wrap=True)
    goals.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
    goals.add_column(no_wrap=True)
    goals.add_column(no_wrap=True)
    for goal in view.goals:
        target = Text(f"by {_long(goal.target_date)}") if goal.target_date else Text("no target date", style="dim")
        goals.add_row(goal.owner, Text(goal.title), Text(goal.status, style=STATUS_STYLE.get(goal.status, "")), target)
    return Group(*lines, goals)


class GoalsScreen(SectionScreen):
    """Every active pair's goal sheet: state, template, agreement, completeness and goals; never what was said."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("t", "assign", "Assign", tooltip="Assign a template to the selected pair"),
        Binding("T", "assign_all", "Assign all", key_display="T",
                tooltip="Assign a template to every active pair whose sheet has not started"),
        Binding("m", "templates", "Templates", tooltip="Create, duplicate and edit goal-setting templates"),
        Binding("c", "setup_code", "Setup code",
                tooltip="Show (or issue) the one-time code the selected pair sets its first passphrase with"),
        # Rare, so off the footer (which must keep F1 Help at 80 columns); help and the palette list it.
        Binding("x", "reset_passphrase", "Reset passphrase", show=False,
                tooltip="Reset the selected pair's lost passphrase (deletes their confidential content)"),
    ]  # fmt: skip

    def __init__(self) -> None:
        super().__init__()
        self.views: list[CoordinatorView] = []
        self.names: dict[str, str] = {}
        self.columns: list[Column] = []
        # The assign-all worker, while it runs: it redraws when done (SectionScreen.Changed).
        self.assigning: Worker[None] | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield SectionBar("goals")
        yield Static("", id="goals-summary", markup=False)
        yield DataTable(id="goal-pairs", cursor_type="row", zebra_stripes=True, header_height=2)
        with VerticalScroll(id="goal-details"):
            yield Static("", id="goal-detail-text", markup=False)
        yield KeysFooter()

    def on_mount(self) -> None:
        """Title the panels and put the cursor in the table; the sheets load when the screen shows."""
        table = self.query_one("#goal-pairs", DataTable)
        table.border_title = "Goal sheets of active pairs"
        table.border_subtitle = "progress and dates only"
        self.query_one("#goal-details").border_title = "Selected pair"
        self.query_one("#goal-details").border_subtitle = "confidential sections and notes stay with the pair"
        table.focus()

    def on_screen_resume(self) -> None:
        """Load the sheets each time the section shows: pairs confirmed in matching since then appear."""
        # A dialog that just closed may have started a save; it redraws when done, and reading now would race it.
        if self.assigning is None or self.assigning.is_finished:
            self.reload()

    def on_resize(self) -> None:
        """Choose the columns that fit the new width."""
        if plan_columns(self.size.width) != self.columns:
            self.refresh_table(self.selected_pair_id())

    def reload(self, select: int | None = None) -> None:
        """Read every active pair's sheet again and redraw, keeping (or moving to) the selected pair."""
        store = cohort_app(self).store
        self.names = {person.email: person.name for person in list_participants(store)}
        self.views = coordinator_overview(store)
        self.query_one("#goals-summary", Static).update(summary(self.views))
        self.refresh_table(select or self.selected_pair_id())

    def person_name(self, email: str) -> str:
        """A participant's name, or their email when they are no longer on the roster."""
        return self.names.get(email, email)

    def refresh_table(self, select: int | None = None) -> None:
        """Draw the loaded sheets with the columns that fit the screen."""
        table = self.query_one("#goal-pairs", DataTable)
        self.columns = plan_columns(self.size.width)
        wide = any(column.key == "template" for column in self.columns)
        set_columns(table, self.columns)
        for view in self.views:
            cells = {
                "mentor": _cell(self.person_name(view.mentor)),
                "mentee": _cell(self.person_name(view.mentee)),
                "state": _cell(view.state, STATE_STYLE.get(view.state, "")),
                "template": _template_cell(view, next((c.width for c in self.columns if c.key == "template"), 0)),
                "agreed": _agreed_cell(view, wide),
                "complete": _complete_cell(view),
                "goals": Text(str(len(view.goals)) if view.goals else "—", justify="right"),
            }
            table.add_row(*(cells[column.key] for column in self.columns), key=str(view.pair_id))
        if select is not None and str(select) in table.rows:
            table.move_cursor(row=table.get_row_index(str(select)))
        self.show_details()

    @on(DataTable.RowHighlighted, "#goal-pairs")
    def show_details(self) -> None:
        """Show the highlighted pair's sheet under the table."""
        view = self.selected_view()
        text = self.query_one("#goal-detail-text", Static)
        if view is None:
            text.update("No active pairs yet: confirm pairs in Matching (F4) first.")
        else:
            text.update(details(view, self.person_name(view.mentor), self.person_name(view.mentee)))

    def selected_pair_id(self) -> int | None:
        """The id of the highlighted pair, if any."""
        table = self.query_one("#goal-pairs", DataTable)
        if not table.row_count:
            return None
        return int(cursor_row_key(table))

    def selected_view(self) -> CoordinatorView | None:
        """The highlighted pair's sheet as the coordinator sees it."""
        pair_id = self.selected_pair_id()
        return next((view for view in self.views if view.pair_id == pair_id), None)

    def require_view(self) -> CoordinatorView | None:
        """The highlighted pair, or None with a hint."""
        view = self.selected_view()
        if view is None:
            self.notify("There are no active pairs yet; confirm pairs in Matching (F4) first.", markup=False)
        return view

    def pair_names(self, view: CoordinatorView) -> str:
        """The pair in words, for messages."""
        return f"{self.person_name(view.mentor)} and {self.person_name(view.mentee)}"

    def action_assign(self) -> None:
        """Pick a template for the selected pair; a sheet already started keeps its own."""
        from rmtui.tui.dialogs.template_picker import TemplatePicker

        if not (view := self.require_view()):
            return
        names = self.pair_names(view)
        if view.state != NOT_STARTED:
            self.notify(
                f"{names} already started their sheet from '{view.template_name}' version "
                f"{view.template_version}, which it keeps. Nothing was changed.",
                severity="warning", markup=False,
            )  # fmt: skip
            return

        def chosen(template: Template | None) -> None:
            if template is not None:
                done = f"Assigned '{template.name}' to {names}."
                self.change(lambda: assign_template(cohort_app(self).store, view.pair_id, template.template_id), done)

        title = Text.assemble("Assign a template to ", (names, "bold"))
        self.app.push_screen(TemplatePicker(title, current=view.template_name), chosen)

    def action_assign_all(self) -> None:
        """Pick a template, confirm, then assign it to every active pair whose sheet has not started, in one write."""
        from rmtui.tui.dialogs.template_picker import TemplatePicker

        waiting = [view for view in self.views if view.state == NOT_STARTED]
        if not waiting:
            self.notify("Every active pair has started its sheet; started sheets keep their template.", markup=False)
            return

        def confirmed(template: Template, yes: bool | None) -> None:
            if yes:
                self.assigning = self.assign_all(template)

        def chosen(template: Template | None) -> None:
            if template is None:
                return
            started = len(self.views) - len(waiting)
            question = Text.assemble(
                "Assign ", (template.name, "bold"), f" to {plural(len(waiting), 'pair')} "
                "whose sheet has not started?",
            )  # fmt: skip
            detail = (
                f"{started} pair{'s' * (started != 1)} already started keep their template and version. "
                "Pairs not started that have a template get this one instead."
            )
            self.app.push_screen(ConfirmScreen(question, detail, "Assign"), lambda yes: confirmed(template, yes))

        title = Text("Assign a template to every active pair whose sheet has not started")
        self.app.push_screen(TemplatePicker(title), chosen)

    @work(thread=True, exclusive=True, group="goals-save")
    def assign_all(self, template: Template) -> None:
        """Assign to all waiting pairs in one write, then report who got it and who kept theirs."""
        try:
            result = assign_template_to_active_pairs(cohort_app(self).store, template.template_id)
        except RmtuiError as error:
            self.post_message(self.Refused(str(error)))
            return
        kept = f"; {len(result.kept)} kept the sheet they started" if result.kept else ""
        self.post_message(self.Changed(f"Assigned '{template.name}' to {plural(len(result.assigned), 'pair')}{kept}."))

    def action_templates(self) -> None:
        """Open the list of templates to create, duplicate or edit them."""
        from rmtui.tui.dialogs.template_picker import TemplateManager

        self.app.push_screen(TemplateManager(), self.reload_if_changed)

    def reload_if_changed(self, changed: bool | None) -> None:
        """Show the sheets again after the template list changed."""
        if changed:
            self.reload()

    def action_setup_code(self) -> None:
        """Show the selected pair's waiting setup code, issuing one if none waits."""
        from rmtui.tui.dialogs.setup_code import SetupCodeScreen

        if not (view := self.require_view()):
            return
        store, names = cohort_app(self).store, self.pair_names(view)
        try:
            code = pending_setup_code(store, view.pair_id) or issue_setup_code(store, view.pair_id)
        except RmtuiError as error:
            self.notify(str(error), severity="error", timeout=10, markup=False)
            return
        self.app.push_screen(SetupCodeScreen(view.pair_id, names, code))

    def action_reset_passphrase(self) -> None:
        """Reset the selected pair's passphrase, after saying exactly what it deletes."""
        if not (view := self.require_view()):
            return
        store, names = cohort_app(self).store, self.pair_names(view)
        try:
            has_one = has_passphrase(store, view.pair_id)
            warning = describe_reset(store, view.pair_id) if has_one else ""
        except RmtuiError as error:
            self.notify(str(error), severity="error", timeout=10, markup=False)
            return
        if not has_one:
            self.notify(f"{names} have not set a passphrase, so there is nothing to reset.", markup=False)
            return

        def reset() -> None:
            scrubbed = reset_pair_passphrase(store, view.pair_id)
            if scrubbed.left_alone:
                unreadable = ", ".join(map(str, scrubbed.left_alone))
                warn = f"These backups could not be rewritten and still hold the old content; delete them: {unreadable}"
                self.notify(warn, severity="warning", timeout=30, markup=False)  # notify is thread-safe

        def answer(yes: bool | None) -> None:
            if yes:
                done = f"Reset the passphrase of {names}. Give them a new setup code (c) to set a new one."
                self.change(reset, done)

        question = Text.assemble("Reset the passphrase of ", (names, "bold"), "?")
        self.app.push_screen(ConfirmScreen(question, warning, "Reset"), answer)
