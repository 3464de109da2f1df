"""What every coordinator section shares: it shows the cohort file and changes it off the UI thread."""

from __future__ import annotations

from rmtui.tui.changing import ChangingScreen


class SectionScreen(ChangingScreen):
    """A coordinator section, one per F-key: saves through ``change`` and redraws with ``reload``."""
