"""Topics: the cohort's vocabulary mapping what people typed to canonical topics, merges, renames and splits, suggested merges with their reasons, and the topics in use with the unmet wants.

Every name below is imported from its module on first use, so importing one module of the package
loads none of the others."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rmtui.core.exports import lazy_exports

if TYPE_CHECKING:
    from rmtui.core.topics.census import TopicCount as TopicCount
    from rmtui.core.topics.census import topic_census as topic_census
    from rmtui.core.topics.census import typed_topics as typed_topics
    from rmtui.core.topics.census import unmet_text as unmet_text
    from rmtui.core.topics.census import unmet_wants as unmet_wants
    from rmtui.core.topics.census import wants_covered as wants_covered
    from rmtui.core.topics.changes import accept_suggestions as accept_suggestions
    from rmtui.core.topics.changes import change_vocabulary as change_vocabulary
    from rmtui.core.topics.changes import cohort_topics as cohort_topics
    from rmtui.core.topics.suggestions import BUILT_IN_SYNONYMS as BUILT_IN_SYNONYMS
    from rmtui.core.topics.suggestions import Suggestion as Suggestion
    from rmtui.core.topics.suggestions import normalised as normalised
    from rmtui.core.topics.suggestions import suggest_merges as suggest_merges
    from rmtui.core.topics.vocabulary import Vocabulary as Vocabulary
    from rmtui.core.topics.vocabulary import add_synonyms as add_synonyms
    from rmtui.core.topics.vocabulary import load_vocabulary as load_vocabulary
    from rmtui.core.topics.vocabulary import merge_topics as merge_topics
    from rmtui.core.topics.vocabulary import parse_vocabulary as parse_vocabulary
    from rmtui.core.topics.vocabulary import rename_topic as rename_topic
    from rmtui.core.topics.vocabulary import save_vocabulary as save_vocabulary
    from rmtui.core.topics.vocabulary import split_topic as split_topic
    from rmtui.core.topics.vocabulary import topic_key as topic_key

_HOMES = {
    "census": ("TopicCount", "topic_census", "typed_topics", "unmet_text", "unmet_wants", "wants_covered"),
    "changes": ("accept_suggestions", "change_vocabulary", "cohort_topics"),
    "suggestions": ("BUILT_IN_SYNONYMS", "Suggestion", "normalised", "suggest_merges"),
    "vocabulary": (
        "Vocabulary",
        "add_synonyms",
        "load_vocabulary",
        "merge_topics",
        "parse_vocabulary",
        "rename_topic",
        "save_vocabulary",
        "split_topic",
        "topic_key",
    ),
}
__all__, __getattr__ = lazy_exports(__name__, _HOMES)
