"""The shipped indicator file loads, every reference resolves, and a broken file is refused clearly."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest

from desktop.domain.monthly.indicators import KINDS, RULE_TYPES, IndicatorFileError, default_path
from desktop.domain.monthly.indicators_file import load_indicators, parse_indicators
from desktop.system.paths import resources_dir

TASKS = ["优化整合平台", "统一建设标准", "规范清单管理", "提升服务能力", "加强系统支撑"]
RATES = ["建设完成率", "站点覆盖率", "综合窗口占比", "按期办结率", "好评率", "差评整改率", "平台接入率"]


@pytest.fixture(scope="module")
def raw() -> dict:
    return json.loads(default_path().read_text(encoding="utf-8"))


def test_shipped_file_is_in_resources():
    assert default_path() == resources_dir() / "indicators.json"
    assert default_path().is_file()


def test_shipped_file_loads():
    ind = load_indicators()
    assert [t.label for t in ind.tasks] == TASKS
    assert [r.label for r in ind.rates] == RATES
    assert all(ind.by_task(t.code) for t in ind.tasks)
    assert ind.deadline_days == {"city": 25, "county": 20}
    assert [s.title for s in ind.sections] == [
        "一、工作开展情况（一）优化整合平台", "一、工作开展情况（二）统一建设标准", "一、工作开展情况（三）规范清单管理",
        "一、工作开展情况（四）提升服务能力", "一、工作开展情况（五）加强系统支撑",
        "二、存在问题", "三、下月工作计划", "四、经验做法", "五、需省级协调事项"]
    assert [s.code for s in ind.sections if not s.required] == ["experience", "coordination"]


def test_every_reference_resolves():
    ind = load_indicators()
    codes = set(ind.codes)
    for i in ind.indicators:
        assert re.fullmatch(r"[a-z][a-z0-9_]*", i.code)
        assert i.kind in KINDS and i.task in {t.code for t in ind.tasks}
        for rule in i.rules:
            assert rule.type in RULE_TYPES
            assert set(rule.refs) <= codes, (i.code, rule)
        if i.weight:
            assert i.weight in codes
    for rate in ind.rates:
        assert set(rate.codes) <= codes
    for section in ind.sections:
        assert section.task is None or section.task in {t.code for t in ind.tasks}


def test_declared_rules_of_the_brief():
    ind = load_indicators()

    def rules(code):
        return {(r.type, r.refs, r.roster) for r in ind.indicator(code).rules}

    assert ind.indicator("pilot_towns").roster == "towns"
    assert ind.indicator("pilot_villages").roster == "villages"
    assert ("le", ("pilot_towns",), None) in rules("pilot_towns_done")
    assert ("le_roster", (), "towns") in rules("pilot_towns_done")
    assert ("le", ("pilot_villages",), None) in rules("village_stations")
    assert ("le_roster", (), "villages") in rules("platform_villages")
    assert ("le", ("cases_done",), None) in rules("cases_on_time")
    assert ("le_with_backlog", ("cases_received",), None) in rules("cases_done")
    assert ("le", ("reviews",), None) in rules("reviews_bad")
    assert ("le", ("reviews_bad",), None) in rules("reviews_bad_fixed")
    assert ("le", ("windows_total",), None) in rules("windows_integrated")
    assert ("le", ("staff",), None) in rules("staff_fulltime")
    area = ind.indicator("hall_area_avg")
    assert (area.decimals, area.aggregate, area.weight, area.measure_unit) == (1, "mean", "pilot_towns", "平方米")
    assert {i.kind for i in ind.indicators if i.code.startswith("cases_")} == {"当月"}


def test_formula_text():
    ind = load_indicators()
    assert ind.formula_text(ind.rate("good_review_rate")) == "（好差评评价数 − 差评数） ÷ 好差评评价数"
    assert ind.formula_text(ind.rate("on_time_rate")) == "按期办结件数 ÷ 办结件数"


def test_indicator_format():
    ind = load_indicators()
    assert ind.indicator("kiosks").format(6) == "6"
    assert ind.indicator("kiosks").format(6.0) == "6"
    assert ind.indicator("hall_area_avg").format(180.5) == "180.5"
    assert ind.indicator("hall_area_avg").format(180) == "180"
    assert ind.indicator("hall_area_avg").format(180.25) == "180.25"
    assert ind.indicator("kiosks").format(None) == ""


def _indicator(data: dict, code: str) -> dict:
    return next(i for i in data["indicators"] if i["code"] == code)


BROKEN = [
    ("unknown le code", lambda d: _indicator(d, "cases_on_time").update(rules=[{"le": "cases_dne"}]),
     "指标 cases_on_time 的规则 le 引用了未声明的指标 cases_dne"),
    ("unknown code in a list", lambda d: _indicator(d, "unified_signage").update(rules=[{"le": ["pilot_towns", "x"]}]),
     "指标 unified_signage 的规则 le 引用了未声明的指标 x"),
    ("self reference", lambda d: _indicator(d, "kiosks").update(rules=[{"ge": "kiosks"}]),
     "指标 kiosks 的规则 ge 引用了自己"),
    ("unknown min per", lambda d: _indicator(d, "staff_fulltime").update(rules=[{"min": 3, "per": "towns"}]),
     "指标 staff_fulltime 的规则 min 引用了未声明的指标 towns"),
    ("unknown rule type", lambda d: _indicator(d, "kiosks").update(rules=[{"lt": "staff"}]),
     "指标 kiosks 的规则 {\"lt\": \"staff\"} 应有且只有一个规则类型"),
    ("two rule types", lambda d: _indicator(d, "kiosks").update(rules=[{"le": "staff", "ge": "staff"}]),
     "应有且只有一个规则类型"),
    ("bad roster kind", lambda d: _indicator(d, "pilot_towns").update(rules=[{"roster": "town"}]),
     "指标 pilot_towns 的规则 roster 应为 towns 或 villages"),
    ("unknown task", lambda d: _indicator(d, "kiosks").update(task="systems"),
     "指标 kiosks 的 task systems 不是已声明的任务"),
    ("unknown kind", lambda d: _indicator(d, "kiosks").update(kind="累积"),
     "指标 kiosks 的 kind “累积”应为 累计、当月、存量 之一"),
    ("duplicate code", lambda d: _indicator(d, "online_cases").update(code="kiosks"),
     "的 code kiosks 重复"),
    ("section code reuses an indicator code", lambda d: d["sections"][0].update(code="kiosks"),
     "第 1 个文字部分的 code kiosks 重复"),
    ("non-ASCII code", lambda d: _indicator(d, "kiosks").update(code="终端"),
     "的 code “终端”应为小写英文字母开头的字母、数字或下划线"),
    ("unknown key (typo)", lambda d: _indicator(d, "kiosks").update(requried=False),
     "第 29 个指标有未知的键 requried"),
    ("missing label", lambda d: _indicator(d, "kiosks").pop("label"), "第 29 个指标缺少 label"),
    ("bad decimals", lambda d: _indicator(d, "kiosks").update(decimals=-1), "指标 kiosks 的 decimals 应为 0-6 的整数"),
    ("bad aggregate", lambda d: _indicator(d, "kiosks").update(aggregate="max"),
     "指标 kiosks 的 aggregate “max”应为 sum 或 mean"),
    ("unknown weight", lambda d: _indicator(d, "hall_area_avg").update(weight="towns"),
     "指标 hall_area_avg 的 weight 引用了未声明的指标 towns"),
    ("weight without mean", lambda d: _indicator(d, "kiosks").update(weight="pilot_towns"),
     "指标 kiosks 只有 aggregate 为 mean 时才能设置 weight"),
    ("rate refers to an unknown code", lambda d: d["rates"][3].update(numerator="cases_ontime"),
     "比率 on_time_rate 的 numerator 引用了未声明的指标 cases_ontime"),
    ("rate formula unparsable", lambda d: d["rates"][4].update(numerator="reviews * 2"),
     "比率 good_review_rate 的 numerator “reviews * 2”无法解析"),
    ("rate formula without operator", lambda d: d["rates"][4].update(denominator="reviews reviews_bad"),
     "无法解析"),
    ("section task unknown", lambda d: d["sections"][0].update(task="platfrom"),
     "文字部分 work_platform 的 task platfrom 不是已声明的任务"),
    ("task without indicators", lambda d: d["tasks"].append({"code": "extra", "label": "新增任务"}),
     "任务 extra 没有指标"),
    ("no indicators", lambda d: d.update(indicators=[]), "indicators 应为非空列表"),
    ("bad deadline day", lambda d: d.update(deadline_days={"city": 32}), "deadline_days 的 city 应为 1-31 的日"),
]


@pytest.mark.parametrize("mutate, message", [(m, e) for _n, m, e in BROKEN], ids=[n for n, _m, _e in BROKEN])
def test_broken_file_is_refused(raw, mutate, message):
    data = copy.deepcopy(raw)
    mutate(data)
    with pytest.raises(IndicatorFileError) as info:
        parse_indicators(data)
    assert str(info.value).startswith("指标文件 indicators.json：")
    assert message in str(info.value)


def test_comment_keys_are_ignored(raw):
    data = copy.deepcopy(raw)
    _indicator(data, "kiosks")["_note"] = "备注"
    assert parse_indicators(data).indicator("kiosks").label == "自助服务终端数"


def test_load_from_another_path(tmp_path: Path, raw):
    data = copy.deepcopy(raw)
    _indicator(data, "kiosks")["label"] = "自助终端数"
    path = tmp_path / "指标 2022.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert load_indicators(path).indicator("kiosks").label == "自助终端数"


def test_load_bad_json(tmp_path: Path):
    path = tmp_path / "indicators.json"
    path.write_text('{"title": "月报",\n "tasks": [}', encoding="utf-8")
    with pytest.raises(IndicatorFileError, match=r"指标文件 indicators.json：第 2 行第 \d+ 列格式错误"):
        load_indicators(path)


def test_load_missing_file(tmp_path: Path):
    with pytest.raises(IndicatorFileError, match="指标文件 none.json：无法读取"):
        load_indicators(tmp_path / "none.json")
