"""A long Rich renderable, rendered once off the UI thread and drawn only where it is in view.

A ``Static`` holding a long report is rendered again and again: twice to measure its height and once
to draw it, and again on every resize. ``render_strips`` renders it once, in a worker, at the width
it will be shown at; ``RenderedLines`` then draws only the lines on screen as it scrolls.
"""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip


def render_strips(renderable: RenderableType, width: int) -> list[Strip]:
    """``renderable`` as lines ``width`` cells wide; safe to call from a worker thread (its own console)."""
    console = Console(
        width=width, color_system="truecolor", force_terminal=True, markup=False, highlight=False, emoji=False
    )
    return [Strip(line) for line in console.render_lines(renderable, console.options, pad=False)]


class RenderedOnce:
    """A Rich renderable that renders ``renderable`` once for each width it is shown at, for a ``Static``.

    Textual renders a Static's content to measure its height and again to draw it; a table of a
    hundred keys took a third of help's opening doing so three times.
    """

    def __init__(self, renderable: RenderableType) -> None:
        self.renderable = renderable
        self.rendered: dict[int, list[Segment]] = {}

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.renderable)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        if width not in self.rendered:
            self.rendered[width] = list(console.render(self.renderable, options))
        yield from self.rendered[width]


class RenderedLines(ScrollView, can_focus=True):
    """Pre-rendered lines that scroll with the arrows, PageUp/PageDown, Home and End."""

    def __init__(self, placeholder: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lines: list[Strip] = []
        self.show_lines([Strip([Segment(placeholder)])])

    def show_lines(self, lines: list[Strip]) -> None:
        """Show these lines in place of the ones shown."""
        self.lines = lines
        self.virtual_size = Size(max((line.cell_length for line in lines), default=0), len(lines))
        self.refresh()

    @property
    def text_width(self) -> int:
        """How wide lines can be without a horizontal scrollbar."""
        return self.scrollable_content_region.width

    def render_line(self, y: int) -> Strip:
        """The line ``y`` rows below the top of the view."""
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        if index >= len(self.lines):
            return Strip.blank(width, self.rich_style)
        return self.lines[index].crop_extend(scroll_x, scroll_x + width, self.rich_style).apply_style(self.rich_style)
