"""The bundled demo cohort: Harbour & Finch's reverse-mentoring programme."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from rmtui.core import roster
from rmtui.core.roster_import import apply_import, plan_import
from rmtui.core.cohort import CohortSettings
from rmtui.core.errors import RmtuiError
from rmtui.core.store import CohortStore

DEMO_NAME = "Harbour & Finch reverse mentoring"
WITHDRAWN = "bilal.hussain@harbourfinch.co.uk"


def sample_data_dir() -> Path:
    """The sample data: packaged inside rmtui in a wheel, at the repository root in a checkout."""
    packaged = Path(__file__).resolve().parent.parent / "sample_data"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parents[2] / "sample_data"


def is_demo(path: Path) -> bool:
    """Whether ``path`` holds a demo cohort (and so may be overwritten)."""
    with CohortStore.open(path, read_only=True) as store:
        return bool(store.meta().get("demo"))


def write_demo(path: Path, *, today: date, force: bool = False) -> None:
    """Write the demo cohort to ``path``, replacing an earlier demo (or anything, with ``force``)."""
    if path.exists() and path.stat().st_size and not force and not is_demo(path):
        raise RmtuiError(f"{path} holds a cohort that is not the demo; use --force to overwrite it (a backup is kept).")
    raw = (sample_data_dir() / "demo_roster.csv").read_bytes()
    with CohortStore.open(path, today=lambda: today) as store, store.batch():
        store.table("participants").truncate()
        plan = plan_import(raw, [])
        if plan.errors:
            raise RmtuiError("The bundled demo roster is invalid: " + "; ".join(map(str, plan.errors)))
        apply_import(store, plan)
        roster.set_status(store, WITHDRAWN, "withdrawn")
        store.save_settings(CohortSettings(name=DEMO_NAME, start_date=today - timedelta(days=122)))
        store.update_meta(demo=True)
