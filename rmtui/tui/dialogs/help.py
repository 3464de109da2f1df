"""F1 help: the workflow in brief, and every key of every section."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Markdown

from rmtui.tui.widgets.key_table import keys_table

WORKFLOW = """\
# rmtui help

**Reverse mentoring** pairs a junior colleague (the *mentor*) with a senior one
(the *mentee*), who learns about technology and what younger colleagues value.

1. **Recruit**: build the roster by hand (**a**) or from a spreadsheet (**i**).
   Record each person's role, grade, manager, what they offer and want to learn.
2. **Settings** (**F5**): name the cohort, set its start date, term and cadence,
   and (**ctrl+k**) a coordinator passphrase that guards rmtui and pair mode.
3. **Match** (**F3**): the optimiser matches as many mentees as the rules allow
   (never within one reporting line, mentor always more junior), then picks the
   best total score. Review the provisional pairs, fix (**f**), forbid (**x**),
   swap (**s**) or pair by hand (**p**), consult the seniors, then confirm (**c**).
   **Topics** (**t**) maps what people typed ("IG", "Instagram reels") to one topic:
   accept the suggested merges (**a**), merge, rename or split, and see the unmet wants.
4. **Goals** (**F4**): give each pair a goal-setting template (**t**, or **T** for every
   pair not yet started); create, duplicate and edit templates (**m**). You see progress
   and dates, never the confidential sections or notes. Hand each pair its one-time
   setup code (**c**). Reset a lost passphrase with **x**: it deletes only the pair's
   confidential content, here and in the backups.
5. **Pair mode**: run `exec rmtui kiosk` on the shared machine; only the coordinator
   passphrase ends it. Each pair picks its name, sets its passphrase with its setup
   code the first time, and sees only its own sheet and notes.
6. **Dashboard** (**F6**): the programme's timeline and phase, sessions held against
   the agreed cadences, each pair on track / overdue / at risk, and alerts with the
   action that resolves each. Log a session on a pair's behalf with **l**.
7. Mark people who **withdraw** (**w**) or **leave** (**l**); they stay on record
   for the retention figures. End a failing pair (**e**) and confirm its rematch.
8. **Report** (**F7**): the evaluation report for leadership, interim until the
   term ends. Export it (**e**) to HTML, SVG, text or Markdown; leave out the
   pairs table with **p**. It never shows confidential content.

Every change is saved at once, atomically; backups of the last 10 versions
sit beside the cohort file. `rmtui --help` lists the command-line tools.
"""


class HelpScreen(ModalScreen[None]):
    """Explains the workflow and lists every key."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,f1,q", "close", "Close help")]

    def compose(self) -> ComposeResult:
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

        sections = {
            "Everywhere": type(self.app).BINDINGS,
            "Roster": RosterScreen.BINDINGS,
            "Participant form": ParticipantForm.BINDINGS,
            "Import": ImportScreen.BINDINGS,
            "Matching": MatchingScreen.BINDINGS,
            "Candidates": CandidatesScreen.BINDINGS,
            "Topics": TopicsScreen.BINDINGS,
            "End pair": EndPairScreen.BINDINGS,
            "Goals": GoalsScreen.BINDINGS,
            "Dashboard": DashboardScreen.BINDINGS,
            "Log a session": CoordinatorSessionForm.BINDINGS,
            "Void check-in": VoidCheckInScreen.BINDINGS,
            "Templates": TemplateManager.BINDINGS,
            "Template picker": TemplatePicker.BINDINGS,
            "Template form": TemplateEditor.BINDINGS,
            "Settings": SettingsScreen.BINDINGS,
            "Report": ReportScreen.BINDINGS,
            "Export report": ExportReportScreen.BINDINGS,
        }
        with Vertical(classes="dialog", id="help"):
            yield Markdown(WORKFLOW + "\n## Keys\n\n" + keys_table(sections) + "\n\nPress **Esc** to close.")

    def action_close(self) -> None:
        """Back to where help was opened."""
        self.dismiss(None)
