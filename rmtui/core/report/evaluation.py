"""The evaluation: the figures leadership sees, computed from the programme as it stood on one day.

The figures follow Kirkpatrick's four levels — reaction (check-ins and session ratings), learning
(goal self-ratings and statuses), behaviour (what people now do differently) and results
(retention, match survival) — then engagement and a review of the matching.

Everything comes from a ``Programme`` snapshot: the roster, pairs, sessions, check-ins and the
goal sheets' public fields. None of those holds confidential content (a pair's sealed sections
and notes live in its pair_access record, which nothing here reads), so no report built from an
``Evaluation`` can leak it. Goal statuses have no history, so they are as recorded today even in
a report dated earlier.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from datetime import date
from statistics import mean

from rmtui.core.matching import MatchContext, MatchSetup, MatchWeights, Pair
from rmtui.core.report.evaluation_words import behaviour_themes, goal_area, short_quote
from rmtui.core.report.programme import (
    Programme,
    cadence_days,
    ever_agreed,
    expected_sessions,
    pair_until,
    sessions_per_month,
    term_end,
)
from rmtui.core.sessions import CheckIn, check_in_schedule

LEFT = "left organisation"
# The small-number rule: a figure about fewer people (or pairs) than this is reported as "fewer than 5".
SMALL = 5
# Cadence adherence bands: sessions held as a share of those expected so far.
KEPT_PACE, SLIPPED, BEHIND, TOO_EARLY = "kept pace (90% or more)", "slipped (50–89%)", "behind (under 50%)", "too early"
PROMOTER, DETRACTOR = 9, 6
SCORE_BANDS = 5
MAX_QUOTES = 5


@dataclass(frozen=True, slots=True)
class Average:
    """A mean over some answers, with how many there were (the report hides it below five)."""

    value: float | None
    count: int

    @classmethod
    def of(cls, values: list[int] | list[float]) -> Average:
        """The mean of ``values``, or an empty average when there are none."""
        return cls(mean(values) if values else None, len(values))


@dataclass(frozen=True, slots=True)
class Share:
    """``part`` of ``whole``: a rate such as retention or survival."""

    part: int
    whole: int

    @property
    def ratio(self) -> float | None:
        """The share as a fraction, or None of nothing."""
        return self.part / self.whole if self.whole else None


@dataclass(frozen=True, slots=True)
class CheckpointReaction:
    """How people felt at one check-in point."""

    checkpoint: str
    due: date
    satisfaction: Average
    safety: Average


@dataclass(frozen=True, slots=True)
class AreaLearning:
    """Self-ratings (1–5) at the start and the end, over the goals in one area rated both times."""

    owner: str
    area: str
    before: Average
    after: Average


@dataclass(frozen=True, slots=True)
class PairProgress:
    """One pair's non-confidential progress, for the optional pairs table."""

    mentor: str
    mentee: str
    confirmed_on: date | None
    status: str
    sessions_held: int
    sessions_expected: int
    goals_achieved: int
    goals_set: int
    sheet_agreed: bool


@dataclass(frozen=True, slots=True)
class Evaluation:
    """Every figure of the report, as of one day."""

    cohort: str
    coordinator: str
    start: date
    end: date
    as_of: date
    final_checkpoint: str
    pairs_confirmed: int
    pairs_active: int
    sessions_held: int
    sessions_expected: int
    goal_statuses: dict[str, int]
    satisfaction: Average
    check_ins_answered: Share
    reaction: tuple[CheckpointReaction, ...]
    session_rating: Average
    recommend: tuple[int, int, int]  # promoters, passives, detractors at the final check-in
    take_part_again: Share
    learning: tuple[AreaLearning, ...]
    behaviour_answers: int
    themes: tuple[tuple[str, int], ...]
    quotes: tuple[str, ...]
    retention: dict[str, Share]
    end_reasons: tuple[tuple[str, int], ...]
    rematched: int
    sessions_by_month: tuple[tuple[str, int], ...]
    adherence: tuple[tuple[str, int], ...]
    topics: tuple[tuple[str, int], ...]
    places: tuple[tuple[str, int], ...]
    score_bands: tuple[tuple[str, int], ...]
    pairs: tuple[PairProgress, ...]

    @property
    def interim(self) -> bool:
        """Whether the report is dated before the term's end."""
        return self.as_of < self.end

    @property
    def goal_attainment(self) -> Share:
        """Goals achieved out of the goals set (dropped goals don't count)."""
        counts = self.goal_statuses
        return Share(counts.get("achieved", 0), sum(n for status, n in counts.items() if status != "dropped"))

    @property
    def nps(self) -> int | None:
        """Would-recommend as a net promoter score: % promoters (9–10) minus % detractors (0–6)."""
        promoters, passives, detractors = self.recommend
        answers = promoters + passives + detractors
        return round(100 * (promoters - detractors) / answers) if answers else None

    @property
    def survival(self) -> Share:
        """Pairs still active, of those confirmed."""
        return Share(self.pairs_active, self.pairs_confirmed)

    @property
    def failed(self) -> Share:
        """Pairs that ended before the term was out, of those confirmed."""
        return Share(self.pairs_confirmed - self.pairs_active, self.pairs_confirmed)


def as_of(programme: Programme, day: date) -> Programme:
    """The programme as it stood at the end of ``day``: later sessions, answers, pairs and leavers undone."""
    pairs = {
        pair_id: pair if not pair.ended_on or pair.ended_on <= day else replace(pair, status="active", ended_on=None)
        for pair_id, pair in programme.pairs.items()
        if not pair.confirmed_on or pair.confirmed_on <= day
    }
    people = tuple(
        replace(p, status="active", status_date=None) if p.status_date and p.status_date > day else p
        for p in programme.participants
    )
    return replace(
        programme, participants=people, pairs=pairs,
        sessions=tuple(s for s in programme.sessions if s.held_on <= day),
        check_ins=tuple(c for c in programme.check_ins if c.done_on <= day),
    )  # fmt: skip


def _final(programme: Programme) -> list[CheckIn]:
    return [c for c in programme.check_ins if c.checkpoint == programme.checkpoints[-1]]


def _reaction(programme: Programme, day: date) -> tuple[CheckpointReaction, ...]:
    rows = []
    for point, due in check_in_schedule(programme.settings, programme.checkpoints):
        answers = [c for c in programme.check_ins if c.checkpoint == point]
        if due <= day or answers:
            rows.append(CheckpointReaction(
                point, due, Average.of([c.satisfaction for c in answers]), Average.of([c.safety for c in answers]),
            ))  # fmt: skip
    return tuple(rows)


def _paired_on(pair: Pair, day: date) -> bool:
    return (not pair.confirmed_on or pair.confirmed_on <= day) and (not pair.ended_on or pair.ended_on >= day)


def _answers_due(programme: Programme, day: date) -> Share:
    """Check-ins answered, of those due by ``day`` from people in a pair confirmed before the point."""
    done = {(c.email, c.checkpoint) for c in programme.check_ins}
    due = {
        (email, point)
        for pair in programme.pairs.values()
        for email in (pair.mentor, pair.mentee)
        for point, when in check_in_schedule(programme.settings, programme.checkpoints)
        if when <= day and _paired_on(pair, when)
    }
    return Share(len(due & done), len(due))


def _learning(programme: Programme) -> tuple[AreaLearning, ...]:
    final = {(c.email, c.pair_id): dict(c.goal_ratings) for c in _final(programme)}
    ratings: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for pair_id, pair in programme.pairs.items():
        sheet = programme.sheets.get(pair_id)
        for goal in sheet.goals if sheet else ():
            email = pair.mentor if goal.owner == "mentor" else pair.mentee
            end = final.get((email, pair_id), {}).get(goal.goal_id)
            if goal.start_rating is not None and end is not None:
                ratings.setdefault((goal.owner, goal_area(goal.owner, goal.title)), []).append((goal.start_rating, end))
    return tuple(
        AreaLearning(owner, area, Average.of([b for b, _ in pairs]), Average.of([a for _, a in pairs]))
        for (owner, area), pairs in sorted(ratings.items())
    )


def _retention(programme: Programme) -> dict[str, Share]:
    took_part = {email for pair in programme.pairs.values() for email in (pair.mentor, pair.mentee)}
    people = [p for p in programme.participants if p.email in took_part]
    return {
        role: Share(sum(p.status != LEFT for p in people if p.role == role), sum(p.role == role for p in people))
        for role in ("mentor", "mentee")
    }


def _adherence(pairs: tuple[PairProgress, ...]) -> tuple[tuple[str, int], ...]:
    bands: Counter[str] = Counter()
    for pair in pairs:
        if pair.status == "active":
            share = pair.sessions_held / pair.sessions_expected if pair.sessions_expected else None
            bands[
                TOO_EARLY if share is None else KEPT_PACE if share >= 0.9 else SLIPPED if share >= 0.5 else BEHIND
            ] += 1
    return tuple((band, bands[band]) for band in (KEPT_PACE, SLIPPED, BEHIND, TOO_EARLY) if bands[band])


def _score_bands(programme: Programme, weights: MatchWeights) -> tuple[tuple[str, int], ...]:
    """Confirmed pairs by match score (with today's weights), in equal bands of the highest score possible."""
    ctx = MatchContext(MatchSetup(programme.participants, weights))
    best = weights.best_score
    counts = Counter(
        min(SCORE_BANDS - 1, int(ctx.score(p.mentor, p.mentee) / best * SCORE_BANDS)) if best else 0
        for p in programme.pairs.values()
    )
    step = 100 // SCORE_BANDS
    return tuple((f"{band * step}–{(band + 1) * step}%", counts[band]) for band in range(SCORE_BANDS))


def _counted(values: list[str], limit: int | None = None) -> tuple[tuple[str, int], ...]:
    return tuple(Counter(values).most_common(limit))


def _pairs(programme: Programme, day: date) -> tuple[PairProgress, ...]:
    names, rows = programme.names, []
    for pair_id, pair in programme.pairs.items():
        sheet = programme.sheets.get(pair_id)
        goals = [g for g in sheet.goals if g.status != "dropped"] if sheet else []
        until = pair_until(programme, pair, day)
        rows.append(PairProgress(
            names.get(pair.mentor, pair.mentor), names.get(pair.mentee, pair.mentee), pair.confirmed_on,
            pair.status if pair.is_active else f"ended {pair.ended_on}",
            sum(s.was_held for s in programme.sessions_of.get(pair_id, ())),
            expected_sessions(pair.confirmed_on, until, cadence_days(programme, pair_id)),
            sum(g.status == "achieved" for g in goals), len(goals),
            ever_agreed(sheet),
        ))  # fmt: skip
    return tuple(rows)


def evaluate(everything: Programme, day: date, weights: MatchWeights | None = None) -> Evaluation:
    """Every figure of the report for the programme as it stood on ``day``."""
    programme = as_of(everything, day)
    held = [s for s in programme.sessions if s.was_held]
    final = _final(programme)
    differently = [c for c in final if c.doing_differently.strip()]
    ended = [p for p in programme.pairs.values() if not p.is_active]
    pairs = _pairs(programme, day)
    return Evaluation(
        cohort=programme.settings.name,
        coordinator=programme.settings.coordinator,
        start=programme.settings.start_date,
        end=term_end(programme.settings),
        as_of=day,
        final_checkpoint=programme.checkpoints[-1],
        pairs_confirmed=len(programme.pairs),
        pairs_active=len(programme.pairs) - len(ended),
        sessions_held=len(held),
        sessions_expected=sum(p.sessions_expected for p in pairs),
        goal_statuses=dict(
            Counter(g.status for s in programme.sheets.values() if s.pair_id in programme.pairs for g in s.goals)
        ),
        satisfaction=Average.of([c.satisfaction for c in programme.latest_check_in.values()]),
        check_ins_answered=_answers_due(programme, day),
        reaction=_reaction(programme, day),
        session_rating=Average.of([r for s in held for r in (s.mentee_rating, s.mentor_rating) if r is not None]),
        recommend=(
            sum(c.recommend >= PROMOTER for c in final if c.recommend is not None),
            sum(DETRACTOR < c.recommend < PROMOTER for c in final if c.recommend is not None),
            sum(c.recommend <= DETRACTOR for c in final if c.recommend is not None),
        ),
        take_part_again=Share(
            sum(c.take_part_again == "yes" for c in final), sum(bool(c.take_part_again) for c in final)
        ),
        learning=_learning(programme),
        behaviour_answers=len(differently),
        themes=_counted([theme for c in differently for theme in behaviour_themes(c.doing_differently)]),
        # Quote only people who did not mark their check-in comment private, and never say who.
        quotes=tuple(dict.fromkeys(short_quote(c.doing_differently) for c in differently if not c.comment_private))[
            :MAX_QUOTES
        ],
        retention=_retention(programme),
        end_reasons=_counted([p.end_reason or "no reason given" for p in ended]),
        rematched=sum(
            any(
                q.mentee == p.mentee and q.confirmed_on and p.ended_on and q.confirmed_on >= p.ended_on
                for q in programme.pairs.values()
            )
            for p in ended
        ),
        sessions_by_month=tuple(sessions_per_month(programme, day)),
        adherence=_adherence(pairs),
        topics=_counted([topic for s in held for topic in s.topics], limit=8),
        places=_counted([s.place or "not recorded" for s in held]),
        score_bands=_score_bands(programme, weights or MatchWeights()),
        pairs=pairs,
    )
