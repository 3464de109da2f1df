"""The roster as an Excel workbook (.xlsx): reading a sign-up form's sheet, and writing the export.

Reading gives each row its spreadsheet row number as its line and every cell as the text a person sees:
a number typed 3 is "3", not "3.0", and a date shows as its format shows it. openpyxl is imported here only.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from collections.abc import Callable, Iterable
from datetime import date, datetime, time
from typing import Any

from rmtui.core.roster.encodings import UndecodableError

# Excel's date and time codes, the longest first so that "mmmm" is not read as "mm" twice.
_DATE_TOKENS = re.compile(r"yyyy|yy|mmmm|mmm|mm|m|dddd|ddd|dd|d|hh|h|ss|s|am/pm|a/p|\"[^\"]*\"|\\.|.", re.IGNORECASE)
_PARTS: dict[str, Callable[[Any], str]] = {
    "yyyy": lambda v: f"{v.year:04d}", "yy": lambda v: f"{v.year % 100:02d}", "mmmm": lambda v: v.strftime("%B"),
    "mmm": lambda v: v.strftime("%b"), "dddd": lambda v: v.strftime("%A"), "ddd": lambda v: v.strftime("%a"),
    "dd": lambda v: f"{v.day:02d}", "d": lambda v: str(v.day), "hh": lambda v: f"{v.hour:02d}",
    "h": lambda v: str(v.hour), "ss": lambda v: f"{v.second:02d}", "s": lambda v: str(v.second),
    "am/pm": lambda v: v.strftime("%p"), "a/p": lambda v: v.strftime("%p")[0],
    "month:mm": lambda v: f"{v.month:02d}", "month:m": lambda v: str(v.month),
    "minute:mm": lambda v: f"{v.minute:02d}", "minute:m": lambda v: str(v.minute),
}  # fmt: skip
# Built-in format 14 shows the reader's own short date; ISO is the one spelling every reader and rmtui agree on.
_LOCAL_SHORT_DATE = {"mm-dd-yy", "m/d/yyyy", "general"}
_FIXED_DECIMALS = re.compile(r"^#?,?#*0(?:\.(0+))?(%?)$")


def _date_text(value: date | time, number_format: str) -> str:
    code = re.sub(r"\[[^\]]*\]", "", number_format.split(";")[0])  # colours and locales: [$-409], [Red]
    if code.lower() in _LOCAL_SHORT_DATE:
        if isinstance(value, datetime) and value.time() == time():
            value = value.date()
        return value.isoformat(sep=" ") if isinstance(value, datetime) else value.isoformat()
    tokens = _DATE_TOKENS.findall(code)
    shown = []
    for index, token in enumerate(tokens):
        key = token.lower()
        if key in ("mm", "m"):
            # "m" is minutes right after hours or right before seconds, and the month otherwise.
            after_hours = any(t.lower() in ("h", "hh") for t in tokens[max(0, index - 2) : index])
            before_seconds = any(t.lower() in ("s", "ss") for t in tokens[index + 1 : index + 3])
            key = ("minute:" if after_hours or before_seconds else "month:") + key
        part = _PARTS.get(key)
        shown.append(part(value) if part else token.strip('"').removeprefix("\\"))
    return "".join(shown)


def _number_text(value: float, number_format: str) -> str:
    if re.fullmatch("0+", number_format) and float(value).is_integer():
        # Leading zeros shown, as in an employee number formatted 00000.
        return str(int(value)).zfill(len(number_format))
    fixed = _FIXED_DECIMALS.match(number_format.split(";")[0].replace(",", ""))
    if fixed:
        decimals = len(fixed.group(1) or "")
        shown = value * 100 if fixed.group(2) else value
        grouping = "," if "," in number_format else ""
        return f"{shown:{grouping}.{decimals}f}" + fixed.group(2)
    # General: what Excel shows, up to 15 significant digits, and no ".0" on a whole number.
    return str(int(value)) if float(value).is_integer() else f"{value:.15g}"


def cell_text(value: Any, number_format: str = "General") -> str:
    """A cell's value as the text the spreadsheet shows for it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, date | time):
        return _date_text(value, number_format)
    if isinstance(value, int | float):
        return _number_text(value, number_format)
    return str(value)


def _load(raw: bytes) -> Any:
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            # "Workbook contains no default style": harmless, and forms' exports often trigger it.
            warnings.simplefilter("ignore")
            return load_workbook(io.BytesIO(raw), data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise UndecodableError(
            1, f"is not an Excel workbook rmtui can read ({error}); open it in your spreadsheet and save it as .xlsx"
        ) from None


def read_workbook(raw: bytes, sheet: str | None) -> tuple[list[tuple[int, list[str]]], str, tuple[str, ...]]:
    """The sheet's rows as (row number, cell texts), which sheet was read (the first unless named), and every sheet."""
    workbook = _load(raw)
    names = workbook.sheetnames
    if sheet is not None and sheet not in names:
        listed = ", ".join(f"'{name}'" for name in names)
        raise UndecodableError(1, f"has no sheet named '{sheet}'; its sheets are {listed}. Give one with --sheet")
    chosen = workbook[sheet] if sheet is not None else workbook.worksheets[0]
    records = [
        (row[0].row, [cell_text(cell.value, cell.number_format) for cell in row])
        for row in chosen.iter_rows()
        if row and row[0].row is not None
    ]
    return records, f"sheet '{chosen.title}' of an Excel workbook", tuple(names)


def rows_to_xlsx(rows: Iterable[list[str]], sheet: str) -> bytes:
    """A workbook of one sheet holding these rows as text, so nothing is re-typed as a number or a date."""
    from openpyxl import Workbook

    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    for row in rows:
        worksheet.append(row)
    for column in worksheet.iter_cols():
        for cell in column:
            # Text, so a grade of 007 or a date-like department stays as written; openpyxl would read "=x" as a
            # formula, which the caller's neutralised cells never start with.
            cell.number_format = "@"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
