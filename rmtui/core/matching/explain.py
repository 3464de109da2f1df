"""Explanations of matching: how a score, a broken rule or an unmatched person is put to the coordinator.

First the sentences, as plain functions of plain values, so the screen, the CLI
and the tests read the same words; then what a proposal hands back (pairs with
their reasons, the people left over) and the explanations built on a
``MatchContext``: one pair, one person's ranked candidates, the unmatched.
``matching`` holds the rules, the arithmetic and the optimiser.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rmtui.core.text import plural
from rmtui.core.topics.vocabulary import topic_key

if TYPE_CHECKING:
    from rmtui.core.matching.optimiser import MatchContext

# Why a candidate is ruled out, in the order a person is counted: each counts once, under the first that applies.
RULE_ORDER = ("inactive", "role", "forbidden", "line", "grade", "paired", "full")
_RULE_COUNTS = {
    "inactive": "{n} not active",
    "role": "{n} not on the other side",
    "forbidden": "{n} forbidden by the coordinator",
    "line": "{n} in the same reporting line",
    "grade": "{n} {grade}",
    "paired": "{n} already paired",
    "full": "{n} with no free place",
}


def points(value: float) -> str:
    """A score as the coordinator sees it: two decimals."""
    return f"{value:.2f}"


def listing(names: Sequence[str], limit: int = 5) -> str:
    """Names joined with commas, the tail summarised so a line stays short."""
    shown = ", ".join(names[:limit])
    return shown if len(names) <= limit else f"{shown} and {len(names) - limit} more"


def overlap_text(covered: Sequence[str], wants: int) -> str:
    """How many of the mentee's wants the mentor offers."""
    if not wants:
        return "the mentee listed nothing they want to learn"
    if not covered:
        return f"covers none of {wants} wants"
    if len(covered) == wants:
        every = {1: "the one want", 2: "both wants"}.get(wants, f"all {wants} wants")
        return f"covers {every}: {listing(covered)}"
    return f"covers {len(covered)} of {wants} wants: {listing(covered)}"


def covered_text(wanted: str, offered: str) -> str:
    """A covered want in the words each person typed: 'IG', or "'IG' — offered as 'Instagram reels'"."""
    if topic_key(wanted) == topic_key(offered):
        return wanted
    return f"'{wanted}' — offered as '{offered}'"


def focus_text(mentor_focus: str, mentee_focus: str) -> str:
    """Whether both want technology, social values or both."""
    if mentor_focus == mentee_focus:
        return f"same focus: {mentor_focus}" if mentor_focus != "both" else "both focus on technology and social values"
    if "both" in (mentor_focus, mentee_focus):
        return f"focus partly agrees: mentor {mentor_focus}, mentee {mentee_focus}"
    return f"different focus: mentor {mentor_focus}, mentee {mentee_focus}"


def format_text(mentor_format: str, mentee_format: str) -> str:
    """Whether their preferred ways of meeting fit."""
    if mentor_format == mentee_format:
        return "both flexible on meeting format" if mentor_format == "either" else f"both prefer {mentor_format}"
    if mentor_format == "either":
        return f"mentee prefers {mentee_format}, mentor is flexible"
    if mentee_format == "either":
        return f"mentor prefers {mentor_format}, mentee is flexible"
    return f"meeting formats clash: mentor prefers {mentor_format}, mentee {mentee_format}"


def department_text(mentor_department: str, mentee_department: str) -> str:
    """Whether the pair crosses departments, which widens what each sees."""
    if not mentor_department or not mentee_department:
        return "department unknown"
    if mentor_department.casefold() == mentee_department.casefold():
        return f"same department ({mentee_department})"
    return "across departments"


def diversity_text(under_represented: str) -> str:
    """The diversity preference, named only as far as the mentor consented."""
    if under_represented:
        return f"mentor brings an under-represented perspective ({under_represented})"
    return "no diversity preference met"


def line_text(chain: Sequence[str]) -> str:
    """The reporting chain that joins two people, lowest first."""
    return "in the same reporting line: " + " → ".join(chain)


def grade_text(mentor_grade: int, mentee_grade: int) -> str:
    """Why a mentor who is not junior cannot mentor this mentee."""
    return f"mentor is not junior to the mentee (grade {mentor_grade} vs {mentee_grade})"


GRADE_UNKNOWN = "grade unknown: check the mentor is junior to the mentee"


def counted_rules(counts: Mapping[str, int], side: str) -> str:
    """'3 in the same reporting line, 2 not junior to them' from counts by rule."""
    grade = "not junior to them" if side == "mentor" else "not senior to them"
    parts = [_RULE_COUNTS[rule].format(n=counts[rule], grade=grade) for rule in RULE_ORDER if counts.get(rule)]
    return ", ".join(parts)


def no_candidate_text(side: str, total: int, counts: Mapping[str, int]) -> str:
    """Why nobody on the other side (``side``: 'mentor' or 'mentee') could be paired with this person."""
    if not total:
        return f"no eligible {side}: there are no active {side}s"
    everyone = f"the only active {side} is" if total == 1 else f"all {total} active {side}s are"
    return f"no eligible {side}: {everyone} ruled out ({counted_rules(counts, side)})"


def needed_elsewhere_text(side: str, eligible: int, best: str, score: float, partner: str) -> str:
    """Why someone with eligible candidates still got nobody: the candidates served more people elsewhere."""
    if side == "mentor":
        head = (
            f"all {eligible} eligible mentors were needed for others"
            if eligible > 1
            else "the one eligible mentor was needed for others"
        )
    else:
        head = (
            f"all {eligible} eligible mentees got other mentors, so that more mentees are matched or the total is higher"
            if eligible > 1
            else "the one eligible mentee got another mentor, so that more mentees are matched or the total is higher"
        )
    return f"{head}; best alternative {best} scored {points(score)} (paired with {partner})"


def broken_pair_note(mentor: str, mentee: str, breach: str) -> str:
    """A confirmed pair is kept as it is, but a rule it now breaks must not go unseen."""
    return f"{mentor} and {mentee}, an active pair, now break a rule: {breach}; review the pair"


def stale_pair_note(mentor: str, mentee: str, absence: str) -> str:
    """A confirmed pair one of whom has left: it holds its place until the coordinator ends it."""
    return f"{mentor} and {mentee} are still an active pair, but {absence}; end the pair to free the place"


def held_text(mentor: str, absence: str) -> str:
    """Why a mentee whose mentor has left is not rematched yet."""
    return f"still in an active pair with {mentor}, but {absence}; end that pair to rematch them"


def places_text(places: int, mentees: int) -> str:
    """Context for idle mentors: there were more places than mentees."""
    return f"{plural(places, 'free mentor place')} for {plural(mentees, 'mentee')} to match"


@dataclass(frozen=True, slots=True)
class Breach:
    """A hard rule a pair would break; ``rule`` is one of RULE_ORDER."""

    rule: str
    text: str


@dataclass(frozen=True, slots=True)
class ScorePart:
    """One part of a pair's score, in points and in words."""

    part: str
    points: float
    text: str

    def __str__(self) -> str:
        return f"{self.text} (+{points(self.points)})"


@dataclass(frozen=True, slots=True)
class PairExplanation:
    """Why a pair scores what it does, and every rule it would break."""

    mentor: str
    mentee: str
    parts: tuple[ScorePart, ...]
    breaches: tuple[Breach, ...]
    grade_unknown: bool

    @property
    def score(self) -> float:
        """The pair's total score."""
        return sum(part.points for part in self.parts)

    @property
    def eligible(self) -> bool:
        """Whether the pair breaks no rule."""
        return not self.breaches

    @property
    def reasons(self) -> list[str]:
        """The score part by part, then any flag and broken rule, in plain words."""
        flags = [GRADE_UNKNOWN] if self.grade_unknown else []
        return [str(part) for part in self.parts] + flags + [breach.text for breach in self.breaches]


@dataclass(frozen=True, slots=True)
class Candidate:
    """Someone on the other side for one person: their score, and why they are ruled out if they are."""

    email: str
    name: str
    score: float
    reason: str  # empty when eligible
    grade_unknown: bool

    @property
    def eligible(self) -> bool:
        """Whether this candidate could be paired now."""
        return not self.reason


@dataclass(frozen=True, slots=True)
class ProposedPair:
    """One pair of a proposal; ``origin`` is 'new', 'fixed' (by the coordinator) or 'existing' (already confirmed)."""

    mentor: str
    mentee: str
    score: float
    reasons: tuple[str, ...]
    summary: str
    origin: str
    # The summary without what the pair's state already says ("confirmed", "fixed by the coordinator"),
    # for a Why column beside a State column.
    why: str


@dataclass(frozen=True, slots=True)
class Unmatched:
    """Someone the proposal leaves without a partner, and why."""

    email: str
    role: str
    reason: str


@dataclass(frozen=True, slots=True)
class Proposal:
    """Proposed pairs (kept ones included), the people left over, and notes for the coordinator."""

    pairs: tuple[ProposedPair, ...]
    unmatched: tuple[Unmatched, ...]
    notes: tuple[str, ...] = ()

    @property
    def total_score(self) -> float:
        """The sum of every pair's score."""
        return sum(pair.score for pair in self.pairs)

    @property
    def new_pairs(self) -> tuple[ProposedPair, ...]:
        """The pairs that confirming would add."""
        return tuple(pair for pair in self.pairs if pair.origin != "existing")


def explain_pair(ctx: MatchContext, mentor: str, mentee: str) -> PairExplanation:
    """Score one pair part by part and list every rule it breaks, including places already taken."""
    mentor, mentee = ctx.person(mentor).email, ctx.person(mentee).email
    breaches = ctx.breaches(mentor, mentee) + ctx.place_breaches(mentor, mentee)
    return PairExplanation(
        mentor=mentor,
        mentee=mentee,
        parts=tuple(ctx.score_parts(mentor, mentee)),
        breaches=tuple(breaches),
        grade_unknown=ctx.grade_unknown(mentor, mentee),
    )


def ranked_candidates(ctx: MatchContext, email: str) -> list[Candidate]:
    """Everyone on the other side for one person: eligible ones first, each group best score first."""
    person = ctx.person(email)
    found = []
    for other in ctx.setup.participants:
        if other.role == person.role:
            continue
        pair = (person.email, other.email) if person.role == "mentor" else (other.email, person.email)
        why = explain_pair(ctx, *pair)
        reason = "; ".join(breach.text for breach in why.breaches)
        found.append(Candidate(other.email, other.name, why.score, reason, why.grade_unknown))
    return sorted(found, key=lambda c: (not c.eligible, -c.score, c.name))


def eligible_mentors(ctx: MatchContext) -> dict[str, list[tuple[str, float]]]:
    """Every active mentee's eligible mentors under the hard rules, best score first (places aside)."""
    grid, found = ctx.grid, {}
    for row, mentee in enumerate(ctx.mentees):
        columns = grid.eligible[row].nonzero()[0]
        ranked = columns[(-grid.score[row, columns]).argsort(kind="stable")]
        found[mentee.email] = [(ctx.mentors[column].email, float(grid.score[row, column])) for column in ranked]
    return found


def proposed_pair(ctx: MatchContext, mentor: str, mentee: str, origin: str) -> ProposedPair:
    """A pair of the proposal with its score explained."""
    parts = ctx.score_parts(mentor, mentee)
    lead = {"fixed": ["fixed by the coordinator"], "existing": ["confirmed"]}.get(origin, [])
    flags = [GRADE_UNKNOWN] if ctx.grade_unknown(mentor, mentee) else []
    if origin == "existing":
        # A confirmed pair is kept as it is, but a rule it now breaks must not go unseen.
        flags += [f"now breaks a rule: {breach.text}" for breach in ctx.breaches(mentor, mentee)]
    # The short form: what is covered, then only the parts that agree fully.
    why = "; ".join([parts[0].text] + [p.text for p in parts[1:] if p.points and _full(ctx, p)] + flags)
    return ProposedPair(
        mentor=mentor,
        mentee=mentee,
        score=sum(part.points for part in parts),
        reasons=tuple(lead + [str(part) for part in parts] + flags),
        summary="; ".join([*lead, why]),
        origin=origin,
        why=why,
    )


def _full(ctx: MatchContext, part: ScorePart) -> bool:
    # The part's name is the name of its weight.
    weight: float = getattr(ctx.weights, part.part)
    return part.points >= weight


def unmatched_people(
    ctx: MatchContext,
    pairs: Sequence[ProposedPair],
    taken: set[str],
    held: Mapping[str, str],
    free_places: Sequence[int],
) -> list[Unmatched]:
    """Every active mentee without a mentor, and every mentor with free places who got nobody, with why.

    ``taken`` holds the mentees kept out of matching, ``held`` why some of them are, and
    ``free_places`` each active mentor's places left once kept pairs are counted.
    """
    import numpy as np

    grid = ctx.grid
    mentor_of = {pair.mentee: pair.mentor for pair in pairs}
    mentees_of: dict[str, list[str]] = {}
    for pair in pairs:
        mentees_of.setdefault(pair.mentor, []).append(ctx.name(pair.mentee))
    partners_of_mentor = {mentor: " and ".join(names) for mentor, names in mentees_of.items()}
    partner_of_mentee = {mentee: ctx.name(mentor) for mentee, mentor in mentor_of.items()}
    full = np.array(free_places, dtype=int) <= 0
    unavailable = np.array([mentee.email in taken for mentee in ctx.mentees], dtype=bool)
    left: list[Unmatched] = []
    for row, mentee in enumerate(ctx.mentees):
        if mentee.email in mentor_of:
            continue
        rules = {"forbidden": grid.forbidden[row], "line": grid.line[row], "grade": grid.grade[row], "full": full}
        reason = held.get(mentee.email) or _why_alone(
            ctx, "mentor", ctx.mentors, rules, grid.score[row], partners_of_mentor
        )
        left.append(Unmatched(mentee.email, "mentee", reason))
    open_places, waiting = sum(max(0, p) for p in free_places), len(ctx.mentees) - int(unavailable.sum())
    for column, mentor in enumerate(ctx.mentors):
        if mentor.email in mentees_of or free_places[column] <= 0:
            continue
        rules = {"forbidden": grid.forbidden[:, column], "line": grid.line[:, column], "grade": grid.grade[:, column]}
        rules["paired"] = unavailable
        reason = _why_alone(ctx, "mentee", ctx.mentees, rules, grid.score[:, column], partner_of_mentee)
        if open_places > waiting:
            reason += f"; {places_text(open_places, waiting)}"
        left.append(Unmatched(mentor.email, "mentor", reason))
    return left


def _why_alone(
    ctx: MatchContext,
    side: str,
    others: Sequence[Any],
    rules: Mapping[str, Any],
    scores: Any,
    partners: Mapping[str, str],
) -> str:
    """Why one person got nobody among ``others`` (who are on ``side``), counting each candidate under its first rule."""
    import numpy as np

    counts, still_open = {}, np.ones(len(others), dtype=bool)
    for rule, ruled_out in rules.items():
        counts[rule] = int((ruled_out & still_open).sum())
        still_open &= ~ruled_out
    candidates = still_open.nonzero()[0]
    if not len(candidates):
        return no_candidate_text(side, len(others), counts)
    best = int(candidates[scores[candidates].argmax()])
    email = others[best].email
    # The most mentees are matched, so every open candidate was used by someone: say by whom.
    return needed_elsewhere_text(
        side, len(candidates), ctx.name(email), float(scores[best]), partners.get(email, "nobody")
    )
