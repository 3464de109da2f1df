"""The topics in use: each canonical topic with who offers and wants it, its variants, and the unmet wants."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from rmtui.core.roster import Participant
from rmtui.core.topics.vocabulary import Vocabulary, tidy


@dataclass(frozen=True, slots=True)
class TopicCount:
    """One canonical topic: how many active mentors offer it, how many active mentees want it, and how it was typed."""

    topic: str
    mentors: int
    mentees: int
    variants: tuple[str, ...]

    @property
    def people(self) -> int:
        """Everyone who typed it (each person once: nobody is both a mentor and a mentee)."""
        return self.mentors + self.mentees

    @property
    def unmet(self) -> bool:
        """Wanted by a mentee, offered by no active mentor."""
        return bool(self.mentees) and not self.mentors


def typed_topics(people: Iterable[Participant]) -> list[str]:
    """Every topic anyone typed, offered or wanted, in roster order."""
    return [topic for person in people for topic in (*person.offers, *person.wants)]


def topic_census(people: Iterable[Participant], vocabulary: Vocabulary) -> list[TopicCount]:
    """Every topic active people typed, under its canonical name; most people first, then by name."""
    active = [p for p in people if p.is_active]
    spellings: dict[str, Counter[str]] = {}
    mentors: Counter[str] = Counter()
    mentees: Counter[str] = Counter()
    for person in active:
        side = person.offers if person.role == "mentor" else person.wants
        keys = set()
        for words in side:
            key = vocabulary.key(words)
            spellings.setdefault(key, Counter())[tidy(words)] += 1
            keys.add(key)
        (mentors if person.role == "mentor" else mentees).update(keys)
    counts = []
    for key, spelt in spellings.items():
        # A topic no merge named is called by its commonest spelling.
        name = vocabulary.aliases.get(key) or spelt.most_common(1)[0][0]
        variants = tuple(v for v in spelt if v != name)
        counts.append(TopicCount(name, mentors[key], mentees[key], variants))
    return sorted(counts, key=lambda t: (-t.people, t.topic.casefold()))


def unmet_wants(census: Iterable[TopicCount]) -> list[TopicCount]:
    """Topics mentees want that no active mentor offers, most wanted first: whom to recruit."""
    return sorted((t for t in census if t.unmet), key=lambda t: (-t.mentees, t.topic.casefold()))


def wants_covered(people: Iterable[Participant], vocabulary: Vocabulary) -> tuple[int, int]:
    """(wants some active mentor offers, all wants) over active mentees, each want once per mentee."""
    census = topic_census(people, vocabulary)
    return sum(t.mentees for t in census if t.mentors), sum(t.mentees for t in census)


def unmet_text(unmet: Iterable[TopicCount]) -> str:
    """'Podcasting (3 mentees), Excel (1 mentee)'."""
    return ", ".join(f"{t.topic} ({t.mentees} mentee{'' if t.mentees == 1 else 's'})" for t in unmet)
