"""The bundled demo cohort: Harbour & Finch's reverse-mentoring programme."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from rmtui.core.access import issue_setup_code
from rmtui.core.demo.finish import finish_demo
from rmtui.core.demo.sessions import ENDED_MENTEE, ENDINGS, add_demo_check_ins, add_demo_sessions
from rmtui.core.demo.sheets import add_demo_sheets, demo_passphrase, progress_demo_goals, weekday
from rmtui.core.errors import RmtuiError
from rmtui.core.matching import confirm_proposal, end_pair, match_context, pairs_by_id, propose
from rmtui.core.roster import apply_import, plan_import
from rmtui.core.roster import records as roster
from rmtui.core.store import (
    CHECK_INS,
    COORDINATOR_ACCESS,
    DECISIONS,
    GOAL_SHEETS,
    PAIR_ACCESS,
    PAIRS,
    SESSIONS,
    SETUP_CODES,
    TEMPLATES,
    CohortSettings,
    CohortStore,
)

DEMO_NAME = "Harbour & Finch reverse mentoring"
DEMO_COORDINATOR = "Amira Haddad, People team"
WITHDRAWN = "bilal.hussain@harbourfinch.co.uk"
# The pair that "was not working" and was ended and rematched part-way through the term.
REMATCHED = ENDED_MENTEE
TERM_DAYS_SO_FAR = 122
# The finished demo is two weeks past the end of its six-month term: the evaluation is due.
FINISHED_DAYS = 198


def sample_data_dir() -> Path:
    """The sample data: packaged inside rmtui in a wheel, at the repository root in a checkout."""
    package = Path(__file__).resolve().parents[2]  # rmtui/core/demo/cohort.py -> rmtui
    packaged = package / "sample_data"
    return packaged if packaged.is_dir() else package.parent / "sample_data"


def is_demo(path: Path) -> bool:
    """Whether ``path`` holds a demo cohort (and so may be overwritten)."""
    with CohortStore.open(path, read_only=True) as store:
        return bool(store.meta().get("demo"))


@dataclass(frozen=True, slots=True)
class DemoCredential:
    """What to print for one demo pair: the passphrase it set, or the setup code it can set one with."""

    kind: str  # "passphrase" or "setup code"
    value: str

    def __str__(self) -> str:
        return f"{self.kind} {self.value}"


def write_demo(path: Path, *, today: date, force: bool = False, finished: bool = False) -> dict[int, DemoCredential]:
    """Write the demo cohort to ``path``, replacing an earlier demo (or anything, with ``force``).

    The demo is four months into its term, or just past its end when ``finished``. Returns, by pair
    id, each active pair's passphrase or, for a pair without one, the setup code issued to it.
    """
    if path.exists() and path.stat().st_size and not force and not is_demo(path):
        raise RmtuiError(f"{path} holds a cohort that is not the demo; use --force to overwrite it (a backup is kept).")
    raw = (sample_data_dir() / "demo_roster.csv").read_bytes()
    start = today - timedelta(days=FINISHED_DAYS if finished else TERM_DAYS_SO_FAR)
    # The story is told in order, so each step carries the date it happened on.
    day = [start]
    with CohortStore.open(path, today=lambda: day[0]) as store, store.batch():
        # Pair ids restart with the pairs table, so everything keyed by pair goes too.
        for name in (
            "participants",
            PAIRS,
            DECISIONS,
            GOAL_SHEETS,
            PAIR_ACCESS,
            TEMPLATES,
            COORDINATOR_ACCESS,
            SETUP_CODES,
            SESSIONS,
            CHECK_INS,
        ):
            store.table(name).truncate()
        plan = plan_import(raw, [])
        if plan.errors:
            raise RmtuiError("The bundled demo roster is invalid: " + "; ".join(map(str, plan.errors)))
        apply_import(store, plan)
        roster.set_status(store, WITHDRAWN, "withdrawn")
        store.save_settings(CohortSettings(name=DEMO_NAME, start_date=start, coordinator=DEMO_COORDINATOR))
        day[0] = weekday(start + timedelta(days=7))
        confirm_proposal(store, propose(match_context(store)))
        # The first check-in comes before any pair ends, so the failing pairs can say so in it.
        first_ending = weekday(start + timedelta(days=ENDINGS[0][0]))
        add_demo_check_ins(store, start, first_ending - timedelta(days=1))
        for days, mentee, reason in ENDINGS:
            day[0] = weekday(start + timedelta(days=days))
            end_pair(store, mentee, reason)
            confirm_proposal(store, propose(match_context(store)))
        keys = add_demo_sheets(store)
        progress_demo_goals(store)
        add_demo_sessions(store, first_ending, today, keys)
        if finished:
            finish_demo(store)
        passphrases = {pair_id: demo_passphrase(store, pair_id) for pair_id in keys}
        # Every other active pair can enrol at the kiosk with the code printed for it.
        codes = {
            pair_id: DemoCredential("setup code", issue_setup_code(store, pair_id))
            for pair_id in pairs_by_id(store, active_only=True)
            if pair_id not in passphrases
        }
        store.update_meta(demo=True)
    credentials = {pair_id: DemoCredential("passphrase", value) for pair_id, value in passphrases.items()} | codes
    return dict(sorted(credentials.items()))
