"""Reporting units of every role, the shared settings validation and the unit a file brings."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.domain.model import ReportingUnit, Settings
from desktop.domain.places.units import (
    PROVINCE_OFFICE,
    Role,
    SettingsChange,
    SettingsInputError,
    apply_settings_change,
    default_report_day,
    resolve_region,
    role_of,
    unit_decision,
    unit_from_office,
)

LUZHOU = ReportingUnit("5105", "泸州市", "泸州市政务服务管理局")


@pytest.mark.parametrize(("text", "code", "name"), [
    ("泸州市", "5105", "泸州市"),
    ("5105", "5105", "泸州市"),
    (" 泸 县 ", "510521", "泸县"),
    ("四川省", "51", "四川省"),
    ("51", "51", "四川省"),
    ("乐山市市中区", "511102", "市中区"),
    ("市中区（内江市）", "511002", "市中区"),
    ("市中区(乐山市)", "511102", "市中区"),
    ("510521100", "510521100", "福集镇"),
    ("泸县福集镇", "510521100", "福集镇"),
])
def test_region_by_name_or_code(gaz, text, code, name):
    assert resolve_region(gaz, text) == (code, name)


@pytest.mark.parametrize(("text", "message"), [
    ("", "地区未填写：请写市（州）、县（市、区）、乡镇（街道）的名称或代码，或“四川省”"),
    ("泸洲市", "地区“泸洲市”不在四川省区划名录中，相近的有：泸州市、泸县、泸定县；请写正式名称或代码"),
    ("市中区", "地区“市中区”在四川省有 2 处（市中区（内江市） 511002、市中区（乐山市） 511102），"
              "请连上级一起写，如“内江市市中区”，或写代码"),
    ("5199", "地区代码“5199”不是四川省的市（州）、县（市、区）或乡镇（街道）代码，"
             "请按统计用区划代码填写，如泸州市 5105、泸县 510521"),
    ("510521100001", "地区代码“510521100001”不是四川省的市（州）、县（市、区）或乡镇（街道）代码，"
                     "请按统计用区划代码填写，如泸州市 5105、泸县 510521"),
])
def test_unknown_or_ambiguous_region_names_the_closest_official_names(gaz, text, message):
    with pytest.raises(SettingsInputError) as exc:
        resolve_region(gaz, text)
    assert str(exc.value) == message


@pytest.mark.parametrize(("code", "role", "day"), [
    ("51", Role.PROVINCE, 25), ("5105", Role.CITY, 25), ("510521", Role.COUNTY, 20),
    ("510521100", Role.TOWN, 15), (None, Role.NONE, 25),
])
def test_role_and_its_default_report_day(code, role, day):
    assert role_of(ReportingUnit(code, "x", "")) is role
    assert default_report_day(role, {"city": 25, "county": 20}) == day


def test_settings_change_applies_every_field(gaz):
    new = apply_settings_change(gaz, Settings(), SettingsChange(
        region="泸县", office="泸县政务服务管理局", deadline="2021年3月31日", report_day="18"))
    assert new.unit == ReportingUnit("510521", "泸县", "泸县政务服务管理局")
    assert (new.deadline, new.report_day) == (date(2021, 3, 31), 18)
    cleared = apply_settings_change(gaz, new, SettingsChange(deadline="", report_day="0"))
    assert (cleared.deadline, cleared.report_day, cleared.unit) == (None, None, new.unit)


def test_province_gets_the_provincial_centre_as_office(gaz):
    new = apply_settings_change(gaz, Settings(), SettingsChange(region="四川省"))
    assert new.unit == ReportingUnit("51", "四川省", PROVINCE_OFFICE)
    assert new.unit.display == PROVINCE_OFFICE


@pytest.mark.parametrize(("change", "message"), [
    (SettingsChange(report_day="29"), "月报截止日“29”不对：请写 1 到 28 之间的日子，或写 0 用默认（市 25 日，县 20 日，乡镇 15 日）"),
    (SettingsChange(report_day="abc"), "月报截止日“abc”不对：请写 1 到 28 之间的日子，或写 0 用默认（市 25 日，县 20 日，乡镇 15 日）"),
    (SettingsChange(deadline="2021-02-30"), "名单截止日期“2021-02-30”中 2 月没有 30 日，请写成 2021年3月31日 或 2021-03-31"),
    (SettingsChange(office="局" * 61), "单位名称：内容过长（61 个字），最多 60 个字，请精简"),
    (SettingsChange(office="九支镇便民服务中心\r\nBcc: x"), "单位名称：含有换行，请写在一行内"),
    (SettingsChange(office="九支镇\u202e便民服务中心"), "单位名称：含有不可见的控制字符，请删除后重新输入"),
    (SettingsChange(region="泸县"), "地区由“泸州市”改为“泸县”，原单位名称“泸州市政务服务管理局”可能不再适用：请同时填写新的单位名称"),
])
def test_bad_settings_are_refused_with_the_field_named(gaz, change, message):
    with pytest.raises(SettingsInputError) as exc:
        apply_settings_change(gaz, Settings(unit=LUZHOU), change)
    assert str(exc.value) == message


@pytest.mark.parametrize(("office", "code", "name"), [
    ("泸州市政务服务管理局", "5105", "泸州市"),
    ("泸县政务服务管理局", "510521", "泸县"),
    ("泸州市泸县福集镇便民服务中心", "510521100", "福集镇"),
    ("四川省政府政务服务和公共资源交易服务中心", "51", "四川省"),
    ("四川省泸州市政务服务管理局", "5105", "泸州市"),
    ("某某单位", None, ""),
])
def test_unit_read_from_a_workbooks_office_line(gaz, office, code, name):
    unit = unit_from_office(gaz, office)
    assert (unit.region_code, unit.region_name, unit.office) == (code, name, office)


def test_database_without_unit_adopts_the_one_unit_of_the_files():
    unit, note = unit_decision(ReportingUnit(), [LUZHOU, None, LUZHOU])
    assert unit == LUZHOU
    assert note == "本机尚未设置填报单位，导入后采用文件中的填报单位“泸州市政务服务管理局”（可在“设置 → 填报单位”中修改）"


def test_files_naming_different_units_adopt_none():
    other = ReportingUnit("5101", "成都市", "成都市政务服务管理局")
    unit, note = unit_decision(ReportingUnit(), [LUZHOU, other])
    assert unit is None
    assert note == ("这些文件写的填报单位各不相同（“泸州市政务服务管理局”、“成都市政务服务管理局”），"
                    "本机的填报单位没有自动设置，请在“设置 → 填报单位”中填写")


def test_unit_already_set_is_never_overwritten_and_a_difference_is_said():
    other = ReportingUnit("5101", "成都市", "成都市政务服务管理局")
    assert unit_decision(LUZHOU, [other]) == (
        None, "注意：文件中的填报单位“成都市政务服务管理局”与本机设置的“泸州市政务服务管理局”不同，本机的填报单位不变")
    assert unit_decision(LUZHOU, [LUZHOU]) == (None, "")
    township = ReportingUnit("510521100", "福集镇", "福集镇便民服务中心")
    assert unit_decision(LUZHOU, [township]) == (None, "")  # a township of ours sending upward


@pytest.mark.parametrize(("code", "region", "office", "warning"), [
    ("510184109", "街子镇", "九支镇便民服务中心",
     "单位名称“九支镇便民服务中心”写的是九支镇（泸州市合江县），与地区“街子镇（成都市崇州市）”不是同一处，请核对地区或单位名称"),
    ("510521", "泸县", "泸州市政务服务管理局",
     "单位名称“泸州市政务服务管理局”写的是泸州市，与地区“泸县（泸州市）”不是同一处，请核对地区或单位名称"),
    ("510522", "合江县", "合江县九支镇便民服务中心",
     "单位名称“合江县九支镇便民服务中心”写的是九支镇（泸州市合江县），与地区“合江县（泸州市）”不是同一处，请核对地区或单位名称"),
    ("510184109", "街子镇", "街子镇便民服务中心", ""),  # a name that repeats: one of them is the region
    ("510184109", "街子镇", "崇州市街子镇便民服务中心", ""),
    ("510521100", "福集镇", "泸县福集镇便民服务中心", ""),
    ("5105", "泸州市", "泸州市政务服务管理局", ""),
    ("5105", "泸州市", "四川省泸州市政务服务管理局", ""),
    ("51", "四川省", "四川省政府政务服务和公共资源交易服务中心", ""),
    ("510522", "合江县", "政务服务中心", ""),  # names no place
])
def test_an_office_naming_another_place_than_the_region_is_pointed_out(gaz, code, region, office, warning):
    from desktop.domain.places.units import office_mismatch

    assert office_mismatch(gaz, ReportingUnit(code, region, office)) == warning


@pytest.mark.parametrize("region, office, shown", [
    ("泸州市", "政务服务管理局", "泸州市政务服务管理局"),
    ("泸州市", "泸州市政务服务管理局", "泸州市政务服务管理局"),
    ("合江县", "泸州市合江县政务服务中心", "泸州市合江县政务服务中心"),  # the region inside: as typed
    ("泸州市", "四川省泸州市政务服务管理局", "四川省泸州市政务服务管理局"),
    ("符阳街道", "合江县符阳街道便民服务中心", "合江县符阳街道便民服务中心"),
    ("合江县", "", "合江县"),
    (None, "政务服务中心", "政务服务中心"),
])
def test_the_unit_is_written_with_its_region_once(region, office, shown):
    code = {"泸州市": "5105", "合江县": "510522", "符阳街道": "510522100"}.get(region)
    assert ReportingUnit(code, region or "", office).display == shown
