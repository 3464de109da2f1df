"""Confirmed pairs and the coordinator's matching decisions (fixed and forbidden pairs)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from tinydb import Query

from rmtui.core.errors import FieldError, RmtuiError, ValidationError
from rmtui.core.roster import list_participants, normalise_email
from rmtui.core.store import DECISIONS, PAIRS, CohortStore
from rmtui.core.text import check_single_line

if TYPE_CHECKING:
    from rmtui.core.matching.explain import Proposal
    from rmtui.core.matching.optimiser import MatchContext, MatchSetup


@dataclass(frozen=True, slots=True)
class Pair:
    """A confirmed pair: active until it ends, and then kept with the date and the reason it ended."""

    mentor: str
    mentee: str
    status: str = "active"
    confirmed_on: date | None = None
    ended_on: date | None = None
    end_reason: str = ""

    @property
    def is_active(self) -> bool:
        """Whether the pair is still meeting."""
        return self.status == "active"

    def to_doc(self) -> dict[str, Any]:
        """The pair as stored in the cohort file."""
        return {
            "mentor": self.mentor,
            "mentee": self.mentee,
            "status": self.status,
            "confirmed_on": self.confirmed_on.isoformat() if self.confirmed_on else None,
            "ended_on": self.ended_on.isoformat() if self.ended_on else None,
            "end_reason": self.end_reason,
        }

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> Pair:
        """A pair read back from the cohort file."""
        return cls(
            mentor=doc["mentor"],
            mentee=doc["mentee"],
            status=doc.get("status", "active"),
            confirmed_on=_day(doc.get("confirmed_on")),
            ended_on=_day(doc.get("ended_on")),
            end_reason=doc.get("end_reason") or "",
        )


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


@dataclass(frozen=True, slots=True)
class Decision:
    """The coordinator's word on one pair: always keep it ('fixed') or never propose it ('forbidden')."""

    mentor: str
    mentee: str
    kind: str


def list_pairs(store: CohortStore, *, active_only: bool = False) -> list[Pair]:
    """Every confirmed pair in the order confirmed, or only the active ones."""
    pairs = [Pair.from_doc(doc) for doc in store.table(PAIRS).all()]
    return [pair for pair in pairs if pair.is_active] if active_only else pairs


def get_pair(store: CohortStore, pair_id: int) -> Pair:
    """The confirmed pair with this id; RmtuiError when there is none."""
    doc = store.table(PAIRS).get(doc_id=pair_id)
    if doc is None:
        raise RmtuiError(f"There is no pair {pair_id} in this cohort; choose the pair again.")
    return Pair.from_doc(doc)


def pairs_by_id(store: CohortStore, *, active_only: bool = False) -> dict[int, Pair]:
    """Every confirmed pair under its id (the pairs table's doc_id, which never changes or returns)."""
    pairs = {doc.doc_id: Pair.from_doc(doc) for doc in store.table(PAIRS).all()}
    return {pair_id: pair for pair_id, pair in pairs.items() if pair.is_active or not active_only}


def list_decisions(store: CohortStore) -> list[Decision]:
    """The coordinator's fixed and forbidden pairs, in the order decided."""
    return [Decision(doc["mentor"], doc["mentee"], doc["kind"]) for doc in store.table(DECISIONS).all()]


def match_setup(store: CohortStore) -> MatchSetup:
    """Everything matching needs from the cohort file, read once."""
    # Imported here: the dashboard and reports read pairs without ever matching.
    from rmtui.core.matching.optimiser import MatchSetup, load_weights
    from rmtui.core.topics.vocabulary import load_vocabulary

    decisions = list_decisions(store)
    return MatchSetup(
        participants=tuple(list_participants(store)),
        weights=load_weights(store),
        active_pairs=tuple((pair.mentor, pair.mentee) for pair in list_pairs(store, active_only=True)),
        fixed=tuple((d.mentor, d.mentee) for d in decisions if d.kind == "fixed"),
        forbidden=frozenset((d.mentor, d.mentee) for d in decisions if d.kind == "forbidden"),
        vocabulary=load_vocabulary(store),
    )


def match_context(store: CohortStore) -> MatchContext:
    """Matching's view of the cohort file as it is now."""
    from rmtui.core.matching.optimiser import MatchContext

    return MatchContext(match_setup(store))


def confirm_proposal(store: CohortStore, proposal: Proposal) -> list[Pair]:
    """Save the proposal's new pairs as active pairs dated today, in one write; confirmed pairs stay as they are."""
    new = proposal.new_pairs
    if not new:
        raise RmtuiError(
            "nothing to confirm: every pair in the proposal is already active. Run matching again after roster changes."
        )
    problem = _out_of_date(match_context(store), proposal)
    if problem:
        raise RmtuiError(
            f"The proposal is out of date ({problem}); nothing was confirmed. Run matching again and confirm the new one."
        )
    today = store.today()
    with store.batch():
        store.table(PAIRS).insert_multiple(Pair(p.mentor, p.mentee, confirmed_on=today).to_doc() for p in new)
    return [Pair(p.mentor, p.mentee, confirmed_on=today) for p in new]


def _out_of_date(ctx: MatchContext, proposal: Proposal) -> str | None:
    """What changed since the proposal was made that makes one of its new pairs wrong now, or None."""
    # The proposal may be older than the file (a screen left open), so check it against the file as it is now.
    places = Counter(ctx.mentor_of.values()) + Counter(pair.mentor for pair in proposal.new_pairs)
    for pair in proposal.new_pairs:
        missing = [email for email in (pair.mentor, pair.mentee) if email not in ctx.people]
        if missing:
            return f"{missing[0]} is no longer on the roster"
        breaches = ctx.breaches(pair.mentor, pair.mentee)
        if breaches:
            return f"{ctx.name(pair.mentor)} with {ctx.name(pair.mentee)}: {breaches[0].text}"
        if pair.mentee in ctx.mentor_of:
            return f"{ctx.name(pair.mentee)} is already paired with {ctx.name(ctx.mentor_of[pair.mentee])}"
        if places[pair.mentor] > ctx.people[pair.mentor].capacity:
            return f"{ctx.name(pair.mentor)} would have more than {ctx.people[pair.mentor].capacity} mentee(s)"
    return None


def end_pair(store: CohortStore, mentee: str, reason: str) -> Pair:
    """End a mentee's active pair today, recording why; the pair becomes forbidden, so a rematch finds someone new."""
    reason = " ".join(reason.split())
    problem = check_single_line(reason, required=True)
    if problem:
        raise ValidationError(
            [FieldError("end_reason", f"{problem}; say briefly why the pair ended, like 'mentor left'")]
        )
    mentee = normalise_email(mentee)
    pair_query = (Query().mentee == mentee) & (Query().status == "active")
    doc = store.table(PAIRS).get(pair_query)
    if doc is None:
        raise RmtuiError(f"{mentee} has no active pair; nothing was ended.")
    ended = Pair(doc["mentor"], mentee, "ended", _day(doc.get("confirmed_on")), store.today(), reason)
    with store.batch():
        store.table(PAIRS).update(ended.to_doc(), doc_ids=[doc.doc_id])
        _decide(store, ended.mentor, mentee, "forbidden")
    return ended


def fix_pair(store: CohortStore, mentor: str, mentee: str) -> Decision:
    """Always keep this pair in proposals; refused, with the reason, when it breaks a rule or finds no place."""
    ctx = match_context(store)
    mentor, mentee = ctx.person(mentor).email, ctx.person(mentee).email
    if (mentor, mentee) in ctx.setup.fixed:
        return Decision(mentor, mentee, "fixed")
    # Fixing overrides the coordinator's own earlier "forbidden" for this pair, but no other rule.
    breaches = [b for b in ctx.breaches(mentor, mentee) + ctx.place_breaches(mentor, mentee) if b.rule != "forbidden"]
    if breaches:
        reasons = "; ".join(b.text for b in breaches)
        raise RmtuiError(f"Cannot fix {ctx.name(mentor)} with {ctx.name(mentee)}: {reasons}. Nothing was changed.")
    return _decide(store, mentor, mentee, "fixed")


def forbid_pair(store: CohortStore, mentor: str, mentee: str) -> Decision:
    """Never propose this pair (replacing a fixed decision for it); a confirmed pair stays until ended."""
    ctx = match_context(store)
    mentor, mentee = ctx.person(mentor).email, ctx.person(mentee).email
    wrong_side = [b.text for b in ctx.breaches(mentor, mentee) if b.rule == "role"]
    if wrong_side:
        raise RmtuiError(f"Cannot forbid this pair: {wrong_side[0]}. Give the mentor first, then the mentee.")
    return _decide(store, mentor, mentee, "forbidden")


def unfix_pair(store: CohortStore, mentor: str, mentee: str) -> None:
    """Let matching decide about this pair again; a confirmed pair stays until ended."""
    _undecide(store, mentor, mentee, "fixed")


def unforbid_pair(store: CohortStore, mentor: str, mentee: str) -> None:
    """Allow this pair to be proposed again."""
    _undecide(store, mentor, mentee, "forbidden")


def _decision(mentor: str, mentee: str, kind: str | None = None) -> Any:
    query = (Query().mentor == mentor) & (Query().mentee == mentee)
    return query & (Query().kind == kind) if kind else query


def _decide(store: CohortStore, mentor: str, mentee: str, kind: str) -> Decision:
    # One decision per pair: the newest replaces the old, in one write.
    with store.batch():
        store.table(DECISIONS).remove(_decision(mentor, mentee))
        store.table(DECISIONS).insert({"mentor": mentor, "mentee": mentee, "kind": kind})
    return Decision(mentor, mentee, kind)


def _undecide(store: CohortStore, mentor: str, mentee: str, kind: str) -> None:
    mentor, mentee = normalise_email(mentor), normalise_email(mentee)
    query = _decision(mentor, mentee, kind)
    if not store.table(DECISIONS).contains(query):
        raise RmtuiError(f"{mentor} with {mentee} is not {kind}; nothing was changed.")
    store.table(DECISIONS).remove(query)
