"""80×24 snapshots of the coordinator's dialogs that had none at that size. Each SVG was looked at before it was accepted.

Every dialog opens from its section, started with ``section=`` rather than an F-key, so a new key order changes nothing here.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.pilot import Pilot

SIZE = (80, 24)


def pressing(settle: Callable[[Pilot], Awaitable[None]], *keys: str) -> Callable[[Pilot], Awaitable[None]]:
    """A ``run_before`` that waits for the section to load, presses ``keys`` and waits for what they start."""

    async def run_before(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press(*keys)
        await settle(pilot)

    return run_before


def test_import_dialog_80x24(snap_compare, build_app, demo_path: Path, settle) -> None:
    assert snap_compare(build_app(demo_path, section="roster"), terminal_size=SIZE, run_before=pressing(settle, "i"))


def test_matching_proposal_80x24(snap_compare, build_app, unpaired_path: Path, settle) -> None:
    assert snap_compare(build_app(unpaired_path, section="matching"), terminal_size=SIZE, run_before=pressing(settle))


def test_pair_by_hand_80x24(snap_compare, build_app, demo_path: Path, settle) -> None:
    app = build_app(demo_path, section="matching")
    assert snap_compare(app, terminal_size=SIZE, run_before=pressing(settle, "p"))


def test_end_pair_80x24(snap_compare, build_app, demo_path: Path, settle) -> None:
    assert snap_compare(build_app(demo_path, section="matching"), terminal_size=SIZE, run_before=pressing(settle, "e"))


def test_weights_80x24(snap_compare, build_app, demo_path: Path, settle) -> None:
    assert snap_compare(build_app(demo_path, section="matching"), terminal_size=SIZE, run_before=pressing(settle, "g"))


def test_template_picker_80x24(snap_compare, build_app, demo_path: Path, settle) -> None:
    assert snap_compare(
        build_app(demo_path, section="goals"),
        terminal_size=SIZE,
        run_before=pressing(settle, "down", "down", "down", "t"),
    )
