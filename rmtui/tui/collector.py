"""Keeping the garbage collector's full pass out of a screen's first drawing."""

from __future__ import annotations

import gc
import threading
from typing import Any

from textual.screen import Screen

# The longest the collector stays paused, should the screen never be drawn (closed at once, or the app stopping).
LONGEST_PAUSE = 1.0


def pause_collector_until_drawn(screen: Screen[Any]) -> None:
    """Pause the garbage collector until ``screen`` has been drawn (a second at most), then collect at once.

    A full pass walks every object not frozen at start-up, and the widgets of closed forms and help are
    garbage in cycles that only it frees: 60 to 240 ms on a busy machine, paid by whichever key's screen
    happens to allocate when it falls due. In the bench's sequence on 300 people (roster, its form, help,
    a filter, then Matching) it fell inside Matching's first drawing every time. Merely paused (as Textual
    does while scrolling, ``App.PAUSE_GC_ON_SCROLL``), it fell inside the next section's instead; collected
    once the drawing is out, it runs while the coordinator reads the screen, and the next key finds it done.
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
        gc.collect()

    # Runs once the screen's pending drawing is out (messages first, then the refresh).
    screen.call_after_refresh(resume)
