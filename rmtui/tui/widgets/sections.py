"""The one-line bar of coordinator sections at the top of every section screen."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from rmtui.sections import SECTIONS


class SectionBar(Static):
    """Shows which section is open; click a name (or press its F-key) to switch."""

    DEFAULT_CSS = """
    SectionBar {
        height: 1;
        padding: 0 1;
        background: $boost;
    }
    """

    def __init__(self, current: str) -> None:
        super().__init__()
        self.current = current
        # Parsed once: the bar never changes on its screen, and parsing its markup at every redraw
        # was a noticeable part of drawing a section.
        self.bar = self.labels(current)

    @staticmethod
    def labels(current: str) -> Content:
        """Each section as a clickable label; ``current`` highlighted."""
        parts = []
        for mode, label, key, _ in SECTIONS:
            style = "bold reverse " if mode == current else ""
            parts.append(f"[{style}@click=app.switch_mode('{mode}')] {label} [/][dim]{key}[/]")
        return Content.from_markup("  ".join(parts))

    def render(self) -> Content:
        """The bar for this screen's section."""
        return self.bar
