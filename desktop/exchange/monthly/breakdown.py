"""Sheet 2 of the monthly report workbook, 分县明细 (written when a city compiled its counties'
reports): one column per county and a 合计 column, the rates per county and of the 合计, and a
footnote saying how 合计 is made.
"""

from __future__ import annotations

from desktop.domain.monthly.indicators import IndicatorSet
from desktop.domain.monthly.rates import compute_rate, format_rate
from desktop.domain.monthly.report import MonthlyReport
from desktop.exchange.errors import ExportError
from desktop.exchange.monthly.format import (
    BODY_SIZE,
    BREAKDOWN_HEADERS,
    BREAKDOWN_MEAN,
    BREAKDOWN_TITLE_TAIL,
    BREAKDOWN_TOTAL,
    FOOT_SIZE,
    HEAD_HEIGHT,
    RATE_UNIT,
    RATES_HEADING,
    ROW_HEIGHT,
    STYLES,
    TITLE_SIZE,
    clean_cell_text,
    number_value,
    task_heading,
)
from desktop.exchange.monthly.layout import (
    Cell,
    Row,
    SheetWriter,
    figure_format,
    finish_sheet,
    group_row,
    indicator_cells,
    page_capacity,
    paginate,
    row_height,
    unmerge_below,
    wrapped_lines,
    write_rows,
)
from desktop.exchange.xlsx.cells import column_letter

BREAKDOWN_ONE_PAGE = 12  # counties that still fit one landscape page across


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


def fill_breakdown(w: SheetWriter, report: MonthlyReport, counties: list[MonthlyReport],
                   indicators: IndicatorSet) -> int:
    """Write 分县明细 for the ``counties`` the city's ``report`` compiles; returns the last row."""
    from desktop.domain.monthly.compile import sum_reports

    try:
        total = sum_reports(report.region, report.month, counties, indicators)
    except ValueError as exc:
        raise ExportError(f"分县明细无法生成：{exc}") from exc
    s = STYLES
    ws = w.ws
    unmerge_below(ws, 1)
    county_width = ws.column_dimensions["C"].width or 11
    n = len(counties)
    last_col = 3 + n
    for col in range(3, last_col + 1):
        ws.column_dimensions[column_letter(col)].width = county_width
    if n > BREAKDOWN_ONE_PAGE:  # too wide to shrink onto one page: run over pages, 指标 and 单位 repeated
        ws.page_setup.fitToWidth = 0
    span = last_col if n <= BREAKDOWN_ONE_PAGE else min(last_col, 8)  # title and note: on the first page

    title = f"{clean_cell_text(report.region)}{report.month.label}{BREAKDOWN_TITLE_TAIL}"
    w.merge(1, 1, span, s["title"])
    w.put(1, 1, title, s["title"])
    w.height(1, row_height(wrapped_lines(title, w.width(1, span), TITLE_SIZE), TITLE_SIZE, minimum=36, pad=12))
    heads = [BREAKDOWN_HEADERS[0], BREAKDOWN_HEADERS[1]] + [clean_cell_text(r.region) for r in counties]
    heads.append(BREAKDOWN_TOTAL)
    lines = 1
    for col, text in enumerate(heads, start=1):
        w.put(2, col, text, s["head"])
        lines = max(lines, wrapped_lines(text, w.width(col), BODY_SIZE))
    head_height = row_height(lines, BODY_SIZE, minimum=HEAD_HEIGHT)
    w.height(2, head_height)

    label_width = w.width(1)
    rows: list[Row] = []
    for index, task in enumerate(indicators.tasks, start=1):
        rows.append(group_row(task_heading(index, task.label), last_col))
        for ind in indicators.by_task(task.code):
            label = ind.label + (BREAKDOWN_MEAN if ind.aggregate == "mean" else "")
            fmt = figure_format(ind.decimals)
            cells, height = indicator_cells(ind, label, label_width)
            cells += [(3 + j, number_value(c.value(ind.code)), s["number"], fmt) for j, c in enumerate(counties)]
            cells.append((last_col, number_value(total.value(ind.code)), s["number"], fmt))
            rows.append(Row(height, cells))
    if indicators.rates:
        rows.append(group_row(RATES_HEADING, last_col))
        for rate in indicators.rates:
            rate_cells: list[Cell] = [(1, rate.label, s["label"], None), (2, RATE_UNIT, s["unit"], None)]
            rate_cells += [(3 + j, format_rate(compute_rate(c, rate), rate.decimals), s["rate"], None)
                           for j, c in enumerate(counties)]
            rate_cells.append((last_col, format_rate(compute_rate(total, rate), rate.decimals), s["rate"], None))
            rows.append(Row(ROW_HEIGHT, rate_cells))
    note = breakdown_note(indicators)
    rows.append(Row(row_height(wrapped_lines(note, w.width(1, span), FOOT_SIZE), FOOT_SIZE, pad=8),
                    [(1, note, s["foot"], None)], [(1, span, s["foot"])]))

    used = (ws.row_dimensions[1].height or 15) + head_height
    planned = paginate(rows, page_capacity(w, last_col), used, repeated=head_height)
    last_row = write_rows(w, 3, planned)
    finish_sheet(ws, last_col, last_row, f"{clean_cell_text(report.region)}{report.month.label}分县明细")
    return last_row
