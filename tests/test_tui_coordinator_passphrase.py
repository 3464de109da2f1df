"""The coordinator's passphrase: set in settings, asked when rmtui opens, with no way around it."""

from __future__ import annotations

from pathlib import Path

from textual.command import CommandPalette
from textual.widgets import Input, Static

from rmtui.core.access import has_coordinator_passphrase, set_coordinator_passphrase
from rmtui.core.roster import list_participants
from rmtui.core.store import CohortStore
from rmtui.tui.app import RmtuiApp
from rmtui.tui.dialogs.passphrase import CoordinatorPassphraseScreen
from rmtui.tui.forms.coordinator_passphrase import CoordinatorPassphraseForm

SIZE = (100, 32)


async def test_set_in_settings_with_the_new_one_typed_twice(demo_app: RmtuiApp, settle) -> None:
    async with demo_app.run_test(size=SIZE) as pilot:
        await pilot.press("f7", "ctrl+k")
        form = demo_app.screen
        assert isinstance(form, CoordinatorPassphraseForm)
        form.query_one("#new", Input).value = "keep-it-safe"
        form.query_one("#repeat", Input).value = "keep-it-sa"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "does not match" in str(form.query_one("#coordinator-problem", Static).render())
        assert not has_coordinator_passphrase(demo_app.store)
        form.query_one("#repeat", Input).value = "keep-it-safe"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert has_coordinator_passphrase(demo_app.store)
        assert "asks for it on start" in str(demo_app.screen.query_one("#passphrase-status", Static).render())


async def test_rmtui_opens_only_with_the_coordinator_passphrase(demo_path: Path, settle, build_app) -> None:
    with CohortStore.open(demo_path) as store:
        set_coordinator_passphrase(store, "keep-it-safe")
    app = build_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        gate = app.screen
        assert isinstance(gate, CoordinatorPassphraseScreen)
        await pilot.press("f4", "f7", "ctrl+p")
        await pilot.pause()
        assert app.screen is gate and app.current_mode == "locked"
        assert not isinstance(app.screen, CommandPalette)
        gate.query_one("#passphrase", Input).value = "guess-guess"
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is gate and "wrong" in str(gate.query_one("#passphrase-problem", Static).render()).lower()
        gate.query_one("#passphrase", Input).value = "keep-it-safe"
        await pilot.press("enter")
        await settle(pilot)
        assert not app.locked
        await pilot.press("f4")
        assert app.current_mode == "matching"
    app.store.close()


async def test_nothing_of_the_cohort_is_drawn_before_the_passphrase(
    demo_path: Path, settle, build_app, drawn_text
) -> None:
    with CohortStore.open(demo_path) as store:
        set_coordinator_passphrase(store, "keep-it-safe")
        secrets = [p.name for p in list_participants(store)] + [store.settings().name]
    for section in ("dashboard", "roster", "report"):
        app = build_app(demo_path, section)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("f1", "f3", "f2", "ctrl+p")
            await settle(pilot)
            drawn = drawn_text(app)
            assert isinstance(app.screen, CoordinatorPassphraseScreen)
            assert [name for name in secrets if name in drawn] == [], section
            assert len(app.screen_stack) == 2, "only a blank screen lies under the prompt"
        app.store.close()


async def test_going_back_from_the_prompt_quits(demo_path: Path, build_app) -> None:
    with CohortStore.open(demo_path) as store:
        set_coordinator_passphrase(store, "keep-it-safe")
    app = build_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
    assert app.return_code == 0 and app.return_value is None and not app.is_running
    app.store.close()
