"""The topic vocabulary: suggestion rules, merge / rename / split, matching on canonical topics, unmet wants, hostile topics."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from hypothesis import event, given, settings
from hypothesis import strategies as st

from rmtui.core.errors import RmtuiError, ValidationError
from rmtui.core.matching import explain_pair, match_context
from rmtui.core.roster import Participant, add_participant, list_participants, parse_participant
from rmtui.core.store import COHORT, CohortStore, check_cohort
from rmtui.core.topics import (
    Vocabulary,
    add_synonyms,
    cohort_topics,
    merge_topics,
    normalised,
    parse_vocabulary,
    rename_topic,
    split_topic,
    suggest_merges,
    topic_census,
    unmet_wants,
)
from rmtui.core.topics.changes import change_vocabulary
from rmtui.core.topics.suggestions import MIN_SIMILAR_LENGTH, SIMILARITY

MENTORS = ["Instagram reels, Tik Tok", "tiktok videos; MS Excel", "Instgram", "hybrid working, ChatGPT"]
MENTEES = ["IG, pay transparency, AI tools and accessibility", "Excel", "flexible working", "Excellence, instagram"]


def roster() -> list[Participant]:
    """A small sign-up-style roster, skills typed freely."""
    mentors = [
        parse_participant({"name": f"Mentor {i}", "email": f"mentor{i}@example.org", "role": "mentor", "offers": o})
        for i, o in enumerate(MENTORS)
    ]
    mentees = [
        parse_participant({"name": f"Mentee {i}", "email": f"mentee{i}@example.org", "role": "mentee", "wants": w})
        for i, w in enumerate(MENTEES)
    ]
    return mentors + mentees


@pytest.fixture
def cohort(tmp_path: Path) -> Path:
    """A cohort file holding the roster."""
    path = tmp_path / "cohort.json"
    with CohortStore.open(path) as store:
        for person in roster():
            add_participant(store, person.to_doc())
    return path


def suggested(topics: list[str], vocabulary: Vocabulary | None = None) -> list[set[str]]:
    """The groups suggestions would merge, for one mentor offering ``topics``."""
    vocabulary = vocabulary or Vocabulary()
    person = parse_participant({"name": "M", "email": "m@example.org", "role": "mentor", "offers": topics})
    return [set(s.topics) for s in suggest_merges(topic_census([person], vocabulary), vocabulary)]


# --- suggestion rules --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Gen Z", "gen-z"),  # case and punctuation (one person's exact repeats are already one entry)
        ("Podcasts", "podcast"),  # plural
        ("Stories", "story"),  # plural in -ies
        ("Power-Point", "PowerPoint"),  # punctuation
        ("Tik Tok", "tiktok"),  # spacing
        ("tiktok videos", "TikTok"),  # a filler word
        ("MS Excel", "Excel"),
    ],
)
def test_normalisation_suggests_a_merge_and_says_why(first: str, second: str) -> None:
    assert normalised(first) == normalised(second)
    person = parse_participant({"name": "M", "email": "m@example.org", "role": "mentor", "offers": [first, second]})
    (suggestion,) = suggest_merges(topic_census([person], Vocabulary()), Vocabulary())
    assert set(suggestion.topics) == {first, second}
    assert (
        suggestion.reasons == (suggestion.reasons[0],)
        and "the same once case, plurals, punctuation and spacing" in suggestion.reasons[0]
    )


@pytest.mark.parametrize("words", [["Canvas", "Canva"], ["Business", "Busines"], ["Analysis", "Analysi"]])
def test_plurals_leave_words_ending_in_as_ss_or_is_alone(words: list[str]) -> None:
    assert normalised(words[0]) != normalised(words[1])


# The near misses that set SIMILARITY and MIN_SIMILAR_LENGTH: typos above, false friends below.
TYPOS = [
    ("Instgram", "Instagram"),
    ("Linkdin", "LinkedIn"),
    ("Accesibility", "Accessibility"),
    ("Sustainabilty", "Sustainability"),
]
FALSE_FRIENDS = [
    ("Excel", "Excellence"),
    ("Marketing", "Marking"),
    ("Google Docs", "Google Ads"),
    ("React", "Redact"),  # 91% alike, but too short to trust one letter
    ("Slack", "Stack"),
    ("Java", "JavaScript"),
    ("inclusion", "exclusion"),
    ("data privacy", "data literacy"),
    ("Podcast", "Podcasting"),
]


@pytest.mark.parametrize(("first", "second"), TYPOS)
def test_close_spellings_are_suggested_with_their_likeness(first: str, second: str) -> None:
    person = parse_participant({"name": "M", "email": "m@example.org", "role": "mentor", "offers": [first, second]})
    (suggestion,) = suggest_merges(topic_census([person], Vocabulary()), Vocabulary())
    assert set(suggestion.topics) == {first, second}
    assert "% alike" in suggestion.reasons[0]


@pytest.mark.parametrize(("first", "second"), FALSE_FRIENDS)
def test_false_friends_are_not_suggested(first: str, second: str) -> None:
    assert suggested([first, second]) == []


def test_the_threshold_sits_between_the_typos_and_the_false_friends() -> None:
    from rapidfuzz import fuzz

    typo_scores = [fuzz.ratio(normalised(a), normalised(b)) for a, b in TYPOS]
    long_friends = [
        (a, b) for a, b in FALSE_FRIENDS if min(len(normalised(a)), len(normalised(b))) >= MIN_SIMILAR_LENGTH
    ]
    friend_scores = [fuzz.ratio(normalised(a), normalised(b)) for a, b in long_friends]
    assert min(typo_scores) >= SIMILARITY > max(friend_scores)


@pytest.mark.parametrize(
    "group",
    [
        {"ChatGPT", "AI tools", "AI assistants"},
        {"D&I", "inclusion"},
        {"hybrid working", "flexible working"},
        {"IG", "Instagram"},
    ],
)
def test_built_in_synonyms_are_suggested(group: set[str]) -> None:
    person = parse_participant({"name": "M", "email": "m@example.org", "role": "mentor", "offers": sorted(group)})
    (suggestion,) = suggest_merges(topic_census([person], Vocabulary()), Vocabulary())
    assert set(suggestion.topics) == group
    assert all("built-in synonyms" in reason for reason in suggestion.reasons)


def test_the_coordinators_synonyms_extend_the_list() -> None:
    assert suggested(["Power BI", "dashboards"]) == []
    vocabulary = add_synonyms(Vocabulary(), ["Power BI", "dashboards"])
    person = parse_participant(
        {"name": "M", "email": "m@example.org", "role": "mentor", "offers": "Power BI; dashboards"}
    )
    (suggestion,) = suggest_merges(topic_census([person], vocabulary), vocabulary)
    assert suggestion.into == "Power BI" and "your synonym list" in suggestion.reasons[0]


def test_a_synonym_group_needs_two_different_words() -> None:
    with pytest.raises(RmtuiError, match="two or more different words"):
        add_synonyms(Vocabulary(), ["AI", "ai "])


# --- merge, rename, split ----------------------------------------------------------------------


def test_merge_maps_every_variant_and_matching_compares_the_topic(cohort: Path) -> None:
    with CohortStore.open(cohort) as store:
        typed_before = [p.to_doc() for p in list_participants(store)]
        before = store.write_count
        change = change_vocabulary(
            store, lambda v, typed: merge_topics(v, typed, ["IG", "Instagram reels"], "Instagram")
        )
        assert store.write_count == before + 1  # one atomic write
        assert [p.to_doc() for p in list_participants(store)] == typed_before  # nobody's words changed
        why = explain_pair(match_context(store), "mentor0@example.org", "mentee0@example.org")
    assert change.before.covered == (0, 8) and change.after.covered == (2, 8)
    assert "stale" in change.describe() and "Merged 'IG', 'Instagram reels' into 'Instagram'" in change.describe()
    assert why.parts[0].text == "covers 1 of 4 wants: 'IG' — offered as 'Instagram reels'"


def test_merging_into_a_variant_joins_its_whole_group() -> None:
    typed = ["IG", "Insta", "Instagram", "Instagram reels"]
    vocabulary = merge_topics(Vocabulary(), typed, ["IG", "Insta"], "Instagram")
    vocabulary = merge_topics(vocabulary, typed, ["Instagram reels"], "IG")
    assert {vocabulary.canonical(t) for t in typed} == {"IG"}


def test_merge_names_an_unknown_topic_and_changes_nothing(cohort: Path) -> None:
    with CohortStore.open(cohort) as store:
        with pytest.raises(RmtuiError, match="Nobody offers or wants 'Instagrm'"):
            change_vocabulary(store, lambda v, typed: merge_topics(v, typed, ["Instagrm"], "Instagram"))
        assert cohort_topics(store).vocabulary == Vocabulary()


def test_rename_keeps_the_variants_and_refuses_another_topics_name() -> None:
    typed = ["IG", "Instagram reels", "Excel"]
    vocabulary = merge_topics(Vocabulary(), typed, ["IG", "Instagram reels"], "Instagram")
    renamed = rename_topic(vocabulary, typed, "Instagram", "Instagram (all formats)")
    assert {renamed.canonical(t) for t in ("IG", "Instagram reels", "instagram")} == {"Instagram (all formats)"}
    assert renamed.last_change == "renamed 'Instagram' to 'Instagram (all formats)'"
    with pytest.raises(RmtuiError, match="'Excel' is already a topic; to put the two together use: rmtui topics merge"):
        rename_topic(vocabulary, typed, "Instagram", "Excel")
    assert rename_topic(vocabulary, typed, "instagram", "INSTAGRAM").canonical("IG") == "INSTAGRAM"


def test_split_undoes_a_merge_and_keeps_the_pair_apart_from_suggestions() -> None:
    typed = ["Instagram", "Instgram", "IG"]
    merged = merge_topics(Vocabulary(), typed, ["Instgram", "IG"], "Instagram")
    one_out = split_topic(merged, "Instagram", ["Instgram"])
    assert one_out.canonical("Instgram") == "Instgram" and one_out.canonical("IG") == "Instagram"
    assert suggested(["Instagram", "Instgram"], one_out) == []  # the split is not suggested back
    assert suggested(["Instagram", "Instgram"]) == [{"Instagram", "Instgram"}]
    every = split_topic(merged, "Instagram")
    assert [every.canonical(t) for t in typed] == typed
    # Merging again on purpose is allowed, and lifts the split.
    again = merge_topics(one_out, typed, ["Instgram"], "Instagram")
    assert again.canonical("Instgram") == "Instagram" and not again.kept_apart("Instgram", "Instagram")


@pytest.mark.parametrize(
    ("topic", "variants", "message"),
    [
        ("Excel", [], "'Excel' is not a merge of several topics"),
        ("Instagram", ["Excel"], "'excel' is not merged into 'Instagram'"),
        ("Instagram", ["instagram"], "the topic's own name"),
    ],
)
def test_split_explains_what_cannot_be_split(topic: str, variants: list[str], message: str) -> None:
    merged = merge_topics(Vocabulary(), ["IG", "Excel"], ["IG"], "Instagram")
    with pytest.raises(RmtuiError, match=message):
        split_topic(merged, topic, variants)


def test_check_finds_a_vocabulary_that_maps_a_topic_to_a_variant(cohort: Path) -> None:
    assert check_cohort(cohort) == []
    with CohortStore.open(cohort) as store:
        # Instagram → IG while IG → Instagram: a chain the commands never write, as a hand edit might.
        chained = {"aliases": {"ig": "Instagram", "instagram": "IG"}}
        store.table(COHORT).update({"topic_vocabulary": chained}, doc_ids=[1])
    (finding,) = check_cohort(cohort)
    assert finding.startswith("topic vocabulary: aliases: 'Instagram' is itself mapped to 'IG'")


# --- matching, suggestions accepted, unmet wants ---------------------------------------------


def test_accepting_suggestions_covers_wants_by_meaning(cohort: Path) -> None:
    from rmtui.core.topics import accept_suggestions

    with CohortStore.open(cohort) as store:
        taken, change = accept_suggestions(store)
        found = cohort_topics(store)
    assert {s.into for s in taken} >= {"Instagram", "AI tools", "Excel", "Flexible working"}
    assert change.after.covered == (5, 8)
    assert [(t.topic, t.mentees) for t in found.unmet] == [
        ("accessibility", 1),
        ("Excellence", 1),
        ("pay transparency", 1),
    ]
    instagram = next(t for t in found.census if t.topic == "Instagram")
    assert (instagram.mentors, instagram.mentees) == (2, 2)
    assert set(instagram.variants) == {"Instagram reels", "Instgram", "IG", "instagram"}


def test_unmet_wants_count_only_active_mentors_and_mentees() -> None:
    people = roster()
    census = topic_census(people, Vocabulary())
    assert {t.topic for t in unmet_wants(census)} == {t.topic for t in census if t.mentees}
    # The one mentor who offers Excel withdraws: Excel is unmet even after the merge.
    vocabulary = merge_topics(Vocabulary(), ["MS Excel", "Excel"], ["MS Excel"], "Excel")
    assert "Excel" not in {t.topic for t in unmet_wants(topic_census(people, vocabulary))}
    gone = [
        p if p.email != "mentor1@example.org" else parse_participant({**p.to_doc(), "status": "withdrawn"})
        for p in people
    ]
    assert ("Excel", 1) in [(t.topic, t.mentees) for t in unmet_wants(topic_census(gone, vocabulary))]


# --- hostile topics ----------------------------------------------------------------------------

# No "/" in them: a slash separates entries, so "[/]" would arrive as two topics.
HOSTILE = ["[bold red]boss", "[link=file:x]click", '=HYPERLINK("x")', "+SUM(A1)", "@mention", "<script>x<script>"]


@pytest.mark.parametrize("topic", HOSTILE)
def test_hostile_topics_merge_and_print_as_typed(topic: str, tmp_path: Path, rmtui: Callable[..., Result]) -> None:
    path = tmp_path / "cohort.json"
    with CohortStore.open(path) as store:
        add_participant(store, {"name": "Ana", "email": "ana@example.org", "role": "mentee", "wants": [topic]})
        assert list_participants(store)[0].wants == (topic,)
    result = rmtui("--db", path, "topics", "merge", topic, "--into", topic + " (merged)")
    assert result.exit_code == 0, result.output
    listing = rmtui("--db", path, "topics")
    assert listing.exit_code == 0
    # The table's own row, not the line about the last change (which quotes it too).
    rows = [line for line in listing.output.splitlines() if line.startswith("│")]
    assert any(line.startswith(f"│ {topic} (merged) ") for line in rows), listing.output
    assert check_cohort(path) == []


def test_a_ten_thousand_character_topic_is_refused_with_the_fix() -> None:
    with pytest.raises(ValidationError, match="10,000 characters long; keep it to 200"):
        merge_topics(Vocabulary(), ["IG"], ["IG"], "x" * 10_000)
    with pytest.raises(ValidationError, match="keep it to 200"):
        parse_participant({"name": "A", "email": "a@example.org", "role": "mentee", "wants": "x" * 10_000})


def test_cli_refuses_a_ten_thousand_character_topic_without_a_traceback(
    cohort: Path, rmtui: Callable[..., Result]
) -> None:
    result = rmtui("--db", cohort, "topics", "merge", "IG", "--into", "y" * 10_000)
    assert result.exit_code == 1 and "keep it to 200" in result.output and "Traceback" not in result.output


# --- the command line ------------------------------------------------------------------------


def test_topics_suggest_then_accept_then_match(cohort: Path, rmtui: Callable[..., Result]) -> None:
    listing = rmtui("--db", cohort, "topics")
    assert listing.exit_code == 0 and "Mentees' wants that an active mentor offers: 0 of 8." in listing.output
    suggest = rmtui("--db", cohort, "topics", "--suggest")
    assert "Merge 'MS Excel' into 'Excel':" in suggest.output
    assert (
        "'Instagram' and 'Instgram' are spelt 94% alike" in suggest.output
        or "'instagram' and 'Instgram' are spelt 94% alike" in suggest.output
    )
    accepted = rmtui("--db", cohort, "topics", "--accept-suggestions")
    assert accepted.exit_code == 0 and "0 of 8 before, 5 of 8 now" in accepted.output
    matched = rmtui("--db", cohort, "match")
    assert matched.exit_code == 0
    assert "Topics are compared through the cohort's vocabulary (last change: accepted" in matched.output.replace(
        "\n", ""
    )
    assert "offered as 'MS" in matched.output


def test_topics_split_and_rename_from_the_command_line(cohort: Path, rmtui: Callable[..., Result]) -> None:
    assert rmtui("--db", cohort, "topics", "merge", "IG", "instagram", "Instgram", "--into", "Instagram").exit_code == 0
    split = rmtui("--db", cohort, "topics", "split", "Instagram", "Instgram")
    assert split.exit_code == 0 and "Split 'Instgram' from 'Instagram'" in split.output
    renamed = rmtui("--db", cohort, "topics", "rename", "Instagram", "Social: Instagram")
    assert renamed.exit_code == 0 and "Renamed 'Instagram' to 'Social: Instagram'" in renamed.output
    bad = rmtui("--db", cohort, "topics", "split", "Excel")
    assert bad.exit_code == 1 and "'Excel' is not a merge of several topics" in bad.output


# --- the report's matching review: the small-number rule -----------------------------------------


def test_the_report_names_an_unmet_want_only_when_five_mentees_want_it(tmp_path: Path) -> None:
    from rmtui.core.report.build import cohort_report

    path = tmp_path / "cohort.json"
    with CohortStore.open(path) as store:
        add_participant(store, {"name": "Mo", "email": "mo@example.org", "role": "mentor", "offers": "Excel"})
        for n in range(5):
            wants = "Podcasting" if n == 4 else "Podcasting; grievance against my director"
            add_participant(store, {"name": f"E{n}", "email": f"e{n}@example.org", "role": "mentee", "wants": wants})
        review = next(s for s in cohort_report(store).sections if s.title == "Matching review")
    text = " ".join(str(block) for block in review.blocks if not hasattr(block, "columns"))
    assert "Podcasting (5 mentees)" in text
    assert "grievance" not in text.casefold() and "(4 mentees)" not in text
    assert "other topics are each wanted by fewer than 5 mentees and are not named here" in text


def test_a_split_is_not_undone_through_a_third_topic_or_a_synonyms_name() -> None:
    typed = ["Instagram", "Instagram reels", "Instgram", "IG", "Insta"]
    merged = merge_topics(Vocabulary(), typed, typed, "Instagram")
    apart = split_topic(merged, "Instagram")
    person = parse_participant({"name": "M", "email": "m@example.org", "role": "mentor", "offers": typed})
    suggestions = suggest_merges(topic_census([person], apart), apart)
    # Every link among the five runs between two topics split apart, so nothing is suggested.
    assert suggestions == []
    # IG alone taken out of Instagram: IG and Insta still go together, but not under the name 'Instagram'.
    one_out = split_topic(
        merge_topics(Vocabulary(), typed, ["IG", "Instagram reels"], "Instagram"), "Instagram", ["IG"]
    )
    (suggestion,) = [s for s in suggest_merges(topic_census([person], one_out), one_out) if "IG" in s.topics]
    assert "Instagram" not in suggestion.topics and suggestion.into != "Instagram"


@pytest.mark.parametrize("damaged", [["not", "a", "record"], {"aliases": {"ig": "Instagram", "instagram": "IG"}}])
def test_a_damaged_vocabulary_stops_matching_with_the_fix_not_a_traceback(
    damaged: object, cohort: Path, rmtui: Callable[..., Result]
) -> None:
    with CohortStore.open(cohort) as store:
        store.table(COHORT).update({"topic_vocabulary": damaged}, doc_ids=[1])
    for command in (["match"], ["topics"], ["report"]):
        result = rmtui("--db", cohort, *command)
        assert result.exit_code == 1, result.output
        assert "topic vocabulary is damaged" in result.output and "restore" in result.output
    assert check_cohort(cohort)[0].startswith(
        "the topic vocabulary is not a record" if isinstance(damaged, list) else "topic vocabulary:"
    )


# --- any sequence of changes leaves a sound vocabulary ------------------------------------------

POOL = ["IG", "Instagram", "instagram", "Insta", "Excel", "MS Excel", "AI tools", "ChatGPT", "[b]x"]
operations = st.lists(
    st.one_of(
        st.tuples(
            st.just("merge"), st.lists(st.sampled_from(POOL), min_size=1, max_size=3), st.sampled_from([*POOL, "New"])
        ),
        st.tuples(st.just("rename"), st.sampled_from(POOL), st.sampled_from([*POOL, "Renamed"])),
        st.tuples(st.just("split"), st.sampled_from(POOL), st.lists(st.sampled_from(POOL), max_size=2)),
    ),
    max_size=8,
)


@settings(max_examples=200, deadline=None)
@given(steps=operations)
def test_any_sequence_of_merges_renames_and_splits_leaves_a_sound_vocabulary(steps: list[tuple]) -> None:
    vocabulary = Vocabulary()
    for kind, first, second in steps:
        try:
            if kind == "merge":
                vocabulary = merge_topics(vocabulary, POOL, first, second)
            elif kind == "rename":
                vocabulary = rename_topic(vocabulary, POOL, first, second)
            else:
                vocabulary = split_topic(vocabulary, first, second)
        except RmtuiError:
            event(f"{kind} refused")
            continue  # refused with a reason; the vocabulary is unchanged
        event(f"{kind} done")
        # It stores and reads back, with no topic mapped to a variant of another.
        assert parse_vocabulary(vocabulary.to_doc()) == vocabulary
        for typed in POOL:
            canonical = vocabulary.canonical(typed)
            assert vocabulary.canonical(canonical) == canonical
        if kind == "merge":
            assert {vocabulary.canonical(t) for t in [*first, second]} == {" ".join(second.split())}
