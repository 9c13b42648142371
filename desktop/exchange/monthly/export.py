"""Write the monthly report workbook (月报, notice 川政公〔2021〕7号 四、（二）) from the shipped template.

The template (templates_xlsx/月报.xlsx, made by tools/make_monthly_template.py) carries the named
styles, column widths and page setup; the rows are generated from the indicator file
(resources/indicators.json via :class:`IndicatorSet`), so next year's indicators need no code:

    title        {填报单位}{YYYY}年{M}月镇村便民服务“三化”试点工作进展情况
    header       填报单位 / 报告月份, 填报人 / 联系电话, 审核人 / 填报日期
    table        指标 单位 本月 上月 变化 — one group per task, then the computed rates
    narrative    the sections in file order under their headings (一、工作开展情况 （一）…)
    说明          each answered warning: the check's message and the unit's 说明

With ``breakdown`` (the county reports a city compiled) a second sheet 分县明细 has one column
per county and a 合计 column. With ``trend`` (domain/monthly/trend.py) a sheet 趋势 charts every
indicator over the months for the own unit and each subordinate unit (trend_sheet.py,
trend_charts.py). A hidden sheet ``_数据`` holds the same report as machine-readable (code, value) so another office imports it exactly (desktop/exchange/monthly/reader.py).

Every value is written as text or a number, never a formula. The file is written to a temporary
file in the target folder, read back and compared with the report, and only then moved into place.

The parts: monthly_format.py (sheet names, fixed texts, styles, shared with the reader and
tools/make_monthly_template.py), monthly_layout.py (row heights, page breaks, the cell writer),
monthly_report_sheet.py (月报), monthly_breakdown.py (分县明细), monthly_data_sheet.py (_数据) and
monthly_verify.py (the read-back check). This module puts them together.

openpyxl is imported inside the functions: importing it costs ~0.2 s and the CLI starts fast.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.domain.findings import Severity
from desktop.domain.monthly.findings import finding_key
from desktop.domain.monthly.indicators import IndicatorSet
from desktop.domain.monthly.report import MonthlyReport
from desktop.exchange.monthly.breakdown import fill_breakdown
from desktop.exchange.monthly.data_sheet import DATA_HEADERS, data_rows, fill_data
from desktop.exchange.monthly.format import (
    BODY_SIZE,
    BREAKDOWN_HEADERS,
    BREAKDOWN_TITLE_PLACEHOLDER,
    FIELD_HEIGHT,
    FOOT_SIZE,
    HEAD_HEIGHT,
    HEADER_COLUMNS,
    HEADER_FIRST_ROW,
    HEADER_LAYOUT,
    HEADING_SIZE,
    LABEL_COLON,
    REPORT_COLUMNS,
    SHEET_BREAKDOWN,
    SHEET_DATA,
    SHEET_REPORT,
    SHEET_TREND,
    SPACER_HEIGHT,
    STYLES,
    SUB_INDENT,
    TABLE_HEADERS,
    TABLE_ROW,
    TEMPLATE_NAME,
    TEXT_INDENT,
    TITLE_PLACEHOLDER,
    TITLE_SIZE,
    TITLE_TAIL,
    clean_cell_text,
    monthly_title,
)
from desktop.exchange.monthly.layout import SheetWriter, paginate
from desktop.exchange.monthly.report_sheet import answered_warnings, fill_report
from desktop.exchange.monthly.verify import check_written as _verify
from desktop.exchange.safe_write import check_path_length, write_verified
from desktop.exchange.xlsx.cells import filename_part
from desktop.exchange.xlsx.template import open_template

if TYPE_CHECKING:  # pragma: no cover
    from openpyxl.workbook.workbook import Workbook

    from desktop.domain.monthly.trend import Trend

# The layout is used by tools/make_monthly_template.py through this module; tests import paginate.
__all__ = [
    "BODY_SIZE", "BREAKDOWN_HEADERS", "BREAKDOWN_TITLE_PLACEHOLDER", "DATA_HEADERS", "FIELD_HEIGHT", "FOOT_SIZE",
    "HEAD_HEIGHT", "HEADER_COLUMNS", "HEADER_FIRST_ROW", "HEADER_LAYOUT", "HEADING_SIZE", "LABEL_COLON",
    "REPORT_COLUMNS", "SHEET_BREAKDOWN", "SHEET_DATA", "SHEET_REPORT", "SPACER_HEIGHT", "STYLES", "SUB_INDENT",
    "TABLE_HEADERS", "TABLE_ROW", "TEMPLATE_NAME", "TEXT_INDENT", "TITLE_PLACEHOLDER", "TITLE_SIZE", "TITLE_TAIL",
    "effective_explanations", "monthly_filename", "paginate", "write_monthly_workbook",
]

MAX_FILENAME_UNIT = 40


def monthly_filename(report: MonthlyReport) -> str:
    """``泸州市2021年4月镇村便民服务“三化”试点工作进展情况.xlsx``.

    Characters Windows forbids in file names (the ASCII " among them, hence the Chinese quotes
    of “三化”) become ``_``; a very long unit name is shortened.
    """
    region = filename_part(report.region or "", MAX_FILENAME_UNIT)
    return f"{region}{report.month.year}年{report.month.month}月{TITLE_TAIL}.xlsx"


def effective_explanations(report: MonthlyReport, explanations: dict[str, str] | None,
                           findings: Iterable[Any] | None = None) -> dict[str, str]:
    """The 说明 that go into the file: ``explanations`` (default the report's own), not blank, and
    with ``findings`` given only those of warnings that still fire (a corrected figure's old 说明
    is not sent on)."""
    source = report.explanations if explanations is None else explanations
    notes = {k: v for k, v in source.items() if isinstance(v, str) and clean_cell_text(v).strip()}
    if findings is not None:
        live = {finding_key(f) for f in findings if getattr(f, "severity", None) is Severity.WARNING}
        notes = {k: v for k, v in notes.items() if k in live}
    return notes


def _build(report: MonthlyReport, previous: MonthlyReport | None, indicators: IndicatorSet,
           explanations: dict[str, str], findings: Iterable[Any] | None,
           breakdown: list[MonthlyReport] | None,
           trend: Trend | None = None) -> tuple[Workbook, dict[str, dict[tuple[int, int], Any]]]:
    wb = open_template(TEMPLATE_NAME, sheets=(SHEET_REPORT, SHEET_BREAKDOWN, SHEET_DATA), styles=STYLES.values())
    if previous is not None and previous.month >= report.month:
        previous = None  # never compare with a report that is not older

    expected: dict[str, dict[tuple[int, int], Any]] = {}
    sheet = SheetWriter(wb[SHEET_REPORT])
    notes = answered_warnings(report, indicators, explanations, findings)
    fill_report(sheet, report, previous, indicators, notes)
    expected[SHEET_REPORT] = sheet.expected
    if breakdown:
        county = SheetWriter(wb[SHEET_BREAKDOWN])
        fill_breakdown(county, report, list(breakdown), indicators)
        expected[SHEET_BREAKDOWN] = county.expected
    else:
        del wb[SHEET_BREAKDOWN]
    if trend is not None and trend.worth_showing:
        _trend_sheet(wb, report, trend, expected)
    data = SheetWriter(wb[SHEET_DATA])
    fill_data(data, data_rows(report, indicators, explanations))
    expected[SHEET_DATA] = data.expected
    wb.active = wb.sheetnames.index(SHEET_REPORT)
    for ws in wb.worksheets:
        ws.sheet_view.tabSelected = ws.title == SHEET_REPORT

    from desktop.system.about import APP_NAME

    props = wb.properties
    props.creator = APP_NAME
    props.lastModifiedBy = APP_NAME
    props.created = datetime.now().replace(microsecond=0)
    props.title = monthly_title(report.region, report.month)
    return wb, expected


def _trend_sheet(wb: Workbook, report: MonthlyReport, trend: Trend,
                 expected: dict[str, dict[tuple[int, int], Any]]) -> None:
    """The 趋势 sheet, before _数据."""
    from desktop.exchange.monthly.trend_charts import add_charts
    from desktop.exchange.monthly.trend_sheet import fill_trend

    sheet = SheetWriter(wb.create_sheet(SHEET_TREND, wb.sheetnames.index(SHEET_DATA)))
    layout = fill_trend(sheet, trend, report.region)
    expected[SHEET_TREND] = sheet.expected
    add_charts(sheet.ws, layout)


def write_monthly_workbook(report: MonthlyReport, previous: MonthlyReport | None, indicators: IndicatorSet,
                           path: Path, *, explanations: dict[str, str] | None = None,
                           findings: list | None = None, breakdown: list[MonthlyReport] | None = None,
                           trend: Trend | None = None) -> Path:
    """Write the month's report to ``path`` (atomically) and check it reads back as written.

    ``previous`` (the unit's report of an earlier month, normally the month before) fills the 上月
    and 变化 columns; ``explanations`` (key → 说明, default the report's own) and ``findings`` (the
    checks' findings) make the 说明 block; ``breakdown`` (the county reports a city compiled) adds
    the 分县明细 sheet; ``trend`` (the months of the own unit and its subordinate units) adds the 趋势
    sheet when it has more than one month or unit. Does not validate: the caller refuses export
    while errors remain.
    Raises ExportError with a Chinese message naming the file and saying what to do.
    """
    path = Path(path)
    check_path_length(path)
    findings = list(findings) if findings is not None else None
    notes = effective_explanations(report, explanations, findings)

    def produce(tmp: Path) -> str | None:
        wb, expected = _build(report, previous, indicators, notes, findings, breakdown, trend)
        wb.save(tmp)
        problem = _verify(tmp, path.name, report, indicators, notes, expected)
        if problem is None and SHEET_TREND in wb.sheetnames:
            from desktop.exchange.monthly.trend_charts import missing_charts

            problem = missing_charts(tmp, wb[SHEET_TREND])
        return problem

    return write_verified(path, produce)
