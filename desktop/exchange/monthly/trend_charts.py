"""The native charts of the 趋势 sheet (openpyxl.chart, which Excel, WPS and LibreOffice draw): a
line chart for a rate, a clustered column chart for a figure, one series per region in the colours
the window uses (domain/monthly/trend.py PALETTE), the months as categories.

Each chart is anchored to cells (two-cell anchor), so it stays in its band if a column is widened.
openpyxl.chart is imported only here, and only when a workbook with a 趋势 sheet is written.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.domain.monthly.trend import LINE, color_of, rate_floor
from desktop.exchange.monthly.trend_sheet import CHART_ROWS, ChartPlace, TrendLayout
from desktop.exchange.xlsx.cells import column_letter

if TYPE_CHECKING:  # pragma: no cover
    from openpyxl.worksheet.worksheet import Worksheet

FONT = "宋体"
TITLE_SIZE = 1100  # hundredths of a point
TEXT_SIZE = 900
AXIS_SIZE = 800  # the months: 2021年 over 4月, a year of them under one chart
GAP_PX = 12  # between the two charts of a band and at the sheet's edges
EMU_PER_PX = 9525
TOP_PX = 4


def _text(size: int, bold: bool = False):
    from openpyxl.chart.text import RichText
    from openpyxl.drawing.text import CharacterProperties, Font, Paragraph, ParagraphProperties

    props = CharacterProperties(sz=size, b=bold, latin=Font(typeface=FONT), ea=Font(typeface=FONT))
    return RichText(p=[Paragraph(pPr=ParagraphProperties(defRPr=props), endParaRPr=props)])


def _title(text: str):
    from openpyxl.chart.text import RichText, Text
    from openpyxl.chart.title import Title
    from openpyxl.drawing.text import (
        CharacterProperties,
        Font,
        Paragraph,
        ParagraphProperties,
        RegularTextRun,
    )

    props = CharacterProperties(sz=TITLE_SIZE, b=True, latin=Font(typeface=FONT), ea=Font(typeface=FONT))
    run = RegularTextRun(rPr=props, t=text)
    return Title(tx=Text(rich=RichText(p=[Paragraph(pPr=ParagraphProperties(defRPr=props), r=[run])])),
                 overlay=False)


def _columns_px(ws: Worksheet, last_col: int) -> list[float]:
    """Each column's width in pixels as Excel draws it (7·width + 5 in the default font)."""
    return [(ws.column_dimensions[column_letter(c)].width or 8.43) * 7 + 5 for c in range(1, last_col + 1)]


def _marker(x: float, row: int, widths: list[float], down: float = 0.0):
    """The point ``x`` pixels from the sheet's left edge and ``down`` pixels below the top of ``row``
    (1-based), as a cell and offsets."""
    from openpyxl.drawing.spreadsheet_drawing import AnchorMarker

    left = 0.0
    for col, width in enumerate(widths):
        if x < left + width or col == len(widths) - 1:
            return AnchorMarker(col=col, colOff=int(round(min(x - left, width) * EMU_PER_PX)), row=row - 1,
                                rowOff=int(round(down * EMU_PER_PX)))
        left += width
    raise AssertionError("unreachable")


def _anchor(place: ChartPlace, widths: list[float]):
    from openpyxl.drawing.spreadsheet_drawing import TwoCellAnchor

    total = sum(widths)
    half = total / 2
    x0, x1 = (half + GAP_PX / 2, total - GAP_PX) if place.right else (GAP_PX, half - GAP_PX / 2)
    # a few pixels below the band's top: no edge of the chart is drawn on the page above a page break
    return TwoCellAnchor(editAs="oneCell", _from=_marker(x0, place.band_row, widths, TOP_PX),
                         to=_marker(x1, place.band_row + CHART_ROWS, widths))


def make_chart(ws: Worksheet, place: ChartPlace, layout: TrendLayout):
    """The chart of one indicator: its regions' rows of the 数据表 as series, the months as categories."""
    from openpyxl.chart import BarChart, LineChart, Reference
    from openpyxl.chart.axis import ChartLines
    from openpyxl.chart.data_source import AxDataSource, StrRef
    from openpyxl.chart.marker import Marker
    from openpyxl.chart.shapes import GraphicalProperties

    line = place.line
    chart = LineChart() if line.chart == LINE else BarChart()
    if isinstance(chart, BarChart):
        chart.type = "col"
        chart.grouping = "clustered"
        chart.gapWidth = 60
    chart.title = _title(line.title)
    chart.style = 2
    chart.add_data(Reference(ws, min_col=1, max_col=layout.last_col, min_row=place.first_row, max_row=place.last_row),
                   from_rows=True, titles_from_data=True)
    categories = Reference(ws, min_col=2, max_col=layout.last_col, min_row=layout.header_row,
                           max_row=layout.header_row)
    for index, series in enumerate(chart.series):
        color = color_of(index)
        series.cat = AxDataSource(strRef=StrRef(f=str(categories)))
        if line.chart == LINE:
            series.smooth = False
            series.graphicalProperties.line.solidFill = color
            series.graphicalProperties.line.width = 22225  # 1.75 pt
            series.marker = Marker(symbol="circle", size=6, spPr=GraphicalProperties(solidFill=color))
            series.marker.spPr.line.solidFill = color
        else:
            series.graphicalProperties.solidFill = color
            series.graphicalProperties.line.solidFill = color
    chart.display_blanks = "gap"
    chart.x_axis.delete = False  # openpyxl 3.1 hides both axes unless told
    chart.y_axis.delete = False
    chart.x_axis.txPr = _text(AXIS_SIZE)
    chart.y_axis.txPr = _text(TEXT_SIZE)
    chart.y_axis.majorGridlines = ChartLines()
    chart.y_axis.scaling.min = 0
    if line.is_rate:
        chart.y_axis.scaling.min = rate_floor(line.values())
        chart.y_axis.scaling.max = 1
        chart.y_axis.number_format = "0%"
    else:
        chart.y_axis.number_format = "General"
    chart.legend.position = "b"
    chart.legend.txPr = _text(TEXT_SIZE)
    chart.anchor = _anchor(place, _columns_px(ws, layout.last_col))
    return chart


def add_charts(ws: Worksheet, layout: TrendLayout) -> None:
    """Put every chart of ``layout`` on the sheet."""
    for place in layout.charts:
        ws.add_chart(make_chart(ws, place, layout))


def missing_charts(path: Path, ws: Worksheet) -> str | None:
    """The read-back check: None when the written file holds every chart put on ``ws`` (the only
    sheet with charts), else what is wrong."""
    with zipfile.ZipFile(path) as archive:
        written = sum(1 for name in archive.namelist() if name.startswith("xl/charts/chart") and name.endswith(".xml"))
    wanted = len(ws._charts)
    return None if written == wanted else f"工作表“{ws.title}”应有 {wanted} 个图表，文件中只有 {written} 个"
