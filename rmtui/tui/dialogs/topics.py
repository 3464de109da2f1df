"""Topics: every canonical topic with who offers and wants it, how it was typed, the unmet wants, and the merges.

Opened from Matching with ``t``; it returns whether the vocabulary changed, so Matching proposes again
and says why.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Label, Static

from rmtui.core.errors import RmtuiError
from rmtui.core.text import plural
from rmtui.core.topics import (
    accept_suggestions,
    change_vocabulary,
    cohort_topics,
    merge_topics,
    rename_topic,
    split_topic,
    unmet_text,
)
from rmtui.tui.cohort_app import cohort_app
from rmtui.tui.widgets.keys_footer import KeysFooter
from rmtui.tui.widgets.row_keys import cursor_row_key

if TYPE_CHECKING:
    from collections.abc import Callable

    from rmtui.core.topics import Suggestion, Vocabulary
    from rmtui.core.topics.changes import CohortTopics


class TopicsScreen(ModalScreen[bool]):
    """The cohort's topics and its vocabulary; returns True when the vocabulary changed."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "mark", "Mark", tooltip="Mark the highlighted topic for a merge (press again to unmark)"),
        Binding("m", "merge", "Merge", tooltip="Merge the marked topics and the highlighted one under a name you type"),
        Binding("n", "rename", "Rename", tooltip="Rename the highlighted topic and every variant merged into it"),
        Binding("x", "split", "Split", tooltip="Split the highlighted topic's merge: each variant stands alone again"),
        Binding("a", "accept", "Accept suggestions", tooltip="Take every suggested merge, each shown with its reason"),
        Binding("escape", "close", "Back", tooltip="Back to Matching, which proposes again if the topics changed"),
    ]

    @dataclass
    class Loaded(Message):
        """The worker read (and perhaps changed) the topics; ``done`` says what was done."""

        topics: CohortTopics
        suggested: list[str]
        done: str

    def __init__(self) -> None:
        super().__init__()
        self.topics: CohortTopics | None = None
        self.marked: list[str] = []
        self.changed = False
        # What Enter in the name box does: "merge" or "rename".
        self.asking = ""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="topics-dialog"):
            yield Label("Topics", classes="dialog-title")
            yield Static("Reading the topics…", id="topics-summary", markup=False)
            yield DataTable(id="topic-table", cursor_type="row", zebra_stripes=True)
            yield Static("", id="topics-unmet", markup=False)
            yield Static("", id="topics-suggested", classes="hint", markup=False)
            yield Input(placeholder="the topic's name", id="topic-name", compact=True)
            yield Static("", id="topics-problem", classes="error", markup=False)
        yield KeysFooter()

    def on_mount(self) -> None:
        """Set up the table and read the topics."""
        table = self.query_one("#topic-table", DataTable)
        table.add_column("Topic", key="topic", width=28)
        table.add_column("Mentors", key="mentors")
        table.add_column("Mentees", key="mentees")
        table.add_column("Typed as", key="typed", width=40)
        self.query_one("#topic-name", Input).display = False
        table.focus()
        self.run_change(None, "")

    @work(thread=True, exclusive=True, group="topics")
    def run_change(self, change: Callable[[Vocabulary, list[str]], Vocabulary] | None, done: str) -> None:
        """Save a change (if any) and read the topics again, off the UI thread."""
        store = cohort_app(self).store
        try:
            if change is not None:
                done = change_vocabulary(store, change).describe()
            topics = cohort_topics(store)
        except RmtuiError as error:
            self.notify(str(error), severity="error", timeout=10, markup=False)
            return
        self.post_message(self.Loaded(topics, [_suggestion_line(s) for s in topics.suggestions()], done))

    @work(thread=True, exclusive=True, group="topics")
    def run_accept(self) -> None:
        """Take every suggestion, off the UI thread."""
        store = cohort_app(self).store
        try:
            taken, change = accept_suggestions(store)
            topics = cohort_topics(store)
        except RmtuiError as error:
            self.notify(str(error), severity="error", timeout=10, markup=False)
            return
        done = change.describe() if taken else "No suggested merges: nothing was changed."
        self.post_message(self.Loaded(topics, [_suggestion_line(s) for s in topics.suggestions()], done))

    @on(Loaded)
    def loaded(self, event: Loaded) -> None:
        """Show the topics as they now stand."""
        if event.done and self.topics is not None:
            self.changed = True
            self.notify(event.done, timeout=10, markup=False)
        self.topics = event.topics
        self.marked = [t for t in self.marked if any(c.topic == t for c in event.topics.census)]
        self.show()
        lines = event.suggested[:3] + ([f"… and {len(event.suggested) - 3} more"] if len(event.suggested) > 3 else [])
        head = (
            f"{plural(len(event.suggested), 'suggested merge')}; a takes them all:" if lines else "No suggested merges."
        )
        # One line each, cut at the edge: the reasons are words people typed, never markup.
        self.query_one("#topics-suggested", Static).update(
            Text("\n".join([head, *lines]), no_wrap=True, overflow="ellipsis")
        )

    def show(self) -> None:
        """Fill the table, keeping the highlighted topic."""
        if self.topics is None:
            return
        table = self.query_one("#topic-table", DataTable)
        keep = cursor_row_key(table) if table.row_count else None
        table.clear()
        for topic in self.topics.census:
            mark = "● " if topic.topic in self.marked else ""
            style = "bold" if topic.unmet else ""
            table.add_row(
                Text(mark + topic.topic, style=style, no_wrap=True, overflow="ellipsis"),
                Text(str(topic.mentors), justify="right"),
                Text(str(topic.mentees), justify="right"),
                Text(", ".join(topic.variants), no_wrap=True, overflow="ellipsis"),
                key=topic.topic,
            )
        if keep is not None and keep in table.rows:
            table.move_cursor(row=table.get_row_index(keep))
        had, wants = self.topics.covered
        table.border_title = f"{len(self.topics.census)} topics"
        self.query_one("#topics-summary", Static).update(
            f"Mentees' wants that an active mentor offers: {had} of {wants}. Marked: {', '.join(self.marked) or 'none'}."
        )
        unmet = self.topics.unmet
        self.query_one("#topics-unmet", Static).update(
            Text(f"Unmet wants (recruit for these): {unmet_text(unmet)}")
            if unmet
            else "Every want is offered by an active mentor."
        )

    def highlighted(self) -> str | None:
        """The highlighted topic."""
        table = self.query_one("#topic-table", DataTable)
        return cursor_row_key(table) if table.row_count else None

    def action_mark(self) -> None:
        """Mark or unmark the highlighted topic for a merge."""
        topic = self.highlighted()
        if topic is None:
            return
        if topic in self.marked:
            self.marked.remove(topic)
        else:
            self.marked.append(topic)
        self.show()

    def ask(self, what: str, value: str) -> None:
        """Show the name box for a merge or rename."""
        self.asking = what
        name = self.query_one("#topic-name", Input)
        name.display = True
        name.value = value
        name.border_title = what
        name.focus()
        self.query_one("#topics-problem", Static).update(
            f"Type the {'merged' if what == 'merge' else 'new'} name, then Enter (Esc: cancel)."
        )

    def action_merge(self) -> None:
        """Merge the marked topics and the highlighted one, under a name typed next."""
        sources = list(dict.fromkeys([*self.marked, *filter(None, [self.highlighted()])]))
        if len(sources) < 2:
            self.notify("Mark two or more topics with space first, then press m.", severity="warning", markup=False)
            return
        self.ask("merge", sources[0])

    def action_rename(self) -> None:
        """Rename the highlighted topic, under a name typed next."""
        topic = self.highlighted()
        if topic is not None:
            self.ask("rename", topic)

    @on(Input.Submitted, "#topic-name")
    def named(self) -> None:
        """Do the merge or rename with the typed name."""
        name = self.query_one("#topic-name", Input).value
        topic = self.highlighted() or ""
        if self.asking == "merge":
            sources = list(dict.fromkeys([*self.marked, topic]))
            self.marked = []
            self.run_change(lambda v, typed: merge_topics(v, typed, sources, name), "")
        else:
            self.run_change(lambda v, typed: rename_topic(v, typed, topic, name), "")
        self.hide_name()

    def hide_name(self) -> None:
        """Put the name box away."""
        self.asking = ""
        self.query_one("#topic-name", Input).display = False
        self.query_one("#topics-problem", Static).update("")
        self.query_one("#topic-table", DataTable).focus()

    def action_split(self) -> None:
        """Split the highlighted topic's merge again."""
        topic = self.highlighted()
        if topic is not None:
            self.run_change(lambda v, typed: split_topic(v, topic), "")

    def action_accept(self) -> None:
        """Take every suggested merge."""
        self.run_accept()

    def action_close(self) -> None:
        """Cancel a name being typed, else go back to Matching."""
        if self.asking:
            self.hide_name()
            return
        self.dismiss(self.changed)


def _suggestion_line(suggestion: Suggestion) -> str:
    merged = ", ".join(repr(t) for t in suggestion.merged)
    return f"· {merged} → '{suggestion.into}': {suggestion.reasons[0] if suggestion.reasons else ''}"
