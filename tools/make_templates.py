"""Write the three roster templates templates_xlsx/附件1.xlsx, 附件2.xlsx, 附件3.xlsx.

    python tools/make_templates.py

The templates carry the layout (styles, widths, page setup, title, headers, footnote); the
exporter (desktop/exchange/roster/export.py) finds its way around them by their texts and
copies the styles of the prototype data row. The output is byte-for-byte reproducible
(fixed timestamps), so the templates can be committed and re-generated without noise.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from openpyxl import Workbook  # noqa: E402
from openpyxl.styles import Alignment, Border, Font, NamedStyle, Side  # noqa: E402

from desktop.domain.model import COLUMNS, Level  # noqa: E402
from desktop.system.about import APP_NAME  # noqa: E402
from tools.reproducible_xlsx import FIXED_TIME, a4_page_setup, reproducible  # noqa: E402

# 填报说明 of each attachment, character for character as printed in 川政公〔2021〕7号.
FOOTNOTES: dict[Level, str] = {
    Level.PROVINCIAL: (
        "填报说明：1. 该表填报省级 11 个试点地区。2. 每个试点地区不少于 5 个乡镇（街道），"
        "每个乡镇（街道）不少于 10 个村（社区）。3. 乡镇类型：县级政府驻地镇、中心镇、重点镇、特色小镇、一般乡镇。"
    ),
    Level.CITY: (
        "填报说明：1. 该表填报市级试点地区。2. 各州市州确定 1-2 县（区），乡镇（街道）、村（社区）自行确定。"
        "3. 乡镇类型：县级政府驻地镇、中心镇、重点镇、特色镇、一般乡镇。"
    ),
    Level.COUNTY: (
        "填报说明：1. 该表填报县级试点地区。2. 各县（市、区）不少于 2 个乡镇（街道），村（社区）数量自行确定。"
        "3. 乡镇类型：县级政府驻地镇、中心镇、重点镇、特色小镇、一般乡镇。"
    ),
}

# Column widths (Excel character units) for 市（州） 县（市、区） 乡镇（街道） 乡镇类型 村（社区） 备注.
WIDTHS: tuple[float, ...] = (12, 14, 16, 17, 60, 16)

TITLE_FONT = "宋体"
HEADER_FONT = "黑体"
BODY_FONT = "仿宋"

THIN = Side(style="thin", color="000000")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def named_styles() -> list[NamedStyle]:
    """The styles the exporter relies on (by name: it copies them from the template's cells)."""
    return [
        NamedStyle("名单附件号", font=Font(name=HEADER_FONT, size=14),
                   alignment=Alignment(horizontal="left", vertical="center")),
        NamedStyle("名单标题", font=Font(name=TITLE_FONT, size=18, bold=True),
                   alignment=Alignment(horizontal="center", vertical="center", wrap_text=True)),
        NamedStyle("名单填报项", font=Font(name=BODY_FONT, size=12),
                   alignment=Alignment(horizontal="left", vertical="center", shrink_to_fit=False)),
        NamedStyle("名单表头", font=Font(name=HEADER_FONT, size=12, bold=True), border=GRID,
                   alignment=Alignment(horizontal="center", vertical="center", wrap_text=True)),
        NamedStyle("名单正文", font=Font(name=BODY_FONT, size=12), border=GRID,
                   alignment=Alignment(horizontal="center", vertical="center", wrap_text=True)),
        NamedStyle("名单正文左对齐", font=Font(name=BODY_FONT, size=12), border=GRID,
                   alignment=Alignment(horizontal="left", vertical="center", wrap_text=True, indent=1)),
        NamedStyle("名单说明", font=Font(name=BODY_FONT, size=11),
                   alignment=Alignment(horizontal="left", vertical="center", wrap_text=True)),
    ]


def build(level: Level) -> Workbook:
    wb = Workbook()
    for style in named_styles():
        wb.add_named_style(style)
    ws = wb.active
    ws.title = level.attachment
    last = len(COLUMNS)
    end = chr(ord("A") + last - 1)

    for i, width in enumerate(WIDTHS):
        ws.column_dimensions[chr(ord("A") + i)].width = width

    # 1: 附件N
    ws["A1"] = level.attachment
    ws["A1"].style = "名单附件号"
    ws.row_dimensions[1].height = 22
    # 2: title, merged across the table
    ws["A2"] = level.title
    ws["A2"].style = "名单标题"
    ws.merge_cells(f"A2:{end}2")
    ws.row_dimensions[2].height = 40
    # 3: 填报单位：<value B:C>   填报时间：<value E>
    ws["A3"] = "填报单位："
    ws["B3"].style = ws["C3"].style = ws["A3"].style = "名单填报项"
    ws.merge_cells("B3:C3")
    ws["D3"] = "填报时间："
    ws["D3"].style = ws["E3"].style = "名单填报项"
    # Labels sit right against their values (B3:C3 and E3).
    ws["A3"].alignment = ws["D3"].alignment = Alignment(horizontal="right", vertical="center")
    ws.row_dimensions[3].height = 26
    # 4: headers
    for col, text in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=4, column=col, value=text)
        cell.style = "名单表头"
    ws.row_dimensions[4].height = 30
    # 5: prototype data row (empty; the exporter copies these styles column by column)
    for col, name in enumerate(COLUMNS, start=1):
        left = name in ("村（社区）", "备注")
        ws.cell(row=5, column=col).style = "名单正文左对齐" if left else "名单正文"
    ws.row_dimensions[5].height = 24
    # 6: 填报说明, merged across the table
    ws["A6"] = FOOTNOTES[level]
    ws["A6"].style = "名单说明"
    ws.merge_cells(f"A6:{end}6")
    ws.row_dimensions[6].height = 36

    ws.freeze_panes = "A5"
    ws.print_title_rows = "4:4"
    ws.print_area = f"A1:{end}6"
    a4_page_setup(ws, landscape=True, top=0.6, bottom=0.7, footer=0.3)

    props = wb.properties
    props.title = level.title
    props.creator = APP_NAME
    props.lastModifiedBy = APP_NAME
    props.created = FIXED_TIME
    return wb


def main(out_dir: Path | None = None) -> list[Path]:
    folder = out_dir or ROOT / "templates_xlsx"
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for level in Level:
        buf = io.BytesIO()
        build(level).save(buf)
        path = folder / f"{level.attachment}.xlsx"
        path.write_bytes(reproducible(buf.getvalue()))
        written.append(path)
    return written


if __name__ == "__main__":
    for p in main():
        print(f"wrote {p.relative_to(ROOT)}")
