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
    (lambda d: d["items"][0].update(points=-1), "评分标准 第 1 项（P1）：分值“-1”应为大于 0、不超过 100 的数字"),
    (lambda d: d["items"][0].update(points=float("nan")), "评分标准 第 1 项（P1）：分值“nan”应为大于 0、不超过 100 的数字"),
    (lambda d: d["items"][0].update(points=float("inf")), "评分标准 第 1 项（P1）：分值“inf”应为大于 0、不超过 100 的数字"),
    (lambda d: d["items"][0].update(standard="很" * 1001), "评分标准 第 1 项（P1）：评分标准过长（1001 个字），最多 1000 个字，请精简"),
    (lambda d: d["items"][0].update(heading="中心\x07设置"), "评分标准 第 1 项（P1）：二级指标含有不可见的控制字符，请删除"),
    (lambda d: d.update(items=[{**d["items"][0], "code": f"X{i}", "points": 100} for i in range(11)]),
     "评分标准：乡镇（街道）各项分值合计 1100 分，超过 1000 分，请核对“分值”"),
    (lambda d: d["items"][0].update(method="打电话"), "评分标准 第 1 项（P1）：评分方式“打电话”应为看现场、查资料、问群众之一"),
    (lambda d: d["items"][1].update(code="P1"), "评分标准 第 2 项（P1）：编号重复"),
    (lambda d: d["items"][0].update(task="xx"), "评分标准 第 1 项（P1）：一级指标“xx”不在一级指标列表中"),
    (lambda d: d["items"][0].update(standard=" "), "评分标准 第 1 项（P1）：评分标准未填写"),
    (lambda d: d.update(items=[]), "评分标准：没有评分项目"),
    (lambda d: d.update(bonus_cap="多"), "评分标准：加分上限“多”应为 0 到 100 之间的数字"),
    (lambda d: d.update(bonus_cap=float("nan")), "评分标准：加分上限“nan”应为 0 到 100 之间的数字"),
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
    (ItemScore(None, 13, "x"), ["合江县九支镇 P1：验收分 13 应在 0 到 12 之间，请改正"]),
    (ItemScore(-1, 12), ["合江县九支镇 P1：自评分 -1 应在 0 到 12 之间，请改正"]),
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


# -- one rule for a score (issue 21, point 2; issue 18, point 5) ---------------------------------------
@pytest.mark.parametrize(("code", "value", "label", "message"), [
    ("P2", 8, "验收分", None),
    ("P2", 0, "自评分", None),
    ("P2", 7.5, "验收分", None),
    ("P2", 13, "验收分", "合江县九支镇 P2：验收分 13 应在 0 到 8 之间"),
    ("P2", 15, "自评分", "合江县九支镇 P2：自评分 15 应在 0 到 8 之间"),
    ("P2", -3, "验收分", "合江县九支镇 P2：验收分 -3 应在 0 到 8 之间"),
    ("P1", 999, "验收分", "合江县九支镇 P1：验收分 999 应在 0 到 12 之间"),
    ("P1", float("nan"), "验收分", "合江县九支镇 P1：验收分“nan”不是数字，应为 0 到 12 之间的数字"),
    ("P1", "12", "验收分", "合江县九支镇 P1：验收分“12”不是数字，应为 0 到 12 之间的数字"),
])
def test_one_rule_for_every_score(checklist, code, value, label, message):
    from desktop.domain.evaluation.scoring import score_problem

    assert score_problem(SITE, checklist.item(code), value, label) == message


@pytest.mark.parametrize(("text", "result"), [
    ("6", (6.0, None)), (" 7.5分 ", (7.5, None)), ("", (None, None)),
    ("六", (None, "合江县九支镇 P2：验收分“六”不是数字，应为 0 到 8 之间的数字")),
    ("13", (None, "合江县九支镇 P2：验收分 13 应在 0 到 8 之间")),
    ("nan", (None, "合江县九支镇 P2：验收分“nan”不是数字，应为 0 到 8 之间的数字")),
])
def test_a_typed_score_is_read_by_the_same_rule(checklist, text, result):
    from desktop.domain.evaluation.scoring import parse_score

    assert parse_score(SITE, checklist.item("P2"), text) == result


def test_text_limits_of_the_evaluation():
    from desktop.domain.evaluation.scoring import date_problem, evaluators_problem, reason_problem

    assert reason_problem("民政窗口未进驻", "合江县九支镇 P2") is None
    assert reason_problem("很" * 201, "合江县九支镇 P2") == (
        "合江县九支镇 P2 扣分原因：内容过长（201 个字），最多 200 个字，请精简")
    assert evaluators_problem("王" * 101, "合江县九支镇") == "合江县九支镇 验收人员：内容过长（101 个字），最多 100 个字，请精简"
    assert date_problem("2021-11-20", "合江县九支镇") is None
    assert date_problem("not-a-date!!", "合江县九支镇") == "合江县九支镇 验收日期“not-a-date!!”不是日期，请写成 2021-11-20"
    assert date_problem("2021.2.30", "合江县九支镇") == "合江县九支镇 验收日期“2021.2.30”中 2 月没有 30 日，请写成 2021-11-20"
    assert date_problem("２０２１-13-5", "九支镇") == "九支镇 验收日期“２０２１-13-5”中月份 13 不存在，请写成 2021-11-20"


# -- totals shown the same way (issue 21, point 4) -----------------------------------------------------
def test_self_and_acceptance_totals_are_both_base_plus_bonus(checklist):
    """The self total left out 加分: “总分 99，自评 99” was 94+5 against 99+0."""
    scores = _full(checklist)
    for item in checklist.items_for("town"):
        scores.items[item.code] = ItemScore(item.points, item.points if not item.bonus else 0, "")
    scores.items["P2"] = ItemScore(8, 3, "一窗综办未落实")  # self 8, accept 3
    scores.items["B1"] = ItemScore(3, 0, "")
    scores.items["B2"] = ItemScore(2, 0, "")
    scores.items["P1"] = ItemScore(11, 12, "")
    r = result_of(checklist, scores)
    assert (r.self_base, r.self_bonus, r.self_total) == (99, 5, 104)
    assert (r.base, r.bonus, r.total) == (95, 0, 95)
    assert (r.self_breakdown, r.breakdown) == ("99+5=104", "95+0=95")


def test_column_totals_count_only_their_column(checklist):
    from desktop.domain.evaluation.scoring import column_total

    scores = SiteScores(SITE, {"P1": ItemScore(12, None), "P2": ItemScore(8, 6, "x"), "B1": ItemScore(3, 3),
                               "B2": ItemScore(3, None)})
    assert column_total(checklist, scores, "self") == (20, 5, 25)  # 加分 3+3 capped at 5
    assert column_total(checklist, scores, "accept") == (6, 3, 9)
    assert column_total(checklist, SiteScores(SITE), "accept") is None


# -- ranking (issue 21, point 3) -----------------------------------------------------------------------
def test_only_fully_scored_sites_are_ranked_and_each_kind_on_its_own(checklist):
    """A site with 1 of 12 items scored (total 8) ranked #1 above a fully scored site; counties and towns
    shared one ranking."""
    from desktop.domain.evaluation.scoring import rank_text

    def town(name, **over):
        scores = _full(checklist, **over)
        scores.site = Site(name, "town", name)
        return result_of(checklist, scores)

    started = result_of(checklist, SiteScores(Site("半", "town", "半"), {"P2": ItemScore(8, 8)}))
    county_scores = SiteScores(Site("county:县", "county", "县"))
    for item in checklist.items_for("county"):
        county_scores.items[item.code] = ItemScore(item.points, item.points)
    county = result_of(checklist, county_scores)
    ranked = ranking([started, town("甲", P2=6), county, town("乙", P2=0)])
    assert [(rank_text(n), r.site.name) for n, r in ranked] == [("1", "甲"), ("2", "乙"), ("未评完", "半"),
                                                                 ("1", "县")]
    assert not started.done and started.total == 8


def test_a_checklist_without_a_kind_that_has_scores_would_drop_them(checklist):
    from dataclasses import replace

    from desktop.domain.evaluation.sites import dropped_scores, key_kind

    towns_only = replace(checklist, items=tuple(i for i in checklist.items if i.site == "town"))
    scored = ["510522106", "510522107", "county:510522"]
    assert [key_kind(k) for k in scored] == ["town", "town", "county"]
    assert dropped_scores(checklist, scored) is None
    assert dropped_scores(towns_only, ["510522106"]) is None  # no county scored: nothing left out
    assert dropped_scores(towns_only, scored) == (
        "它没有县（市、区）的评分项目，已经评过分的 1 个县（市、区）导入后不再计入总分和汇总（评分仍保存着，"
        "再导入含有这些项目的评分标准即可恢复）；如果选择的是导出的某一个验收评分表，请改为导入完整的评分标准")
    neither = replace(checklist, items=())
    assert dropped_scores(neither, scored).startswith(
        "它没有乡镇（街道）和县（市、区）的评分项目，已经评过分的 2 个乡镇（街道）、1 个县（市、区）导入后")


def test_only_sites_with_a_score_count_as_scored(store):
    """A score cleared again (its row stays, empty) does not make its site one that has scores."""
    from desktop.domain.evaluation.scoring import ItemScore, Site

    town, county = Site("510522106", "town", "合江县九支镇", "省级试点"), Site("county:510522", "county", "合江县", "")
    store.set_item_score(town, "P1", ItemScore(12, 12, ""))
    store.set_item_score(county, "K1", ItemScore(None, 5, ""))
    store.set_item_score(county, "K1", ItemScore(None, None, ""))  # cleared
    assert store.scored_site_keys() == ["510522106"]
