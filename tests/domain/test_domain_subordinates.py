"""Which units each level compiles and checks (issue 21, points 1 and 8): the province its 21 cities, a
city its counties, a county its towns where it takes township packages — never a city's compiled
report added to its own counties; imported reports checked against their own level's day and named."""

from __future__ import annotations

from datetime import date

from helpers import county_report

from desktop.domain.model import ReportingUnit, Settings
from desktop.domain.monthly.all_checks import check_reports
from desktop.domain.monthly.compile import compile_sources, sum_reports
from desktop.domain.monthly.report import YearMonth
from desktop.domain.places.subordinates import (
    compile_title,
    region_role,
    subordinate_word,
    subordinates,
)
from desktop.domain.places.units import Role

PROVINCE = ReportingUnit("51", "四川省", "四川省政府政务服务和公共资源交易服务中心")
LUZHOU = ReportingUnit("5105", "泸州市", "泸州市政务服务管理局")
HEJIANG = ReportingUnit("510522", "合江县", "合江县政务服务管理局")
NOV = YearMonth(2026, 11)


def _report(region: str, received: int, towns: int, scale: int = 1):
    report = county_report(region, NOV, scale)
    report.values.update(cases_received=received, pilot_towns=towns)
    return report


def test_the_province_takes_its_21_cities_a_city_its_counties_a_county_the_towns_that_send(gaz):
    cities = subordinates(gaz, PROVINCE)
    assert len(cities) == 21 and cities[0].name == "成都市" and {c.role for c in cities} == {Role.CITY}
    assert [s.name for s in subordinates(gaz, LUZHOU)] == ["江阳区", "纳溪区", "龙马潭区", "泸县", "合江县", "叙永县", "古蔺县"]
    # a county: only the towns it takes packages from (named in its rosters or received files)
    assert subordinates(gaz, HEJIANG) == []
    assert [s.name for s in subordinates(gaz, HEJIANG, ["榕山镇", "九支镇", "福集镇"])] == ["九支镇", "榕山镇"]
    assert subordinates(gaz, ReportingUnit("510522106", "九支镇", "九支镇便民服务中心")) == []
    assert subordinates(gaz, ReportingUnit()) == []
    assert compile_title(Role.PROVINCE) == "汇总各市（州）" and compile_title(Role.CITY) == "汇总各县"
    assert subordinate_word(Role.PROVINCE) == "市（州）" and subordinate_word(Role.CITY) == "县（市、区）"
    assert [region_role(gaz, n) for n in ("四川省", "泸州市", "合江县", "市中区", "榕山镇", "某某中心")] == [
        Role.PROVINCE, Role.CITY, Role.COUNTY, Role.COUNTY, Role.TOWN, Role.NONE]


def test_the_province_compiles_the_city_only_not_the_city_and_its_counties(gaz, ind):
    """The province imported 泸州市's package: the city's compiled report (1800, 8 towns) and its two
    counties' (900, 4 towns each). 汇总各市（州） adds the city once: 1800, 8 — not 3600, 16."""
    held = [_report("泸州市", 1800, 8, 2), _report("合江县", 900, 4), _report("泸县", 900, 4), _report("四川省", 0, 0)]
    sources = compile_sources(gaz, PROVINCE, subordinates(gaz, PROVINCE), held)
    assert [r.region for r in sources.used] == ["泸州市"]
    assert len(sources.missing) == 20 and "泸州市" not in sources.missing and sources.missing[0] == "成都市"
    assert sources.notes("市（州）") == [
        "合江县的月报已含在泸州市的月报中，同时出现在两级，不重复计入",
        "泸县的月报已含在泸州市的月报中，同时出现在两级，不重复计入"]
    compiled = sum_reports("四川省", NOV, sources.used, ind)
    assert compiled.values["cases_received"] == 1800 and compiled.values["pilot_towns"] == 8


def test_a_county_without_its_citys_report_is_named_and_not_compiled(gaz):
    held = [_report("合江县", 900, 4), _report("江北区", 5, 1)]  # 江北区 is in 重庆, not Sichuan
    sources = compile_sources(gaz, PROVINCE, subordinates(gaz, PROVINCE), held)
    assert sources.used == []
    assert sources.notes("市（州）") == ["合江县是泸州市下属单位，不直接计入；请导入泸州市的月报",
                                        "江北区不是本单位下属的市（州），不计入"]


def test_a_city_compiles_its_counties_and_leaves_a_town_inside_a_county_out(gaz):
    held = [_report("合江县", 900, 4), _report("泸县", 900, 4), _report("榕山镇", 10, 1)]
    sources = compile_sources(gaz, LUZHOU, subordinates(gaz, LUZHOU), held)
    assert [r.region for r in sources.used] == ["泸县", "合江县"]
    assert sources.missing == ["江阳区", "纳溪区", "龙马潭区", "叙永县", "古蔺县"]
    assert sources.notes("县（市、区）") == ["榕山镇的月报已含在合江县的月报中，同时出现在两级，不重复计入"]


def test_without_a_unit_every_other_report_is_compiled_as_before(gaz):
    held = [_report("合江县", 900, 4), _report("泸县", 900, 4)]
    assert [r.region for r in compile_sources(gaz, ReportingUnit(), [], held).used] == ["合江县", "泸县"]


def test_check_in_a_province_names_each_unit_and_uses_its_own_levels_day(gaz, ind):
    """Point 8: three late reports, each message naming its unit; the counties' against the 20th,
    the city's against the 25th."""
    reports = []
    for rid, (region, day) in enumerate((("泸州市", 26), ("合江县", 21), ("泸县", 19)), 1):
        report = _report(region, 900, 4)
        report.id, report.filled_on = rid, date(2026, 11, day)
        reports.append(report)
    found = check_reports(reports, [], Settings(PROVINCE), ind, gaz)
    late = {rid: [f.message for f in fs if "填报日期" in f.message] for rid, fs in found.items()}
    assert late == {
        1: ["泸州市2026年11月月报 填报日期 2026年11月26日 晚于报送截止日期 2026年11月25日，请核对或填写说明"],
        2: ["合江县2026年11月月报 填报日期 2026年11月21日 晚于报送截止日期 2026年11月20日，请核对或填写说明"],
        3: []}


def test_an_own_report_that_differs_from_the_sum_of_all_its_subordinates_is_warned(gaz, ind):
    counties = [_report(s.name, 100, 1) for s in subordinates(gaz, LUZHOU)]
    own = sum_reports("泸州市", NOV, counties, ind)
    own.values["cases_received"] = 1400  # 7 counties × 100 = 700: counted twice
    own.id = 99
    found = [f for f in check_reports([own, *counties], [], Settings(LUZHOU), ind, gaz)[99]
             if getattr(f, "key", "").startswith("compiled:")]
    assert [f.message for f in found] == [
        "2026年11月月报 提升服务能力 · 受理件数（1400）与 7 个县（市、区）月报之和（700）不一致："
        "可能重复计入或漏计，请重新汇总，或核对后填写说明"]
    own.values["cases_received"] = 700
    assert not [f for f in check_reports([own, *counties], [], Settings(LUZHOU), ind, gaz)[99]
                if getattr(f, "key", "").startswith("compiled:")]
    # one county missing: nothing to compare with (the city may hold figures sent on paper)
    assert not [f for f in check_reports([own, *counties[1:]], [], Settings(LUZHOU), ind, gaz)[99]
                if getattr(f, "key", "").startswith("compiled:")]


def test_a_county_is_not_warned_against_the_towns_that_happened_to_send(gaz, ind):
    """A county's towns are only those that send packages: two of five towns is no sum to compare with."""
    towns = [_report("九支镇", 100, 1), _report("榕山镇", 100, 1)]
    own = _report("合江县", 900, 5)
    own.id = 7
    found = check_reports([own, *towns], [], Settings(HEJIANG), ind, gaz)[7]
    assert not [f for f in found if getattr(f, "key", "").startswith("compiled:")]
