"""``rmtui topics``: the cohort's topics, with merges, renames, splits, synonyms and suggested merges.

``rmtui.cli.commands`` registers this group; it reaches the group's ``Settings`` through ``click.pass_obj``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from rmtui.cli.settings import Settings
    from rmtui.core.topics import Suggestion, Vocabulary
    from rmtui.core.topics.changes import CohortTopics


@click.group(invoke_without_command=True)
@click.option("--suggest", is_flag=True, help="Print suggested merges, each with its reason.")
@click.option("--accept-suggestions", "accept", is_flag=True, help="Take every suggested merge.")
@click.pass_context
def topics(ctx: click.Context, suggest: bool, accept: bool) -> None:
    """List every topic with how many mentors offer it and mentees want it, its variants and the unmet wants."""
    if ctx.invoked_subcommand is not None:
        return
    from rmtui.core.store import CohortStore
    from rmtui.core.topics import accept_suggestions, cohort_topics

    settings: Settings = ctx.obj
    if accept:
        CohortStore.open(settings.db_path, read_only=True).close()
        with CohortStore.open(settings.db_path) as store:
            taken, change = accept_suggestions(store)
        if not taken:
            click.echo("No suggested merges: nothing was changed.")
            return
        _print_suggestions(taken)
        click.echo(change.describe())
        return
    with CohortStore.open(settings.db_path, read_only=True) as store:
        found = cohort_topics(store)
    if suggest:
        suggestions = found.suggestions()
        _print_suggestions(suggestions)
        click.echo("Take them all with: rmtui topics --accept-suggestions" if suggestions else "No suggested merges.")
        return
    _print_census(found)


def _print_census(found: CohortTopics) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from rmtui.core.topics import unmet_text

    console = Console()
    table = Table(title="Topics · mentors who offer each, mentees who want it", title_justify="left")
    for column in ("Topic", "Mentors", "Mentees", "Typed as"):
        table.add_column(column, justify="right" if column in ("Mentors", "Mentees") else "left", overflow="fold")
    for topic in found.census:
        # Typed text is never read as markup.
        table.add_row(Text(topic.topic), str(topic.mentors), str(topic.mentees), Text(", ".join(topic.variants)))
    console.print(table)
    had, wants = found.covered
    console.print(f"Mentees' wants that an active mentor offers: {had} of {wants}.", highlight=False)
    unmet = found.unmet
    if unmet:
        console.print(Text(f"Unmet wants (recruit mentors for these): {unmet_text(unmet)}"))
    if found.vocabulary.last_change:
        console.print(Text(f"Last change to the vocabulary: {found.vocabulary.last_change}."))


def _print_suggestions(suggestions: list[Suggestion]) -> None:
    for suggestion in suggestions:
        merged = ", ".join(repr(t) for t in suggestion.topics if t != suggestion.into)
        click.echo(f"Merge {merged} into {suggestion.into!r}:")
        for reason in suggestion.reasons:
            click.echo(f"  - {reason}")


def _change(settings: Settings, change: Callable[[Vocabulary, list[str]], Vocabulary]) -> None:
    from rmtui.core.store import CohortStore
    from rmtui.core.topics import change_vocabulary

    CohortStore.open(settings.db_path, read_only=True).close()
    with CohortStore.open(settings.db_path) as store:
        click.echo(change_vocabulary(store, change).describe())


@topics.command()
@click.argument("topic", nargs=-1, required=True)
@click.option("--into", required=True, help="The topic they all become, like Instagram.")
@click.pass_obj
def merge(settings: Settings, topic: tuple[str, ...], into: str) -> None:
    """Merge each TOPIC (as typed, or a topic) into one: rmtui topics merge IG "Instagram reels" --into Instagram."""
    from rmtui.core.topics import merge_topics

    _change(settings, lambda vocabulary, typed: merge_topics(vocabulary, typed, topic, into))


@topics.command()
@click.argument("old")
@click.argument("new")
@click.pass_obj
def rename(settings: Settings, old: str, new: str) -> None:
    """Rename topic OLD (and every variant merged into it) to NEW."""
    from rmtui.core.topics import rename_topic

    _change(settings, lambda vocabulary, typed: rename_topic(vocabulary, typed, old, new))


@topics.command()
@click.argument("topic")
@click.argument("variant", nargs=-1)
@click.pass_obj
def split(settings: Settings, topic: str, variant: tuple[str, ...]) -> None:
    """Undo a merge: take each VARIANT (or every variant) out of TOPIC; suggestions leave them apart."""
    from rmtui.core.topics import split_topic

    _change(settings, lambda vocabulary, typed: split_topic(vocabulary, topic, variant))


@topics.command()
@click.argument("word", nargs=-1, required=True)
@click.pass_obj
def synonym(settings: Settings, word: tuple[str, ...]) -> None:
    """Add a group of synonyms for suggestions to use; the first WORD names the merged topic."""
    from rmtui.core.topics import add_synonyms

    _change(settings, lambda vocabulary, typed: add_synonyms(vocabulary, word))
