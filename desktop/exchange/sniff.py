"""What a file someone sent is, by a cheap look into it: an exchange package, a monthly report
workbook, or else a roster workbook. Deciding does not load the readers (an import of a roster does
not load the package's or the monthly report's, about 10 ms of a command)."""

from __future__ import annotations

import zipfile
from pathlib import Path

from desktop.exchange.monthly.format import SHEET_DATA, TABLE_HEADERS

PACKAGE_EXTENSION = ".zctb"
PACKAGE_MANIFEST = "manifest.json"
SNIFF_BYTES = 256 * 1024


def is_package(path: Path) -> bool:
    """A zip that holds manifest.json (not a workbook); False for anything unreadable."""
    try:
        with open(path, "rb") as fh:
            if fh.read(4) != b"PK\x03\x04":
                return path.suffix.lower() == PACKAGE_EXTENSION
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
    except (OSError, zipfile.BadZipFile, ValueError):
        return path.suffix.lower() == PACKAGE_EXTENSION
    return PACKAGE_MANIFEST in names and "xl/workbook.xml" not in names


def is_monthly_workbook(path: Path) -> bool:
    """A cheap look (no openpyxl) whether ``path`` is a monthly report rather than a roster.

    True for a workbook with the program's _数据 sheet or whose first sheet holds the title
    “…工作进展情况” and the column 本月; for a file that cannot be opened as a zip the name
    decides (月报 / 工作进展情况), so its error message comes from the monthly import.
    """
    path = Path(path)
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            if "xl/workbook.xml" not in names:
                return False
            with zf.open("xl/workbook.xml") as fh:
                book = fh.read(SNIFF_BYTES).decode("utf-8", "replace")
            if f'"{SHEET_DATA}"' in book:
                return True
            text = ""
            for part in ("xl/sharedStrings.xml", "xl/worksheets/sheet1.xml"):
                if part in names:
                    with zf.open(part) as fh:
                        text += fh.read(SNIFF_BYTES).decode("utf-8", "replace")
            return "工作进展情况" in text and TABLE_HEADERS[2] in text
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, RuntimeError):
        name = path.name
        return "月报" in name or "工作进展情况" in name
