"""Suggested merges, each with its reason: plain normalisation, close spelling, and common synonyms.

``rapidfuzz`` (the spelling rule) is imported only when suggestions are made.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rmtui.core.topics.census import TopicCount
from rmtui.core.topics.vocabulary import Vocabulary, topic_key

# Words that qualify a topic without changing it: "tiktok videos" is TikTok, "MS Excel" is Excel.
FILLER_WORDS = frozenset({"video", "videos", "reel", "reels", "ms", "microsoft", "basics", "skills"})
# fuzz.ratio (0-100) of the normalised spellings. tests/test_topics.py holds the pairs that set it:
# typos score 90 and more ("instgram"/"instagram" 94, "linkdin"/"linkedin" 93), while false friends stay
# below ("marketing"/"marking" 87.5, "googledocs"/"googleads" 84, "excel"/"excellence" 67).
SIMILARITY = 88.0
# One letter in a short word is a different word too often ("react"/"redact" scores 91), so both
# spellings need this many letters before spelling alone suggests a merge.
MIN_SIMILAR_LENGTH = 6

# Common synonyms for reverse-mentoring topics; the first word of each group names the merged topic.
BUILT_IN_SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("AI tools", "ChatGPT", "AI assistants", "generative AI", "GenAI", "Copilot", "AI"),
    ("Diversity and inclusion", "D&I", "DEI", "EDI", "inclusion", "diversity"),
    ("Flexible working", "hybrid working", "hybrid", "remote working", "working from home", "WFH"),
    ("Instagram", "IG", "Insta"),
    ("Accessibility", "a11y", "digital accessibility"),
    ("Wellbeing", "wellness", "mental wellbeing"),
    ("Sustainability", "net zero", "climate action", "ESG"),
    ("Pay transparency", "salary transparency", "open pay"),
    ("Excel", "spreadsheets"),
    ("Data visualisation", "data visualization", "dataviz"),
)


@dataclass(frozen=True, slots=True)
class Suggestion:
    """Merge ``topics`` into ``into``; ``reasons`` says, link by link, why they belong together."""

    into: str
    topics: tuple[str, ...]
    reasons: tuple[str, ...]

    @property
    def merged(self) -> tuple[str, ...]:
        """The topics that would take the new name."""
        return tuple(t for t in self.topics if t != self.into)


def _singular(word: str) -> str:
    if len(word) > 3 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "as")):
        return word[:-1]
    return word


def normalised(topic: str) -> str:
    """A topic with case, plurals, punctuation, spacing and filler words taken out: 'Tik Tok videos' → 'tiktok'."""
    words = re.sub(r"[^\w]+", " ", topic.casefold().replace("&", " and ")).split()
    kept = [_singular(w) for w in words if w not in FILLER_WORDS] or [_singular(w) for w in words]
    return "".join(kept)


def _normalisation_reason(first: str, second: str) -> str:
    dropped = sorted(
        {w for t in (first, second) for w in re.sub(r"[^\w]+", " ", t.casefold()).split() if w in FILLER_WORDS}
    )
    extra = f" and the word{'s' if len(dropped) > 1 else ''} {', '.join(repr(w) for w in dropped)}" if dropped else ""
    return f"'{first}' and '{second}' are the same once case, plurals, punctuation and spacing{extra} are ignored"


def suggest_merges(census: Sequence[TopicCount], vocabulary: Vocabulary) -> list[Suggestion]:
    """Groups of topics that look like one, by every rule, skipping pairs the coordinator split apart."""
    from rapidfuzz import fuzz

    topics = [t.topic for t in census]
    forms = [normalised(t) for t in topics]
    links: list[tuple[int, int, str]] = []
    synonym_of = _synonym_groups(vocabulary)
    for i in range(len(topics)):
        for j in range(i + 1, len(topics)):
            if forms[i] == forms[j]:
                links.append((i, j, _normalisation_reason(topics[i], topics[j])))
            elif min(len(forms[i]), len(forms[j])) >= MIN_SIMILAR_LENGTH and (
                score := fuzz.ratio(forms[i], forms[j], score_cutoff=SIMILARITY)
            ):
                links.append((i, j, f"'{topics[i]}' and '{topics[j]}' are spelt {score:.0f}% alike"))
            elif (group := synonym_of.get(forms[i])) is not None and group == synonym_of.get(forms[j]):
                source = "your synonym list" if group in vocabulary.synonyms else "the built-in synonyms"
                links.append((i, j, f"'{topics[i]}' and '{topics[j]}' both mean '{group[0]}' ({source})"))
    return _grouped(census, links, synonym_of, vocabulary)


def _synonym_groups(vocabulary: Vocabulary) -> dict[str, tuple[str, ...]]:
    """Each synonym's normalised form → its group; the coordinator's groups win over the built-in ones."""
    found: dict[str, tuple[str, ...]] = {}
    for group in (*BUILT_IN_SYNONYMS, *vocabulary.synonyms):
        found.update((normalised(word), group) for word in group)
    return found


def _grouped(
    census: Sequence[TopicCount],
    links: Iterable[tuple[int, int, str]],
    synonym_of: dict[str, tuple[str, ...]],
    vocabulary: Vocabulary,
) -> list[Suggestion]:
    """Join linked topics into groups, never putting two topics the coordinator split apart in one group."""
    group_of = list(range(len(census)))
    members = {i: [i] for i in range(len(census))}
    reasons: dict[int, list[str]] = {i: [] for i in range(len(census))}
    for i, j, reason in links:
        a, b = group_of[i], group_of[j]
        # A link inside one group repeats what is already shown; one across a split would undo it.
        if a == b or any(
            vocabulary.kept_apart(census[x].topic, census[y].topic) for x in members[a] for y in members[b]
        ):
            continue
        for x in members[b]:
            group_of[x] = a
        members[a] += members.pop(b)
        reasons[a] += [*reasons.pop(b), reason]
    taken = {topic_key(t.topic) for t in census}
    suggestions = []
    for group, indices in members.items():
        if len(indices) < 2:
            continue
        names = [census[i].topic for i in sorted(indices)]
        keys = {topic_key(n) for n in names}
        # A synonym group's own name wins, unless another topic already has it; else the one most people typed.
        labels = [synonym_of[normalised(n)][0] for n in names if normalised(n) in synonym_of]
        labels = [label for label in labels if topic_key(label) in keys or topic_key(label) not in taken]
        suggestions.append(Suggestion(labels[0] if labels else names[0], tuple(names), tuple(reasons[group])))
    return suggestions
