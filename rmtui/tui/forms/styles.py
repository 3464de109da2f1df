"""The styles of what forms and dialogs are built of, parsed before the first of them opens."""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.dom import DOMNode


def parse_form_styles(app: App[Any]) -> None:
    """Add the stylesheets of the widgets that forms and dialogs use to the app's, and parse it once, now.

    Textual adds a kind of widget's stylesheet when the first of its kind mounts, and then parses the whole
    stylesheet again before it styles the next widget: the first participant form to open parsed it five
    times before its first frame, a tenth of what that opening cost (274 k calls; 247 k with this done before).
    """
    from textual.containers import Horizontal, Vertical, VerticalScroll
    from textual.screen import ModalScreen
    from textual.widgets import Button, Checkbox, Input, Label

    from rmtui.tui.widgets.choice import Choice

    kinds: tuple[DOMNode, ...] = (ModalScreen(), Vertical(), VerticalScroll(), Horizontal(), Label(), Input(),
                                  Button(), Checkbox(), Choice(("",), ""))  # fmt: skip
    for widget in kinds:
        # What Textual does as each widget is registered (Widget._post_register), done ahead for its kind.
        for read_from, css, tie_breaker, scope in widget._get_default_css():
            app.stylesheet.add_source(
                css, read_from=read_from, is_default_css=True, tie_breaker=tie_breaker, scope=scope
            )
    app.stylesheet.parse()
