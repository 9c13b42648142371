"""验收评估: the checklist file (good and malformed), every scoring rule with its exact message,
totals and grades with the 必要条件 veto and the 加分 cap, ranking."""

from __future__ import annotations

import json

import pytest

from desktop.domain.evaluation.checklist import ChecklistError, load_checklist, parse_checklist
from desktop.domain.evaluation.scoring import (
    ItemScore,
    Site,
    SiteScores,
    check_item,
    check_site,
    ranking,
    result_of,
)

SITE = Site("510522106", "town", "合江县九支镇", "省级试点")


@pytest.fixture(scope="module")
def checklist():
    return load_checklist()


def test_the_reference_checklist(checklist):
    assert checklist.reference and "参考方案" in checklist.source
    assert [label for _, label in checklist.tasks] == ["优化整合平台", "统一建设标准", "规范清单管理", "提升服务能力",
                                                      "加强系统支撑"]
    assert sum(i.points for i in checklist.items_for("town") if not i.bonus) == 100
    assert sum(i.points for i in checklist.items_for("county") if not i.bonus) == 100
    assert {i.method for i in checklist.items} == {"看现场", "查资料", "问群众"}
    assert any(i.required for i in checklist.items) and any(i.bonus for i in checklist.items)


def _raw():
    from desktop.system.paths import resources_dir

    return json.loads((resources_dir() / "checklist.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(("edit", "message"), [
    (lambda d: d["items"][0].update(points=-1), "评分标准 第 1 项（P1）：分值“-1”应为大于 0 的数字"),
    (lambda d: d["items"][0].update(method="打电话"), "评分标准 第 1 项（P1）：评分方式“打电话”应为看现场、查资料、问群众之一"),
    (lambda d: d["items"][1].update(code="P1"), "评分标准 第 2 项（P1）：编号重复"),
    (lambda d: d["items"][0].update(task="xx"), "评分标准 第 1 项（P1）：一级指标“xx”不在一级指标列表中"),
    (lambda d: d["items"][0].update(standard=" "), "评分标准 第 1 项（P1）：评分标准未填写"),
    (lambda d: d.update(items=[]), "评分标准：没有评分项目"),
    (lambda d: d.update(bonus_cap="多"), "评分标准：加分上限“多”应为不小于 0 的数字"),
])
def test_malformed_checklists_are_refused_with_the_place(edit, message):
    data = _raw()
    edit(data)
    with pytest.raises(ChecklistError) as exc:
        parse_checklist(data)
    assert str(exc.value) == message


@pytest.mark.parametrize(("score", "messages"), [
    (ItemScore(12, 12), []),
    (ItemScore(None, None), ["合江县九支镇 P1 便民服务中心（站）设置：尚未评分"]),
    (ItemScore(None, 13, "x"), ["合江县九支镇 P1 便民服务中心（站）设置：验收分 13 超过本项分值 12，请改正"]),
    (ItemScore(-1, 12), ["合江县九支镇 P1 便民服务中心（站）设置：自评分 -1 不能小于 0，请改正"]),
    (ItemScore(12, 10), ["合江县九支镇 P1 便民服务中心（站）设置：扣了 2 分，请填写扣分原因",
                         "合江县九支镇 P1 便民服务中心（站）设置：必要条件未达到（10/12 分），该试点评定为不合格"]),
    (ItemScore(12, 10, "两个村未设站"), [
        "合江县九支镇 P1 便民服务中心（站）设置：必要条件未达到（10/12 分），该试点评定为不合格"]),
])
def test_item_rules(checklist, score, messages):
    assert [f.message for f in check_item(SITE, checklist.item("P1"), score)] == messages


def test_a_deduction_on_an_ordinary_item_needs_a_reason_only(checklist):
    assert [f.message for f in check_item(SITE, checklist.item("P2"), ItemScore(8, 6))] == [
        "合江县九支镇 P2 资源整合：扣了 2 分，请填写扣分原因"]
    assert check_item(SITE, checklist.item("P2"), ItemScore(8, 6, "未一窗综办")) == []


def _full(checklist, **over):
    scores = SiteScores(SITE, evaluators="张三、李四")
    for item in checklist.items_for("town"):
        scores.items[item.code] = ItemScore(item.points, item.points if not item.bonus else 0, "")
    for code, value in over.items():
        item = checklist.item(code)
        scores.items[code] = ItemScore(item.points, value, "扣分原因")
    return scores


def test_totals_grade_bonus_cap_and_veto(checklist):
    r = result_of(checklist, _full(checklist))
    assert (r.base, r.bonus, r.total, r.grade, r.failed_required) == (100, 0, 100, "优秀", ())
    r = result_of(checklist, _full(checklist, P2=0, S1=5, V1=5, B1=3, B2=3))
    assert (r.base, r.bonus, r.total, r.grade) == (82, 5, 87, "合格")  # 3 + 3 加分, capped at 5
    assert r.by_task["platform"] == 12 and r.by_task["standard"] == 21
    r = result_of(checklist, _full(checklist, C1=11))
    assert (r.total, r.grade, r.failed_required) == (99, "不合格", ("C1",))  # 必要条件 veto
    r = result_of(checklist, _full(checklist, P2=0, S1=0, C2=0))
    assert (r.total, r.grade) == (74, "不合格")
    empty = result_of(checklist, SiteScores(SITE))
    assert (empty.scored, empty.items, empty.complete, empty.grade) == (0, 12, False, "未评完")
    no_bonus = _full(checklist)
    for code in ("B1", "B2"):
        del no_bonus.items[code]
    assert result_of(checklist, no_bonus).grade == "优秀"  # 加分 items may stay unscored


def test_ranking_with_ties_and_vetoed_sites_last(checklist):
    def res(name, **over):
        scores = _full(checklist, **over)
        scores.site = Site(name, "town", name)
        return result_of(checklist, scores)

    ranked = ranking([res("甲", P2=6), res("乙"), res("丙", P2=6), res("丁", C1=0)])
    assert [(n, r.site.name, r.total) for n, r in ranked] == [(1, "乙", 100), (2, "丙", 98), (2, "甲", 98),
                                                              (4, "丁", 88)]


def test_evaluators_are_asked_for_once_there_is_an_acceptance_score(checklist):
    scores = _full(checklist)
    scores.evaluators = ""
    assert check_site(checklist, scores)[-1].message == "合江县九支镇：已有验收分，请填写验收人员"
