"""The matching section: review the optimiser's provisional pairs, adjust them and confirm them."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import ClassVar, TypeVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static
from textual.worker import Worker, WorkerCancelled, WorkerFailed

from rmtui.core.errors import RmtuiError
from rmtui.core.matching import MatchContext, Proposal, ProposedPair, explain_pair, pairs, propose
from rmtui.core.text import plural
from rmtui.core.topics import TopicCount, topic_census, unmet_wants
from rmtui.tui.cohort_app import cohort_app
from rmtui.tui.dialogs.confirm import ConfirmScreen
from rmtui.tui.widgets.columns import Column, set_columns
from rmtui.tui.widgets.keys_footer import KeysFooter
from rmtui.tui.widgets.paged_table import PagedTable, TableRow
from rmtui.tui.widgets.row_keys import cursor_row_key
from rmtui.tui.widgets.sections import SectionBar

STATE = {"new": "proposed", "fixed": "fixed", "existing": "active"}
T = TypeVar("T")


# Below this width the proposal takes the whole width, the unmatched list sits under it, and each pair's
# score moves to the explanation line, so that names and the reason keep readable widths at 80 columns.
NARROW = 100
NAME_WIDTH = 18
# Beside the proposal, the unmatched list: a name, a role, their padding, its border and scrollbar (as wide as
# matching.tcss makes it).
UNMATCHED_WIDTH = NAME_WIDTH + 6 + 4 + 3
# The proposal table's border (two cells) and its one-cell scrollbar (matching.tcss): the reason gets the rest.
TABLE_CHROME = 3
# How long the first drawing of the section waits for the first proposal (a few tens of ms at 300 people):
# drawn in one go, rather than drawn empty and again once the pairs come. A slower proposal (thousands of
# people) shows "Working out the best pairs…" after this and fills in when it is ready.
FIRST_PROPOSAL_WAIT = 0.25


def plan_columns(width: int) -> list[Column]:
    """The proposal's columns for a table this wide: the reason ("Why") takes what the others leave."""
    fixed = [
        Column("mentor", "Mentor", NAME_WIDTH),
        Column("mentee", "Mentee", NAME_WIDTH),
        Column("state", "State", 8),
    ]
    if width >= NARROW:
        fixed.append(Column("score", "Score", 5))
    left = width - TABLE_CHROME - sum(column.width + 2 for column in fixed) - 2
    return [*fixed, Column("why", "Why", max(12, left))]


async def _result_within(worker: Worker[T], seconds: float) -> T | None:
    """The worker's result if it succeeds within ``seconds``; else None, and its Proposed message comes later."""
    waiting = asyncio.ensure_future(worker.wait())
    await asyncio.wait({waiting}, timeout=seconds)
    if not waiting.done():
        # Retrieved when it ends, so a worker cancelled at exit is not reported again as an unretrieved error.
        waiting.add_done_callback(lambda ended: ended.cancelled() or ended.exception())
        return None
    try:
        return waiting.result()
    except (WorkerCancelled, WorkerFailed):
        return None  # Textual reports a failed worker itself


def _cell(value: str, style: str = "") -> Text:
    return Text(value, style=style, no_wrap=True, overflow="ellipsis")


class MatchingScreen(Screen[None]):
    """Provisional pairs, who is left over and why, and the coordinator's adjustments."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f", "toggle_fix", "Fix", tooltip="Fix the selected pair so re-runs keep it, or unfix it"),
        Binding("x", "forbid", "Forbid", tooltip="Never propose the selected pair again, then re-run"),
        Binding("s", "swap", "Swap", tooltip="Swap mentors: press on one pair, then on another"),
        Binding("p", "pair_manually", "Pair", tooltip="Pair the selected person from a ranked list of candidates"),
        Binding("r", "rerun", "Re-run", tooltip="Run the optimiser again, keeping fixed pairs"),
        Binding("c", "confirm_all", "Confirm", tooltip="Confirm every proposed pair as active"),
        Binding("e", "end_pair", "End", tooltip="End the selected active pair, then offer a rematch"),
        Binding("g", "weights", "Weights", show=False, tooltip="Set how much each part of the score counts"),
        Binding("t", "topics", "Topics", tooltip="Topics: who offers and wants each, unmet wants, merge and split"),
    ]

    @dataclass
    class Proposed(Message):
        """The worker saved the change (if any) and proposed again: the tables redraw and say what was done."""

        ctx: MatchContext
        proposal: Proposal
        ended: list[pairs.Pair]
        highlight: str | None
        done: str
        # How many times the cohort file had been written when the proposal was made.
        written: int
        # Topics mentees want that no mentor offers, for the summary line.
        unmet: list[TopicCount]

    def __init__(self) -> None:
        super().__init__()
        self.ctx: MatchContext | None = None
        self.proposal: Proposal | None = None
        self.swap_from: ProposedPair | None = None
        self.highlight: str | None = None
        self.columns: list[Column] = []
        # The change-and-propose worker last started: coming back to the screen waits for it.
        self.acting: Worker[MatchingScreen.Proposed | None] | None = None
        # The cohort file's write count the shown proposal was made from: coming back proposes again only
        # when the file changed meanwhile.
        self.written = -1

    def compose(self) -> ComposeResult:
        yield Header()
        yield SectionBar("matching")
        yield Static("Working out the best pairs…", id="match-summary", markup=False)
        with Horizontal(id="match-body"):
            yield PagedTable(id="proposal", cursor_type="row", zebra_stripes=True)
            yield DataTable(id="unmatched", cursor_type="row")
        yield Static("", id="explanation", markup=False)
        yield KeysFooter()

    async def on_mount(self) -> None:
        """Set up the tables and make the first proposal, shown in the screen's first drawing when it comes soon."""
        proposal = self.query_one("#proposal", DataTable)
        self.lay_out()
        unmatched = self.query_one("#unmatched", DataTable)
        # Text, not str: a str heading is read as markup, which costs a first visit its parsing.
        unmatched.add_column(Text("Name"), key="name", width=NAME_WIDTH)
        unmatched.add_column(Text("Role"), key="role", width=6)
        proposal.focus()
        self.act(None, "")
        # Textual draws the screen only once on_mount returns: waiting here for the worker (off the UI thread)
        # draws it once, with the pairs, instead of empty and then again (two full drawings, about a third of
        # the first visit). Keys pressed meanwhile wait in the queue, as they do behind any slow handler.
        if self.acting is not None and (first := await _result_within(self.acting, FIRST_PROPOSAL_WAIT)):
            self.proposed(first)

    def lay_out(self) -> bool:
        """Columns and placement for the screen's width: side by side when wide, the unmatched list below when not.

        True when the proposal's columns changed, which empties it.
        """
        self.set_class(self.size.width < NARROW, "narrow")
        # The unmatched list takes its share of the width only when it is beside the proposal.
        beside = 0 if self.size.width < NARROW or not self.proposal or not self.proposal.unmatched else UNMATCHED_WIDTH
        columns = plan_columns(self.size.width - beside)
        if columns == self.columns:
            return False
        self.columns = columns
        set_columns(self.query_one("#proposal", DataTable), columns)
        return True

    def on_resize(self) -> None:
        """Lay the screen out again for its new width, refilling the proposal when its columns changed."""
        selected = self.selected_mentee()
        if self.lay_out():
            self.fill_proposal(selected, None)

    def on_screen_resume(self) -> None:
        """Roster changes made elsewhere show up when the coordinator comes back."""
        # A dialog that just closed may have started a change; running again now would cancel it.
        busy = self.acting is not None and not self.acting.is_finished
        # Unchanged since (closing help, or the first visit's own resume): the proposal shown is the one it would make.
        changed = cohort_app(self).store.write_count != self.written
        if self.proposal is not None and not busy and changed:
            self.act(None, "")

    def act(self, operation: Callable[[], object] | None, done: str, highlight: str | None = None) -> None:
        """Run a change to the file (if any), then propose again; all off the UI thread."""
        self.acting = self.change_and_propose(operation, done, highlight)

    @work(thread=True, exclusive=True, group="matching")
    def change_and_propose(
        self, operation: Callable[[], object] | None, done: str, highlight: str | None
    ) -> MatchingScreen.Proposed | None:
        """The worker behind ``act``: it reports back with Proposed (also its result), or a notice when the core refuses."""
        store = cohort_app(self).store
        try:
            if operation is not None:
                operation()
            # Read before the file is: a change saved meanwhile makes the next visit propose again.
            written = store.write_count
            ctx = MatchContext(pairs.match_setup(store))
            proposal = propose(ctx)
            ended = [p for p in pairs.list_pairs(store) if not p.is_active]
            unmet = unmet_wants(topic_census(ctx.setup.participants, ctx.setup.vocabulary))
        except RmtuiError as error:
            self.notify(str(error), severity="error", timeout=10, markup=False)  # notify is thread-safe
            return None
        proposed = self.Proposed(ctx, proposal, ended, highlight, done, written, unmet)
        self.post_message(proposed)
        return proposed

    @on(Proposed)
    def proposed(self, event: Proposed) -> None:
        """Show the fresh proposal, then say what was done."""
        if event.proposal is self.proposal:
            return  # on_mount showed it already, from the worker's result
        self.written = event.written
        self.show(event)
        if event.done:
            self.notify(event.done, markup=False)

    def show(self, proposed: Proposed) -> None:
        """Redraw the tables and the summary from a fresh proposal."""
        ctx, proposal, highlight = proposed.ctx, proposed.proposal, proposed.highlight
        selected = highlight or self.selected_mentee()
        self.ctx, self.proposal = ctx, proposal
        unmatched = self.query_one("#unmatched", DataTable)
        # Nobody unmatched: the list is hidden, and the proposal has the whole width for names and reasons.
        unmatched.display = bool(proposal.unmatched)
        self.lay_out()
        self.fill_proposal(selected, highlight)
        unmatched.clear()
        unmatched.border_title = f"Unmatched · {len(proposal.unmatched)}"
        for person in proposal.unmatched:
            unmatched.add_row(_cell(ctx.name(person.email)), _cell(person.role), key=person.email)
        self.query_one("#match-summary", Static).update(self.summary(proposed))
        self.explain()

    def fill_proposal(self, selected: str | None, highlight: str | None) -> None:
        """The proposal's pairs, confirmed first, then fixed, then new, by mentor; ``highlight``'s pair in bold.

        A screenful shows at once and the rest a moment later (PagedTable): measuring 150 rows held
        Matching's first drawing back by about a third.
        """
        ctx, proposal = self.ctx, self.proposal
        if ctx is None or proposal is None:
            return  # resized before the first proposal came: show() fills it
        table = self.query_one("#proposal", PagedTable)
        keys = [column.key for column in self.columns]
        table.border_title = f"Proposal · {plural(len(proposal.pairs), 'pair')}"
        order = {"existing": 0, "fixed": 1, "new": 2}

        def pair_row(pair: ProposedPair) -> TableRow:
            state = STATE[pair.origin]
            style = "bold" if pair.mentee == highlight else ""
            cells = {
                "mentor": _cell(ctx.name(pair.mentor), style),
                "mentee": _cell(ctx.name(pair.mentee), style),
                "state": _cell(state, "italic" if state == "proposed" else ""),
                "score": Text(f"{pair.score:.2f}", justify="right"),
                "why": _cell(pair.why),
            }
            return TableRow(tuple(cells[key] for key in keys), key=pair.mentee)

        shown = sorted(proposal.pairs, key=lambda p: (order[p.origin], ctx.name(p.mentor).casefold()))
        table.fill(shown, pair_row, added=partial(self._pairs_added, selected))

    def _pairs_added(self, selected: str | None) -> None:
        table = self.query_one("#proposal", DataTable)
        if selected is not None and selected in table.rows:
            table.move_cursor(row=table.get_row_index(selected))

    def summary(self, proposed: Proposed) -> Text:
        """The state of matching in one line: what is provisional, and how many matches failed."""
        proposal, ended, unmet = proposed.proposal, proposed.ended, proposed.unmet
        counts = Counter(STATE[p.origin] for p in proposal.pairs)
        failed = Counter(p.end_reason for p in ended if p.end_reason != "completed")
        if not proposal.pairs and not proposal.unmatched:
            return Text(
                "Nobody to match yet: add mentors and mentees on the roster (F3, then a), or import them there (i)."
            )
        if not proposal.pairs:
            state = "No pair can be proposed yet · "
        else:
            state = "Provisional until confirmed · " if counts["proposed"] else "All pairs confirmed · "
        line = Text.assemble(
            (state, "bold"),
            f"{counts['active']} active, {counts['fixed']} fixed, {counts['proposed']} proposed · "
            f"total score {proposal.total_score:.1f} · {len(proposal.unmatched)} unmatched",
        )
        if failed:
            reasons = ", ".join(f"{reason} ({n})" for reason, n in failed.most_common())
            line.append(
                f" · {plural(sum(failed.values()), 'failed match', 'failed matches')}: {reasons}", style="italic"
            )
        if unmet:
            wanted = sum(t.mentees for t in unmet)
            line.append(
                f" · {plural(wanted, 'want')} in {plural(len(unmet), 'topic')} that no mentor offers (t: Topics)"
            )
        return line

    @on(DataTable.RowHighlighted, "#unmatched")
    @on(DataTable.RowHighlighted, "#proposal")
    def explain(self) -> None:
        """Explain what is selected: the pair's score, or why someone is unmatched."""
        unmatched = self.query_one("#unmatched", DataTable)
        if unmatched.has_focus and unmatched.row_count and self.proposal:
            email = cursor_row_key(unmatched)
            person = next(u for u in self.proposal.unmatched if u.email == email)
            why = f"{self.match_ctx.name(email)} ({person.role}) is unmatched: {person.reason}. Press p to pair them by hand."
            self.query_one("#explanation", Static).update(why)
            return
        pair = self.selected_pair()
        text = f"Score {pair.score:.2f}: " + "; ".join(pair.reasons) if pair else "No pair selected."
        if pair and self.swap_from:
            text = (
                f"Swapping with {self.match_ctx.name(self.swap_from.mentee)}'s pair: press s on the other pair. " + text
            )
        if self.proposal and self.proposal.notes:
            text += "\nNote: " + " · ".join(self.proposal.notes)
        self.query_one("#explanation", Static).update(text)

    @property
    def match_ctx(self) -> MatchContext:
        """The context of the shown proposal, for actions on it: show() sets both at once."""
        if self.ctx is None:
            raise RuntimeError("asked for the matching context before the first proposal was shown")
        return self.ctx

    def on_descendant_focus(self) -> None:
        """Moving between the tables explains the newly focused selection."""
        if self.proposal is not None:
            self.explain()

    def selected_mentee(self) -> str | None:
        """The mentee of the highlighted pair."""
        table = self.query_one("#proposal", DataTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def selected_pair(self) -> ProposedPair | None:
        """The highlighted pair of the proposal."""
        mentee = self.selected_mentee()
        return next((p for p in self.proposal.pairs if p.mentee == mentee), None) if self.proposal else None

    def require_pair(self) -> ProposedPair | None:
        """The highlighted pair, or None with a hint."""
        pair = self.selected_pair()
        if pair is None:
            self.notify("Select a pair in the proposal first.", severity="warning", markup=False)
        return pair

    def action_toggle_fix(self) -> None:
        """Fix a proposed pair, or unfix a fixed one."""
        if not (pair := self.require_pair()):
            return
        store, names = (
            cohort_app(self).store,
            f"{self.match_ctx.name(pair.mentor)} with {self.match_ctx.name(pair.mentee)}",
        )
        if pair.origin == "existing":
            self.notify("That pair is already confirmed; end it with e to change it.", markup=False)
        elif pair.origin == "fixed":
            self.act(lambda: pairs.unfix_pair(store, pair.mentor, pair.mentee), f"Unfixed {names}.")
        else:
            self.act(lambda: pairs.fix_pair(store, pair.mentor, pair.mentee), f"Fixed {names}.")

    def action_forbid(self) -> None:
        """Forbid the selected pair and propose again without it."""
        if not (pair := self.require_pair()):
            return
        if pair.origin == "existing":
            self.notify("That pair is already confirmed; end it with e first.", markup=False)
            return
        names = f"{self.match_ctx.name(pair.mentor)} with {self.match_ctx.name(pair.mentee)}"
        self.act(lambda: pairs.forbid_pair(cohort_app(self).store, pair.mentor, pair.mentee), f"Forbade {names}.")

    def action_rerun(self) -> None:
        """Propose again from the file as it is, keeping fixed pairs."""
        self.act(None, "Matching run again; fixed pairs were kept.")

    def action_swap(self) -> None:
        """Mark a pair, then swap its mentor with the next pair's, after showing the new scores."""
        if not (pair := self.require_pair()):
            return
        if pair.origin == "existing":
            self.notify("Confirmed pairs can't be swapped; end one with e first.", markup=False)
            return
        if self.swap_from is None or self.swap_from.mentee == pair.mentee:
            self.swap_from = pair
            self.explain()
            self.notify("Now select the other pair and press s again.", markup=False)
            return
        first, self.swap_from = self.swap_from, None
        self.explain()
        self.confirm_swap(first, pair)

    def confirm_swap(self, first: ProposedPair, second: ProposedPair) -> None:
        """Show both new pairs with their scores; refuse a swap that breaks a rule."""
        ctx = self.match_ctx
        new = [explain_pair(ctx, second.mentor, first.mentee), explain_pair(ctx, first.mentor, second.mentee)]
        lines = Text()
        for was, now in zip((first, second), new, strict=True):
            lines.append(f"{ctx.name(now.mentor)} with {ctx.name(now.mentee)}: {now.score:.2f} (was {was.score:.2f})\n")
        broken = [b.text for now in new for b in now.breaches if b.rule not in ("full", "paired")]
        if broken:
            self.notify(f"Can't swap: {'; '.join(broken)}.", severity="error", timeout=10, markup=False)
            return

        def apply() -> None:
            store = cohort_app(self).store
            with store.batch():
                for old in (first, second):
                    if old.origin == "fixed":
                        pairs.unfix_pair(store, old.mentor, old.mentee)
                pairs.fix_pair(store, second.mentor, first.mentee)
                pairs.fix_pair(store, first.mentor, second.mentee)

        def answer(yes: bool | None) -> None:
            if yes:
                self.act(apply, "Swapped; both new pairs are fixed.", highlight=first.mentee)

        detail = (
            f"Total change {sum(n.score for n in new) - first.score - second.score:+.2f}. Both new pairs will be fixed."
        )
        self.app.push_screen(ConfirmScreen(lines, detail, "Swap"), answer)

    def action_pair_manually(self) -> None:
        """Pick a partner for the selected person from their ranked candidates."""
        from rmtui.tui.dialogs.candidates import CandidatesScreen

        ctx = self.ctx
        if ctx is None:
            return
        unmatched = self.query_one("#unmatched", DataTable)
        if unmatched.has_focus and unmatched.row_count:
            email = cursor_row_key(unmatched)
        elif pair := self.require_pair():
            email = pair.mentee
        else:
            return
        person = ctx.person(email)

        def chosen(partner: str | None) -> None:
            if partner:
                mentor, mentee = (email, partner) if person.role == "mentor" else (partner, email)
                done = f"Paired {ctx.name(mentor)} with {ctx.name(mentee)} (fixed)."
                self.act(lambda: pairs.fix_pair(cohort_app(self).store, mentor, mentee), done, highlight=mentee)

        self.app.push_screen(CandidatesScreen(ctx, email), chosen)

    def action_confirm_all(self) -> None:
        """Confirm the proposal: its new pairs become active pairs."""
        if self.proposal is None:
            return
        new = self.proposal.new_pairs
        if not new:
            self.notify("Nothing to confirm: every pair is already active.", markup=False)
            return
        proposal = self.proposal

        def answer(yes: bool | None) -> None:
            if yes:
                self.act(
                    lambda: pairs.confirm_proposal(cohort_app(self).store, proposal),
                    f"Confirmed {plural(len(new), 'pair')}.",
                )

        question = Text(f"Confirm {plural(len(new), 'pair')} as active, dated today?")
        detail = "Pairs can be ended later with e; the senior partners should have been consulted first."
        self.app.push_screen(ConfirmScreen(question, detail, "Confirm"), answer)

    def action_end_pair(self) -> None:
        """End the selected active pair with a reason, then offer to rematch the mentee."""
        from rmtui.tui.dialogs.end_pair import EndPairScreen

        if not (pair := self.require_pair()):
            return
        if pair.origin != "existing":
            self.notify("Only confirmed pairs can be ended; this one is still provisional.", markup=False)
            return
        names = f"{self.match_ctx.name(pair.mentor)} and {self.match_ctx.name(pair.mentee)}"

        def ended(reason: str | None) -> None:
            if reason:
                done = f"Ended {names} ({reason}). Press c to confirm {self.match_ctx.name(pair.mentee)}'s rematch."
                self.act(
                    lambda: pairs.end_pair(cohort_app(self).store, pair.mentee, reason), done, highlight=pair.mentee
                )

        self.app.push_screen(EndPairScreen(names), ended)

    def action_weights(self) -> None:
        """Edit the score weights; re-run when they change."""
        from rmtui.tui.forms.weights import WeightsScreen

        def rerun_if_saved(saved: bool | None) -> None:
            if saved:
                self.act(None, "Weights saved; matching run again.")

        self.app.push_screen(WeightsScreen(), rerun_if_saved)

    def action_topics(self) -> None:
        """Open Topics; when its vocabulary changed, propose again and say why."""
        from rmtui.tui.dialogs.topics import TopicsScreen

        def rerun_if_changed(changed: bool | None) -> None:
            if changed:
                self.act(
                    None, "Topics changed, so the proposal before was stale: matching run again with the new topics."
                )

        self.app.push_screen(TopicsScreen(), rerun_if_changed)
