"""F1 help: the keys of the screen it was opened from, the workflow in brief, and every key of every section."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Markdown, Static

from rmtui.tui.widgets.key_table import keys_table

WORKFLOW = """\
# rmtui help

**Reverse mentoring** pairs a junior colleague (the *mentor*) with a senior one
(the *mentee*), who learns about technology and what younger colleagues value.

1. **Recruit** (**F3**): build the roster by hand (**a**) or from a spreadsheet (**i**).
   Record each person's role, grade, manager, what they offer and want to learn.
2. **Settings** (**F7**): name the cohort, set its start date, term and cadence,
   and (**ctrl+k**) a coordinator passphrase that guards rmtui and pair mode.
3. **Match** (**F4**): the optimiser matches as many mentees as the rules allow
   (never within one reporting line, mentor always more junior), then picks the
   best total score. Review the provisional pairs, fix (**f**), forbid (**x**),
   swap (**s**) or pair by hand (**p**), consult the seniors, then confirm (**c**).
   **Topics** (**t**) maps what people typed ("IG", "Instagram reels") to one topic:
   accept the suggested merges (**a**), merge, rename or split, and see the unmet wants.
4. **Goals** (**F5**): give each pair a goal-setting template (**t**, or **T** for every
   pair not yet started); create, duplicate and edit templates (**m**). You see progress
   and dates, never the confidential sections or notes. Hand each pair its one-time
   setup code (**c**). Reset a lost passphrase with **x**: it deletes only the pair's
   confidential content, here and in the backups.
5. **Pair mode**: run `exec rmtui kiosk` on the shared machine; only the coordinator
   passphrase ends it. Each pair picks its name, sets its passphrase with its setup
   code the first time, and sees only its own sheet and notes.
6. **Dashboard** (**F2**): the programme's timeline and phase, sessions held against
   the agreed cadences, each pair on track / overdue / at risk, and alerts with the
   action that resolves each. Log a session on a pair's behalf with **l**.
7. Mark people who **withdraw** (**w**) or **leave** (**l**); they stay on record
   for the retention figures. End a failing pair (**e**) and confirm its rematch.
8. **Report** (**F6**): the evaluation report for leadership, interim until the
   term ends. Export it (**e**) to HTML, SVG, text or Markdown; leave out the
   pairs table with **p**. It never shows confidential content.

Every change is saved at once, atomically; backups of the last 10 versions
sit beside the cohort file. `rmtui --help` lists the command-line tools.
"""


def screens_with_keys() -> dict[str, type[Screen[Any]]]:
    """Every coordinator screen and dialog that has keys of its own, by the name help gives it."""
    from rmtui.tui.dialogs.candidates import CandidatesScreen
    from rmtui.tui.dialogs.end_pair import EndPairScreen
    from rmtui.tui.dialogs.export_report import ExportReportScreen
    from rmtui.tui.dialogs.import_roster import ImportScreen
    from rmtui.tui.dialogs.template_picker import TemplateManager, TemplatePicker
    from rmtui.tui.dialogs.topics import TopicsScreen
    from rmtui.tui.dialogs.void_check_in import VoidCheckInScreen
    from rmtui.tui.forms.coordinator_session import CoordinatorSessionForm
    from rmtui.tui.forms.participant import ParticipantForm
    from rmtui.tui.forms.template_editor import TemplateEditor
    from rmtui.tui.sections.dashboard import DashboardScreen
    from rmtui.tui.sections.goals import GoalsScreen
    from rmtui.tui.sections.matching import MatchingScreen
    from rmtui.tui.sections.report import ReportScreen
    from rmtui.tui.sections.roster import RosterScreen
    from rmtui.tui.sections.settings import SettingsScreen

    # In the order of the F-keys, each section followed by its dialogs.
    return {
        "Dashboard": DashboardScreen,
        "Log a session": CoordinatorSessionForm,
        "Void check-in": VoidCheckInScreen,
        "Roster": RosterScreen,
        "Participant form": ParticipantForm,
        "Import": ImportScreen,
        "Matching": MatchingScreen,
        "Candidates": CandidatesScreen,
        "Topics": TopicsScreen,
        "End pair": EndPairScreen,
        "Goals": GoalsScreen,
        "Templates": TemplateManager,
        "Template picker": TemplatePicker,
        "Template form": TemplateEditor,
        "Report": ReportScreen,
        "Export report": ExportReportScreen,
        "Settings": SettingsScreen,
    }


class HelpScreen(ModalScreen[None]):
    """Explains the keys of the screen help was opened from, the workflow, and every key; it scrolls."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Close help", key_display="Esc"),
        Binding("space,tab", "page('down')", "Page down", show=False),
        Binding("shift+tab", "page('up')", "Page up", show=False),
    ]

    def __init__(self, came_from: type[Screen[Any]] | None = None) -> None:
        super().__init__()
        self.came_from = came_from

    def compose(self) -> ComposeResult:
        screens = screens_with_keys()
        everywhere: dict[str, list[BindingType]] = {"Everywhere": type(self.app).BINDINGS}
        every_key = everywhere | {name: screen.BINDINGS for name, screen in screens.items()}
        here = next((name for name, screen in screens.items() if screen is self.came_from), None)
        with VerticalScroll(classes="dialog", id="help", can_focus=True):
            yield Static(
                "Scroll with the arrows, PageUp/PageDown, Space or Tab, Home and End. Esc or F1 closes help.",
                classes="hint",
                markup=False,
            )
            if here is not None:
                yield Static(Text(f"Keys here: {here}", style="bold"))
                yield Static(keys_table({here: screens[here].BINDINGS}))
            yield Markdown(WORKFLOW)
            yield Static(Text("Every key", style="bold"))
            yield Static(keys_table(every_key))

    def on_mount(self) -> None:
        """Focus the scrolling text, so the arrows, PageDown, End and Space move through it."""
        self.query_one("#help", VerticalScroll).focus()

    def action_page(self, direction: str) -> None:
        """Scroll a page down or up."""
        scroll = self.query_one("#help", VerticalScroll)
        if direction == "down":
            scroll.scroll_page_down()
        else:
            scroll.scroll_page_up()

    def action_close(self) -> None:
        """Back to where help was opened."""
        self.dismiss(None)
