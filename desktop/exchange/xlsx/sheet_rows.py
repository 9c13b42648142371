"""Many plain text rows written straight into a sheet's XML, as openpyxl itself would write them.

openpyxl writes a cell in about 8 µs (a Cell object, then an element serialised by et_xmlfile): the
province's 附件3 has 18,666 cells, 150 ms of its export. The roster's rows are only text in a few
styles, so they are written here as the very XML openpyxl writes for such cells (inline strings, the
same style numbers, row heights, escaping and ``xml:space``), and put into the sheet of the workbook
openpyxl has saved, between the rows it wrote. tests/exchange/test_xlsx_sheet_rows.py compares the
two writers on the same cells.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.exchange.xlsx.cells import column_letter, column_number

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


class SheetRows:
    """Rows of text cells for the worksheet ``ws`` (of the workbook it will be saved with)."""

    def __init__(self, ws: Worksheet) -> None:
        self._styles = ws.parent._cell_styles
        self.parts: list[str] = []
        self.first: int | None = None
        self.last = 0
        self._letters: set[str] = set()

    def style(self, style: Any) -> str:
        """The ``s`` attribute of a cell of this StyleArray, as openpyxl numbers it (its index in the
        workbook's cell styles, where it is added if new); '' for an unstyled cell."""
        return f' s="{self._styles.add(style)}"' if style is not None and any(style) else ""

    def add(self, row: int, cells: Sequence[tuple[str, str, str]], height: float | None = None) -> None:
        """Row ``row`` (after every row added before): each cell (column letter, ``style()`` of it,
        text; '' for none). An unstyled empty cell is left out, as openpyxl leaves it out."""
        if row <= self.last:
            raise ValueError(f"row {row} after row {self.last}")
        self.first = row if self.first is None else self.first
        self.last = row
        head = f'<row r="{row}"' + (f' ht="{height:.16g}" customHeight="1">' if height is not None else ">")
        out = [head]
        self._letters.update(letter for letter, _s, _t in cells)
        for letter, style, text in cells:
            if not text:
                if style:
                    out.append(f'<c r="{letter}{row}"{style} t="n" />')
                continue
            space = ' xml:space="preserve"' if text != text.strip() and text.strip() else ""
            out.append(f'<c r="{letter}{row}"{style} t="inlineStr"><is><t{space}>{text.translate(_ESCAPES)}</t>'
                       f"</is></c>")
        out.append("</row>")
        self.parts.append("".join(out))

    def save(self, wb: Workbook, ws: Worksheet, path: Path) -> None:
        """Save ``wb`` to ``path`` with these rows in ``ws``. The sheet must hold no cell and no row
        height of its own in these rows, and a row below them (where they go)."""
        if self.first is None:
            wb.save(path)
            return
        held = [r for r, _c in ws._cells if self.first <= r <= self.last] + [
            r for r in ws.row_dimensions if self.first <= r <= self.last]
        if held:
            raise ValueError(f"the sheet has row {min(held)} of its own")
        dimension = self._dimension(ws)
        buffer = io.BytesIO()
        wb.save(buffer)
        part = ws.path.lstrip("/")
        with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in src.infolist():
                data = src.read(info)
                if info.filename == part:
                    data = self._inserted(data.decode("utf-8"), dimension).encode("utf-8")
                dst.writestr(info, data)

    def _dimension(self, ws: Worksheet) -> tuple[str, str]:
        """The sheet's used range as openpyxl writes it, and with these rows (openpyxl's own
        ``calculate_dimension`` of the sheet as if it held their cells)."""
        from openpyxl.utils.cell import range_boundaries

        written = ws.calculate_dimension()
        left, top, right, bottom = range_boundaries(written)
        cols = [column_number(letter) for letter in self._letters] or [left]
        assert self.first is not None
        left, right = min(left, *cols), max(right, *cols)
        top, bottom = min(top, self.first), max(bottom, self.last)
        return written, f"{column_letter(left)}{top}:{column_letter(right)}{bottom}"

    def _inserted(self, xml: str, dimension: tuple[str, str]) -> str:
        import re

        below = next((m.start() for m in re.finditer(r'<row r="(\d+)"', xml) if int(m.group(1)) > self.last), None)
        if below is None:
            raise ValueError("no row below the rows to write")
        old, new = (f'<dimension ref="{ref}"' for ref in dimension)
        head = xml[:below]
        if old != new:
            head = head.replace(old, new, 1)
        return head + "".join(self.parts) + xml[below:]
