"""Every roster rule, with the exact message it prints."""

from datetime import date

import pytest
from helpers import HEJIANG_TOWNS, town

from desktop.domain.findings import Severity
from desktop.domain.model import Level, ReportingUnit, Roster, Settings, TownEntry, Village
from desktop.domain.places.matching import resolve_entry
from desktop.domain.roster.rules import check_all, check_overlap, check_roster

SETTINGS = Settings(ReportingUnit("5105", "泸州市", "泸州市政务服务管理局"), date(2021, 3, 31))


def good_provincial(gaz):
    towns = [town(gaz, Level.PROVINCIAL, "合江县", t, tid=i) for i, t in enumerate(HEJIANG_TOWNS[:5], 1)]
    return Roster(Level.PROVINCIAL, date(2021, 3, 26), towns)


def messages(findings, severity=None):
    return [f.message for f in findings if severity is None or f.severity is severity]


def test_valid_provincial_roster_has_no_findings(gaz):
    assert check_roster(good_provincial(gaz), gaz, SETTINGS) == []


def test_provincial_county_with_four_towns(gaz):
    roster = good_provincial(gaz)
    roster.towns.pop()
    assert messages(check_roster(roster, gaz, SETTINGS)) == [
        "附件1 合江县：只有 4 个乡镇（街道），省级试点每个县不少于 5 个，请补充"]


def test_provincial_town_with_too_few_villages(gaz):
    roster = good_provincial(gaz)
    roster.towns[1] = town(gaz, Level.PROVINCIAL, "合江县", "白沙镇", villages=6, tid=2)
    (finding,) = check_roster(roster, gaz, SETTINGS)
    assert finding.severity is Severity.ERROR
    assert finding.location.town_id == 2 and finding.location.field == "villages"
    assert finding.message == "附件1 合江县 白沙镇：只有 6 个村（社区），省级试点每个乡镇（街道）不少于 10 个，请补充"


@pytest.mark.parametrize("field, value, message", [
    ("city", "", "附件1 合江县 符阳街道：市（州）未填写，请从列表中选择或输入"),
    ("town_type", "", "附件1 合江县 符阳街道：乡镇类型未填写，请选择县级政府驻地镇、中心镇、重点镇、特色小镇或一般乡镇"),
    ("town_type", "大镇",
     "附件1 合江县 符阳街道：乡镇类型“大镇”不是规定的类型，请改为县级政府驻地镇、中心镇、重点镇、特色小镇或一般乡镇"),
])
def test_required_fields_and_town_type(gaz, field, value, message):
    roster = good_provincial(gaz)
    setattr(roster.towns[0], field, value)
    assert message in messages(check_roster(roster, gaz, SETTINGS), Severity.ERROR)


def test_empty_town_is_named_by_row(gaz):
    roster = good_provincial(gaz)
    roster.towns.append(TownEntry(Level.PROVINCIAL, "泸州市", "合江县", "", "中心镇"))
    assert "附件1 合江县 第6行：乡镇（街道）未填写，请从列表中选择或输入" in messages(check_roster(roster, gaz, SETTINGS))


def test_city_level_prints_tese_zhen(gaz):
    roster = Roster(Level.CITY, date(2021, 3, 26), [town(gaz, Level.CITY, "泸县", "福集镇", town_type="")])
    assert "附件2 泸县 福集镇：乡镇类型未填写，请选择县级政府驻地镇、中心镇、重点镇、特色镇或一般乡镇" in messages(
        check_roster(roster, gaz))


def test_county_not_in_city(gaz):
    roster = good_provincial(gaz)
    roster.towns[0].city = "成都市"
    assert "附件1 合江县 符阳街道：合江县不属于成都市（属于泸州市），请重新选择市（州）或县（市、区）" in messages(
        check_roster(roster, gaz, SETTINGS), Severity.ERROR)


def test_town_not_in_county(gaz):
    roster = good_provincial(gaz)
    roster.towns[0].town = "福集镇"  # a town of 泸县
    assert "附件1 合江县 福集镇：福集镇不属于合江县（属于泸县），请重新选择乡镇（街道）" in messages(
        check_roster(roster, gaz, SETTINGS), Severity.ERROR)


def test_same_town_twice_marks_the_later_row_and_names_both(gaz):
    roster = good_provincial(gaz)
    roster.towns.append(town(gaz, Level.PROVINCIAL, "合江县", "白沙镇", tid=99))
    (finding,) = [f for f in check_roster(roster, gaz, SETTINGS) if f.severity is Severity.ERROR]
    assert finding.message == "附件1 合江县 白沙镇：第 2 行 和 第 6 行 是同一个乡镇（街道），请删除其中一行"
    assert finding.location.town_id == 99  # the new row, not the original


def test_same_town_twice_with_different_types(gaz):
    roster = good_provincial(gaz)
    roster.towns.append(town(gaz, Level.PROVINCIAL, "合江县", "白沙镇", town_type="重点镇", tid=99))
    assert messages(check_roster(roster, gaz, SETTINGS), Severity.ERROR) == [
        "附件1 合江县 白沙镇：第 2 行 和 第 6 行 是同一个乡镇（街道），两行的乡镇类型不同（第 2 行为中心镇，"
        "第 6 行为重点镇），请删除其中一行"]


def test_same_name_in_two_cities_is_no_duplicate(gaz):
    """乐山市市中区 and 内江市市中区 each have a 白马镇: two towns, not one listed twice."""
    leshan = town(gaz, Level.COUNTY, "市中区", "白马镇", city="乐山市", tid=1)
    neijiang = town(gaz, Level.COUNTY, "市中区", "白马镇", city="内江市", tid=2)
    assert leshan.town_code and neijiang.town_code and leshan.town_code != neijiang.town_code
    roster = Roster(Level.COUNTY, date(2021, 3, 26), [leshan, neijiang])
    assert not [m for m in messages(check_roster(roster, gaz, SETTINGS)) if "同一个乡镇" in m]
    also = Roster(Level.PROVINCIAL, date(2021, 3, 26), [town(gaz, Level.PROVINCIAL, "市中区", "白马镇", city="乐山市", tid=3)])
    overlap = messages(check_overlap([roster, also], gaz))
    assert overlap == ["附件3 乐山市市中区 白马镇：该乡镇（街道）已列入附件1（省级试点），各级试点应避免重复，请核对"]


def test_same_village_twice_even_with_suffix(gaz):
    roster = good_provincial(gaz)
    first = roster.towns[0].villages[0].name
    roster.towns[0].villages.append(Village(first[:-1] + "村民委员会" if first.endswith("村") else first + "居委会"))
    assert f"附件1 合江县 符阳街道：村（社区）“{first}”重复填写了 2 次，请删除重复项" in messages(
        check_roster(roster, gaz, SETTINGS), Severity.ERROR)


def test_city_level_more_than_two_counties(gaz):
    towns = [town(gaz, Level.CITY, c, t, villages=2) for c, t in
             [("泸县", "福集镇"), ("合江县", "白沙镇"), ("叙永县", "江门镇")]]
    assert messages(check_roster(Roster(Level.CITY, date(2021, 3, 26), towns), gaz), Severity.ERROR) == [
        "附件2 泸州市：有 3 个试点县（市、区）（泸县、合江县、叙永县），市级试点每个市（州）确定 1-2 个，请删减"]


def test_county_level_fewer_than_two_towns(gaz):
    roster = Roster(Level.COUNTY, date(2021, 3, 26), [town(gaz, Level.COUNTY, "泸县", "福集镇", villages=2)])
    assert messages(check_roster(roster, gaz), Severity.ERROR) == [
        "附件3 泸县：只有 1 个乡镇（街道），县级试点每个县不少于 2 个，请补充"]


def test_missing_filled_on_is_an_error_and_late_one_a_warning(gaz):
    roster = good_provincial(gaz)
    roster.filled_on = None
    assert messages(check_roster(roster, gaz, SETTINGS)) == ["附件1：填报时间未填写，请在名单上方填写填报时间"]
    roster.filled_on = date(2021, 4, 2)
    (f,) = check_roster(roster, gaz, SETTINGS)
    assert f.severity is Severity.WARNING
    assert f.message == "附件1：填报时间 2021年4月2日 晚于截止日期 2021年3月31日，请核对"


def test_village_not_in_gazetteer_is_warned_with_suggestions(gaz):
    roster = good_provincial(gaz)
    official = roster.towns[0].villages[0].name
    roster.towns[0].villages.append(Village(official[:2] + "新村"))
    warnings = messages(check_roster(roster, gaz, SETTINGS), Severity.WARNING)
    assert len(warnings) == 1
    assert warnings[0].startswith(f"附件1 合江县 符阳街道：村（社区）“{official[:2]}新村”不在符阳街道的区划名录中，请核对名称（相近的有：")


def test_county_name_not_in_gazetteer_is_a_warning(gaz):
    roster = Roster(Level.COUNTY, date(2021, 3, 26), [
        town(gaz, Level.COUNTY, "合江", "白沙镇", villages=["甲村"]), town(gaz, Level.COUNTY, "合江", "先市镇", villages=["乙村"])])
    warnings = messages(check_roster(roster, gaz), Severity.WARNING)
    assert warnings[0] == "附件3 合江 白沙镇：县（市、区）“合江”不在泸州市的区划名录中，请核对名称（相近的有：合江县、江阳区）"


def test_provincial_county_outside_first_batch_is_a_warning(gaz):
    towns = [town(gaz, Level.PROVINCIAL, "泸县", t, tid=i) for i, t in
             enumerate(["玉蟾街道", "福集镇", "嘉明镇", "喻寺镇", "得胜镇"], 1)]
    findings = check_roster(Roster(Level.PROVINCIAL, date(2021, 3, 26), towns), gaz, SETTINGS)
    assert messages(findings) == ["附件1 泸县：不是首批 11 个省级试点县（市、区），新增省级试点须经省中心确定，请核对"]
    assert findings[0].severity is Severity.WARNING


def test_town_in_two_levels_is_warned(gaz):
    provincial = good_provincial(gaz)
    county = Roster(Level.COUNTY, date(2021, 3, 26), [town(gaz, Level.COUNTY, "合江县", "白沙镇", villages=2)])
    assert messages(check_overlap([county, provincial])) == [
        "附件3 合江县 白沙镇：该乡镇（街道）已列入附件1（省级试点），各级试点应避免重复，请核对"]


def test_unit_must_be_set_before_anything(gaz):
    findings = check_all([good_provincial(gaz)], gaz, Settings())
    assert findings[0].message.startswith("填报单位未设置")
    assert findings[0].severity is Severity.ERROR


def test_province_scale_roster_checks_without_errors_from_matching(gaz):
    """Every town and village of the gazetteer on one roster: matched, so no name warnings."""
    towns = []
    for t in gaz.towns:
        county = gaz.get(t.parent_code)
        city = gaz.get(county.parent_code)
        entry = TownEntry(Level.COUNTY, city.name, county.name, t.name, "一般乡镇",
                          villages=[Village(v.name, v.code) for v in gaz.children_of(t.code)])
        towns.append(entry)
    findings = check_roster(Roster(Level.COUNTY, date(2021, 3, 26), towns), gaz)
    assert not [f for f in findings if "区划名录" in f.message]


def test_village_and_community_of_the_same_name_are_not_duplicates(gaz):
    """贡井区 五宝镇 has both 五宝社区 and 五宝村: two real places, never a duplicate."""
    county = gaz.find("county", "贡井区", gaz.find("city", "自贡市").code)
    town = gaz.find("town", "五宝镇", county.code)
    pair = [p for p in gaz.children_of(town.code) if p.name in ("五宝社区", "五宝村")]
    assert len(pair) == 2
    entry = TownEntry(Level.COUNTY, "自贡市", "贡井区", "五宝镇", "中心镇",
                      villages=[Village(p.name, p.code) for p in pair])
    findings = check_roster(Roster(Level.COUNTY, date(2021, 3, 26), [resolve_entry(entry, gaz)]), gaz)
    assert not [f for f in findings if "重复" in f.message]
