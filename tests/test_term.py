"""The term's dates come from one function, ``CohortSettings.term``, and every screen and output shows them.

A new cohort whose pairs were confirmed weeks after its start, and the demo, show the same dates on
the goal sheets (the coordinator's and the pair's), the settings section, the dashboard, ``rmtui
status`` and the report. Then the function is swapped for one giving odd dates: a place that works
out its own term would still show the real ones, and the test goes red.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, timedelta
from pathlib import Path

import orjson
import pytest
from click.testing import Result
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Static

from rmtui.core.demo import DEMO_PASSPHRASES, enrol
from rmtui.core.errors import ValidationError
from rmtui.core.goals import coordinator_view, start_goal_sheet
from rmtui.core.matching import Pair
from rmtui.core.roster import add_participant
from rmtui.core.sessions import parse_checkpoints
from rmtui.core.store import PAIRS, CohortSettings, CohortStore, Term, add_months
from rmtui.tui.app import RmtuiApp
from rmtui.tui.kiosk.app import KioskApp
from rmtui.tui.kiosk.sheet import PairSheetScreen

# Like the report that found the bug: a cohort starting on the 1st, its pairs confirmed four weeks later.
START, CONFIRMED = date(2026, 2, 1), date(2026, 3, 2)


def test_adding_months_keeps_the_day_or_the_month_end() -> None:
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert add_months(date(2026, 1, 15), 12) == date(2027, 1, 15)


def test_the_term_runs_the_settings_months_from_the_start() -> None:
    term = CohortSettings("C", date(2026, 8, 31), term_months=6).term()
    assert term == Term(date(2026, 8, 31), date(2026, 11, 29), date(2027, 2, 28))


def _new_cohort(path: Path) -> Path:
    """A new cohort that starts on 1 February, with one pair confirmed on 2 March that has started its sheet."""
    with CohortStore.open(path, today=lambda: CONFIRMED) as store, store.batch():
        store.save_settings(CohortSettings("New cohort", START))
        for name, role in (("Ana Mentor", "mentor"), ("Ben Mentee", "mentee")):
            email = name.split()[0].lower() + "@x.org"
            add_participant(store, {"name": name, "email": email, "role": role, "department": role})
        store.table(PAIRS).insert(Pair("ana@x.org", "ben@x.org", confirmed_on=CONFIRMED).to_doc())
        start_goal_sheet(store, 1)
        enrol(store, 1, DEMO_PASSPHRASES[0])
    return path


@pytest.fixture(params=["new cohort", "demo"])
def cohort(request: pytest.FixtureRequest, tmp_path: Path, demo_path: Path) -> Path:
    """A new cohort (pair 1 confirmed four weeks after the start) or the demo; pair 1 can open its sheet."""
    return _new_cohort(tmp_path / "new.json") if request.param == "new cohort" else demo_path


def _forms(day: date) -> tuple[str, str]:
    """A date as the screens write it: ISO, or "1 May 2027"."""
    return day.isoformat(), f"{day.day} {day:%b %Y}"


async def _screens(
    path: Path,
    build_app: Callable[..., RmtuiApp],
    settle: Callable[[Pilot], Awaitable[None]],
    drawn_text: Callable[[App], str],
    unlock: Callable[[Pilot, int], Awaitable[PairSheetScreen]],
    today: date,
) -> dict[str, str]:
    """The text of every place that shows the term, by place, on the fixed clock."""
    shown = {}
    for section in ("dashboard", "goals", "settings"):
        app = build_app(path, section=section)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            shown[section] = drawn_text(app)
        app.store.close()  # one rmtui at a time: the next screen opens the file again
    with CohortStore.open(path, today=lambda: today) as store:
        kiosk = KioskApp(store)
        kiosk.animation_level = "none"
        async with kiosk.run_test(size=(120, 40)) as pilot:
            sheet = await unlock(pilot, 1)
            shown["pair's own sheet"] = str(sheet.query_one("#term", Static).render())
        shown["coordinator's view"] = orjson.dumps(coordinator_view(store, 1)).decode()
        with pytest.raises(ValidationError) as late:
            parse_checkpoints(["month 9"], store.settings())
        shown["check-in points"] = str(late.value)
    return shown


def _cli(rmtui: Callable[..., Result], path: Path) -> dict[str, str]:
    return {command: rmtui("--db", path, command).output for command in ("status", "report")}


def _term(path: Path) -> Term:
    with CohortStore.open(path, read_only=True) as store:
        return store.settings().term()


async def test_every_place_shows_the_cohorts_term(
    cohort: Path, build_app, settle, drawn_text, unlock, today: date, rmtui: Callable[..., Result]
) -> None:
    term = _term(cohort)
    shown = await _screens(cohort, build_app, settle, drawn_text, unlock, today) | _cli(rmtui, cohort)
    missing = {place for place, text in shown.items() if not any(form in text for form in _forms(term.end))}
    assert not missing, f"these places do not show the term's end {term.end}: {missing}"
    with CohortStore.open(cohort, read_only=True) as store:
        confirmed = Pair.from_doc(store.table(PAIRS).get(doc_id=1)).confirmed_on
    # The bug this replaces: a sheet's own term, six months from the day its pair was confirmed.
    if confirmed and confirmed != term.start:
        own = add_months(confirmed, 6)
        assert not {place for place, text in shown.items() if any(form in text for form in _forms(own))}


async def test_no_place_works_out_its_own_term(
    cohort: Path,
    build_app,
    settle,
    drawn_text,
    unlock,
    today: date,
    rmtui: Callable[..., Result],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = _term(cohort)
    # Odd dates no month arithmetic gives: a place that computes its own term shows the real ones instead.
    odd = Term(real.start, real.start + timedelta(days=61), real.start + timedelta(days=131))
    monkeypatch.setattr(CohortSettings, "term", lambda self: odd)
    shown = await _screens(cohort, build_app, settle, drawn_text, unlock, today) | _cli(rmtui, cohort)
    for place, text in shown.items():
        assert any(form in text for form in _forms(odd.end)), f"{place} does not take its term from CohortSettings.term"
        assert not any(form in text for form in _forms(real.end)), f"{place} works out its own term end"


def test_a_file_whose_sheets_kept_their_own_term_opens_showing_the_cohorts(tmp_path: Path) -> None:
    path = _new_cohort(tmp_path / "old.json")
    tables = orjson.loads(path.read_bytes())
    own = {"term_start": "2026-03-02", "evaluation_date": "2026-09-02"}
    sheet = tables["goal_sheets"]["1"]
    tables["goal_sheets"]["1"] = sheet | own | {"earlier": [sheet | own | {"earlier": []}]}
    tables["_meta"]["1"]["schema_version"] = 1
    path.write_bytes(orjson.dumps(tables))
    with CohortStore.open(path, today=lambda: CONFIRMED) as store:
        view = coordinator_view(store, 1)
        assert (view.term_start, view.evaluation_date) == (START, date(2026, 8, 1))
    assert b"evaluation_date" not in path.read_bytes()
