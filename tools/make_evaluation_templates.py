"""Write the 验收评估 templates templates_xlsx/验收评分表.xlsx and 验收汇总表.xlsx.

    python tools/make_evaluation_templates.py

They carry the look (named styles, widths, A4 page setup, repeated header row, signature lines); the
exporter (desktop/exchange/evaluation/export.py) fills them. Reproducible bytes, like the others.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from openpyxl import Workbook  # noqa: E402
from openpyxl.styles import Alignment, Border, Font, NamedStyle, Side  # noqa: E402

from desktop.system.about import APP_NAME  # noqa: E402
from tools.reproducible_xlsx import FIXED_TIME, a4_page_setup, reproducible  # noqa: E402

THIN = Side(style="thin", color="000000")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
SHEET_HEADERS = ("编号", "一级指标", "二级指标", "评分标准", "评分方式", "分值", "自评分", "验收分", "扣分原因")
SUMMARY_HEADERS = ("排名", "试点", "类型", "优化整合平台", "统一建设标准", "规范清单管理", "提升服务能力",
                   "加强系统支撑", "加分", "总分", "等级", "未达到的必要条件")


def styles() -> list[NamedStyle]:
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    left = Alignment(horizontal="left", vertical="center", wrap_text=True)
    return [
        NamedStyle("评估标题", font=Font(name="宋体", size=16, bold=True), alignment=center),
        NamedStyle("评估信息", font=Font(name="仿宋", size=11), alignment=left),
        NamedStyle("评估表头", font=Font(name="黑体", size=11), alignment=center, border=GRID),
        NamedStyle("评估正文", font=Font(name="仿宋", size=10.5), alignment=center, border=GRID),
        NamedStyle("评估正文左", font=Font(name="仿宋", size=10.5), alignment=left, border=GRID),
    ]


def build(headers: tuple[str, ...], widths: tuple[float, ...], title: str, landscape: bool) -> Workbook:
    wb = Workbook()
    for st in styles():
        wb.add_named_style(st)
    ws = wb.active
    ws.title = title
    end = chr(ord("A") + len(headers) - 1)
    ws["A1"] = title
    ws["A1"].style = "评估标题"
    ws.merge_cells(f"A1:{end}1")
    ws.row_dimensions[1].height = 32
    ws["A2"] = "（信息行）"
    ws["A2"].style = "评估信息"
    ws.merge_cells(f"A2:{end}2")
    for col, (text, width) in enumerate(zip(headers, widths, strict=True), start=1):
        ws.cell(row=3, column=col, value=text).style = "评估表头"
        ws.column_dimensions[chr(ord("A") + col - 1)].width = width
    ws.row_dimensions[3].height = 28
    ws.print_title_rows = "3:3"
    ws.freeze_panes = "A4"
    a4_page_setup(ws, landscape=landscape, top=0.6, bottom=0.7, footer=0.3)
    wb.properties.title = title
    wb.properties.creator = APP_NAME
    wb.properties.lastModifiedBy = APP_NAME
    wb.properties.created = FIXED_TIME
    return wb


def main(out_dir: Path | None = None) -> list[Path]:
    folder = out_dir or ROOT / "templates_xlsx"
    written = []
    for name, headers, widths, landscape in (
            ("验收评分表", SHEET_HEADERS, (6, 12, 14, 38, 9, 6, 7, 7, 22), True),
            ("验收汇总表", SUMMARY_HEADERS, (6, 20, 13, 9, 9, 9, 9, 9, 6, 7, 7, 18), True)):
        buf = io.BytesIO()
        build(headers, widths, name, landscape).save(buf)
        path = folder / f"{name}.xlsx"
        path.write_bytes(reproducible(buf.getvalue()))
        written.append(path)
    return written


if __name__ == "__main__":
    for p in main():
        print(f"wrote {p}")
