"""The monthly report workbook's format (月报), shared by the writer (monthly_export.py), the reader
(monthly_import.py) and tools/make_monthly_template.py.

What a file holds and where: the sheet names, the fixed texts, the header block and the indicator
table's columns, the named styles with their font sizes, row heights and indents; and the texts
and figures as a cell holds them (titles, header values, task headings, numbers).
"""

from __future__ import annotations

from desktop.domain.dates import format_cn
from desktop.domain.monthly.report import MonthlyReport, YearMonth
from desktop.domain.numbers import is_number
from desktop.exchange.xlsx.cells import xml_text

TEMPLATE_NAME = "月报.xlsx"
SHEET_REPORT = "月报"
SHEET_BREAKDOWN = "分县明细"
SHEET_DATA = "_数据"
SHEET_TREND = "趋势"  # charts of every indicator over the months (trend_sheet.py); never read back

TITLE_TAIL = "镇村便民服务“三化”试点工作进展情况"
TITLE_PLACEHOLDER = f"（填报单位）（年）年（月）月{TITLE_TAIL}"
BREAKDOWN_TITLE_TAIL = "各县（市、区）月报分县明细"
BREAKDOWN_TITLE_PLACEHOLDER = f"（填报单位）（年）年（月）月{BREAKDOWN_TITLE_TAIL}"
LABEL_COLON = "："

# Header block: rows 2-4, a label：value text in column A and one in C (merged C:E).
HEADER_LAYOUT: tuple[tuple[tuple[str, str], tuple[str, str]], ...] = (
    (("region", "填报单位"), ("month", "报告月份")),
    (("reporter", "填报人"), ("phone", "联系电话")),
    (("reviewer", "审核人"), ("filled_on", "填报日期")),
)
HEADER_LABELS: dict[str, str] = {attr: label for pair in HEADER_LAYOUT for attr, label in pair}
HEADER_FIRST_ROW = 2
HEADER_COLUMNS: tuple[int, int] = (1, 3)
TABLE_ROW = 6  # the column headers of the indicator table
TABLE_HEADERS: tuple[str, ...] = ("指标", "单位", "本月", "上月", "变化")
REPORT_COLUMNS = len(TABLE_HEADERS)
PREVIOUS_HEADER = "上月"
RATES_HEADING = "比率（由程序根据上表数字计算）"
RATE_UNIT = "%"
RATE_SAME = "持平"
RATE_POINTS = "个百分点"
NOTES_HEADING = "说明"
NOTES_HEADERS: tuple[str, str] = ("校验提示", "填报单位的说明")
BREAKDOWN_HEADERS: tuple[str, ...] = ("指标", "单位", "（各县）")
BREAKDOWN_TOTAL = "合计"
BREAKDOWN_MEAN = "*"

STYLES: dict[str, str] = {
    "title": "月报标题",
    "field": "月报填报项",
    "head": "月报表头",
    "group": "月报分组",
    "label": "月报指标",
    "label_sub": "月报指标其中",
    "unit": "月报单位",
    "number": "月报数字",
    "rate": "月报比率",
    "heading": "月报文字标题",
    "subheading": "月报文字小标题",
    "text": "月报正文",
    "note": "月报说明",
    "foot": "月报脚注",
    "data": "月报数据",
}
TITLE_SIZE = 16.0
BODY_SIZE = 12.0
HEADING_SIZE = 13.0
FOOT_SIZE = 10.0

FIELD_HEIGHT = 22.0
SPACER_HEIGHT = 8.0
HEAD_HEIGHT = 26.0
ROW_HEIGHT = 21.0
HEADING_HEIGHT = 30.0
SUB_INDENT = 2  # 其中… rows
TEXT_INDENT = 2  # narrative text

_CN_DIGITS = "零一二三四五六七八九"


def monthly_title(region: str, month: YearMonth) -> str:
    """泸州市2021年4月镇村便民服务“三化”试点工作进展情况 (the wording of the notice)."""
    return f"{clean_cell_text(region)}{month.year}年{month.month}月{TITLE_TAIL}"


def clean_cell_text(value: object) -> str:
    """A text as a cell holds it: line breaks as \\n, no control characters XML cannot hold."""
    if value is None:
        return ""
    return xml_text(str(value).replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n"))


def header_value(report: MonthlyReport, attr: str) -> str:
    """The text of one header field as printed: 2021年4月, 2021年4月23日, names as typed."""
    if attr == "month":
        return report.month.label
    if attr == "filled_on":
        return format_cn(report.filled_on)
    return clean_cell_text(getattr(report, attr))


def number_value(value: object) -> int | float | None:
    """A figure as written: an int or a finite float; None for anything else."""
    return value if is_number(value) else None


def cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 25 → 二十五 (task and heading numbers)."""
    if 0 <= n < 10:
        return _CN_DIGITS[n]
    if 10 <= n < 20:
        return "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    if 20 <= n < 100:
        return _CN_DIGITS[n // 10] + "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    return str(n)


def task_heading(index: int, label: str) -> str:
    """（一）优化整合平台 — the group heading of a task in the table (index from 1)."""
    return f"（{cn_number(index)}）{label}"
