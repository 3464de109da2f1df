"""The Textual front end. The core never imports from here.

Messages flow up, calls flow down. A worker or widget reports back by posting a ``Message``
dataclass (``post_message`` is thread-safe), never with ``call_from_thread``. Each message is
nested in the one class that posts it (posting's style: ``ChangingScreen.Changed``,
``CoreForm.Saved``), so a reader finds it beside the code that sends it; a handler names it
through that class, ``@on(ChangingScreen.Changed)``. No screen looks up another's worker by name.
"""
