"""Checks shared by every typed-in or imported piece of text."""

from __future__ import annotations

import re
import unicodedata

MAX_SHORT_TEXT = 200
MAX_PARAGRAPH = 2_000
# Digits that int() reads (str.isdigit() also passes '²', which int() refuses), and few enough that it will.
_WHOLE_NUMBER = re.compile(r"\d{1,9}")
# A tab, or a space of any width (category Zs: no-break, em, thin, ideographic...): invisible in a spreadsheet's
# cell, so it is read as the space it looks like. Line breaks and other control characters are still refused.
_SPACES = re.compile("[\t \u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")


def one_line(value: str) -> str:
    """A one-line value with each run of tabs and spaces of any kind made one space, and the ends trimmed."""
    return _SPACES.sub(" ", value).strip()


def check_single_line(value: str, *, required: bool = False, limit: int = MAX_SHORT_TEXT) -> str | None:
    """What is wrong with a one-line value, or None when it is fine."""
    if required and not value:
        return "is required"
    if len(value) > limit:
        return f"is {len(value):,} characters long; keep it to {limit}"
    for char in value:
        if unicodedata.category(char) == "Cc":
            return f"contains a control character (U+{ord(char):04X}); remove it"
    return None


def whole_number(text: str) -> int | None:
    """The whole number typed as digits, or None for anything else; never raises, even for '²' or 10,000 digits."""
    return int(text) if _WHOLE_NUMBER.fullmatch(text) else None


def check_paragraph(value: str, *, required: bool = False, limit: int = MAX_PARAGRAPH) -> str | None:
    """What is wrong with a value that may span lines, or None when it is fine."""
    if required and not value.strip():
        return "is required"
    if len(value) > limit:
        return f"is {len(value):,} characters long; keep it to {limit:,}"
    for char in value:
        if char not in "\n\t" and unicodedata.category(char) == "Cc":
            return f"contains a control character (U+{ord(char):04X}); remove it"
    return None
