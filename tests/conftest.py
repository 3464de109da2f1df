"""Shared fixtures: a fixed clock, the demo cohort in tmp_path, and apps frozen for snapshots."""

from __future__ import annotations

import html
import os
import re

os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from hypothesis import settings
from textual.app import App
from textual.widgets import Input

from rmtui.core.access import crypto
from rmtui.core.demo import write_demo
from rmtui.tui.app import RmtuiApp, make_app

TODAY = date(2026, 3, 16)

# The suite runs the same examples every time, so a red run is always reproducible and CI never
# fails on a chance find. Explore new examples with HYPOTHESIS_PROFILE=explore.
settings.register_profile("repeatable", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))


def make_kdf_cheap(monkeypatch: pytest.MonkeyPatch) -> None:
    """scrypt at N=2**10, with a floor to match, so that passphrases take milliseconds."""
    monkeypatch.setattr(crypto, "SCRYPT_N", 2**10)
    monkeypatch.setattr(crypto, "MIN_SCRYPT_N", 2**10)


@pytest.fixture(autouse=True)
def _cheap_kdf(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test's passphrases are cheap, except in ``real_kdf`` tests, which keep the production cost."""
    if request.node.get_closest_marker("real_kdf") is None:
        make_kdf_cheap(monkeypatch)


@pytest.fixture(autouse=True)
def _no_cursor_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    """A blinking cursor would make snapshots depend on timing."""
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)


@pytest.fixture(scope="session")
def demo_bytes(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The demo cohort, built once per run, with cheap passphrases like every test's."""
    path = tmp_path_factory.mktemp("demo") / "cohort.json"
    with pytest.MonkeyPatch.context() as monkeypatch:
        make_kdf_cheap(monkeypatch)
        write_demo(path, today=TODAY)
    return path.read_bytes()


@pytest.fixture
def demo_path(tmp_path: Path, demo_bytes: bytes) -> Path:
    """A fresh copy of the demo cohort, dated by the fixed clock."""
    path = tmp_path / "cohort.json"
    path.write_bytes(demo_bytes)
    return path


def build_app(path: Path, section: str = "roster") -> RmtuiApp:
    """The real app on ``path`` with the fixed clock and no animation, opened on a section (the roster by default)."""
    app = make_app(path, clock=lambda: TODAY, section=section)
    app.animation_level = "none"
    return app


@pytest.fixture
def demo_app(demo_path: Path) -> Iterator[RmtuiApp]:
    """The app on the demo cohort; its lock is released afterwards."""
    app = build_app(demo_path)
    yield app
    app.store.close()


def drawn_text(app: App) -> str:
    """Everything the app's screen shows, as plain text (the screenshot without its SVG markup)."""
    svg = app.export_screenshot()
    return html.unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")
