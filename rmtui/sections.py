"""The coordinator's sections of the app: mode name, label and key, in the order they are worked through.

Kept free of Textual so the command line can check ``--section`` without loading it.
"""

from __future__ import annotations

SECTIONS = (
    ("roster", "Roster", "F2"),
    ("matching", "Matching", "F3"),
    ("goals", "Goals", "F4"),
    ("settings", "Settings", "F5"),
    ("dashboard", "Dashboard", "F6"),
    ("report", "Report", "F7"),
)
SECTION_NAMES = tuple(mode for mode, _, _ in SECTIONS)
