"""The exported 验收评分表 and 汇总表 (issue 21, points 3, 12 and 13): numbers are numbers (Excel and WPS sum
and sort them), the 评分表 has its 合计 row, the 汇总表 ranks towns and counties apart and only sites fully
scored, and an exported 评分表 reads back as a checklist (an office edits it and sends it round)."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from desktop.domain.evaluation.checklist import load_checklist
from desktop.domain.evaluation.scoring import ItemScore, Site, SiteScores, result_of
from desktop.exchange.evaluation.checklist_reader import read_checklist_workbook
from desktop.exchange.evaluation.export import write_score_sheet, write_summary

TOWN = Site("510522106", "town", "合江县九支镇", "省级试点")
COUNTY = Site("county:510522", "county", "合江县", "县（市、区）")


@pytest.fixture(scope="module")
def checklist():
    return load_checklist()


def _scored(checklist, site: Site, only: int | None = None) -> SiteScores:
    scores = SiteScores(site, evaluators="王晓燕、李建国", evaluated_on="2021-11-20")
    for item in checklist.items_for(site.kind)[:only]:
        if item.bonus:
            scores.items[item.code] = ItemScore(item.points, 1)
        else:
            scores.items[item.code] = ItemScore(item.points, item.points - (item.code == "P2") * 2,
                                                "民政窗口未进驻" if item.code == "P2" else "")
    return scores


def _rows(path) -> list[list]:
    return [list(r) for r in load_workbook(path).active.iter_rows(values_only=True)]


def test_the_score_sheet_writes_numbers_and_a_total_row(checklist, tmp_path):
    scores = _scored(checklist, TOWN)
    path = write_score_sheet(checklist, scores, result_of(checklist, scores), tmp_path / "评分表.xlsx")
    rows = _rows(path)
    assert rows[3][:9] == ["P1", "优化整合平台", "便民服务中心（站）设置（必要条件）", checklist.item("P1").standard,
                           "看现场", 12, 12, 12, None]
    p2 = next(r for r in rows if r[0] == "P2")
    assert p2[5:9] == [8, 8, 6, "民政窗口未进驻"] and all(type(v) is int for v in p2[5:8])
    total = next(r for r in rows if r[0] == "合计")
    assert total[3] == "基本分＋加分（加分不超过 5 分）"
    assert total[5:9] == [100, 105, 100, "自评 100+5=105；验收 98+2=100"]
    assert rows[1][0].endswith("总分：100（基本分 98＋加分 2）　等级：优秀")
    assert rows.index(total) == 3 + len(checklist.items_for("town"))  # right under the items


def test_the_summary_ranks_towns_and_counties_apart_and_only_finished_sites(checklist, tmp_path):
    """A site with 1 of 12 items scored (total 8) ranked #1 above a fully scored site, and counties and
    towns shared one ranking; its numbers were text ('20', '102')."""
    other = Site("510522107", "town", "合江县先市镇", "省级试点")
    started = SiteScores(Site("510522108", "town", "合江县白沙镇", "省级试点"), {"P2": ItemScore(8, 8)})
    results = [result_of(checklist, s) for s in (
        started, _scored(checklist, TOWN), _scored(checklist, other), _scored(checklist, COUNTY))]
    rows = _rows(write_summary(checklist, results, "泸州市政务服务管理局", tmp_path / "汇总表.xlsx"))
    assert rows[2] == ["排名", "试点", "类型", "优化整合平台", "统一建设标准", "规范清单管理", "提升服务能力", "加强系统支撑",
                       "加分", "总分", "等级", "未达到的必要条件"]
    assert [r[:3] for r in rows[3:7]] == [[1, "合江县九支镇", "省级试点"], [1, "合江县先市镇", "省级试点"],
                                         ["未评完", "合江县白沙镇", "省级试点"], [1, "合江县", "县（市、区）"]]
    assert rows[3][3:11] == [18, 26, 20, 22, 12, 2, 100, "优秀"]
    assert all(isinstance(v, int) for r in rows[3:7] for v in r[3:10])
    assert rows[5][9] == 8 and rows[5][10] == "未评完"
    assert "已评完 3 个" in rows[1][0] and "乡镇（街道）和县（市、区）分别排名，只排已评完的试点" in rows[1][0]


@pytest.mark.parametrize("site", [TOWN, COUNTY], ids=["town", "county"])
def test_an_exported_score_sheet_reads_back_as_the_checklist(checklist, tmp_path, site):
    """The reader stopped at the footer (“第 9 行“分值”列：“未达到的必要条件：无”不是数字”)."""
    scores = _scored(checklist, site)
    path = write_score_sheet(checklist, scores, result_of(checklist, scores), tmp_path / "评分表.xlsx",
                             [("P1", "现场 照片.jpg", "ab" * 32, 10, True)])
    back = read_checklist_workbook(path)
    want = checklist.items_for(site.kind)
    assert [(i.code, i.heading, i.standard, i.points, i.method, i.required, i.bonus, i.site) for i in back.items] == [
        (i.code, i.heading, i.standard, i.points, i.method, i.required, i.bonus, i.site) for i in want]
    assert [label for _, label in back.tasks] == list(dict.fromkeys(checklist.task_label(i.task) for i in want))
    assert back.title == checklist.title and back.reference  # the sheet says 参考方案: so does the checklist
