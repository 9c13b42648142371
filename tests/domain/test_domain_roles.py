"""Each role checks what it is responsible for: a township centre its own row, a county its towns,
a city its counties, the province every city."""

from __future__ import annotations

from datetime import date

from helpers import HEJIANG_TOWNS, town

from desktop.domain.model import Level, ReportingUnit, Roster, Settings
from desktop.domain.monthly.roster_link import roster_counts
from desktop.domain.roster.rules import check_all

TOWN_UNIT = ReportingUnit("510522106", "九支镇", "九支镇便民服务中心")  # 合江县九支镇
HEJIANG = ReportingUnit("510522", "合江县", "合江县政务服务管理局")
LUZHOU = ReportingUnit("5105", "泸州市", "泸州市政务服务管理局")
PROVINCE = ReportingUnit("51", "四川省", "四川省政府政务服务和公共资源交易服务中心")


def _messages(findings):
    return [f.message for f in findings]


def test_a_township_centre_with_its_own_row_has_no_county_count_errors(gaz):
    jiuzhi = gaz.find("town", "九支镇", "510522")
    assert jiuzhi is not None and jiuzhi.code == TOWN_UNIT.region_code
    roster = Roster(Level.PROVINCIAL, date(2021, 3, 26), [town(gaz, Level.PROVINCIAL, "合江县", "九支镇", tid=1)])
    settings = Settings(TOWN_UNIT)
    assert check_all([roster], gaz, settings) == []
    # the same row in a county's database: the county must have at least 5 towns
    county = _messages(check_all([roster], gaz, Settings(HEJIANG)))
    assert county == ["附件1 合江县：只有 1 个乡镇（街道），省级试点每个县不少于 5 个，请补充"]
    assert roster_counts([roster], TOWN_UNIT).towns == 1


def test_a_township_centres_row_of_another_town_is_pointed_out(gaz):
    roster = Roster(Level.PROVINCIAL, date(2021, 3, 26), [
        town(gaz, Level.PROVINCIAL, "合江县", "九支镇", tid=1), town(gaz, Level.PROVINCIAL, "合江县", "白沙镇", tid=2)])
    assert _messages(check_all([roster], gaz, Settings(TOWN_UNIT))) == [
        "附件1 合江县 白沙镇：不在本单位（九支镇便民服务中心，九支镇）的填报范围内；乡镇（街道）只填报本乡镇（街道），"
        "请核对这一行或“设置 → 填报单位”"]


def test_a_county_is_not_asked_for_the_citys_choice_of_counties(gaz):
    towns = [town(gaz, Level.CITY, county, name, tid=i) for i, (county, name) in enumerate(
        [("合江县", "白沙镇"), ("合江县", "先市镇"), ("泸县", "福集镇"), ("叙永县", "叙永镇")], 1)]
    roster = Roster(Level.CITY, date(2021, 3, 26), towns)
    city = _messages(check_all([roster], gaz, Settings(LUZHOU)))
    assert any("有 3 个试点县（市、区）" in m for m in city)
    county = _messages(check_all([roster], gaz, Settings(HEJIANG)))
    assert not any("试点县（市、区）" in m for m in county)
    assert sum("不在本单位（合江县政务服务管理局，合江县）的填报范围内" in m for m in county) == 2


def test_the_province_holds_every_city_without_scope_findings(gaz):
    towns = [town(gaz, Level.PROVINCIAL, "合江县", name, tid=i) for i, name in enumerate(HEJIANG_TOWNS[:5], 1)]
    towns += [town(gaz, Level.PROVINCIAL, "都江堰市", name, city="成都市", tid=10 + i) for i, name in enumerate(
        [p.name for p in gaz.children_of("510181") if len(gaz.children_of(p.code)) >= 10][:5])]
    roster = Roster(Level.PROVINCIAL, date(2021, 3, 26), towns)
    assert check_all([roster], gaz, Settings(PROVINCE)) == []
    city = _messages(check_all([roster], gaz, Settings(LUZHOU)))
    assert sum("不在本单位（泸州市政务服务管理局，泸州市）的填报范围内；市（州）只填报本市（州）的县（市、区）" in m
               for m in city) == 5
    assert roster_counts([roster], PROVINCE).towns == 10
    assert roster_counts([roster], LUZHOU).towns == 5
