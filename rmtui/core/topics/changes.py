"""Changing the cohort's vocabulary in the store, and saying what the change does to matching."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rmtui.core.roster import Participant, list_participants
from rmtui.core.store import CohortStore
from rmtui.core.topics.census import TopicCount, topic_census, typed_topics, unmet_wants, wants_covered
from rmtui.core.topics.suggestions import Suggestion, suggest_merges
from rmtui.core.topics.vocabulary import Vocabulary, load_vocabulary, merge_topics, save_vocabulary


@dataclass(frozen=True, slots=True)
class CohortTopics:
    """The vocabulary, the roster it applies to, and the topics in use."""

    vocabulary: Vocabulary
    people: tuple[Participant, ...]
    census: tuple[TopicCount, ...]

    @property
    def unmet(self) -> list[TopicCount]:
        """Topics mentees want that no active mentor offers."""
        return unmet_wants(self.census)

    @property
    def covered(self) -> tuple[int, int]:
        """(wants some active mentor offers, all wants) of active mentees."""
        return wants_covered(self.people, self.vocabulary)

    def suggestions(self) -> list[Suggestion]:
        """Suggested merges with their reasons."""
        return suggest_merges(self.census, self.vocabulary)


def cohort_topics(store: CohortStore) -> CohortTopics:
    """The cohort's topics as they are in the file now."""
    people = tuple(list_participants(store))
    vocabulary = load_vocabulary(store)
    return CohortTopics(vocabulary, people, tuple(topic_census(people, vocabulary)))


@dataclass(frozen=True, slots=True)
class VocabularyChange:
    """What a change to the vocabulary did, for the coordinator."""

    before: CohortTopics
    after: CohortTopics

    def describe(self) -> str:
        """The change and its effect on matching, in plain words."""
        (had, wants), (has, _) = self.before.covered, self.after.covered
        change = self.after.vocabulary.last_change
        said = f"{change[:1].upper()}{change[1:]}."
        if self.after.vocabulary.aliases == self.before.vocabulary.aliases:
            return f"{said} Matching is unchanged; suggestions use it: rmtui topics --suggest"
        return (
            f"{said} Mentees' wants that an active mentor offers: {had} of {wants} before, {has} of {wants} now. "
            "Matching compares the new topics from now on: a proposal made before this change is stale, so run "
            "matching again. Confirmed pairs and what people typed stay as they are."
        )


def change_vocabulary(store: CohortStore, change: Callable[[Vocabulary, list[str]], Vocabulary]) -> VocabularyChange:
    """Apply ``change`` (given the vocabulary and every typed topic) and save the result in one write."""
    before = cohort_topics(store)
    vocabulary = change(before.vocabulary, typed_topics(before.people))
    save_vocabulary(store, vocabulary)
    after = CohortTopics(vocabulary, before.people, tuple(topic_census(before.people, vocabulary)))
    return VocabularyChange(before, after)


def accept_suggestions(store: CohortStore) -> tuple[list[Suggestion], VocabularyChange]:
    """Take every suggested merge, in one write."""
    suggestions = cohort_topics(store).suggestions()

    def merge_all(vocabulary: Vocabulary, typed: list[str]) -> Vocabulary:
        for suggestion in suggestions:
            vocabulary = merge_topics(vocabulary, typed, suggestion.topics, suggestion.into)
        count = sum(len(s.merged) for s in suggestions)
        return Vocabulary(
            vocabulary.aliases,
            vocabulary.apart,
            vocabulary.synonyms,
            f"accepted {len(suggestions)} suggested merge(s) of {count} topic(s)",
        )

    return suggestions, change_vocabulary(store, merge_all)
