"""Roster validation rules (填报说明 of 附件1/2/3). Each returns a list of findings.

Messages are Chinese, name the list, county, town (and village) and say what to do.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable

from desktop.domain.dates import format_cn
from desktop.domain.findings import Finding, Location, error, warning
from desktop.domain.model import (
    FIRST_BATCH_PROVINCIAL,
    TOWN_TYPES,
    Level,
    Roster,
    Settings,
    TownEntry,
    town_type_for_level,
)
from desktop.domain.names import compact, village_short_name
from desktop.domain.places.gazetteer import Gazetteer
from desktop.domain.places.units import Role, in_scope, role_of

MIN_TOWNS_PROVINCIAL = 5
MIN_VILLAGES_PROVINCIAL = 10
MAX_COUNTIES_CITY = 2
MIN_TOWNS_COUNTY = 2



def _types_text(level: Level) -> str:
    names = [town_type_for_level(t, level) for t in TOWN_TYPES]
    return "、".join(names[:-1]) + "或" + names[-1]


def row_label(entry: TownEntry, row: int, gaz: Gazetteer | None = None) -> str:
    """附件1 合江县 榕山镇 — or 第3行 when the row has no town yet. A county name that repeats in
    Sichuan (市中区 of 乐山市 and of 内江市) is written with its city when the gazetteer is given."""
    parts = [entry.level.attachment]
    if entry.county:
        repeated = gaz is not None and entry.city and compact(entry.county) in gaz.repeated_county_names
        parts.append(f"{entry.city}{entry.county}" if repeated else entry.county)
    parts.append(entry.town or f"第{row}行")
    return " ".join(parts)


class _RowLabel:
    """``row_label`` worked out when first written into a message."""

    __slots__ = ("entry", "row", "gaz", "text")

    def __init__(self, entry: TownEntry, row: int, gaz: Gazetteer) -> None:
        self.entry, self.row, self.gaz, self.text = entry, row, gaz, ""

    def __str__(self) -> str:
        if not self.text:
            self.text = row_label(self.entry, self.row, self.gaz)
        return self.text

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


def _suggest_text(suggestions: list[str]) -> str:
    return f"（相近的有：{'、'.join(suggestions)}）" if suggestions else ""


def check_entry(entry: TownEntry, row: int, gaz: Gazetteer) -> list[Finding]:
    """Rules on one town row: required fields, town type, gazetteer membership, duplicate villages."""
    out: list[Finding] = []
    label = _RowLabel(entry, row, gaz)  # made only when a finding needs it (most rows have none)

    def loc(field: str, village: str | None = None) -> Location:
        return Location(entry.level, entry.id, field, village)

    for field, title in (("city", "市（州）"), ("county", "县（市、区）"), ("town", "乡镇（街道）")):
        if not getattr(entry, field).strip():
            out.append(error(loc(field), f"{label}：{title}未填写，请从列表中选择或输入"))
    if not entry.town_type.strip():
        out.append(error(loc("town_type"), f"{label}：乡镇类型未填写，请选择{_types_text(entry.level)}"))
    elif entry.town_type not in TOWN_TYPES:
        out.append(error(loc("town_type"),
                         f"{label}：乡镇类型“{entry.town_type}”不是规定的类型，请改为{_types_text(entry.level)}"))

    city = gaz.find("city", entry.city) if entry.city.strip() else None
    if entry.city.strip() and city is None:
        out.append(warning(loc("city"), f"{label}：市（州）“{entry.city}”不在四川省区划名录中，请核对名称"
                                        f"{_suggest_text(gaz.suggest(entry.city, gaz.cities))}"))
    county = None
    if entry.county.strip():
        county = gaz.find("county", entry.county, city.code if city else None)
        if county is None and city is not None:
            elsewhere = [p for p in gaz.find_all("county", entry.county)]
            if elsewhere:
                owner = gaz.get(elsewhere[0].parent_code)
                out.append(error(loc("county"), f"{label}：{entry.county}不属于{city.name}"
                                                f"（属于{owner.name if owner else '其他市（州）'}），请重新选择市（州）或县（市、区）"))
            else:
                out.append(warning(loc("county"), f"{label}：县（市、区）“{entry.county}”不在{city.name}的区划名录中，请核对名称"
                                                  f"{_suggest_text(gaz.suggest(entry.county, gaz.children_of(city.code)))}"))
        elif county is None:
            out.append(warning(loc("county"), f"{label}：县（市、区）“{entry.county}”不在四川省区划名录中，请核对名称"
                                              f"{_suggest_text(gaz.suggest(entry.county, gaz.counties))}"))
    town = None
    if entry.town.strip() and county is not None:
        town = gaz.find("town", entry.town, county.code)
        if town is None:
            others = [p for p in gaz.find_all("town", entry.town)]
            if others:
                owner = gaz.get(others[0].parent_code)
                out.append(error(loc("town"), f"{label}：{entry.town}不属于{county.name}"
                                              f"（属于{owner.name if owner else '其他县'}），请重新选择乡镇（街道）"))
            else:
                out.append(warning(loc("town"), f"{label}：乡镇（街道）“{entry.town}”不在{county.name}的区划名录中，请核对名称"
                                                f"{_suggest_text(gaz.suggest(entry.town, gaz.children_of(county.code)))}"))

    # a village of this town under its shown name (its code begins with the town's): short already
    shown = gaz.village_names()
    known = [town is not None and bool(v.code) and v.code[:9] == town.code and shown.get(v.code) == v.name
             for v in entry.villages]
    if all(known) and len({v.name for v in entry.villages}) == len(known):
        # every village the town's own, under its shown name, none twice: the usual row (a whole check of
        # the province has 34,412 of them), on which the village rules below find nothing
        return out + _village_count(entry, loc, label)
    keys = [v.name if ok else village_short_name(v.name) for v, ok in zip(entry.villages, known, strict=True)]
    counts = Counter(keys)
    reported: set[str] = set()
    for v, key, ok in zip(entry.villages, keys, known, strict=True):
        if counts[key] > 1 and key not in reported:
            reported.add(key)
            out.append(error(loc("villages", v.name),
                             f"{label}：村（社区）“{v.name}”重复填写了 {counts[key]} 次，请删除重复项"))
        owner = _other_town(v.code, town, entry, gaz)
        if owner is not None:
            here = town.name if town is not None else f"“{entry.town}”" if entry.town.strip() else "本行的乡镇（街道）"
            out.append(error(loc("villages", v.name),
                             f"{label}：村（社区）“{v.name}”是{owner}的，不属于{here}，"
                             f"请删除它，或重新选择乡镇（街道）"))
            continue
        if town is None or ok:
            continue
        if gaz.find("village", v.name, town.code) is None:
            out.append(warning(loc("villages", v.name),
                               f"{label}：村（社区）“{v.name}”不在{town.name}的区划名录中，请核对名称"
                               f"{_suggest_text(gaz.suggest(v.name, gaz.children_of(town.code)))}"))
    return out + _village_count(entry, loc, label)


def _village_count(entry: TownEntry, loc: Callable[..., Location], label: _RowLabel) -> list[Finding]:
    if not entry.villages and entry.level is not Level.PROVINCIAL:
        return [warning(loc("villages"), f"{label}：尚未填写村（社区），请勾选或输入试点村（社区）")]
    if entry.level is Level.PROVINCIAL and len(entry.villages) < MIN_VILLAGES_PROVINCIAL:
        return [error(loc("villages"), f"{label}：只有 {len(entry.villages)} 个村（社区），"
                                       f"省级试点每个乡镇（街道）不少于 {MIN_VILLAGES_PROVINCIAL} 个，请补充")]
    return []


def _other_town(code: str | None, town, entry: TownEntry, gaz: Gazetteer) -> str | None:
    """The county and town a coded village belongs to, when that is not the row's town."""
    if not code or len(code) != 12:
        return None
    owner_code = code[:9]
    if town is not None:
        if owner_code == town.code:
            return None
    elif not entry.town.strip() or entry.town_code == owner_code:
        return None
    owner = gaz.get(owner_code)
    if owner is None or (town is None and compact(owner.name) == compact(entry.town)):
        return None
    county = gaz.parent(owner)
    return f"{county.name if county else ''}{owner.name}"


def check_roster(roster: Roster, gaz: Gazetteer, settings: Settings | None = None) -> list[Finding]:
    """Every rule of one list (附件1/2/3)."""
    level = roster.level
    att = level.attachment
    out: list[Finding] = []
    if not roster.towns:
        return out
    if roster.filled_on is None:
        out.append(error(Location(level, None, "filled_on"), f"{att}：填报时间未填写，请在名单上方填写填报时间"))
    elif settings is not None and settings.deadline is not None and roster.filled_on > settings.deadline:
        out.append(warning(Location(level, None, "filled_on"),
                           f"{att}：填报时间 {format_cn(roster.filled_on)} 晚于截止日期 {format_cn(settings.deadline)}，请核对"))

    first_row: dict[tuple[str, str, str], tuple[int, TownEntry]] = {}
    for row, entry in enumerate(roster.towns, start=1):
        out.extend(check_entry(entry, row, gaz))
        if not entry.town.strip():
            continue
        key = town_key(entry)
        if key not in first_row:
            first_row[key] = (row, entry)
            continue
        # the later row is the duplicate: it is marked, and the message names both rows
        first, original = first_row[key]
        differ = ""
        if compact(original.town_type) != compact(entry.town_type):
            differ = (f"，两行的乡镇类型不同（第 {first} 行为{original.town_type or '未填写'}，"
                      f"第 {row} 行为{entry.town_type or '未填写'}）")
        out.append(error(Location(level, entry.id, "town"),
                         f"{row_label(entry, row, gaz)}：第 {first} 行 和 第 {row} 行 是同一个乡镇（街道）{differ}，"
                         f"请删除其中一行"))

    role = role_of(settings.unit) if settings is not None else Role.NONE
    if role is Role.TOWN:  # the county's counts are the county's to check, not a township centre's
        return out
    by_county: dict[tuple[str, str], list[TownEntry]] = defaultdict(list)
    for entry in roster.towns:
        if entry.county.strip():
            by_county[(entry.city, entry.county)].append(entry)
    for (_city, county), towns in by_county.items():
        first = towns[0]
        n = len({compact(t.town) or f"#{i}" for i, t in enumerate(towns)})  # a row without its town counts too
        loc = Location(level, first.id, "county")
        if level is Level.PROVINCIAL:
            if n < MIN_TOWNS_PROVINCIAL:
                out.append(error(loc, f"{att} {county}：只有 {n} 个乡镇（街道），省级试点每个县不少于 "
                                      f"{MIN_TOWNS_PROVINCIAL} 个，请补充"))
            if compact(county) not in FIRST_BATCH_PROVINCIAL:
                out.append(warning(loc, f"{att} {county}：不是首批 11 个省级试点县（市、区），"
                                        f"新增省级试点须经省中心确定，请核对"))
        elif level is Level.COUNTY and n < MIN_TOWNS_COUNTY:
            out.append(error(loc, f"{att} {county}：只有 {n} 个乡镇（街道），县级试点每个县不少于 "
                                  f"{MIN_TOWNS_COUNTY} 个，请补充"))
    if level is Level.CITY and role is not Role.COUNTY:  # 1–2 counties per city: the city's choice
        per_city: dict[str, list[str]] = defaultdict(list)
        first_of_city: dict[str, TownEntry] = {}
        for (city, county), towns in by_county.items():
            per_city[city].append(county)
            first_of_city.setdefault(city, towns[0])
        for city, counties in per_city.items():
            if len(counties) > MAX_COUNTIES_CITY:
                out.append(error(Location(level, first_of_city[city].id, "county"),
                                 f"{att} {city}：有 {len(counties)} 个试点县（市、区）（{'、'.join(counties)}），"
                                 f"市级试点每个市（州）确定 1-2 个，请删减"))
    return out


def town_key(entry: TownEntry) -> tuple[str, str, str]:
    """A town's identity across the province: city, county and town (two cities each have a 市中区,
    and each 市中区 a 白马镇)."""
    return compact(entry.city), compact(entry.county), compact(entry.town)


def check_overlap(rosters: Iterable[Roster], gaz: Gazetteer | None = None) -> list[Finding]:
    """A town that appears in two levels' lists (the notice asks to avoid overlap)."""
    seen: dict[tuple[str, str, str], Level] = {}
    out: list[Finding] = []
    for roster in sorted(rosters, key=lambda r: r.level.value):
        for row, entry in enumerate(roster.towns, start=1):
            if not entry.town.strip():
                continue
            key = town_key(entry)
            first = seen.get(key)
            if first is None:
                seen[key] = roster.level
            elif first is not roster.level:
                out.append(warning(Location(roster.level, entry.id, "town"),
                                   f"{row_label(entry, row, gaz)}：该乡镇（街道）已列入{first.attachment}"
                                   f"（{first.label}试点），各级试点应避免重复，请核对"))
    return out


def check_settings(settings: Settings, rosters: Iterable[Roster]) -> list[Finding]:
    if any(r.towns for r in rosters) and not settings.unit.display:
        return [error(Location(None, None, "unit"), "填报单位未设置，请在“设置 → 填报单位”中选择市（州）或县（市、区）并填写单位名称")]
    return []


def check_scope(rosters: Iterable[Roster], settings: Settings) -> list[Finding]:
    """Rows outside the unit's region: a township centre fills in its own town, a county its towns,
    a city its counties; the province holds every city."""
    unit = settings.unit
    if role_of(unit) in (Role.NONE, Role.PROVINCE):
        return []
    out: list[Finding] = []
    for roster in sorted(rosters, key=lambda r: r.level.value):
        for row, entry in enumerate(roster.towns, start=1):
            if not in_scope(entry, unit):
                out.append(warning(Location(roster.level, entry.id, "town"),
                                   f"{row_label(entry, row)}：不在本单位（{unit.display}，{unit.region_name}）的填报范围内；"
                                   f"{_SCOPE_HINT[role_of(unit)]}，请核对这一行或“设置 → 填报单位”"))
    return out


_SCOPE_HINT = {Role.TOWN: "乡镇（街道）只填报本乡镇（街道）", Role.COUNTY: "县（市、区）只填报本县的乡镇（街道）",
               Role.CITY: "市（州）只填报本市（州）的县（市、区）"}


def check_all(rosters: list[Roster], gaz: Gazetteer, settings: Settings) -> list[Finding]:
    """All findings of the database's rosters: settings first, then 附件1, 2, 3, then overlaps."""
    out = check_settings(settings, rosters) + check_scope(rosters, settings)
    for roster in sorted(rosters, key=lambda r: r.level.value):
        out.extend(check_roster(roster, gaz, settings))
    out.extend(check_overlap(rosters, gaz))
    return out
