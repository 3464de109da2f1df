"""Matching: the hard rules, the score of a pair, and the optimiser that proposes pairs.

The optimiser first matches as many mentees as the hard rules allow, then,
among those matchings, takes the one with the highest total score. It solves
that exactly as an assignment problem (mentors expanded into one column per
free place) with the ``lap`` solver. NumPy and ``lap`` are imported only when
a proposal is made, so importing this module stays cheap. The words of every
explanation live in ``match_explain``.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields
from functools import cached_property
from typing import Any

from rmtui.core.errors import FieldError, RmtuiError, ValidationError
from rmtui.core.matching import explain as words
from rmtui.core.matching.explain import Breach, Proposal, ScorePart, proposed_pair, unmatched_people
from rmtui.core.matching.grid import (
    FOCUS_AGREEMENT,
    FORMAT_AGREEMENT,
    Grid,
    Solver,
    assign,
    brings_diversity,
    build_grid,
    choice_index,
    crosses_departments,
    solve_with_lap,
)
from rmtui.core.roster import FOCUSES, FORMATS, Participant, normalise_email
from rmtui.core.store import COHORT, CohortStore
from rmtui.core.topics.vocabulary import Vocabulary

WEIGHTS_KEY = "match_weights"
MAX_WEIGHT = 10.0


@dataclass(frozen=True, slots=True)
class MatchWeights:
    """How much each part of a pair's score counts; every part is worth 0 to 1 times its weight."""

    overlap: float = 3.0
    focus: float = 1.0
    format: float = 1.0
    cross_department: float = 0.5
    diversity: float = 0.0

    @property
    def best_score(self) -> float:
        """The highest score any pair can reach."""
        return self.overlap + self.focus + self.format + self.cross_department + self.diversity

    def to_doc(self) -> dict[str, float]:
        """The weights as stored in the cohort file."""
        return asdict(self)


def parse_weights(values: Mapping[str, object], current: MatchWeights = MatchWeights()) -> MatchWeights:
    """Validate typed-in or stored weights; a weight not given keeps its current value."""
    errors: list[FieldError] = []
    changes: dict[str, float] = {}
    for name in (f.name for f in fields(MatchWeights)):
        if name not in values:
            continue
        raw = values[name]
        try:
            weight = float(str(raw).strip()) if not isinstance(raw, bool) else math.nan
        except ValueError:
            weight = math.nan
        if not 0.0 <= weight <= MAX_WEIGHT:
            errors.append(
                FieldError(name, f"must be a number from 0 to {MAX_WEIGHT:g}, like 1.5 (got '{str(raw)[:20]}')")
            )
        changes[name] = weight
    if errors:
        raise ValidationError(errors)
    return MatchWeights(**{**current.to_doc(), **changes})


def load_weights(store: CohortStore) -> MatchWeights:
    """The cohort's matching weights; the defaults until the coordinator saves their own."""
    cohort: Mapping[str, Any] = store.table(COHORT).get(doc_id=1) or {}
    stored: Mapping[str, object] | None = cohort.get(WEIGHTS_KEY)
    return parse_weights(stored) if stored else MatchWeights()


def save_weights(store: CohortStore, weights: MatchWeights) -> None:
    """Keep the weights with the cohort's settings."""
    store.table(COHORT).update({WEIGHTS_KEY: weights.to_doc()}, doc_ids=[1])


@dataclass(frozen=True, slots=True)
class MatchSetup:
    """Everything a proposal depends on: roster, weights, confirmed pairs and the coordinator's decisions."""

    participants: tuple[Participant, ...]
    weights: MatchWeights = MatchWeights()
    active_pairs: tuple[tuple[str, str], ...] = ()  # (mentor, mentee) already confirmed
    fixed: tuple[tuple[str, str], ...] = ()
    forbidden: frozenset[tuple[str, str]] = frozenset()
    # The cohort's map from typed topics to canonical ones: matching compares canonical topics.
    vocabulary: Vocabulary = field(default_factory=Vocabulary)


class MatchContext:
    """What matching needs about each person, worked out once: topics, reporting chains, places taken."""

    def __init__(self, setup: MatchSetup) -> None:
        self.setup = setup
        self.weights = setup.weights
        self.people = {p.email: p for p in setup.participants}
        self.mentors = [p for p in setup.participants if p.role == "mentor" and p.is_active]
        self.mentees = [p for p in setup.participants if p.role == "mentee" and p.is_active]
        # Canonical topic key → the words as the person typed them (their first, if they typed two variants).
        keys = _TopicKeys(setup.vocabulary)
        self.offers = {p.email: keys.by_topic(p.offers) for p in setup.participants}
        self.wants = {p.email: keys.by_topic(p.wants) for p in setup.participants}
        self.chains = {p.email: self._walk_up(p.email) for p in setup.participants}
        self._chain_sets = {email: frozenset(chain) for email, chain in self.chains.items()}
        self.mentor_of = {mentee: mentor for mentor, mentee in setup.active_pairs}
        self.fixed_mentor_of = {mentee: mentor for mentor, mentee in setup.fixed}
        # A fixed pair holds a place from the moment it is fixed, whether or not it is confirmed yet.
        unconfirmed_fixed = [m for m, e in setup.fixed if self.mentor_of.get(e) != m]
        self.places_taken = Counter(m for m, _ in setup.active_pairs) + Counter(unconfirmed_fixed)

    def _walk_up(self, email: str) -> tuple[str, ...]:
        """Everyone above ``email``, nearest first; stops at a manager off the roster or at a loop."""
        chain: list[str] = []
        seen = {email}
        manager = self.people[email].reports_to
        while manager and manager not in seen:
            chain.append(manager)
            seen.add(manager)
            above = self.people.get(manager)
            manager = above.reports_to if above else ""
        return tuple(chain)

    def person(self, email: str) -> Participant:
        """The participant with this email, or an error naming it."""
        found = self.people.get(normalise_email(email))
        if found is None:
            raise RmtuiError(f"Nobody on the roster has the email {email}.")
        return found

    def name(self, email: str) -> str:
        """A person's name, or their email when they are not on the roster."""
        found = self.people.get(email)
        return found.name if found else email

    def line(self, mentor: str, mentee: str) -> list[str] | None:
        """The reporting chain joining the two, lowest first, or None when neither is above the other."""
        for low, high in ((mentee, mentor), (mentor, mentee)):
            if high in self._chain_sets.get(low, ()):
                chain = self.chains[low]
                return [low, *chain[: chain.index(high) + 1]]
        return None

    def breaches(self, mentor: str, mentee: str) -> list[Breach]:
        """The hard rules of roster and coordinator that pairing these two would break."""
        giver, taker = self.people[mentor], self.people[mentee]
        found = [Breach("inactive", f"{p.name} is {p.status}") for p in (giver, taker) if not p.is_active]
        found += [
            Breach("role", f"{p.name} is a {p.role}, not a {role}")
            for p, role in ((giver, "mentor"), (taker, "mentee"))
            if p.role != role
        ]
        if (mentor, mentee) in self.setup.forbidden:
            found.append(Breach("forbidden", "forbidden by the coordinator"))
        chain = self.line(mentor, mentee)
        if chain:
            found.append(Breach("line", words.line_text([self.name(email) for email in chain])))
        if giver.grade is not None and taker.grade is not None and giver.grade >= taker.grade:
            found.append(Breach("grade", words.grade_text(giver.grade, taker.grade)))
        return found

    def place_breaches(self, mentor: str, mentee: str) -> list[Breach]:
        """Why the pair would not fit the pairs already made or fixed: taken mentee, full mentor."""
        found = []
        paired, fixed = self.mentor_of.get(mentee), self.fixed_mentor_of.get(mentee)
        if paired and paired != mentor:
            found.append(Breach("paired", f"{self.name(mentee)} is already paired with {self.name(paired)}"))
        elif fixed and fixed != mentor:
            found.append(Breach("paired", f"{self.name(mentee)} is already fixed with {self.name(fixed)}"))
        taken, capacity = self.places_taken[mentor], self.people[mentor].capacity
        if mentor not in (paired, fixed) and taken >= capacity:
            found.append(Breach("full", f"{self.name(mentor)} has no free place ({taken} of {capacity} taken)"))
        return found

    def grade_unknown(self, mentor: str, mentee: str) -> bool:
        """Whether the grade rule could not be checked for this pair."""
        return self.people[mentor].grade is None or self.people[mentee].grade is None

    def score_parts(self, mentor: str, mentee: str) -> list[ScorePart]:
        """The pair's score, part by part; the grid in ``build_grid`` must add up the same way."""
        weights, giver, taker = self.weights, self.people[mentor], self.people[mentee]
        wants, offers = self.wants[mentee], self.offers[mentor]
        covered = [words.covered_text(topic, offers[key]) for key, topic in wants.items() if key in offers]
        fraction = len(covered) / len(wants) if wants else 0.0
        focus = FOCUS_AGREEMENT[choice_index(taker.focus, FOCUSES)][choice_index(giver.focus, FOCUSES)]
        meeting = FORMAT_AGREEMENT[choice_index(taker.format, FORMATS)][choice_index(giver.format, FORMATS)]
        parts = [
            ScorePart("overlap", weights.overlap * fraction, words.overlap_text(covered, len(wants))),
            ScorePart("focus", weights.focus * focus, words.focus_text(giver.focus, taker.focus)),
            ScorePart("format", weights.format * meeting, words.format_text(giver.format, taker.format)),
            ScorePart(
                "cross_department",
                weights.cross_department * crosses_departments(giver.department, taker.department),
                words.department_text(giver.department, taker.department),
            ),
        ]
        if weights.diversity:
            brings = brings_diversity(giver)
            text = words.diversity_text(giver.under_represented if brings else "")
            parts.append(ScorePart("diversity", weights.diversity * brings, text))
        return parts

    def score(self, mentor: str, mentee: str) -> float:
        """The pair's total score."""
        return sum(part.points for part in self.score_parts(mentor, mentee))

    @cached_property
    def grid(self) -> Grid:
        """Every active mentee against every active mentor, built once."""
        return build_grid(self)


class _TopicKeys:
    """The vocabulary's key of each typed topic, worked out once however many people typed it."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        self.known: dict[str, str] = {}

    def by_topic(self, typed: tuple[str, ...]) -> dict[str, str]:
        """Topic key → the words as typed (the first, when two typed variants share a key)."""
        found: dict[str, str] = {}
        for topic in typed:
            key = self.known.get(topic)
            if key is None:
                key = self.known[topic] = self.vocabulary.key(topic)
            found.setdefault(key, topic)
        return found


@dataclass(slots=True)
class KeptPairs:
    """What a proposal keeps before it matches anyone: confirmed and fixed pairs, and what they hold."""

    pairs: list[tuple[str, str, str]] = field(default_factory=list)  # (mentor, mentee, "existing" | "fixed")
    held: dict[str, str] = field(default_factory=dict)  # mentee → why they cannot be rematched yet
    places_used: Counter[str] = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)

    @property
    def taken(self) -> set[str]:
        """Mentees who are not free to be matched."""
        return {mentee for _, mentee, _ in self.pairs} | set(self.held)

    def add(self, mentor: str, mentee: str, origin: str) -> None:
        """Keep one pair."""
        self.pairs.append((mentor, mentee, origin))
        self.places_used[mentor] += 1


def keep_pairs(ctx: MatchContext) -> KeptPairs:
    """Keep confirmed pairs as they are and fixed pairs that still obey the rules, with a note for each problem."""
    kept = KeptPairs()
    for mentor, mentee in ctx.setup.active_pairs:
        names = ctx.name(mentor), ctx.name(mentee)
        gone = [_absence(ctx, email) for email in (mentor, mentee) if not _is_active(ctx, email)]
        if not gone:
            kept.add(mentor, mentee, "existing")
            kept.notes += [words.broken_pair_note(*names, breach.text) for breach in ctx.breaches(mentor, mentee)]
            continue
        # The pair holds its place until the coordinator ends it, so nobody is silently double-booked.
        kept.places_used[mentor] += 1
        kept.notes.append(words.stale_pair_note(*names, gone[0]))
        if _is_active(ctx, mentee):
            kept.held[mentee] = words.held_text(names[0], gone[0])
    for mentor, mentee in ctx.setup.fixed:
        if ctx.mentor_of.get(mentee) == mentor:
            continue  # already confirmed, so kept above
        problem = _fixed_problem(ctx, kept, mentor, mentee)
        if problem:
            kept.notes.append(f"fixed pair {ctx.name(mentor)} with {ctx.name(mentee)} not kept: {problem}")
        else:
            kept.add(mentor, mentee, "fixed")
    return kept


def _is_active(ctx: MatchContext, email: str) -> bool:
    return email in ctx.people and ctx.people[email].is_active


def _absence(ctx: MatchContext, email: str) -> str:
    person = ctx.people.get(email)
    return f"{person.name} is {person.status}" if person else f"{email} is no longer on the roster"


def _fixed_problem(ctx: MatchContext, kept: KeptPairs, mentor: str, mentee: str) -> str | None:
    """Why a fixed pair cannot be kept any more (the roster changed since it was fixed), or None."""
    missing = [email for email in (mentor, mentee) if email not in ctx.people]
    if missing:
        return f"{missing[0]} is no longer on the roster"
    breaches = ctx.breaches(mentor, mentee)
    if breaches:
        return breaches[0].text
    if mentee in kept.taken:
        return f"{ctx.name(mentee)} is already paired"
    if kept.places_used[mentor] >= ctx.people[mentor].capacity:
        return f"{ctx.name(mentor)} has no free place"
    return None


def propose(context: MatchSetup | MatchContext, *, solver: Solver = solve_with_lap) -> Proposal:
    """Keep confirmed and fixed pairs, then match the most mentees possible with the best total score."""
    ctx = context if isinstance(context, MatchContext) else MatchContext(context)
    kept = keep_pairs(ctx)
    taken = kept.taken
    free_rows = [row for row, mentee in enumerate(ctx.mentees) if mentee.email not in taken]
    free_places = [max(0, mentor.capacity - kept.places_used[mentor.email]) for mentor in ctx.mentors]
    chosen = assign(ctx.grid, free_rows, free_places, ctx.weights.best_score, solver)
    new = [(ctx.mentors[column].email, ctx.mentees[row].email, "new") for row, column in chosen]
    pairs = [proposed_pair(ctx, mentor, mentee, origin) for mentor, mentee, origin in kept.pairs + new]
    unmatched = unmatched_people(ctx, pairs, taken, kept.held, free_places)
    return Proposal(tuple(pairs), tuple(unmatched), tuple(kept.notes))
