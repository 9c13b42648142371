"""The checks a checklist workbook passes before its rows are read, after xlsx.guard (what kind of file)
and xlsx.scan (the zip and its XML): no XML part over MAX_PART_BYTES, per sheet at most MAX_CELLS cell
elements (empty ones too: a parser builds each) and MAX_MERGES merged ranges, and on the sheet that
holds the table: rows and columns with content within MAX_ROWS × MAX_USED_COLS, merged ranges inside
them and not piled on each other, no formula without its stored result. The declared dimension of a
sheet is never used: the reader asks for the rows and columns it needs.

Refusals are ImportFileError with a Chinese message naming the file and the sheet.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from desktop.exchange.errors import ImportFileError
from desktop.exchange.xlsx.cells import column_letter, column_number
from desktop.exchange.xlsx.guard import ASK_AGAIN, damaged_zip
from desktop.exchange.xlsx.scan import MIB, PartScan, WorkbookScan, scan_workbook

MAX_PART_BYTES = 20 * MIB  # one XML part, uncompressed: an official checklist's sheet is about 100 KB
MAX_CELLS = 500_000  # cell elements in one sheet: a checklist has a few thousand
MAX_ROWS = 5_000  # rows with content on the checklist's sheet: a checklist has at most a few hundred items
MAX_USED_COLS = 100  # columns read; content farther right is not read
MAX_MERGES = 10_000
MAX_FILLED = 200_000  # cells filled from merged ranges (a sheet of 5,000 rows merged in 40 columns)
_CELL = re.compile(rb"<(?:[\w.-]+:)?c[\s/>]")
_MERGE = re.compile(rb"<(?:[\w.-]+:)?mergeCell\b[^>]*?\bref\s*=\s*[\"']([A-Za-z]{1,3})(\d{1,7})"
                    rb"(?::([A-Za-z]{1,3})(\d{1,7}))?[\"']")
_XML = (".xml", ".rels", ".vml")
_HOW = "请只把评分表复制到新的工作簿（或删去多余的内容）后再导入"


@dataclass(frozen=True)
class Merge:
    min_row: int
    min_col: int
    max_row: int
    max_col: int

    @property
    def ref(self) -> str:
        return f"{column_letter(self.min_col)}{self.min_row}:{column_letter(self.max_col)}{self.max_row}"


@dataclass
class SheetGuard:
    """One sheet: its scan, its merged ranges, and the values merged down into the cells below a range's
    first cell (ranges one column wide; a range across columns is a title or a note line)."""

    file: str
    sheet: str
    scan: PartScan
    merges: list[Merge] = field(default_factory=list)
    _cover: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)
    _starts: dict[int, list[int]] = field(default_factory=dict)
    _tops: dict[tuple[int, int], object] = field(default_factory=dict)
    notes: set[int] = field(default_factory=set)  # rows that start a range merged across 3 columns or more

    def check_table(self) -> None:
        """The sheet holds the checklist: its size, merged ranges and formulas are checked before it is read."""
        sheet = self.sheet
        where = f"文件“{self.file}”的工作表“{sheet}”"
        if self.scan.max_row > MAX_ROWS:
            raise ImportFileError(f"{where}有内容的行多达 {self.scan.max_row} 行（上限 {MAX_ROWS} 行），评分表不会有"
                                  f"这么多行，已停止读取。{_HOW}", sheet=sheet)
        for m in self.merges:
            if m.max_row > MAX_ROWS or m.max_col > MAX_USED_COLS:
                raise ImportFileError(
                    f"{where}的合并单元格 {m.ref} 大到 {m.max_row - m.min_row + 1} 行 × {m.max_col - m.min_col + 1} 列，"
                    f"超出了评分表可能的范围（最多 {MAX_ROWS} 行、{MAX_USED_COLS} 列），已停止读取。请在 Excel 或 WPS 中"
                    "取消这个合并单元格（或只把评分表复制到新的工作簿）后再导入", sheet=sheet)
        filled = sum(m.max_row - m.min_row for m in self.merges if m.min_col == m.max_col)
        if filled > MAX_FILLED:
            raise ImportFileError(f"{where}的合并单元格过多或互相重叠（合并了 {filled} 个单元格），不像是评分表，"
                                  f"已停止读取。{_HOW}", sheet=sheet)
        if self.scan.formula is not None:
            at = f"的 {self.scan.formula} 单元格是公式" if self.scan.formula else "中有公式"
            raise ImportFileError(f"{where}{at}，但文件中没有保存公式的计算结果（多见于其他程序生成的文件），无法读取。"
                                  "请在 Excel 或 WPS 中打开这个文件并保存一次（保存时会存入计算结果）后再导入", sheet=sheet)
        for m in self.merges:
            if m.max_col - m.min_col >= 2:  # a line across the table: a title, a section or a note under it
                self.notes.add(m.min_row)
            if m.min_col != m.max_col:
                continue
            self._starts.setdefault(m.min_row, []).append(m.min_col)
            for r in range(m.min_row + 1, m.max_row + 1):
                self._cover[(r, m.min_col)] = (m.min_row, m.min_col)

    def remember(self, r: int, row: tuple) -> None:
        """Keep the first cells of the merged ranges that start in row ``r``."""
        for c in self._starts.get(r, ()):
            self._tops[(r, c)] = row[c - 1] if c <= len(row) else None

    def filled(self, r: int, c: int) -> object:
        top = self._cover.get((r, c))
        return None if top is None else self._tops.get(top)


class Guards:
    """The workbook checked as a whole; ``sheet(ws)`` checks one sheet before it is read."""

    def __init__(self, path: Path, scan: WorkbookScan) -> None:
        self.path, self.scan = path, scan

    def sheet(self, ws) -> SheetGuard:
        part = str(getattr(ws, "_worksheet_path", "") or self.scan.sheet_parts.get(ws.title, "")).lstrip("/")
        scan = self.scan.parts.get(part) or self.scan.sheet(ws.title)
        guard = SheetGuard(self.path.name, ws.title, scan)
        where = f"文件“{self.path.name}”的工作表“{ws.title}”"
        try:  # every part's size was checked by guard_sheets
            with zipfile.ZipFile(self.path) as zf:
                data = zf.read(part)
        except (KeyError, zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError) as exc:
            raise damaged_zip(self.path) from exc
        for n, _m in enumerate(_CELL.finditer(data), start=1):
            if n > MAX_CELLS:
                raise ImportFileError(f"{where}含有超过 {MAX_CELLS:,} 个单元格，评分表不会有这么多，已停止读取。{_HOW}",
                                      self.path, ws.title)
        for n, m in enumerate(_MERGE.finditer(data), start=1):
            if n > MAX_MERGES:
                raise ImportFileError(f"{where}含有超过 {MAX_MERGES:,} 个合并单元格，评分表不会有这么多，已停止读取。"
                                      f"{_HOW}", self.path, ws.title)
            first_col, first_row = column_number(m.group(1).decode()), int(m.group(2))
            last_col = column_number(m.group(3).decode()) if m.group(3) else first_col
            last_row = int(m.group(4)) if m.group(4) else first_row
            guard.merges.append(Merge(min(first_row, last_row), min(first_col, last_col),
                                      max(first_row, last_row), max(first_col, last_col)))
        return guard


def guard_sheets(path: Path) -> Guards:
    """Scan ``path`` (xlsx.scan) and refuse an XML part too large for a checklist; ImportFileError."""
    scan = scan_workbook(path)
    try:
        with zipfile.ZipFile(path) as zf:
            for info in zf.infolist():
                if info.filename.lower().endswith(_XML) and info.file_size > MAX_PART_BYTES:
                    raise ImportFileError(
                        f"文件“{path.name}”中的“{info.filename}”解压后有 {info.file_size / MIB:,.0f} MB（上限 "
                        f"{MAX_PART_BYTES // MIB} MB），评分表不会这么大，已拒绝读取。{ASK_AGAIN}", path)
    except ImportFileError:
        raise
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise damaged_zip(path) from exc
    return Guards(path, scan)
