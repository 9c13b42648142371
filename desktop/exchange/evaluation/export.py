"""验收评估 workbooks from templates_xlsx/: per site the 评分表 (items, 自评分, 验收分, 扣分原因, the
evaluators' signature lines), and the 汇总表 (sites × task totals, 加分, total, grade, ranking, failed
必要条件). Marked 参考方案 while the reference checklist is used. Written atomically and read back."""

from __future__ import annotations

import math
from pathlib import Path

from desktop.domain.dates import format_cn, parse_date
from desktop.domain.evaluation.checklist import Checklist
from desktop.domain.evaluation.scoring import ItemScore, Result, SiteScores, ranking
from desktop.exchange.safe_write import check_path_length, write_verified
from desktop.exchange.xlsx.cells import column_letter, text_units, xml_text
from desktop.exchange.xlsx.template import open_template

REFERENCE_MARK = "（参考方案）"


def _title(checklist: Checklist, what: str) -> str:
    return f"{checklist.title}{what}" + (REFERENCE_MARK if checklist.reference else "")


def _num(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _fill(template: str, title: str, info: str, rows: list[list[str]], left_cols: set[int],
          tail: list[str], path: Path) -> Path:
    check_path_length(path)

    def produce(tmp: Path) -> str | None:
        from openpyxl import load_workbook

        wb = open_template(template)
        ws = wb.active
        ws["A1"] = title
        ws["A2"] = info
        last = len(rows[0]) if rows else ws.max_column
        widths = [ws.column_dimensions[column_letter(c)].width or 9 for c in range(1, last + 1)]
        for r, row in enumerate(rows, start=4):
            lines = 1
            for c, value in enumerate(row, start=1):
                cell = ws.cell(row=r, column=c, value=xml_text(value))
                cell.data_type = "s"  # never a formula: = + - @ stay text
                cell.style = "评估正文左" if c in left_cols else "评估正文"
                lines = max(lines, math.ceil(2 * text_units(str(value)) / max(widths[c - 1] - 1, 1)))
            ws.row_dimensions[r].height = 15 * lines + 4  # openpyxl never sizes rows: wrapped text needs room
        end = 4 + len(rows)
        for i, line in enumerate(tail):
            row = end + 1 + i
            cell = ws.cell(row=row, column=1, value=xml_text(line))
            cell.data_type = "s"
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last)
            ws.row_dimensions[row].height = 16 * math.ceil(2 * text_units(line) / max(sum(widths) - 2, 1)) + 6
            cell.style = "评估信息"
        ws.print_area = f"A1:{chr(ord('A') + ws.max_column - 1)}{end + len(tail)}"
        wb.save(tmp)
        back = load_workbook(tmp, read_only=True)
        try:
            got = [list(r) for r in back.active.iter_rows(min_row=4, max_row=3 + len(rows), values_only=True)]
        finally:
            back.close()
        want = [[v if v != "" else None for v in row] for row in rows]
        got = [[v if v != "" else None for v in r[:len(rows[0])]] for r in got] if rows else []
        return None if got == want else "读回的内容与写入的不一致"

    return write_verified(path, produce)


def write_score_sheet(checklist: Checklist, scores: SiteScores, result: Result, path: Path,
                      evidence: list[tuple[str, str, str, int, bool]] = ()) -> Path:
    """One site's 评分表."""
    rows = []
    for item in checklist.items_for(scores.site.kind):
        s = scores.items.get(item.code, ItemScore())
        heading = item.heading + ("（必要条件）" if item.required else "") + ("（加分项）" if item.bonus else "")
        rows.append([checklist.task_label(item.task), heading, item.standard, item.method, _num(item.points),
                     _num(s.self_score), _num(s.accept_score), s.reason])
    day = parse_date(scores.evaluated_on)
    info = (f"试点：{scores.site.name}（{scores.site.level}）　验收日期：{format_cn(day) or '　　　　'}　"
            f"总分：{_num(result.total)}（其中加分 {_num(result.bonus)}）　等级：{result.grade}")
    tail = [f"未达到的必要条件：{'、'.join(result.failed_required) or '无'}"]
    if evidence:
        tail.append("佐证材料：" + "；".join(f"{code} {name}（SHA-256 {sha[:12]}）" for code, name, sha, _s, _k in evidence))
    tail += [
            f"验收人员（签字）：{scores.evaluators or '　' * 12}　　　　被验收单位负责人（签字）：{'　' * 10}"]
    if checklist.reference:
        tail.append(checklist.source)
    return _fill("验收评分表.xlsx", _title(checklist, ""), info, rows, {2, 3, 8}, tail, path)


def write_summary(checklist: Checklist, results: list[Result], unit_name: str, path: Path) -> Path:
    """The 汇总表 of every site scored (county, city or province)."""
    rows = []
    for rank, r in ranking(results):
        rows.append([str(rank), r.site.name, "县（市、区）" if r.site.kind == "county" else r.site.level,
                     *[_num(r.by_task.get(code, 0.0)) for code, _ in checklist.tasks],
                     _num(r.bonus), _num(r.total), r.grade, "、".join(r.failed_required)])
    info = f"汇总单位：{unit_name}　试点 {len(results)} 个"
    tail = [checklist.source] if checklist.reference else []
    return _fill("验收汇总表.xlsx", _title(checklist, "（汇总）"), info, rows, {2, 12}, tail, path)
