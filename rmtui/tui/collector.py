"""Keeping the garbage collector's full pass out of the drawing of a screen that has just come on top."""

from __future__ import annotations

import gc
import threading
from typing import Any

from textual.screen import Screen

# The longest the collector stays paused, should the screen never be drawn (closed at once, or the app stopping).
LONGEST_PAUSE = 1.0


def pause_collector_until_drawn(screen: Screen[Any]) -> None:
    """Pause the garbage collector until ``screen`` has been drawn (a second at most).

    Both apps call it as each screen comes on top (``CohortApp.screen_changed``). A full pass walks every
    object not frozen at start-up, and the widgets of closed forms and help are garbage in cycles that only
    it frees: 60 to 240 ms on a busy machine, paid by whichever key's screen happened to allocate when it
    fell due (in the bench's sequence on 300 people, inside Matching's first drawing every time). Paused
    while every screen is built and drawn, a pass that falls due runs between drawings, while the screen
    is read. Forcing one after every drawing instead cost the monkey test a third more CPU.
    """
    if not gc.isenabled():
        return  # paused already: whoever paused it resumes it
    gc.disable()
    # A thread's timer, not the app's: it turns the collector back on even if the app stopped meanwhile.
    backstop = threading.Timer(LONGEST_PAUSE, gc.enable)
    backstop.daemon = True
    backstop.start()

    def resume() -> None:
        backstop.cancel()
        gc.enable()

    # Runs once the screen's pending drawing is out (messages first, then the refresh).
    screen.call_after_refresh(resume)
