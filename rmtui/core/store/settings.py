"""Cohort settings: the programme's name, coordinator, start, term, time zone and default cadence, and its random id.

The term's dates (start, mid-point, end and evaluation) come from ``CohortSettings.term`` and
nowhere else: goal sheets, the dashboard, ``rmtui status``, the report and the check-in points all
ask it, so every screen shows the same dates.
"""

from __future__ import annotations

import calendar
import secrets
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from rmtui.core.errors import FieldError, ValidationError
from rmtui.core.text import check_single_line, whole_number

CADENCES = {"weekly": 7, "fortnightly": 14, "monthly": 30}
DEFAULT_TERM_MONTHS = 6


def add_months(start: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day when it is shorter."""
    year, month = divmod(start.month - 1 + months, 12)
    year += start.year
    return date(year, month + 1, min(start.day, calendar.monthrange(year, month + 1)[1]))


@dataclass(frozen=True, slots=True)
class Term:
    """The cohort's term: the day it starts, its mid-point, and its end, the day the pairs evaluate."""

    start: date
    midpoint: date
    end: date


@dataclass(frozen=True, slots=True)
class CohortSettings:
    """What the coordinator sets once per cohort."""

    name: str
    start_date: date
    term_months: int = DEFAULT_TERM_MONTHS
    cadence: str = "monthly"
    # Who runs the programme; the evaluation report's cover names them.
    coordinator: str = ""
    # Random, made with the cohort and never changed: calendar UIDs carry it, so two cohorts that start on the
    # same day never replace each other's events. It names the cohort rather than setting it, so it is left out
    # when settings are compared.
    cohort_id: str = field(default_factory=lambda: new_cohort_id(), compare=False)
    # Where booked times of day are (an IANA name): the calendar's timed events carry it.
    time_zone: str = "UTC"

    def term(self) -> Term:
        """The term's dates: the one place they are worked out (month-end safe)."""
        end = add_months(self.start_date, self.term_months)
        return Term(self.start_date, self.start_date + timedelta(days=(end - self.start_date).days // 2), end)

    def to_doc(self) -> dict[str, Any]:
        """The settings as stored in the cohort file."""
        return {**asdict(self), "start_date": self.start_date.isoformat()}

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> CohortSettings:
        """Settings read back from the cohort file."""
        return cls(
            name=doc["name"],
            start_date=date.fromisoformat(doc["start_date"]),
            term_months=doc["term_months"],
            cadence=doc["cadence"],
            coordinator=doc.get("coordinator", ""),
            time_zone=doc.get("time_zone", "UTC"),
            **({"cohort_id": doc["cohort_id"]} if doc.get("cohort_id") else {}),
        )


def _is_time_zone(name: str) -> bool:
    from zoneinfo import ZoneInfo

    try:
        ZoneInfo(name)
    except (ValueError, LookupError):  # ZoneInfoNotFoundError is a KeyError
        return False
    return True


def new_cohort_id() -> str:
    """A cohort's random id: 16 hex digits, unique across every cohort anyone will run."""
    return secrets.token_hex(8)


def new_settings(today: date) -> CohortSettings:
    """Settings for a cohort that has just been created."""
    return CohortSettings(name="New cohort", start_date=today)


def parse_settings(fields: dict[str, object], current: CohortSettings) -> CohortSettings:
    """Validate typed-in settings; unspecified fields keep their current value."""
    errors: list[FieldError] = []
    changes: dict[str, Any] = {}
    if "name" in fields:
        name = str(fields["name"]).strip()
        problem = check_single_line(name, required=True)
        if problem:
            errors.append(FieldError("name", problem))
        changes["name"] = name
    if "coordinator" in fields:
        coordinator = str(fields["coordinator"]).strip()
        if problem := check_single_line(coordinator, required=False):
            errors.append(FieldError("coordinator", problem))
        changes["coordinator"] = coordinator
    if "start_date" in fields:
        raw = str(fields["start_date"]).strip()
        try:
            changes["start_date"] = date.fromisoformat(raw)
        except ValueError:
            errors.append(FieldError("start_date", f"'{raw}' is not a date; use YYYY-MM-DD, like 2026-03-01"))
    if "term_months" in fields:
        raw = str(fields["term_months"]).strip()
        months = whole_number(raw)
        if months is None or not 1 <= months <= 36:
            errors.append(FieldError("term_months", "must be a whole number of months from 1 to 36, like 6"))
        else:
            changes["term_months"] = months
    if "time_zone" in fields:
        zone = str(fields["time_zone"]).strip() or "UTC"
        if not _is_time_zone(zone):
            errors.append(FieldError("time_zone", f"'{zone[:40]}' is not a time zone; use one like Europe/London"))
        changes["time_zone"] = zone
    if "cadence" in fields:
        raw = str(fields["cadence"]).strip().lower()
        if raw not in CADENCES:
            errors.append(FieldError("cadence", f"must be one of {', '.join(CADENCES)}"))
        changes["cadence"] = raw
    if errors:
        raise ValidationError(errors)
    return replace(current, **changes)
