"""Reporting units (填报单位) of every role — township centre, county, city, provincial centre — and the
one validation of settings shared by the settings dialog and ``python -m desktop settings``."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, replace
from datetime import date

from desktop.domain.dates import format_cn, parse_day
from desktop.domain.model import ReportingUnit, Settings, TownEntry
from desktop.domain.names import clean_text, compact
from desktop.domain.places.gazetteer import Gazetteer, Place
from desktop.domain.text_rules import TextError, text_value

PROVINCE_CODE = "51"
PROVINCE_NAME = "四川省"
PROVINCE_OFFICE = "四川省政府政务服务和公共资源交易服务中心"
MAX_REPORT_DAY = 28


class Role(enum.Enum):
    """Who keeps the database: the role follows from the unit's region code."""

    NONE = "none"
    TOWN = "town"
    COUNTY = "county"
    CITY = "city"
    PROVINCE = "province"

    @property
    def label(self) -> str:
        return {"none": "未设置", "town": "乡镇（街道）", "county": "县（市、区）", "city": "市（州）",
                "province": "省"}[self.value]


def role_of(unit: ReportingUnit) -> Role:
    code = unit.region_code or ""
    if code == PROVINCE_CODE:
        return Role.PROVINCE
    return {4: Role.CITY, 6: Role.COUNTY, 9: Role.TOWN}.get(len(code), Role.NONE)


def default_days_text(deadline_days: dict[str, int] | None = None) -> str:
    """市 25 日，县 20 日，乡镇 15 日: the default 月报 day of each level, as messages and the settings
    dialog say it."""
    days = deadline_days or {}
    return "，".join(f"{word} {default_report_day(role, days)} 日"
                    for role, word in ((Role.CITY, "市"), (Role.COUNTY, "县"), (Role.TOWN, "乡镇")))


def default_report_day(role: Role, deadline_days: dict[str, int]) -> int:
    """The 月报 day when none is set: a town reports to its county before the county's day, the
    county to its city before the city's day (the file's days), the city and province by the 25th."""
    city = deadline_days.get("city", 25)
    county = deadline_days.get("county", min(city, 20))
    if role is Role.TOWN:
        return deadline_days.get("town", max(1, county - 5))
    if role is Role.COUNTY:
        return county
    return city


def in_scope(entry: TownEntry, unit: ReportingUnit) -> bool:
    """True when the row lies inside the unit's region (any row for the province or no unit).
    Rows without codes are judged by name: a town's, county's or city's name."""
    code = unit.region_code or ""
    role = role_of(unit)
    if role in (Role.NONE, Role.PROVINCE):
        return True
    own = {Role.TOWN: entry.town_code, Role.COUNTY: entry.county_code, Role.CITY: entry.city_code}[role]
    if own:
        return own == code
    name = {Role.TOWN: entry.town, Role.COUNTY: entry.county, Role.CITY: entry.city}[role]
    return not name.strip() or compact(name) == compact(unit.region_name)


class SettingsInputError(ValueError):
    """A settings value that cannot be taken; the message names the field and what to write."""


_CODE = re.compile(r"^\d{2}(\d{2}(\d{2}(\d{3})?)?)?$")


def _label(gaz: Gazetteer, place: Place) -> str:
    parents: list[str] = []
    parent = gaz.parent(place)
    while parent is not None:
        parents.append(parent.name)
        parent = gaz.parent(parent)
    return f"{place.name}（{''.join(reversed(parents))}）" if parents else place.name


def _closest(gaz: Gazetteer, text: str) -> list[str]:
    names = gaz.suggest(text, gaz.cities + gaz.counties, n=3)
    if len(names) < 3:
        names += [n for n in gaz.suggest(text, gaz.towns, n=3 - len(names)) if n not in names]
    return names


def resolve_region(gaz: Gazetteer, text: str) -> tuple[str, str]:
    """The region typed for a unit → (code, name). A code (51, 5105, 510521, 510521100) or a name:
    四川省, a city, a county or a town; a county or town name that repeats in Sichuan must be written
    with its parent (泸州市市中区 or 市中区（泸州市）; 泸县福集镇 or 福集镇（泸县）)."""
    raw = clean_text(text)
    value = compact(raw).replace("(", "（").replace(")", "）")
    if not value:
        raise SettingsInputError("地区未填写：请写市（州）、县（市、区）、乡镇（街道）的名称或代码，或“四川省”")
    if value.isdigit():
        if value == PROVINCE_CODE:
            return PROVINCE_CODE, PROVINCE_NAME
        place = gaz.get(value) if _CODE.match(value) else None
        if place is None or place.kind == "village":
            raise SettingsInputError(f"地区代码“{raw}”不是四川省的市（州）、县（市、区）或乡镇（街道）代码，"
                                     "请按统计用区划代码填写，如泸州市 5105、泸县 510521")
        return place.code, place.name
    if value in (PROVINCE_NAME, "四川"):
        return PROVINCE_CODE, PROVINCE_NAME
    parent_hint = ""
    m = re.match(r"^(.+?)（(.+)）$", value)
    if m:
        value, parent_hint = m.group(1), m.group(2)
    hits: list[Place] = []
    for kind in ("city", "county", "town"):
        hits += gaz.find_all(kind, value)
    if not hits:  # 泸州市市中区 / 泸县福集镇: the parent written first
        for parent in gaz.cities + gaz.counties:
            if value.startswith(parent.name) and len(value) > len(parent.name):
                rest = value[len(parent.name):]
                hits += [p for p in gaz.children_of(parent.code) if p.name == rest]
    if parent_hint:
        hits = [p for p in hits if parent_hint in _label(gaz, p)]
    if len(hits) == 1:
        return hits[0].code, hits[0].name
    if len(hits) > 1:
        options = "、".join(f"{_label(gaz, p)} {p.code}" for p in hits[:6])
        parent = gaz.parent(hits[0])
        example = f"{parent.name}{hits[0].name}" if parent else hits[0].name
        raise SettingsInputError(f"地区“{raw}”在四川省有 {len(hits)} 处（{options}），"
                                 f"请连上级一起写，如“{example}”，或写代码")
    closest = _closest(gaz, value)
    hint = f"，相近的有：{'、'.join(closest)}" if closest else ""
    raise SettingsInputError(f"地区“{raw}”不在四川省区划名录中{hint}；请写正式名称或代码")


def region_label(gaz: Gazetteer, code: str | None) -> str:
    """A region with its parents, as the settings show it: 街子镇（成都市崇州市）, 泸州市, 四川省."""
    if code == PROVINCE_CODE:
        return PROVINCE_NAME
    place = gaz.get(code) if code else None
    return _label(gaz, place) if place is not None else ""


def office_places(gaz: Gazetteer, office: str) -> list[Place]:
    """The place an office's name starts with, as deep as it is written: 泸县福集镇便民服务中心 → 福集镇 of
    泸县; 九支镇便民服务中心 → every 九支镇 of Sichuan (a town name alone may repeat); [] when it names none."""
    rest = compact(clean_text(office)).removeprefix(PROVINCE_NAME)
    found: list[Place] = []
    pool: list[Place] = gaz.cities + gaz.counties + gaz.towns
    while pool and rest:
        hits = [p for p in pool if len(p.name) > 1 and rest.startswith(p.name)]
        if not hits:
            break
        longest = max(len(p.name) for p in hits)
        found = [p for p in hits if len(p.name) == longest]
        rest = rest[longest:]
        pool = [c for p in found if p.kind in ("city", "county") for c in gaz.children_of(p.code)]
    return found


def office_mismatch(gaz: Gazetteer, unit: ReportingUnit) -> str:
    """'' when the office's name fits the region, else a warning: the name names another place than the
    region (a town's 九支镇便民服务中心 with the region 街子镇). Shared by the settings dialog and
    ``python -m desktop settings``; a warning only (the unit is saved)."""
    if not unit.region_code or not unit.office:
        return ""
    named = office_places(gaz, unit.office)
    if not named or any(p.code == unit.region_code for p in named):
        return ""
    names = "或".join(_label(gaz, p) for p in named[:3]) + ("等" if len(named) > 3 else "")
    return (f"单位名称“{unit.office}”写的是{names}，与地区“{region_label(gaz, unit.region_code)}”不是同一处，"
            "请核对地区或单位名称")


@dataclass(frozen=True)
class SettingsChange:
    """What the user asked to change; None leaves a value as it is, "" clears it."""

    region: str | None = None
    office: str | None = None
    deadline: str | None = None
    report_day: str | None = None


def apply_settings_change(gaz: Gazetteer, current: Settings, change: SettingsChange) -> Settings:
    """The settings after the change, or SettingsInputError naming the first wrong field."""
    unit = current.unit
    if change.region is not None:
        if clean_text(change.region):
            code, name = resolve_region(gaz, change.region)
            if code != unit.region_code and change.office is None and unit.office:
                raise SettingsInputError(f"地区由“{unit.region_name or '未设置'}”改为“{name}”，原单位名称“{unit.office}”"
                                         "可能不再适用：请同时填写新的单位名称")
            unit = replace(unit, region_code=code, region_name=name)
        else:
            unit = replace(unit, region_code=None, region_name="")
    if change.office is not None:
        try:
            office = text_value(change.office, "单位名称", "office")
        except TextError as exc:
            raise SettingsInputError(str(exc)) from exc
        unit = replace(unit, office=office)
    if role_of(unit) is Role.PROVINCE and not unit.office:
        unit = replace(unit, office=PROVINCE_OFFICE)
    deadline = current.deadline
    if change.deadline is not None:
        deadline = parse_deadline(change.deadline)
    day = current.report_day
    if change.report_day is not None:
        day = parse_report_day(change.report_day)
    return replace(current, unit=unit, deadline=deadline, report_day=day)


def parse_deadline(text: str) -> date | None:
    try:
        return parse_day(text, "名单截止日期", "2021年3月31日 或 2021-03-31")
    except ValueError as exc:
        raise SettingsInputError(str(exc)) from exc


def parse_report_day(text: str) -> int | None:
    value = text.strip().removesuffix("日").removeprefix("每月").strip()
    if not value or value in ("0", "默认"):
        return None
    if not value.isdigit() or not 1 <= int(value) <= MAX_REPORT_DAY:
        raise SettingsInputError(f"月报截止日“{text.strip()}”不对：请写 1 到 {MAX_REPORT_DAY} 之间的日子，"
                                 f"或写 0 用默认（{default_days_text()}）")
    return int(value)


def describe_settings(settings: Settings, deadline_days: dict[str, int]) -> list[str]:
    """The settings as lines for the command line."""
    unit = settings.unit
    role = role_of(unit)
    day = settings.report_day
    default = default_report_day(role, deadline_days)
    return [
        f"填报单位：{unit.display or '（未设置）'}",
        f"地区：{unit.region_name or '（未设置）'}" + (f"（代码 {unit.region_code}，{role.label}）" if unit.region_code else ""),
        f"单位名称：{unit.office or '（未设置）'}",
        f"名单截止日期：{format_cn(settings.deadline) or '（未设置）'}",
        f"月报截止日：每月 {day} 日" if day else f"月报截止日：默认（每月 {default} 日）",
    ]


# -- the unit written in an imported file ------------------------------------------------------------
def unit_from_office(gaz: Gazetteer, office: str) -> ReportingUnit:
    """A workbook's 填报单位 text → a unit whose region is read from the start of the text
    (泸州市政务服务管理局 → 泸州市; 泸县福集镇便民服务中心 → 福集镇); no region when none is named."""
    text = clean_text(office)
    rest = compact(text)
    if not rest:
        return ReportingUnit()
    if rest.startswith(PROVINCE_NAME):
        after = rest[len(PROVINCE_NAME):]
        if not any(after.startswith(c.name) for c in gaz.cities):
            return ReportingUnit(PROVINCE_CODE, PROVINCE_NAME, text)
        rest = after
    found: Place | None = None
    pool: list[Place] = gaz.cities + gaz.counties
    while pool:
        hits = [p for p in pool if rest.startswith(p.name)]
        if not hits:
            break
        longest = max(len(p.name) for p in hits)
        hits = [p for p in hits if len(p.name) == longest]
        if len(hits) != 1:
            break
        found, rest = hits[0], rest[longest:]
        pool = gaz.children_of(found.code) if found.kind in ("city", "county") else []
    if found is None:
        return ReportingUnit(None, "", text)
    return ReportingUnit(found.code, found.name, text)


def same_unit(a: ReportingUnit, b: ReportingUnit) -> bool:
    """The same 填报单位 (the same region, and the same office where both name one)."""
    if a.region_code and b.region_code and a.region_code != b.region_code:
        return False
    return compact(a.display) == compact(b.display) or (
        bool(a.region_code) and a.region_code == b.region_code and (not a.office or not b.office))


def lies_below(unit: ReportingUnit, own: ReportingUnit) -> bool:
    """The file's unit lies inside ours (a township's package at its county)."""
    code, mine = unit.region_code or "", own.region_code or ""
    return bool(code and mine) and code != mine and code.startswith(mine)


def unit_decision(local: ReportingUnit, units: list[ReportingUnit | None]) -> tuple[ReportingUnit | None, str]:
    """(the unit to adopt, or None; a note for the preview). A database with no unit adopts the one
    unit its files name; a unit already set is never changed, and a file naming another unit (not one
    below ours) is pointed out."""
    named: list[ReportingUnit] = []
    for unit in units:
        if unit is not None and unit.display and not any(same_unit(unit, u) for u in named):
            named.append(unit)
    if not named:
        return None, ""
    names = "、".join(f"“{u.display}”" for u in named)
    if not local.display:
        if len(named) == 1:
            return named[0], (f"本机尚未设置填报单位，导入后采用文件中的填报单位{names}"
                              "（可在“设置 → 填报单位”中修改）")
        return None, (f"这些文件写的填报单位各不相同（{names}），本机的填报单位没有自动设置，"
                      "请在“设置 → 填报单位”中填写")
    other = [u for u in named if not same_unit(u, local) and not lies_below(u, local)]
    if not other:
        return None, ""
    names = "、".join(f"“{u.display}”" for u in other)
    return None, f"注意：文件中的填报单位{names}与本机设置的“{local.display}”不同，本机的填报单位不变"
