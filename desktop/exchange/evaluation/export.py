"""验收评估 workbooks from templates_xlsx/: per site the 评分表 (items with their 编号, 自评分, 验收分,
扣分原因, a 合计 row, the evaluators' signature lines), and the 汇总表 (sites × task totals, 加分, total,
grade, the ranking of towns and of counties, failed 必要条件). Scores and totals are numbers (Excel and
WPS sum and sort them), text stays text (never a formula). Marked 参考方案 while the reference checklist
is used. Written atomically and read back. The 评分表 reads back as a checklist (checklist_reader)."""

from __future__ import annotations

import math
from pathlib import Path

from desktop.domain.dates import format_cn, parse_date
from desktop.domain.evaluation.checklist import Checklist
from desktop.domain.evaluation.scoring import (
    ItemScore,
    Result,
    SiteScores,
    column_total,
    rank_text,
    ranking,
    sum_text,
)
from desktop.exchange.safe_write import check_path_length, write_verified
from desktop.exchange.xlsx.cells import column_letter, text_units, xml_text
from desktop.exchange.xlsx.template import open_template

Cell = str | int | float


def _num(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _number(value: float | None) -> Cell:
    """A number as the cell holds it (12, 7.5), '' for none."""
    if value is None:
        return ""
    return int(value) if float(value).is_integer() else round(float(value), 2)


def _same(got: object, want: Cell) -> bool:
    if isinstance(want, (int, float)) and not isinstance(want, bool):
        return isinstance(got, (int, float)) and not isinstance(got, bool) and math.isclose(got, want)
    return (got if got not in (None, "") else "") == want


def _fill(template: str, title: str, info: str, rows: list[list[Cell]], left_cols: set[int],
          tail: list[str], path: Path, headers: list[str] | None = None) -> Path:
    check_path_length(path)

    def produce(tmp: Path) -> str | None:
        from openpyxl import load_workbook

        wb = open_template(template)
        ws = wb.active
        ws["A1"] = title
        ws["A2"] = info
        last = len(rows[0]) if rows else ws.max_column
        for c, text in enumerate(headers or (), start=1):
            ws.cell(row=3, column=c, value=text).style = "评估表头"
        widths = [ws.column_dimensions[column_letter(c)].width or 9 for c in range(1, last + 1)]
        for r, row in enumerate(rows, start=4):
            lines = 1
            for c, value in enumerate(row, start=1):
                if isinstance(value, str):
                    cell = ws.cell(row=r, column=c, value=xml_text(value))
                    cell.data_type = "s"  # never a formula: = + - @ stay text
                else:
                    cell = ws.cell(row=r, column=c, value=value)  # a number Excel and WPS can sum and sort
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
        ws.print_area = f"A1:{column_letter(ws.max_column)}{end + len(tail)}"
        wb.save(tmp)
        back = load_workbook(tmp, read_only=True)
        try:
            got = [list(r) for r in back.active.iter_rows(min_row=4, max_row=3 + len(rows), values_only=True)]
        finally:
            back.close()
        same = len(got) == len(rows) and all(
            _same(g, w) for got_row, want_row in zip(got, rows, strict=False)
            for g, w in zip(list(got_row) + [None] * len(want_row), want_row, strict=False))
        return None if same else "读回的内容与写入的不一致"

    return write_verified(path, produce)


SCORE_HEADERS = ("编号", "一级指标", "二级指标", "评分标准", "评分方式", "分值", "自评分", "验收分", "扣分原因")


def score_sheet_rows(checklist: Checklist, scores: SiteScores) -> list[list[Cell]]:
    """The rows of a site's 评分表 (SCORE_HEADERS): an item a row, then the 合计 row (基本分 + 加分, 加分
    within the cap) — the workbook and the printed form alike."""
    rows: list[list[Cell]] = []
    items = checklist.items_for(scores.site.kind)
    for item in items:
        s = scores.items.get(item.code, ItemScore())
        rows.append([item.code, checklist.task_label(item.task), item.marked_heading, item.standard, item.method,
                     _number(item.points), _number(s.self_score), _number(s.accept_score), s.reason])
    own, accept = column_total(checklist, scores, "self"), column_total(checklist, scores, "accept")
    full = sum(i.points for i in items if not i.bonus)
    parts = [f"{label} {sum_text(*total)}" for label, total in (("自评", own), ("验收", accept)) if total]
    rows.append(["合计", "", "", f"基本分＋加分（加分不超过 {checklist.bonus_cap:g} 分）", "", _number(full),
                 _number(own[2] if own else None), _number(accept[2] if accept else None), "；".join(parts)])
    return rows


def write_score_sheet(checklist: Checklist, scores: SiteScores, result: Result, path: Path,
                      evidence: list[tuple[str, str, str, int, bool]] = ()) -> Path:
    """One site's 评分表: an item a row, then the 合计 row (base + bonus, bonus within the cap)."""
    rows = score_sheet_rows(checklist, scores)
    day = parse_date(scores.evaluated_on)
    info = (f"试点：{scores.site.name}（{scores.site.level}）　验收日期：{format_cn(day) or '　　　　'}　"
            f"总分：{_num(result.total)}（基本分 {_num(result.base)}＋加分 {_num(result.bonus)}）　等级：{result.grade}")
    tail = [f"未达到的必要条件：{'、'.join(result.failed_required) or '无'}"]
    if evidence:
        tail.append("佐证材料：" + "；".join(f"{code} {name}（SHA-256 {sha[:12]}）" for code, name, sha, _s, _k in evidence))
    tail += [
            f"验收人员（签字）：{scores.evaluators or '　' * 12}　　　　被验收单位负责人（签字）：{'　' * 10}"]
    if checklist.reference:
        tail.append(checklist.source)
    return _fill("验收评分表.xlsx", checklist.marked_title(), info, rows, {3, 4, 9}, tail, path)


SUMMARY_NOTE = "排名：乡镇（街道）和县（市、区）分别排名，只排已评完的试点"


def summary_headers(checklist: Checklist) -> list[str]:
    return ["排名", "试点", "类型", *[label for _, label in checklist.tasks], "加分", "总分", "等级", "未达到的必要条件"]


def summary_rows(checklist: Checklist, results: list[Result]) -> list[list[Cell]]:
    """The rows of the 汇总表 (summary_headers): towns ranked, then counties ranked, each followed by its
    sites not fully scored (排名 未评完) — the workbook and the printed form alike."""
    return [[rank if rank is not None else rank_text(rank), r.site.name,
             "县（市、区）" if r.site.kind == "county" else r.site.level,
             *[_number(r.by_task.get(code, 0.0)) for code, _ in checklist.tasks],
             _number(r.bonus), _number(r.total), r.grade, "、".join(r.failed_required)]
            for rank, r in ranking(results)]


def write_summary(checklist: Checklist, results: list[Result], unit_name: str, path: Path) -> Path:
    """The 汇总表 of every site scored (county, city or province), as ``summary_rows``."""
    rows = summary_rows(checklist, results)
    done = sum(r.done for r in results)
    info = f"汇总单位：{unit_name}　试点 {len(results)} 个，已评完 {done} 个　{SUMMARY_NOTE}"
    tail = [checklist.source] if checklist.reference else []
    width = len(summary_headers(checklist))
    return _fill("验收汇总表.xlsx", checklist.marked_title("（汇总）"), info, rows, {2, width}, tail, path,
                 summary_headers(checklist))
