"""The cohort file: opening, locking, refusing damage, migrating, backing up and surviving crashes."""

from __future__ import annotations

import errno
import json
import os
from datetime import date
from pathlib import Path

import pytest
from hostile_input import CORRUPT
from tinydb import Query

from rmtui.core.errors import CohortFileError, RmtuiError, SaveError, ValidationError
from rmtui.core.roster import (
    add_participant,
    apply_import,
    get_participant,
    list_participants,
    plan_import,
    update_participant,
)
from rmtui.core.store import (
    COHORT,
    KEEP,
    META,
    PARTICIPANTS,
    SCHEMA_VERSION,
    CohortSettings,
    CohortStore,
    backup_now,
    check_cohort,
    list_backups,
    new_settings,
    newest_backup,
    restore_backup,
    storage,
)

TODAY = date(2026, 3, 16)


def open_store(path: Path, **options: object) -> CohortStore:
    """The cohort at ``path``, on the fixed clock."""
    return CohortStore.open(path, today=lambda: TODAY, **options)


def ana(**overrides: object) -> dict[str, object]:
    """Fields of a valid participant."""
    return {"name": "Ana Silva", "email": "ana@example.org", "role": "mentor", **overrides}


def on_disk(path: Path) -> dict:
    """The cohort file parsed as plain JSON."""
    return json.loads(path.read_bytes())


def saved_people(path: Path) -> list:
    """The roster as stored on disk, read without the lock."""
    with CohortStore.open(path, read_only=True) as store:
        return list_participants(store)


@pytest.fixture
def cohort(tmp_path: Path) -> Path:
    """A cohort file holding Ana, with one backup of that state beside it."""
    path = tmp_path / "cohort.json"
    with open_store(path) as store:
        add_participant(store, ana())
    open_store(path).close()  # the file changed since the last backup, so this takes one
    assert len(list_backups(path)) == 1
    return path


# --- opening and locking ------------------------------------------------------------


def test_open_creates_the_file_with_meta_and_default_settings(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "cohort.json"
    with open_store(path) as store:
        assert store.meta() == {"schema_version": SCHEMA_VERSION}
        assert store.settings() == new_settings(TODAY)
        assert list_participants(store) == []
    tables = on_disk(path)
    assert tables[META] == {"1": {"schema_version": SCHEMA_VERSION}}
    assert CohortSettings.from_doc(tables[COHORT]["1"]) == CohortSettings(name="New cohort", start_date=TODAY)
    assert tables[PARTICIPANTS] == {}
    assert list_backups(path) == []  # nothing existed to back up


def test_changes_are_on_disk_before_the_call_returns(tmp_path: Path) -> None:
    path = tmp_path / "cohort.json"
    with open_store(path) as store:
        add_participant(store, ana())
        assert [p.email for p in saved_people(path)] == ["ana@example.org"]
        store.save_settings(CohortSettings(name="Spring", start_date=TODAY, cadence="weekly"))
        assert on_disk(path)[COHORT]["1"]["name"] == "Spring"


def test_second_writer_is_refused_while_the_first_is_open(tmp_path: Path) -> None:
    path = tmp_path / "cohort.json"
    first = open_store(path)
    try:
        with pytest.raises(CohortFileError, match="already open"):
            open_store(path)
    finally:
        first.close()
    open_store(path).close()  # the lock was released


def test_failed_open_releases_the_lock(tmp_path: Path) -> None:
    path = tmp_path / "cohort.json"
    path.write_text("not json")
    with pytest.raises(CohortFileError):
        open_store(path)
    path.unlink()
    open_store(path).close()


def test_read_only_open_does_not_take_the_lock(tmp_path: Path) -> None:
    path = tmp_path / "cohort.json"
    with open_store(path) as writer:
        add_participant(writer, ana())
        with open_store(path, read_only=True) as reader:
            assert [p.email for p in list_participants(reader)] == ["ana@example.org"]
    with open_store(path, read_only=True):
        open_store(path).close()


def test_read_only_store_refuses_changes(tmp_path: Path) -> None:
    path = tmp_path / "cohort.json"
    open_store(path).close()
    before = path.read_bytes()
    with open_store(path, read_only=True) as reader:
        with pytest.raises(RmtuiError, match="read-only"):
            add_participant(reader, ana())
        assert list_participants(reader) == []
    assert path.read_bytes() == before


def test_read_only_open_of_a_missing_file_creates_nothing(tmp_path: Path) -> None:
    path = tmp_path / "missing.json"
    with pytest.raises(CohortFileError, match="does not exist"):
        open_store(path, read_only=True)
    assert not path.exists()


# --- damaged and newer files ------------------------------------------------------------


@pytest.mark.parametrize("read_only", [False, True])
@pytest.mark.parametrize("name", list(CORRUPT))
def test_corrupt_file_is_refused_untouched_and_names_the_newest_backup(
    cohort: Path, name: str, read_only: bool
) -> None:
    content, problem = CORRUPT[name]
    cohort.write_bytes(content)
    backups = list_backups(cohort)
    with pytest.raises(CohortFileError) as caught:
        open_store(cohort, read_only=read_only)
    message = str(caught.value)
    assert problem in message
    assert str(newest_backup(cohort)) in message
    assert "restore" in message and "left untouched" in message
    assert cohort.read_bytes() == content
    assert list_backups(cohort) == backups


def test_corrupt_file_without_backups_says_so(tmp_path: Path) -> None:
    path = tmp_path / "cohort.json"
    path.write_bytes(b"{")
    with pytest.raises(CohortFileError, match="There is no backup of it yet"):
        open_store(path)
    assert path.read_bytes() == b"{"


def test_file_from_a_newer_rmtui_is_refused_untouched(cohort: Path) -> None:
    tables = on_disk(cohort)
    tables[META]["1"]["schema_version"] = SCHEMA_VERSION + 1
    content = json.dumps(tables).encode()
    cohort.write_bytes(content)
    backups = list_backups(cohort)
    for read_only in (False, True):
        with pytest.raises(CohortFileError, match="newer") as caught:
            open_store(cohort, read_only=read_only)
        assert f"schema version {SCHEMA_VERSION + 1}" in str(caught.value)
    assert cohort.read_bytes() == content
    assert list_backups(cohort) == backups
    with pytest.raises(CohortFileError, match="newer"):
        check_cohort(cohort)


def test_version_0_tinydb_file_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "cohort.json"
    original = b'{"_default": {"1": {"note": "kept"}}}'
    path.write_bytes(original)
    with open_store(path) as store:
        assert store.meta()["schema_version"] == SCHEMA_VERSION
        assert store.settings() == new_settings(TODAY)
        assert store.table("_default").all() == [{"note": "kept"}]
    tables = on_disk(path)
    assert tables[META]["1"]["schema_version"] == SCHEMA_VERSION
    assert set(tables) == {"_default", META, COHORT, PARTICIPANTS}
    assert [b.read_bytes() for b in list_backups(path)] == [original]  # the pre-migration file is kept
    assert check_cohort(path) == []


def test_read_only_open_migrates_in_memory_only(tmp_path: Path) -> None:
    path = tmp_path / "cohort.json"
    path.write_bytes(b'{"_default": {}}')
    with open_store(path, read_only=True) as store:
        assert store.meta()["schema_version"] == SCHEMA_VERSION
    assert path.read_bytes() == b'{"_default": {}}'
    assert list_backups(path) == []


# --- backups -------------------------------------------------------------------------------


def test_backup_only_when_the_file_changed(tmp_path: Path) -> None:
    path = tmp_path / "cohort.json"
    open_store(path).close()
    assert list_backups(path) == []
    open_store(path).close()  # first open of an existing file: nothing backed up yet, so back it up
    assert [b.read_bytes() for b in list_backups(path)] == [path.read_bytes()]
    open_store(path).close()  # unchanged since that backup
    assert len(list_backups(path)) == 1
    with open_store(path) as store:
        add_participant(store, ana())
    assert len(list_backups(path)) == 1  # backups happen on open, not on every save
    with open_store(path):
        pass
    assert len(list_backups(path)) == 2
    assert newest_backup(path).read_bytes() == path.read_bytes()


def test_only_the_newest_backups_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "cohort.json"
    states = []
    for n in range(KEEP + 4):
        with open_store(path) as store:
            add_participant(store, ana(email=f"p{n}@example.org"))
        states.append(path.read_bytes())
    backups = list_backups(path)
    assert KEEP == 10 and len(backups) == KEEP
    assert [b.read_bytes() for b in backups] == states[-KEEP - 1 : -1]


def test_restore_puts_a_backup_back_over_a_corrupt_file(cohort: Path) -> None:
    good = newest_backup(cohort)
    cohort.write_bytes(b'{"participants": ')
    replaced = restore_backup(cohort, good)
    assert replaced is not None and replaced.read_bytes() == b'{"participants": '
    assert cohort.read_bytes() == good.read_bytes()
    assert [p.email for p in saved_people(cohort)] == ["ana@example.org"]
    assert check_cohort(cohort) == []


def test_restore_refuses_a_damaged_backup(cohort: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(b"[]")
    before = cohort.read_bytes()
    with pytest.raises(CohortFileError, match="not a cohort file"):
        restore_backup(cohort, bad)
    assert cohort.read_bytes() == before


def test_restore_waits_for_no_one_while_the_file_is_open(cohort: Path) -> None:
    before = cohort.read_bytes()
    with open_store(cohort), pytest.raises(CohortFileError, match="already open"):
        restore_backup(cohort, newest_backup(cohort))
    assert cohort.read_bytes() == before


def test_restore_the_oldest_backup_when_the_folder_is_full(tmp_path: Path) -> None:
    path = tmp_path / "cohort.json"
    for n in range(KEEP + 1):
        with open_store(path) as store:
            add_participant(store, ana(email=f"p{n}@example.org"))
    oldest = list_backups(path)[0]
    wanted = oldest.read_bytes()
    assert len(list_backups(path)) == KEEP
    restore_backup(path, oldest)  # backing up the current file must not prune the backup being restored
    assert path.read_bytes() == wanted


def test_backup_now_copies_a_sound_file(cohort: Path, tmp_path: Path) -> None:
    target = backup_now(cohort, tmp_path / "copy.json")
    assert target.read_bytes() == cohort.read_bytes()
    assert backup_now(cohort).read_bytes() == cohort.read_bytes()
    cohort.write_bytes(b"oops")
    with pytest.raises(CohortFileError):
        backup_now(cohort, tmp_path / "copy2.json")
    assert not (tmp_path / "copy2.json").exists()


# --- batches and failed writes ------------------------------------------------------------


def test_batch_is_one_write(tmp_path: Path) -> None:
    path = tmp_path / "cohort.json"
    with open_store(path) as store:
        with store.batch():
            add_participant(store, ana())
            add_participant(store, ana(email="ben@example.org", role="mentee"))
            update_participant(store, "ana@example.org", {"grade": "2"})
            assert saved_people(path) == []  # nothing on disk until the block ends
        assert store.write_count == 1
        assert [(p.email, p.grade) for p in saved_people(path)] == [("ana@example.org", 2), ("ben@example.org", None)]


def test_batch_rolls_back_when_the_block_raises(tmp_path: Path) -> None:
    path = tmp_path / "cohort.json"
    with open_store(path) as store:
        add_participant(store, ana())
        before_disk = path.read_bytes()
        before = list_participants(store)
        table = store.table(PARTICIPANTS)

        def three_changes_the_last_refused() -> None:
            with store.batch():
                update_participant(store, "ana@example.org", {"grade": "5"})
                add_participant(store, ana(email="ben@example.org"))
                assert table.count(Query().role == "mentor") == 2  # a query TinyDB caches
                add_participant(store, ana(email="ben@example.org"))  # a duplicate: raises

        with pytest.raises(ValidationError):
            three_changes_the_last_refused()
        assert store.write_count == 1
        assert list_participants(store) == before
        assert table.count(Query().role == "mentor") == 1
        assert table.search(Query().email == "ben@example.org") == []
        assert path.read_bytes() == before_disk
        add_participant(store, ana(email="cy@example.org"))  # the store still works afterwards
    assert [p.email for p in saved_people(path)] == ["ana@example.org", "cy@example.org"]


def no_space(*args: object, **kwargs: object) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.mark.parametrize("target", ["atomic_write", "os.replace"])
def test_disk_full_raises_save_error_and_keeps_file_and_memory_in_step(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, target: str
) -> None:
    path = tmp_path / "cohort.json"
    with open_store(path) as store:
        add_participant(store, ana())
        before = path.read_bytes()
        with monkeypatch.context() as patch:
            if target == "atomic_write":
                patch.setattr(storage, "atomic_write", no_space)
            else:
                patch.setattr(os, "replace", no_space)
            with pytest.raises(SaveError, match="No space left on device") as caught:
                add_participant(store, ana(email="ben@example.org"))
            assert "still holds what was last saved" in str(caught.value)

            def two_changes_in_one_batch() -> None:
                with store.batch():
                    update_participant(store, "ana@example.org", {"grade": "4"})
                    add_participant(store, ana(email="cy@example.org"))

            with pytest.raises(SaveError, match="No space left on device"):
                two_changes_in_one_batch()
        assert path.read_bytes() == before
        assert list_participants(store) == saved_people(path)
        assert [p.email for p in list_participants(store)] == ["ana@example.org"]
        assert get_participant(store, "ana@example.org").grade is None
        assert store.write_count == 1
        assert sorted(p.name for p in tmp_path.iterdir()) == ["cohort.json", "cohort.json.lock"]  # no temp files left
        add_participant(store, ana(email="dee@example.org"))
    assert [p.email for p in saved_people(path)] == ["ana@example.org", "dee@example.org"]


def test_apply_import_is_one_write(tmp_path: Path) -> None:
    path = tmp_path / "cohort.json"
    lines = ["name,email,role,grade"] + [f"Person {n},p{n}@example.org,mentee,{n % 9}" for n in range(40)]
    plan = plan_import("\n".join(lines).encode(), [])
    assert plan.valid_count == 40 and not plan.errors
    with open_store(path) as store:
        apply_import(store, plan)
        assert store.write_count == 1
        update_plan = plan_import(b"name,email,role\nNew Name,p3@example.org,mentor\nZed,z@example.org,mentee\n",
                                  list_participants(store), update=True)  # fmt: skip
        apply_import(store, update_plan)
        assert store.write_count == 2
    people = {p.email: p for p in saved_people(path)}
    assert len(people) == 41
    assert (people["p3@example.org"].name, people["p3@example.org"].role) == ("New Name", "mentor")


# --- threads (crashes are proven in test_proof_crash.py) -------------------------------------------


def test_saves_from_two_threads_never_lose_each_other(tmp_path: Path) -> None:
    import threading
    import time

    from rmtui.core.roster import add_participant, list_participants

    path = tmp_path / "cohort.json"
    with CohortStore.open(path) as store:

        def add_many(prefix: str) -> None:
            for n in range(40):
                with store.batch():  # a batch in one thread must not swallow the other thread's writes
                    add_participant(store, {"name": f"{prefix} {n}", "email": f"{prefix}{n}@x.org", "role": "mentor"})
                    time.sleep(0.001)  # not a wait: it holds the batch open so the other thread tries to write

        threads = [threading.Thread(target=add_many, args=(prefix,)) for prefix in ("ann", "bob")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len(list_participants(store)) == 80 and store.write_count == 80
    with CohortStore.open(path, read_only=True) as reopened:
        assert len(list_participants(reopened)) == 80
