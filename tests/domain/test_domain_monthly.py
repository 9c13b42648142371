"""Monthly report: every check with the exact message it prints, rates, compiling a city's report."""

from __future__ import annotations

import copy
from datetime import date

import pytest

from desktop.domain.findings import Finding, Location, Severity
from desktop.domain.monthly.compile import start_report, sum_reports
from desktop.domain.monthly.findings import MonthlyFinding
from desktop.domain.monthly.rates import compute_rates, format_rate
from desktop.domain.monthly.report import MonthlyReport, RosterCounts, YearMonth, char_count, parse_number
from desktop.domain.monthly.rules import can_export, check_report, obsolete_explanations, unanswered_warnings

APRIL = YearMonth(2021, 4)
MARCH = YearMonth(2021, 3)
ROSTER = RosterCounts(towns=5, villages=50)

GOOD_VALUES: dict[str, int | float | None] = {
    "pilot_towns": 5, "pilot_towns_done": 2, "pilot_villages": 50, "village_stations": 40,
    "merged_town_stations": 1, "merged_village_points": 3,
    "unified_signage": 30, "hall_area_avg": 180.5,
    "town_items": 120, "village_items": 60, "one_thing_items": 15, "devolved_items": 30,
    "windows_total": 40, "windows_integrated": 30, "staff": 50, "staff_fulltime": 20, "village_agents": 50,
    "cases_received": 1000, "cases_done": 950, "cases_on_time": 940, "cases_assisted": 200,
    "reviews": 800, "reviews_bad": 4, "reviews_bad_fixed": 4,
    "platform_towns": 5, "platform_villages": 45, "online_items": 100, "online_cases": 300, "kiosks": 6,
}
PREVIOUS_CHANGES: dict[str, int | float | None] = {
    "pilot_towns_done": 1, "village_stations": 35, "cases_received": 900, "cases_done": 880,
    "cases_on_time": 870, "reviews": 700, "reviews_bad": 3, "reviews_bad_fixed": 3, "online_cases": 280,
}
TEXTS = {
    "work_platform": "完成 2 个乡镇便民服务中心“三化”改造。",
    "work_standard": "统一名称标识 30 处。",
    "work_catalog": "印发乡镇政务服务事项清单。",
    "work_service": "推行综合窗口。",
    "work_system": "村级站点接入省一体化政务服务平台。",
    "problems": "部分村级站点面积不足。",
    "next_plan": "完成剩余乡镇改造。",
}


def good_report() -> MonthlyReport:
    return MonthlyReport("合江县政务服务管理局", APRIL, reporter="张三", phone="0830-5212345", reviewer="李四",
                         filled_on=date(2021, 4, 20), values=dict(GOOD_VALUES), texts=dict(TEXTS))


def previous_report() -> MonthlyReport:
    values = dict(GOOD_VALUES)
    values.update(PREVIOUS_CHANGES)
    return MonthlyReport("合江县政务服务管理局", MARCH, reporter="张三", phone="0830-5212345", reviewer="李四",
                         filled_on=date(2021, 3, 22), values=values, texts=dict(TEXTS), status="exported")


def summary(findings):
    return [(f.severity, f.key, f.location.field, f.message) for f in findings]


E, W = Severity.ERROR, Severity.WARNING
P = "2021年4月月报"


def test_good_report_has_no_findings(ind):
    assert check_report(good_report(), previous_report(), ROSTER, ind) == []
    assert check_report(good_report(), None, None, ind) == []


def test_findings_are_findings_with_a_location(ind):
    report = good_report()
    report.values["kiosks"] = None
    (finding,) = check_report(report, previous_report(), ROSTER, ind)
    assert isinstance(finding, Finding) and isinstance(finding, MonthlyFinding)
    assert finding.location == Location(level=None, town_id=None, field="kiosks")
    assert finding.is_error and finding.line() == f"错误\t{finding.message}"


def _set(**values):
    def apply(report: MonthlyReport, previous: MonthlyReport) -> None:
        for code, value in values.items():
            if code.startswith("prev_"):
                previous.values[code[5:]] = value
            elif code in {"region", "reporter", "phone", "reviewer", "filled_on"}:
                setattr(report, code, value)
            elif code.startswith("text_"):
                report.texts[code[5:]] = value
            else:
                report.values[code] = value
    return apply


CASES = [
    # ---- header
    ("reporter empty", _set(reporter=" "), [(E, "required:reporter", "reporter", f"{P} 填报人未填写，请填写")]),
    ("region empty", _set(region=""), [(E, "required:region", "region", f"{P} 填报单位未填写，请填写")]),
    ("reviewer empty", _set(reviewer=""), [(E, "required:reviewer", "reviewer", f"{P} 审核人未填写，请填写")]),
    ("phone empty", _set(phone=""), [(E, "required:phone", "phone", f"{P} 联系电话未填写，请填写")]),
    ("filled_on empty", _set(filled_on=None),
     [(E, "required:filled_on", "filled_on", f"{P} 填报日期未填写，请填写")]),
    ("phone invalid", _set(phone="0830-12345"),
     [(E, "phone", "phone", f"{P} 联系电话“0830-12345”格式不正确，请填写 11 位手机号码或带区号的固定电话（如 0830-1234567）")]),
    ("late", _set(filled_on=date(2021, 4, 26)),
     [(W, "late:filled_on", "filled_on", f"{P} 填报日期 2021年4月26日 晚于报送截止日期 2021年4月25日，请核对或填写说明")]),
    ("on the deadline day", _set(filled_on=date(2021, 4, 25)), []),
    # ---- one value
    ("required indicator empty", _set(pilot_towns=None),
     [(E, "required:pilot_towns", "pilot_towns", f"{P} 优化整合平台 · 试点乡镇（街道）数未填写，请填写（没有的填 0）")]),
    ("not a number", _set(kiosks="六台"),
     [(E, "number:kiosks", "kiosks", f"{P} 加强系统支撑 · 自助服务终端数“六台”不是数字，请重新填写")]),
    ("NaN is not a number", _set(kiosks=float("nan")),
     [(E, "number:kiosks", "kiosks", f"{P} 加强系统支撑 · 自助服务终端数“nan”不是数字，请重新填写")]),
    ("negative", _set(kiosks=-1),
     [(E, "negative:kiosks", "kiosks", f"{P} 加强系统支撑 · 自助服务终端数（-1）不能为负数，请改正")]),
    ("not an integer", _set(kiosks=6.5),
     [(E, "integer:kiosks", "kiosks", f"{P} 加强系统支撑 · 自助服务终端数（6.5）应为整数，请改正")]),
    ("negative and not an integer", _set(kiosks=-0.5),
     [(E, "negative:kiosks", "kiosks", f"{P} 加强系统支撑 · 自助服务终端数（-0.5）不能为负数，请改正"),
      (E, "integer:kiosks", "kiosks", f"{P} 加强系统支撑 · 自助服务终端数（-0.5）应为整数，请改正")]),
    ("a whole float is an integer", _set(kiosks=6.0), []),
    ("one decimal allowed", _set(hall_area_avg=180.4), []),
    ("too many decimals", _set(hall_area_avg=180.55),
     [(E, "decimals:hall_area_avg", "hall_area_avg",
       f"{P} 统一建设标准 · 乡镇便民服务中心平均大厅面积（180.55）最多保留 1 位小数，请改正")]),
    # ---- part ≤ whole
    ("on time > done", _set(cases_on_time=960),
     [(E, "le:cases_on_time:cases_done", "cases_on_time",
       f"{P} 提升服务能力 · 按期办结件数（960）大于办结件数（950），请核对")]),
    ("done towns > pilot towns (and roster)", _set(pilot_towns_done=6),
     [(E, "le:pilot_towns_done:pilot_towns", "pilot_towns_done",
       f"{P} 优化整合平台 · 已完成“三化”建设的乡镇（街道）数（6）大于试点乡镇（街道）数（5），请核对")]),
    ("stations > pilot villages", _set(village_stations=51, prev_village_stations=48),
     [(E, "le:village_stations:pilot_villages", "village_stations",
       f"{P} 优化整合平台 · 已建成便民服务站（室）的村（社区）数（51）大于试点村（社区）数（50），请核对")]),
    ("signage > towns + villages", _set(unified_signage=56, prev_unified_signage=50),
     [(E, "le:unified_signage:pilot_towns+pilot_villages", "unified_signage",
       f"{P} 统一建设标准 · 完成统一名称标识的中心（站）数（56）大于试点乡镇（街道）数与试点村（社区）数之和（55），请核对")]),
    ("integrated > windows", _set(windows_integrated=41),
     [(E, "le:windows_integrated:windows_total", "windows_integrated",
       f"{P} 提升服务能力 · 综合窗口数（41）大于窗口总数（40），请核对")]),
    ("full-time > staff", _set(staff_fulltime=51, prev_staff_fulltime=48),
     [(E, "le:staff_fulltime:staff", "staff_fulltime",
       f"{P} 提升服务能力 · 在编专职人员数（51）大于工作人员数（50），请核对")]),
    ("bad > reviews", _set(reviews=3, prev_reviews=3),
     [(E, "le:reviews_bad:reviews", "reviews_bad",
       f"{P} 提升服务能力 · 差评数（4）大于好差评评价数（3），请核对")]),
    ("fixed > bad", _set(reviews_bad_fixed=5),
     [(E, "le:reviews_bad_fixed:reviews_bad", "reviews_bad_fixed",
       f"{P} 提升服务能力 · 差评已整改数（5）大于差评数（4），请核对")]),
    ("online items > town items", _set(online_items=121),
     [(E, "le:online_items:town_items", "online_items",
       f"{P} 加强系统支撑 · 网上可办的乡镇（街道）政务服务事项数（121）大于乡镇（街道）政务服务事项数（120），请核对")]),
    ("devolved items > town items", _set(devolved_items=121, prev_devolved_items=118),
     [(E, "le:devolved_items:town_items", "devolved_items",
       f"{P} 规范清单管理 · 县级下放（委托）乡镇事项数（121）大于乡镇（街道）政务服务事项数（120），请核对")]),
    ("platform towns > pilot towns", _set(platform_towns=6),
     [(E, "le:platform_towns:pilot_towns", "platform_towns",
       f"{P} 加强系统支撑 · 接入省一体化政务服务平台的乡镇（街道）数（6）大于试点乡镇（街道）数（5），请核对")]),
    ("an invalid part is not compared", _set(cases_on_time=960.5), [
        (E, "integer:cases_on_time", "cases_on_time", f"{P} 提升服务能力 · 按期办结件数（960.5）应为整数，请改正")]),
    # ---- roster
    ("pilot towns differ from the roster", _set(pilot_towns=6),
     [(E, "roster:pilot_towns", "pilot_towns",
       f"{P} 优化整合平台 · 试点乡镇（街道）数（6）与试点名单中的乡镇（街道）数（5）不一致，请按名单改正或先更新试点名单")]),
    ("pilot villages differ from the roster", _set(pilot_villages=49),
     [(E, "roster:pilot_villages", "pilot_villages",
       f"{P} 优化整合平台 · 试点村（社区）数（49）与试点名单中的村（社区）数（50）不一致，请按名单改正或先更新试点名单")]),
    ("platform villages > roster while pilot villages empty", _set(pilot_villages=None, platform_villages=51),
     [(E, "required:pilot_villages", "pilot_villages",
       f"{P} 优化整合平台 · 试点村（社区）数未填写，请填写（没有的填 0）"),
      (E, "le_roster:platform_villages", "platform_villages",
       f"{P} 加强系统支撑 · 接入省一体化政务服务平台的村（社区）数（51）大于试点名单中的村（社区）数（50），请核对")]),
    # ---- warnings
    ("cumulative drop", _set(platform_towns=4),
     [(W, "drop:platform_towns", "platform_towns",
       f"{P} 加强系统支撑 · 接入省一体化政务服务平台的乡镇（街道）数（4）少于上月（5），累计数不应减少，请核对或填写说明")]),
    ("big cumulative drop is warned once", _set(village_stations=10),
     [(W, "drop:village_stations", "village_stations",
       f"{P} 优化整合平台 · 已建成便民服务站（室）的村（社区）数（10）少于上月（35），累计数不应减少，请核对或填写说明")]),
    ("a stock may go down", _set(windows_total=35, windows_integrated=28), []),
    ("flow up by more than half", _set(prev_cases_received=600, prev_cases_done=590, prev_cases_on_time=580),
     [(W, "change:cases_received", "cases_received",
       f"{P} 提升服务能力 · 受理件数（1000）比上月（600）增加 66.7%，请核对或填写说明"),
      (W, "change:cases_done", "cases_done",
       f"{P} 提升服务能力 · 办结件数（950）比上月（590）增加 61%，请核对或填写说明"),
      (W, "change:cases_on_time", "cases_on_time",
       f"{P} 提升服务能力 · 按期办结件数（940）比上月（580）增加 62.1%，请核对或填写说明")]),
    ("flow down by more than half", _set(prev_online_cases=700),
     [(W, "change:online_cases", "online_cases",
       f"{P} 加强系统支撑 · 网上办件量（300）比上月（700）减少 57.1%，请核对或填写说明")]),
    ("decimal stock up by more than half", _set(prev_hall_area_avg=100.0),
     [(W, "change:hall_area_avg", "hall_area_avg",
       f"{P} 统一建设标准 · 乡镇便民服务中心平均大厅面积（180.5）比上月（100.0）增加 80.5%，请核对或填写说明")]),
    ("exactly half is not warned", _set(prev_online_cases=200), []),
    ("last month 0 is not compared", _set(prev_merged_village_points=0, merged_village_points=30), []),
    ("last month empty is not compared", _set(prev_online_cases=None), []),
    ("small change is not warned", _set(prev_kiosks=1), []),
    ("roster counts are not compared month on month", _set(prev_pilot_villages=20), []),
    ("full-time staff fewer than 3 per pilot town", _set(staff_fulltime=14),
     [(W, "min:staff_fulltime", "staff_fulltime",
       f"{P} 提升服务能力 · 在编专职人员数（14）少于 15 人（试点乡镇（街道） 5 个，每个不少于 3 人），请核对或填写说明")]),
    ("done > received + backlog", _set(cases_done=1021, cases_on_time=1000),
     [(W, "backlog:cases_done", "cases_done",
       f"{P} 提升服务能力 · 办结件数（1021）大于受理件数（1000）与上月未办结件数（20）之和，请核对或填写说明")]),
    ("done = received + backlog", _set(cases_done=1020), []),
    ("done > received, no backlog last month", _set(cases_done=1001, prev_cases_done=900),
     [(W, "backlog:cases_done", "cases_done",
       f"{P} 提升服务能力 · 办结件数（1001）大于受理件数（1000），请核对或填写说明")]),
    ("negative backlog is floored at 0", _set(cases_done=1001, prev_cases_done=950),
     [(W, "backlog:cases_done", "cases_done",
       f"{P} 提升服务能力 · 办结件数（1001）大于受理件数（1000），请核对或填写说明")]),
    # ---- sections
    ("problems empty", _set(text_problems=" \n"),
     [(E, "required:problems", "problems", f"{P} 二、存在问题未填写，请填写（没有的写“无”）")]),
    ("a task's part empty", _set(text_work_service=""),
     [(E, "required:work_service", "work_service",
       f"{P} 一、工作开展情况（四）提升服务能力未填写，请填写本月该项任务的工作开展情况")]),
    ("optional sections may stay empty", _set(text_experience="", text_coordination=""), []),
]


@pytest.mark.parametrize("mutate, expected", [(m, e) for _n, m, e in CASES], ids=[n for n, _m, _e in CASES])
def test_rule(ind, mutate, expected):
    report, previous = good_report(), previous_report()
    mutate(report, previous)
    assert summary(check_report(report, previous, ROSTER, ind)) == expected


def test_fewer_than_3_full_time_without_pilot_towns_compares_per_unit_only_when_known(ind):
    report = good_report()
    report.values.update(staff_fulltime=2, pilot_towns=0, pilot_towns_done=0, platform_towns=0)
    keys = [f.key for f in check_report(report, None, None, ind)]
    assert "min:staff_fulltime" not in keys  # no pilot town: nothing to staff


def test_backlog_without_previous_report(ind):
    report = good_report()
    report.values.update(cases_done=1001)
    assert summary(check_report(report, None, ROSTER, ind)) == [
        (W, "backlog:cases_done", "cases_done",
         f"{P} 提升服务能力 · 办结件数（1001）大于受理件数（1000），请核对或填写说明")]


def test_no_roster_means_no_roster_checks(ind):
    report = good_report()
    report.values["pilot_towns"] = 6
    assert check_report(report, None, None, ind) == []


def test_older_previous_report_is_named_and_gives_no_backlog(ind):
    previous = previous_report()
    previous.month = YearMonth(2021, 2)
    previous.values.update(platform_towns=6, cases_received=2000, cases_done=0)
    report = good_report()
    report.values["cases_done"] = 1001
    # 受理 2000 → 1000 is exactly −50%: not more than half; 办结 0 → 1001 has no base
    messages = [f.message for f in check_report(report, previous, ROSTER, ind)]
    assert messages == [
        f"{P} 提升服务能力 · 办结件数（1001）大于受理件数（1000），请核对或填写说明",
        f"{P} 加强系统支撑 · 接入省一体化政务服务平台的乡镇（街道）数（5）少于2021年2月（6），累计数不应减少，请核对或填写说明",
    ]


def test_previous_must_be_earlier(ind):
    with pytest.raises(ValueError, match="应早于本期"):
        check_report(previous_report(), good_report(), ROSTER, ind)


def test_county_deadline_day(ind):
    report = good_report()
    report.filled_on = date(2021, 4, 21)
    assert [f.key for f in check_report(report, None, None, ind, deadline_day=ind.deadline_days["county"])] == [
        "late:filled_on"]
    assert check_report(report, None, None, ind) == []


# ------------------------------------------------------------------ answering warnings


def test_unanswered_warnings_and_export(ind):
    report, previous = good_report(), previous_report()
    report.filled_on = date(2021, 4, 28)
    report.values["platform_towns"] = 4
    findings = check_report(report, previous, ROSTER, ind)
    assert [f.key for f in findings] == ["late:filled_on", "drop:platform_towns"]
    assert unanswered_warnings(findings, report) == findings
    assert not can_export(findings, report)
    report.explanations["drop:platform_towns"] = "某镇撤并，接入数相应减少"
    report.explanations["late:filled_on"] = "  "
    assert [f.key for f in unanswered_warnings(findings, report)] == ["late:filled_on"]
    report.explanations["late:filled_on"] = "系统故障，延后两日报送"
    assert unanswered_warnings(findings, report) == []
    assert can_export(findings, report)


def test_errors_are_never_answered(ind):
    report = good_report()
    report.values["kiosks"] = -1
    findings = check_report(report, None, None, ind)
    report.explanations["negative:kiosks"] = "说明"
    assert unanswered_warnings(findings, report) == []
    assert not can_export(findings, report)


def test_plain_finding_without_key_is_unanswered():
    from desktop.domain.findings import warning

    plain = warning(Location(field="x"), "警告")
    assert unanswered_warnings([plain], good_report()) == [plain]


def test_obsolete_explanations(ind):
    report = good_report()
    report.explanations = {"drop:platform_towns": "已改正", "late:filled_on": "逾期原因"}
    report.filled_on = date(2021, 4, 30)
    assert obsolete_explanations(check_report(report, previous_report(), ROSTER, ind), report) == [
        "drop:platform_towns"]


# ------------------------------------------------------------------ rates


def test_rates_of_the_good_report(ind):
    rates = compute_rates(good_report(), ind)
    assert list(rates) == [r.code for r in ind.rates]
    assert rates["build_rate"] == pytest.approx(0.4)
    assert rates["station_coverage"] == pytest.approx(0.8)
    assert rates["integrated_window_share"] == pytest.approx(0.75)
    assert rates["on_time_rate"] == pytest.approx(940 / 950)
    assert rates["good_review_rate"] == pytest.approx(796 / 800)
    assert rates["bad_review_fix_rate"] == pytest.approx(1.0)
    assert rates["platform_rate"] == pytest.approx(50 / 55)
    assert format_rate(rates["on_time_rate"]) == "98.9%"
    assert format_rate(rates["bad_review_fix_rate"], 0) == "100%"


def test_rates_with_zero_or_missing_denominator(ind):
    report = good_report()
    report.values.update(reviews=0, reviews_bad=0, reviews_bad_fixed=0, windows_total=None, cases_done=0,
                         cases_on_time=0, pilot_towns=0, pilot_villages=0, platform_towns=0, platform_villages=0)
    rates = compute_rates(report, ind)
    for code in ("good_review_rate", "bad_review_fix_rate", "integrated_window_share", "on_time_rate",
                 "build_rate", "station_coverage", "platform_rate"):
        assert rates[code] is None, code
    assert format_rate(rates["good_review_rate"]) == "—"


def test_rate_with_invalid_numerator_is_none(ind):
    report = good_report()
    report.values["cases_on_time"] = "很多"
    assert compute_rates(report, ind)["on_time_rate"] is None


# ------------------------------------------------------------------ compiling a city's report


def county(name: str, **values) -> MonthlyReport:
    report = good_report()
    report.region = name
    report.values.update(values)
    report.texts = {"work_platform": f"{name}推进平台整合。", "problems": "" if name == "泸县" else "无"}
    return report


def test_sum_of_three_county_reports(ind):
    reports = [
        county("合江县", hall_area_avg=200.0, town_items=120, kiosks=None),
        county("泸县", pilot_towns=3, hall_area_avg=120.0, town_items=100, kiosks=4, cases_received=500),
        county("叙永县", pilot_towns=2, hall_area_avg=150.5, town_items=95, kiosks=None),
    ]
    city = sum_reports("泸州市政务服务管理局", APRIL, reports, ind)
    assert city.region == "泸州市政务服务管理局" and city.month == APRIL
    assert (city.reporter, city.phone, city.reviewer, city.filled_on, city.status) == ("", "", "", None, "draft")
    v = city.values
    assert v["pilot_towns"] == 10
    assert v["pilot_villages"] == 150
    assert v["cases_received"] == 2500 and isinstance(v["cases_received"], int)
    assert v["cases_done"] == 2850
    assert v["kiosks"] == 4  # counties that left it empty are skipped
    # weighted by 试点乡镇数: (200×5 + 120×3 + 150.5×2) / 10 = 166.1
    assert v["hall_area_avg"] == pytest.approx(166.1)
    assert v["town_items"] == 105  # plain mean, rounded to an integer
    rates = compute_rates(city, ind)
    assert rates["build_rate"] == pytest.approx(6 / 10)
    assert rates["on_time_rate"] == pytest.approx(2820 / 2850)
    assert city.texts == {"work_platform": "合江县：合江县推进平台整合。\n泸县：泸县推进平台整合。\n叙永县：叙永县推进平台整合。",
                          "problems": "合江县：无\n叙永县：无"}


def test_mean_without_weights_is_plain(ind):
    reports = [county("合江县", pilot_towns=None, hall_area_avg=100.0), county("泸县", hall_area_avg=151.0)]
    assert sum_reports("泸州市", APRIL, reports, ind).values["hall_area_avg"] == pytest.approx(125.5)


def test_sum_of_nothing_is_empty(ind):
    city = sum_reports("泸州市", APRIL, [], ind)
    assert set(city.values) == set(ind.codes) and all(v is None for v in city.values.values())


def test_sum_rejects_other_month_and_duplicate_units(ind):
    other = county("泸县")
    other.month = MARCH
    with pytest.raises(ValueError, match="泸县的月报是2021年3月的，不能汇总到2021年4月"):
        sum_reports("泸州市", APRIL, [county("合江县"), other], ind)
    with pytest.raises(ValueError, match="合江县有两份2021年4月月报"):
        sum_reports("泸州市", APRIL, [county("合江县"), county("合江县")], ind)


def test_start_report_carries_stocks_and_cumulatives_forward(ind):
    previous = previous_report()
    report = start_report("合江县政务服务管理局", APRIL, ind, previous, RosterCounts(6, 60))
    assert report.values["pilot_towns"] == 6 and report.values["pilot_villages"] == 60
    assert report.values["platform_towns"] == 5 and report.values["hall_area_avg"] == 180.5
    assert report.values["cases_received"] is None and report.values["online_cases"] is None
    assert (report.reporter, report.phone, report.reviewer) == ("张三", "0830-5212345", "李四")
    assert report.texts == {} and report.filled_on is None and report.status == "draft"
    assert set(start_report("x", APRIL, ind).values) == set(ind.codes)


# ------------------------------------------------------------------ report helpers


def test_report_status_is_checked():
    with pytest.raises(ValueError):
        MonthlyReport("x", APRIL, status="sent")
    assert MonthlyReport("x", APRIL, status="checked").status_label == "已校验"
    assert good_report().title == "2021年4月月报"


def test_report_copy_is_independent():
    report = good_report()
    twin = copy.deepcopy(report)
    twin.values["kiosks"] = 1
    assert report.values["kiosks"] == 6


@pytest.mark.parametrize("text, value", [
    ("", None), ("  ", None), (None, None), ("12", 12), ("１２", 12), ("1,200", 1200), ("1，200", 1200),
    ("85.5", 85.5), ("-3", -3), ("−3", -3), ("－3", -3), (" 7 ", 7), (".5", 0.5), (3, 3), (2.5, 2.5),
])
def test_parse_number(text, value):
    assert parse_number(text) == value
    assert type(parse_number(text)) is type(value)


@pytest.mark.parametrize("text", ["abc", "12个", "1.2.3", "--1", True])
def test_parse_number_rejects(text):
    with pytest.raises(ValueError):
        parse_number(text)


def test_char_count():
    assert char_count("一、 完成\n改造。") == 7
    assert char_count("") == 0 and char_count(None) == 0


def test_rule_types_not_used_by_the_shipped_file():
    """``min`` without ``per`` and ``ge`` work as declared (next year's file may use them)."""
    import json

    from desktop.domain.monthly.indicators import default_path
    from desktop.domain.monthly.indicators_file import parse_indicators

    data = json.loads(default_path().read_text(encoding="utf-8"))
    for item in data["indicators"]:
        if item["code"] == "staff_fulltime":
            item["rules"] = [{"min": 3}]
        if item["code"] == "village_agents":
            item["rules"] = [{"ge": "pilot_villages"}]
    ind = parse_indicators(data)
    report = good_report()
    report.values.update(staff_fulltime=2, village_agents=49)
    assert summary(check_report(report, None, None, ind)) == [
        (W, "min:staff_fulltime", "staff_fulltime",
         f"{P} 提升服务能力 · 在编专职人员数（2）少于 3 人，请核对或填写说明"),
        (E, "ge:village_agents:pilot_villages", "village_agents",
         f"{P} 提升服务能力 · 村级代办员人数（49）小于试点村（社区）数（50），请核对"),
    ]


def test_board_status_of_a_report_unlocked_after_export():
    from datetime import date as _date

    from desktop.domain.monthly.deadline import board_status
    from desktop.domain.monthly.report import MonthlyReport, YearMonth

    report = MonthlyReport("泸州市", YearMonth(2021, 4), status="draft")
    assert board_status(report, _date(2021, 5, 10), 25, exported_before=True) == "已解锁，修改后须重新导出"
    assert board_status(report, _date(2021, 5, 10), 25) == "逾期"
    report.status = "exported"
    assert board_status(report, _date(2021, 5, 10), 25, exported_before=True) == "已导出"
