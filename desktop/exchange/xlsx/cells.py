"""Cell text shared by the workbook readers and writers: what a cell value reads as, what XML and
Windows file names cannot hold, how wide a line is and what a column is called."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from desktop.domain.dates import format_cn

MAX_CELL_CHARS = 32767  # Excel's limit for one cell
ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # what XML 1.0 cannot hold: control
# characters and the two non-characters U+FFFE, U+FFFF (Excel calls a file holding one damaged)
ILLEGAL_FILENAME = re.compile(r'[<>:"/\\|?*\x00-\x1f]')  # characters Windows forbids in file names

_LITERAL = re.compile("_(?=x[0-9A-Fa-f]{4}_)")  # the "_" of a _xHHHH_ that is text (escape_literals)
_NARROW = re.compile("[\x00-\u2e7f]")  # Latin letters, digits, ASCII punctuation: below CJK (compiles 100× faster than [^\u2e80-\U0010ffff])


def cell_text(value: object) -> str:
    """A cell value as the text a reader sees: whole numbers without “.0”, dates as 2021年3月26日."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):  # as Excel and WPS show a logical value
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, datetime):
        return format_cn(value.date())
    if isinstance(value, date):
        return format_cn(value)
    return str(value)


def xml_text(value: object) -> str:
    """A cell's text: str, without the control characters XML cannot hold."""
    return "" if value is None else ILLEGAL_XML.sub("", str(value))


def escape_literals(text: str) -> str:
    """Text as it goes into a cell's XML. OOXML writes a character XML cannot hold as ``_xHHHH_``, and
    Excel, WPS and python-calamine read every ``_xHHHH_`` in a cell that way: a typed or pasted one
    (“_x000D_” copied out of another program's export) would come back as a line break. Its ``_`` is
    written ``_x005F_``, as Excel writes it, so the text reads back as typed.

    For the roster workbooks, read back with python-calamine (which undoes it). The 月报 and 评分表 are
    read with openpyxl, which takes ``_x005F_`` out of the text Excel and WPS save (shared strings) but
    leaves every other ``_xHHHH_`` as it is: what they write stays as typed, so the two agree both for
    their own files and for files saved again in Excel or WPS."""
    return _LITERAL.sub("_x005F_", text) if "_x" in text else text


def filename_part(text: str, limit: int) -> str:
    """Text for a file name: characters Windows forbids become ``_``, at most ``limit`` characters."""
    part = ILLEGAL_FILENAME.sub("_", text.strip()).strip(" .")
    return part[:limit].rstrip(" .") if len(part) > limit else part


def calamine_rows(sheet: Any, max_cols: int | None = None) -> Iterator[tuple]:
    """The rows of a python-calamine sheet from A1, at most ``max_cols`` wide.

    ``iter_rows()`` yields the rows above the first used one, but starts each row at the first
    used column: the columns left of it are added here. Empty cells are "".
    """
    left = sheet.start[1] if sheet.start else 0
    width = max_cols if max_cols is not None else left + (sheet.width or 0)
    pad = ("",) * min(left, width)
    keep = width - len(pad)
    for row in sheet.iter_rows():
        yield pad + tuple(row[:keep])


def text_units(text: str) -> float:
    """Width of a line in em: CJK characters 1, Latin letters and digits about half."""
    narrow = len(_NARROW.findall(text)) if text.isascii() is False else len(text)
    return (len(text) - narrow) + 0.55 * narrow


def column_letter(col: int) -> str:
    """1 → A, 27 → AA (for messages; no openpyxl import needed)."""
    letters = ""
    while col > 0:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_number(letters: str) -> int:
    """A → 1, AA → 27."""
    number = 0
    for ch in letters.upper():
        number = number * 26 + ord(ch) - 64
    return number
