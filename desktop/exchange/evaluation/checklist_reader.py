"""An official 验收评估方案 laid out as a score sheet (.xlsx): a header row with 一级指标, 二级指标,
评分标准, 分值, 评分方式 (found wherever it sits), optionally 编号, 必要条件, 加分项, 适用对象; 一级指标 merged
down its rows or left blank under the first. The 评分表 this program exports reads back the same way
(its 合计 row and the lines under the table are not items). Read into the same data as
resources/checklist.json and checked by the same rules; every problem names the sheet, row and column.

A file someone sent is checked before a parser reads it, like a roster: what kind of file
(xlsx.guard), the zip and its XML (xlsx.scan: size, compression ratio, entities, shared strings),
then per sheet the size of its XML, its cells and its merged ranges (sheet_guard), the rows and
columns it uses, and a time limit while the rows are read. The rows are streamed (openpyxl
read-only: a shared string is one object however many cells use it) and read once, in one pass.
"""

from __future__ import annotations

import time
from pathlib import Path

from desktop.domain.evaluation.checklist import (
    BONUS_MARK,
    MAX_ITEMS,
    MAX_POINTS,
    METHODS,
    REFERENCE_MARK,
    REQUIRED_MARK,
    Checklist,
    ChecklistError,
    parse_checklist,
    points_problem,
    text_problem,
)
from desktop.domain.names import compact
from desktop.exchange.errors import ImportFileError
from desktop.exchange.evaluation.sheet_guard import MAX_ROWS, MAX_USED_COLS, SheetGuard, guard_sheets
from desktop.exchange.xlsx.cells import cell_text
from desktop.exchange.xlsx.guard import Expected, refuse_non_xlsx

REQUIRED = {"一级指标": "task", "二级指标": "heading", "评分标准": "standard", "分值": "points", "评分方式": "method"}
OPTIONAL = {"编号": "code", "必要条件": "required", "加分项": "bonus", "加分": "bonus", "适用对象": "site"}
YES = {"是", "√", "✓", "Y", "y", "1", "必要条件", "加分"}
TOTAL_WORDS = {"合计", "小计", "总计", "总分"}  # a sum row, not an item
BONUS_MARKS = (BONUS_MARK, "（加分）")
COUNTY_MARK = "（县（市、区））"  # the info line of a county's exported 评分表
HEADER_SCAN_ROWS = 30
MAX_SECONDS = 15.0  # per sheet, a last resort: the caps bound the work already
_TEXT_FIELDS = {"code": "code", "task": "task", "heading": "heading", "standard": "standard"}
_LABELS = {v: k for k, v in {**REQUIRED, **OPTIONAL}.items()}

EXPECTED = Expected(noun="评分标准文件", what="验收评估评分表", choose="请选择评分表格式的 Excel 工作簿（.xlsx）",
                    too_big="请只把评分表复制到新的工作簿后再导入", empty="请重新保存或向发文单位重新索取")


def _header(row: tuple) -> dict[str, int] | None:
    texts = {compact(cell_text(v)): c for c, v in enumerate(row, start=1) if v is not None}
    if not all(k in texts for k in REQUIRED):
        return None
    cols = {REQUIRED[k]: texts[k] for k in REQUIRED}
    cols.update({OPTIONAL[k]: texts[k] for k in OPTIONAL if k in texts})
    return cols


class _Table:
    """The rows under the header, read one by one into checklist items (linear: dictionaries only)."""

    def __init__(self, file: str, sheet: str, cols: dict[str, int], guard: SheetGuard) -> None:
        self.file, self.sheet, self.cols, self.guard = file, sheet, cols, guard
        self.tasks: dict[str, str] = {}  # label → code (T1, T2 …)
        self.per_task: dict[str, int] = {}
        self.items: list[dict] = []
        self.current_task = ""
        self.county = False

    def cell(self, row: tuple, r: int, key: str) -> object:
        c = self.cols.get(key)
        if c is None:
            return None
        value = row[c - 1] if c <= len(row) else None
        if value is None or value == "":
            value = self.guard.filled(r, c)  # merged down from the range's first cell
        return value

    def text(self, row: tuple, r: int, key: str) -> str:
        value = cell_text(self.cell(row, r, key))
        field = _TEXT_FIELDS.get(key)
        if field is not None:
            problem = text_problem(field, value.strip() if len(value) < 10_000 else value)
            if problem is not None:
                raise ChecklistError(f"{self.where(r, key)}{problem}")
        elif len(value) > 100:  # 评分方式, 必要条件, 加分项, 适用对象: a word
            raise ChecklistError(f"{self.where(r, key)}内容过长（{len(value)} 个字），应为一个词，请改正")
        return value.strip()

    def where(self, r: int, key: str) -> str:
        return f"文件“{self.file}”的工作表“{self.sheet}”第 {r} 行“{_LABELS[key]}”列："

    def add(self, row: tuple, r: int) -> None:
        if r in self.guard.notes:
            return  # a line merged across the table (合计, 未达到的必要条件, 验收人员（签字）…): not an item
        code, task, heading = self.text(row, r, "code"), self.text(row, r, "task"), self.text(row, r, "heading")
        first = next((t for t in (code, task, heading) if t), "")
        if compact(first) in TOTAL_WORDS:
            return  # the 合计 row of a score sheet
        standard, points_text = self.text(row, r, "standard"), self.text(row, r, "points")
        if not (heading or standard or points_text):
            return  # an empty row, a note or a line under the table
        if len(self.items) >= MAX_ITEMS:
            raise ChecklistError(f"文件“{self.file}”的工作表“{self.sheet}”第 {r} 行：评分项目超过 {MAX_ITEMS} 个，"
                                 "不像是评分表，已停止读取。请只把评分表复制到新的工作簿后再导入")
        task = task or self.current_task
        if not task:
            raise ChecklistError(f"{self.where(r, 'task')}未填写，请填写或合并单元格")
        self.current_task = task
        task_code = self.tasks.get(task)
        if task_code is None:
            task_code = self.tasks[task] = f"T{len(self.tasks) + 1}"
        points = self.points(self.cell(row, r, "points"), points_text, r)
        method = self.text(row, r, "method")
        if method not in METHODS:
            raise ChecklistError(f"{self.where(r, 'method')}“{method}”应为{'、'.join(METHODS)}之一")
        required = self.text(row, r, "required") in YES or heading.endswith(REQUIRED_MARK)
        bonus = self.text(row, r, "bonus") in YES or "加分" in heading
        heading = _unmarked(heading)
        site = self.text(row, r, "site")
        kind = "county" if site in ("县", "县级", "county", "县（市、区）") or (not site and self.county) else "town"
        self.per_task[task_code] = self.per_task.get(task_code, 0) + 1
        self.items.append({"code": code or f"{task_code}-{self.per_task[task_code]}", "task": task_code,
                           "heading": heading or standard[:20], "standard": standard or heading,
                           "points": points, "method": method, "required": required, "bonus": bonus, "site": kind})

    def points(self, value: object, text: str, r: int) -> float:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            number = float(value)
        else:
            try:
                number = float(text.rstrip("分"))
            except ValueError:
                raise ChecklistError(f"{self.where(r, 'points')}“{text}”不是数字，请填写本项的分值") from None
        if points_problem(number) is not None:  # the one rule of 分值 (nan, inf, 0, over MAX_POINTS)
            raise ChecklistError(f"{self.where(r, 'points')}“{text}”不是有效的分值，应为大于 0、不超过 {MAX_POINTS} 的数字")
        return number


def _unmarked(heading: str) -> str:
    for mark in (REQUIRED_MARK, *BONUS_MARKS):
        if heading.endswith(mark):
            heading = heading[: -len(mark)]
    return heading


def _read_sheet(ws, guard: SheetGuard, name: str) -> Checklist | None:
    """The checklist of one sheet, None when the sheet has no score-sheet header."""
    deadline = time.monotonic() + MAX_SECONDS
    top: list[str] = []
    table: _Table | None = None
    header_row = 0
    width = min(max(guard.scan.max_col, 1), MAX_USED_COLS)
    last = min(guard.scan.max_row, MAX_ROWS)
    for r, row in enumerate(ws.iter_rows(min_row=1, max_row=max(last, 1), max_col=width, values_only=True), start=1):
        if r % 64 == 0 and time.monotonic() > deadline:
            raise ChecklistError(f"读取“{name}”的工作表“{ws.title}”超过 {MAX_SECONDS:g} 秒，已停止（第 {r} 行）。"
                                 "评分表不会这么大，请只把评分表复制到新的工作簿后再导入")
        guard.remember(r, row)
        if table is None:
            cols = _header(row)
            if cols is None:
                top.extend(t for t in (cell_text(v).strip() for v in row[:20] if isinstance(v, str) and len(v) < 400)
                           if t)
                if r >= HEADER_SCAN_ROWS:
                    return None
                continue
            guard.check_table()
            header_row = r
            table = _Table(name, ws.title, cols, guard)
            table.county = any(COUNTY_MARK in t for t in top)
            continue
        table.add(row, r)
    if table is None:
        return None
    title = next((t for t in top if not t.startswith(("附件", "试点："))), "") if header_row > 1 else ""
    reference = title.endswith(REFERENCE_MARK)
    title = title[: -len(REFERENCE_MARK)] if reference else title
    source = (f"参考方案（导入自“{name}”），不是省中心正式的验收评估方案" if reference else f"导入自“{name}”")
    data = {"title": title or "验收评估评分表", "reference": reference, "source": source[:500],
            "tasks": [{"code": code, "label": label} for label, code in table.tasks.items()],
            "items": table.items, "bonus_cap": 5}
    return parse_checklist(data, f"“{name}”")


def read_checklist_workbook(path: Path) -> Checklist:
    """The checklist in ``path``; ChecklistError names the file, sheet, row and column of any problem."""
    from openpyxl import load_workbook

    path = Path(path)
    name = path.name
    try:
        refuse_non_xlsx(path, EXPECTED)
        guards = guard_sheets(path)
    except ImportFileError as exc:
        raise ChecklistError(str(exc)) from exc
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - never a traceback for a file someone sent
        raise ChecklistError(f"无法读取“{name}”：不是有效的 .xlsx 工作簿，请在 Excel 或 WPS 中另存为 .xlsx 后再导入") from exc
    sheet = ""
    try:
        for ws in wb.worksheets:
            sheet = ws.title
            guard = guards.sheet(ws)
            found = _read_sheet(ws, guard, name)
            if found is not None:
                return found
    except (ChecklistError, ImportFileError) as exc:
        raise ChecklistError(str(exc)) from exc
    except Exception as exc:  # noqa: BLE001 - a damaged sheet: never a traceback
        raise ChecklistError(f"无法读取“{name}”的工作表“{sheet}”：文件已损坏或不是有效的 .xlsx 工作簿"
                             f"（{type(exc).__name__}）。请在 Excel 或 WPS 中打开后另存为 .xlsx 再导入") from exc
    finally:
        wb.close()
    raise ChecklistError(f"“{name}”中找不到评分表的表头：需要一行写有 一级指标、二级指标、评分标准、分值、评分方式")
