"""Write the monthly report template templates_xlsx/月报.xlsx.

    python tools/make_monthly_template.py

The template carries the layout: the named styles the exporter gives its cells (by name), column
widths, page setup (A4 portrait, fit to width, margins, page numbers), the fixed texts of the top
(title, 填报单位 … 填报日期, the table's column headers), a 分县明细 sheet (A4 landscape, its header
row repeated on every page) and the hidden _数据 sheet. The rows of the report itself are generated
by desktop/exchange/monthly/export.py from resources/indicators.json. The output is
byte-for-byte reproducible (fixed timestamps), so the template can be committed and re-generated
without noise.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from openpyxl import Workbook  # noqa: E402
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side  # noqa: E402
from openpyxl.utils.indexed_list import IndexedList  # noqa: E402

from desktop.exchange.monthly import export as mx  # noqa: E402
from desktop.system.about import APP_NAME  # noqa: E402
from tools.reproducible_xlsx import FIXED_TIME, a4_page_setup, reproducible  # noqa: E402

DEFAULT_FONT = "Arial"
DEFAULT_SIZE = 10
TITLE_FONT = "宋体"
HEADER_FONT = "黑体"
BODY_FONT = "仿宋"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体"

THIN = Side(style="thin", color="000000")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="FFD9D9D9")
GROUP_FILL = PatternFill("solid", fgColor="FFF2F2F2")

# Column widths (Excel character units, 7 px each + 5): 指标 单位 本月 上月 变化. 指标 holds the
# longest label (21 characters at 12 pt, indented) on one line, 变化 “+16.7个百分点”; the 97 units
# (711 px) shrink to 98% to fit the 523 pt between the margins of A4 portrait.
REPORT_WIDTHS: tuple[float, ...] = (51, 7, 11, 11, 18)
# 分县明细: 指标 单位, then one column per county (the exporter copies column C) and 合计.
BREAKDOWN_WIDTHS: tuple[float, ...] = (51, 7, 11)
DATA_WIDTHS: tuple[float, ...] = (10, 28, 60)


def named_styles() -> list[NamedStyle]:
    """The styles the exporter relies on (by the names in monthly_export.STYLES)."""
    s = mx.STYLES
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    left = Alignment(horizontal="left", vertical="center", wrap_text=True, indent=1)
    return [
        NamedStyle(s["title"], font=Font(name=TITLE_FONT, size=mx.TITLE_SIZE, bold=True), alignment=center),
        NamedStyle(s["field"], font=Font(name=BODY_FONT, size=mx.BODY_SIZE),
                   alignment=Alignment(horizontal="left", vertical="center")),
        NamedStyle(s["head"], font=Font(name=HEADER_FONT, size=mx.BODY_SIZE, bold=True), border=GRID,
                   fill=HEAD_FILL, alignment=center),
        NamedStyle(s["group"], font=Font(name=HEADER_FONT, size=mx.BODY_SIZE, bold=True), border=GRID,
                   fill=GROUP_FILL, alignment=Alignment(horizontal="left", vertical="center", wrap_text=True)),
        NamedStyle(s["label"], font=Font(name=BODY_FONT, size=mx.BODY_SIZE), border=GRID, alignment=left),
        NamedStyle(s["label_sub"], font=Font(name=BODY_FONT, size=mx.BODY_SIZE), border=GRID,
                   alignment=Alignment(horizontal="left", vertical="center", wrap_text=True, indent=mx.SUB_INDENT)),
        NamedStyle(s["unit"], font=Font(name=BODY_FONT, size=mx.BODY_SIZE), border=GRID, alignment=center),
        NamedStyle(s["number"], font=Font(name=BODY_FONT, size=mx.BODY_SIZE), border=GRID, number_format="0",
                   alignment=Alignment(horizontal="right", vertical="center", indent=1)),
        NamedStyle(s["rate"], font=Font(name=BODY_FONT, size=mx.BODY_SIZE), border=GRID,
                   alignment=Alignment(horizontal="right", vertical="center", wrap_text=True, indent=1)),
        NamedStyle(s["heading"], font=Font(name=HEADING_FONT, size=mx.HEADING_SIZE, bold=True),
                   alignment=Alignment(horizontal="left", vertical="bottom", wrap_text=True)),
        NamedStyle(s["subheading"], font=Font(name=SUBHEADING_FONT, size=mx.BODY_SIZE, bold=True),
                   alignment=Alignment(horizontal="left", vertical="center", wrap_text=True, indent=1)),
        NamedStyle(s["text"], font=Font(name=BODY_FONT, size=mx.BODY_SIZE),
                   alignment=Alignment(horizontal="left", vertical="top", wrap_text=True, indent=mx.TEXT_INDENT)),
        NamedStyle(s["note"], font=Font(name=BODY_FONT, size=mx.BODY_SIZE), border=GRID,
                   alignment=Alignment(horizontal="left", vertical="top", wrap_text=True, indent=1)),
        NamedStyle(s["foot"], font=Font(name=BODY_FONT, size=mx.FOOT_SIZE),
                   alignment=Alignment(horizontal="left", vertical="top", wrap_text=True)),
        NamedStyle(s["data"], font=Font(name="Calibri", size=11),
                   alignment=Alignment(horizontal="left", vertical="top", wrap_text=False)),
    ]


def _letter(col: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(col)


def _page_setup(ws: Any, landscape: bool) -> None:
    a4_page_setup(ws, landscape=landscape, top=0.7, bottom=0.8, footer=0.35)


def build_report_sheet(wb: Workbook) -> None:
    s = mx.STYLES
    ws = wb.active
    ws.title = mx.SHEET_REPORT
    last = _letter(mx.REPORT_COLUMNS)
    for i, width in enumerate(REPORT_WIDTHS, start=1):
        ws.column_dimensions[_letter(i)].width = width
    ws["A1"] = mx.TITLE_PLACEHOLDER
    ws["A1"].style = s["title"]
    ws.merge_cells(f"A1:{last}1")
    ws.row_dimensions[1].height = 48
    for offset, pair in enumerate(mx.HEADER_LAYOUT):
        row = mx.HEADER_FIRST_ROW + offset
        for (_attr, label), col in zip(pair, mx.HEADER_COLUMNS, strict=True):
            cell = ws.cell(row=row, column=col, value=f"{label}{mx.LABEL_COLON}")
            cell.style = s["field"]
        for col in range(1, mx.REPORT_COLUMNS + 1):
            ws.cell(row=row, column=col).style = s["field"]
        ws.merge_cells(start_row=row, start_column=mx.HEADER_COLUMNS[1], end_row=row, end_column=mx.REPORT_COLUMNS)
        ws.row_dimensions[row].height = mx.FIELD_HEIGHT
    ws.row_dimensions[mx.TABLE_ROW - 1].height = mx.SPACER_HEIGHT
    for col, text in enumerate(mx.TABLE_HEADERS, start=1):
        ws.cell(row=mx.TABLE_ROW, column=col, value=text).style = s["head"]
    ws.row_dimensions[mx.TABLE_ROW].height = mx.HEAD_HEIGHT
    ws.print_area = f"A1:{last}{mx.TABLE_ROW}"
    _page_setup(ws, landscape=False)


def build_breakdown_sheet(wb: Workbook) -> None:
    s = mx.STYLES
    ws = wb.create_sheet(mx.SHEET_BREAKDOWN)
    for i, width in enumerate(BREAKDOWN_WIDTHS, start=1):
        ws.column_dimensions[_letter(i)].width = width
    ws["A1"] = mx.BREAKDOWN_TITLE_PLACEHOLDER
    ws["A1"].style = s["title"]
    ws.merge_cells("A1:C1")
    ws.row_dimensions[1].height = 40
    for col, text in enumerate(mx.BREAKDOWN_HEADERS, start=1):
        ws.cell(row=2, column=col, value=text).style = s["head"]
    ws.row_dimensions[2].height = mx.HEAD_HEIGHT
    ws.freeze_panes = "C3"
    ws.print_title_rows = "2:2"
    ws.print_title_cols = "A:B"
    _page_setup(ws, landscape=True)


def build_data_sheet(wb: Workbook) -> None:
    ws = wb.create_sheet(mx.SHEET_DATA)
    for i, width in enumerate(DATA_WIDTHS, start=1):
        ws.column_dimensions[_letter(i)].width = width
    for col, text in enumerate(mx.DATA_HEADERS, start=1):
        ws.cell(row=1, column=col, value=text).style = mx.STYLES["data"]
    ws.sheet_state = "hidden"


def set_default_font(wb: Workbook) -> None:
    """Arial 10 as the workbook's Normal font: column widths are measured in its digits, and
    Excel, WPS and LibreOffice (Liberation Sans, same metrics) all have it, so a column is as
    wide in each of them (with Calibri, missing outside Office, LibreOffice draws columns wider)."""
    base = Font(name=DEFAULT_FONT, size=DEFAULT_SIZE, family=2)
    wb._fonts = IndexedList([base])
    wb._named_styles["Normal"].font = base


def build() -> Workbook:
    wb = Workbook()
    set_default_font(wb)
    for style in named_styles():
        wb.add_named_style(style)
    build_report_sheet(wb)
    build_breakdown_sheet(wb)
    build_data_sheet(wb)
    wb.active = 0
    props = wb.properties
    props.title = mx.TITLE_TAIL
    props.creator = APP_NAME
    props.lastModifiedBy = APP_NAME
    props.created = FIXED_TIME
    return wb


def render() -> bytes:
    buf = io.BytesIO()
    build().save(buf)
    return reproducible(buf.getvalue())


def main(out_dir: Path | None = None) -> Path:
    folder = out_dir or ROOT / "templates_xlsx"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / mx.TEMPLATE_NAME
    path.write_bytes(render())
    return path


if __name__ == "__main__":
    print(f"wrote {main().relative_to(ROOT)}")
