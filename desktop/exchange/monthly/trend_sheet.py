"""Sheet 趋势 of the monthly report workbook: every indicator and rate over the months, for the own
unit and each subordinate unit (desktop/domain/monthly/trend.py), as native charts with the table
they draw from on the same sheet. A4 landscape, fit to the page width:

    row 1      title     泸州市镇村便民服务“三化”试点工作趋势（2020年5月—2021年4月）
    row 2      note      how to read the charts
    charts     two side by side in a band of CHART_ROWS rows; a page holds whole bands
    数据表      on a new page: 填报单位 and the months, then per indicator a row with its title and one
               row per region (the headers repeat after each page break)

Each chart's series are the rows of its indicator's regions (name in column A, values in B…), its
categories the months of the 数据表's header row; rates are line charts, figures bar charts
(trend_charts.py). The reader never reads this sheet (format.SHEET_TREND).

openpyxl is imported inside the functions: importing it costs ~0.2 s and the CLI starts fast.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.domain.monthly.report import YearMonth
from desktop.domain.monthly.trend import Trend, TrendLine
from desktop.exchange.monthly.format import (
    BODY_SIZE,
    FOOT_SIZE,
    HEAD_HEIGHT,
    ROW_HEIGHT,
    STYLES,
    TITLE_SIZE,
    clean_cell_text,
)
from desktop.exchange.monthly.layout import (
    Row,
    SheetWriter,
    figure_format,
    finish_sheet,
    page_capacity,
    paginate,
    row_height,
    wrapped_lines,
    write_rows,
)
from desktop.exchange.xlsx.cells import column_letter

TREND_TITLE_TAIL = "镇村便民服务“三化”试点工作趋势"
TABLE_HEADING = "数据表"
UNIT_HEADER = "填报单位"
CHART_ROWS = 13  # a chart's height in rows of BAND_ROW_HEIGHT
BAND_ROW_HEIGHT = 15.0
BAND_GAP = 10.0  # the row below a band's charts
LABEL_WIDTH = 18.0
MONTH_WIDTH = 10.0
SHEET_WIDTH = 140.0  # Excel width units the columns span at least: about one landscape page


def trend_title(region: str, trend: Trend) -> str:
    """泸州市镇村便民服务“三化”试点工作趋势（2020年5月—2021年4月）."""
    months = trend.months
    span = months[0].label if len(months) == 1 else f"{months[0].label}—{months[-1].label}"
    return f"{clean_cell_text(region)}{TREND_TITLE_TAIL}（{span}）"


def month_header(month: YearMonth) -> str:
    """2021年\n4月: a month in the 数据表's header and on the charts' axis, on two lines so that a
    year of months fits under a chart."""
    return f"{month.year}年\n{month.month}月"


def trend_note(trend: Trend) -> str:
    own = f"“{clean_cell_text(trend.own_region)}”为本单位，" if trend.own_region in trend.regions else ""
    others = "其余为下级单位；" if len(trend.regions) > 1 else ""
    return (f"注：比率为折线图，其余指标为柱形图；{own}{others}空白表示该月没有月报或该项未填。"
            f"各图的数据见后面的“{TABLE_HEADING}”。")


@dataclass
class ChartPlace:
    """Where one chart goes and what it draws: its band's first row, left or right, and the rows
    of its regions in the 数据表."""

    line: TrendLine
    band_row: int
    right: bool
    first_row: int
    last_row: int


@dataclass
class TrendLayout:
    header_row: int  # the 数据表's first header row: the charts' categories
    last_col: int
    charts: list[ChartPlace] = field(default_factory=list)


def _page_setup(ws) -> None:
    from openpyxl.worksheet.properties import PageSetupProperties

    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = 0.7
    ws.page_margins.bottom = 0.8
    ws.page_margins.header = 0.3
    ws.page_margins.footer = 0.35
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.oddFooter.center.size = 10
    ws.sheet_view.showGridLines = False


def _value_cells(line: TrendLine, values: tuple[float | None, ...]) -> list:
    fmt = figure_format(line.decimals)
    if line.is_rate:  # a share (85.3%), to 6 places: the file keeps 16 digits, the check compares exactly
        fmt += "%"
        values = tuple(None if v is None else round(v, 6) for v in values)
    return [(2 + j, value, STYLES["number"], fmt) for j, value in enumerate(values)]


def fill_trend(w: SheetWriter, trend: Trend, region: str) -> TrendLayout:
    """Write the title, the room of the charts and the 数据表; returns where the charts go."""
    s = STYLES
    ws = w.ws
    _page_setup(ws)
    months = len(trend.months)
    last_col = 1 + months
    month_width = max(MONTH_WIDTH, round((SHEET_WIDTH - LABEL_WIDTH) / max(months, 1), 1))
    ws.column_dimensions["A"].width = LABEL_WIDTH
    for col in range(2, last_col + 1):
        ws.column_dimensions[column_letter(col)].width = month_width
    capacity = page_capacity(w, last_col)

    title = trend_title(region, trend)
    note = trend_note(trend)
    top = [Row(row_height(wrapped_lines(title, w.width(1, last_col), TITLE_SIZE), TITLE_SIZE, minimum=36, pad=12),
               [(1, title, s["title"], None)], [(1, last_col, s["title"])], keep=True),
           Row(row_height(wrapped_lines(note, w.width(1, last_col), FOOT_SIZE), FOOT_SIZE, pad=8),
               [(1, note, s["foot"], None)], [(1, last_col, s["foot"])], keep=True)]
    bands: list[Row] = []  # the first row of each band; title and note stay with the first band
    for _ in range(0, len(trend.lines), 2):
        band = [Row(BAND_ROW_HEIGHT, keep=True) for _ in range(CHART_ROWS)] + [Row(BAND_GAP)]
        bands.append(band[0])
        top += band

    header = Row(row_height(2, BODY_SIZE, minimum=HEAD_HEIGHT), [(1, UNIT_HEADER, s["head"], None)]
                 + [(2 + j, month_header(m), s["head"], None) for j, m in enumerate(trend.months)], keep=True)
    table = [Row(ROW_HEIGHT, [(1, TABLE_HEADING, s["heading"], None)], [(1, last_col, s["heading"])], keep=True),
             header]
    blocks: list[tuple[TrendLine, list[Row]]] = []
    for line in trend.lines:
        group = Row(ROW_HEIGHT, [(1, line.title, s["group"], None)], [(1, last_col, s["group"])], keep=True,
                    table=True)
        rows = [Row(row_height(wrapped_lines(clean_cell_text(series.region), LABEL_WIDTH, BODY_SIZE, 1), BODY_SIZE,
                               pad=3),
                    [(1, clean_cell_text(series.region), s["label"], None)] + _value_cells(line, series.values),
                    keep=True, table=True) for series in line.series]
        if rows:
            rows[-1].keep = False
        table.append(group)
        table += rows
        blocks.append((line, rows))

    planned = paginate(top, capacity, 0.0) + [None] + paginate(table, capacity, 0.0, table_header=header)
    where: dict[int, int] = {}
    row = 1
    for spec in planned:
        if spec is not None:
            where.setdefault(id(spec), row)
            row += 1
    last_row = write_rows(w, 1, planned)
    layout = TrendLayout(where[id(header)], last_col)
    for i, (line, rows) in enumerate(blocks):
        if rows:
            layout.charts.append(ChartPlace(line, where[id(bands[i // 2])], bool(i % 2), where[id(rows[0])],
                                            where[id(rows[-1])]))
    finish_sheet(ws, last_col, last_row, f"{clean_cell_text(region)}月报趋势")
    return layout
