"""The background warm-up after the first screen never holds up the app while other work runs."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from rmtui.tui.app import WARM_UP_DELAY, RmtuiApp
from rmtui.tui.sections import dashboard
from rmtui.tui.sections.roster import RosterScreen


async def test_keys_are_answered_while_the_first_screens_work_still_runs(
    demo_path: Path, build_app: Callable[..., RmtuiApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The warm-up waits for the dashboard's load to end before it starts; the app answers F3 meanwhile."""
    go_on, gone_on = threading.Event(), threading.Event()
    load = dashboard.load_dashboard

    def held_back(*args: Any) -> Any:
        go_on.wait(10)
        gone_on.set()
        return load(*args)

    monkeypatch.setattr(dashboard, "load_dashboard", held_back)
    app = build_app(demo_path, section=None)
    try:
        async with app.run_test(size=(100, 32)) as pilot:
            # Past the warm-up's first check, while the dashboard's load is still held back.
            await asyncio.sleep(3 * WARM_UP_DELAY)
            await pilot.press("f3")
            deadline = time.monotonic() + 2
            while not isinstance(app.screen, RosterScreen) and time.monotonic() < deadline:
                await asyncio.sleep(0.02)
            assert isinstance(app.screen, RosterScreen) and not gone_on.is_set(), "F3 waited for the dashboard's load"
            go_on.set()
    finally:
        go_on.set()
        app.store.close()
