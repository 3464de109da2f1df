"""TinyDB storage that never tears the cohort file.

TinyDB's own JSONStorage rewrites its file in place, so a crash mid-write
leaves half a file. Here every write goes to a temporary file in the same
folder, is fsynced, replaces the database with ``os.replace`` and then the
folder is fsynced, so a kill at any instant leaves the old or the new file.
"""

from __future__ import annotations

import glob
import os
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

from rmtui.core.errors import RmtuiError, SaveError

Tables = dict[str, dict[str, Any]]


def serialise(tables: Tables) -> bytes:
    """The bytes of the cohort file for these tables."""
    # orjson: the whole file is re-serialised on every save, and the standard json
    # module alone took about 20 ms of a save at 5,000 people (see bench/README.md).
    return orjson.dumps(tables)


def _temporary_prefix(path: Path) -> str:
    return f".{path.name}."


def atomic_write(path: Path, payload: bytes) -> None:
    """Replace ``path`` with ``payload`` so that readers see the old or the new bytes, never a mix."""
    fd, tmp_name = tempfile.mkstemp(prefix=_temporary_prefix(path), suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as tmp:
            tmp.write(payload)
            tmp.flush()
            os.fsync(tmp.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


def discard_interrupted_writes(path: Path) -> None:
    """Delete the temporary files of writes to ``path`` that a crash cut short; call it holding the lock."""
    for leftover in path.parent.glob(glob.escape(_temporary_prefix(path)) + "*.tmp"):
        with suppress(OSError):
            leftover.unlink()


class AtomicJSONStorage(Storage):
    """Keeps the parsed cohort in memory and writes it back atomically.

    Only one process writes a cohort (the store holds a file lock), so the
    copy in memory is the truth and reads never touch the disk.
    """

    def __init__(self, path: Path, tables: Tables, saved: bytes, *, read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        self.write_count = 0
        self._tables = tables
        self._saved = saved
        self._batch_depth = 0
        self._dirty = False
        # The TUI saves from worker threads: a batch, or one read-modify-write, holds this lock
        # so that another thread's change can neither interleave with it nor be rolled back by it.
        self.lock = threading.RLock()

    def read(self) -> Tables:
        """The cohort as TinyDB sees it."""
        return self._tables

    def write(self, data: Tables) -> None:
        """Persist ``data`` now, or at the end of the current batch."""
        self._tables = data
        if self._batch_depth:
            self._dirty = True
        else:
            self._commit()

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Group several TinyDB operations into one atomic write; on error none of them is kept."""
        with self.lock:
            self._batch_depth += 1
            try:
                yield
            except BaseException:
                self._batch_depth -= 1
                if not self._batch_depth:
                    self._dirty = False
                    self._rollback()
                raise
            self._batch_depth -= 1
            if not self._batch_depth and self._dirty:
                self._dirty = False
                self._commit()

    def _commit(self) -> None:
        if self.read_only:
            self._rollback()
            raise RmtuiError(f"{self.path} was opened read-only; nothing was changed.")
        payload = serialise(self._tables)
        try:
            atomic_write(self.path, payload)
        except OSError as error:
            self._rollback()
            reason = error.strerror or str(error)
            raise SaveError(
                f"Could not save {self.path}: {reason}. The file still holds what was last "
                "saved; fix the cause (free disk space, check permissions) and try again."
            ) from error
        self._saved = payload
        self.write_count += 1

    def _rollback(self) -> None:
        # TinyDB mutates the tables it read in place, so after a failed write
        # the memory copy must return to what is on disk.
        self._tables = orjson.loads(self._saved)

    def close(self) -> None:
        """Nothing to release: every write is already on disk."""
