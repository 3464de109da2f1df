"""Suggested merges, each with its reason: plain normalisation, close spelling, and common synonyms.

``rapidfuzz`` (the spelling rule) is imported only when suggestions are made.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rmtui.core.topics.census import TopicCount
from rmtui.core.topics.vocabulary import Vocabulary

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
            if vocabulary.kept_apart(topics[i], topics[j]):
                continue
            if forms[i] == forms[j]:
                links.append((i, j, _normalisation_reason(topics[i], topics[j])))
            elif min(len(forms[i]), len(forms[j])) >= MIN_SIMILAR_LENGTH and (
                score := fuzz.ratio(forms[i], forms[j], score_cutoff=SIMILARITY)
            ):
                links.append((i, j, f"'{topics[i]}' and '{topics[j]}' are spelt {score:.0f}% alike"))
            elif (group := synonym_of.get(forms[i])) is not None and group == synonym_of.get(forms[j]):
                source = "your synonym list" if group in vocabulary.synonyms else "the built-in synonyms"
                links.append((i, j, f"'{topics[i]}' and '{topics[j]}' both mean '{group[0]}' ({source})"))
    return _grouped(census, links, synonym_of)


def _synonym_groups(vocabulary: Vocabulary) -> dict[str, tuple[str, ...]]:
    """Each synonym's normalised form → its group; the coordinator's groups win over the built-in ones."""
    found: dict[str, tuple[str, ...]] = {}
    for group in (*BUILT_IN_SYNONYMS, *vocabulary.synonyms):
        found.update((normalised(word), group) for word in group)
    return found


def _grouped(
    census: Sequence[TopicCount], links: Iterable[tuple[int, int, str]], synonym_of: dict[str, tuple[str, ...]]
) -> list[Suggestion]:
    parent = list(range(len(census)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    reasons: dict[int, list[str]] = {}
    for i, j, reason in links:
        # Only links that join two groups are reasons; the rest repeat what is already shown.
        if root(i) != root(j):
            parent[root(j)] = root(i)
            reasons.setdefault(i, []).append(reason)
    groups: dict[int, list[int]] = {}
    for i in range(len(census)):
        groups.setdefault(root(i), []).append(i)
    suggestions = []
    for members in groups.values():
        if len(members) < 2:
            continue
        names = [census[i].topic for i in members]
        # A synonym group's own name wins; otherwise the topic most people typed (census order).
        labels = [synonym_of[normalised(n)][0] for n in names if normalised(n) in synonym_of]
        into = labels[0] if labels else names[0]
        why = tuple(reason for i in members for reason in reasons.get(i, ()))
        suggestions.append(Suggestion(into, tuple(names), why))
    return suggestions
