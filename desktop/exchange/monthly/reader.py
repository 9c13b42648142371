"""Read a monthly report workbook (月报) — a county's export, read by its city.

Two sources in one file, both written by desktop/exchange/monthly/export.py:

* the hidden sheet ``_数据`` (code, value rows): exact figures and texts, the warnings' 说明 by key
  (read by monthly_data_sheet.py);
* the visible sheet 月报: the title, the header block, the indicator table (matched by the labels
  of the indicator file) and the narrative sections under their headings (monthly_layout_read.py).

The data sheet is read first. The visible sheet is read too and wins where the two differ (someone
corrected a figure in Excel after the export: the printed, signed-off page is what the sender
means); each difference is reported. Without a data sheet the visible layout alone is read.
Anything that is not a monthly report is refused with an ImportFileError whose Chinese message
names the file (and sheet and cell) and says what to do.

openpyxl is imported inside the functions: importing it costs ~0.2 s and the CLI starts fast.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from desktop.domain.dates import format_cn
from desktop.domain.monthly.indicators import IndicatorSet
from desktop.domain.monthly.report import MonthlyReport, YearMonth
from desktop.domain.names import compact
from desktop.domain.text_rules import MULTILINE, fold_lines, stored_text, text_problem
from desktop.exchange.errors import ImportFileError
from desktop.exchange.monthly.cell_reader import CellReader
from desktop.exchange.monthly.data_sheet import read_data_sheet
from desktop.exchange.monthly.format import (
    HEADER_LABELS,
    SHEET_BREAKDOWN,
    SHEET_DATA,
    SHEET_REPORT,
    SHEET_TREND,
    TABLE_HEADERS,
)
from desktop.exchange.monthly.layout_read import Labels, VisibleSheet, read_visible
from desktop.exchange.xlsx.cells import cell_text
from desktop.exchange.xlsx.guard import MAX_WORKBOOK_BYTES, Expected, refuse_non_xlsx, unreadable
from desktop.exchange.xlsx.scan import scan_workbook
from desktop.system.oserrors import os_error_text

MAX_ROWS = 5_000  # rows read on the visible sheet: a report has about 100
MAX_DATA_ROWS = 20_000  # rows read on the _数据 sheet
MAX_FILE_BYTES = MAX_WORKBOOK_BYTES
MAX_CONFLICTS_LISTED = 20

SOURCE_DATA = "data"  # the program's _数据 sheet (checked against the visible sheet)
SOURCE_LAYOUT = "layout"  # the visible sheet only

CHOOSE = "请确认选择的是本程序导出的月报文件（如“泸州市2021年4月镇村便民服务“三化”试点工作进展情况.xlsx”）"


@dataclass
class MonthlyImport:
    """One monthly report read from a file."""

    report: MonthlyReport
    sha256: str  # of the file's bytes, to recognise the same file imported twice
    file_name: str
    messages: list[str] = field(default_factory=list)  # what was noticed, for the import summary
    source: str = SOURCE_DATA  # SOURCE_DATA or SOURCE_LAYOUT


@dataclass
class ParsedWorkbook:
    report: MonthlyReport
    source: str
    messages: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)  # visible sheet and data sheet disagree


# -- both together -------------------------------------------------------------------------------------
def _show(value: object) -> str:
    if isinstance(value, YearMonth):
        return value.label
    if isinstance(value, date):
        return format_cn(value)
    if value is None or value == "":
        return "（空）"
    return str(value)


def _same_number(a: int | float | None, b: int | float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def _same_header(attr: str, a: object, b: object) -> bool:
    if attr in ("month", "filled_on"):
        return a == b
    return compact(cell_text(a)) == compact(cell_text(b))


def parse_workbook(wb: Any, file_name: str, indicators: IndicatorSet, reader: CellReader | None = None) -> ParsedWorkbook:
    """The report in an opened workbook (openpyxl, read-only is fine). Raises ImportFileError."""
    reader = reader or CellReader(file_name)
    labels = Labels(indicators)
    names = list(wb.sheetnames)
    data = read_data_sheet(wb[SHEET_DATA], reader, indicators, MAX_DATA_ROWS) if SHEET_DATA in names else None
    visible: VisibleSheet | None = None
    order = [n for n in names if n == SHEET_REPORT] + [
        n for n in names if n not in (SHEET_REPORT, SHEET_DATA, SHEET_BREAKDOWN, SHEET_TREND)]
    for name in order:
        visible = read_visible(wb[name], reader, labels, MAX_ROWS)
        if visible is not None:
            break
    if data is None and visible is None:
        listed = "、".join(f"“{n}”" for n in names) or "（没有工作表）"
        raise ImportFileError(
            f"文件“{file_name}”不是月报（已查看工作表：{listed}）：没有找到“……试点工作进展情况”标题和"
            f"“{'、'.join(TABLE_HEADERS[:3])}”表头。{CHOOSE}")

    messages: list[str] = []
    conflicts: list[str] = []
    header: dict[str, Any] = {}
    values: dict[str, int | float | None] = {code: None for code in indicators.codes}
    texts: dict[str, str] = {}
    explanations: dict[str, str] = {}
    where = f"“{file_name}”"
    if data is not None:
        header.update(data.header)
        values.update(data.values)
        texts.update(data.texts)
        explanations.update(data.explanations)
        if data.unknown:
            messages.append(f"{where}中有 {len(data.unknown)} 项不在本程序的指标文件中，未导入："
                            f"{'、'.join(data.unknown[:10])}{'等' if len(data.unknown) > 10 else ''}")
        source = SOURCE_DATA
        if visible is None:
            messages.append(f"{where}的月报表格版式已被改动、无法识别，已按程序写入的数据页导入，请核对")
        else:
            def differ(what: str, shown: object, stored: object) -> None:
                conflicts.append(f"{where}：{what}在表格中为“{_show(shown)}”，程序数据页中为“{_show(stored)}”"
                                 f"（可能导出后在 Excel 或 WPS 中改过），已按表格中显示的内容导入，请核对")

            for attr, shown in visible.header.items():
                stored = data.header.get(attr)
                if (attr == "month" and shown is None) or _same_header(attr, shown, stored):
                    continue
                differ(HEADER_LABELS[attr], shown, stored)
                header[attr] = shown
            for code, shown_value in visible.values.items():
                if not _same_number(shown_value, data.values.get(code)):
                    ind = indicators.indicator(code)
                    differ(ind.label, ind.format(shown_value), ind.format(data.values.get(code)))
                    values[code] = shown_value
            for code, shown_text in visible.texts.items():
                if compact(shown_text) != compact(data.texts.get(code, "")):
                    differ(indicators.section(code).title, shown_text[:30] + ("…" if len(shown_text) > 30 else ""),
                           data.texts.get(code, "")[:30])
                    texts[code] = shown_text
    else:
        assert visible is not None
        source = SOURCE_LAYOUT
        header.update(visible.header)
        values.update(visible.values)
        texts.update(visible.texts)
        messages.append(f"{where}中没有本程序写入的数据页，已按工作表“{visible.sheet}”中的表格内容读取，请核对")
        missing = [ind.label for ind in indicators.indicators if ind.code not in visible.values]
        if missing:
            messages.append(f"{where}的表格中没有这些指标，导入后为空：{'、'.join(missing[:10])}"
                            f"{'等' if len(missing) > 10 else ''}")
        if visible.notes:
            messages.append(f"{where}中的 {visible.notes} 条说明无法与校验提示对应，未导入；请导入后按提示重新填写说明")
    if visible is not None and visible.unknown:
        messages.append(f"{where}的表格中有 {len(visible.unknown)} 行指标不在本年度指标文件中，未导入："
                        f"{'、'.join(visible.unknown[:10])}{'等' if len(visible.unknown) > 10 else ''}")
    if len(conflicts) > MAX_CONFLICTS_LISTED:
        extra = len(conflicts) - MAX_CONFLICTS_LISTED
        conflicts = conflicts[:MAX_CONFLICTS_LISTED] + [f"{where}：另有 {extra} 处不一致，均已按表格中显示的内容导入"]

    month = header.get("month")
    if not isinstance(month, YearMonth):
        sheet = visible.sheet if visible is not None else SHEET_DATA
        raise ImportFileError(f"文件“{file_name}”的工作表“{sheet}”中没有报告月份（应如“报告月份：2021年4月”），"
                              f"请补上后再导入", sheet=sheet)
    region = str(header.get("region") or "")
    if not region.strip():
        messages.append(f"{where}中没有填报单位，请导入后核对")
    filled = header.get("filled_on")

    def checked(value: object, label: str, kind: str) -> str:
        """What typing accepts (desktop.domain.text_rules), a cell's line breaks counting as spaces."""
        text = str(value or "")
        text = text if kind in MULTILINE else fold_lines(text)
        problem = text_problem(text, kind)
        if problem is not None:
            raise ImportFileError(f"文件“{file_name}”的月报中“{label}”{problem.what}，请在 Excel 或 WPS 中改正后再导入")
        return stored_text(text, kind)

    report = MonthlyReport(
        region=checked(region, HEADER_LABELS["region"], "unit"),
        month=month,
        reporter=checked(header.get("reporter"), HEADER_LABELS["reporter"], "person"),
        phone=checked(header.get("phone"), HEADER_LABELS["phone"], "phone"),
        reviewer=checked(header.get("reviewer"), HEADER_LABELS["reviewer"], "person"),
        filled_on=filled if isinstance(filled, date) else None,
        values=values,
        texts={code: checked(text, indicators.section(code).title, "section") for code, text in texts.items() if text},
        explanations={key: checked(text, "说明", "explanation") for key, text in explanations.items()},
    )
    return ParsedWorkbook(report, source, messages, conflicts)


# -- files -----------------------------------------------------------------------------------------------
EXPECTED = Expected(noun="月报文件", what="月报", choose=CHOOSE, too_big=CHOOSE, empty="请向报送单位重新索取")


def read_monthly_workbook(path: Path, indicators: IndicatorSet) -> MonthlyImport:
    """Read one monthly report workbook; raises ImportFileError (Chinese, naming the file) on a bad file.

    ``messages`` of the result say what was noticed: a figure changed in Excel after the export
    (the visible value is taken), labels not in this year's indicator file, a file without the
    data sheet (read from the visible layout; its 说明 cannot be matched to warnings).
    """
    from openpyxl import load_workbook

    path = Path(path)
    refuse_non_xlsx(path, EXPECTED)
    scan_workbook(path)  # zip bombs, XML entities: refused before openpyxl parses anything
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise ImportFileError(f"无法读取文件“{path.name}”（{os_error_text(exc)}）。如果它正在 Excel 或 WPS 中"
                              f"打开，请关闭后重试", path) from exc
    digest = hashlib.sha256(content).hexdigest()
    reader = CellReader(path.name)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
            try:
                parsed = parse_workbook(wb, path.name, indicators, reader)
            finally:
                wb.close()
    except ImportFileError as exc:
        exc.path = path
        raise
    except Exception as exc:  # openpyxl raises many kinds of errors on damaged files
        raise unreadable(path, reader.sheet, exc) from exc
    return MonthlyImport(parsed.report, digest, path.name, parsed.messages + parsed.conflicts, parsed.source)
