"""Laying out a sheet of the monthly report (月报, 分县明细): how many lines a text wraps to and how
tall its row is, long paragraphs cut into rows, the rows to write and the writer that puts them
into cells (remembering every value for the read-back check), and the page breaks, set as Excel
would set them so that Excel, WPS and LibreOffice print the same pages.

openpyxl is imported inside the functions: importing it costs ~0.2 s and the CLI starts fast.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from desktop.domain.monthly.indicators import Indicator
from desktop.exchange.errors import ExportError
from desktop.exchange.monthly.format import BODY_SIZE, ROW_HEIGHT, STYLES, SUB_INDENT, number_value
from desktop.exchange.xlsx.cells import MAX_CELL_CHARS, column_letter, text_units

if TYPE_CHECKING:  # pragma: no cover
    from openpyxl.worksheet.worksheet import Worksheet

FORMULA_SIZE = 10.0
FORMULA_COLOR = "FF595959"
BODY_FONT = "仿宋"
LINE_SPACING = 1.42  # line height ÷ font size
A4_HEIGHT_PT = 842.0
A4_WIDTH_PT = 595.0
PAGE_SAFETY = 0.97
MAX_TEXT_LINES = 18  # a narrative row holds at most this many lines; longer paragraphs continue below

_SENTENCE_END = re.compile(r"(?<=[。！？；!?;])")

Cell = tuple[int, object, str, str | None]  # column, value, style, number format


# -- sizes ------------------------------------------------------------------------------------------
def figure_format(decimals: int, signed: bool = False) -> str:
    """The number format of a figure with ``decimals`` places (``signed``: +1;-1;0 for changes)."""
    plain = "0" if decimals <= 0 else "0." + "0" * decimals
    return f"+{plain};-{plain};{plain}" if signed else plain


def wrapped_lines(text: str, width: float, size: float, indent: int = 0) -> int:
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


def row_height(lines: int, size: float, minimum: float = 0.0, pad: float = 7.0) -> float:
    """Row height in points for ``lines`` lines of ``size`` pt text."""
    return round(max(minimum or ROW_HEIGHT, lines * size * LINE_SPACING + pad), 1)


def text_chunks(paragraph: str, width: float, size: float, indent: int) -> list[str]:
    """A paragraph cut at sentence ends into pieces of at most MAX_TEXT_LINES lines (a row's
    height is limited to 409 pt, and a row never breaks across pages)."""
    if wrapped_lines(paragraph, width, size, indent) <= MAX_TEXT_LINES:
        return [paragraph]
    pieces: list[str] = []
    current = ""
    for sentence in (s for s in _SENTENCE_END.split(paragraph) if s):
        while wrapped_lines(sentence, width, size, indent) > MAX_TEXT_LINES:  # one endless sentence: cut it
            cut = len(sentence) // 2
            while wrapped_lines(sentence[:cut], width, size, indent) > MAX_TEXT_LINES:
                cut //= 2
            if current:
                pieces.append(current)
                current = ""
            pieces.append(sentence[:cut])
            sentence = sentence[cut:]
        if current and wrapped_lines(current + sentence, width, size, indent) > MAX_TEXT_LINES:
            pieces.append(current)
            current = ""
        current += sentence
    if current:
        pieces.append(current)
    return pieces


# -- rows -------------------------------------------------------------------------------------------
class Rich:
    """A rate's name on the first line and its formula below it, smaller and grey."""

    def __init__(self, first: str, second: str) -> None:
        self.first = first
        self.second = second

    @property
    def plain(self) -> str:
        return f"{self.first}\n{self.second}"


@dataclass
class Row:
    """One row to write: its cells (column, value, style, number format), merged spans and height."""

    height: float
    cells: list[Cell] = field(default_factory=list)
    merges: list[tuple[int, int, str]] = field(default_factory=list)
    keep: bool = False  # keep with the next row on one page (headings)
    table: bool = False  # a row of the indicator table: after a page break the column headers repeat


def group_row(text: str, last_col: int, table: bool = False) -> Row:
    """A group heading across the table (a task, the rates), kept on the page of the row below it."""
    style = STYLES["group"]
    return Row(ROW_HEIGHT, [(1, text, style, None)], [(1, last_col, style)], keep=True, table=table)


def indicator_cells(ind: Indicator, label: str, width: float) -> tuple[list[Cell], float]:
    """The 指标 and 单位 cells of an indicator's row (其中… rows indented) and the row's height."""
    sub = ind.label.startswith("其中")
    height = row_height(wrapped_lines(label, width, BODY_SIZE, SUB_INDENT if sub else 1), BODY_SIZE)
    cells: list[Cell] = [(1, label, STYLES["label_sub"] if sub else STYLES["label"], None),
                         (2, ind.measure_unit, STYLES["unit"], None)]
    return cells, height


# -- writing cells ----------------------------------------------------------------------------------
class SheetWriter:
    """Writes cells with named styles and remembers every value for the read-back check."""

    def __init__(self, ws: Worksheet) -> None:
        self.ws = ws
        self.expected: dict[tuple[int, int], str | int | float] = {}

    def width(self, first: int, last: int | None = None) -> float:
        total = 0.0
        for col in range(first, (last or first) + 1):
            total += self.ws.column_dimensions[column_letter(col)].width or 8.43
        return total

    def put(self, row: int, col: int, value: object, style: str, number_format: str | None = None) -> None:
        cell = self.ws.cell(row=row, column=col)
        cell.style = style
        if number_format:
            cell.number_format = number_format
        if isinstance(value, Rich):
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

    def write(self, row: int, spec: Row) -> None:
        for first, last, style in spec.merges:
            self.merge(row, first, last, style)
        for col, value, style, number_format in spec.cells:
            self.put(row, col, value, style, number_format)
        self.height(row, spec.height)


def unmerge_below(ws: Worksheet, first_row: int) -> None:
    """Undo the template's merged cells from ``first_row`` down."""
    for rng in list(ws.merged_cells.ranges):
        if rng.min_row >= first_row:
            ws.unmerge_cells(str(rng))


def finish_sheet(ws: Worksheet, last_col: int, last_row: int, footer: str) -> None:
    """Print area A1 to the last cell written; ``footer`` at the bottom left of every page."""
    ws.print_area = f"A1:{column_letter(last_col)}{last_row}"
    ws.oddFooter.left.text = footer.replace("&", "&&")
    ws.oddFooter.left.size = 10


# -- pages ------------------------------------------------------------------------------------------
def page_capacity(w: SheetWriter, last_col: int) -> float:
    """Height a page holds, in the sheet's points (before fit-to-width shrinks it), less a margin."""
    ws = w.ws
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


def paginate(rows: list[Row], capacity: float, used: float, table_header: Row | None = None,
             repeated: float = 0.0) -> list[Row | None]:
    """The rows with page breaks (None) where a page is full, as Excel would break them.

    Headings stay with the row below them; a page that continues the indicator table starts with
    ``table_header`` again (or the sheet repeats ``repeated`` points of print titles itself).
    Breaking every page ourselves keeps Excel, WPS and LibreOffice (which measure columns
    differently and so shrink the page differently) on the same pages.
    """
    out: list[Row | None] = []
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


def write_rows(w: SheetWriter, first: int, planned: list[Row | None]) -> int:
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
