"""An official 验收评估方案 laid out as a score sheet (.xlsx): a header row with 一级指标, 二级指标,
评分标准, 分值, 评分方式 (found wherever it sits), optionally 编号, 必要条件, 加分项, 适用对象; 一级指标 merged
down its rows or left blank under the first. Read into the same data as resources/checklist.json and
checked by the same loader; every problem names the sheet, row and column."""

from __future__ import annotations

from pathlib import Path

from desktop.domain.evaluation.checklist import METHODS, Checklist, ChecklistError, parse_checklist
from desktop.domain.names import compact
from desktop.exchange.xlsx.cells import cell_text

REQUIRED = {"一级指标": "task", "二级指标": "heading", "评分标准": "standard", "分值": "points", "评分方式": "method"}
OPTIONAL = {"编号": "code", "必要条件": "required", "加分项": "bonus", "加分": "bonus", "适用对象": "site"}
YES = {"是", "√", "✓", "Y", "y", "1", "必要条件", "加分"}


def _header(ws) -> tuple[int, dict[str, int]] | None:
    for r, row in enumerate(ws.iter_rows(max_row=30, values_only=True), start=1):
        texts = {compact(cell_text(v)): c for c, v in enumerate(row, start=1) if v is not None}
        if all(k in texts for k in REQUIRED):
            cols = {REQUIRED[k]: texts[k] for k in REQUIRED}
            cols.update({OPTIONAL[k]: texts[k] for k in OPTIONAL if k in texts})
            return r, cols
    return None


def read_checklist_workbook(path: Path) -> Checklist:
    """The checklist in ``path``; ChecklistError names the sheet, row and column of any problem."""
    from openpyxl import load_workbook

    name = Path(path).name
    try:
        wb = load_workbook(path, data_only=True)
    except Exception as exc:  # noqa: BLE001 - never a traceback for a file someone sent
        raise ChecklistError(f"无法读取“{name}”：不是有效的 .xlsx 工作簿，请在 Excel 或 WPS 中另存为 .xlsx 后再导入") from exc
    for ws in wb.worksheets:
        found = _header(ws)
        if found is None:
            continue
        header_row, cols = found
        merged = {}
        for rng in ws.merged_cells.ranges:
            top = ws.cell(row=rng.min_row, column=rng.min_col).value
            for r in range(rng.min_row, rng.max_row + 1):
                for c in range(rng.min_col, rng.max_col + 1):
                    merged[(r, c)] = top
        tasks: list[dict] = []
        items: list[dict] = []
        current_task = ""
        for r in range(header_row + 1, ws.max_row + 1):
            def value(key: str, row: int = r, ws=ws, merged=merged, cols=cols) -> str:
                c = cols.get(key)
                if c is None:
                    return ""
                v = merged.get((row, c), ws.cell(row=row, column=c).value)
                return cell_text(v).strip()

            where = f"工作表“{ws.title}”第 {r} 行"
            task = value("task") or current_task
            heading, standard = value("heading"), value("standard")
            if not (heading or standard or value("points")):
                continue  # an empty or a note row
            if not task:
                raise ChecklistError(f"{where}“一级指标”列：未填写，请填写或合并单元格")
            current_task = task
            if task not in [t["label"] for t in tasks]:
                tasks.append({"code": f"T{len(tasks) + 1}", "label": task})
            task_code = next(t["code"] for t in tasks if t["label"] == task)
            points_text = value("points")
            try:
                points = float(points_text.rstrip("分"))
            except ValueError:
                raise ChecklistError(f"{where}“分值”列：“{points_text}”不是数字，请填写本项的分值") from None
            method = value("method")
            if method not in METHODS:
                raise ChecklistError(f"{where}“评分方式”列：“{method}”应为{'、'.join(METHODS)}之一")
            site = value("site")
            items.append({
                "code": value("code") or f"{task_code}-{sum(1 for i in items if i['task'] == task_code) + 1}",
                "task": task_code, "heading": heading or standard[:20], "standard": standard or heading,
                "points": points, "method": method, "required": value("required") in YES,
                "bonus": value("bonus") in YES or "加分" in heading,
                "site": "county" if site in ("县", "县级", "county", "县（市、区）") else "town"})
        title = cell_text(ws.cell(row=1, column=1).value).strip() if header_row > 1 else ""
        data = {"title": title or "验收评估评分表", "reference": False, "source": f"导入自“{name}”",
                "tasks": tasks, "items": items, "bonus_cap": 5}
        return parse_checklist(data, f"“{name}”")
    raise ChecklistError(f"“{name}”中找不到评分表的表头：需要一行写有 一级指标、二级指标、评分标准、分值、评分方式")
