"""Following and evaluating the programme: the programme snapshot and its alerts, the evaluation's figures and recommendations, and the report built from them in every format.

Every name below is imported from its module on first use, so importing one module of the package
loads none of the others."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rmtui.core.exports import lazy_exports

if TYPE_CHECKING:
    from rmtui.core.report.build import Report as Report
    from rmtui.core.report.build import build_report as build_report
    from rmtui.core.report.build import cohort_report as cohort_report
    from rmtui.core.report.evaluation import KEPT_PACE as KEPT_PACE
    from rmtui.core.report.evaluation import SLIPPED as SLIPPED
    from rmtui.core.report.evaluation import Summary as Summary
    from rmtui.core.report.evaluation import evaluate as evaluate
    from rmtui.core.report.evaluation import summarise as summarise
    from rmtui.core.report.evaluation_words import behaviour_themes as behaviour_themes
    from rmtui.core.report.evaluation_words import goal_area as goal_area
    from rmtui.core.report.export import FORMATS as FORMATS
    from rmtui.core.report.export import export_report as export_report
    from rmtui.core.report.export import format_for as format_for
    from rmtui.core.report.export import to_json as to_json
    from rmtui.core.report.export import to_markdown as to_markdown
    from rmtui.core.report.export import to_svg as to_svg
    from rmtui.core.report.export import to_text as to_text
    from rmtui.core.report.figures import SMALL as SMALL
    from rmtui.core.report.figures import Average as Average
    from rmtui.core.report.figures import Count as Count
    from rmtui.core.report.figures import Figure as Figure
    from rmtui.core.report.figures import Share as Share
    from rmtui.core.report.figures import withheld as withheld
    from rmtui.core.report.html import to_html as to_html
    from rmtui.core.report.named import evaluation_figures as evaluation_figures
    from rmtui.core.report.named import report_json as report_json
    from rmtui.core.report.programme import AT_RISK as AT_RISK
    from rmtui.core.report.programme import FIRST_MEETING_DAYS as FIRST_MEETING_DAYS
    from rmtui.core.report.programme import OVERDUE as OVERDUE
    from rmtui.core.report.programme import STATUS_SYMBOLS as STATUS_SYMBOLS
    from rmtui.core.report.programme import Alert as Alert
    from rmtui.core.report.programme import Headline as Headline
    from rmtui.core.report.programme import PairStatus as PairStatus
    from rmtui.core.report.programme import Programme as Programme
    from rmtui.core.report.programme import Timeline as Timeline
    from rmtui.core.report.programme import alerts as alerts
    from rmtui.core.report.programme import expected_sessions as expected_sessions
    from rmtui.core.report.programme import goal_progress as goal_progress
    from rmtui.core.report.programme import headline as headline
    from rmtui.core.report.programme import load_programme as load_programme
    from rmtui.core.report.programme import month_starts as month_starts
    from rmtui.core.report.programme import no_alerts_line as no_alerts_line
    from rmtui.core.report.programme import pair_statuses as pair_statuses
    from rmtui.core.report.programme import phase as phase
    from rmtui.core.report.programme import sessions_per_month as sessions_per_month
    from rmtui.core.report.programme import timeline as timeline
    from rmtui.core.report.status import ProgrammeStatus as ProgrammeStatus
    from rmtui.core.report.status import programme_status as programme_status
    from rmtui.core.report.status import status_report as status_report

_HOMES = {
    "build": ("Report", "build_report", "cohort_report"),
    "evaluation": ("KEPT_PACE", "SLIPPED", "Summary", "evaluate", "summarise"),
    "figures": ("SMALL", "Average", "Count", "Figure", "Share", "withheld"),
    "evaluation_words": ("behaviour_themes", "goal_area"),
    "export": ("FORMATS", "export_report", "format_for", "to_json", "to_markdown", "to_svg", "to_text"),
    "html": ("to_html",),
    "programme": (
        "AT_RISK",
        "Alert",
        "FIRST_MEETING_DAYS",
        "Headline",
        "OVERDUE",
        "PairStatus",
        "Programme",
        "STATUS_SYMBOLS",
        "Timeline",
        "alerts",
        "expected_sessions",
        "goal_progress",
        "headline",
        "load_programme",
        "month_starts",
        "no_alerts_line",
        "pair_statuses",
        "phase",
        "sessions_per_month",
        "timeline",
    ),
    "named": ("evaluation_figures", "report_json"),
    "status": ("ProgrammeStatus", "programme_status", "status_report"),
}
__all__, __getattr__ = lazy_exports(__name__, _HOMES)
