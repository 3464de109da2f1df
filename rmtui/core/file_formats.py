"""Which format a file name's ending asks for: one table for every export, so the command line and the app agree."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rmtui.core.errors import RmtuiError

# One row per ending any export writes; each export says which of these formats it can write.
FORMAT_BY_ENDING = {
    ".csv": "csv",
    ".json": "json",
    ".xlsx": "xlsx",
    ".ics": "ics",
    ".txt": "txt",
    ".html": "html",
    ".htm": "html",
    ".svg": "svg",
    ".md": "md",
}


def format_for(path: Path, writable: Sequence[str], what: str) -> str:
    """The format ``path``'s ending asks for; RmtuiError naming the endings that work when it is not one of ``writable``."""
    found = FORMAT_BY_ENDING.get(path.suffix.lower())
    if found is not None and found in writable:
        return found
    endings = [ending for ending, fmt in FORMAT_BY_ENDING.items() if fmt in writable and ending != ".htm"]
    listed = ", ".join(endings[:-1]) + f" or {endings[-1]}" if len(endings) > 1 else endings[0]
    kind = f"a {path.suffix} file" if path.suffix else "a file with no ending"
    raise RmtuiError(f"{path.name}: rmtui cannot write {what} as {kind}; end the file name in {listed}.")
