"""F1 in pair mode: what a pair does at the shared machine, and pair mode's own keys, nothing of the coordinator's."""

from __future__ import annotations

from typing import Any

from textual.screen import Screen

from rmtui.tui.widgets.help_page import HelpPage, numbered_guide

INTRO = "This machine is shared: each pair sees only its own sheet, notes and sessions."
STEPS = (
    "[b]Choose your pair[/b] in the list and press [b]Enter[/b]. The first time, type the setup code "
    "the coordinator gave you and choose a passphrase together; after that only it opens your sheet.",
    "[b]Fill in your goal sheet[/b]: the purpose, each partner's goals ([b]F2[/b]), how often and where you "
    "meet, the confidentiality agreement, and the term. Save with [b]ctrl+s[/b].",
    "[b]Agree it[/b]: the mentee presses [b]F5[/b] and the mentor [b]F6[/b]; the sheet then becomes read-only. "
    "[b]F7[/b] reopens it for revision, keeping the agreed version.",
    "[b]Log your meetings[/b] with [b]F8[/b] (Sessions), and [b]answer your own check-in[/b] alone with [b]F10[/b].",
    "[b]Lock[/b] with [b]ctrl+l[/b] when you leave; the sheet also locks itself when nobody types for a while.",
)
OUTRO = "[b]ctrl+p[/b] lists every action of the screen you are on, by name."


def pair_screens_with_keys() -> dict[str, type[Screen[Any]]]:
    """Pair mode's screens and forms with keys of their own, by the name its help gives them."""
    from rmtui.tui.forms.check_in import CheckInForm
    from rmtui.tui.forms.goal import GoalForm
    from rmtui.tui.forms.session import SessionForm
    from rmtui.tui.kiosk.picker import PairPickerScreen
    from rmtui.tui.kiosk.session_log import SessionLogScreen
    from rmtui.tui.kiosk.sheet import PairSheetScreen

    return {
        "Pair list": PairPickerScreen,
        "Your sheet": PairSheetScreen,
        "Goal form": GoalForm,
        "Session log": SessionLogScreen,
        "Session form": SessionForm,
        "Check-in form": CheckInForm,
    }


class PairHelpScreen(HelpPage):
    """Pair mode's help: the keys of the screen it was opened from, the guide, and every key of pair mode."""

    def __init__(self, came_from: type[Screen[Any]] | None = None) -> None:
        super().__init__(numbered_guide("Pair mode help", INTRO, STEPS, OUTRO), pair_screens_with_keys(), came_from)
