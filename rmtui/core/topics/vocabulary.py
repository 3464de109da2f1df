"""The cohort's topic vocabulary: its own map from what people typed to a canonical topic.

What a person typed is never changed: the vocabulary only says which topic each typed word stands for,
and matching compares those topics. It lives in the cohort settings record under ``topic_vocabulary``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from rmtui.core.errors import FieldError, RmtuiError, ValidationError
from rmtui.core.store import COHORT, CohortStore
from rmtui.core.text import check_single_line

VOCABULARY_KEY = "topic_vocabulary"
MAX_TOPIC = 200


def topic_key(topic: str) -> str:
    """Topics always compare ignoring case and spacing: 'AI  Assistants' is 'ai assistants'."""
    return " ".join(topic.split()).casefold()


def tidy(topic: str) -> str:
    """A topic as typed, with its spacing tidied."""
    return " ".join(topic.split())


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Typed topic (by key) → canonical topic; pairs the coordinator split apart; their own synonym groups."""

    aliases: Mapping[str, str] = field(default_factory=dict)
    apart: frozenset[frozenset[str]] = frozenset()
    synonyms: tuple[tuple[str, ...], ...] = ()
    last_change: str = ""

    def canonical(self, typed: str) -> str:
        """The topic that ``typed`` stands for; itself (tidied) when the vocabulary says nothing of it."""
        return self.aliases.get(topic_key(typed)) or tidy(typed)

    def key(self, typed: str) -> str:
        """What matching compares: the key of the canonical topic."""
        return topic_key(self.canonical(typed))

    def kept_apart(self, first: str, second: str) -> bool:
        """Whether the coordinator split these two topics, so they are never suggested together again."""
        return frozenset((topic_key(first), topic_key(second))) in self.apart

    def to_doc(self) -> dict[str, Any]:
        """The vocabulary as stored with the cohort."""
        return {
            "aliases": dict(self.aliases),
            "apart": sorted(sorted(pair) for pair in self.apart),
            "synonyms": [list(group) for group in self.synonyms],
            "last_change": self.last_change,
        }


def parse_vocabulary(doc: Mapping[str, Any]) -> Vocabulary:
    """A stored vocabulary, validated; ValidationError names each bad entry and the fix."""
    errors: list[FieldError] = []
    aliases = doc.get("aliases") or {}
    if not isinstance(aliases, dict):
        raise ValidationError([FieldError("aliases", "must map typed topics to topics")])
    for typed, topic in aliases.items():
        problem = _topic_problem(typed) or _topic_problem(topic)
        if problem or typed != topic_key(typed):
            errors.append(
                FieldError("aliases", f"entry '{str(typed)[:40]}': {problem or 'is not in its compared form'}")
            )
        elif aliases.get(topic_key(topic), topic) != topic:
            errors.append(
                FieldError("aliases", f"'{topic[:40]}' is itself mapped to '{aliases[topic_key(topic)][:40]}'")
            )
    apart = doc.get("apart") or []
    synonyms = doc.get("synonyms") or []
    shapes = (isinstance(pair, list) and len(pair) == 2 and all(isinstance(k, str) for k in pair) for pair in apart)
    if not isinstance(apart, list) or not all(shapes):
        errors.append(FieldError("apart", "must be a list of pairs of topics"))
    groups = (isinstance(g, list) and len(g) >= 2 and not any(_topic_problem(w) for w in g) for g in synonyms)
    if not isinstance(synonyms, list) or not all(groups):
        errors.append(FieldError("synonyms", "must be a list of groups of two or more topics"))
    if errors:
        raise ValidationError(errors)
    return Vocabulary(
        aliases=dict(aliases),
        apart=frozenset(frozenset(pair) for pair in apart),
        synonyms=tuple(tuple(group) for group in synonyms),
        last_change=str(doc.get("last_change") or ""),
    )


def _topic_problem(topic: object) -> str | None:
    if not isinstance(topic, str):
        return "is not text"
    return check_single_line(topic, required=True, limit=MAX_TOPIC)


def load_vocabulary(store: CohortStore) -> Vocabulary:
    """The cohort's vocabulary; an empty one until the coordinator merges a topic."""
    cohort: Mapping[str, Any] = store.table(COHORT).get(doc_id=1) or {}
    stored = cohort.get(VOCABULARY_KEY)
    if not stored:
        return Vocabulary()
    try:
        if not isinstance(stored, dict):
            raise ValidationError([FieldError("topic_vocabulary", "is not a record")])
        return parse_vocabulary(stored)
    except ValidationError as invalid:
        raise RmtuiError(
            f"The cohort's topic vocabulary is damaged ({invalid}); nothing was changed. "
            f"Restore a backup with: rmtui --db '{store.path}' restore BACKUP"
        ) from None


def save_vocabulary(store: CohortStore, vocabulary: Vocabulary) -> None:
    """Keep the vocabulary with the cohort, in one atomic write."""
    store.table(COHORT).update({VOCABULARY_KEY: vocabulary.to_doc()}, doc_ids=[1])


def checked_topic(typed: str, what: str = "topic") -> str:
    """A topic the coordinator typed, tidied, or ValidationError saying what to fix."""
    topic = tidy(typed)
    problem = check_single_line(topic, required=True, limit=MAX_TOPIC)
    if problem:
        raise ValidationError([FieldError(what, f"{problem}; give a topic name like 'Instagram'")])
    return topic


def _known(vocabulary: Vocabulary, typed: Iterable[str], topic: str) -> str:
    """The canonical topic ``topic`` stands for, or RmtuiError when nobody typed it and nothing maps to it."""
    canonical = vocabulary.canonical(topic)
    keys = {vocabulary.key(t) for t in typed} | {topic_key(v) for v in vocabulary.aliases.values()}
    if topic_key(canonical) not in keys:
        raise RmtuiError(f"Nobody offers or wants '{topic[:60]}'; `rmtui topics` lists the topics people typed.")
    return canonical


def merge_topics(vocabulary: Vocabulary, typed: Iterable[str], sources: Iterable[str], into: str) -> Vocabulary:
    """Every topic in ``sources`` (and every variant already merged into them) now stands for ``into``."""
    typed = list(typed)
    into = checked_topic(into, "into")
    names = [_known(vocabulary, typed, checked_topic(source, "merge")) for source in sources]
    if not names:
        raise RmtuiError(
            "Name at least one topic to merge, like: rmtui topics merge IG 'Instagram reels' --into Instagram"
        )
    merged = {topic_key(name) for name in names} | {vocabulary.key(into)}
    aliases = {k: into if topic_key(v) in merged else v for k, v in vocabulary.aliases.items()}
    aliases.update(dict.fromkeys(merged | {topic_key(into)}, into))
    # Two topics merged on purpose are no longer kept apart.
    apart = frozenset(
        pair for pair in vocabulary.apart if not pair <= set(aliases) or len({aliases[k] for k in pair}) > 1
    )
    change = f"merged {', '.join(repr(n) for n in names)} into {into!r}"
    return replace(vocabulary, aliases=aliases, apart=apart, last_change=change)


def rename_topic(vocabulary: Vocabulary, typed: Iterable[str], old: str, new: str) -> Vocabulary:
    """Give a topic (and every variant merged into it) a new name; refused when the new name is another topic."""
    typed = list(typed)
    current = _known(vocabulary, typed, checked_topic(old, "rename"))
    new = checked_topic(new, "to")
    in_use = {vocabulary.key(t) for t in typed} | {topic_key(v) for v in vocabulary.aliases.values()}
    if vocabulary.key(new) != topic_key(current) and vocabulary.key(new) in in_use:
        raise RmtuiError(
            f"'{new[:60]}' is already a topic; to put the two together use: rmtui topics merge '{current[:60]}' --into '{new[:60]}'"
        )
    renamed = merge_topics(vocabulary, typed, [current], new)
    return replace(renamed, last_change=f"renamed {current!r} to {new!r}")


def split_topic(vocabulary: Vocabulary, topic: str, variants: Iterable[str] = ()) -> Vocabulary:
    """Undo a merge: the named variants (or all of them) stand for themselves again, and are kept apart."""
    canonical = vocabulary.canonical(checked_topic(topic, "split"))
    home = topic_key(canonical)
    group = {k for k, v in vocabulary.aliases.items() if topic_key(v) == home}
    chosen = {topic_key(checked_topic(v, "variant")) for v in variants}
    if not group - {home}:
        raise RmtuiError(f"'{canonical[:60]}' is not a merge of several topics; nothing to split.")
    strays = chosen - group
    if strays:
        raise RmtuiError(
            f"'{sorted(strays)[0][:60]}' is not merged into '{canonical[:60]}'; `rmtui topics` lists each topic's variants."
        )
    if home in chosen:
        raise RmtuiError(f"'{canonical[:60]}' is the topic's own name; name the variants to take out of it.")
    taken = chosen or group
    aliases = {k: v for k, v in vocabulary.aliases.items() if k not in taken}
    # Each topic taken out is kept apart from what stays and from the others taken out with it.
    remains = group - taken or {home}
    apart = vocabulary.apart | {frozenset((k, other)) for k in taken for other in (taken | remains) if k != other}
    named = [tidy(v) for v in variants] or sorted(taken - {home})
    change = f"split {', '.join(repr(v) for v in named)} from {canonical!r}"
    return replace(vocabulary, aliases=aliases, apart=apart, last_change=change)


def add_synonyms(vocabulary: Vocabulary, words: Iterable[str]) -> Vocabulary:
    """Add the coordinator's own group of synonyms, which suggestions use beside the built-in list."""
    group = tuple(dict.fromkeys(checked_topic(w, "synonym") for w in words))
    if len({topic_key(w) for w in group}) < 2:
        raise RmtuiError("Give two or more different words, like: rmtui topics synonym 'Power BI' 'dashboards'")
    return replace(vocabulary, synonyms=(*vocabulary.synonyms, group), last_change=f"added synonyms {', '.join(group)}")
