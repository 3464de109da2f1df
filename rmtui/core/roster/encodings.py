"""Reading a CSV file's bytes as text the way spreadsheets wrote them: UTF-8, UTF-16 or a Windows code page.

Spreadsheets write few encodings: "CSV UTF-8" (often with a byte-order mark), "Unicode text" (UTF-16 with a
byte-order mark) and, by default on Windows, the Windows code page of the machine's language (Windows-1252 in
Western Europe and the Americas). Those are tried in that order; charset-normalizer judges the rest. Detectors
guess badly on a short file (a three-row Windows-1252 roster comes back as Central European, turning "Œ" into
"Ś"), so Windows-1252 wins whenever it reads the file without a character that is out of place.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8 with a byte-order mark"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)
# A lead byte with its continuation bytes: text that holds one was written as UTF-8.
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_WINDOWS_CODE_PAGES = [f"cp{n}" for n in range(1250, 1259)]
_NAMES = {"cp1252": "Windows-1252 (Western European)", "utf_16": "UTF-16", "utf_16_le": "UTF-16", "utf_16_be": "UTF-16"}


class UndecodableError(ValueError):
    """A byte no spreadsheet encoding explains, located by line and column."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


@dataclass(frozen=True, slots=True)
class DecodedText:
    """A file's text and the encoding it was read as, named for people."""

    text: str
    encoding: str


def _located(raw: bytes, position: int, why: str) -> UndecodableError:
    line_start = raw.rfind(b"\n", 0, position) + 1
    line = raw.count(b"\n", 0, position) + 1
    column = len(raw[line_start:position].decode("utf-8", errors="replace")) + 1
    return UndecodableError(
        line,
        f"byte 0x{raw[position]:02x} at line {line}, column {column} {why}; "
        "save the file from your spreadsheet as 'CSV UTF-8' and import it again",
    )


def decode_spreadsheet_text(raw: bytes) -> DecodedText:
    """The text of a CSV file and its encoding; UndecodableError names the line and column of a bad byte."""
    for bom, codec, name in _BOMS:
        if raw.startswith(bom):
            try:
                return DecodedText(raw.decode(codec), name)
            except UnicodeDecodeError as error:
                raise _located(raw, error.start, f"is not {name}") from None
    try:
        return DecodedText(raw.decode("utf-8"), "UTF-8")
    except UnicodeDecodeError as error:
        bad = error.start
    if _UTF8_SEQUENCE.search(raw, 0, bad):
        # Accented letters before it were read as UTF-8: a damaged UTF-8 file, not another encoding.
        raise _located(raw, bad, "is not UTF-8, though the text before it is")
    if b"\x00" not in raw:
        from charset_normalizer.md import mess_ratio

        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError:
            pass
        else:
            if mess_ratio(text, 1.0) == 0:
                return DecodedText(text, _NAMES["cp1252"])
    return _detected(raw, bad)


def _detected(raw: bytes, bad: int) -> DecodedText:
    from charset_normalizer import from_bytes

    # Spreadsheets write UTF-16 or a Windows code page; the ISO and Mac pages only add wrong guesses.
    best = from_bytes(raw, cp_isolation=[*_WINDOWS_CODE_PAGES, "utf_16", "utf_16_le", "utf_16_be"]).best()
    if best is None:
        raise _located(raw, bad, "is not UTF-8, and no spreadsheet encoding reads the file")
    name = _NAMES.get(best.encoding, f"{best.encoding} (a guess: check that the names read right)")
    return DecodedText(str(best), name)
