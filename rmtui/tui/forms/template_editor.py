"""Create or edit a goal-setting template: its details, lists and the prompt and starter text of each ground rule."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from rmtui.core.goals import (
    CONFIDENTIAL_SECTIONS,
    DEFAULT_TEMPLATE,
    SECTION_TITLES,
    SuggestedGoal,
    Template,
    create_template,
    edit_template,
    get_template,
    template_fields,
)
from rmtui.core.roster import FOCUSES
from rmtui.core.store import CADENCES
from rmtui.tui.cohort_app import cohort_app
from rmtui.tui.forms.core_form import CoreForm
from rmtui.tui.widgets.field_errors import field_row
from rmtui.tui.widgets.keys_footer import KeysFooter

# (field, label, placeholder) for the one-line inputs.
LINE_FIELDS = (
    ("name", "Name", "e.g. Technology focus"),
    ("description", "Description", "who the template suits, in a sentence"),
    ("place", "Place", "where pairs meet, e.g. off site"),
)
# (field, label, hint) for the lists, typed one entry a line.
LIST_FIELDS = (
    ("topics", "Topics", "one topic a line"),
    ("suggested_goals", "Suggested goals", "one a line: mentee or mentor | title | success measure"),
    ("mentee_guidance", "Mentee guidance", "one piece of advice a line"),
    ("mentor_guidance", "Mentor guidance", "one piece of advice a line"),
)
# Each ground rule's prompt and starter, as the core names them.
SECTION_FIELDS = tuple(f"{key}.{part}" for key in SECTION_TITLES for part in ("prompt", "starter"))
CADENCE_CHOICES = [("the cohort's cadence", ""), *((cadence, cadence) for cadence in CADENCES)]
SEPARATOR = " | "


def widget_id(field: str) -> str:
    """The form's id for a core field name: 'purpose.prompt' becomes 'purpose-prompt'."""
    return field.replace(".", "-")


def goals_text(goals: list[SuggestedGoal]) -> str:
    """Suggested goals as the form shows them, one a line."""
    return "\n".join(SEPARATOR.join(filter(None, (g.owner, g.title, g.success_measure))) for g in goals)


def parse_goals(text: str) -> list[dict[str, str]]:
    """The typed suggested goals, for the core to validate: 'owner | title | success measure' a line."""
    goals = []
    for line in text.splitlines():
        if line.strip():
            parts = [part.strip() for part in line.split("|", 2)]
            owner, title, measure = [*parts, "", ""][:3] if len(parts) > 1 else ("", parts[0], "")
            goals.append({"owner": owner, "title": title, "success_measure": measure})
    return goals


def blank_fields(standard: Template) -> dict[str, object]:
    """What a new template starts from: the standard prompts, starters and guidance, with nothing else filled in."""
    fields = template_fields(standard)
    # Focus, cadence and place keep the standard template's: both, the cohort's cadence, off site.
    fields.update({"name": "", "description": "", "topics": [], "suggested_goals": [], "purpose.starter": ""})
    return fields


class TemplateEditor(CoreForm[Template]):
    """A form that saves a new template, or an edit as the template's next version; returns it, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, template: Template | None) -> None:
        super().__init__()
        self.template = template
        self.values: dict[str, object] = template_fields(template) if template else {}

    def compose(self) -> ComposeResult:
        if self.template is None:
            # The built-in general template's first version holds the standard prompts and guidance.
            self.values = blank_fields(get_template(cohort_app(self).store, DEFAULT_TEMPLATE, 1))
            title = "New template"
            hint = "A new template starts at version 1 with the standard prompts and guidance; change what you like."
        else:
            version = self.template.version
            title = f"Edit {self.template.name} (version {version})"
            hint = (
                f"Saving makes version {version + 1}. Goal sheets already started keep the version they "
                "started from; pairs not yet started get the new one."
            )
        with Vertical(classes="dialog", id="template-editor"):
            yield Label(title, classes="dialog-title", markup=False)
            yield Static(hint, classes="hint", markup=False)
            yield Static("", id="problem", classes="error", markup=False)
            with VerticalScroll(id="fields"):
                yield from self._line_row(*LINE_FIELDS[0])
                yield from self._line_row(*LINE_FIELDS[1])
                yield from self._choice_row("focus", "Focus", [(focus, focus) for focus in FOCUSES])
                yield from self._choice_row("cadence", "Cadence", CADENCE_CHOICES)
                yield from self._line_row(*LINE_FIELDS[2])
                for field, label, hint in LIST_FIELDS:
                    yield from self._list_rows(field, label, hint)
                yield Static(
                    "The ground rules: the question put to the pair, and the text their sheet starts with.",
                    classes="hint template-rules",
                )
                for key, heading in SECTION_TITLES.items():
                    private = " · only the pair can read their answer" if key in CONFIDENTIAL_SECTIONS else ""
                    yield Label(f"{heading}{private}", classes="template-section", markup=False)
                    yield from self._text_row(f"{key}.prompt", "Prompt", "the question put to the pair")
                    yield from self._text_row(f"{key}.starter", "Starter", "text the pair starts from (optional)")
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="cancel", compact=True)
                yield Button("Save (ctrl+s)", variant="primary", id="save", compact=True)
        yield KeysFooter()

    def _line_row(self, field: str, label: str, placeholder: str) -> ComposeResult:
        line = Input(str(self.values.get(field, "")), placeholder=placeholder, id=field, compact=True)
        yield from field_row(label, line, name=field)

    def _choice_row(self, field: str, label: str, options: list[tuple[str, str]]) -> ComposeResult:
        choice = Select(options, value=str(self.values.get(field, "")), allow_blank=False, id=field, compact=True)
        yield from field_row(label, choice, name=field)

    def _list_rows(self, field: str, label: str, hint: str) -> ComposeResult:
        # Numbered lines: entries wrap, and the core's messages count entries ("entry 3 ...").
        yield Label(Text.assemble(label, ("  " + hint, "dim")), classes="list-label")
        yield TextArea(self._text(field), id=field, compact=True, show_line_numbers=True, highlight_cursor_line=False)
        yield Static("", id=f"{field}-error", classes="error field-error list-error", markup=False)

    def _text_row(self, field: str, label: str, placeholder: str) -> ComposeResult:
        text = TextArea(
            self._text(field), id=widget_id(field), compact=True, placeholder=placeholder, highlight_cursor_line=False
        )
        yield from field_row(label, text, name=widget_id(field))

    def _text(self, field: str) -> str:
        value = self.values.get(field, "")
        if field == "suggested_goals" and isinstance(value, list):
            return goals_text([goal for goal in value if isinstance(goal, SuggestedGoal)])
        return "\n".join(value) if isinstance(value, list) else str(value)

    def on_mount(self) -> None:
        """Start in the name."""
        self.query_one("#name", Input).focus()

    def typed_fields(self) -> dict[str, object]:
        """Everything in the form, as the core expects it."""
        typed: dict[str, object] = {field: self.query_one(f"#{field}", Input).value for field, *_ in LINE_FIELDS}
        typed.update({field: self.query_one(f"#{field}", Select).value for field in ("focus", "cadence")})
        for field in (*(field for field, *_ in LIST_FIELDS), *SECTION_FIELDS):
            typed[field] = self.query_one(f"#{widget_id(field)}", TextArea).text
        typed["suggested_goals"] = parse_goals(str(typed["suggested_goals"]))
        return typed

    def write(self, typed: dict[str, object]) -> Template:
        """Create the template, or save the edit as its next version."""
        if self.template is None:
            return create_template(cohort_app(self).store, typed)
        return edit_template(cohort_app(self).store, self.template.template_id, typed)

    def all_fields(self) -> list[str]:
        """Every field in the form, top to bottom, as the core names them."""
        fields = [LINE_FIELDS[0][0], LINE_FIELDS[1][0], "focus", "cadence", LINE_FIELDS[2][0]]
        return [*fields, *(field for field, *_ in LIST_FIELDS), *SECTION_FIELDS]

    def field_of(self, name: str) -> str:
        """The core's name for a field whose widget id differs from it."""
        return {widget_id(field): field for field in self.all_fields()}.get(name, name)
