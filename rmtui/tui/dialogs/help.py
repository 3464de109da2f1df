"""F1 help: the keys of the screen it was opened from, the workflow in brief, and every key of every section."""

from __future__ import annotations

from typing import Any

from textual.screen import Screen

from rmtui.tui.widgets.help_page import HelpPage, numbered_guide

# The workflow in brief, as Rich markup: a Markdown widget cost more to import and build than the rest of help.
INTRO = (
    "[b]Reverse mentoring[/b] pairs a junior colleague (the [i]mentor[/i]) with a senior one "
    "(the [i]mentee[/i]), who learns about technology and what younger colleagues value."
)
STEPS = (
    "[b]Recruit[/b] ([b]F3[/b]): build the roster by hand ([b]a[/b]) or from a spreadsheet ([b]i[/b]). "
    "Record each person's role, grade, manager, what they offer and want to learn.",
    "[b]Settings[/b] ([b]F7[/b]): name the cohort, set its start date, term and cadence, "
    "and ([b]ctrl+k[/b]) a coordinator passphrase that guards rmtui and pair mode.",
    "[b]Match[/b] ([b]F4[/b]): the optimiser matches as many mentees as the rules allow "
    "(never within one reporting line, mentor always more junior), then picks the "
    "best total score. Review the provisional pairs, fix ([b]f[/b]), forbid ([b]x[/b]), "
    "swap ([b]s[/b]) or pair by hand ([b]p[/b]), consult the seniors, then confirm ([b]c[/b]). "
    '[b]Topics[/b] ([b]t[/b]) maps what people typed ("IG", "Instagram reels") to one topic: '
    "accept the suggested merges ([b]a[/b]), merge, rename or split, and see the unmet wants.",
    "[b]Goals[/b] ([b]F5[/b]): give each pair a goal-setting template ([b]t[/b], or [b]T[/b] for every "
    "pair not yet started); create, duplicate and edit templates ([b]m[/b]). You see progress "
    "and dates, never the confidential sections or notes. Hand each pair its one-time "
    "setup code ([b]c[/b]). Reset a lost passphrase with [b]x[/b]: it deletes only the pair's "
    "confidential content, here and in the backups.",
    "[b]Pair mode[/b]: run [bold cyan]exec rmtui kiosk[/] on the shared machine; only the coordinator "
    "passphrase ends it. Each pair picks its name, sets its passphrase with its setup "
    "code the first time, and sees only its own sheet and notes.",
    "[b]Dashboard[/b] ([b]F2[/b]): the programme's timeline and phase, sessions held against "
    "the agreed cadences, each pair on track / overdue / at risk, and alerts with the "
    "action that resolves each. Log a session on a pair's behalf with [b]l[/b].",
    "Mark people who [b]withdraw[/b] ([b]w[/b]) or [b]leave[/b] ([b]l[/b]); they stay on record "
    "for the retention figures. End a failing pair ([b]e[/b]) and confirm its rematch.",
    "[b]Report[/b] ([b]F6[/b]): the evaluation report for leadership, interim until the "
    "term ends. Export it ([b]e[/b]) to HTML, SVG, text or Markdown; leave out the "
    "pairs table with [b]p[/b]. It never shows confidential content.",
)
OUTRO = (
    "Every change is saved at once, atomically; backups of the last 10 versions "
    "sit beside the cohort file. [bold cyan]rmtui --help[/] lists the command-line tools."
)


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


class HelpScreen(HelpPage):
    """The coordinator's help: the keys of the screen it was opened from, the workflow, and every key."""

    def __init__(self, came_from: type[Screen[Any]] | None = None) -> None:
        super().__init__(numbered_guide("rmtui help", INTRO, STEPS, OUTRO), screens_with_keys(), came_from)
