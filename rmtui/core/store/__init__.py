"""The cohort file: opening, locking and migrating it, atomic saves, backups and recovery, where it lives, checking it, and the cohort's settings.

Every name below is imported from its module on first use, so importing one module of the package
loads none of the others."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rmtui.core.exports import lazy_exports

if TYPE_CHECKING:
    from rmtui.core.store.backups import KEEP as KEEP
    from rmtui.core.store.backups import Scrubbed as Scrubbed
    from rmtui.core.store.backups import backup_folder as backup_folder
    from rmtui.core.store.backups import list_backups as list_backups
    from rmtui.core.store.backups import newest_backup as newest_backup
    from rmtui.core.store.backups import scrub_backups as scrub_backups
    from rmtui.core.store.check import check_cohort as check_cohort
    from rmtui.core.store.cohort_file import CHECK_INS as CHECK_INS
    from rmtui.core.store.cohort_file import COHORT as COHORT
    from rmtui.core.store.cohort_file import COORDINATOR_ACCESS as COORDINATOR_ACCESS
    from rmtui.core.store.cohort_file import DECISIONS as DECISIONS
    from rmtui.core.store.cohort_file import GOAL_SHEETS as GOAL_SHEETS
    from rmtui.core.store.cohort_file import META as META
    from rmtui.core.store.cohort_file import PAIR_ACCESS as PAIR_ACCESS
    from rmtui.core.store.cohort_file import PAIRS as PAIRS
    from rmtui.core.store.cohort_file import PARTICIPANTS as PARTICIPANTS
    from rmtui.core.store.cohort_file import SCHEMA_VERSION as SCHEMA_VERSION
    from rmtui.core.store.cohort_file import SESSIONS as SESSIONS
    from rmtui.core.store.cohort_file import SETUP_CODES as SETUP_CODES
    from rmtui.core.store.cohort_file import TEMPLATES as TEMPLATES
    from rmtui.core.store.cohort_file import Clock as Clock
    from rmtui.core.store.cohort_file import CohortStore as CohortStore
    from rmtui.core.store.paths import chosen_db_path as chosen_db_path
    from rmtui.core.store.paths import default_db_path as default_db_path
    from rmtui.core.store.recovery import backup_now as backup_now
    from rmtui.core.store.recovery import restore_backup as restore_backup
    from rmtui.core.store.recovery import write_copy as write_copy
    from rmtui.core.store.settings import CADENCES as CADENCES
    from rmtui.core.store.settings import CohortSettings as CohortSettings
    from rmtui.core.store.settings import Term as Term
    from rmtui.core.store.settings import add_months as add_months
    from rmtui.core.store.settings import new_settings as new_settings
    from rmtui.core.store.settings import parse_settings as parse_settings
    from rmtui.core.store.storage import atomic_write as atomic_write
    from rmtui.core.store.storage import serialise as serialise

_HOMES = {
    "backups": ("KEEP", "Scrubbed", "backup_folder", "list_backups", "newest_backup", "scrub_backups"),
    "check": ("check_cohort",),
    "cohort_file": (
        "CHECK_INS",
        "COHORT",
        "COORDINATOR_ACCESS",
        "Clock",
        "CohortStore",
        "DECISIONS",
        "GOAL_SHEETS",
        "META",
        "PAIRS",
        "PAIR_ACCESS",
        "PARTICIPANTS",
        "SCHEMA_VERSION",
        "SESSIONS",
        "SETUP_CODES",
        "TEMPLATES",
    ),
    "paths": ("chosen_db_path", "default_db_path"),
    "recovery": ("backup_now", "restore_backup", "write_copy"),
    "settings": ("CADENCES", "CohortSettings", "Term", "add_months", "new_settings", "parse_settings"),
    "storage": ("atomic_write", "serialise"),
}
__all__, __getattr__ = lazy_exports(__name__, _HOMES)
