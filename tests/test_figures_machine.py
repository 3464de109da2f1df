"""Cross-checks: a hypothesis state machine builds random cohorts step by step and checks every figure after each step.

Steps: add people, match and confirm a pair, log a session, answer a check-in, end a pair, let time
pass. After each: the same figure is equal in the dashboard's data and ``rmtui status --json`` (both
are ``programme_status``) and in the report's JSON; parts add up to their totals; nobody is counted
twice; each pair's status is its worst alert; the term's dates agree; and no withheld cell can be
worked out from the cells shown. ``RMTUI_MACHINE_EXAMPLES`` runs more examples (the CI default is modest).
"""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import date, timedelta

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from rmtui.core.matching import Pair
from rmtui.core.report import Programme, evaluate, programme_status, report_json, withheld
from rmtui.core.report.figures import Count
from rmtui.core.roster import Participant
from rmtui.core.sessions import CheckIn, Session
from rmtui.core.store import CohortSettings

START = date(2026, 1, 1)
POINTS = ("week 4", "month 3", "month 5")
SEVERITY = {"at risk": 2, "overdue": 1}


def single_part_hidden(parts: tuple[tuple[str, Count], ...]) -> bool:
    """Whether exactly one part with a count is withheld: the total and the other parts would give it back."""
    return sum(1 for _, part in parts if part.n and withheld(part)) == 1 and any(
        part.n and not withheld(part) for _, part in parts
    )


class Cohorts(RuleBasedStateMachine):
    """A cohort grown one step at a time, checked after every step."""

    def __init__(self) -> None:
        super().__init__()
        self.today = START
        self.programme = Programme(CohortSettings("Machine", START), (), {}, {}, (), (), POINTS)

    def change(self, **fields: object) -> None:
        self.programme = replace(self.programme, **fields)  # type: ignore[arg-type]

    def free(self, role: str) -> list[str]:
        busy = {e for p in self.programme.pairs.values() if p.is_active for e in (p.mentor, p.mentee)}
        return [p.email for p in self.programme.participants if p.role == role and p.email not in busy]

    @rule(role=st.sampled_from(["mentor", "mentee"]), how_many=st.integers(1, 4))
    def add_people(self, role: str, how_many: int) -> None:
        start = len(self.programme.participants)
        added = tuple(
            Participant(f"P{n}", f"p{n}@x.org", role, grade=1 if role == "mentor" else 5)
            for n in range(start, start + how_many)
        )
        self.change(participants=(*self.programme.participants, *added))

    @precondition(lambda self: self.free("mentor") and self.free("mentee"))
    @rule(data=st.data(), second=st.booleans())
    def match_and_confirm(self, data: st.DataObject, second: bool) -> None:
        mentors = self.free("mentor")
        busy = [p.mentor for p in self.programme.pairs.values() if p.is_active]
        # Now and then a mentor takes a second mentee, so one person answers for two pairs.
        who = data.draw(st.sampled_from(busy if second and busy else mentors))
        mentee = data.draw(st.sampled_from(self.free("mentee")))
        pair_id = len(self.programme.pairs) + 1
        self.change(pairs={**self.programme.pairs, pair_id: Pair(who, mentee, confirmed_on=self.today)})

    def active(self) -> list[int]:
        return [i for i, p in self.programme.pairs.items() if p.is_active]

    @precondition(lambda self: self.active())
    @rule(data=st.data(), rating=st.integers(1, 5), held=st.booleans())
    def log_session(self, data: st.DataObject, rating: int, held: bool) -> None:
        pair_id = data.draw(st.sampled_from(self.active()))
        session = Session(
            pair_id, self.today, "held" if held else "missed", place="remote", topics=("technology in use",),
            mentee_rating=rating if held else None, mentor_rating=rating if held else None,
            reason="" if held else "ill",
        )  # fmt: skip
        self.change(sessions=(*self.programme.sessions, session))

    @precondition(lambda self: self.active())
    @rule(data=st.data(), score=st.integers(1, 5), recommend=st.integers(0, 10), again=st.sampled_from(["yes", "no"]))
    def check_in(self, data: st.DataObject, score: int, recommend: int, again: str) -> None:
        pair_id = data.draw(st.sampled_from(self.active()))
        pair = self.programme.pairs[pair_id]
        email = data.draw(st.sampled_from([pair.mentor, pair.mentee]))
        point = data.draw(st.sampled_from(POINTS))
        if any((c.email, c.pair_id, c.checkpoint) == (email, pair_id, point) for c in self.programme.check_ins):
            return
        final = point == POINTS[-1]
        answer = CheckIn(
            email, point, self.today, score, "good", score, pair_id=pair_id,
            take_part_again=again if final else "", recommend=recommend if final else None,
        )  # fmt: skip
        self.change(check_ins=(*self.programme.check_ins, answer))

    @precondition(lambda self: self.active())
    @rule(scores=st.lists(st.integers(0, 10), min_size=1, max_size=12))
    def final_round(self, scores: list[int]) -> None:
        """Everyone in an active pair answers the final check-in at once, so groups of five or more occur."""
        answered = {(c.email, c.pair_id) for c in self.programme.check_ins if c.checkpoint == POINTS[-1]}
        people = [
            (e, i) for i in self.active() for e in (self.programme.pairs[i].mentor, self.programme.pairs[i].mentee)
        ]
        added = tuple(
            CheckIn(email, POINTS[-1], self.today, 4, "good", 4, pair_id=pair_id,
                    take_part_again="yes" if n % 3 else "no", recommend=scores[n % len(scores)])
            for n, (email, pair_id) in enumerate(people) if (email, pair_id) not in answered
        )  # fmt: skip
        self.change(check_ins=(*self.programme.check_ins, *added))

    @precondition(lambda self: self.active())
    @rule(data=st.data())
    def end_pair(self, data: st.DataObject) -> None:
        pair_id = data.draw(st.sampled_from(self.active()))
        ended = replace(self.programme.pairs[pair_id], status="ended", ended_on=self.today, end_reason="not working")
        self.change(pairs={**self.programme.pairs, pair_id: ended})

    @rule(days=st.integers(1, 60))
    def let_time_pass(self, days: int) -> None:
        self.today += timedelta(days=days)

    @invariant()
    def figures_agree_everywhere(self) -> None:
        status = programme_status(self.programme, self.today)
        e = evaluate(self.programme, self.today)
        ours, theirs = status.to_json(), report_json(e)
        shared = set(ours["figures"]) & set(theirs["figures"])
        assert len(shared) >= 11
        assert {n: ours["figures"][n] for n in shared} == {n: theirs["figures"][n] for n in shared}
        assert ours["term"] == theirs["term"]
        for doc in (ours, theirs):
            for name, one in doc["figures"].items():
                assert one["withheld"] is None or (one["value"], one["people"], one.get("of")) == (None, None, None), (
                    name
                )

    @invariant()
    def parts_add_up_and_nobody_counts_twice(self) -> None:
        e = evaluate(self.programme, self.today)
        h = e.headline
        assert h.pairs_active.n + h.pairs_ended.n == h.pairs_confirmed.n == len(self.programme.pairs)
        assert h.check_ins_answered.part == sum(row.satisfaction.count for row in e.reaction)
        assert h.check_ins_answered.part <= h.check_ins_answered.whole
        assert sum(c.n for _, c in e.adherence) == h.pairs_active.n
        assert sum(c.n for _, c in e.recommend) == e.nps.count
        # Figures about people: one answer per person.
        assert h.satisfaction.count == h.satisfaction.people
        assert e.nps.count == e.nps.people and e.take_part_again.whole == e.take_part_again.people
        for row in e.reaction:
            assert row.satisfaction.people <= row.satisfaction.count

    @invariant()
    def pair_status_is_its_worst_alert(self) -> None:
        status = programme_status(self.programme, self.today)
        for row in status.pairs:
            worst = max((SEVERITY.get(a.severity, 0) for a in status.alerts if a.pair_id == row.pair_id), default=0)
            assert row.status == {2: "at risk", 1: "overdue", 0: "on track"}[worst]

    @invariant()
    def withheld_cells_cannot_be_recovered(self) -> None:
        e = evaluate(self.programme, self.today)
        h = e.headline
        for group in (e.goal_statuses, e.adherence, e.end_reasons, e.places):
            assert not single_part_hidden(group)
        assert not single_part_hidden((("active", h.pairs_active), ("ended", h.pairs_ended)))
        # The NPS parts are all shown or all withheld: with the score and the total, one gives the others.
        assert len({bool(withheld(part)) for _, part in e.recommend if part.n}) <= 1
        for share in (e.take_part_again, e.goal_attainment):
            if share.whole and (0 < share.part_people < 5 or 0 < share.rest_people < 5):
                assert withheld(share)
        # Match survival gives the pairs ended early away, and nothing else: withheld with them, and only then.
        assert bool(withheld(e.survival)) == bool(withheld(h.pairs_ended)) == bool(withheld(h.pairs_active))


Cohorts.TestCase.settings = settings(
    max_examples=int(os.environ.get("RMTUI_MACHINE_EXAMPLES", "60")), stateful_step_count=25, deadline=None
)
test_figures_hold_at_every_step = Cohorts.TestCase
