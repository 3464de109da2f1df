"""Rolling backups kept beside the cohort file."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from rmtui.core.storage import atomic_write

KEEP = 10


def backup_folder(db_path: Path) -> Path:
    """The folder that holds the backups of ``db_path``."""
    return db_path.with_name(f"{db_path.stem}.backups")


def list_backups(db_path: Path) -> list[Path]:
    """Backups of ``db_path``, oldest first."""
    folder = backup_folder(db_path)
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"{db_path.stem}-*.json"))


def newest_backup(db_path: Path) -> Path | None:
    """The most recent backup, if there is one."""
    backups = list_backups(db_path)
    return backups[-1] if backups else None


def take_backup(db_path: Path, payload: bytes, *, keep: int = KEEP) -> Path:
    """Store ``payload`` as a new backup of ``db_path`` and drop all but the newest ``keep``."""
    folder = backup_folder(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{db_path.stem}-{stamp}.json"
    atomic_write(target, payload)
    for old in list_backups(db_path)[:-keep]:
        old.unlink(missing_ok=True)
    return target


def backup_if_changed(db_path: Path, payload: bytes) -> Path | None:
    """Back up ``payload`` unless the newest backup already holds exactly these bytes."""
    newest = newest_backup(db_path)
    if newest is not None and newest.read_bytes() == payload:
        return None
    return take_backup(db_path, payload)
