"""Every figure of the report and of ``rmtui status`` under a stable name, for the JSON outputs.

A name is dotted and lower case (``satisfaction.average``, ``reaction.week_4.safety``); names made
from a label (a check-in point, a goal area, a theme) turn every run of other characters into
``_``. The headline's figures have the same names in both outputs, because both come from the
same ``Headline``. README lists the names.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from rmtui.core.report.figures import ANSWERS, GOALS, PAIRS, PEOPLE, SESSIONS, Count, Figure, figure, figures_json
from rmtui.core.report.programme import Timeline

if TYPE_CHECKING:
    # The evaluation's code is needed only for the report: ``rmtui status`` loads none of it.
    from rmtui.core.report.evaluation import Evaluation


def slug(label: str) -> str:
    """A label as part of a name: lower case, each run of other characters one '_'."""
    return re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_")


def _group(prefix: str, unit: str, rows: tuple[tuple[str, Count], ...]) -> list[Figure]:
    return [figure(f"{prefix}.{slug(label)}", label, unit, n) for label, n in rows]


def evaluation_figures(e: Evaluation) -> list[Figure]:
    """Every figure the report shows, each once, with the small-number rule applied."""
    found = e.headline.figures()
    found += _group("goals", GOALS, e.goal_statuses)
    found.append(figure("goals.attainment", "Goals achieved, of those set on agreed sheets", GOALS, e.goal_attainment))
    for row in e.reaction:
        point = slug(row.checkpoint)
        found.append(figure(f"reaction.{point}.satisfaction", f"Satisfaction at {row.checkpoint}", ANSWERS,
                            row.satisfaction))  # fmt: skip
        found.append(figure(f"reaction.{point}.safety", f"Safety to speak at {row.checkpoint}", ANSWERS, row.safety))
    found.append(figure("sessions.rating", "Average session rating", ANSWERS, e.session_rating))
    found.append(figure("recommend.nps", "Would recommend, net promoter score", PEOPLE, e.nps))
    found += _group("recommend", PEOPLE, e.recommend)
    found.append(figure("take_part_again", "Would take part again", PEOPLE, e.take_part_again))
    for area in e.learning:
        name = f"learning.{area.owner}.{slug(area.area)}"
        found.append(figure(f"{name}.before", f"{area.owner} · {area.area}, before", ANSWERS, area.before))
        found.append(figure(f"{name}.after", f"{area.owner} · {area.area}, after", ANSWERS, area.after))
    found.append(figure("behaviour.answers", "People who said what they now do differently", PEOPLE,
                        e.behaviour_answers))  # fmt: skip
    found += _group("behaviour.theme", PEOPLE, e.themes)
    found.append(figure("retention.mentors", "Mentors still in the organisation", PEOPLE, e.retention["mentor"]))
    found.append(figure("retention.mentees", "Mentees still in the organisation", PEOPLE, e.retention["mentee"]))
    found += _group("pairs.ended_why", PAIRS, e.end_reasons)
    found.append(figure("pairs.rematched", "Ended pairs whose mentee was matched again", PAIRS, e.rematched))
    found += [
        figure(f"sessions.month.{month}", f"Sessions held in {month}", SESSIONS, Count(n, protected=False))
        for month, n in e.sessions_by_month
    ]
    found += _group("adherence", PAIRS, e.adherence)
    found += _group("topics", SESSIONS, e.topics)
    found += _group("places", SESSIONS, e.places)
    found += _group("matching.score", PAIRS, e.score_bands)
    return found


def term_json(line: Timeline) -> dict[str, str]:
    """The term's dates, as both outputs give them."""
    return {"start": line.start.isoformat(), "midpoint": line.midpoint.isoformat(), "end": line.end.isoformat()}


def report_json(e: Evaluation) -> dict[str, Any]:
    """The report's figures as one JSON document."""
    return {
        "cohort": e.cohort, "as_of": e.as_of.isoformat(), "interim": e.interim, "term": term_json(e.term),
        "figures": figures_json(evaluation_figures(e)),
    }  # fmt: skip
