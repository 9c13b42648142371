"""The hidden sheet ``_数据`` of the monthly report workbook, written and read: the same report as
machine-readable rows (类别, 代码, 内容) so that another office imports it exactly — the format
and its version, the program, the indicator file, the header fields, every figure and text by
code and the warnings' 说明 by key.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from desktop.domain.monthly.indicators import IndicatorSet
from desktop.domain.monthly.report import MonthlyReport
from desktop.domain.names import clean_text
from desktop.exchange.errors import ExportError
from desktop.exchange.monthly.cell_reader import CellReader
from desktop.exchange.monthly.format import STYLES, clean_cell_text, number_value
from desktop.exchange.xlsx.cells import MAX_CELL_CHARS, cell_text

if TYPE_CHECKING:  # pragma: no cover
    from desktop.exchange.monthly.layout import SheetWriter

DATA_HEADERS: tuple[str, str, str] = ("类别", "代码", "内容")
DATA_FORMAT = "镇村便民服务试点填报·月报"
DATA_VERSION = 1
# Kinds of the rows of the _数据 sheet.
DATA_KIND_FORMAT = "格式"
DATA_KIND_APP = "程序"
DATA_KIND_INDICATORS = "指标文件"
DATA_KIND_HEADER = "表头"
DATA_KIND_VALUE = "指标"
DATA_KIND_TEXT = "文字"
DATA_KIND_EXPLANATION = "说明"
DATA_HEADER_FIELDS: tuple[str, ...] = ("unit", "month", "reporter", "phone", "reviewer", "filled_on")
# the report's attribute of each code (the file says "unit" for the 填报单位, the region it is filed under)
_ATTR = {"unit": "region"}

DataRow = tuple[str, str, str | int | float | None]


# -- writing ----------------------------------------------------------------------------------------
def data_rows(report: MonthlyReport, indicators: IndicatorSet, explanations: dict[str, str]) -> list[DataRow]:
    """The machine-readable rows of the hidden _数据 sheet (below its header row)."""
    from desktop.system.about import APP_NAME, __version__

    rows: list[DataRow] = [
        (DATA_KIND_FORMAT, DATA_FORMAT, DATA_VERSION),
        (DATA_KIND_APP, APP_NAME, __version__),
        (DATA_KIND_INDICATORS, clean_cell_text(indicators.title), indicators.year),
    ]
    for attr in DATA_HEADER_FIELDS:
        if attr == "month":
            value = report.month.iso
        elif attr == "filled_on":
            value = report.filled_on.isoformat() if report.filled_on else ""
        else:
            value = clean_cell_text(getattr(report, _ATTR.get(attr, attr)))
        rows.append((DATA_KIND_HEADER, attr, value))
    for ind in indicators.indicators:
        rows.append((DATA_KIND_VALUE, ind.code, number_value(report.value(ind.code))))
    for section in indicators.sections:
        text = clean_cell_text(report.text(section.code))
        if len(text) > MAX_CELL_CHARS:
            raise ExportError(f"{section.title}超过 Excel 单元格上限（{MAX_CELL_CHARS} 个字符），请删减后再导出")
        rows.append((DATA_KIND_TEXT, section.code, text))
    for key, text in explanations.items():
        text = clean_cell_text(text)
        if text.strip():
            rows.append((DATA_KIND_EXPLANATION, clean_cell_text(key), text))
    return rows


def fill_data(w: SheetWriter, rows: list[DataRow]) -> None:
    """Write ``rows`` below the header row and hide the sheet."""
    style = STYLES["data"]
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values, start=1):
            w.put(r, c, value, style)
    w.ws.sheet_state = "hidden"


# -- reading ----------------------------------------------------------------------------------------
@dataclass
class DataSheet:
    """What a _数据 sheet holds."""

    version: int
    header: dict[str, Any] = field(default_factory=dict)  # attr → str / YearMonth / date | None
    values: dict[str, int | float | None] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    explanations: dict[str, str] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)


def read_data_sheet(ws: Any, reader: CellReader, indicators: IndicatorSet, cap: int) -> DataSheet | None:
    """The report in a _数据 sheet; None when the program did not write it. Raises ImportFileError."""
    codes = {ind.code: ind for ind in indicators.indicators}
    sections = {s.code for s in indicators.sections}
    data: DataSheet | None = None
    for r, row in reader.rows(ws, cap, max_col=3):
        kind, code, value = (tuple(row) + (None, None, None))[:3]
        kind, code = clean_text(cell_text(kind)), clean_text(cell_text(code))
        if r == 1 or not kind:
            continue
        if data is None:
            if kind != DATA_KIND_FORMAT or code != DATA_FORMAT:
                return None  # a sheet of this name that the program did not write
            try:
                version = int(str(value).strip())
            except ValueError:
                raise reader.fail(r, 3, f"的格式版本“{cell_text(value)}”无法识别，文件已损坏，请向报送单位重新索取") from None
            if version > DATA_VERSION:
                raise reader.fail(r, 3, f"：该文件由较新版本的程序导出（格式版本 {version}），"
                                        f"请升级本程序后再导入")
            data = DataSheet(version)
            continue
        if kind == DATA_KIND_HEADER:
            if code == "month":
                data.header[code] = reader.month(value, r, 3, "报告月份")
            elif code == "filled_on":
                data.header[code] = reader.day(value, r, 3)
            elif code in DATA_HEADER_FIELDS:
                data.header[_ATTR.get(code, code)] = "" if value is None else str(value)
        elif kind == DATA_KIND_VALUE:
            if code in codes:
                data.values[code] = reader.number(value, codes[code], r, 3, "")
            else:
                data.unknown.append(code)
        elif kind == DATA_KIND_TEXT:
            if code in sections:
                data.texts[code] = "" if value is None else clean_cell_text(value)
            else:
                data.unknown.append(code)
        elif kind == DATA_KIND_EXPLANATION and code:
            text = "" if value is None else clean_cell_text(value)
            if text.strip():
                data.explanations[code] = text
    if data is not None and "month" not in data.header:
        raise reader.fail(None, None, "缺少报告月份，文件已损坏，请向报送单位重新索取")
    return data
