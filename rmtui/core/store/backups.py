"""Rolling backups kept beside the cohort file."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import orjson

from rmtui.core.store.storage import atomic_write, serialise

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


@dataclass(frozen=True, slots=True)
class Scrubbed:
    """Which backups had records removed, and which were left alone because they could not be read or rewritten."""

    changed: tuple[Path, ...] = ()
    left_alone: tuple[Path, ...] = ()


def scrub_backups(db_path: Path, records: Mapping[str, int]) -> Scrubbed:
    """Remove records (table name → doc id) from every backup of ``db_path``, each rewritten atomically."""
    changed, left_alone = [], []
    for backup in list_backups(db_path):
        try:
            tables = orjson.loads(backup.read_bytes())
            if not isinstance(tables, dict) or not all(isinstance(t, dict) for t in tables.values()):
                raise ValueError("not a cohort file")
            found = [(name, str(doc_id)) for name, doc_id in records.items() if str(doc_id) in tables.get(name, {})]
            for name, doc_id in found:
                del tables[name][doc_id]
            if found:
                atomic_write(backup, serialise(tables))
                changed.append(backup)
        except (OSError, ValueError):  # orjson.JSONDecodeError is a ValueError
            # A backup that will not parse is not guessed at: it is reported, so the coordinator can delete it.
            left_alone.append(backup)
    return Scrubbed(tuple(changed), tuple(left_alone))
