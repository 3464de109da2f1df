"""The cohort file: opening, locking, migrating and backing up one TinyDB file."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import orjson
from filelock import FileLock, Timeout
from tinydb import TinyDB
from tinydb.table import Document, Table

from rmtui.core.errors import CohortFileError
from rmtui.core.store.backups import backup_if_changed, newest_backup
from rmtui.core.store.settings import CohortSettings, new_cohort_id, new_settings
from rmtui.core.store.storage import AtomicJSONStorage, Tables, atomic_write, discard_interrupted_writes, serialise

SCHEMA_VERSION = 3
META = "_meta"
COHORT = "cohort"
PARTICIPANTS = "participants"
PAIRS = "pairs"
DECISIONS = "match_decisions"
TEMPLATES = "templates"
GOAL_SHEETS = "goal_sheets"
PAIR_ACCESS = "pair_access"
COORDINATOR_ACCESS = "coordinator_access"
# One-time codes a pair sets its first passphrase with (rmtui.core.access.enrolment).
SETUP_CODES = "setup_codes"
SESSIONS = "sessions"
CHECK_INS = "check_ins"
Clock = Callable[[], date]
Built = TypeVar("Built")


def _stamp_version_1(tables: Tables, today: date) -> None:
    """Version 0 (a bare TinyDB file) gains the cohort settings."""
    tables.setdefault(COHORT, {"1": new_settings(today).to_doc()})
    tables.setdefault(PARTICIPANTS, {})


def _give_cohort_id(tables: Tables, today: date) -> None:
    """Version 1 gains the cohort's random id (calendar UIDs carry it); it is saved with the migration, atomically."""
    for doc in tables.get(COHORT, {}).values():
        doc.setdefault("cohort_id", new_cohort_id())


def _term_from_cohort(tables: Tables, today: date) -> None:
    """Version 2 sheets kept their own term dates; from version 3 every sheet shows the cohort's term."""

    def without_term(sheet: dict[str, Any]) -> dict[str, Any]:
        kept = {name: value for name, value in sheet.items() if name not in ("term_start", "evaluation_date")}
        return kept | ({"earlier": [without_term(e) for e in sheet["earlier"]]} if "earlier" in sheet else {})

    if GOAL_SHEETS in tables:
        tables[GOAL_SHEETS] = {doc_id: without_term(sheet) for doc_id, sheet in tables[GOAL_SHEETS].items()}


# MIGRATIONS[n] turns a file of schema version n into version n + 1.
MIGRATIONS: list[Callable[[Tables, date], None]] = [_stamp_version_1, _give_cohort_id, _term_from_cohort]


@dataclass(frozen=True, slots=True)
class OpenedFile:
    """The parsed content of a cohort file and the bytes it came from."""

    tables: Tables
    raw: bytes | None


def _backup_hint(path: Path) -> str:
    backup = newest_backup(path)
    if backup:
        return f"The newest backup is {backup}; restore it with: rmtui --db '{path}' restore '{backup}'"
    return "There is no backup of it yet."


def _damaged(path: Path, problem: str) -> CohortFileError:
    return CohortFileError(f"{path} cannot be opened: {problem}. The file was left untouched. {_backup_hint(path)}")


def schema_version(tables: Tables) -> int:
    """The schema version recorded in the file; 0 for a file rmtui never stamped."""
    meta = tables.get(META, {}).get("1", {})
    version = meta.get("schema_version", 0) if isinstance(meta, dict) else None
    return version if isinstance(version, int) and not isinstance(version, bool) else -1


def read_cohort_file(path: Path) -> OpenedFile:
    """Parse a cohort file without changing it; a missing file reads as an empty cohort."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return OpenedFile(tables={}, raw=None)
    except OSError as error:
        raise CohortFileError(f"{path} cannot be read: {error.strerror}. Check its permissions.") from error
    try:
        tables = orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        problem = (
            "it is empty"
            if not raw.strip()
            else f"it is not valid JSON ({error.msg} at line {error.lineno}, column {error.colno})"
        )
        raise _damaged(path, problem) from None
    if not isinstance(tables, dict) or not all(
        isinstance(table, dict) and all(isinstance(doc, dict) for doc in table.values()) for table in tables.values()
    ):
        raise _damaged(path, "it is JSON, but not a cohort file (expected tables of records)")
    version = schema_version(tables)
    if version < 0:
        raise _damaged(path, "its schema_version is not a whole number")
    if version > SCHEMA_VERSION:
        raise CohortFileError(
            f"{path} was written by a newer rmtui (schema version {version}; this rmtui reads up to "
            f"{SCHEMA_VERSION}). Upgrade rmtui to open it; the file was left untouched. " + _backup_hint(path)
        )
    return OpenedFile(tables=tables, raw=raw)


def migrate(tables: Tables, today: date) -> bool:
    """Run the migrations the file needs, in order; True when anything changed."""
    version = schema_version(tables)
    for step in MIGRATIONS[version:]:
        step(tables, today)
    tables[META] = {"1": {**tables.get(META, {}).get("1", {}), "schema_version": SCHEMA_VERSION}}
    return version != SCHEMA_VERSION


class _LockedTable(Table):
    """A TinyDB table whose read-modify-write cycles hold the storage's lock."""

    # TinyDB types this as any Storage; a _CohortDB is only ever built over ours.
    _storage: AtomicJSONStorage

    def _update_table(self, updater: Callable[[dict[int, Any]], None]) -> None:
        with self._storage.lock:
            super()._update_table(updater)


class _CohortDB(TinyDB):
    table_class = _LockedTable


class CohortStore:
    """One open cohort file. Every change is saved atomically before the call returns."""

    def __init__(
        self, path: Path, storage: AtomicJSONStorage, lock: FileLock | None, today: Clock, *, unsaved_migration: bool
    ) -> None:
        self.path = path
        self.today = today
        # A reader migrates in memory only: anything a migration made (the cohort id) is not on disk yet.
        self.unsaved_migration = unsaved_migration
        self._storage = storage
        self._lock = lock
        self._db = _CohortDB(storage=lambda: storage)

    @classmethod
    def open(cls, path: Path, *, today: Clock = date.today, read_only: bool = False) -> CohortStore:
        """Open (or create) the cohort at ``path``.

        A writer takes the file's lock, backs up the file if it changed since
        the last backup and runs any migrations. A reader changes nothing.
        """
        path = Path(path).expanduser().absolute()
        lock = None if read_only else acquire_lock(path)
        try:
            if lock:
                discard_interrupted_writes(path)
            opened = read_cohort_file(path)
            if read_only and opened.raw is None:
                raise CohortFileError(f"{path} does not exist. Check the path, or run rmtui to create it.")
            changed = migrate(opened.tables, today())
            saved = serialise(opened.tables) if changed or opened.raw is None else opened.raw
            storage = AtomicJSONStorage(path, opened.tables, saved, read_only=read_only)
            if not read_only:
                if opened.raw is not None:
                    backup_if_changed(path, opened.raw)
                if changed:
                    atomic_write(path, saved)
        except OSError as error:
            if lock:
                lock.release()
            raise CohortFileError(f"Cannot write {path}: {error.strerror or error}. Nothing was changed.") from None
        except BaseException:
            if lock:
                lock.release()
            raise
        return cls(path, storage, lock, today, unsaved_migration=read_only and changed)

    def close(self) -> None:
        """Release the lock; every change is already on disk."""
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> CohortStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def write_count(self) -> int:
        """How many times the file was written since it was opened."""
        return self._storage.write_count

    def table(self, name: str) -> Table:
        """A TinyDB table of this cohort."""
        return self._db.table(name)

    def read_all(self, name: str, build: Callable[[Mapping[str, Any], int], Built]) -> list[Built]:
        """``build(record, doc_id)`` for every record of a table, in the order stored, with no write in between.

        For big tables: ``table(name).all()`` copies every record into a TinyDB Document first, which at
        30,000 sessions took longer than building them. ``build`` reads the store's own record, so it must
        not change it, and must copy what it keeps that could change (lists, dicts)."""
        with self._storage.lock:
            return [build(record, int(doc_id)) for doc_id, record in self._storage.read().get(name, {}).items()]

    def read_records(self, name: str, build: Callable[[Iterable[Mapping[str, Any]]], Built]) -> Built:
        """``build`` over every record of a table at once, in the order stored, with no write in between.

        As ``read_all``, but ``build`` gets all the records together, so it can be one comprehension: a call
        for each of 30,000 records was a third of the time to read them. The same care applies: ``build``
        reads the store's own records, so it must not change them and must copy what it keeps that could."""
        with self._storage.lock:
            return build(self._storage.read().get(name, {}).values())

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Make every change inside the block one atomic write, all or nothing."""
        try:
            with self._storage.batch():
                yield
        except BaseException:
            # Every table caches query results, which may describe the undone changes;
            # TinyDB's own clear_cache() only reaches the default table.
            for table in self._db._tables.values():
                table.clear_cache()
            raise

    def meta(self) -> dict[str, Any]:
        """The file's metadata record."""
        return dict(self.table(META).get(doc_id=1) or {})

    def update_meta(self, **values: Any) -> None:
        """Record metadata such as whether this is the demo cohort."""
        self.table(META).upsert(_single_doc({**self.meta(), **values}))

    def settings(self) -> CohortSettings:
        """The cohort's settings."""
        doc = self.table(COHORT).get(doc_id=1)
        if doc is None:
            raise CohortFileError(f"{self.path} has no cohort settings; check it with: rmtui --db '{self.path}' check")
        return CohortSettings.from_doc(doc)

    def save_settings(self, settings: CohortSettings) -> None:
        """Replace the cohort's settings."""
        self.table(COHORT).upsert(_single_doc(settings.to_doc()))


def _single_doc(values: dict[str, Any]) -> Document:
    return Document(values, doc_id=1)


def acquire_lock(path: Path) -> FileLock:
    """Take the cohort file's write lock, or explain that another rmtui holds it."""
    lock = FileLock(path.with_name(path.name + ".lock"))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        lock.acquire(timeout=0)
    except Timeout:
        raise CohortFileError(
            f"{path} is already open in another rmtui. Close that one first: only one rmtui may change a cohort at a time."
        ) from None
    except OSError as error:
        raise CohortFileError(
            f"Cannot open {path} for writing: {error.strerror or error}. Check the folder's permissions."
        ) from None
    return lock
