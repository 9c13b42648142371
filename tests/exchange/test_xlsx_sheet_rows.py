"""desktop.exchange.xlsx.sheet_rows writes rows as openpyxl itself writes them: the two writers are
compared on the same cells (the sheet's XML text, and what openpyxl reads back)."""

from __future__ import annotations

import zipfile
from copy import copy
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, Side

from desktop.exchange.xlsx.sheet_rows import SheetRows

TEXTS = ["成都市", "", "  前后有空格 ", "A&B <c> d>e", "第一行\n第二行", " ", "锦江区、青羊区", "x" * 300]


def _workbook() -> tuple[Workbook, list]:
    """A sheet with a title above and a footnote below the rows, and two cell styles."""
    wb = Workbook()
    ws = wb.active
    ws["A1"] = "标题"
    ws["A1"].font = Font(bold=True, size=16)
    thin = Side(style="thin")
    ws["A2"].border = Border(left=thin, right=thin, top=thin, bottom=thin)
    ws["A2"].alignment = Alignment(wrap_text=True, vertical="center")
    ws["B2"].font = Font(size=11)
    styles = [copy(ws["A2"]._style), copy(ws["B2"]._style), None]
    for cell in (ws["A1"], ws["A2"], ws["B2"]):  # numbered, as a loaded template's styles are
        assert cell.style_id
    del ws._cells[(2, 1)], ws._cells[(2, 2)]
    ws["A20"] = "填报说明：下方"
    ws.row_dimensions[20].height = 30
    return wb, styles


def _cells(styles: list) -> list[list[tuple[int, object, str]]]:
    """Rows 2…11 of three columns: every text in every style, some cells empty."""
    rows = []
    for r in range(10):
        rows.append([(c + 1, styles[(r + c) % 3], TEXTS[(r * 3 + c) % len(TEXTS)]) for c in range(3)])
    return rows


def _sheet_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read("xl/worksheets/sheet1.xml").decode("utf-8")


def test_rows_are_written_as_openpyxl_writes_them(tmp_path: Path) -> None:
    wb, styles = _workbook()
    ws = wb.active
    for i, row in enumerate(_cells(styles)):
        for col, style, text in row:
            cell = Cell(ws, row=2 + i, column=col)
            cell._style = copy(style) if style is not None else cell._style
            if text:
                cell._value, cell.data_type = text, "s"
            ws._cells[(2 + i, col)] = cell
        if i % 2:
            ws.row_dimensions[2 + i].height = 24.8 + i
    wb.save(tmp_path / "openpyxl.xlsx")

    wb, styles = _workbook()
    ws = wb.active
    rows = SheetRows(ws)
    for i, row in enumerate(_cells(styles)):
        rows.add(2 + i, [("ABC"[col - 1], rows.style(style), text) for col, style, text in row],
                 24.8 + i if i % 2 else None)
    rows.save(wb, ws, tmp_path / "rows.xlsx")

    assert _sheet_xml(tmp_path / "rows.xlsx") == _sheet_xml(tmp_path / "openpyxl.xlsx")
    a, b = load_workbook(tmp_path / "openpyxl.xlsx").active, load_workbook(tmp_path / "rows.xlsx").active
    for r in range(1, 21):
        assert a.row_dimensions[r].height == b.row_dimensions[r].height
        for c in range(1, 4):
            x, y = a.cell(row=r, column=c), b.cell(row=r, column=c)
            look = [(c.value, copy(c.font), copy(c.border), copy(c.alignment)) for c in (x, y)]  # not proxies
            assert look[0] == look[1], (r, c)
    assert b["C2"].value == "  前后有空格 " and b["A3"].value == "A&B <c> d>e" and b["B3"].value == "第一行\n第二行"


def test_the_sheet_must_leave_the_rows_to_it(tmp_path: Path) -> None:
    wb, styles = _workbook()
    ws = wb.active
    rows = SheetRows(ws)
    rows.add(2, [("A", rows.style(styles[0]), "成都市")])
    ws["A2"] = "模板自己的"
    with pytest.raises(ValueError, match="row 2"):
        rows.save(wb, ws, tmp_path / "x.xlsx")
    del ws._cells[(2, 1)]
    del ws._cells[(20, 1)], ws.row_dimensions[20]
    with pytest.raises(ValueError, match="no row below"):
        rows.save(wb, ws, tmp_path / "x.xlsx")
    with pytest.raises(ValueError, match="after row 2"):
        rows.add(2, [])
