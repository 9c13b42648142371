"""Read roster workbooks (附件1/2/3) — our own exports and the hand-made files offices send.

Tolerates what people do to the official form: extra title rows, a 序号 column, columns in
another order, half-width brackets and spaces in headers, 市/县 cells merged down, left blank
below or repeated, villages separated by 、，,；; / line breaks or spaces, one village per row,
the 示例： prefix of the notice's sample row. Anything that is not a roster is refused with an
ImportFileError whose Chinese message names the file (and sheet) and says what to do.

A file is checked before it is parsed (xlsx_open: what kind of file; xlsx_scan: sizes, XML
entities, the used range of each sheet, formulas without results), then its cell values are read
with python-calamine (several times faster than openpyxl; a merged range keeps its value in its
first cell only, which the 市/县 forward fill expects). The header is found by roster_header, the
rows are read by roster_rows. Neither openpyxl nor Qt is imported here.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from desktop.domain.dates import format_cn
from desktop.domain.model import COLUMNS, Level, Roster, TownEntry
from desktop.domain.names import clean_text
from desktop.domain.places.gazetteer import Gazetteer
from desktop.domain.places.matching import resolve_entry
from desktop.domain.text_rules import fold_lines, text_problem
from desktop.exchange.errors import ImportFileError
from desktop.exchange.roster.header import excel_date, find_header, read_top, which_level
from desktop.exchange.roster.rows import MERGED_FIELDS, SheetRows, read_rows
from desktop.exchange.xlsx.cells import calamine_rows, cell_text, column_letter
from desktop.exchange.xlsx.guard import MAX_WORKBOOK_BYTES, OLE_MAGIC, Expected, refuse_non_xlsx, unreadable
from desktop.exchange.xlsx.scan import PartScan, scan_workbook

__all__ = ["ImportResult", "MAX_FILE_BYTES", "OLE_MAGIC", "read_roster_workbooks"]

MAX_ROWS = 200_000  # rows read per sheet before giving up
MAX_COLS = 200  # columns read per row
MAX_USED_COLS = 1_000  # a sheet with content this far right is not a roster (it has 6 columns)
MAX_CELLS = 2_000_000  # the used range of a sheet (rows × columns): calamine holds 32 bytes a cell
HEADER_SCAN_ROWS = 30  # the header row must be within the first rows of a sheet
MAX_FILE_BYTES = MAX_WORKBOOK_BYTES
BLANK_RUN_END = 1000  # this many blank rows in a row end the data
MAX_SECONDS = 60.0  # per sheet, a last resort: the caps above bound the work already

EXPECTED = Expected(noun="名单文件", what="试点名单", choose="请选择试点名单文件（.xlsx）",
                    too_big="请只把名单部分复制到新的工作簿后再导入", empty="请重新保存或向报送单位重新索取")
_CALAMINE_BY_NAME = (".xlsx", ".xlsm")  # other extensions: calamine would pick its reader by the name


@dataclass
class ImportResult:
    rosters: list[Roster] = field(default_factory=list)  # only levels that had data, 附件1→3
    messages: list[str] = field(default_factory=list)  # what was read, skipped or guessed
    unit_names: list[str] = field(default_factory=list)  # 填报单位 found in the files, first-seen order


@dataclass
class _Sheet:
    file: str
    name: str
    level: Level
    reason: str
    filled_on: date | None
    date_text: str
    unit_name: str  # the 填报单位 as written above the table
    towns: list[TownEntry]
    notes: list[str]


# -- one sheet ---------------------------------------------------------------------------------
def _check_size(scan: PartScan, file: str, sheet: str) -> None:
    """Refuse a sheet too large to read before python-calamine builds it."""
    if scan.max_row > MAX_ROWS:
        raise ImportFileError(
            f"文件“{file}”的工作表“{sheet}”超过 {MAX_ROWS} 行，已停止读取。试点名单不会有这么多行，"
            f"请删去多余的行（或把名单部分复制到新文件）后再导入", sheet=sheet)
    if scan.max_col > MAX_USED_COLS:
        raise ImportFileError(
            f"文件“{file}”的工作表“{sheet}”有内容的列多达 {scan.max_col} 列（最远到 {column_letter(scan.max_col)} 列），"
            f"已停止读取。试点名单只有 {len(COLUMNS)} 列，请删去多余的列（或把名单部分复制到新的工作簿）后再导入",
            sheet=sheet)
    if scan.cells > MAX_CELLS:
        raise ImportFileError(
            f"文件“{file}”的工作表“{sheet}”的内容范围太大（{scan.max_row} 行 × {scan.max_col} 列），已停止读取。"
            f"试点名单只有 {len(COLUMNS)} 列，请删去多余的行和列（或把名单部分复制到新的工作簿）后再导入", sheet=sheet)


def _formula_error(file: str, sheet: str, cell: str, path: Path | None = None) -> ImportFileError:
    where = f"的 {cell} 单元格是公式" if cell else "中有公式"
    return ImportFileError(
        f"文件“{file}”的工作表“{sheet}”{where}，但文件中没有保存公式的计算结果（多见于其他程序生成的文件），"
        f"无法读取。请在 Excel 或 WPS 中打开这个文件并保存一次（保存时会存入计算结果）后再导入", path, sheet)


def _read_sheet(rows: Iterator[tuple], title: str, file: str, stem: str, gaz: Gazetteer,
                scan: PartScan, merges: Iterable[tuple[tuple[int, int], tuple[int, int]]] = ()) -> _Sheet | None:
    top: list[tuple] = []
    header = None
    for row in rows:
        top.append(row)
        header = find_header(row)
        if header is not None or len(top) >= HEADER_SCAN_ROWS:
            break
    if header is None:
        return None
    if scan.formula is not None:
        raise _formula_error(file, title, scan.formula)
    unit_name, when, top_text = read_top(top[:-1])
    problem = text_problem(fold_lines(unit_name), "unit")
    if problem is not None:  # checked as typing checks a unit's name (desktop.domain.text_rules)
        raise ImportFileError(f"文件“{file}”的工作表“{title}”中的填报单位{problem.what}，"
                              f"请在 Excel 或 WPS 中改正后再导入", sheet=title)
    level, reason, notes = which_level(top_text, title, stem)
    if level is None:
        raise ImportFileError(
            f"文件“{file}”的工作表“{title}”无法确定是哪个附件：缺少标题行（省级/市级/县级试点地区乡镇（街道）、"
            f"村（社区）名单），表内、工作表名和文件名也没有“附件1/2/3”字样。请在表头上方补上标题后再导入",
            sheet=title)
    where = SheetRows(file, title, MAX_ROWS, MAX_SECONDS, BLANK_RUN_END, scan.errors,
                      _merged_down(merges, {header[f] for f in MERGED_FIELDS if header.get(f) is not None}))
    towns, row_notes = read_rows(rows, header, level, len(top) + 1, where, gaz)
    filled_on = excel_date(when) if when is not None else None
    date_text = clean_text(cell_text(when))
    return _Sheet(file, title, level, reason, filled_on, date_text, unit_name, towns, notes + row_notes)


def _merged_down(merges: Iterable[tuple[tuple[int, int], tuple[int, int]]], cols: set[int]
                 ) -> dict[tuple[int, int], tuple[int, int]]:
    """The cells under the first one of each range merged down in one of ``cols`` (0-based), as
    (row, col) 1-based → that first cell (python-calamine gives the ranges 0-based, both ends in)."""
    out: dict[tuple[int, int], tuple[int, int]] = {}
    for (top, left), (bottom, right) in merges:
        if left == right and left in cols and bottom > top:
            out.update({(r + 1, left + 1): (top + 1, left + 1) for r in range(top + 1, min(bottom, MAX_ROWS) + 1)})
    return out


# -- one file ----------------------------------------------------------------------------------
def _open_workbook(path: Path) -> Any:
    from python_calamine import CalamineWorkbook

    if path.suffix.lower() in _CALAMINE_BY_NAME:
        return CalamineWorkbook.from_path(str(path))
    with open(path, "rb") as fh:  # an .xlsx renamed to .xls: calamine then looks at the content
        return CalamineWorkbook.from_filelike(fh)


def _read_file(path: Path, gaz: Gazetteer) -> tuple[list[_Sheet], list[str]]:
    from python_calamine import SheetTypeEnum

    refuse_non_xlsx(path, EXPECTED)
    scan = scan_workbook(path)
    name = path.name
    sheets: list[_Sheet] = []
    skipped: list[str] = []
    formula: tuple[str, str] | None = None  # (sheet, cell) of a skipped sheet's formula without result
    sheet_name = ""
    try:
        wb = _open_workbook(path)
        try:
            for meta in wb.sheets_metadata:
                if meta.typ != SheetTypeEnum.WorkSheet:
                    continue
                sheet_name = meta.name
                part = scan.sheet(sheet_name)
                _check_size(part, name, sheet_name)
                found = wb.get_sheet_by_name(sheet_name)
                rows = calamine_rows(found, MAX_COLS)
                sheet = _read_sheet(rows, sheet_name, name, path.stem, gaz, part, found.merged_cell_ranges or ())
                if sheet is None:
                    skipped.append(sheet_name)
                    if formula is None and part.formula is not None:
                        formula = (sheet_name, part.formula)
                else:
                    sheets.append(sheet)
        finally:
            wb.close()
    except ImportFileError as exc:
        exc.path = path
        raise
    except Exception as exc:  # calamine raises its own errors (and others) on damaged files
        raise unreadable(path, sheet_name, exc) from exc
    except BaseException as exc:  # a panic in calamine's Rust code: pyo3's PanicException is a BaseException
        if type(exc).__name__ != "PanicException":
            raise
        raise unreadable(path, sheet_name, exc) from exc
    if not sheets and formula is not None:
        raise _formula_error(name, *formula, path)
    if not sheets:
        listed = "、".join(f"“{s}”" for s in skipped) or "（没有工作表）"
        scores = any("评分" in s or "验收" in s for s in skipped)  # a 验收评分表 or 验收汇总表
        hint = ("；它像是验收评估的评分表或汇总表：导出的评分表不能作为名单导入，评分随交换包交换；若是省中心发布的"
                "评分标准，请在“验收评估”页用“导入评分标准…”导入（或命令 evaluation --import-checklist）"
                ) if scores else "；请确认选择的是附件1/2/3 名单文件"
        raise ImportFileError(
            f"文件“{name}”中没有找到试点名单的表头（已查看工作表：{listed}）。名单应有"
            f"“{'、'.join(COLUMNS)}”这一行表头{hint}", path)
    notes = [f"“{name}”的工作表“{s}”没有名单表头，已跳过" for s in skipped]
    return sheets, notes


def read_roster_workbooks(paths: list[Path], gaz: Gazetteer) -> ImportResult:
    """Read roster workbooks; raises ImportFileError (Chinese, naming the file) on a bad file.

    Towns keep file order (files in the given order); every entry is passed through
    desktop.domain.places.matching.resolve_entry, so names are normalised and codes filled.
    """
    result = ImportResult()
    by_level: dict[Level, Roster] = {}
    dates: dict[Level, list[date]] = {}
    for path in paths:
        path = Path(path)
        sheets, notes = _read_file(path, gaz)
        result.messages.extend(notes)
        for sheet in sheets:
            villages = sum(len(t.villages) for t in sheet.towns)
            level = sheet.level
            if not sheet.towns:
                result.messages.append(f"“{sheet.file}”的工作表“{sheet.name}”（{level.attachment}）没有名单数据")
            else:
                result.messages.append(
                    f"“{sheet.file}”的工作表“{sheet.name}”按{level.attachment}（{level.label}试点，"
                    f"依据{sheet.reason}）读取：{len(sheet.towns)} 个乡镇（街道），{villages} 个村（社区）")
            result.messages.extend(sheet.notes)
            if sheet.unit_name and sheet.unit_name not in result.unit_names:
                result.unit_names.append(sheet.unit_name)
            if sheet.towns:
                if sheet.filled_on is not None:
                    dates.setdefault(level, []).append(sheet.filled_on)
                elif sheet.date_text:
                    result.messages.append(f"“{sheet.file}”的工作表“{sheet.name}”：填报时间“{sheet.date_text}”"
                                           f"无法识别，请导入后在程序中填写")
                roster = by_level.setdefault(level, Roster(level))
                roster.towns.extend(sheet.towns)
    for level in sorted(by_level, key=lambda lv: lv.value):
        roster = by_level[level]
        found = sorted(set(dates.get(level, [])))
        if found:
            roster.filled_on = found[-1]
            if len(found) > 1:
                result.messages.append(f"{level.attachment} 的填报时间不一致（{'、'.join(format_cn(d) for d in found)}），"
                                       f"采用最晚的 {format_cn(found[-1])}")
        for position, entry in enumerate(roster.towns):
            resolve_entry(entry, gaz)
            entry.position = position
        result.rosters.append(roster)
    if result.unit_names:
        result.messages.append(f"填报单位：{'、'.join(result.unit_names)}")
    return result
