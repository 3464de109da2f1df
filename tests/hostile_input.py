"""Hostile and odd input for the tests: typed-in text, damaged cohort files, and the check every refusal must pass.

The one helper module tests import, because what it holds is needed when a module is collected, before any fixture
exists: Hypothesis strategies and settings for ``@given`` and ``@settings``, and the damaged files for
``@pytest.mark.parametrize``. Everything else tests share is a fixture in conftest.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st

from rmtui.core.errors import RmtuiError, ValidationError
from rmtui.core.store import CohortStore

T = TypeVar("T")

MARKUP = (
    "[bold]x[/]", "[/]", "[bold red]Zoë[/] \u202eRTL", "[link=https://evil.example]click[/link]",
    "[@click=app.quit]quit[/]", "\\[b]", "[", "]", "[red", "[/bold]",
)  # fmt: skip
FORMULAS = ("=", "+", "-", "@", "\t", "\r", "=1+1", '=HYPERLINK("https://evil.example")', "@SUM(A1:A9)", "-2+3", "'=x")
SCRIPTS = ("\u202e", "\u202b", "\u200f", "\u2067", "مرحبا", "שלום", "👩🏽‍💻", "🏳️‍🌈", "🇬🇧", "Zoë", "e\u0301", "٣")
CONTROLS = ("\x00", "\x1b[31m", "\x07", "\x7f", "\x85", "\u2028", "\n", "\r\n", "\ufeff", "\x0c")
IMPOSSIBLE_DATES = ("2026-02-30", "2026-13-01", "2026-00-10", "2025-02-29", "2026-04-31", "0000-01-01", "2026/03/01")
BLANKS = ("", " ", "\u00a0", "\u3000", "\t \t")
# Numbers as people type them: superscripts pass str.isdigit() but not int(), and int() refuses 10,000 digits.
NUMBERS = ("²", "٣", "１", "1e3", "-1", "0", "007", "3.0", "5 ", "9" * 5000)
LONG = 10_000

piece = st.one_of(
    st.text(max_size=12), st.sampled_from(MARKUP + FORMULAS + SCRIPTS + CONTROLS + IMPOSSIBLE_DATES + BLANKS + NUMBERS)
)
mixed = st.lists(piece, max_size=5).map("".join)
# A 10,000-character field, built by repetition so Hypothesis need not draw every character.
long_text = piece.map(lambda text: ((text or "x") * LONG)[:LONG])
hostile = st.one_of(mixed, mixed, long_text, st.sampled_from(BLANKS + IMPOSSIBLE_DATES))
# Odd but acceptable one-line text (markup, formulas, right-to-left, emoji), so that acceptance is tried as often.
tame = st.lists(
    st.one_of(
        st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=12),
        st.sampled_from(MARKUP + FORMULAS[:4] + FORMULAS[6:] + SCRIPTS),
    ),
    min_size=1,
    max_size=4,
).map("".join)
anything = st.one_of(hostile, tame)

# A damaged cohort file → a phrase the refusal must contain.
CORRUPT = {
    "empty": (b"", "it is empty"),
    "whitespace": (b"  \n", "it is empty"),
    "truncated": (b'{"cohort": {"1": {"name": "Spr', "not valid JSON"),
    "not json": (b"name,email\nAna,ana@example.org\n", "not valid JSON"),
    "not utf-8": (b'{"cohort": "\xff"}', "UTF-8"),
    "json list": (b"[1, 2, 3]", "not a cohort file"),
    "json string": (b'"hello"', "not a cohort file"),
    "table not a dict": (b'{"participants": [1, 2]}', "not a cohort file"),
    "record not a dict": (b'{"participants": {"1": "Ana"}}', "not a cohort file"),
    "version is a string": (b'{"_meta": {"1": {"schema_version": "1"}}}', "schema_version is not a whole number"),
    "version is a bool": (b'{"_meta": {"1": {"schema_version": true}}}', "schema_version is not a whole number"),
    "version is negative": (b'{"_meta": {"1": {"schema_version": -2}}}', "schema_version is not a whole number"),
}

# Fast enough for hundreds of examples per test; the fixtures are module-wide on purpose.
HOSTILE = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)


def form(good: dict[str, object], *extra: str) -> st.SearchStrategy[dict[str, object]]:
    """Valid typed-in fields with up to three of them (or of ``extra``) replaced by hostile or odd text."""
    keys = sorted({*good, *extra})
    return st.dictionaries(st.sampled_from(keys), anything, max_size=3).map(lambda drawn: {**good, **drawn})


def field_of(name: str) -> str:
    """The form field an error names: 'check_in_points[2]' belongs to 'check_in_points'."""
    return name.split("[", 1)[0]


def outcome(call: Callable[[], T], fields: Iterable[str], store: CohortStore | None = None) -> T | None:
    """The call's result; None when it refused with an error naming only ``fields``, and wrote nothing to ``store``.

    A pure parser may refuse only with ValidationError; a call on the store may also refuse with RmtuiError.
    Any other exception fails the test, as a crash the user would see.
    """
    before = store.path.read_bytes() if store else b""
    writes = store.write_count if store else 0
    # Either outcome is allowed, so pytest.raises does not fit; the refusal is checked after the except block.
    refused: RmtuiError | None = None
    try:
        result = call()
    except RmtuiError as error:
        refused = error
    if refused is None:
        event("accepted")
        return result
    event("refused", type(refused).__name__)
    if not isinstance(refused, ValidationError):
        assert store is not None, f"a parser raised {refused!r} instead of ValidationError"
    else:
        named = {field_of(error.field) for error in refused.errors}
        assert refused.errors and named <= set(fields), refused.errors
        assert all(error.message.strip() for error in refused.errors)
    if store:
        assert store.write_count == writes and store.path.read_bytes() == before, "a refusal wrote to the file"
    return None
