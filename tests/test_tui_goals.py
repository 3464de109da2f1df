"""The goals section driven by keys: templates, assignment, passphrase resets, and nothing confidential on screen."""

from __future__ import annotations

import io
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from rich.console import Console
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import DataTable, Input, Static, TextArea

from rmtui.core.access import has_passphrase, pending_setup_code, read_private_notes, save_private_notes, unlock_pair
from rmtui.core.demo import DEMO_PASSPHRASES
from rmtui.core.goals import (
    NOT_STARTED,
    coordinator_overview,
    get_goal_sheet,
    get_template,
    list_templates,
    read_confidential_sections,
    save_confidential_sections,
)
from rmtui.core.matching import get_pair, pairs_by_id
from rmtui.core.store import GOAL_SHEETS, CohortStore, backup_folder
from rmtui.tui.app import RmtuiApp
from rmtui.tui.dialogs.confirm import ConfirmScreen
from rmtui.tui.dialogs.setup_code import SetupCodeScreen
from rmtui.tui.dialogs.template_picker import TemplateManager, TemplatePicker
from rmtui.tui.forms.template_editor import TemplateEditor
from rmtui.tui.sections.goals import GoalsScreen, plan_columns

SIZE = (100, 32)
AGREED, REVISED, DRAFT = 1, 2, 3  # demo pair ids, in the states their names say
DRAFT_PASSPHRASE = DEMO_PASSPHRASES[2]  # the demo's passphrase for its draft pair
MARKER = "MARKER-goals-9c2b"


@pytest.fixture
def app(demo_app: RmtuiApp) -> RmtuiApp:
    """The app on the demo cohort."""
    return demo_app


@pytest.fixture
def unassigned_app(build_app: Callable[..., RmtuiApp], demo_path: Path) -> RmtuiApp:
    """The app on the demo as it stood before pairs 4 onwards were given a template: 13 sheets not started."""
    with CohortStore.open(demo_path) as store:
        store.table(GOAL_SHEETS).remove(doc_ids=[i for i in pairs_by_id(store, active_only=True) if i > DRAFT])
    return build_app(demo_path)


@pytest.fixture
def open_goals(settle) -> Callable[[Pilot], Awaitable[GoalsScreen]]:
    """``await open_goals(pilot)``: go to the goals section (F5)."""

    async def open_goals(pilot: Pilot) -> GoalsScreen:
        await pilot.press("f5")
        await settle(pilot)
        assert isinstance(pilot.app.screen, GoalsScreen)
        return pilot.app.screen

    return open_goals


def select_pair(screen: GoalsScreen, pair_id: int) -> None:
    """Put the cursor on one pair."""
    table = screen.query_one("#goal-pairs", DataTable)
    table.move_cursor(row=table.get_row_index(str(pair_id)))


def select_template(app: RmtuiApp, template_id: str) -> None:
    """Put the cursor of the open template list on one template."""
    table = app.screen.query_one(DataTable)
    table.move_cursor(row=table.get_row_index(template_id))


def not_started(store: CohortStore) -> list[int]:
    """The active pairs whose sheet has not started."""
    return [view.pair_id for view in coordinator_overview(store) if view.state == NOT_STARTED]


def not_enrolled(store: CohortStore) -> list[int]:
    """The active pairs that have not set a passphrase yet."""
    return [view.pair_id for view in coordinator_overview(store) if not has_passphrase(store, view.pair_id)]


def plain(renderable: object) -> str:
    """What a renderable shows, as plain text on one wide line per line."""
    if hasattr(renderable, "plain"):
        return renderable.plain
    console = Console(width=200, file=io.StringIO())
    with console.capture() as capture:
        console.print(renderable)
    return capture.get()


def detail_text(screen: GoalsScreen) -> str:
    """The detail panel as plain text."""
    return plain(screen.query_one("#goal-detail-text", Static).content)


def rendered(widget: Widget) -> str:
    """The lines a widget draws, whole (scrolled out of view or not)."""
    width, height = widget.size
    return "\n".join(strip.text for strip in widget.render_lines(Region(0, 0, width, height)))


def shown_text(screen: GoalsScreen) -> str:
    """Everything the screen's widgets draw, with every cell of its tables."""
    texts = [rendered(widget) for widget in screen.walk_children(with_self=True)]
    for table in screen.query(DataTable):
        texts += [str(cell) for row in table.rows for cell in table.get_row(row)]
    return "\n".join(texts)


async def test_the_table_shows_each_sheet_s_progress(app: RmtuiApp, open_goals) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_goals(pilot)
        summary = str(screen.query_one("#goals-summary", Static).render())
        assert summary == "16 pairs · 14 agreed · 1 revised draft · 1 draft · 15 complete"
        table = screen.query_one("#goal-pairs", DataTable)
        assert table.row_count == 16
        mentor, mentee, state, template, agreed, complete, goals = (str(c) for c in table.get_row(str(AGREED)))
        assert (mentor, mentee, state) == ("Kwame Asante", "Richard Pemberton-Hale", "agreed")
        assert template.startswith("General: lea") and template.endswith("… v1")
        assert (agreed, complete, goals) == ("08 Dec·10 Dec", "✓", "3")
        select_pair(screen, AGREED)
        await pilot.pause()
        shown = detail_text(screen)
        for goal in get_goal_sheet(app.store, AGREED).goals:
            assert goal.title in shown
        assert "Mentee agreed on 8 Dec 2025, mentor on 10 Dec 2025 · complete ✓" in shown
        select_pair(screen, DRAFT)
        await pilot.pause()
        assert "still needs a mentee goal with a success measure" in detail_text(screen)


def test_columns_fit_every_width() -> None:
    for width in (80, 100, 120, 160):
        columns = plan_columns(width)
        assert sum(column.width + 2 for column in columns) + 3 <= width
        assert ("template" in {column.key for column in columns}) == (width >= 100)


async def test_assign_a_template_to_one_pair(unassigned_app: RmtuiApp, settle, notices, open_goals) -> None:
    app = unassigned_app
    async with app.run_test(size=SIZE, message_hook=notices.hook) as pilot:
        screen = await open_goals(pilot)
        pair_id = not_started(app.store)[0]
        select_pair(screen, pair_id)
        await pilot.press("t")
        assert isinstance(app.screen, TemplatePicker)
        select_template(app, "technology")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, GoalsScreen)
        assert get_goal_sheet(app.store, pair_id).template_id == "technology"
        assert "Technology focus" in str(screen.query_one("#goal-pairs", DataTable).get_row(str(pair_id))[3])
        # A started sheet keeps its template: no picker, and a reason.
        select_pair(screen, AGREED)
        await pilot.press("t")
        assert isinstance(app.screen, GoalsScreen)
        assert any("which it keeps" in message for message in notices.messages)


async def test_assign_a_template_to_every_pair_not_started_in_one_write(
    unassigned_app: RmtuiApp, settle, open_goals, notices
) -> None:
    app = unassigned_app
    async with app.run_test(size=SIZE, message_hook=notices.hook) as pilot:
        await open_goals(pilot)
        waiting = not_started(app.store)
        before = {pair_id: get_goal_sheet(app.store, pair_id) for pair_id in (AGREED, REVISED, DRAFT)}
        await pilot.press("T")
        assert isinstance(app.screen, TemplatePicker)
        select_template(app, "social-values")
        await pilot.press("enter")
        assert isinstance(app.screen, ConfirmScreen)
        assert "13 pairs whose sheet has not started" in str(app.screen.query_one(Static).render())
        writes = app.store.write_count
        await pilot.press("y")
        await settle(pilot)
        assert app.store.write_count == writes + 1
        assert {get_goal_sheet(app.store, pair_id).template_id for pair_id in waiting} == {"social-values"}
        assert {pair_id: get_goal_sheet(app.store, pair_id) for pair_id in before} == before
        assert (
            "Assigned 'Social values and inclusion focus' to 13 pairs; 3 kept the sheet they started."
            in notices.messages
        )


async def test_create_duplicate_and_edit_templates(app: RmtuiApp, settle, notices, open_goals) -> None:
    async with app.run_test(size=SIZE, message_hook=notices.hook) as pilot:
        screen = await open_goals(pilot)
        await pilot.press("m")
        assert isinstance(app.screen, TemplateManager)

        await pilot.press("n")
        form = app.screen
        assert isinstance(form, TemplateEditor)
        form.query_one("#name", Input).value = "Hybrid working"
        form.query_one("#topics", TextArea).load_text("Working across sites\nMeetings with remote colleagues")
        form.query_one("#suggested_goals", TextArea).load_text(
            "mentee | Run one meeting remote-first | Team says it worked"
        )
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, TemplateManager)
        created = next(t for t in list_templates(app.store) if t.name == "Hybrid working")
        assert created.version == 1 and created.topics == ("Working across sites", "Meetings with remote colleagues")
        assert [(g.owner, g.title) for g in created.suggested_goals] == [("mentee", "Run one meeting remote-first")]
        # What a new template does not say comes from the standard text.
        standard = get_template(app.store, "leadership-culture", 1)
        assert created.section("meetings").prompt == standard.section("meetings").prompt

        select_template(app, "technology")
        await pilot.press("d")
        await settle(pilot)
        copy = next(t for t in list_templates(app.store) if t.name == "Copy of Technology focus")
        assert copy.version == 1 and copy.based_on == "technology"

        # The agreed demo pair started from the general template's version 1.
        assert get_goal_sheet(app.store, AGREED).template_version == 1
        select_template(app, "leadership-culture")
        await pilot.press("e")
        form = app.screen
        assert isinstance(form, TemplateEditor)
        assert "keep the version they started from" in str(form.query_one(".hint", Static).render())
        form.query_one("#description", Input).value = "For any pair: communication, culture and leadership."
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert get_template(app.store, "leadership-culture").version == 2
        assert get_goal_sheet(app.store, AGREED).template_version == 1
        assert any("as version 2" in message for message in notices.messages)

        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        assert "General: leadership and culture v1" in detail_text(screen)


async def test_enter_on_a_template_row_edits_it(app: RmtuiApp, settle, open_goals) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_goals(pilot)
        await pilot.press("m")
        select_template(app, "social-values")
        await pilot.press("enter")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, TemplateEditor), "Enter on a template row opens it, as on the roster"
        assert form.query_one("#name", Input).value == get_template(app.store, "social-values").name


async def test_the_template_form_shows_each_problem_under_its_field(app: RmtuiApp, settle, open_goals) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_goals(pilot)
        await pilot.press("m")
        select_template(app, "technology")
        await pilot.press("e")
        form = app.screen
        form.query_one("#name", Input).value = ""
        form.query_one("#suggested_goals", TextArea).load_text("mentee | Fine | measured\nboss | Someone's goal")
        form.query_one("#sensitivities-prompt", TextArea).load_text("bell \x07 here")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert str(form.query_one("#name-error", Static).render()) == "↑ is required"
        assert "goal 2: owner 'boss' must be mentee or mentor" in str(
            form.query_one("#suggested_goals-error", Static).render()
        )
        assert "control character" in str(form.query_one("#sensitivities-prompt-error", Static).render())
        assert get_template(app.store, "technology").version == 1
        await pilot.press("escape", "y")  # the form was changed: Esc asks, y discards
        assert isinstance(app.screen, TemplateManager)


async def test_after_an_error_the_template_form_selects_the_bad_value_so_typing_replaces_it(
    app: RmtuiApp, settle, open_goals
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_goals(pilot)
        await pilot.press("m", "n")
        form = app.screen
        assert isinstance(form, TemplateEditor)
        name = form.query_one("#name", Input)
        name.value = "Technology focus"  # a built-in template's name
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "already a template's name" in str(form.query_one("#name-error", Static).render())
        assert form.focused is name and name.selected_text == "Technology focus"
        await pilot.press(*"Hybrid")
        assert name.value == "Hybrid", "the bad value is replaced, not added to"
        # A bad entry in a list is selected too, and shows under its own box.
        goals = form.query_one("#suggested_goals", TextArea)
        goals.load_text("boss | Someone's goal")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "owner 'boss' must be mentee or mentor" in str(form.query_one("#suggested_goals-error", Static).render())
        assert form.focused is goals and goals.selected_text == "boss | Someone's goal"


async def test_reset_warns_first_then_deletes_only_the_confidential_content(
    app: RmtuiApp, settle, notices, open_goals
) -> None:
    async with app.run_test(size=SIZE, message_hook=notices.hook) as pilot:
        screen = await open_goals(pilot)
        sheet, pair = get_goal_sheet(app.store, AGREED), get_pair(app.store, AGREED)
        select_pair(screen, AGREED)
        await pilot.press("x")
        assert isinstance(app.screen, ConfirmScreen)
        warning = str(app.screen.query_one(".hint", Static).render())
        assert warning.startswith("Resetting deletes the passphrase and the confidential content it protects")
        assert has_passphrase(app.store, AGREED)
        await pilot.press("n")
        assert has_passphrase(app.store, AGREED)

        damaged = backup_folder(app.store.path) / f"{app.store.path.stem}-00000000-damaged.json"
        damaged.parent.mkdir(exist_ok=True)
        damaged.write_bytes(b"{ not a cohort")
        await pilot.press("x", "y")
        await settle(pilot)
        assert not has_passphrase(app.store, AGREED)
        assert any("could not be rewritten" in message and str(damaged) in message for message in notices.messages)
        assert get_goal_sheet(app.store, AGREED) == sheet
        assert get_pair(app.store, AGREED) == pair
        assert any(message.startswith("Reset the passphrase of") for message in notices.messages)

        # A pair without a passphrase has nothing to reset.
        select_pair(screen, not_enrolled(app.store)[0])
        await pilot.press("x")
        assert app.screen is screen
        assert any("nothing to reset" in message for message in notices.messages)


async def test_a_pairs_setup_code_is_issued_once_and_shown_again_until_used(app: RmtuiApp, notices, open_goals) -> None:
    waiting = not_enrolled(app.store)[0]
    async with app.run_test(size=SIZE, message_hook=notices.hook) as pilot:
        screen = await open_goals(pilot)
        select_pair(screen, waiting)
        await pilot.press("c")
        assert isinstance(app.screen, SetupCodeScreen)
        code = pending_setup_code(app.store, waiting)
        assert code and str(app.screen.query_one("#code", Static).render()) == code
        await pilot.press("escape", "c")
        assert str(app.screen.query_one("#code", Static).render()) == code, "the same code again"
        await pilot.press("n")
        replaced = pending_setup_code(app.store, waiting)
        assert replaced != code and str(app.screen.query_one("#code", Static).render()) == replaced
        await pilot.press("escape")
        select_pair(screen, AGREED)
        await pilot.press("c")
        assert app.screen is screen, "an enrolled pair needs no code"
        assert any("already has a passphrase" in message for message in notices.messages)


async def test_the_coordinator_never_sees_confidential_content(demo_path: Path, build_app, open_goals) -> None:
    with CohortStore.open(demo_path) as store:
        key = unlock_pair(store, DRAFT, DRAFT_PASSPHRASE)
        save_confidential_sections(store, key, {"sensitivities": MARKER, "disagreements": f"{MARKER} disagreements"})
        save_private_notes(store, key, f"{MARKER} notes")
        assert read_confidential_sections(store, key).sensitivities == MARKER
        assert read_private_notes(store, key) == f"{MARKER} notes"
    app = build_app(demo_path)
    try:
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_goals(pilot)
            select_pair(screen, DRAFT)
            await pilot.pause()
            shown = shown_text(screen)
            assert "Gareth Llewellyn" in shown and "Understand how my teams really work" in shown
            assert MARKER not in shown
            assert MARKER not in app.export_screenshot()
            # Nor does the warning before a reset quote it.
            await pilot.press("x")
            assert isinstance(app.screen, ConfirmScreen)
            assert MARKER not in app.export_screenshot()
    finally:
        app.store.close()
