"""The evaluation report as Rich renderables: built once, shown in the TUI and exported to every format.

A report is a list of sections; each holds a few kinds of block only — a ``Text`` paragraph, a
``Table`` or a ``Chart`` — so report_export can write the same blocks as Markdown too.

The small-number rule applies to every figure here: a group of fewer than five people (or
pairs) is shown as "fewer than 5", never as a figure, and no one is named outside the pairs
table, which the coordinator can leave out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from rich import box
from rich.console import Group
from rich.table import Table
from rich.text import Text

from rmtui.core.matching import load_weights
from rmtui.core.report.evaluation import SMALL, Average, Evaluation, Share, evaluate
from rmtui.core.report.programme import load_programme
from rmtui.core.report.recommendations import RETENTION_REFERENCE, Recommendation, recommendations
from rmtui.core.store import CohortStore
from rmtui.core.topics.census import TopicCount
from rmtui.core.topics.changes import cohort_topics

ACCENT = "bold #3a7bd5"
BAR, BEFORE_BAR = "#3a7bd5", "#9aa5b1"
FEWER = f"fewer than {SMALL}"
CHART_WIDTH = 36
LABEL_WIDTH = 40


class Chart(Text):
    """A bar chart drawn in block characters; Markdown shows it as preformatted text."""


@dataclass(frozen=True, slots=True)
class ReportSection:
    """One section of the report: a title and its blocks."""

    title: str
    blocks: tuple[Text | Table, ...]

    def renderable(self) -> Group:
        """The section as one Rich renderable, title first."""
        return Group(Text(self.title, style=ACCENT), Text(""), self.body())

    def body(self) -> Group:
        """The section's blocks without its title (HTML sets the title as a heading of its own)."""
        return Group(*self.blocks, Text(""))


@dataclass(frozen=True, slots=True)
class Report:
    """The whole report: its title and sections, in reading order."""

    title: str
    sections: tuple[ReportSection, ...]

    def renderable(self) -> Group:
        """The whole report as one Rich renderable, under its title."""
        return Group(Text(self.title, style="bold"), Text(""), *(section.renderable() for section in self.sections))


def count(n: int) -> str:
    """A count of people or pairs, hidden below the small-number threshold."""
    return FEWER if 0 < n < SMALL else f"{n:,}"


def share(figure: Share) -> str:
    """'15 of 16 (94%)', hidden when either group is too small to show."""
    if not figure.whole:
        return "none yet"
    if figure.whole < SMALL:
        return FEWER
    if 0 < figure.part < SMALL:
        return f"{FEWER} of {figure.whole:,}"
    return f"{figure.part:,} of {figure.whole:,} ({figure.ratio:.0%})"


def average(figure: Average, scale: int = 5, *, counted: bool = True) -> str:
    """'4.2 / 5 (30 answers)', or without the count; hidden when fewer than five people answered."""
    if not figure.count:
        return "no answers yet"
    if figure.count < SMALL:
        return f"{FEWER} answers"
    return f"{figure.value:.1f} / {scale}" + (f" ({figure.count:,} answers)" if counted else "")


def chart(rows: list[tuple[str, float | None, str]], most: float, styles: tuple[str, ...] = (BAR,)) -> Chart:
    """One bar per row: label, bar scaled to ``most``, and the figure as text (no bar when it is hidden).

    Rows take their colours from ``styles`` in turn, so a before/after chart alternates two.
    """
    width = min(LABEL_WIDTH, max((len(label) for label, *_ in rows), default=0))
    text = Chart()
    for number, (label, value, shown) in enumerate(rows):
        style = styles[number % len(styles)]
        bar = "█" * round(value / most * CHART_WIDTH) if value and most else ""
        text.append(f"{label if len(label) <= width else label[: width - 1] + '…':<{width}} ")
        text.append(f"{bar:<{CHART_WIDTH}}", style=style)
        text.append(f" {shown}\n")
    return text


def _table(*headers: str, title: str = "") -> Table:
    return Table(*headers, title=title or None, title_justify="left", box=box.SIMPLE_HEAD, header_style="bold")


def _add_row(table: Table, *cells: str) -> None:
    # Cells are Text, so a typed-in reason or topic like "[red]" shows as typed instead of being read as markup.
    table.add_row(*(Text(cell) for cell in cells))


def _counts(rows: tuple[tuple[str, int], ...], what: str) -> Chart | Text:
    if not rows:
        return Text(f"No {what} yet.")
    return chart([(label, n if n >= SMALL else None, count(n)) for label, n in rows], max(n for _, n in rows))


def _reasons(e: Evaluation) -> str:
    return "; ".join(f"{reason}: {count(n)}" for reason, n in e.end_reasons) or "none"


def cover(e: Evaluation, made_on: date) -> ReportSection:
    """The cover: cohort, term, coordinator and date, then the headline figures with a reading of each."""
    lines = Text(f"Cohort: {e.cohort}\nTerm: {e.start} to {e.end}\n")
    lines.append(f"Coordinator: {e.coordinator or 'not set (Settings)'}\nAs of: {e.as_of}")
    if e.interim:
        lines.append(f" — an interim report: the term ends on {e.end}.", style="italic")
    if made_on != e.as_of:
        lines.append(f"\nGoal statuses are as recorded on {made_on}.", style="italic")
    table = _table("Figure", "Value", "Reading", title="Headline figures")
    again = e.take_part_again
    for figure, value, reading in (
        ("Pairs matched / still active", f"{e.pairs_confirmed} / {e.pairs_active}",
         f"{share(e.survival)} pairs are still meeting." if e.pairs_confirmed else "No pair confirmed yet."),
        ("Sessions held / agreed", share(Share(e.sessions_held, e.sessions_expected)),
         "Meetings held, against what each pair's agreed cadence asks for so far."),
        ("Goal attainment", share(e.goal_attainment),
         f"Goals achieved of those set; {count(e.goal_statuses.get('in progress', 0))} more in progress."),
        ("Average satisfaction", average(e.satisfaction), "Each person's latest check-in; 5 is very happy."),
        ("Retention of mentors", share(e.retention["mentor"]), "Junior partners still in the organisation."),
        ("Retention of mentees", share(e.retention["mentee"]),
         f"Senior partners still there. Reference point: {RETENTION_REFERENCE:.0%} in Pershing's first cohort."),
        ("Would take part again", share(again),
         f"Asked at the final check-in ({e.final_checkpoint})." if again.whole else
         f"Not asked yet: the final check-in is at {e.final_checkpoint}."),
    ):  # fmt: skip
        _add_row(table, figure, value, reading)
    return ReportSection("Summary", (lines, Text(""), table))


def reaction(e: Evaluation) -> ReportSection:
    """Level 1: how people felt, check-in by check-in, and how they rated their sessions."""
    table = _table("Check-in", "Due", "Satisfaction", "Safety to speak")
    for row in e.reaction:
        _add_row(table, row.checkpoint, str(row.due), average(row.satisfaction), average(row.safety))
    over_time = chart(
        [(f"{row.checkpoint} {what}", figure.value if figure.count >= SMALL else None, average(figure, counted=False))
         for row in e.reaction for what, figure in (("satisfaction", row.satisfaction), ("safety", row.safety))],
        5,
    )  # fmt: skip
    by_point: tuple[Text | Table, ...] = (table, Text(""), over_time) if e.reaction else (
        Text("No check-in has come round yet."),
    )  # fmt: skip
    promoters, passives, detractors = e.recommend
    answers = promoters + passives + detractors
    nps = (
        f"Would recommend (net promoter score, −100 to +100): {e.nps:+d} from {answers} answers "
        f"({count(promoters)} promoters, {count(passives)} passives, {count(detractors)} detractors)."
        if answers >= SMALL else f"Would recommend: {FEWER if answers else 'no'} answers yet (final check-in)."
    )  # fmt: skip
    lines = Text(
        f"Average session rating: {average(e.session_rating)}.\n{nps}\n"
        f"Would take part again: {share(e.take_part_again)}.\n"
        f"Check-ins answered of those due: {share(e.check_ins_answered)}."
    )
    return ReportSection("Reaction: how participants felt", (*by_point, lines))


def learning(e: Evaluation) -> ReportSection:
    """Level 2: self-ratings before and after by goal area, and where the goals stand."""
    blocks: list[Text | Table] = [
        Text(f"End-of-term self-ratings are collected at the final check-in ({e.final_checkpoint}).")
    ]
    if e.learning:
        rows = []
        for area in e.learning:
            label = f"{area.owner} · {area.area}"
            shown = area.before.count >= SMALL
            rows.append((f"{label} before", area.before.value if shown else None, average(area.before)))
            rows.append((f"{label} after", area.after.value if shown else None, average(area.after)))
        blocks = [
            Text("Self-ratings from 1 (no progress) to 5 (fully achieved), over goals rated at both ends:"),
            chart(rows, 5, styles=(BEFORE_BAR, BAR)),
        ]
    statuses = _table("Goal status", "Goals")
    for status in ("achieved", "in progress", "not started", "dropped"):
        _add_row(statuses, status, count(e.goal_statuses.get(status, 0)))
    return ReportSection("Learning: what participants gained", (*blocks, statuses))


def behaviour(e: Evaluation) -> ReportSection:
    """Level 3: themes in what people now do differently, and a few quotes from those who allowed it."""
    if not e.behaviour_answers:
        return ReportSection("Behaviour: what participants now do differently", (
            Text(f"Asked at the final check-in ({e.final_checkpoint}); no answers yet."),
        ))  # fmt: skip
    blocks: list[Text | Table] = [
        Text(f"{count(e.behaviour_answers)} people said what they now do differently. Themes in their answers:"),
        _counts(e.themes, "themes"),
    ]
    if e.quotes and e.behaviour_answers >= SMALL:
        blocks.append(Text("In their words (unattributed; private answers are never quoted):\n" +
                           "\n".join(f"  “{quote}”" for quote in e.quotes)))  # fmt: skip
    return ReportSection("Behaviour: what participants now do differently", tuple(blocks))


def results(e: Evaluation) -> ReportSection:
    """Level 4: retention against a reference point, match survival and rematches."""
    table = _table("Group", "Still in the organisation")
    for role, label in (("mentor", "Mentors (junior partners)"), ("mentee", "Mentees (senior partners)")):
        _add_row(table, label, share(e.retention[role]))
    survival = f"{share(e.survival)} confirmed pairs are active" if e.pairs_confirmed else "no pair confirmed yet"
    lines = Text(
        f"Reference point, not a target: Pershing's first cohort reported {RETENTION_REFERENCE:.0%} retention.\n\n"
        f"Match survival: {survival}.\n"
        f"Pairs ended early: {count(e.failed.part)}; reasons: {_reasons(e)}. Rematched: {count(e.rematched)}."
    )
    return ReportSection("Results: retention and match survival", (table, lines))


def engagement(e: Evaluation) -> ReportSection:
    """How much pairs met: sessions per month, cadence kept, topics covered and where they met."""
    months = chart(
        [(m, n, str(n)) for m, n in e.sessions_by_month], max((n for _, n in e.sessions_by_month), default=0)
    )
    return ReportSection("Engagement: how pairs met", (
        Text("Sessions held per month", style="bold"), months,
        Text("Active pairs by cadence kept", style="bold"), _counts(e.adherence, "active pairs"),
        Text("Topics covered (sessions)", style="bold"), _counts(e.topics, "topics"),
        Text("Where pairs met (sessions)", style="bold"), _counts(e.places, "sessions"),
    ))  # fmt: skip


def matching_review(e: Evaluation, advice: list[Recommendation], unmet: Sequence[TopicCount] = ()) -> ReportSection:
    """The spread of match scores, the matches that failed and the unmet wants, with advice when too many failed."""
    blocks: list[Text | Table] = [
        Text("Confirmed pairs by match score, as a share of the best score possible (today's weights):"),
        _counts(e.score_bands, "pairs"),
        Text(f"Failed matches (ended early): {share(e.failed)}. Reasons: {_reasons(e)}."),
        Text(unmet_wants_text(unmet)),
    ]
    blocks += [Text(f"Recommendation: {r.action} {r.because}", style="bold") for r in advice if r.topic == "matching"]
    return ReportSection("Matching review", tuple(blocks))


def unmet_wants_text(unmet: Sequence[TopicCount]) -> str:
    """Topics mentees want that no active mentor offers: whom to recruit.

    Topics are words people typed, so one is named only when at least five mentees want it; the others
    are neither named nor counted (``rmtui topics`` shows them to the coordinator).
    """
    if not unmet:
        return "Unmet wants: every topic a mentee wants is offered by an active mentor."
    named = [t for t in unmet if t.mentees >= SMALL]
    shown = ", ".join(f"{t.topic} ({t.mentees} mentees)" for t in named)
    hidden = len(named) < len(unmet)
    rest = f"other topics are each wanted by {FEWER} mentees and are not named here" if hidden else ""
    return f"Unmet wants (topics no active mentor offers: recruit for these): {'; '.join(filter(None, [shown, rest]))}."


def recommendations_section(advice: list[Recommendation]) -> ReportSection:
    """The recommendations, numbered, each with the figure behind it."""
    if not advice:
        return ReportSection("Recommendations", (Text("No rule fired: every figure is within its threshold."),))
    text = Text()
    for number, found in enumerate(advice, start=1):
        text.append(f"{number}. {found.action}\n", style="bold")
        text.append(f"   {found.because}\n")
    return ReportSection("Recommendations", (text,))


def pairs_section(e: Evaluation) -> ReportSection:
    """Each pair's non-confidential progress; the only place individuals appear."""
    table = _table("Mentor", "Mentee", "Confirmed", "Status", "Held/due", "Goals met", "Agreed")
    for pair in e.pairs:
        _add_row(
            table, pair.mentor, pair.mentee, str(pair.confirmed_on or "—"), pair.status,
            f"{pair.sessions_held}/{pair.sessions_expected}", f"{pair.goals_achieved}/{pair.goals_set}",
            "yes" if pair.sheet_agreed else "no",
        )  # fmt: skip
    return ReportSection("Pairs", (Text("Progress only: nothing the pairs said is shown."), table))


def build_report(
    e: Evaluation, made_on: date, *, include_pairs: bool = True, unmet: Sequence[TopicCount] = ()
) -> Report:
    """The whole report for an evaluation, section by section."""
    advice = recommendations(e)
    sections = [
        cover(e, made_on), reaction(e), learning(e), behaviour(e), results(e), engagement(e),
        matching_review(e, advice, unmet), recommendations_section(advice),
    ]  # fmt: skip
    if include_pairs:
        sections.append(pairs_section(e))
    title = f"{'Interim evaluation' if e.interim else 'Evaluation'} of the reverse mentoring programme — {e.cohort}"
    return Report(title, tuple(sections))


def cohort_report(store: CohortStore, day: date | None = None, *, include_pairs: bool = True) -> Report:
    """The report on the cohort in ``store`` as of ``day`` (today by default)."""
    made_on = store.today()
    evaluation = evaluate(load_programme(store), day or made_on, load_weights(store))
    unmet = cohort_topics(store).unmet
    return build_report(evaluation, made_on, include_pairs=include_pairs, unmet=unmet)
