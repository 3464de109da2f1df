"""The coordinator's sections of the app: mode name, label, key and what it holds, in the order of use.

The dashboard comes first (the app opens on it, and a term's sessions are logged there), then the
roster, matching, goals and the report, in the order a cohort is worked through; settings last.
The F-key bindings, the section bar, help and the command palette all read this one list.
Kept free of Textual so the command line can check ``--section`` without loading it.
"""

from __future__ import annotations

SECTIONS = (
    ("dashboard", "Dashboard", "F2", "Go to the dashboard: timeline, pair status, sessions and alerts"),
    ("roster", "Roster", "F3", "Go to the roster: the people in the cohort"),
    ("matching", "Matching", "F4", "Go to matching: review and confirm pairs"),
    ("goals", "Goals", "F5", "Go to goals: goal sheets, templates and passphrase resets"),
    ("report", "Report", "F6", "Go to the evaluation report for leadership, and export it"),
    ("settings", "Settings", "F7", "Go to the cohort settings"),
)
SECTION_NAMES = tuple(mode for mode, *_ in SECTIONS)
