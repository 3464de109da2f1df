"""The evaluation: the figures leadership sees, computed from the programme as it stood on one day.

The figures follow Kirkpatrick's four levels — reaction (check-ins and session ratings), learning
(goal self-ratings and statuses), behaviour (what people now do differently) and results
(retention, match survival) — then engagement and a review of the matching.

Everything comes from a ``Programme`` snapshot: the roster, pairs, sessions, check-ins and the
goal sheets' public fields. Every figure counts the distinct people behind it, and the small-number
rule (``rmtui.core.report.figures``) decides what may be shown. None of those holds confidential content (a pair's sealed sections
and notes live in its pair_access record, which nothing here reads), so no report built from an
``Evaluation`` can leak it. Goal statuses have no history, so they are as recorded today even in
a report dated earlier.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from rmtui.core.goals import Goal
from rmtui.core.matching import MatchContext, MatchSetup, MatchWeights, Pair
from rmtui.core.report.evaluation_words import behaviour_themes, end_reason_category, goal_area, short_quote
from rmtui.core.report.figures import SMALL, Average, Count, Share, any_withheld, complement_of, protect_group
from rmtui.core.report.programme import (
    Headline,
    Programme,
    Timeline,
    as_of,
    ever_agreed,
    headline,
    pair_expected,
    sessions_per_month,
    timeline,
)
from rmtui.core.sessions import HELD, TYPICAL_TOPICS, CheckIn, Session, place_of

LEFT = "left organisation"
# Cadence adherence bands: sessions held as a share of those expected so far.
KEPT_PACE, SLIPPED, BEHIND, TOO_EARLY = "kept pace (90% or more)", "slipped (50–89%)", "behind (under 50%)", "too early"
PROMOTER, DETRACTOR = 9, 6
SCORE_BANDS = 5
MAX_QUOTES = 5
MAX_TOPICS = 8
GOAL_STATUSES = ("achieved", "in progress", "not started", "dropped")
OTHER_TOPICS = "other topics (typed by pairs)"
NOT_RECORDED = "not recorded"
Counts = tuple[tuple[str, Count], ...]


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
class Summary:
    """The report's first page: the cohort, its term and the headline figures with the figures their readings quote.

    None of it needs a pass over every session beyond the headline's, so the report screen shows it while the rest
    of the evaluation is still being worked out."""

    cohort: str
    coordinator: str
    start: date
    end: date
    as_of: date
    final_checkpoint: str
    term: Timeline
    headline: Headline
    goal_statuses: Counts
    goal_attainment: Share
    take_part_again: Share
    retention: dict[str, Share]
    survival: Share

    @property
    def interim(self) -> bool:
        """Whether the report is dated before the term's end."""
        return self.as_of < self.end

    @property
    def failed(self) -> Share:
        """Pairs that ended before the term was out, of those confirmed."""
        s = self.survival
        return Share(s.whole - s.part, s.whole, s.people, s.rest_people, s.part_people, s.protected, s.hidden_with)


@dataclass(frozen=True, slots=True)
class Evaluation(Summary):
    """Every figure of the report, as of one day; the headline is the same object every screen reads."""

    reaction: tuple[CheckpointReaction, ...]
    session_rating: Average
    nps: Average  # +100 a promoter (9 or 10), 0 a passive, -100 a detractor (6 or less): the mean is the score
    recommend: Counts  # promoters, passives, detractors: each person's latest final answer
    learning: tuple[AreaLearning, ...]
    behaviour_answers: Count
    themes: Counts
    quotes: tuple[str, ...]
    end_reasons: Counts
    rematched: Count
    sessions_by_month: tuple[tuple[str, int], ...]
    adherence: Counts
    topics: Counts
    places: Counts
    score_bands: Counts
    pairs: tuple[PairProgress, ...]


def _final(programme: Programme) -> dict[str, CheckIn]:
    """Each person's latest answer at the final check-in: a mentor with two mentees counts once."""
    return {c.email: c for c in sorted(programme.check_ins, key=lambda c: c.done_on)
            if c.checkpoint == programme.checkpoints[-1]}  # fmt: skip


def _reaction(programme: Programme, day: date) -> tuple[CheckpointReaction, ...]:
    rows = []
    for point, due in programme.schedule:
        answers = [c for c in programme.check_ins if c.checkpoint == point]
        if due <= day or answers:
            rows.append(CheckpointReaction(
                point, due, Average.of((c.email, c.satisfaction) for c in answers),
                Average.of((c.email, c.safety) for c in answers),
            ))  # fmt: skip
    return tuple(rows)


def _members(pair: Pair) -> tuple[str, str]:
    return pair.mentor, pair.mentee


def _agreed_goals(programme: Programme) -> list[tuple[Pair, int, str, Goal]]:
    """Every goal on an agreed sheet of a pair in the programme, with its pair: a draft's goals are only proposals."""
    found: list[tuple[Pair, int, str, Goal]] = []
    for pair_id, pair in programme.pairs.items():
        sheet = programme.sheets.get(pair_id)
        if sheet is not None and ever_agreed(sheet):
            found.extend((pair, pair_id, goal.status, goal) for goal in sheet.goals)
    return found


def _goals(programme: Programme) -> tuple[Counts, Share]:
    goals = _agreed_goals(programme)
    statuses = protect_group(tuple(
        (status, Count.of(_members(pair) for pair, _, found, _ in goals if found == status)) for status in GOAL_STATUSES
    ))  # fmt: skip
    attained = Share.of((found == "achieved", _members(pair)) for pair, _, found, _ in goals if found != "dropped")
    # The statuses add up to the goals set, so a share shown beside a hidden status would give it away.
    return statuses, replace(attained, hidden_with=any_withheld(statuses))


def _learning(programme: Programme, final: dict[str, CheckIn]) -> tuple[AreaLearning, ...]:
    ratings: dict[tuple[str, str], list[tuple[str, int, int]]] = {}
    for pair, pair_id, _, goal in _agreed_goals(programme):
        email = pair.mentor if goal.owner == "mentor" else pair.mentee
        answer = final.get(email)
        end = dict(answer.goal_ratings).get(goal.goal_id) if answer and answer.pair_id in (pair_id, None) else None
        if goal.start_rating is not None and end is not None:
            ratings.setdefault((goal.owner, goal_area(goal.owner, goal.title)), []).append(
                (email, goal.start_rating, end)
            )
    return tuple(
        AreaLearning(owner, area, Average.of((e, b) for e, b, _ in found), Average.of((e, a) for e, _, a in found))
        for (owner, area), found in sorted(ratings.items())
    )


def _retention(programme: Programme) -> dict[str, Share]:
    took_part = {email for pair in programme.pairs.values() for email in _members(pair)}
    people = [p for p in programme.participants if p.email in took_part]
    # Leaving the organisation is public, so retention shows exact counts.
    return {
        role: Share.of(((p.status != LEFT, (p.email,)) for p in people if p.role == role), protected=False)
        for role in ("mentor", "mentee")
    }


def _adherence(programme: Programme, pairs: dict[int, PairProgress]) -> Counts:
    bands: dict[str, list[tuple[str, str]]] = {band: [] for band in (KEPT_PACE, SLIPPED, BEHIND, TOO_EARLY)}
    for pair_id, row in pairs.items():
        if row.status == "active":
            share = row.sessions_held / row.sessions_expected if row.sessions_expected else None
            band = TOO_EARLY if share is None else KEPT_PACE if share >= 0.9 else SLIPPED if share >= 0.5 else BEHIND
            bands[band].append(_members(programme.pairs[pair_id]))
    return protect_group(tuple((band, Count.of(found)) for band, found in bands.items() if found))


def _score_bands(programme: Programme, weights: MatchWeights) -> Counts:
    """Confirmed pairs by match score (with today's weights), in equal bands of the highest score possible."""
    ctx = MatchContext(MatchSetup(programme.participants, weights))
    best = weights.best_score
    bands: dict[int, list[tuple[str, str]]] = {band: [] for band in range(SCORE_BANDS)}
    for p in programme.pairs.values():
        band = min(SCORE_BANDS - 1, int(ctx.score(p.mentor, p.mentee) / best * SCORE_BANDS)) if best else 0
        bands[band].append(_members(p))
    step = 100 // SCORE_BANDS
    return tuple(
        (f"{band * step}–{(band + 1) * step}%", Count.of(found, protected=False)) for band, found in bands.items()
    )


def _counted(items: Iterable[tuple[str, tuple[str, ...]]], *, group: bool = False) -> Counts:
    """Categories with how often each came up and the people behind them, most first."""
    people: dict[str, list[tuple[str, ...]]] = {}
    for label, emails in items:
        people.setdefault(label, []).append(emails)
    rows = tuple(sorted(((label, Count.of(found)) for label, found in people.items()), key=lambda row: -row[1].n))
    return protect_group(rows) if group else rows


def _by_session(held: Iterable[Session], pairs: dict[int, Pair]) -> tuple[Average, Counts, Counts]:
    """The average session rating, the topics and the places of the held sessions, in one pass over them.

    What ``_counted`` gives for one (category, the pair's people) item per session and topic (or place), with the
    people counted from the distinct pairs behind each category: the same figures, without a tuple, a lookup of
    the pair and a match of the place's words for each of 30,000 sessions."""
    ratings: list[tuple[str, int]] = []
    topics: dict[str, list[int]] = {}  # each category, in the order first seen: the pair of each session in it
    places: dict[str, list[int]] = {}
    placed: dict[str, str] = {}  # typed place -> category, worked out once per distinct text
    for s in held:
        pair = pairs.get(s.pair_id)
        if pair is not None:
            if s.mentee_rating is not None:
                ratings.append((pair.mentee, s.mentee_rating))
            if s.mentor_rating is not None:
                ratings.append((pair.mentor, s.mentor_rating))
        for name in s.topics:
            topics.setdefault(name if name in TYPICAL_TOPICS else OTHER_TOPICS, []).append(s.pair_id)
        if (place := placed.get(s.place)) is None:
            place = placed[s.place] = place_of(s.place) or NOT_RECORDED
        places.setdefault(place, []).append(s.pair_id)

    def counted(found: dict[str, list[int]]) -> Counts:
        rows = [
            (label, Count(len(ids), len({e for i in set(ids) if i in pairs for e in _members(pairs[i])})))
            for label, ids in found.items()
        ]
        return tuple(sorted(rows, key=lambda row: -row[1].n))

    return Average.of(ratings), counted(topics)[:MAX_TOPICS], protect_group(counted(places))


def _pairs(programme: Programme, day: date) -> dict[int, PairProgress]:
    names, rows = programme.names, {}
    for pair_id, pair in programme.pairs.items():
        sheet = programme.sheets.get(pair_id)
        agreed = ever_agreed(sheet)
        goals = [g for g in sheet.goals if g.status != "dropped"] if sheet and agreed else []
        rows[pair_id] = PairProgress(
            names.get(pair.mentor, pair.mentor), names.get(pair.mentee, pair.mentee), pair.confirmed_on,
            pair.status if pair.is_active else f"ended {pair.ended_on}",
            sum(s.was_held for s in programme.sessions_of.get(pair_id, ())),
            pair_expected(programme, pair_id, pair, day),
            sum(g.status == "achieved" for g in goals), len(goals), agreed,
        )  # fmt: skip
    return rows


def _quotes(answers: dict[str, CheckIn]) -> tuple[str, ...]:
    """Short unattributed quotes, only from people who did not mark their comment private, and only when at
    least SMALL people answered the question."""
    if len(answers) < SMALL:
        return ()
    allowed = (short_quote(c.doing_differently) for c in answers.values() if not c.comment_private)
    return tuple(dict.fromkeys(allowed))[:MAX_QUOTES]


def _recommend(final: dict[str, CheckIn]) -> tuple[Average, Counts]:
    scored = [(email, c.recommend) for email, c in final.items() if c.recommend is not None]
    bands = [("promoters" if s >= PROMOTER else "detractors" if s <= DETRACTOR else "passives", e) for e, s in scored]
    parts = tuple(
        (band, Count.of((email,) for found, email in bands if found == band))
        for band in ("promoters", "passives", "detractors")
    )
    # With the score and the number of answers shown, any one part gives the other two away: hide all or none.
    hide = any_withheld(parts)
    nps = Average.of((email, 100 if s >= PROMOTER else -100 if s <= DETRACTOR else 0) for email, s in scored)
    return nps, tuple((band, replace(part, hidden_with=hide)) for band, part in parts)


def _ended(programme: Programme) -> tuple[Counts, Count]:
    left = {p.email for p in programme.participants if p.status == LEFT}
    ended = {i: p for i, p in programme.pairs.items() if not p.is_active}
    # A typed reason is never printed: only its category, counted.
    reasons = _counted(
        ((end_reason_category(p.end_reason, bool(left & set(_members(p)))), _members(p)) for p in ended.values()),
        group=True,
    )
    latest: dict[str, date] = {}  # each mentee's latest confirmation
    for q in programme.pairs.values():
        if q.confirmed_on:
            latest[q.mentee] = max(q.confirmed_on, latest.get(q.mentee, q.confirmed_on))
    rematched = Count.of(
        _members(p) for p in ended.values() if p.ended_on and p.mentee in latest and latest[p.mentee] >= p.ended_on
    )
    return reasons, rematched


def summarise(everything: Programme, day: date) -> Summary:
    """The report's first page for the programme as it stood on ``day`` (its sessions' meetings are enough)."""
    programme = as_of(everything, day)
    statuses, attainment = _goals(programme)
    term = timeline(programme.settings, day)
    h = headline(everything, day)
    return Summary(
        cohort=programme.settings.name,
        coordinator=programme.settings.coordinator,
        start=term.start,
        end=term.end,
        as_of=day,
        final_checkpoint=programme.checkpoints[-1],
        term=term,
        headline=h,
        goal_statuses=statuses,
        goal_attainment=attainment,
        take_part_again=Share.of(
            (c.take_part_again == "yes", (email,)) for email, c in _final(programme).items() if c.take_part_again
        ),
        retention=_retention(programme),
        # Withheld with the pairs ended early, and only then: the one outcome it would give away.
        survival=complement_of(
            h.pairs_ended, Share.of(((p.is_active, _members(p)) for p in programme.pairs.values()), protected=False)
        ),
    )


def evaluate(
    everything: Programme, day: date, weights: MatchWeights | None = None, summary: Summary | None = None
) -> Evaluation:
    """Every figure of the report for the programme as it stood on ``day``.

    ``summary`` is ``summarise(everything, day)`` when the caller has it already (the report screen shows it
    first), so it is not worked out twice."""
    if everything.meetings:
        # Read with load_programme(store, sessions=False): its sessions are empty, and every session figure would be 0.
        raise ValueError("the evaluation needs the sessions themselves, not only their meetings")
    if summary is None:
        summary = summarise(everything, day)
    elif summary.as_of != day:
        raise ValueError(f"a summary as of {summary.as_of} cannot start an evaluation as of {day}")
    programme = as_of(everything, day)
    pairs = programme.pairs
    held = [s for s in programme.sessions if s.status == HELD]  # was_held, without a call for each session
    final = _final(programme)
    differently = {email: c for email, c in final.items() if c.doing_differently.strip()}
    nps, recommend = _recommend(final)
    end_reasons, rematched = _ended(programme)
    progress = _pairs(programme, day)

    session_rating, topics, places = _by_session(held, pairs)
    return Evaluation(
        cohort=summary.cohort,
        coordinator=summary.coordinator,
        start=summary.start,
        end=summary.end,
        as_of=summary.as_of,
        final_checkpoint=summary.final_checkpoint,
        term=summary.term,
        headline=summary.headline,
        goal_statuses=summary.goal_statuses,
        goal_attainment=summary.goal_attainment,
        take_part_again=summary.take_part_again,
        retention=summary.retention,
        survival=summary.survival,
        reaction=_reaction(programme, day),
        session_rating=session_rating,
        nps=nps,
        recommend=recommend,
        learning=_learning(programme, final),
        behaviour_answers=Count.of((email,) for email in differently),
        themes=_counted(
            (theme, (email,)) for email, c in differently.items() for theme in behaviour_themes(c.doing_differently)
        ),
        quotes=_quotes(differently),
        end_reasons=end_reasons,
        rematched=rematched,
        sessions_by_month=tuple(sessions_per_month(programme, day)),
        adherence=_adherence(programme, progress),
        topics=topics,
        places=places,
        score_bands=_score_bands(programme, weights or MatchWeights()),
        pairs=tuple(progress.values()),
    )
