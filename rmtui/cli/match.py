"""``rmtui match``: propose pairs, explain them and the people left over, and confirm them.

``rmtui.cli.commands`` registers this command; the group's ``Settings`` (``rmtui.cli.settings``) reaches it through
``click.pass_obj``, so it never imports ``rmtui.cli.commands`` back (a contract in pyproject.toml checks it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from rmtui.cli.settings import Settings
    from rmtui.core.matching import MatchContext, Proposal


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of tables.")
@click.option("--candidates", is_flag=True, help="Also list every eligible mentor of every mentee.")
@click.option("--confirm", is_flag=True, help="Save the proposed pairs as active pairs, dated today.")
@click.pass_obj
def match(settings: Settings, as_json: bool, candidates: bool, confirm: bool) -> None:
    """Propose pairs: as many mentees matched as the rules allow, then the best total score."""
    from rmtui.core.matching import confirm_proposal, match_context, propose
    from rmtui.core.store import CohortStore

    if confirm:
        # A writer would create a missing file; say it is missing instead, as a reader does.
        CohortStore.open(settings.db_path, read_only=True).close()
    with CohortStore.open(settings.db_path, read_only=not confirm) as store:
        ctx = match_context(store)
        proposal = propose(ctx)
        if as_json:
            _print_json(ctx, proposal, candidates)
        else:
            _print_tables(ctx, proposal, candidates)
        if confirm:
            added = confirm_proposal(store, proposal)
            # With --json, stdout carries the JSON object alone.
            click.echo(f"Confirmed {len(added)} new pair(s), dated {store.today().isoformat()}.", err=as_json)


def proposal_doc(ctx: MatchContext, proposal: Proposal, candidates: bool) -> dict[str, Any]:
    """The proposal as the JSON object ``rmtui match --json`` prints."""
    doc: dict[str, Any] = {
        "pairs": [
            {"mentor": p.mentor, "mentee": p.mentee, "score": round(p.score, 3), "reasons": list(p.reasons)}
            for p in proposal.pairs
        ],
        "unmatched": [{"email": u.email, "role": u.role, "reason": u.reason} for u in proposal.unmatched],
        "total_score": round(proposal.total_score, 3),
    }
    if candidates:
        from rmtui.core.matching import eligible_mentors

        doc["candidates"] = {
            mentee: [{"mentor": mentor, "score": round(score, 3)} for mentor, score in ranked]
            for mentee, ranked in eligible_mentors(ctx).items()
        }
    return doc


def _print_json(ctx: MatchContext, proposal: Proposal, candidates: bool) -> None:
    import json

    click.echo(json.dumps(proposal_doc(ctx, proposal, candidates), ensure_ascii=False))
    for note in proposal.notes:
        click.echo(f"Note: {note}", err=True)


def _print_tables(ctx: MatchContext, proposal: Proposal, candidates: bool) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from rmtui.core.matching import points

    console = Console()
    pairs = Table(title=f"Proposed pairs · total score {points(proposal.total_score)}", title_justify="left")
    for column in ("Mentor", "Mentee", "Score", "Why"):
        pairs.add_column(column, justify="right" if column == "Score" else "left", overflow="fold")
    for pair in proposal.pairs:
        # Names and topics are shown as typed: Text is never read as markup, so "[/]" in a name cannot break it.
        pairs.add_row(Text(ctx.name(pair.mentor)), Text(ctx.name(pair.mentee)), points(pair.score), Text(pair.summary))
    console.print(pairs)
    if proposal.unmatched:
        left = Table(title="Left unmatched", title_justify="left")
        for column in ("Person", "Role", "Why"):
            left.add_column(column, overflow="fold")
        for person in proposal.unmatched:
            left.add_row(Text(ctx.name(person.email)), person.role, Text(person.reason))
        console.print(left)
    else:
        console.print("Everyone active is matched.")
    for note in proposal.notes:
        console.print(f"Note: {note}", highlight=False, markup=False)
    if ctx.setup.vocabulary.last_change:
        # A re-run after a merge says why its topics differ from the last run's.
        console.print(
            f"Topics are compared through the cohort's vocabulary (last change: {ctx.setup.vocabulary.last_change}); "
            "`rmtui topics` lists it.",
            highlight=False,
            markup=False,
        )
    if candidates:
        _print_candidates(console, ctx)


def _print_candidates(console: Any, ctx: MatchContext) -> None:
    from rmtui.core.matching import eligible_mentors, listing, points

    console.print("\nEligible mentors of each mentee, best first:")
    for mentee, ranked in eligible_mentors(ctx).items():
        names = [f"{ctx.name(mentor)} ({points(score)})" for mentor, score in ranked]
        console.print(
            f"  {ctx.name(mentee)}: {listing(names, limit=8) if names else 'none'}", highlight=False, markup=False
        )
