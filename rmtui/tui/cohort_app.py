"""The typed way for a screen or widget to reach the app it runs in and that app's cohort store.

Textual types ``self.app`` as a plain ``App``, which has no ``store``, so every screen that reads
or saves the cohort would reach it untyped. Both apps, the coordinator's ``RmtuiApp`` and pair
mode's ``KioskApp``, derive from ``CohortApp``; a dialog or form that either can open writes
``cohort_app(self).store`` and gets a ``CohortStore`` (posting's ``cast("Posting", self.app)``,
but checked). This module sits beside both apps so pair mode need not import the coordinator's.
"""

from __future__ import annotations

from typing import Any, TypeVar

from textual.app import App
from textual.dom import DOMNode

from rmtui.core.store import CohortStore

ReturnType = TypeVar("ReturnType")


class CohortApp(App[ReturnType]):
    """An app over one open cohort file: the coordinator's app or pair mode."""

    def __init__(self, store: CohortStore) -> None:
        super().__init__()
        self.store = store


def cohort_app(node: DOMNode) -> CohortApp[Any]:
    """The app ``node`` runs in, typed: its ``store`` is the open cohort."""
    app = node.app
    if not isinstance(app, CohortApp):
        raise TypeError(f"{type(node).__name__} runs only inside an rmtui app, not in {type(app).__name__}")
    return app
