"""Goal-setting templates in a list: pick one to assign, or create, duplicate and edit them."""

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
from rmtui.core.goals import Template, duplicate_template, list_templates
from rmtui.tui.cohort_app import cohort_app
from rmtui.tui.widgets.keys_footer import KeysFooter


def _cell(value: str, style: str = "") -> Text:
    return Text(value, style=style, no_wrap=True, overflow="ellipsis")


def origin(template: Template, names: dict[str, str]) -> str:
    """Where a template came from: rmtui, a copy of another, or made from scratch."""
    if template.built_in:
        return "Built in"
    if template.based_on:
        return f"Copy of {names.get(template.based_on, template.based_on)}"
    return "Made here"


def fill_templates(table: DataTable[Text], templates: list[Template], select: str | None = None) -> None:
    """List templates in ``table``: name, newest version, focus and how many goals it suggests."""
    if not table.columns:
        table.add_column("Template", key="name", width=36)
        table.add_column("Ver.", key="version")
        table.add_column("Focus", key="focus")
        table.add_column("Goals", key="goals")
    table.clear()
    for template in templates:
        table.add_row(
            _cell(template.name),
            Text(f"v{template.version}", justify="right"),
            _cell(template.focus),
            Text(str(len(template.suggested_goals)), justify="right"),
            key=template.template_id,
        )
    if select is not None and select in table.rows:
        table.move_cursor(row=table.get_row_index(select))


def highlighted(table: DataTable[Text], templates: list[Template]) -> Template | None:
    """The template under the table's cursor."""
    if not table.row_count:
        return None
    template_id = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
    return next((t for t in templates if t.template_id == template_id), None)


class TemplatePicker(ModalScreen[Template | None]):
    """Choose a template to assign; returns it, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "choose", "Assign", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, title: Text, *, current: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.current = current
        self.templates: list[Template] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="template-picker"):
            yield Label(self.title_text, classes="dialog-title")
            yield Static(
                "A pair starts its sheet from the template's newest version. "
                "Sheets already started keep the template and version they started from.",
                classes="hint",
            )
            yield DataTable(id="picker-table", cursor_type="row")
        yield KeysFooter()

    def on_mount(self) -> None:
        """List the templates, starting on the pair's current one."""
        self.templates = list_templates(cohort_app(self).store)
        current = next((t.template_id for t in self.templates if t.name == self.current), None)
        table = self.query_one("#picker-table", DataTable)
        fill_templates(table, self.templates, current)
        table.focus()

    @on(DataTable.RowSelected, "#picker-table")
    def action_choose(self) -> None:
        """Return the highlighted template."""
        template = highlighted(self.query_one("#picker-table", DataTable), self.templates)
        if template is not None:
            self.dismiss(template)

    def action_cancel(self) -> None:
        """Close without assigning."""
        self.dismiss(None)


class TemplateManager(ModalScreen[bool]):
    """Every template, to create, duplicate and edit; returns whether anything changed."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new", "New", tooltip="Create a template with the standard prompts and guidance"),
        Binding("d", "duplicate", "Duplicate", tooltip="Copy the selected template under a new name, at version 1"),
        # Enter reaches the table first (its own select binding), so RowSelected below edits on Enter.
        Binding("e", "edit", "Edit", tooltip="Edit the selected template (or Enter); saving makes its next version"),
        Binding("escape", "close", "Close"),
    ]

    @dataclass
    class Duplicated(Message):
        """The duplicate worker saved ``copy``: the list shows it."""

        copy: Template

    def __init__(self) -> None:
        super().__init__()
        self.templates: list[Template] = []
        self.changed = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="template-manager"):
            yield Label("Goal-setting templates", classes="dialog-title")
            yield Static(
                "Editing saves the template's next version; sheets already started keep the version they started from.",
                classes="hint",
            )
            yield DataTable(id="manager-table", cursor_type="row", zebra_stripes=True)
            yield Static("", id="template-summary", classes="hint", markup=False)
        yield KeysFooter()

    def on_mount(self) -> None:
        """List the templates."""
        self.reload()
        self.query_one("#manager-table", DataTable).focus()

    def reload(self, select: str | None = None) -> None:
        """Read the templates again, keeping (or moving to) the selected one."""
        table = self.query_one("#manager-table", DataTable)
        selected = highlighted(table, self.templates)
        self.templates = list_templates(cohort_app(self).store)
        fill_templates(table, self.templates, select or (selected.template_id if selected else None))
        self.show_summary()

    @on(DataTable.RowHighlighted, "#manager-table")
    def show_summary(self) -> None:
        """The highlighted template's description."""
        template = highlighted(self.query_one("#manager-table", DataTable), self.templates)
        if template is None:
            self.query_one("#template-summary", Static).update("No templates.")
            return
        names = {t.template_id: t.name for t in self.templates}
        about = f"{origin(template, names)}. {template.description or 'No description.'}"
        self.query_one("#template-summary", Static).update(about)

    def action_new(self) -> None:
        """Open an empty template form."""
        self.open_editor(None)

    @on(DataTable.RowSelected, "#manager-table")
    def action_edit(self) -> None:
        """Open the form on the selected template (e, Enter, or a click on the highlighted row)."""
        template = highlighted(self.query_one("#manager-table", DataTable), self.templates)
        if template is not None:
            self.open_editor(template)

    def open_editor(self, template: Template | None) -> None:
        """Show the template form; the list redraws when it saves."""
        from rmtui.tui.forms.template_editor import TemplateEditor

        def saved(result: Template | None) -> None:
            if result is None:
                return
            if template is not None and result.version == template.version:
                self.notify("Nothing changed, so no new version was saved.", markup=False)
                return
            self.changed = True
            self.reload(select=result.template_id)
            if template is None:
                self.notify(f"Created '{result.name}' (version 1).", markup=False)
            else:
                self.notify(
                    f"Saved '{result.name}' as version {result.version}. "
                    f"Sheets already started keep the version they started from.",
                    markup=False,
                )

        self.app.push_screen(TemplateEditor(template), saved)

    def action_duplicate(self) -> None:
        """Copy the selected template under a new name."""
        template = highlighted(self.query_one("#manager-table", DataTable), self.templates)
        if template is not None:
            self.duplicate(template)

    @work(thread=True, exclusive=True, group="template-save")
    def duplicate(self, template: Template) -> None:
        """Save the copy off the UI thread, then show it."""
        try:
            copy = duplicate_template(cohort_app(self).store, template.template_id)
        except RmtuiError as error:
            self.notify(str(error), severity="error", timeout=10, markup=False)  # notify is thread-safe
            return
        self.post_message(self.Duplicated(copy))

    @on(Duplicated)
    def duplicated(self, event: Duplicated) -> None:
        """Show the copy, selected, and say how to edit it."""
        self.changed = True
        self.reload(event.copy.template_id)
        self.notify(f"Duplicated as '{event.copy.name}'; press e to edit it.", markup=False)

    def action_close(self) -> None:
        """Back to the goals section."""
        self.dismiss(self.changed)
