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
per county and a 合计 column. A hidden sheet ``_数据`` holds the same report as machine-readable
rows (code, value) so another office imports it exactly (desktop/exchange/monthly_import.py).

Every value is written as text or a number, never a formula. The file is written to a temporary
file in the target folder, read back and compared with the report, and only then moved into place.
openpyxl is imported inside the functions: importing it costs ~0.2 s and the CLI starts fast.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..domain.dates import format_cn
from ..domain.findings import Severity
from ..domain.monthly.findings import finding_key
from ..domain.monthly.indicators import Indicator, IndicatorSet
from ..domain.monthly.rates import compute_rate, format_rate
from ..domain.monthly.report import MonthlyReport, YearMonth
from ..paths import templates_dir
from .errors import ExportError, ImportFileError
from .roster_export import MAX_CELL_CHARS
from .safe_write import check_path_length, write_verified
from .sheet_text import filename_part, text_units, xml_text

if TYPE_CHECKING:  # pragma: no cover
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

# -- layout shared with tools/make_monthly_template.py and monthly_import.py --------------------------
TEMPLATE_NAME = "月报.xlsx"
SHEET_REPORT = "月报"
SHEET_BREAKDOWN = "分县明细"
SHEET_DATA = "_数据"

TITLE_TAIL = "镇村便民服务“三化”试点工作进展情况"
TITLE_PLACEHOLDER = f"（填报单位）（年）年（月）月{TITLE_TAIL}"
BREAKDOWN_TITLE_TAIL = "各县（市、区）月报分县明细"
BREAKDOWN_TITLE_PLACEHOLDER = f"（填报单位）（年）年（月）月{BREAKDOWN_TITLE_TAIL}"
LABEL_COLON = "："

# Header block: rows 2-4, a label：value text in column A and one in C (merged C:E).
HEADER_LAYOUT: tuple[tuple[tuple[str, str], tuple[str, str]], ...] = (
    (("unit", "填报单位"), ("month", "报告月份")),
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
BREAKDOWN_ONE_PAGE = 12  # counties that still fit one landscape page across

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
FORMULA_SIZE = 10.0
FORMULA_COLOR = "FF595959"
BODY_FONT = "仿宋"

FIELD_HEIGHT = 22.0
SPACER_HEIGHT = 8.0
HEAD_HEIGHT = 26.0
ROW_HEIGHT = 21.0
HEADING_HEIGHT = 30.0
LINE_SPACING = 1.42  # line height ÷ font size
SUB_INDENT = 2  # 其中… rows
TEXT_INDENT = 2  # narrative text
A4_HEIGHT_PT = 842.0
A4_WIDTH_PT = 595.0
PAGE_SAFETY = 0.97
MAX_TEXT_LINES = 18  # a narrative row holds at most this many lines; longer paragraphs continue below
MAX_FILENAME_UNIT = 40

_SENTENCE_END = re.compile(r"(?<=[。！？；!?;])")
_CN_DIGITS = "零一二三四五六七八九"


# -- file name and texts ----------------------------------------------------------------------------
def monthly_title(unit: str, month: YearMonth) -> str:
    """泸州市2021年4月镇村便民服务“三化”试点工作进展情况 (the wording of the notice)."""
    return f"{clean_cell_text(unit)}{month.year}年{month.month}月{TITLE_TAIL}"


def monthly_filename(report: MonthlyReport) -> str:
    """``泸州市2021年4月镇村便民服务“三化”试点工作进展情况.xlsx``.

    Characters Windows forbids in file names (the ASCII " among them, hence the Chinese quotes
    of “三化”) become ``_``; a very long unit name is shortened.
    """
    unit = filename_part(report.unit or "", MAX_FILENAME_UNIT)
    return f"{unit}{report.month.year}年{report.month.month}月{TITLE_TAIL}.xlsx"


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
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


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


def previous_header(report: MonthlyReport, previous: MonthlyReport | None) -> str:
    """上月, or the month when the report compared with is older (2021年2月)."""
    if previous is None or previous.month == report.month.prev():
        return PREVIOUS_HEADER
    return previous.month.label


def rate_change(this: float | None, last: float | None, decimals: int) -> str:
    """+2.1个百分点, -0.5个百分点, 持平; "" when either rate is missing."""
    if this is None or last is None:
        return ""
    diff = round((this - last) * 100, decimals)
    if diff == 0:
        return RATE_SAME
    return f"{diff:+.{decimals}f}{RATE_POINTS}"


def value_change(ind: Indicator, this: int | float | None, last: int | float | None) -> int | float | None:
    """本月 − 上月 rounded to the indicator's decimals; None when either is missing."""
    if this is None or last is None:
        return None
    diff = this - last
    if ind.is_integer:
        return int(round(diff))
    return round(diff, ind.decimals)


def _number_format(decimals: int, signed: bool = False) -> str:
    plain = "0" if decimals <= 0 else "0." + "0" * decimals
    return f"+{plain};-{plain};{plain}" if signed else plain


# -- sizes ------------------------------------------------------------------------------------------
def _lines(text: str, width: float, size: float, indent: int = 0) -> int:
    """Estimated wrapped lines of ``text`` in a column ``width`` Excel units wide at ``size`` pt.

    Excel draws a column of width w as 7·w + 5 pixels (Calibri 11, the workbook's default font);
    a CJK character is as wide as the font size, Latin letters and digits about half of it.
    """
    em = size * 96 / 72
    usable = max(width * 7 + 5 - 6 - indent * 9, em)
    total = 0
    for part in (text or "").split("\n"):
        total += max(1, math.ceil(text_units(part) * em * 1.03 / usable))
    return total


def _height(lines: int, size: float, minimum: float = 0.0, pad: float = 7.0) -> float:
    """Row height in points for ``lines`` lines of ``size`` pt text."""
    return round(max(minimum or ROW_HEIGHT, lines * size * LINE_SPACING + pad), 1)


def _chunks(paragraph: str, width: float, size: float, indent: int) -> list[str]:
    """A paragraph cut at sentence ends into pieces of at most MAX_TEXT_LINES lines (a row's
    height is limited to 409 pt, and a row never breaks across pages)."""
    if _lines(paragraph, width, size, indent) <= MAX_TEXT_LINES:
        return [paragraph]
    pieces: list[str] = []
    current = ""
    for sentence in (s for s in _SENTENCE_END.split(paragraph) if s):
        while _lines(sentence, width, size, indent) > MAX_TEXT_LINES:  # one endless sentence: cut it
            cut = len(sentence) // 2
            while _lines(sentence[:cut], width, size, indent) > MAX_TEXT_LINES:
                cut //= 2
            if current:
                pieces.append(current)
                current = ""
            pieces.append(sentence[:cut])
            sentence = sentence[cut:]
        if current and _lines(current + sentence, width, size, indent) > MAX_TEXT_LINES:
            pieces.append(current)
            current = ""
        current += sentence
    if current:
        pieces.append(current)
    return pieces


# -- writing cells ----------------------------------------------------------------------------------
class _Rich:
    """A rate's name on the first line and its formula below it, smaller and grey."""

    def __init__(self, first: str, second: str) -> None:
        self.first = first
        self.second = second

    @property
    def plain(self) -> str:
        return f"{self.first}\n{self.second}"


@dataclass
class _Row:
    """One row to write: its cells (column, value, style, number format), merged spans and height."""

    height: float
    cells: list[tuple[int, object, str, str | None]] = field(default_factory=list)
    merges: list[tuple[int, int, str]] = field(default_factory=list)
    keep: bool = False  # keep with the next row on one page (headings)
    table: bool = False  # a row of the indicator table: after a page break the column headers repeat


class _Writer:
    """Writes cells with named styles and remembers every value for the read-back check."""

    def __init__(self, ws: Worksheet) -> None:
        self.ws = ws
        self.expected: dict[tuple[int, int], str | int | float] = {}

    def width(self, first: int, last: int | None = None) -> float:
        from openpyxl.utils import get_column_letter

        total = 0.0
        for col in range(first, (last or first) + 1):
            total += self.ws.column_dimensions[get_column_letter(col)].width or 8.43
        return total

    def put(self, row: int, col: int, value: object, style: str, number_format: str | None = None) -> None:
        cell = self.ws.cell(row=row, column=col)
        cell.style = style
        if number_format:
            cell.number_format = number_format
        if isinstance(value, _Rich):
            from openpyxl.cell.rich_text import CellRichText, TextBlock
            from openpyxl.cell.text import InlineFont

            formula_font = InlineFont(rFont=BODY_FONT, sz=FORMULA_SIZE, color=FORMULA_COLOR)
            cell.value = CellRichText([value.first + "\n", TextBlock(formula_font, value.second)])
            self.expected[(row, col)] = value.plain
            return
        if isinstance(value, str):
            if not value:
                cell.value = None
                return
            if len(value) > MAX_CELL_CHARS:
                raise ExportError(f"“{value[:20]}…”超过 Excel 单元格上限（{MAX_CELL_CHARS} 个字符），请删减后再导出")
            cell.value = value
            cell.data_type = "s"  # never a formula: = + - @ stay text
            self.expected[(row, col)] = value
            return
        number = number_value(value)
        cell.value = number
        if number is not None:
            self.expected[(row, col)] = number

    def merge(self, row: int, first: int, last: int, style: str) -> None:
        for col in range(first, last + 1):
            self.ws.cell(row=row, column=col).style = style
        if last > first:
            self.ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)

    def height(self, row: int, value: float) -> None:
        self.ws.row_dimensions[row].height = value

    def write(self, row: int, spec: _Row) -> None:
        for first, last, style in spec.merges:
            self.merge(row, first, last, style)
        for col, value, style, number_format in spec.cells:
            self.put(row, col, value, style, number_format)
        self.height(row, spec.height)


def _unmerge_below(ws: Worksheet, first_row: int) -> None:
    for rng in list(ws.merged_cells.ranges):
        if rng.min_row >= first_row:
            ws.unmerge_cells(str(rng))


def _page_capacity(ws: Worksheet, w: _Writer, last_col: int) -> float:
    """Height a page holds, in the sheet's points (before fit-to-width shrinks it), less a margin."""
    margins = ws.page_margins
    landscape = ws.page_setup.orientation == "landscape"
    paper_w, paper_h = (A4_HEIGHT_PT, A4_WIDTH_PT) if landscape else (A4_WIDTH_PT, A4_HEIGHT_PT)
    height = paper_h - 72 * ((margins.top or 0.75) + (margins.bottom or 0.75))
    width = paper_w - 72 * ((margins.left or 0.7) + (margins.right or 0.7))
    content = sum(w.width(c) * 7 + 5 for c in range(1, last_col + 1)) * 0.75  # px → pt
    scale = 1.0
    if ws.page_setup.fitToWidth and content > width:
        scale = width / content
    return height / scale * PAGE_SAFETY


def paginate(rows: list[_Row], capacity: float, used: float, table_header: _Row | None = None,
             repeated: float = 0.0) -> list[_Row | None]:
    """The rows with page breaks (None) where a page is full, as Excel would break them.

    Headings stay with the row below them; a page that continues the indicator table starts with
    ``table_header`` again (or the sheet repeats ``repeated`` points of print titles itself).
    Breaking every page ourselves keeps Excel, WPS and LibreOffice (which measure columns
    differently and so shrink the page differently) on the same pages.
    """
    out: list[_Row | None] = []
    fresh = False  # nothing but repeated headers on the page yet
    for i, row in enumerate(rows):
        need = row.height
        j = i
        while rows[j].keep and j + 1 < len(rows):
            j += 1
            need += rows[j].height
        if need > capacity - repeated:
            need = row.height
        if not fresh and used + need > capacity:
            out.append(None)
            used = repeated
            if row.table and table_header is not None:
                out.append(table_header)
                used += table_header.height
        out.append(row)
        used += row.height
        fresh = False
    return out


def _write_rows(w: _Writer, first: int, planned: list[_Row | None]) -> int:
    """Write planned rows from row ``first`` with manual page breaks; returns the last row."""
    from openpyxl.worksheet.pagebreak import Break

    w.ws.row_breaks.brk = []
    row = first
    for spec in planned:
        if spec is None:
            w.ws.row_breaks.append(Break(id=row - 1))
            continue
        w.write(row, spec)
        row += 1
    return row - 1


# -- sheet 1: the report ----------------------------------------------------------------------------
def answered_warnings(report: MonthlyReport, indicators: IndicatorSet, explanations: dict[str, str],
                      findings: Iterable[Any] | None) -> list[tuple[str, str]]:
    """(message, 说明) of each warning that has a 说明, in the findings' order.

    Without findings, every stored 说明 is listed under a description made from its key.
    """
    rows: list[tuple[str, str]] = []
    if findings is not None:
        seen: set[str] = set()
        for finding in findings:
            key = finding_key(finding)
            if getattr(finding, "severity", None) is not Severity.WARNING or not key or key in seen:
                continue
            text = clean_cell_text(explanations.get(key) or "").strip()
            if text:
                rows.append((clean_cell_text(finding.message), text))
                seen.add(key)
        return rows
    for key, text in explanations.items():
        text = clean_cell_text(text).strip()
        if text:
            rows.append((describe_key(key, report, indicators), text))
    return rows


_KEY_KINDS = {
    "late": "填报日期晚于报送截止日期",
    "drop": "累计数少于上月",
    "change": "与上月相比变化较大",
    "min": "少于规定的最低数",
    "backlog": "办结件数大于受理件数与上月未办结件数之和",
}


def describe_key(key: str, report: MonthlyReport, indicators: IndicatorSet) -> str:
    """A warning described from its key alone: 2021年4月月报 加强系统支撑 · 网上办件量：与上月相比变化较大."""
    kind, _, code = key.partition(":")
    what = _KEY_KINDS.get(kind, key)
    try:
        ind = indicators.indicator(code)
    except KeyError:
        return f"{report.title} {what}"
    return f"{report.title} {indicators.task_label(ind.task)} · {ind.name}：{what}"


def _report_rows(w: _Writer, report: MonthlyReport, previous: MonthlyReport | None, indicators: IndicatorSet,
                 notes: list[tuple[str, str]]) -> list[_Row]:
    """The rows below the table's column headers: the table, the narrative, the 说明 block."""
    s = STYLES
    last_col = REPORT_COLUMNS
    full = w.width(1, last_col)
    label_width = w.width(1)
    rows: list[_Row] = []

    def group(text: str) -> _Row:
        return _Row(ROW_HEIGHT, [(1, text, s["group"], None)], [(1, last_col, s["group"])], keep=True, table=True)

    for index, task in enumerate(indicators.tasks, start=1):
        rows.append(group(task_heading(index, task.label)))
        for ind in indicators.by_task(task.code):
            this = number_value(report.value(ind.code))
            last = number_value(previous.value(ind.code)) if previous is not None else None
            sub = ind.label.startswith("其中")
            fmt = _number_format(ind.decimals)
            rows.append(_Row(
                _height(_lines(ind.label, label_width, BODY_SIZE, SUB_INDENT if sub else 1), BODY_SIZE),
                [(1, ind.label, s["label_sub"] if sub else s["label"], None),
                 (2, ind.unit, s["unit"], None),
                 (3, this, s["number"], fmt),
                 (4, last, s["number"], fmt),
                 (5, value_change(ind, this, last), s["number"], _number_format(ind.decimals, signed=True))],
                table=True))
    if indicators.rates:
        rows.append(group(RATES_HEADING))
        for rate in indicators.rates:
            this_rate = compute_rate(report, rate)
            last_rate = compute_rate(previous, rate) if previous is not None else None
            formula = indicators.formula_text(rate)
            text_height = (BODY_SIZE + _lines(formula, label_width, FORMULA_SIZE, 1) * FORMULA_SIZE) * LINE_SPACING
            change = rate_change(this_rate, last_rate, rate.decimals)
            text_height = max(text_height, _lines(change, w.width(5), BODY_SIZE, 1) * BODY_SIZE * LINE_SPACING)
            rows.append(_Row(
                round(max(ROW_HEIGHT, text_height + 8), 1),
                [(1, _Rich(rate.label, formula), s["label"], None),
                 (2, RATE_UNIT, s["unit"], None),
                 (3, format_rate(this_rate, rate.decimals), s["rate"], None),
                 (4, format_rate(last_rate, rate.decimals) if previous is not None else "", s["rate"], None),
                 (5, change, s["rate"], None)],
                table=True))
    rows.append(_Row(SPACER_HEIGHT * 1.5))

    # Narrative sections under their headings.
    def heading(text: str) -> _Row:
        height = _height(_lines(text, full, HEADING_SIZE), HEADING_SIZE, minimum=HEADING_HEIGHT)
        return _Row(height, [(1, text, s["heading"], None)], [(1, last_col, s["heading"])], keep=True)

    heading_done: str | None = None
    for section in indicators.sections:
        if section.heading and section.heading != heading_done:
            rows.append(heading(section.heading))
            heading_done = section.heading
        if section.heading:
            height = _height(_lines(section.label, full, BODY_SIZE, 1), BODY_SIZE, minimum=ROW_HEIGHT + 3)
            rows.append(_Row(height, [(1, section.label, s["subheading"], None)],
                             [(1, last_col, s["subheading"])], keep=True))
        else:
            heading_done = None
            rows.append(heading(section.label))
        paragraphs = [p for p in clean_cell_text(report.text(section.code)).split("\n") if p.strip()]
        pieces = [piece for p in paragraphs for piece in _chunks(p, full, BODY_SIZE, TEXT_INDENT)]
        for piece in pieces or [""]:
            height = _height(_lines(piece, full, BODY_SIZE, TEXT_INDENT), BODY_SIZE, pad=8)
            rows.append(_Row(height, [(1, piece, s["text"], None)], [(1, last_col, s["text"])]))

    if notes:
        rows.append(_Row(SPACER_HEIGHT))
        rows.append(heading(NOTES_HEADING))
        rows.append(_Row(HEAD_HEIGHT, [(1, NOTES_HEADERS[0], s["head"], None), (2, NOTES_HEADERS[1], s["head"], None)],
                         [(2, last_col, s["head"])], keep=True))
        note_width = w.width(2, last_col)
        for message, text in notes:
            lines = max(_lines(message, label_width, BODY_SIZE, 1), _lines(text, note_width, BODY_SIZE, 1))
            rows.append(_Row(_height(lines, BODY_SIZE, pad=8),
                             [(1, message, s["note"], None), (2, text, s["note"], None)],
                             [(2, last_col, s["note"])]))
    return rows


def _fill_report(w: _Writer, report: MonthlyReport, previous: MonthlyReport | None, indicators: IndicatorSet,
                 notes: list[tuple[str, str]]) -> int:
    """Write sheet 1 over the template's fixed rows; returns the last row."""
    from openpyxl.utils import get_column_letter

    s = STYLES
    ws = w.ws
    last_col = REPORT_COLUMNS
    full = w.width(1, last_col)
    _unmerge_below(ws, TABLE_ROW + 1)

    title = monthly_title(report.unit, report.month)
    w.put(1, 1, title, s["title"])
    w.height(1, _height(_lines(title, full, TITLE_SIZE), TITLE_SIZE, minimum=40, pad=16))
    for offset, pair in enumerate(HEADER_LAYOUT):
        row = HEADER_FIRST_ROW + offset
        lines = 1
        for (attr, label), col in zip(pair, HEADER_COLUMNS, strict=True):
            text = f"{label}{LABEL_COLON}{header_value(report, attr)}"
            w.put(row, col, text, s["field"])
            span = w.width(col, HEADER_COLUMNS[1] - 1) if col == HEADER_COLUMNS[0] else w.width(col, last_col)
            lines = max(lines, _lines(text, span, BODY_SIZE))
        w.height(row, _height(lines, BODY_SIZE, minimum=FIELD_HEIGHT))
    headers = [previous_header(report, previous) if col == 4 else text
               for col, text in enumerate(TABLE_HEADERS, start=1)]
    table_header = _Row(HEAD_HEIGHT, [(col, text, s["head"], None) for col, text in enumerate(headers, start=1)])
    w.write(TABLE_ROW, table_header)

    used = sum(ws.row_dimensions[r].height or 15 for r in range(1, TABLE_ROW + 1))
    planned = paginate(_report_rows(w, report, previous, indicators, notes), _page_capacity(ws, w, last_col),
                       used, table_header)
    last_row = _write_rows(w, TABLE_ROW + 1, planned)

    ws.print_area = f"A1:{get_column_letter(last_col)}{last_row}"
    ws.oddFooter.left.text = f"{clean_cell_text(report.unit)}{report.month.label}月报".replace("&", "&&")
    ws.oddFooter.left.size = 10
    return last_row


# -- sheet 2: 分县明细 ------------------------------------------------------------------------------
def breakdown_note(indicators: IndicatorSet) -> str:
    """The footnote of 分县明细: how 合计 is made for the indicators that are averaged."""
    parts = ["注：合计列为各县（市、区）数字之和"]
    means = [ind for ind in indicators.indicators if ind.aggregate == "mean"]
    if means:
        parts.append(f"标 {BREAKDOWN_MEAN} 的指标为各县（市、区）的平均数")
        weighted = [ind for ind in means if ind.weight]
        for ind in weighted:
            parts.append(f"其中{ind.name}按{indicators.indicator(ind.weight or '').name}加权平均")
    if indicators.rates:
        parts.append("比率按合计数计算")
    return "；".join(parts) + "。"


def _fill_breakdown(w: _Writer, report: MonthlyReport, counties: list[MonthlyReport],
                    indicators: IndicatorSet) -> int:
    from openpyxl.utils import get_column_letter

    from ..domain.monthly.compile import sum_reports

    try:
        total = sum_reports(report.unit, report.month, counties, indicators)
    except ValueError as exc:
        raise ExportError(f"分县明细无法生成：{exc}") from exc
    s = STYLES
    ws = w.ws
    for rng in list(ws.merged_cells.ranges):
        ws.unmerge_cells(str(rng))
    county_width = ws.column_dimensions["C"].width or 11
    n = len(counties)
    last_col = 3 + n
    for col in range(3, last_col + 1):
        ws.column_dimensions[get_column_letter(col)].width = county_width
    if n > BREAKDOWN_ONE_PAGE:  # too wide to shrink onto one page: run over pages, 指标 and 单位 repeated
        ws.page_setup.fitToWidth = 0
    span = last_col if n <= BREAKDOWN_ONE_PAGE else min(last_col, 8)  # title and note: on the first page

    title = f"{clean_cell_text(report.unit)}{report.month.label}{BREAKDOWN_TITLE_TAIL}"
    w.merge(1, 1, span, s["title"])
    w.put(1, 1, title, s["title"])
    w.height(1, _height(_lines(title, w.width(1, span), TITLE_SIZE), TITLE_SIZE, minimum=36, pad=12))
    heads = [BREAKDOWN_HEADERS[0], BREAKDOWN_HEADERS[1]] + [clean_cell_text(r.unit) for r in counties]
    heads.append(BREAKDOWN_TOTAL)
    lines = 1
    for col, text in enumerate(heads, start=1):
        w.put(2, col, text, s["head"])
        lines = max(lines, _lines(text, w.width(col), BODY_SIZE))
    head_height = _height(lines, BODY_SIZE, minimum=HEAD_HEIGHT)
    w.height(2, head_height)

    label_width = w.width(1)
    rows: list[_Row] = []

    def group(text: str) -> _Row:
        return _Row(ROW_HEIGHT, [(1, text, s["group"], None)], [(1, last_col, s["group"])], keep=True)

    for index, task in enumerate(indicators.tasks, start=1):
        rows.append(group(task_heading(index, task.label)))
        for ind in indicators.by_task(task.code):
            label = ind.label + (BREAKDOWN_MEAN if ind.aggregate == "mean" else "")
            sub = ind.label.startswith("其中")
            fmt = _number_format(ind.decimals)
            cells: list[tuple[int, object, str, str | None]] = [
                (1, label, s["label_sub"] if sub else s["label"], None), (2, ind.unit, s["unit"], None)]
            cells += [(3 + j, number_value(c.value(ind.code)), s["number"], fmt) for j, c in enumerate(counties)]
            cells.append((last_col, number_value(total.value(ind.code)), s["number"], fmt))
            height = _height(_lines(label, label_width, BODY_SIZE, SUB_INDENT if sub else 1), BODY_SIZE)
            rows.append(_Row(height, cells))
    if indicators.rates:
        rows.append(group(RATES_HEADING))
        for rate in indicators.rates:
            cells = [(1, rate.label, s["label"], None), (2, RATE_UNIT, s["unit"], None)]
            cells += [(3 + j, format_rate(compute_rate(c, rate), rate.decimals), s["rate"], None)
                      for j, c in enumerate(counties)]
            cells.append((last_col, format_rate(compute_rate(total, rate), rate.decimals), s["rate"], None))
            rows.append(_Row(ROW_HEIGHT, cells))
    note = breakdown_note(indicators)
    rows.append(_Row(_height(_lines(note, w.width(1, span), FOOT_SIZE), FOOT_SIZE, pad=8),
                     [(1, note, s["foot"], None)], [(1, span, s["foot"])]))

    used = (ws.row_dimensions[1].height or 15) + head_height
    planned = paginate(rows, _page_capacity(ws, w, last_col), used, repeated=head_height)
    last_row = _write_rows(w, 3, planned)
    ws.print_area = f"A1:{get_column_letter(last_col)}{last_row}"
    ws.oddFooter.left.text = f"{clean_cell_text(report.unit)}{report.month.label}分县明细".replace("&", "&&")
    ws.oddFooter.left.size = 10
    return last_row


# -- sheet 3: _数据 ----------------------------------------------------------------------------------
def data_rows(report: MonthlyReport, indicators: IndicatorSet,
              explanations: dict[str, str]) -> list[tuple[str, str, str | int | float | None]]:
    """The machine-readable rows of the hidden _数据 sheet (below its header row)."""
    from .. import APP_NAME, __version__

    rows: list[tuple[str, str, str | int | float | None]] = [
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
            value = clean_cell_text(getattr(report, attr))
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


def _fill_data(w: _Writer, rows: list[tuple[str, str, str | int | float | None]]) -> None:
    style = STYLES["data"]
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values, start=1):
            w.put(r, c, value, style)
    w.ws.sheet_state = "hidden"


# -- build, verify, write ---------------------------------------------------------------------------
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
           breakdown: list[MonthlyReport] | None) -> tuple[Workbook, dict[str, dict[tuple[int, int], Any]]]:
    from openpyxl import load_workbook

    template = templates_dir() / TEMPLATE_NAME
    if not template.is_file():
        raise ExportError(f"找不到报表模板“{template.name}”，程序安装不完整，请重新安装本程序")
    try:
        wb = load_workbook(template)
    except Exception as exc:  # a damaged template is an installation problem
        raise ExportError(f"报表模板“{template.name}”无法读取（{exc}），请重新安装本程序") from exc
    missing = [name for name in (SHEET_REPORT, SHEET_BREAKDOWN, SHEET_DATA) if name not in wb.sheetnames]
    missing += [name for name in STYLES.values() if name not in wb.named_styles]
    if missing:
        raise ExportError(f"报表模板“{template.name}”已损坏（缺少 {'、'.join(missing)}），请重新安装本程序")
    if previous is not None and previous.month >= report.month:
        previous = None  # never compare with a report that is not older

    expected: dict[str, dict[tuple[int, int], Any]] = {}
    sheet = _Writer(wb[SHEET_REPORT])
    notes = answered_warnings(report, indicators, explanations, findings)
    _fill_report(sheet, report, previous, indicators, notes)
    expected[SHEET_REPORT] = sheet.expected
    if breakdown:
        county = _Writer(wb[SHEET_BREAKDOWN])
        _fill_breakdown(county, report, list(breakdown), indicators)
        expected[SHEET_BREAKDOWN] = county.expected
    else:
        del wb[SHEET_BREAKDOWN]
    data = _Writer(wb[SHEET_DATA])
    _fill_data(data, data_rows(report, indicators, explanations))
    expected[SHEET_DATA] = data.expected
    wb.active = wb.sheetnames.index(SHEET_REPORT)
    for ws in wb.worksheets:
        ws.sheet_view.tabSelected = ws.title == SHEET_REPORT

    from .. import APP_NAME

    props = wb.properties
    props.creator = APP_NAME
    props.lastModifiedBy = APP_NAME
    props.created = datetime.now().replace(microsecond=0)
    props.title = monthly_title(report.unit, report.month)
    return wb, expected


def _same(got: object, want: object) -> bool:
    if isinstance(want, str):
        return isinstance(got, str) and got == want
    if isinstance(want, (int, float)) and not isinstance(want, bool):
        return isinstance(got, (int, float)) and not isinstance(got, bool) and got == want
    return got is None


def _verify(path: Path, name: str, report: MonthlyReport, indicators: IndicatorSet,
            explanations: dict[str, str], expected: dict[str, dict[tuple[int, int], Any]]) -> str | None:
    """Read the written file back; None when it matches, else what differs (for the message)."""
    from openpyxl import load_workbook

    from .monthly_import import parse_workbook

    wb = load_workbook(io.BytesIO(path.read_bytes()), read_only=True)
    try:
        for sheet, cells in expected.items():
            if sheet not in wb.sheetnames:
                return f"缺少工作表“{sheet}”"
            ws = wb[sheet]
            max_row = max((r for r, _c in cells), default=1)
            max_col = max((c for _r, c in cells), default=1)
            for r, row in enumerate(ws.iter_rows(min_row=1, max_row=max_row, max_col=max_col), start=1):
                for c, cell in enumerate(row, start=1):
                    want = cells.get((r, c))
                    got = getattr(cell, "value", None)
                    if want is None:
                        continue
                    if not _same(got, want) or (isinstance(want, str) and getattr(cell, "data_type", "s") != "s"):
                        from openpyxl.utils import get_column_letter

                        return f"工作表“{sheet}”{get_column_letter(c)}{r} 单元格读出“{got}”"
        try:
            result = parse_workbook(wb, name, indicators)
        except ImportFileError as exc:
            return str(exc)
    finally:
        wb.close()
    if result.conflicts:
        return result.conflicts[0]
    got = result.report
    for attr, label in HEADER_LABELS.items():
        if header_value(got, attr) != header_value(report, attr):
            return f"{label}为“{header_value(got, attr)}”"
    for ind in indicators.indicators:
        if not _same(got.values.get(ind.code), number_value(report.value(ind.code))):
            return f"{ind.label}为“{got.values.get(ind.code)}”"
    for section in indicators.sections:
        if got.text(section.code) != clean_cell_text(report.text(section.code)):
            return f"{section.title}的内容不一致"
    want_notes = {clean_cell_text(k): clean_cell_text(v) for k, v in explanations.items()}
    if got.explanations != want_notes:
        return "说明不一致"
    return None


def write_monthly_workbook(report: MonthlyReport, previous: MonthlyReport | None, indicators: IndicatorSet,
                           path: Path, *, explanations: dict[str, str] | None = None,
                           findings: list | None = None, breakdown: list[MonthlyReport] | None = None) -> Path:
    """Write the month's report to ``path`` (atomically) and check it reads back as written.

    ``previous`` (the unit's report of an earlier month, normally the month before) fills the 上月
    and 变化 columns; ``explanations`` (key → 说明, default the report's own) and ``findings`` (the
    checks' findings) make the 说明 block; ``breakdown`` (the county reports a city compiled) adds
    the 分县明细 sheet. Does not validate: the caller refuses export while errors remain.
    Raises ExportError with a Chinese message naming the file and saying what to do.
    """
    path = Path(path)
    check_path_length(path)
    findings = list(findings) if findings is not None else None
    notes = effective_explanations(report, explanations, findings)

    def produce(tmp: Path) -> str | None:
        wb, expected = _build(report, previous, indicators, notes, findings, breakdown)
        wb.save(tmp)
        return _verify(tmp, path.name, report, indicators, notes, expected)

    return write_verified(path, produce)
