"""Reading the cells of a monthly report workbook someone sent: the rows of a sheet within the row,
column and time caps, and a cell as a figure, a month or a date, with an ImportFileError whose
Chinese message names the file, the sheet and the cell when it is none of them.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator
from datetime import date, datetime
from datetime import time as dtime
from typing import Any

from desktop.domain.dates import parse_date
from desktop.domain.monthly.indicators import Indicator
from desktop.domain.monthly.report import YearMonth, parse_number
from desktop.domain.names import clean_text
from desktop.exchange.errors import ImportFileError
from desktop.exchange.xlsx.cells import cell_text, column_letter

MAX_COLS = 40  # columns read per row
MAX_SECONDS = 30.0  # per sheet: openpyxl parses every cell of a row, however wide


class CellReader:
    """Where we are (file, sheet) for the messages, and the row and time caps."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.sheet = ""

    def fail(self, row: int | None, col: int | None, what: str) -> ImportFileError:
        cell = f" {column_letter(col)}{row} 单元格" if row is not None and col is not None else ""
        return ImportFileError(f"文件“{self.file}”的工作表“{self.sheet}”{cell}{what}", sheet=self.sheet)

    def rows(self, ws: Any, cap: int, max_col: int = MAX_COLS) -> Iterator[tuple[int, tuple]]:
        """(row number from 1, values) of the sheet's rows; ImportFileError past ``cap`` rows or
        MAX_SECONDS."""
        self.sheet = ws.title
        try:
            ws.reset_dimensions()  # WPS declares wrong dimensions; read what is really there
        except AttributeError:
            pass
        deadline = time.monotonic() + MAX_SECONDS
        for number, row in enumerate(ws.iter_rows(max_col=max_col, values_only=True), start=1):
            if number > cap:
                raise self.fail(None, None, f"超过 {cap} 行，已停止读取。月报不会有这么多行，请删去多余的行后再导入")
            if time.monotonic() > deadline:
                raise self.fail(None, None, f"内容过多（读到第 {number} 行已超过 {MAX_SECONDS:.0f} 秒），已停止读取。"
                                            f"请删去多余的行和列后再导入")
            yield number, tuple(row)

    def number(self, raw: object, ind: Indicator, row: int, col: int, what: str) -> int | float | None:
        """A cell → figure; ImportFileError naming the cell when it is not a number."""
        if raw is None:
            return None
        bad = f"（{ind.label}{what}）“{cell_text(raw)}”不是数字，请改正为数字（没有的填 0）后再导入"
        if isinstance(raw, bool) or isinstance(raw, (datetime, date, dtime)):
            raise self.fail(row, col, bad)
        if isinstance(raw, (int, float)):
            if isinstance(raw, float) and not math.isfinite(raw):
                raise self.fail(row, col, bad)
            if isinstance(raw, float) and ind.is_integer and raw.is_integer():
                return int(raw)
            return raw
        try:
            value = parse_number(str(raw))
        except ValueError:
            raise self.fail(row, col, bad) from None
        if isinstance(value, float) and ind.is_integer and value.is_integer():
            return int(value)
        return value

    def month(self, raw: object, row: int, col: int, label: str) -> YearMonth:
        """A cell → YearMonth (a date, or text such as 2021年4月)."""
        if isinstance(raw, (datetime, date)):
            return YearMonth(raw.year, raw.month)
        try:
            return YearMonth.parse(cell_text(raw))
        except ValueError:
            raise self.fail(row, col, f"的{label}“{cell_text(raw)}”无法识别，应如“2021年4月”，请改正后再导入") from None

    def day(self, raw: object, row: int, col: int) -> date | None:
        """A cell → the 填报日期 (None when blank)."""
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return None
        if isinstance(raw, (datetime, date)):
            return raw.date() if isinstance(raw, datetime) else raw
        parsed = parse_date(clean_text(cell_text(raw)))
        if parsed is None:
            raise self.fail(row, col, f"的填报日期“{cell_text(raw)}”无法识别，应如“2021年4月23日”，请改正后再导入")
        return parsed
