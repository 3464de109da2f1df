"""The demo cohort: a story of a programme four months in (or just finished), told through the same core functions a coordinator and the pairs use.

Every name below is imported from its module on first use, so importing one module of the package
loads none of the others."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rmtui.core.exports import lazy_exports

if TYPE_CHECKING:
    from rmtui.core.demo.cohort import REMATCHED as REMATCHED
    from rmtui.core.demo.cohort import WITHDRAWN as WITHDRAWN
    from rmtui.core.demo.cohort import is_demo as is_demo
    from rmtui.core.demo.cohort import write_demo as write_demo
    from rmtui.core.demo.sessions import AT_RISK_MENTOR as AT_RISK_MENTOR
    from rmtui.core.demo.sessions import DEMO_NOTE as DEMO_NOTE
    from rmtui.core.demo.sessions import NOTED_PAIR as NOTED_PAIR
    from rmtui.core.demo.sessions import NOTED_PASSPHRASE as NOTED_PASSPHRASE
    from rmtui.core.demo.sheets import DEMO_PASSPHRASES as DEMO_PASSPHRASES
    from rmtui.core.demo.sheets import add_demo_sheets as add_demo_sheets
    from rmtui.core.demo.sheets import enrol as enrol

_HOMES = {
    "cohort": ("REMATCHED", "WITHDRAWN", "is_demo", "write_demo"),
    "sessions": ("AT_RISK_MENTOR", "DEMO_NOTE", "NOTED_PAIR", "NOTED_PASSPHRASE"),
    "sheets": ("DEMO_PASSPHRASES", "add_demo_sheets", "enrol"),
}
__all__, __getattr__ = lazy_exports(__name__, _HOMES)
