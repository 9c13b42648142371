"""Sheet 1 of the monthly report workbook, 月报: the title, the header block, the indicator table
(本月, 上月 and 变化 per indicator, then the computed rates), the narrative sections under their
headings and the 说明 block (each answered warning: the check's message and the unit's 说明).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from desktop.domain.findings import Severity
from desktop.domain.monthly.findings import finding_key
from desktop.domain.monthly.indicators import Indicator, IndicatorSet
from desktop.domain.monthly.rates import compute_rate, format_rate
from desktop.domain.monthly.report import MonthlyReport
from desktop.exchange.monthly.format import (
    BODY_SIZE,
    FIELD_HEIGHT,
    HEAD_HEIGHT,
    HEADER_COLUMNS,
    HEADER_FIRST_ROW,
    HEADER_LAYOUT,
    HEADING_HEIGHT,
    HEADING_SIZE,
    LABEL_COLON,
    NOTES_HEADERS,
    NOTES_HEADING,
    PREVIOUS_HEADER,
    RATE_POINTS,
    RATE_SAME,
    RATE_UNIT,
    RATES_HEADING,
    REPORT_COLUMNS,
    ROW_HEIGHT,
    SPACER_HEIGHT,
    STYLES,
    TABLE_HEADERS,
    TABLE_ROW,
    TEXT_INDENT,
    TITLE_SIZE,
    clean_cell_text,
    header_value,
    monthly_title,
    number_value,
    task_heading,
)
from desktop.exchange.monthly.layout import (
    FORMULA_SIZE,
    LINE_SPACING,
    Rich,
    Row,
    SheetWriter,
    figure_format,
    finish_sheet,
    group_row,
    indicator_cells,
    page_capacity,
    paginate,
    row_height,
    text_chunks,
    unmerge_below,
    wrapped_lines,
    write_rows,
)

_KEY_KINDS = {
    "late": "填报日期晚于报送截止日期",
    "drop": "累计数少于上月",
    "change": "与上月相比变化较大",
    "min": "少于规定的最低数",
    "backlog": "办结件数大于受理件数与上月未办结件数之和",
    "compiled": "与下级月报之和不一致",
}


# -- texts ------------------------------------------------------------------------------------------
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


def describe_key(key: str, report: MonthlyReport, indicators: IndicatorSet) -> str:
    """A warning described from its key alone: 2021年4月月报 加强系统支撑 · 网上办件量：与上月相比变化较大."""
    kind, _, code = key.partition(":")
    what = _KEY_KINDS.get(kind, key)
    try:
        ind = indicators.indicator(code)
    except KeyError:
        return f"{report.title} {what}"
    return f"{report.title} {indicators.task_label(ind.task)} · {ind.name}：{what}"


# -- rows -------------------------------------------------------------------------------------------
def _table_rows(w: SheetWriter, report: MonthlyReport, previous: MonthlyReport | None,
                indicators: IndicatorSet) -> list[Row]:
    """The indicator table below its column headers: one group per task, then the rates."""
    s = STYLES
    last_col = REPORT_COLUMNS
    label_width = w.width(1)
    rows: list[Row] = []
    for index, task in enumerate(indicators.tasks, start=1):
        rows.append(group_row(task_heading(index, task.label), last_col, table=True))
        for ind in indicators.by_task(task.code):
            this = number_value(report.value(ind.code))
            last = number_value(previous.value(ind.code)) if previous is not None else None
            fmt = figure_format(ind.decimals)
            cells, height = indicator_cells(ind, ind.label, label_width)
            cells += [(3, this, s["number"], fmt),
                      (4, last, s["number"], fmt),
                      (5, value_change(ind, this, last), s["number"], figure_format(ind.decimals, signed=True))]
            rows.append(Row(height, cells, table=True))
    if indicators.rates:
        rows.append(group_row(RATES_HEADING, last_col, table=True))
        for rate in indicators.rates:
            this_rate = compute_rate(report, rate)
            last_rate = compute_rate(previous, rate) if previous is not None else None
            formula = indicators.formula_text(rate)
            text_height = (BODY_SIZE + wrapped_lines(formula, label_width, FORMULA_SIZE, 1) * FORMULA_SIZE) * LINE_SPACING
            change = rate_change(this_rate, last_rate, rate.decimals)
            text_height = max(text_height, wrapped_lines(change, w.width(5), BODY_SIZE, 1) * BODY_SIZE * LINE_SPACING)
            rows.append(Row(
                round(max(ROW_HEIGHT, text_height + 8), 1),
                [(1, Rich(rate.label, formula), s["label"], None),
                 (2, RATE_UNIT, s["unit"], None),
                 (3, format_rate(this_rate, rate.decimals), s["rate"], None),
                 (4, format_rate(last_rate, rate.decimals) if previous is not None else "", s["rate"], None),
                 (5, change, s["rate"], None)],
                table=True))
    return rows


def _report_rows(w: SheetWriter, report: MonthlyReport, previous: MonthlyReport | None, indicators: IndicatorSet,
                 notes: list[tuple[str, str]]) -> list[Row]:
    """The rows below the table's column headers: the table, the narrative, the 说明 block."""
    s = STYLES
    last_col = REPORT_COLUMNS
    full = w.width(1, last_col)
    label_width = w.width(1)
    rows = _table_rows(w, report, previous, indicators)
    rows.append(Row(SPACER_HEIGHT * 1.5))

    # Narrative sections under their headings.
    def heading(text: str) -> Row:
        height = row_height(wrapped_lines(text, full, HEADING_SIZE), HEADING_SIZE, minimum=HEADING_HEIGHT)
        return Row(height, [(1, text, s["heading"], None)], [(1, last_col, s["heading"])], keep=True)

    heading_done: str | None = None
    for section in indicators.sections:
        if section.heading and section.heading != heading_done:
            rows.append(heading(section.heading))
            heading_done = section.heading
        if section.heading:
            height = row_height(wrapped_lines(section.label, full, BODY_SIZE, 1), BODY_SIZE, minimum=ROW_HEIGHT + 3)
            rows.append(Row(height, [(1, section.label, s["subheading"], None)],
                            [(1, last_col, s["subheading"])], keep=True))
        else:
            heading_done = None
            rows.append(heading(section.label))
        paragraphs = [p for p in clean_cell_text(report.text(section.code)).split("\n") if p.strip()]
        pieces = [piece for p in paragraphs for piece in text_chunks(p, full, BODY_SIZE, TEXT_INDENT)]
        for piece in pieces or [""]:
            height = row_height(wrapped_lines(piece, full, BODY_SIZE, TEXT_INDENT), BODY_SIZE, pad=8)
            rows.append(Row(height, [(1, piece, s["text"], None)], [(1, last_col, s["text"])]))

    if notes:
        rows.append(Row(SPACER_HEIGHT))
        rows.append(heading(NOTES_HEADING))
        rows.append(Row(HEAD_HEIGHT, [(1, NOTES_HEADERS[0], s["head"], None), (2, NOTES_HEADERS[1], s["head"], None)],
                        [(2, last_col, s["head"])], keep=True))
        note_width = w.width(2, last_col)
        for message, text in notes:
            lines = max(wrapped_lines(message, label_width, BODY_SIZE, 1), wrapped_lines(text, note_width, BODY_SIZE, 1))
            rows.append(Row(row_height(lines, BODY_SIZE, pad=8),
                            [(1, message, s["note"], None), (2, text, s["note"], None)],
                            [(2, last_col, s["note"])]))
    return rows


# -- the sheet --------------------------------------------------------------------------------------
def fill_report(w: SheetWriter, report: MonthlyReport, previous: MonthlyReport | None, indicators: IndicatorSet,
                notes: list[tuple[str, str]]) -> int:
    """Write sheet 1 over the template's fixed rows; returns the last row."""
    s = STYLES
    ws = w.ws
    last_col = REPORT_COLUMNS
    full = w.width(1, last_col)
    unmerge_below(ws, TABLE_ROW + 1)

    title = monthly_title(report.region, report.month)
    w.put(1, 1, title, s["title"])
    w.height(1, row_height(wrapped_lines(title, full, TITLE_SIZE), TITLE_SIZE, minimum=40, pad=16))
    for offset, pair in enumerate(HEADER_LAYOUT):
        row = HEADER_FIRST_ROW + offset
        lines = 1
        for (attr, label), col in zip(pair, HEADER_COLUMNS, strict=True):
            text = f"{label}{LABEL_COLON}{header_value(report, attr)}"
            w.put(row, col, text, s["field"])
            span = w.width(col, HEADER_COLUMNS[1] - 1) if col == HEADER_COLUMNS[0] else w.width(col, last_col)
            lines = max(lines, wrapped_lines(text, span, BODY_SIZE))
        w.height(row, row_height(lines, BODY_SIZE, minimum=FIELD_HEIGHT))
    headers = [previous_header(report, previous) if col == 4 else text
               for col, text in enumerate(TABLE_HEADERS, start=1)]
    table_header = Row(HEAD_HEIGHT, [(col, text, s["head"], None) for col, text in enumerate(headers, start=1)])
    w.write(TABLE_ROW, table_header)

    used = sum(ws.row_dimensions[r].height or 15 for r in range(1, TABLE_ROW + 1))
    planned = paginate(_report_rows(w, report, previous, indicators, notes), page_capacity(w, last_col),
                       used, table_header)
    last_row = write_rows(w, TABLE_ROW + 1, planned)
    finish_sheet(ws, last_col, last_row, f"{clean_cell_text(report.region)}{report.month.label}月报")
    return last_row
