"""Write the official roster workbooks (附件1/2/3) from the shipped templates.

The templates (templates_xlsx/附件N.xlsx, made by tools/make_templates.py) carry the layout;
this module finds its way around a template by its texts (填报单位：, 填报时间：, the six column
headers, 填报说明), copies the styles of the prototype row below the headers, writes one row per
town and moves the footnote below the data. Every file is written to a temporary file in the
target folder, read back and compared with the roster, and only then moved into place.

openpyxl is imported inside the functions: importing it costs ~0.2 s and the CLI starts fast.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from copy import copy
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.domain.dates import format_cn
from desktop.domain.model import COLUMNS, Level, Roster, Settings, TownEntry, town_type_for_level
from desktop.exchange.errors import ExportError
from desktop.exchange.safe_write import check_path_length, os_error_message, write_all_verified
from desktop.exchange.xlsx.cells import (
    MAX_CELL_CHARS,
    calamine_rows,
    column_letter,
    escape_literals,
    filename_part,
    text_units,
    xml_text,
)
from desktop.exchange.xlsx.sheet_rows import SheetRows
from desktop.exchange.xlsx.template import open_template

if TYPE_CHECKING:  # pragma: no cover
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

UNIT_LABEL = "填报单位："
DATE_LABEL = "填报时间："
FOOTNOTE_PREFIX = "填报说明"
VILLAGE_JOINER = "、"


# -- file names --------------------------------------------------------------------------------
def export_filename(level: Level, settings: Settings) -> str:
    """``附件1 省级试点地区乡镇（街道）、村（社区）名单（泸州市）.xlsx``.

    The bracket holds the reporting unit's region (or the office name when no region is set);
    characters Windows forbids in file names become ``_`` and the name is kept short.
    """
    unit = settings.unit
    who = filename_part(unit.region, 30)
    suffix = f"（{who}）" if who else ""
    return f"{level.attachment} {level.title}{suffix}.xlsx"


# -- template layout ---------------------------------------------------------------------------
@dataclass
class _Layout:
    header_row: int
    columns: list[int]  # sheet column of each of COLUMNS
    styles: dict[int, Any]  # sheet column -> StyleArray of the prototype row
    proto_height: float
    unit_cell: tuple[int, int]
    date_cell: tuple[int, int]
    footnote_text: str
    footnote_style: Any
    footnote_span: tuple[int, int]  # first and last column of the footnote's merge
    widths: dict[int, float] = field(default_factory=dict)


def _value_cell_after(ws: Worksheet, row: int, col: int) -> tuple[int, int]:
    """The cell right of a label, skipping the label's own merged range."""
    for rng in ws.merged_cells.ranges:
        if rng.min_row <= row <= rng.max_row and rng.min_col <= col <= rng.max_col:
            return row, rng.max_col + 1
    return row, col + 1


def _locate(ws: Worksheet, name: str) -> _Layout:
    header_row = None
    unit_cell = date_cell = None
    columns: list[int] = []
    for row in ws.iter_rows(min_row=1, max_row=min(ws.max_row, 30)):
        texts = {c.column: str(c.value).strip() for c in row if isinstance(c.value, str)}
        for col, text in texts.items():
            if text == UNIT_LABEL and unit_cell is None:
                unit_cell = _value_cell_after(ws, row[0].row, col)
            elif text == DATE_LABEL and date_cell is None:
                date_cell = _value_cell_after(ws, row[0].row, col)
        if header_row is None and all(h in texts.values() for h in COLUMNS):
            header_row = row[0].row
            by_text = {t: c for c, t in texts.items()}
            columns = [by_text[h] for h in COLUMNS]
    if header_row is None or unit_cell is None or date_cell is None:
        raise ExportError(f"报表模板“{name}”已损坏（找不到表头或填报单位、填报时间），请重新安装本程序")
    footnote = None
    for r in range(header_row + 1, ws.max_row + 1):
        value = ws.cell(row=r, column=columns[0]).value
        if isinstance(value, str) and value.strip().startswith(FOOTNOTE_PREFIX):
            footnote = ws.cell(row=r, column=columns[0])
            break
    if footnote is None:
        raise ExportError(f"报表模板“{name}”已损坏（找不到填报说明），请重新安装本程序")
    span = (min(columns), max(columns))
    for rng in list(ws.merged_cells.ranges):
        if rng.min_row == footnote.row and rng.min_col == footnote.column:
            span = (rng.min_col, rng.max_col)
            ws.unmerge_cells(str(rng))
    proto = header_row + 1
    styles = {c: copy(ws.cell(row=proto, column=c)._style) for c in columns}
    layout = _Layout(
        header_row=header_row,
        columns=columns,
        styles=styles,
        proto_height=ws.row_dimensions[proto].height or 20.0,
        unit_cell=unit_cell,
        date_cell=date_cell,
        footnote_text=str(footnote.value).strip(),
        footnote_style=copy(footnote._style),
        footnote_span=span,
    )
    for c in range(1, max(columns) + 1):
        layout.widths[c] = ws.column_dimensions[column_letter(c)].width or 8.43
    # Clear the template's own footnote row; it is rewritten below the data.
    for c in range(span[0], span[1] + 1):
        ws.cell(row=footnote.row, column=c).value = None
    return layout


# -- text and sizes ----------------------------------------------------------------------------
def _lines(text: str, width: float, size: float) -> int:
    """Estimated wrapped lines of ``text`` in a column ``width`` (Excel units) at ``size`` pt."""
    if not text:
        return 1
    em = size * 96 / 72 / 7  # one CJK character in Excel width units (7 px per unit)
    usable = max(width - 1.5, em)  # cell padding and indent
    if len(text) * em * 1.05 <= usable and "\n" not in text:  # fits even if every character were CJK
        return 1
    total = 0
    for part in text.split("\n"):
        total += max(1, math.ceil(text_units(part) * em * 1.05 / usable))
    return total


def _line_height(size: float) -> float:
    return size * 1.4


# -- rows --------------------------------------------------------------------------------------
def _row_values(entry: TownEntry, level: Level) -> list[str]:
    return [
        xml_text(entry.city),
        xml_text(entry.county),
        xml_text(entry.town),
        xml_text(town_type_for_level(entry.town_type, level)),
        VILLAGE_JOINER.join(xml_text(n) for n in entry.village_names),
        xml_text(entry.note),
    ]


def _runs(keys: list[tuple[str, ...]]) -> list[tuple[int, int]]:
    """(first, last) index of runs of equal, non-empty keys (last element of a key non-empty)."""
    runs: list[tuple[int, int]] = []
    start = 0
    for i in range(1, len(keys) + 1):
        if i == len(keys) or keys[i] != keys[start]:
            if keys[start][-1] and i - 1 > start:
                runs.append((start, i - 1))
            start = i
    return runs


@dataclass
class _Plan:
    rows: list[list[str]]
    city_runs: list[tuple[int, int]]
    county_runs: list[tuple[int, int]]

    def expected(self) -> list[list[str]]:
        """The values a reader sees: merged-away cells are empty."""
        out = [list(r) for r in self.rows]
        for col, runs in ((0, self.city_runs), (1, self.county_runs)):
            for first, last in runs:
                for i in range(first + 1, last + 1):
                    out[i][col] = ""
        return out


def _plan(roster: Roster) -> _Plan:
    rows = [_row_values(t, roster.level) for t in roster.towns]
    cities = [(r[0],) for r in rows]
    city_runs = _runs(cities)
    # A county run never crosses a city boundary: the key holds the city and its run number.
    city_run_of = [0] * len(rows)
    run_no = 0
    for i in range(1, len(rows)):
        if cities[i] != cities[i - 1]:
            run_no += 1
        city_run_of[i] = run_no
    counties = [(str(city_run_of[i]), r[0], r[1]) for i, r in enumerate(rows)]
    county_runs = _runs(counties)
    for i, row in enumerate(rows):
        for title, text in zip(COLUMNS, row, strict=True):
            if len(text) > MAX_CELL_CHARS:
                raise ExportError(f"{roster.level.attachment} {row[2] or f'第{i + 1}行'}：{title}一栏超过 Excel "
                                  f"单元格上限（{MAX_CELL_CHARS} 个字符），请删减后再导出")
    return _Plan(rows, city_runs, county_runs)


def _fill(ws: Worksheet, layout: _Layout, plan: _Plan) -> tuple[int, SheetRows]:
    """The data rows (written into the sheet's XML when it is saved) and the footnote below them;
    returns the footnote's row and the rows."""
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet.cell_range import CellRange

    first = layout.header_row + 1
    foot_row = first + len(plan.rows)
    cols = layout.columns
    cells = ws._cells
    body_size = 12.0
    try:
        font = ws.cell(row=first, column=cols[0]).font
        body_size = float(font.sz or 12)
    except (AttributeError, TypeError, ValueError):
        pass
    line_h = _line_height(body_size)
    widths = [layout.widths.get(c, 10.0) for c in cols]
    merged_away = {(i, 0) for a, b in plan.city_runs for i in range(a + 1, b + 1)}
    merged_away |= {(i, 1) for a, b in plan.county_runs for i in range(a + 1, b + 1)}
    run_heads = {(a, 0) for a, _ in plan.city_runs} | {(a, 1) for a, _ in plan.county_runs}
    # The template's prototype row (and whatever else it holds there) gives way to the data.
    for key in [k for k in cells if first <= k[0] < foot_row]:
        del cells[key]
    for r in [r for r in ws.row_dimensions if first <= r < foot_row]:
        del ws.row_dimensions[r]

    rows = SheetRows(ws)
    letters = [column_letter(c) for c in cols]
    styles = [rows.style(layout.styles[c]) for c in cols]
    cell_rows: list[list[tuple[str, str, str]]] = []
    heights: list[float] = []
    for i, values in enumerate(plan.rows):
        lines = 1
        row: list[tuple[str, str, str]] = []
        for j, text in enumerate(values):
            if (i, j) in merged_away:
                row.append((letters[j], styles[j], ""))
                continue
            row.append((letters[j], styles[j], escape_literals(text)))
            if text and (i, j) not in run_heads:
                lines = max(lines, _lines(text, widths[j], body_size))
        cell_rows.append(row)
        heights.append(max(layout.proto_height, lines * line_h + 8))

    # Merged 市（州）/县（市、区）: make the merged block tall enough for its (short) text.
    for col_index, runs in ((0, plan.city_runs), (1, plan.county_runs)):
        letter = letters[col_index]
        for a, b in runs:  # runs overlap neither each other nor the template's merges (all above the rows)
            # a plain range, written as it is: a MergedCellRange would make the Cell these rows do not have
            ws.merged_cells.ranges.add(CellRange(f"{letter}{first + a}:{letter}{first + b}"))
            need = _lines(plan.rows[a][col_index], widths[col_index], body_size) * line_h + 8
            have = sum(heights[a:b + 1])
            if need > have:
                extra = (need - have) / (b - a + 1)
                for k in range(a, b + 1):
                    heights[k] += extra
    for i, (row, h) in enumerate(zip(cell_rows, heights, strict=True)):
        rows.add(first + i, row, round(h, 1))

    # 填报说明 below the data, merged across the table, wrapped.
    a, b = layout.footnote_span
    for c in range(a, b + 1):
        cells.pop((foot_row, c), None)
    cell = Cell(ws, row=foot_row, column=a)
    cell._style = copy(layout.footnote_style)
    cell._value = layout.footnote_text
    cell.data_type = "s"
    cells[(foot_row, a)] = cell
    if b > a:
        ws.merge_cells(start_row=foot_row, start_column=a, end_row=foot_row, end_column=b)
    total_width = sum(layout.widths.get(c, 10.0) for c in range(a, b + 1))
    foot_size = 11.0
    try:
        foot_size = float(cell.font.sz or 11)
    except (AttributeError, TypeError, ValueError):
        pass
    ws.row_dimensions[foot_row].height = round(
        _lines(layout.footnote_text, total_width, foot_size) * _line_height(foot_size) + 10, 1)
    return foot_row, rows


def _set_text(ws: Worksheet, at: tuple[int, int], text: str) -> None:
    cell = ws.cell(row=at[0], column=at[1])
    cell.value = escape_literals(text) or None
    if text:
        cell.data_type = "s"


def _build(roster: Roster, settings: Settings) -> tuple[Workbook, _Layout, _Plan, SheetRows]:
    name = f"{roster.level.attachment}.xlsx"
    wb = open_template(name)
    ws = wb.worksheets[0]
    layout = _locate(ws, name)
    plan = _plan(roster)
    _set_text(ws, layout.unit_cell, xml_text(settings.unit.display))
    _set_text(ws, layout.date_cell, format_cn(roster.filled_on))
    foot_row, rows = _fill(ws, layout, plan)
    ws.print_area = f"A1:{column_letter(layout.footnote_span[1])}{foot_row}"
    from desktop.system.about import APP_NAME

    now = datetime.now().replace(microsecond=0)
    wb.properties.creator = APP_NAME
    wb.properties.lastModifiedBy = APP_NAME
    wb.properties.created = now
    wb.properties.title = roster.level.title
    return wb, layout, plan, rows


# -- verification ------------------------------------------------------------------------------
def _read_values(path: Path) -> list[tuple]:
    """All cell values of the first sheet as rows (row 1 first), python-calamine (10x faster than openpyxl)."""
    from python_calamine import CalamineWorkbook

    with CalamineWorkbook.from_path(str(path)) as wb:
        return list(calamine_rows(wb.get_sheet_by_index(0)))


def _verify(path: Path, roster: Roster, settings: Settings, layout: _Layout, plan: _Plan) -> str | None:
    """Read the written file back; None when it matches, else what differs (for the message)."""
    rows = _read_values(path)

    def cell(row: int, col: int) -> object:
        if row - 1 < len(rows) and col - 1 < len(rows[row - 1]):
            return rows[row - 1][col - 1]
        return None

    unit_name = xml_text(cell(*layout.unit_cell))
    if unit_name != xml_text(settings.unit.display):
        return f"填报单位为“{unit_name}”"
    date_text = xml_text(cell(*layout.date_cell))
    if date_text != format_cn(roster.filled_on):
        return f"填报时间为“{date_text}”"
    headers = [xml_text(cell(layout.header_row, c)) for c in layout.columns]
    if headers != list(COLUMNS):
        return "表头不一致"
    first = layout.header_row + 1
    want = plan.expected()
    cols = [c - 1 for c in layout.columns]
    for i, expected in enumerate(want):
        row = rows[first + i - 1] if first + i - 1 < len(rows) else ()
        if len(row) > max(cols) and [row[c] for c in cols] == expected:  # read back as written: the usual case
            continue
        values = [xml_text(cell(first + i, c)) for c in layout.columns]
        if values != expected:
            town = plan.rows[i][2] or f"第{i + 1}行"
            return f"{town} 一行读出的内容与名单不一致"
    if xml_text(cell(first + len(want), layout.columns[0])) != layout.footnote_text:
        return "填报说明不在名单下方"
    return None


# -- writing -----------------------------------------------------------------------------------
def _job(roster: Roster, settings: Settings, path: Path) -> tuple[Path, Callable[[Path], str | None]]:
    path = Path(path)
    check_path_length(path)
    wb, layout, plan, rows = _build(roster, settings)

    def produce(tmp: Path) -> str | None:
        rows.save(wb, wb.worksheets[0], tmp)
        return _verify(tmp, roster, settings, layout, plan)

    return path, produce


def write_roster_workbook(roster: Roster, settings: Settings, path: Path) -> Path:
    """Write one attachment workbook to ``path`` (atomically) and check it reads back as written.

    Raises ExportError with a Chinese message naming the file and saying what to do.
    """
    return write_all_verified([_job(roster, settings, path)])[0]


def export_rosters(rosters: list[Roster], settings: Settings, out_dir: Path) -> list[Path]:
    """Write every attachment that has towns into ``out_dir``, all or nothing; returns the paths.

    Does not validate: the caller refuses export while desktop.domain.roster.rules.check_all has errors.
    """
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(os_error_message(exc, out_dir / "（导出文件）", "temp"), out_dir) from exc
    jobs = [_job(r, settings, out_dir / export_filename(r.level, settings))
            for r in sorted(rosters, key=lambda r: r.level.value) if r.towns]
    return write_all_verified(jobs) if jobs else []
