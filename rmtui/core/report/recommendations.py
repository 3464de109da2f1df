"""Recommendations: explicit rules over the evaluation's figures, each quoting the figure behind it.

The rules, in the order they are checked (the README lists them too):
1. More than 20% of confirmed pairs ended early → review the matching rules.
2. Fewer than 75% of the sessions expected at the agreed cadence were held → help pairs keep their slot.
3. Average satisfaction below 3.5 out of 5 → ask what would make the pairings work better.
4. Average safety to speak below 4 out of 5 at the latest check-in point → re-brief on confidentiality.
5. Fewer than 80% of due check-ins answered → make check-ins shorter or send reminders.
6. Retention below the 96% reference → look into why participants left.
7. At the end of the term, fewer than half the goals achieved → help pairs set smaller, measurable goals.
8. At least 80% would take part again → run another cohort.

A rule fires only on a figure the report shows (not withheld under the small-number rule) from at
least five people, and quotes it exactly as the report shows it, so no recommendation reveals what
the report hides.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rmtui.core.report.evaluation import Evaluation
from rmtui.core.report.figures import SMALL, Average, Share, withheld
from rmtui.core.report.shown import average, share

FAILED_MATCHES = 0.20
SESSIONS_HELD = 0.75
SATISFACTION = 3.5
SAFETY = 4.0
CHECK_INS_ANSWERED = 0.80
RETENTION_REFERENCE = 0.96
GOALS_ACHIEVED = 0.5
TAKE_PART_AGAIN = 0.80


@dataclass(frozen=True, slots=True)
class Recommendation:
    """What to do, and the figure that says so; ``topic`` names the rule that gave it."""

    topic: str
    action: str
    because: str


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule: when ``fires`` holds for the figure, recommend ``action`` and say ``because`` with the figure."""

    topic: str
    figure: Callable[[Evaluation], Share | Average | None]
    fires: Callable[[float], bool]
    action: str
    because: str  # "{figure}" stands for the figure, like "6 of 7 (86%)" or "3.2 out of 5"


def _latest_safety(e: Evaluation) -> Average | None:
    return next((row.safety for row in reversed(e.reaction) if row.safety.count and not withheld(row.safety)), None)


RULES = (
    Rule("matching", lambda e: e.failed, lambda r: r > FAILED_MATCHES,
         "Review the matching rules and weights before the next cohort.",
         f"{{figure}} confirmed pairs ended early, above the {FAILED_MATCHES:.0%} threshold."),
    Rule("sessions", lambda e: Share(
        e.headline.sessions_held.n, e.headline.sessions_expected.n, e.headline.sessions_expected.people, protected=False
    ), lambda r: r < SESSIONS_HELD,
         "Help pairs keep a fixed meeting slot, and chase pairs that miss one.",
         f"{{figure}} sessions expected at the agreed cadence were held (threshold {SESSIONS_HELD:.0%})."),
    Rule("satisfaction", lambda e: e.headline.satisfaction, lambda v: v < SATISFACTION,
         "Ask participants what would make their pairing work better, and act on the answers.",
         f"Average satisfaction is {{figure}} (threshold {SATISFACTION})."),
    Rule("safety", _latest_safety, lambda v: v < SAFETY,
         "Re-brief every pair on their confidentiality agreement, so both partners feel safe to speak.",
         f"Safety to speak averaged {{figure}} at the latest check-in (threshold {SAFETY:g})."),
    Rule("check-ins", lambda e: e.headline.check_ins_answered, lambda r: r < CHECK_INS_ANSWERED,
         "Send check-in reminders, and keep the check-ins short.",
         f"{{figure}} check-ins due were answered (threshold {CHECK_INS_ANSWERED:.0%})."),
    Rule("retention", lambda e: e.retention["mentor"], lambda r: r < RETENTION_REFERENCE,
         "Find out why mentors left the organisation during the programme.",
         f"{{figure}} mentors are still in the organisation, below the {RETENTION_REFERENCE:.0%} reference point."),
    Rule("retention", lambda e: e.retention["mentee"], lambda r: r < RETENTION_REFERENCE,
         "Find out why mentees left the organisation during the programme.",
         f"{{figure}} mentees are still in the organisation, below the {RETENTION_REFERENCE:.0%} reference point."),
    # Goals are judged at the end only: mid-term, most are rightly still in progress.
    Rule("goals", lambda e: None if e.interim else e.goal_attainment, lambda r: r < GOALS_ACHIEVED,
         "Help pairs set smaller goals with a clear measure at their first meeting.",
         f"{{figure}} goals were achieved by the end of the term (threshold {GOALS_ACHIEVED:.0%})."),
    Rule("take part again", lambda e: e.take_part_again, lambda r: r >= TAKE_PART_AGAIN,
         "Run another cohort: participants want it.", "{figure} who answered would take part again."),
)  # fmt: skip


def _quoted(figure: Share | Average) -> str:
    # The report's own words for the figure, so a recommendation never says more than the report does.
    return share(figure) if isinstance(figure, Share) else average(figure, counted=False).replace(" / 5", " out of 5")


def recommendations(evaluation: Evaluation) -> list[Recommendation]:
    """Every recommendation the rules give for these figures, in rule order."""
    found = []
    for rule in RULES:
        figure = rule.figure(evaluation)
        if figure is None or withheld(figure) or figure.people < SMALL:
            continue
        value = figure.ratio if isinstance(figure, Share) else figure.value
        if value is not None and rule.fires(value):
            found.append(Recommendation(rule.topic, rule.action, rule.because.format(figure=_quoted(figure))))
    return found
