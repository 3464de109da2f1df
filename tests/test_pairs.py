"""Stored pairs and the coordinator's decisions: confirming, ending, fixing and forbidding."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from click.testing import Result

from rmtui.core.errors import RmtuiError, ValidationError
from rmtui.core.matching import (
    Decision,
    Pair,
    confirm_proposal,
    end_pair,
    fix_pair,
    forbid_pair,
    list_decisions,
    list_pairs,
    match_setup,
    propose,
    unfix_pair,
    unforbid_pair,
)
from rmtui.core.roster import parse_participant
from rmtui.core.store import CohortStore

TODAY = date(2026, 3, 16)
ROSTER = (
    {"name": "Kit Lee", "email": "kit@x.org", "role": "mentor", "grade": 2, "reports_to": "boss@x.org", "offers": "AI"},
    {"name": "Ana Ruiz", "email": "ana@x.org", "role": "mentor", "grade": 1, "capacity": 2, "offers": "TikTok"},
    {"name": "Sam Old", "email": "sam@x.org", "role": "mentor", "grade": 8},
    {"name": "Boss Hart", "email": "boss@x.org", "role": "mentee", "grade": 7, "wants": "AI; TikTok"},
    {"name": "Cy Park", "email": "cy@x.org", "role": "mentee", "grade": 6, "wants": "AI"},
)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[CohortStore]:
    """An open cohort of three mentors and two mentees, with the fixed clock."""
    opened = CohortStore.open(tmp_path / "cohort.json", today=lambda: TODAY)
    with opened.batch():
        opened.table("participants").insert_multiple(parse_participant(fields).to_doc() for fields in ROSTER)
    yield opened
    opened.close()


def test_confirm_saves_the_new_pairs_in_one_write_and_then_has_nothing_to_confirm(store: CohortStore) -> None:
    proposal = propose(match_setup(store))
    writes = store.write_count
    added = confirm_proposal(store, proposal)
    assert store.write_count == writes + 1
    assert {(p.mentor, p.mentee) for p in added} == {("kit@x.org", "cy@x.org"), ("ana@x.org", "boss@x.org")}
    assert list_pairs(store) == added and all(p.confirmed_on == TODAY and p.is_active for p in added)
    again = propose(match_setup(store))
    assert [p.origin for p in again.pairs] == ["existing", "existing"]
    with pytest.raises(RmtuiError, match=r"^nothing to confirm"):
        confirm_proposal(store, again)
    assert store.write_count == writes + 1


def test_pairs_read_back_as_they_were_written(store: CohortStore) -> None:
    confirm_proposal(store, propose(match_setup(store)))
    ended = end_pair(store, "CY@x.org", "  mentee   changed role ")
    assert ended == Pair("kit@x.org", "cy@x.org", "ended", TODAY, TODAY, "mentee changed role")
    assert Pair.from_doc(ended.to_doc()) == ended
    assert [p.mentee for p in list_pairs(store, active_only=True)] == ["boss@x.org"]
    # The rematch must find someone new: the ended pair is never proposed again unless unforbidden.
    assert Decision("kit@x.org", "cy@x.org", "forbidden") in list_decisions(store)
    assert ("kit@x.org", "cy@x.org") not in {(p.mentor, p.mentee) for p in propose(match_setup(store)).pairs}


def test_ending_a_pair_needs_a_reason_and_an_active_pair(store: CohortStore) -> None:
    with pytest.raises(ValidationError, match="end_reason: is required"):
        end_pair(store, "cy@x.org", "  ")
    with pytest.raises(RmtuiError, match=re.escape("cy@x.org has no active pair")):
        end_pair(store, "cy@x.org", "moved on")


def test_a_stale_proposal_is_refused_whole(store: CohortStore) -> None:
    proposal = propose(match_setup(store))
    fix_pair(store, "ana@x.org", "cy@x.org")
    confirm_proposal(store, propose(match_setup(store)))
    with pytest.raises(RmtuiError, match="out of date"):
        confirm_proposal(store, proposal)


def test_fixing_refuses_a_pair_that_breaks_a_rule_and_says_why(store: CohortStore) -> None:
    writes = store.write_count
    with pytest.raises(RmtuiError) as caught:
        fix_pair(store, "kit@x.org", "boss@x.org")
    assert str(caught.value) == (
        "Cannot fix Kit Lee with Boss Hart: in the same reporting line: Kit Lee → Boss Hart. Nothing was changed."
    )
    with pytest.raises(RmtuiError, match="mentor is not junior to the mentee \\(grade 8 vs 6\\)"):
        fix_pair(store, "sam@x.org", "cy@x.org")
    with pytest.raises(RmtuiError, match="Boss Hart is a mentee, not a mentor"):
        fix_pair(store, "boss@x.org", "cy@x.org")
    with pytest.raises(RmtuiError, match=re.escape("Nobody on the roster has the email nobody@x.org")):
        fix_pair(store, "nobody@x.org", "cy@x.org")
    assert store.write_count == writes


def test_a_fixed_pair_is_proposed_even_when_another_scores_higher(store: CohortStore) -> None:
    assert fix_pair(store, "ana@x.org", "cy@x.org") == Decision("ana@x.org", "cy@x.org", "fixed")
    proposal = propose(match_setup(store))
    assert ("ana@x.org", "cy@x.org", "fixed") in {(p.mentor, p.mentee, p.origin) for p in proposal.pairs}
    with pytest.raises(RmtuiError, match="Cy Park is already fixed with Ana Ruiz"):
        fix_pair(store, "kit@x.org", "cy@x.org")
    unfix_pair(store, "ana@x.org", "cy@x.org")
    assert list_decisions(store) == []
    with pytest.raises(RmtuiError, match="is not fixed"):
        unfix_pair(store, "ana@x.org", "cy@x.org")


def test_a_full_mentor_cannot_take_a_fixed_pair(store: CohortStore) -> None:
    confirm_proposal(store, propose(match_setup(store)))
    store.table("participants").update({"capacity": 1}, doc_ids=[2])
    end_pair(store, "cy@x.org", "mentee left")
    with pytest.raises(RmtuiError, match=r"Ana Ruiz has no free place \(1 of 1 taken\)"):
        fix_pair(store, "ana@x.org", "cy@x.org")


def test_forbidding_replaces_fixing_and_keeps_the_pair_out_of_proposals(store: CohortStore) -> None:
    fix_pair(store, "kit@x.org", "cy@x.org")
    forbid_pair(store, "kit@x.org", "cy@x.org")
    assert list_decisions(store) == [Decision("kit@x.org", "cy@x.org", "forbidden")]
    pairs = {(p.mentor, p.mentee) for p in propose(match_setup(store)).pairs}
    assert ("kit@x.org", "cy@x.org") not in pairs
    fix_pair(store, "kit@x.org", "cy@x.org")  # the coordinator may change their mind
    assert list_decisions(store) == [Decision("kit@x.org", "cy@x.org", "fixed")]
    forbid_pair(store, "kit@x.org", "cy@x.org")
    unforbid_pair(store, "kit@x.org", "cy@x.org")
    assert list_decisions(store) == []
    with pytest.raises(RmtuiError, match="Give the mentor first"):
        forbid_pair(store, "cy@x.org", "kit@x.org")


def test_ending_a_fixed_pair_replaces_the_fix_with_a_forbid(store: CohortStore) -> None:
    fix_pair(store, "ana@x.org", "cy@x.org")
    confirm_proposal(store, propose(match_setup(store)))
    end_pair(store, "cy@x.org", "did not click")
    assert list_decisions(store) == [Decision("ana@x.org", "cy@x.org", "forbidden")]


def test_match_confirm_on_the_command_line(store: CohortStore, rmtui: Callable[..., Result]) -> None:
    store.close()  # the command takes the file's lock itself
    args = ["--db", store.path, "match", "--json", "--confirm"]
    first = rmtui(*args)
    assert first.exit_code == 0, first.output
    assert len(json.loads(first.stdout)["pairs"]) == 2
    assert "Confirmed 2 new pairs" in first.stderr
    second = rmtui(*args)
    assert second.exit_code == 1
    assert "Error: nothing to confirm" in second.stderr and "Traceback" not in second.output
    with CohortStore.open(store.path, read_only=True) as reopened:
        assert len(list_pairs(reopened, active_only=True)) == 2


def test_match_confirm_on_a_missing_file_creates_nothing(tmp_path: Path, rmtui: Callable[..., Result]) -> None:
    missing = tmp_path / "missing.json"
    result = rmtui("--db", missing, "match", "--confirm")
    assert result.exit_code == 1 and "does not exist" in result.stderr
    assert not missing.exists()
