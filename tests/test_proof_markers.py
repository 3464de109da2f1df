"""No confidential content leaves the encrypted store: a marker in every sealed place, grepped everywhere.

One marker goes into a pair's confidential goal-sheet sections, its private notes and a
session's notes; these are sealed, so not even the cohort file or its backups may hold it.
Another goes into a check-in whose author marked it private: the coordinator may read it in
the file, but no report or export may show it.
"""

from __future__ import annotations

import html
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from rmtui.cli.commands import main
from rmtui.core.access import save_private_notes, unlock_pair
from rmtui.core.demo import NOTED_PAIR, NOTED_PASSPHRASE
from rmtui.core.goals import revise_goal_sheet, save_confidential_sections
from rmtui.core.matching import pairs_by_id
from rmtui.core.report import FORMATS
from rmtui.core.sessions import list_sessions, record_check_in, save_session_notes
from rmtui.core.store import CohortStore

FINAL_DAY = date(2026, 4, 20)  # the demo's month 5 check-in falls on 14 April
SEALED = "MARKER-sealed-7a3c"
PRIVATE = "MARKER-private-5e1f"
PUBLIC_QUOTE = "I now use the team chat tool for quick questions"


def _final_answers(private: bool) -> dict[str, object]:
    return {
        "satisfaction": 4, "safety": 5, "fit": "good", "take_part_again": "yes", "recommend": 9,
        "comment": f"{PRIVATE} comment" if private else "Good term", "comment_private": private,
        "doing_differently": f"{PRIVATE} answer about the chat tool" if private else PUBLIC_QUOTE,
    }  # fmt: skip


@pytest.fixture
def secret_cohort(demo_path: Path) -> Path:
    """The demo with a marker in every confidential place, and six final check-ins, one of them private."""
    with CohortStore.open(demo_path, today=lambda: FINAL_DAY) as store:
        key = unlock_pair(store, NOTED_PAIR, NOTED_PASSPHRASE)
        revise_goal_sheet(store, key)  # agreed sheets are read-only until revised
        save_confidential_sections(store, key, {"sensitivities": SEALED, "disagreements": f"{SEALED} disagreements"})
        save_private_notes(store, key, f"{SEALED} notes")
        save_session_notes(store, key, list_sessions(store, NOTED_PAIR)[0].session_id, f"{SEALED} session notes")
        pairs = list(pairs_by_id(store, active_only=True).values())[:3]
        for number, email in enumerate(email for pair in pairs for email in (pair.mentor, pair.mentee)):
            record_check_in(store, email, "month 5", _final_answers(private=number == 0))
    # Reopening takes a backup of the changed file, so the backups are searched too.
    CohortStore.open(demo_path).close()
    return demo_path


def readable(output: str) -> str:
    """An output's text as a reader sees it: HTML entities decoded, the SVG's no-break spaces as spaces."""
    return html.unescape(output).replace("\xa0", " ")


def run(path: Path, *args: str) -> str:
    result = CliRunner().invoke(main, ["--db", str(path), *args])
    assert result.exit_code == 0, result.output
    return readable(result.output)


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_confidential_content_reaches_any_report_format(secret_cohort: Path, fmt: str) -> None:
    out = run(secret_cohort, "report", "--format", fmt, "--as-of", FINAL_DAY.isoformat())
    assert SEALED not in out and PRIVATE not in out
    # The check works: the answer its author did not mark private is quoted (JSON holds figures only, no quotes).
    assert PUBLIC_QUOTE in out if fmt != "json" else '"behaviour.answers"' in out


@pytest.mark.parametrize(
    "command",
    [
        ("export", "roster", "--format", "csv"), ("export", "roster", "--format", "json"),
        ("export", "sessions", "--format", "csv"), ("export", "sessions", "--format", "json"),
        ("status", "--as-of", FINAL_DAY.isoformat()), ("match", "--json"), ("match", "--candidates"),
    ],
)  # fmt: skip
def test_no_confidential_content_reaches_any_export_or_listing(secret_cohort: Path, command: tuple[str, ...]) -> None:
    out = run(secret_cohort, *command)
    assert out.strip() and SEALED not in out and PRIVATE not in out


def test_the_calendar_export_carries_no_confidential_content(secret_cohort: Path, tmp_path: Path) -> None:
    target = tmp_path / "meetings.ics"
    run(secret_cohort, "export", "calendar", "--include-past", "-o", str(target))
    raw = target.read_bytes()
    assert b"BEGIN:VEVENT" in raw and SEALED.encode() not in raw and PRIVATE.encode() not in raw


def test_the_cohort_file_and_every_backup_hold_only_ciphertext(secret_cohort: Path) -> None:
    backups = list(secret_cohort.parent.rglob("*.json*"))
    assert len(backups) > 1  # the file and at least one backup
    for path in backups:
        assert SEALED.encode() not in path.read_bytes(), path
    # The check works: the private check-in, which is the coordinator's to read, is in the file in plain text.
    assert PRIVATE.encode() in secret_cohort.read_bytes()
