"""The evaluation report as Rich renderables: built once, shown in the TUI and exported to every format.

A report is a list of sections; each holds a few kinds of block only — a ``Text`` paragraph, a
``Table`` or a ``Chart`` — so report_export can write the same blocks as Markdown too.

The small-number rule (``rmtui.core.report.figures``) applies to every figure here: a protected
figure behind fewer than five distinct people shows as "fewer than 5 people" (or "withheld" when
it would give another away), never as a number or a bar, and no one is named outside the pairs
table, which the coordinator can leave out.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from rich import box
from rich.console import Group, RenderableType
from rich.table import Column, Table
from rich.text import Text

from rmtui.core.matching import load_weights
from rmtui.core.report.evaluation import Evaluation, Summary, evaluate, summarise
from rmtui.core.report.figures import FEWER, SMALL, Average, Count, withheld
from rmtui.core.report.named import report_json
from rmtui.core.report.programme import load_programme
from rmtui.core.report.recommendations import RETENTION_REFERENCE, Recommendation, recommendations
from rmtui.core.report.shown import answered, average, count, hidden, sessions_held, share
from rmtui.core.store import CohortStore
from rmtui.core.topics.census import TopicCount
from rmtui.core.topics.changes import cohort_topics

ACCENT = "bold #3a7bd5"
BAR, BEFORE_BAR = "#3a7bd5", "#9aa5b1"
CHART_WIDTH = 36
LABEL_WIDTH = 40


@dataclass(frozen=True, slots=True)
class Bar:
    """One row of a chart: its label, its value (None when withheld: no bar), the figure as text, its colour."""

    label: str
    value: float | None
    shown: str
    style: str = BAR


class Chart(Text):
    """A bar chart drawn in block characters, long labels wrapped; its bars stay at hand for the HTML."""

    bars: tuple[Bar, ...] = ()
    most: float = 0


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
    # Every figure under its stable name, for ``rmtui report --format json``.
    figures: dict[str, Any] = field(default_factory=dict)

    def renderable(self) -> Group:
        """The whole report as one Rich renderable, under its title."""
        return Group(*self.blocks())

    def blocks(self) -> list[RenderableType]:
        """The report in reading order, in pieces that can be rendered one at a time: the title, then each section."""
        return [title_block(self.title), *(section.renderable() for section in self.sections)]


def title_block(title: str) -> Group:
    """The report's title as the first block of its reading order."""
    return Group(Text(title, style="bold"), Text(""))


def report_title(e: Summary) -> str:
    """The report's title: interim until the term's end."""
    return f"{'Interim evaluation' if e.interim else 'Evaluation'} of the reverse mentoring programme — {e.cohort}"


def first_page(e: Summary, made_on: date) -> list[RenderableType]:
    """The report's first blocks, the title and the summary, as ``Report.blocks`` starts."""
    return [title_block(report_title(e)), cover(e, made_on).renderable()]


def chart(
    rows: list[tuple[str, Average | Count]], scale: float | None = None, styles: tuple[str, ...] = (BAR,)
) -> Chart:
    """One bar per row: label, bar and the figure as text; a withheld figure gets no bar, since its length would tell.

    Bars are scaled to ``scale``, else to the largest figure shown (never a hidden one). Rows take their colours
    from ``styles`` in turn, so a before/after chart alternates two. A label longer than LABEL_WIDTH wraps onto
    more lines, its bar beside the last; no label is ever cut.
    """

    def value(figure: Average | Count) -> float | None:
        if withheld(figure):
            return None
        return figure.value if isinstance(figure, Average) else figure.n

    def shown(figure: Average | Count) -> str:
        return average(figure, counted=False) if isinstance(figure, Average) else count(figure)

    text = Chart()
    text.bars = tuple(
        Bar(label, value(figure), shown(figure), styles[number % len(styles)])
        for number, (label, figure) in enumerate(rows)
    )
    text.most = most = scale or max((bar.value for bar in text.bars if bar.value), default=0)
    width = min(LABEL_WIDTH, max((len(label) for label, _ in rows), default=0))
    for bar in text.bars:
        *first, last = textwrap.wrap(bar.label, width) or [""]
        text.append("".join(f"{line}\n" for line in first) + f"{last:<{width}} ")
        length = round(bar.value / most * CHART_WIDTH) if bar.value and most else 0
        text.append(f"{'█' * length:<{CHART_WIDTH}}", style=bar.style)
        text.append(f" {bar.shown}\n")
    return text


def _table(*headers: str, title: str = "") -> Table:
    # Cells wrap at spaces and fold a word too long for its column: nothing is cut with "…".
    columns = (Column(header, overflow="fold") for header in headers)
    return Table(*columns, title=title or None, title_justify="left", box=box.SIMPLE_HEAD, header_style="bold")


def _add_row(table: Table, *cells: str) -> None:
    # Cells are Text, so a typed-in reason or topic like "[red]" shows as typed instead of being read as markup.
    table.add_row(*(Text(cell) for cell in cells))


def _counts(rows: tuple[tuple[str, Count], ...], what: str) -> Chart | Text:
    if not rows:
        return Text(f"No {what} yet.")
    return chart(list(rows))


def _reasons(e: Evaluation) -> str:
    return "; ".join(f"{reason}: {count(n)}" for reason, n in e.end_reasons) or "none"


def in_short(e: Summary) -> str:
    """The report in two sentences, for a reader who reads nothing else."""
    head = f"{'An interim' if e.interim else 'The final'} report for {e.cohort}, as of {e.as_of}."
    if not e.headline.pairs_confirmed.n:
        return f"{head} No pair is confirmed yet, so there are no figures to report."
    again = f"; would take part again: {share(e.take_part_again)}" if e.take_part_again.whole else ""
    return (
        f"{head} Pairs still meeting: {share(e.survival)}; goals achieved: {share(e.goal_attainment)}; "
        f"average satisfaction: {average(e.headline.satisfaction, counted=False)}{again}."
    )


def _statuses(e: Summary) -> dict[str, Count]:
    return dict(e.goal_statuses)


def _survival_reading(e: Summary) -> str:
    if not e.headline.pairs_confirmed.n:
        return "No pair confirmed yet."
    if withheld(e.survival):
        return f"How many ended is withheld: {FEWER} people were in pairs that ended."
    return f"{share(e.survival)} pairs are still meeting."


def _goals_reading(e: Summary) -> str:
    going = _statuses(e)["in progress"]
    more = f"; {going.n:,} more in progress" if going.n and not withheld(going) else ""
    return f"Goals achieved of those set on agreed sheets{more}."


def cover(e: Summary, made_on: date) -> ReportSection:
    """The cover: cohort, term, coordinator and date, then the headline figures with a reading of each."""
    lines = Text(f"Cohort: {e.cohort}\nTerm: {e.start} to {e.end}\n")
    lines.append(f"Coordinator: {e.coordinator or 'not set (Settings)'}\nAs of: {e.as_of}")
    if e.interim:
        lines.append(f" — an interim report: the term ends on {e.end}.", style="italic")
    if made_on != e.as_of:
        lines.append(f"\nGoal statuses are as recorded on {made_on}.", style="italic")
    table = _table("Figure", "Value", "Reading", title="Headline figures")
    h, again = e.headline, e.take_part_again
    for figure, value, reading in (
        ("Pairs matched / still active", f"{h.pairs_confirmed.n:,} / {count(h.pairs_active)}",
         _survival_reading(e)),
        ("Sessions held / agreed", sessions_held(h),
         "Meetings held, against what each pair's agreed cadence asks for so far."),
        ("Goal attainment", share(e.goal_attainment),
         _goals_reading(e)),
        ("Average satisfaction", average(h.satisfaction), "Each person's latest check-in; 5 is very happy."),
        ("Retention of mentors", share(e.retention["mentor"]), "Junior partners still in the organisation."),
        ("Retention of mentees", share(e.retention["mentee"]),
         f"Senior partners still there. Reference point: {RETENTION_REFERENCE:.0%} in Pershing's first cohort."),
        ("Would take part again", share(again),
         f"People asked at the final check-in ({e.final_checkpoint})." if again.whole else
         f"Not asked yet: the final check-in is at {e.final_checkpoint}."),
    ):  # fmt: skip
        _add_row(table, figure, value, reading)
    return ReportSection("Summary", (Text(in_short(e)), lines, Text(""), table))


def would_recommend(e: Evaluation) -> str:
    """The net promoter score over each person's final answer, with its parts only when none of them is withheld."""
    if not e.nps.count or e.nps.value is None:
        return "Would recommend: no answers yet (final check-in)."
    if reason := withheld(e.nps):
        return f"Would recommend (net promoter score): {hidden(reason)}."
    parts = dict(e.recommend)
    if any(withheld(part) for part in parts.values()):
        split = f"the split is withheld: {FEWER} people in one part"
    else:
        split = ", ".join(f"{count(parts[band])} {band}" for band in ("promoters", "passives", "detractors"))
    return (
        f"Would recommend (net promoter score, −100 to +100): {round(e.nps.value):+d} from {answered(e.nps)} ({split})."
    )


def reaction(e: Evaluation) -> ReportSection:
    """Level 1: how people felt, check-in by check-in, and how they rated their sessions."""
    table = _table("Check-in", "Due", "Satisfaction", "Safety to speak", title="Check-ins")
    for row in e.reaction:
        _add_row(table, row.checkpoint, str(row.due), average(row.satisfaction), average(row.safety))
    over_time = chart(
        [(f"{row.checkpoint} {what}", figure)
         for row in e.reaction for what, figure in (("satisfaction", row.satisfaction), ("safety", row.safety))],
        5,
    )  # fmt: skip
    named = Text("Satisfaction and safety to speak by check-in, out of 5:")
    by_point: tuple[Text | Table, ...] = (table, named, over_time) if e.reaction else (
        Text("No check-in has come round yet."),
    )  # fmt: skip
    lines = Text(
        f"Average session rating: {average(e.session_rating)}.\n{would_recommend(e)}\n"
        f"Would take part again: {share(e.take_part_again)}.\n"
        f"Check-ins answered of those due: {share(e.headline.check_ins_answered)}."
    )
    return ReportSection("Reaction: how participants felt", (*by_point, lines))


def learning(e: Evaluation) -> ReportSection:
    """Level 2: self-ratings before and after by goal area, and where the goals of agreed sheets stand."""
    blocks: list[Text | Table] = [
        Text(f"End-of-term self-ratings are collected at the final check-in ({e.final_checkpoint}).")
    ]
    if e.learning:
        rows: list[tuple[str, Average | Count]] = []
        for area in e.learning:
            label = f"{area.owner} · {area.area}"
            rows += [(f"{label} before", area.before), (f"{label} after", area.after)]
        blocks = [
            Text("Self-ratings from 1 (no progress) to 5 (fully achieved), over goals rated at both ends:"),
            chart(rows, 5, styles=(BEFORE_BAR, BAR)),
        ]
    statuses = _table("Goal status", "Goals", title="Goals by status")
    for status, found in e.goal_statuses:
        _add_row(statuses, status, count(found))
    return ReportSection("Learning: what participants gained", (*blocks, statuses))


def behaviour(e: Evaluation) -> ReportSection:
    """Level 3: themes in what people now do differently, and a few quotes from those who allowed it."""
    if not e.behaviour_answers.n:
        return ReportSection("Behaviour: what participants now do differently", (
            Text(f"Asked at the final check-in ({e.final_checkpoint}); no answers yet."),
        ))  # fmt: skip
    blocks: list[Text | Table] = [
        Text(f"{count(e.behaviour_answers)} said what they now do differently. Themes in their answers (people):"),
        _counts(e.themes, "themes"),
    ]
    if e.quotes:
        blocks.append(Text("In their words (unattributed; private answers are never quoted):\n" +
                           "\n".join(f"  “{quote}”" for quote in e.quotes)))  # fmt: skip
    return ReportSection("Behaviour: what participants now do differently", tuple(blocks))


def results(e: Evaluation) -> ReportSection:
    """Level 4: retention against a reference point, match survival and rematches."""
    table = _table("Group", "Still in the organisation", title="Retention")
    for role, label in (("mentor", "Mentors (junior partners)"), ("mentee", "Mentees (senior partners)")):
        _add_row(table, label, share(e.retention[role]))
    h = e.headline
    survival = f"{share(e.survival)} confirmed pairs are active" if h.pairs_confirmed.n else "no pair confirmed yet"
    lines = Text(
        f"Reference point, not a target: Pershing's first cohort reported {RETENTION_REFERENCE:.0%} retention.\n\n"
        f"Match survival: {survival}.\n"
        f"Pairs ended early: {count(h.pairs_ended)}; why: {_reasons(e)}. Rematched: {count(e.rematched)}."
    )
    return ReportSection("Results: retention and match survival", (table, lines))


def engagement(e: Evaluation) -> ReportSection:
    """How much pairs met: sessions per month, cadence kept, topics covered and where they met."""
    months = chart([(m, Count(n, protected=False)) for m, n in e.sessions_by_month])
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
        Text(f"Failed matches (ended early): {share(e.failed)}. Why: {_reasons(e)}."),
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
    table = _table(
        "Mentor", "Mentee", "Confirmed", "Status", "Held/due", "Goals met", "Agreed", title="Progress by pair"
    )
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
    return Report(report_title(e), tuple(sections), report_json(e))


def cohort_report(
    store: CohortStore,
    day: date | None = None,
    *,
    include_pairs: bool = True,
    on_first_page: Callable[[list[RenderableType]], object] | None = None,
) -> Report:
    """The report on the cohort in ``store`` as of ``day`` (today by default).

    ``on_first_page`` gets the report's first blocks (``first_page``) as soon as the summary is worked out, before
    the rest of the evaluation, which passes over every session: the report screen shows them meanwhile. The
    summary needs only the sessions' meetings, which the dashboard has usually read already."""
    made_on = store.today()
    day = day or made_on
    if on_first_page is None:
        summary = None
    else:
        summary = summarise(load_programme(store, sessions=False), day)
        on_first_page(first_page(summary, made_on))
    evaluation = evaluate(load_programme(store), day, load_weights(store), summary)
    unmet = cohort_topics(store).unmet
    return build_report(evaluation, made_on, include_pairs=include_pairs, unmet=unmet)
