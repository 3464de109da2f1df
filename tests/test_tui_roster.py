"""The roster screen driven like a person would: keys in, then the file and the widgets checked."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Checkbox, DataTable, Input, Select, Static

from rmtui.core.roster import add_participant, list_participants, update_participant
from rmtui.core.store import CohortStore
from rmtui.tui.app import RmtuiApp
from rmtui.tui.dialogs.confirm import ConfirmScreen
from rmtui.tui.dialogs.help import HelpScreen
from rmtui.tui.dialogs.import_roster import ImportScreen
from rmtui.tui.forms.participant import ParticipantForm
from rmtui.tui.widgets.choice import Choice

SIZE = (100, 32)


def saved_people(path: Path) -> dict[str, object]:
    """What is on disk now, read without the lock."""
    with CohortStore.open(path, read_only=True) as store:
        return {p.email: p for p in list_participants(store)}


async def test_add_participant_saves_to_file(demo_app: RmtuiApp, demo_path: Path, settle, fill) -> None:
    async with demo_app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        form = demo_app.screen
        assert isinstance(form, ParticipantForm)
        await pilot.press(*"Noor")  # typed key by key, as a person would
        fill(form, email="Noor.Haddad@HarbourFinch.co.uk", grade="2", department="Sales", offers="TikTok; Canva")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(demo_app.screen, ParticipantForm)
        table = demo_app.screen.query_one("#roster", DataTable)
        assert "noor.haddad@harbourfinch.co.uk" in table.rows
    noor = saved_people(demo_path)["noor.haddad@harbourfinch.co.uk"]
    assert (noor.name, noor.grade, noor.offers) == ("Noor", 2, ("TikTok", "Canva"))


async def test_choices_are_picked_with_arrows_letters_and_clicks(
    demo_app: RmtuiApp, demo_path: Path, settle, fill
) -> None:
    async with demo_app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        form = demo_app.screen
        assert isinstance(form, ParticipantForm)
        fill(form, name="Noor", email="noor@harbourfinch.co.uk", grade="2")
        role, focus, format_ = (form.query_one(f"#{field}", Choice) for field in ("role", "focus", "format"))
        assert (role.value, focus.value, format_.value) == ("mentor", "both", "either"), "the new form's defaults"
        role.focus()
        await pilot.pause()
        await pilot.press("right")
        assert role.value == "mentee"
        await pilot.press("right", "left", "x")  # round to mentor and back; a letter no choice starts with does nothing
        assert role.value == "mentee"
        focus.focus()
        await pilot.pause()
        await pilot.press("s")
        assert focus.value == "social values"
        await pilot.press("space")
        assert focus.value == "both"
        await pilot.press("left")
        await pilot.click(format_, offset=(len("○ in person   ") + 2, 0))  # on "remote"
        assert format_.value == "remote"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(demo_app.screen, ParticipantForm)
    noor = saved_people(demo_path)["noor@harbourfinch.co.uk"]
    assert (noor.role, noor.focus, noor.format) == ("mentee", "social values", "remote")


async def test_edit_form_shows_the_persons_choices_and_esc_asks_after_one_changed(demo_app: RmtuiApp) -> None:
    person = next(p for p in list_participants(demo_app.store) if p.role == "mentee")
    async with demo_app.run_test(size=SIZE) as pilot:
        demo_app.push_screen(ParticipantForm(person))
        await pilot.pause()
        form = demo_app.screen
        assert [form.query_one(f"#{field}", Choice).value for field in ("role", "focus", "format")] == [
            person.role,
            person.focus,
            person.format,
        ]
        form.query_one("#role", Choice).focus()
        await pilot.pause()
        await pilot.press("left", "escape")
        assert isinstance(demo_app.screen, ConfirmScreen), "a changed choice is a change to discard"


async def test_diversity_boxes_come_with_consent_and_are_saved_only_with_it(
    demo_app: RmtuiApp, demo_path: Path, settle, fill
) -> None:
    async with demo_app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        form = demo_app.screen
        fill(form, name="Noor", email="noor@harbourfinch.co.uk", grade="2")
        assert not form.query("#generation, #under_represented"), "no boxes for details nobody consented to"
        form.query_one("#diversity_consent", Checkbox).focus()
        await pilot.pause()
        await pilot.press("space")  # consent ticked: the boxes appear under the checkbox, ready to type in
        await pilot.pause()
        generation = form.query_one("#generation", Input)
        assert not generation.disabled and form.query_one("#under_represented", Input).region.height == 1
        fill(form, generation="Gen Z")
        await pilot.press("space")  # unticked: the boxes stay, disabled, with what was typed
        await pilot.pause()
        assert generation.disabled and generation.value == "Gen Z"
        await pilot.press("space")
        await pilot.pause()
        assert not generation.disabled
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(demo_app.screen, ParticipantForm)
    noor = saved_people(demo_path)["noor@harbourfinch.co.uk"]
    assert (noor.diversity_consent, noor.generation) == (True, "Gen Z")


async def test_the_edit_form_of_someone_who_consented_shows_their_details(demo_app: RmtuiApp, settle) -> None:
    person = next(p for p in list_participants(demo_app.store) if p.role == "mentee")
    update_participant(demo_app.store, person.email, {"diversity_consent": "yes", "generation": "Gen X"})
    async with demo_app.run_test(size=SIZE) as pilot:
        demo_app.push_screen(
            ParticipantForm(next(p for p in list_participants(demo_app.store) if p.email == person.email))
        )
        await pilot.pause()
        generation = demo_app.screen.query_one("#generation", Input)
        assert (generation.value, generation.disabled) == ("Gen X", False)


async def test_invalid_form_shows_errors_and_saves_nothing(demo_app: RmtuiApp, demo_path: Path, settle, fill) -> None:
    before = saved_people(demo_path)
    async with demo_app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        form = demo_app.screen
        fill(form, name="Sam", email="not-an-email", grade="senior")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert demo_app.screen is form, "the form stays open with the typed values"
        assert "whole number, like 3" in str(form.query_one("#grade-error", Static).render())
        assert "not an email address" in str(form.query_one("#email-error", Static).render())
        assert form.query_one("#grade", Input).value == "senior"
    assert saved_people(demo_path) == before


async def test_duplicate_email_is_refused_inline(demo_app: RmtuiApp, settle, fill) -> None:
    async with demo_app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        form = demo_app.screen
        fill(form, name="Copy", email=" Mei.Wong@harbourfinch.co.uk ")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "already belongs to Mei Wong" in str(form.query_one("#email-error", Static).render())


async def test_filter_then_edit(demo_app: RmtuiApp, demo_path: Path, settle, fill) -> None:
    async with demo_app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"kowalski")
        table = demo_app.screen.query_one("#roster", DataTable)
        assert table.row_count == 1
        await pilot.press("enter", "e")  # enter leaves the filter; e edits the only row
        form = demo_app.screen
        assert isinstance(form, ParticipantForm)
        assert form.query_one("#name", Input).value == "Martin Kowalski"
        fill(form, job_title="Finance Business Partner")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("escape")
        assert table.row_count == 30
    assert saved_people(demo_path)["martin.kowalski@harbourfinch.co.uk"].job_title == "Finance Business Partner"


async def test_delete_needs_confirmation(demo_app: RmtuiApp, demo_path: Path, settle) -> None:
    bilal = "bilal.hussain@harbourfinch.co.uk"  # withdrew before matching, so never in a pair
    async with demo_app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"bilal", "enter", "d")
        assert isinstance(demo_app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(pilot)
        assert bilal in saved_people(demo_path)
        await pilot.press("d", "y")
        await settle(pilot)
        assert demo_app.screen.query_one("#roster", DataTable).row_count == 0
    assert bilal not in saved_people(demo_path)


async def test_someone_who_was_in_a_pair_cannot_be_deleted(
    demo_app: RmtuiApp, demo_path: Path, settle, notices
) -> None:
    async with demo_app.run_test(size=SIZE, message_hook=notices.hook) as pilot:
        await pilot.press("slash", *"amara", "enter", "d", "y")
        await settle(pilot)
        assert any("has been in a pair" in m and "withdrawn" in m for m in notices.messages), notices.messages
    assert "amara.nwosu@harbourfinch.co.uk" in saved_people(demo_path)


async def test_withdraw_and_reactivate(demo_app: RmtuiApp, demo_path: Path, settle) -> None:
    email = "nathan.reid@harbourfinch.co.uk"
    async with demo_app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"nathan reid", "enter", "w")
        await settle(pilot)
        assert saved_people(demo_path)[email].status == "withdrawn"
        await pilot.press("w")
        await settle(pilot)
        assert saved_people(demo_path)[email].status == "active"
        await pilot.press("l")
        await settle(pilot)
    assert saved_people(demo_path)[email].status == "left organisation"


async def test_sort_cycles_columns(demo_app: RmtuiApp) -> None:
    async with demo_app.run_test(size=SIZE) as pilot:
        table = demo_app.screen.query_one("#roster", DataTable)
        await pilot.press("s")  # name → role
        roles = [str(table.get_row_at(i)[1]) for i in range(table.row_count)]
        assert roles == sorted(roles)
        await pilot.press("s", "s")  # → department → grade
        grades = [int(str(table.get_row_at(i)[3])) for i in range(table.row_count)]
        assert grades == sorted(grades)


async def test_import_from_the_app_reports_line_numbers(
    demo_app: RmtuiApp, demo_path: Path, tmp_path: Path, settle
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("name,email,role\nAna,ana@example.org,mentor\nBo,bo@example,boss\n", encoding="utf-8")
    good = tmp_path / "good.csv"
    good.write_text("Full Name;E-mail;Role\nAna Silva;ana@example.org;junior\n", encoding="utf-8")
    async with demo_app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
        dialog = demo_app.screen
        assert isinstance(dialog, ImportScreen)
        dialog.query_one("#path", Input).value = str(bad)
        await pilot.press("ctrl+s")
        await settle(pilot)
        report = str(dialog.query_one("#report", Static).render())
        assert "line 3: email:" in report and "line 3: role:" in report
        assert "Nothing was imported" in report
        assert "ana@example.org" not in saved_people(demo_path)
        dialog.query_one("#path", Input).value = str(good)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Imported 1 new" in str(dialog.query_one("#report", Static).render())
        await pilot.press("escape")
        await pilot.pause()
        assert "ana@example.org" in demo_app.screen.query_one("#roster", DataTable).rows
    assert saved_people(demo_path)["ana@example.org"].role == "mentor"


async def test_the_app_imports_a_windows_csv_and_a_workbook_and_says_how_it_read_them(
    demo_app: RmtuiApp, demo_path: Path, tmp_path: Path, settle
) -> None:
    import openpyxl

    windows = tmp_path / "windows.csv"
    windows.write_bytes("name,email,role\nZoë Œuvre,zoe.o@example.org,mentor\n".encode("cp1252"))
    workbook = openpyxl.Workbook()
    workbook.active.append(["Full name", "Email address", "Role", "Grade"])
    workbook.active.append(["José Martins", "jose.m@example.org", "mentee", 6])
    workbook.save(tmp_path / "form.xlsx")
    async with demo_app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
        dialog = demo_app.screen
        for path, read_as in (
            (windows, "Windows-1252"),
            (tmp_path / "form.xlsx", "sheet 'Sheet' of an Excel workbook"),
        ):
            dialog.query_one("#path", Input).value = str(path)
            await pilot.press("ctrl+s")
            await settle(pilot)
            report = str(dialog.query_one("#report", Static).render())
            assert f"(read as {read_as}" in report and "Imported 1 new" in report
    people = saved_people(demo_path)
    assert people["zoe.o@example.org"].name == "Zoë Œuvre"
    assert (people["jose.m@example.org"].name, people["jose.m@example.org"].grade) == ("José Martins", 6)


async def test_the_app_offers_a_workbooks_other_sheets_and_imports_the_one_chosen(
    demo_app: RmtuiApp, demo_path: Path, tmp_path: Path, settle
) -> None:
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.title = "Summary"
    workbook.active.append(["Responses", 1])
    responses = workbook.create_sheet("Form1")
    responses.append(["Full name", "Email address", "Role"])
    responses.append(["José Martins", "jose.m@example.org", "mentee"])
    workbook.save(tmp_path / "form.xlsx")
    async with demo_app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
        dialog = demo_app.screen
        sheet_row = dialog.query_one("#sheet-row")
        assert not sheet_row.display  # a CSV file or a one-sheet workbook has nothing to choose
        dialog.query_one("#path", Input).value = str(tmp_path / "form.xlsx")
        await pilot.press("ctrl+k")
        await settle(pilot)
        report = str(dialog.query_one("#report", Static).render())
        assert "read as sheet 'Summary'" in report
        assert "The workbook has 2 sheets, 'Summary', 'Form1': choose one under Sheet." in report
        assert sheet_row.display
        dialog.query_one("#sheet", Select).value = "Form1"  # checks the file again, as that sheet
        await settle(pilot)
        report = str(dialog.query_one("#report", Static).render())
        assert "read as sheet 'Form1'" in report and "1 row read, 1 valid" in report
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Imported 1 new" in str(dialog.query_one("#report", Static).render())
        dialog.query_one("#path", Input).value = str(tmp_path / "other.xlsx")  # a new file starts at its first sheet
        await pilot.pause()
        assert not sheet_row.display and dialog.query_one("#sheet", Select).is_blank()
    assert saved_people(demo_path)["jose.m@example.org"].name == "José Martins"


async def test_the_import_dialogs_errors_name_its_own_controls_not_the_clis_options(
    demo_app: RmtuiApp, tmp_path: Path, settle
) -> None:
    nameless = tmp_path / "nameless.csv"
    nameless.write_text("Email,Role\nana@example.org,mentor\n", encoding="utf-8")
    async with demo_app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
        dialog = demo_app.screen
        dialog.query_one("#path", Input).value = str(nameless)
        await pilot.press("ctrl+k")
        await settle(pilot)
        report = str(dialog.query_one("#report", Static).render())
        assert "there is no 'name' column; add one headed name, or read a column as name with f / F" in report
        assert "--" not in report


async def test_markup_like_names_show_literally(tmp_path: Path, build_app) -> None:
    path = tmp_path / "cohort.json"
    names = ["[bold]Eve[/bold]", "[/]", "[red", "Zoë [link=x]"]
    with CohortStore.open(path) as store:
        for index, name in enumerate(names):
            add_participant(store, {"name": name, "email": f"p{index}@example.org", "role": "mentor"})
    app = build_app(path)
    async with app.run_test(size=SIZE) as pilot:
        table = app.screen.query_one("#roster", DataTable)
        shown = {table.get_row(f"p{i}@example.org")[0].plain for i in range(len(names))}
        assert shown == set(names)
        await pilot.press("e")
        assert app.screen.query_one("#name", Input).value in names
        await pilot.press("escape")
        await pilot.press("d")  # the confirmation names the person literally, and does not crash
        assert isinstance(app.screen, ConfirmScreen)
    app.store.close()


@pytest.mark.slow  # over 5 s (--durations)
async def test_help_and_sections(demo_app: RmtuiApp, settle) -> None:
    async with demo_app.run_test(size=SIZE) as pilot:
        await pilot.press("f1")
        assert isinstance(demo_app.screen, HelpScreen)
        await pilot.press("escape", "question_mark")
        assert isinstance(demo_app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.press("f7")
        assert demo_app.current_mode == "settings"
        demo_app.screen.query_one("#name", Input).value = "Autumn [2026] cohort"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert demo_app.sub_title == "Autumn [2026] cohort"
        assert demo_app.store.settings().name == "Autumn [2026] cohort"
        demo_app.screen.query_one("#term_months", Input).value = "six"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "whole number of months" in str(demo_app.screen.query_one("#term_months-error", Static).render())
        assert demo_app.store.settings().term_months == 6
        await pilot.press("f3")
        assert demo_app.current_mode == "roster"


async def test_opening_section_is_the_same_screen_when_switched_back_to(demo_app: RmtuiApp) -> None:
    async with demo_app.run_test(size=SIZE) as pilot:
        opening = demo_app.screen
        opening.query_one("#filter", Input).value = "engineering"
        await pilot.press("f7")
        assert demo_app.current_mode == "settings"
        await pilot.press("f3")
        assert demo_app.current_mode == "roster" and demo_app.screen is opening
        assert opening.query_one("#filter", Input).value == "engineering"


async def test_command_palette_offers_every_roster_action(demo_app: RmtuiApp) -> None:
    from rmtui.tui.commands import ActionCommands

    async with demo_app.run_test(size=SIZE) as pilot:
        provider = ActionCommands(demo_app.screen)
        titles = {hit.text for hit in [h async for h in provider.discover()]}
        assert {
            "Add",
            "Edit",
            "Delete",
            "Withdraw",
            "Left",
            "Import",
            "Sort",
            "Filter",
            "Help",
            "Quit",
            "Settings",
        } <= titles
        await pilot.press("ctrl+p")
        await pilot.press(*"import", "enter")
        await pilot.pause()
        assert isinstance(demo_app.screen, ImportScreen)


async def test_check_in_points_are_set_in_settings(demo_app: RmtuiApp, settle) -> None:
    from rmtui.core.sessions import load_checkpoints

    async with demo_app.run_test(size=SIZE) as pilot:
        await pilot.press("f7")
        points = demo_app.screen.query_one("#check_in_points", Input)
        assert points.value == "week 4, month 3, month 5"
        points.value = "week 4, month 9"
        await pilot.press("ctrl+s")
        await settle(pilot)
        error = str(demo_app.screen.query_one("#check_in_points-error", Static).render())
        assert "'month 9' falls after the term ends" in error
        assert load_checkpoints(demo_app.store) == ("week 4", "month 3", "month 5")
        points.value = "week 2, month 2, month 4"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert load_checkpoints(demo_app.store) == ("week 2", "month 2", "month 4")


SIGN_UP_FORM = Path(__file__).parent.parent / "sample_data" / "signup_form.csv"


async def test_import_dialog_shows_the_mapping_for_correcting_and_previews_rows(
    demo_app: RmtuiApp, demo_path: Path, settle
) -> None:
    async with demo_app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
        dialog = demo_app.screen
        assert isinstance(dialog, ImportScreen)
        dialog.query_one("#path", Input).value = str(SIGN_UP_FORM)
        await pilot.press("ctrl+k")
        await settle(pilot)
        mapping = dialog.query_one("#mapping", DataTable)
        rows = [[str(cell) for cell in mapping.get_row_at(i)] for i in range(mapping.row_count)]
        assert rows[6] == ["Pay band (1-10)", "grade", "mentions 'pay band'"]
        assert rows[-1] == ["Anything else we shou…", "ignored", "no field matches its words"]
        preview = dialog.query_one("#preview", DataTable)
        assert [str(c.label) for c in preview.columns.values()][:3] == ["email", "name", "role"]
        assert [str(cell) for cell in preview.get_row_at(0)][:3] == [
            "nadia.kowalski@harbou…",
            "Nadia Kowalski",
            "mentor",
        ]
        # Read the last question as the department instead of the "Which department" column, then import.
        mapping.focus()
        await pilot.pause()
        mapping.move_cursor(row=len(rows) - 1)
        await pilot.press("F", "F", "F", "F", "F", "F", "F", "F", "F", "F", "F", "F", "F", "F")
        await settle(pilot)
        assert [str(c) for c in mapping.get_row_at(len(rows) - 1)][1:] == ["department", "as you mapped it"]
        assert [str(c) for c in mapping.get_row_at(4)][1:] == [
            "ignored",
            "department already comes from 'Anything else we should know?'",
        ]
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Imported 10 new" in str(dialog.query_one("#report", Static).render())
    people = saved_people(demo_path)
    assert people["nadia.kowalski@harbourfinch.co.uk"].department == ""  # type: ignore[attr-defined]
    assert people["jordan.mills@harbourfinch.co.uk"].department == "Happy to help with captions too"  # type: ignore[attr-defined]
    with CohortStore.open(demo_path, read_only=True) as store:
        from rmtui.core.roster import remembered_columns

        assert remembered_columns(store)["anythingelseweshouldknow?"] == "department"


async def test_import_dialog_shows_a_hostile_header_and_answer_as_text(
    demo_app: RmtuiApp, demo_path: Path, tmp_path: Path, settle
) -> None:
    form = tmp_path / "form.csv"
    header = '[bold red]Boom[/] =HYPERLINK("https://evil.example")' + "x" * 10_000
    form.write_text(
        f'Name,Email,Role,"{header}"\n[link=x]Eve[/link],eve@example.org,"=1+1",y\nAnn Other,ann.other@example.org,mentor,y\n',
        encoding="utf-8",
    )
    before = demo_path.read_bytes()
    async with demo_app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
        dialog = demo_app.screen
        dialog.query_one("#path", Input).value = str(form)
        await pilot.press("ctrl+s")
        await settle(pilot)
        mapping = dialog.query_one("#mapping", DataTable)
        assert str(mapping.get_row_at(3)[0]) == "[bold red]Boom[/] =HY…"
        assert str(dialog.query_one("#preview", DataTable).get_row_at(0)[0]) == "[link=x]Eve[/link]"
        report = str(dialog.query_one("#report", Static).render())
        assert "line 2: role: '=1+1' is not a role" in report and "Nothing was imported" in report
    assert demo_path.read_bytes() == before


async def test_the_forms_styles_are_parsed_before_the_first_form_opens(demo_app: RmtuiApp, settle) -> None:
    """Each kind of widget new to the app makes Textual parse the whole stylesheet again; a form's kinds are
    added after the first screen shows, so its first opening parses nothing (a new kind in the form: add it
    to parse_form_styles)."""
    async with demo_app.run_test(size=SIZE) as pilot:
        await settle(pilot)  # the first screen's workers; the warm-up starts 0.2 s after them, the styles 0.2 s later
        await pilot.pause(1.0)
        await settle(pilot)
        sources = set(demo_app.stylesheet.source)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(demo_app.screen, ParticipantForm)
        assert set(demo_app.stylesheet.source) - sources == set()
