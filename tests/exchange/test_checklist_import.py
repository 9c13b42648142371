"""An official checklist from a score-sheet workbook: read (merged 一级指标, header anywhere), previewed,
kept in the database; a malformed sheet is refused with the sheet, row and column."""

from __future__ import annotations

import pytest
from helpers import CHECKLIST_ROWS, checklist_sheet, run
from openpyxl import Workbook

from desktop.domain.evaluation.checklist import ChecklistError
from desktop.exchange.evaluation.checklist_reader import read_checklist_workbook


def test_a_good_sheet_is_read(tmp_path):
    checklist = read_checklist_workbook(checklist_sheet(tmp_path / "正式 方案.xlsx", CHECKLIST_ROWS, "B4:B5"))
    assert checklist.title == "镇村便民服务“三化”建设试点验收评估方案" and not checklist.reference
    assert [label for _, label in checklist.tasks] == ["优化整合平台", "提升服务能力"]
    assert [(i.heading, i.points, i.required, i.bonus) for i in checklist.items] == [
        ("中心设置", 20, True, False), ("资源整合", 30, False, False), ("群众满意度", 50, False, False),
        ("创新加分", 3, False, True)]


@pytest.mark.parametrize(("rows", "message"), [
    ([[1, "优化整合平台", "中心设置", "全覆盖", "二十", "看现场", ""]],
     "文件“坏.xlsx”的工作表“评分表”第 4 行“分值”列：“二十”不是数字，请填写本项的分值"),
    ([[1, "优化整合平台", "中心设置", "全覆盖", 20, "打电话", ""]],
     "文件“坏.xlsx”的工作表“评分表”第 4 行“评分方式”列：“打电话”应为看现场、查资料、问群众之一"),
    ([[1, None, "中心设置", "全覆盖", 20, "看现场", ""]], "文件“坏.xlsx”的工作表“评分表”第 4 行“一级指标”列：未填写，请填写或合并单元格"),
])
def test_a_malformed_sheet_names_the_place(tmp_path, rows, message):
    with pytest.raises(ChecklistError) as exc:
        read_checklist_workbook(checklist_sheet(tmp_path / "坏.xlsx", rows))
    assert str(exc.value) == message


def test_not_a_score_sheet(tmp_path):
    wb = Workbook()
    wb.active.append(["市（州）", "县（市、区）"])
    wb.save(tmp_path / "名单.xlsx")
    with pytest.raises(ChecklistError, match="中找不到评分表的表头"):
        read_checklist_workbook(tmp_path / "名单.xlsx")


def test_imported_on_the_command_line_and_used(tmp_path):
    db = tmp_path / "库.sqlite"
    assert run("demo", "--db", db).returncode == 0
    sheet = checklist_sheet(tmp_path / "正式.xlsx", CHECKLIST_ROWS, "B4:B5")
    r = run("evaluation", "--db", db, "--import-checklist", sheet, "--dry-run")
    assert r.returncode == 0 and "（预览：评分标准没有改动）" in r.stdout
    assert "（参考方案）" in run("evaluation", "--db", db).stdout.splitlines()[0]
    r = run("evaluation", "--db", db, "--import-checklist", sheet)
    assert r.returncode == 0 and "乡镇（街道）：3 项，100 分" in r.stdout
    first = run("evaluation", "--db", db).stdout.splitlines()[0]
    assert first.startswith("镇村便民服务“三化”建设试点验收评估方案：") and "参考方案" not in first
    bad = checklist_sheet(tmp_path / "坏.xlsx", [[1, "优化整合平台", "中心设置", "全覆盖", "x", "看现场", ""]])
    r = run("evaluation", "--db", db, "--import-checklist", bad)
    assert r.returncode == 2 and r.stderr.strip().endswith("（评分标准没有改动）")
