"""``rmtui backup`` and ``rmtui restore``: copies made on request and put back."""

from __future__ import annotations

from pathlib import Path

from rmtui.core.errors import CohortFileError, RmtuiError
from rmtui.core.store.backups import take_backup
from rmtui.core.store.cohort_file import acquire_lock, read_cohort_file
from rmtui.core.store.storage import atomic_write


def backup_now(path: Path, target: Path | None = None) -> Path:
    """Copy a sound cohort file to ``target``, or into its backup folder; returns where it went."""
    opened = read_cohort_file(path)
    if opened.raw is None:
        raise CohortFileError(f"{path} does not exist; there is nothing to back up.")
    if target is None:
        return take_backup(path, opened.raw)
    write_copy(target, opened.raw)
    return target


def write_copy(target: Path, payload: bytes) -> None:
    """Write a file the user named (a copy or an export), explaining any failure."""
    try:
        atomic_write(target, payload)
    except OSError as error:
        reason = error.strerror or error
        raise RmtuiError(f"Cannot write {target}: {reason}. Check that its folder exists and is writable.") from None


def restore_backup(path: Path, backup: Path) -> Path | None:
    """Put ``backup`` in place of the cohort file, first backing up what it replaces.

    Works on a damaged cohort file too; returns the backup of the replaced file, if there was one.
    """
    # Read the backup first: backing up the replaced file may prune this very backup.
    payload = read_cohort_file(backup).raw
    if payload is None:
        raise CohortFileError(
            f"{backup} does not exist; list the backups in {path.stem}.backups/ beside the cohort file."
        )
    lock = acquire_lock(path)
    try:
        replaced = take_backup(path, path.read_bytes()) if path.exists() else None
        atomic_write(path, payload)
    finally:
        lock.release()
    return replaced
