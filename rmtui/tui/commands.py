"""Command-palette entries: every described key binding of the app and the current section."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from typing import Any

from textual.app import App
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.widget import Widget

# What a binding belongs to, and so what runs its action: the current screen or the app.
ActionTarget = Widget | App[Any]


class ActionCommands(Provider):
    """Offers each action that has a key, so nothing is reachable only by memory."""

    def _commands(self) -> Iterator[tuple[str, str, ActionTarget, str]]:
        seen: set[str] = set()
        for node in (self.screen, self.app):
            for binding in node.BINDINGS:
                if isinstance(binding, Binding) and binding.description and binding.action not in seen:
                    seen.add(binding.action)
                    key = binding.key_display or binding.key.split(",")[0]
                    yield binding.description, f"{binding.tooltip or binding.description} ({key})", node, binding.action

    async def discover(self) -> Hits:
        """List every command when nothing is typed."""
        for title, help_text, node, action in self._commands():
            yield DiscoveryHit(title, self._runner(node, action), help=help_text)

    async def search(self, query: str) -> Hits:
        """Fuzzy-match commands by title."""
        matcher = self.matcher(query)
        for title, help_text, node, action in self._commands():
            if (score := matcher.match(title)) > 0:
                yield Hit(score, matcher.highlight(title), self._runner(node, action), help=help_text)

    def _runner(self, node: ActionTarget, action: str) -> Callable[[], Awaitable[None]]:
        async def run() -> None:
            await node.run_action(action)

        return run
