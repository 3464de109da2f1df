"""Proof: a full disk, a refused write, a damaged file and a second instance each get a clear message and lose nothing."""

from __future__ import annotations

import errno
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from click.testing import Result
from hostile_input import CORRUPT
from textual.widgets import Input, Select, Static, TextArea

from rmtui.core.errors import CohortFileError, SaveError
from rmtui.core.matching import MatchContext, confirm_proposal, get_pair, list_pairs, match_setup, propose
from rmtui.core.roster import add_participant, apply_import, list_participants, plan_import, update_participant
from rmtui.core.sessions import list_check_ins, list_sessions, log_session, void_check_in
from rmtui.core.store import SCHEMA_VERSION, CohortStore, list_backups, newest_backup
from rmtui.tui.app import RmtuiApp
from rmtui.tui.dialogs.confirm import ConfirmScreen
from rmtui.tui.forms.check_in import CheckInForm
from rmtui.tui.forms.coordinator_session import CoordinatorSessionForm
from rmtui.tui.forms.participant import ParticipantForm
from rmtui.tui.kiosk.app import KioskApp

# Minutes of kills, faults or hostile input: left out of the quick loop (pytest -m 'not slow').
pytestmark = pytest.mark.slow

SIZE = (100, 32)
DRAFT = 3  # the demo pair whose goal sheet is a draft
FAULTS = {"disk full": errno.ENOSPC, "permission denied": errno.EACCES}
# Where in the atomic write the fault strikes: making the temporary file, syncing it, or renaming it over the cohort.
STEPS = {"create": (tempfile, "mkstemp"), "sync": (os, "fsync"), "rename": (os, "replace")}


def failing(code: int) -> Callable[..., None]:
    """A stand-in for a file-system call that fails as the disk would."""

    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(code, os.strerror(code))

    return fail


def cohort_state(store: CohortStore) -> tuple[object, ...]:
    """Everything the operations below can change."""
    return list_participants(store), list_pairs(store), list_sessions(store), store.settings()


@pytest.fixture
def saved_state(open_store: Callable[..., CohortStore]) -> Callable[[Path], tuple[object, ...]]:
    """``saved_state(path)``: the same, as saved on disk."""

    def saved_state(path: Path) -> tuple[object, ...]:
        with open_store(path, read_only=True) as store:
            return cohort_state(store)

    return saved_state


def temporary_files(folder: Path) -> list[str]:
    """Temporary files an interrupted save left behind."""
    return [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]


@pytest.fixture
def cohort(tmp_path: Path, open_store: Callable[..., CohortStore]) -> Path:
    """Two confirmed pairs, a mentor and a mentee not yet matched, and a backup of exactly this state."""
    path = tmp_path / "cohort.json"
    people = "".join(
        f"Mentor {n},mentor{n}@example.org,mentor,1\nMentee {n},mentee{n}@example.org,mentee,7\n" for n in range(2)
    )
    with CohortStore.open(path, today=lambda: date(2026, 1, 5)) as store:
        apply_import(store, plan_import(f"name,email,role,grade\n{people}".encode(), []))
        confirm_proposal(store, propose(MatchContext(match_setup(store))))
        add_participant(store, {"name": "Mentor 2", "email": "mentor2@example.org", "role": "mentor", "grade": "1"})
        add_participant(store, {"name": "Mentee 2", "email": "mentee2@example.org", "role": "mentee", "grade": "7"})
    open_store(path).close()  # backs up this state, so the next open writes nothing before the operation
    return path


def log_a_session(store: CohortStore) -> None:
    """A meeting of pair 1, logged by the coordinator."""
    log_session(store, 1, {"held_on": "2026-03-02", "minutes": "45", "place": "remote"}, logged_by="coordinator")


def import_two(store: CohortStore) -> None:
    """A roster CSV that adds one person and changes another, in one write."""
    csv = b"name,email,role,grade\nNoor,noor@example.org,mentee,6\nMentee 0,mentee0@example.org,mentee,8\n"
    apply_import(store, plan_import(csv, list_participants(store), update=True))


OPERATIONS: dict[str, Callable[[CohortStore], object]] = {
    "add a participant": lambda store: add_participant(
        store, {"name": "Noor", "email": "noor@example.org", "role": "mentee"}
    ),
    "edit a participant": lambda store: update_participant(store, "mentor0@example.org", {"department": "Sales"}),
    "roster import": import_two,
    "session save": log_a_session,
    "match confirm": lambda store: confirm_proposal(store, propose(MatchContext(match_setup(store)))),
    "settings save": lambda store: store.save_settings(replace(store.settings(), name="Spring cohort")),
}


# --- disk full and permission denied ---------------------------------------------------------------


@pytest.mark.parametrize("operation", list(OPERATIONS))
@pytest.mark.parametrize("step", list(STEPS))
@pytest.mark.parametrize("fault", list(FAULTS))
def test_a_failed_save_says_why_changes_nothing_and_succeeds_when_retried(
    cohort: Path,
    monkeypatch: pytest.MonkeyPatch,
    fault: str,
    step: str,
    operation: str,
    open_store: Callable[..., CohortStore],
    saved_state: Callable[[Path], tuple[object, ...]],
) -> None:
    before = cohort.read_bytes()
    with open_store(cohort) as store:
        state = cohort_state(store)
        with monkeypatch.context() as patch:
            patch.setattr(*STEPS[step], failing(FAULTS[fault]))
            with pytest.raises(SaveError) as caught:
                OPERATIONS[operation](store)
        message = str(caught.value)
        assert os.strerror(FAULTS[fault]) in message and "still holds what was last saved" in message
        assert "Traceback" not in message and "Errno" not in message
        assert cohort.read_bytes() == before
        assert temporary_files(cohort.parent) == []
        assert cohort_state(store) == state == saved_state(cohort), "memory returns to what is on disk"
        OPERATIONS[operation](store)  # the fault is gone: the same change now saves
        changed = cohort_state(store)
        assert changed != state
    assert saved_state(cohort) == changed


@pytest.mark.parametrize("fault", list(FAULTS))
def test_a_cohort_that_cannot_be_backed_up_on_open_is_not_opened(
    cohort: Path, monkeypatch: pytest.MonkeyPatch, fault: str, open_store: Callable[..., CohortStore]
) -> None:
    with open_store(cohort) as store:
        add_participant(store, {"name": "Noor", "email": "noor@example.org", "role": "mentee"})  # now unlike its backup
    before, backups = cohort.read_bytes(), list_backups(cohort)
    with monkeypatch.context() as patch:
        patch.setattr(os, "replace", failing(FAULTS[fault]))
        with pytest.raises(CohortFileError, match=os.strerror(FAULTS[fault])) as caught:
            open_store(cohort)
    assert "Nothing was changed" in str(caught.value)
    assert cohort.read_bytes() == before and list_backups(cohort) == backups
    open_store(cohort).close()  # the failed open let go of the lock


@pytest.mark.parametrize("fault", list(FAULTS))
def test_the_import_command_reports_a_failed_save_without_a_traceback(
    cohort: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    fault: str,
    saved_state: Callable[[Path], tuple[object, ...]],
    rmtui: Callable[..., Result],
    failed_cleanly: Callable[[Result], bool],
) -> None:
    csv = tmp_path / "people.csv"
    csv.write_text("name,email,role\nNoor,noor@example.org,mentee\n")
    before = cohort.read_bytes()
    with monkeypatch.context() as patch:
        patch.setattr(os, "fsync", failing(FAULTS[fault]))
        result = rmtui("--db", cohort, "import", csv)
    assert failed_cleanly(result), result.output
    assert f"Could not save {cohort}: {os.strerror(FAULTS[fault])}" in result.output
    assert cohort.read_bytes() == before
    assert rmtui("--db", cohort, "import", csv).exit_code == 0
    assert "noor@example.org" in {p.email for p in saved_state(cohort)[0]}


@pytest.mark.parametrize("fault", list(FAULTS))
@pytest.mark.parametrize("editing", [False, True], ids=["add", "edit"])
async def test_the_participant_form_keeps_what_was_typed_when_the_save_fails(
    demo_app: RmtuiApp,
    demo_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    fault: str,
    editing: bool,
    open_store: Callable[..., CohortStore],
    settle,
    fill,
) -> None:
    typed = {"name": "Noor Haddad", "email": "noor.haddad@example.org", "department": "Sales", "grade": "2"}
    async with demo_app.run_test(size=SIZE) as pilot:
        before = demo_path.read_bytes()
        if editing:
            await pilot.press("slash", *"kowalski", "enter", "e")
        else:
            await pilot.press("a")
        form = demo_app.screen
        assert isinstance(form, ParticipantForm)
        fill(form, **typed)
        with monkeypatch.context() as patch:
            patch.setattr(os, "replace", failing(FAULTS[fault]))
            await pilot.press("ctrl+s")
            await settle(pilot)
        assert demo_app.screen is form, "the form stays open"
        problem = form.query_one("#problem", Static)
        assert problem.display and os.strerror(FAULTS[fault]) in str(problem.render())
        assert "try again" in str(problem.render())
        assert {field: form.query_one(f"#{field}", Input).value for field in typed} == typed
        assert demo_path.read_bytes() == before
        await pilot.press("ctrl+s")  # the fault is gone: the same values now save
        await settle(pilot)
        assert not isinstance(demo_app.screen, ParticipantForm)
    with open_store(demo_path, read_only=True) as store:
        emails = {p.email for p in list_participants(store)}
    martin = "martin.kowalski@harbourfinch.co.uk"
    assert "noor.haddad@example.org" in emails and (martin not in emails if editing else martin in emails)


@pytest.mark.parametrize("fault", FAULTS)
async def test_the_settings_keep_what_was_typed_when_the_save_fails(
    demo_app: RmtuiApp,
    demo_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    fault: str,
    open_store: Callable[..., CohortStore],
    settle,
) -> None:
    async with demo_app.run_test(size=SIZE) as pilot:
        await pilot.press("f7")
        await settle(pilot)
        before = demo_path.read_bytes()
        demo_app.screen.query_one("#coordinator", Input).value = "Noor Haddad"
        with monkeypatch.context() as patch:
            patch.setattr(os, "replace", failing(FAULTS[fault]))
            await pilot.press("ctrl+s")
            await settle(pilot)
        status = str(demo_app.screen.query_one("#settings-status", Static).render())
        assert os.strerror(FAULTS[fault]) in status
        assert demo_app.screen.query_one("#coordinator", Input).value == "Noor Haddad"
        assert demo_path.read_bytes() == before
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Settings saved." in str(demo_app.screen.query_one("#settings-status", Static).render())
    with open_store(demo_path, read_only=True) as store:
        assert store.settings().coordinator == "Noor Haddad"


@pytest.mark.parametrize("fault", FAULTS)
async def test_a_session_logged_for_a_pair_is_kept_in_the_form_when_the_save_fails(
    demo_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    fault: str,
    open_store: Callable[..., CohortStore],
    settle,
    build_app,
) -> None:
    app = build_app(demo_path, section="dashboard")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        before, sessions = demo_path.read_bytes(), len(list_sessions(app.store))
        await pilot.press("l")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, CoordinatorSessionForm)
        form.query_one("#minutes", Input).value = "47"
        with monkeypatch.context() as patch:
            patch.setattr(os, "replace", failing(FAULTS[fault]))
            await pilot.press("ctrl+s")
            await settle(pilot)
        assert app.screen is form and form.query_one("#minutes", Input).value == "47"
        assert os.strerror(FAULTS[fault]) in str(form.query_one("#problem", Static).render())
        assert demo_path.read_bytes() == before
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, CoordinatorSessionForm)
    app.store.close()
    with open_store(demo_path, read_only=True) as store:
        logged = list_sessions(store)
        assert len(logged) == sessions + 1 and logged[-1].minutes == 47


@pytest.mark.parametrize("fault", FAULTS)
async def test_a_check_in_in_pair_mode_is_kept_in_the_form_when_the_save_fails(
    kiosk: KioskApp, demo_path: Path, monkeypatch: pytest.MonkeyPatch, fault: str, settle, unlock
) -> None:
    mentor = get_pair(kiosk.store, DRAFT).mentor
    # The demo's mentor already answered month 3, and a saved answer is never replaced: set it aside first.
    void_check_in(kiosk.store, mentor, "month 3", "to answer again", DRAFT)
    async with kiosk.run_test(size=SIZE) as pilot:
        await unlock(pilot, DRAFT)
        await pilot.press("f8")
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        form = kiosk.screen
        assert isinstance(form, CheckInForm)
        before = demo_path.read_bytes()
        form.query_one("#who", Select).value = "mentor"
        form.query_one("#checkpoint", Select).value = "month 3"
        for name, value in (("satisfaction", "3"), ("fit", "unsure"), ("safety", "4")):
            form.query_one(f"#{name}", Select).value = value
        form.query_one("#comment", TextArea).load_text("Typed before the disk filled up.")
        with monkeypatch.context() as patch:
            patch.setattr(os, "replace", failing(FAULTS[fault]))
            await pilot.press("ctrl+s")
            await settle(pilot)
        assert kiosk.screen is form and form.query_one("#comment", TextArea).text == "Typed before the disk filled up."
        assert os.strerror(FAULTS[fault]) in str(form.query_one("#checkin-problem", Static).render())
        assert demo_path.read_bytes() == before
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(kiosk.screen, CheckInForm)
    [check_in] = [c for c in list_check_ins(kiosk.store, mentor) if (c.checkpoint, c.pair_id) == ("month 3", DRAFT)]
    assert check_in.comment == "Typed before the disk filled up."


async def test_a_failed_match_confirm_keeps_the_proposal_to_confirm_again(
    unpaired_app: RmtuiApp,
    demo_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    open_store: Callable[..., CohortStore],
    settle,
    open_matching,
    proposal_rows,
    notices,
) -> None:
    async with unpaired_app.run_test(size=SIZE, message_hook=notices.hook) as pilot:
        screen = await open_matching(pilot)
        before, proposed = demo_path.read_bytes(), proposal_rows(screen)
        await pilot.press("c")
        assert isinstance(unpaired_app.screen, ConfirmScreen)
        with monkeypatch.context() as patch:
            patch.setattr(os, "replace", failing(errno.ENOSPC))
            await pilot.press("y")
            await settle(pilot)
        assert any("No space left on device" in message for message in notices.messages), notices.messages
        assert proposal_rows(screen) == proposed and demo_path.read_bytes() == before
        await pilot.press("c", "y")
        await settle(pilot)
        assert {state for *_, state in proposal_rows(screen)} == {"active"}
    with open_store(demo_path, read_only=True) as store:
        assert len(list_pairs(store, active_only=True)) == len(proposed)


# --- a damaged file ----------------------------------------------------------------------------------

DAMAGE = {name: content for name, (content, _) in CORRUPT.items()}
DAMAGE["newer schema version"] = b'{"_meta": {"1": {"schema_version": %d}}, "participants": {}}' % (SCHEMA_VERSION + 1)


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_damaged_file_is_refused_untouched_naming_the_newest_backup_and_restore_recovers_it(
    cohort: Path,
    monkeypatch: pytest.MonkeyPatch,
    damage: str,
    open_store: Callable[..., CohortStore],
    saved_state: Callable[[Path], tuple[object, ...]],
    rmtui: Callable[..., Result],
    failed_cleanly: Callable[[Result], bool],
) -> None:
    good = saved_state(cohort)
    backup = newest_backup(cohort)
    cohort.write_bytes(DAMAGE[damage])
    backups = list_backups(cohort)
    with pytest.raises(CohortFileError) as caught:
        open_store(cohort)
    assert str(backup) in str(caught.value) and "untouched" in str(caught.value)
    # The app must refuse before it starts: a started app here would wait for keys.
    monkeypatch.setattr(RmtuiApp, "run", lambda self: pytest.fail("the app started on a damaged file"))
    for command in (["check"], []):  # `rmtui check`, and `rmtui` opening the app
        result = rmtui("--db", cohort, *command)
        assert failed_cleanly(result), result.output
        assert f"The newest backup is {backup}" in result.output and f"restore '{backup}'" in result.output
    assert cohort.read_bytes() == DAMAGE[damage], "the damaged file is never overwritten"
    assert list_backups(cohort) == backups
    result = rmtui("--db", cohort, "restore", backup)
    assert result.exit_code == 0, result.output
    assert newest_backup(cohort).read_bytes() == DAMAGE[damage], "the damaged file is kept as a backup"
    assert saved_state(cohort) == good
    assert rmtui("--db", cohort, "check").exit_code == 0


# --- two instances on one file -------------------------------------------------------------------------


def rmtui_process(*args: object) -> subprocess.CompletedProcess[str]:
    """``rmtui`` run as a separate process, as a second coordinator would start it."""
    command = [sys.executable, "-m", "rmtui", *map(str, args)]
    env = {**os.environ, "RMTUI_DB": ""}
    return subprocess.run(
        command, capture_output=True, text=True, timeout=60, env=env, stdin=subprocess.DEVNULL, check=False
    )


def test_a_second_instance_is_refused_with_a_message_and_the_first_loses_nothing(
    cohort: Path,
    tmp_path: Path,
    open_store: Callable[..., CohortStore],
    saved_state: Callable[[Path], tuple[object, ...]],
    rmtui: Callable[..., Result],
) -> None:
    csv = tmp_path / "people.csv"
    csv.write_text("name,email,role\nZed,zed@example.org,mentee\n")
    with open_store(cohort) as first:
        add_participant(first, {"name": "Noor", "email": "noor@example.org", "role": "mentee"})
        for second in (
            ["--db", cohort],
            ["--db", cohort, "import", csv],
            ["--db", cohort, "restore", newest_backup(cohort)],
        ):
            result = rmtui_process(*second)
            assert result.returncode == 1, result
            assert "is already open in another rmtui" in result.stderr and "Traceback" not in result.stderr
        log_a_session(first)  # the first carries on saving
        update_participant(first, "noor@example.org", {"department": "Sales"})
        expected = cohort_state(first)
    people, _, sessions, _ = saved_state(cohort)
    assert saved_state(cohort) == expected
    assert [p.department for p in people if p.email == "noor@example.org"] == ["Sales"] and len(sessions) == 1
    assert "zed@example.org" not in {p.email for p in people}
    assert rmtui("--db", cohort, "check").exit_code == 0


HOLDER = """
import sys
from rmtui.core.roster import add_participant
from rmtui.core.store import CohortStore

with CohortStore.open(sys.argv[1]) as store:
    add_participant(store, {"name": "Noor", "email": "noor@example.org", "role": "mentee"})
    print("saved", flush=True)
    sys.stdin.readline()
    add_participant(store, {"name": "Zed", "email": "zed@example.org", "role": "mentee"})
"""


def test_the_app_is_refused_while_another_process_writes_the_file(
    cohort: Path,
    monkeypatch: pytest.MonkeyPatch,
    open_store: Callable[..., CohortStore],
    saved_state: Callable[[Path], tuple[object, ...]],
    rmtui: Callable[..., Result],
    failed_cleanly: Callable[[Result], bool],
) -> None:
    monkeypatch.setattr(RmtuiApp, "run", lambda self: pytest.fail("a second app started on the same file"))
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(cohort)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline() == "saved\n"
        with pytest.raises(CohortFileError, match=re.escape("already open in another rmtui. Close that one first")):
            open_store(cohort)
        result = rmtui("--db", cohort)
        assert failed_cleanly(result) and "already open in another rmtui" in result.output
    finally:
        holder.communicate("go on\n", timeout=30)
    assert holder.returncode == 0
    assert {"noor@example.org", "zed@example.org"} <= {p.email for p in saved_state(cohort)[0]}
