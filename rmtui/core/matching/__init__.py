"""Matching mentors to mentees: the hard rules and scores, the optimiser, the explanations of every proposal, and the pairs once confirmed, fixed, forbidden or ended.

Every name below is imported from its module on first use, so importing one module of the package
loads none of the others."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rmtui.core.exports import lazy_exports

if TYPE_CHECKING:
    from rmtui.core.matching.explain import Candidate as Candidate
    from rmtui.core.matching.explain import Proposal as Proposal
    from rmtui.core.matching.explain import ProposedPair as ProposedPair
    from rmtui.core.matching.explain import eligible_mentors as eligible_mentors
    from rmtui.core.matching.explain import explain_pair as explain_pair
    from rmtui.core.matching.explain import listing as listing
    from rmtui.core.matching.explain import points as points
    from rmtui.core.matching.explain import ranked_candidates as ranked_candidates
    from rmtui.core.matching.optimiser import MAX_WEIGHT as MAX_WEIGHT
    from rmtui.core.matching.optimiser import MatchContext as MatchContext
    from rmtui.core.matching.optimiser import MatchSetup as MatchSetup
    from rmtui.core.matching.optimiser import MatchWeights as MatchWeights
    from rmtui.core.matching.optimiser import load_weights as load_weights
    from rmtui.core.matching.optimiser import parse_weights as parse_weights
    from rmtui.core.matching.optimiser import propose as propose
    from rmtui.core.matching.optimiser import save_weights as save_weights
    from rmtui.core.matching.pairs import Decision as Decision
    from rmtui.core.matching.pairs import Pair as Pair
    from rmtui.core.matching.pairs import confirm_proposal as confirm_proposal
    from rmtui.core.matching.pairs import end_pair as end_pair
    from rmtui.core.matching.pairs import fix_pair as fix_pair
    from rmtui.core.matching.pairs import forbid_pair as forbid_pair
    from rmtui.core.matching.pairs import get_pair as get_pair
    from rmtui.core.matching.pairs import list_decisions as list_decisions
    from rmtui.core.matching.pairs import list_pairs as list_pairs
    from rmtui.core.matching.pairs import match_context as match_context
    from rmtui.core.matching.pairs import match_setup as match_setup
    from rmtui.core.matching.pairs import pairs_by_id as pairs_by_id
    from rmtui.core.matching.pairs import unfix_pair as unfix_pair
    from rmtui.core.matching.pairs import unforbid_pair as unforbid_pair

_HOMES = {
    "explain": (
        "Candidate",
        "Proposal",
        "ProposedPair",
        "eligible_mentors",
        "explain_pair",
        "listing",
        "points",
        "ranked_candidates",
    ),
    "optimiser": (
        "MAX_WEIGHT",
        "MatchContext",
        "MatchSetup",
        "MatchWeights",
        "load_weights",
        "parse_weights",
        "propose",
        "save_weights",
    ),
    "pairs": (
        "Decision",
        "Pair",
        "confirm_proposal",
        "end_pair",
        "fix_pair",
        "forbid_pair",
        "get_pair",
        "list_decisions",
        "list_pairs",
        "match_context",
        "match_setup",
        "pairs_by_id",
        "unfix_pair",
        "unforbid_pair",
    ),
}
__all__, __getattr__ = lazy_exports(__name__, _HOMES)
