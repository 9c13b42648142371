"""The direct subordinate units of a unit — who reports to whom: the province takes its 21 cities, a
city its counties, a county its towns where it takes township packages. One answer for the 汇总 of a
月报, the 月报 board's columns, the checks of imported reports and the 收件情况 board."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from desktop.domain.model import ReportingUnit
from desktop.domain.names import compact
from desktop.domain.places.gazetteer import Gazetteer, Place
from desktop.domain.places.units import PROVINCE_CODE, PROVINCE_NAME, Role, role_of

_BELOW = {Role.PROVINCE: Role.CITY, Role.CITY: Role.COUNTY, Role.COUNTY: Role.TOWN}
_KIND = {Role.CITY: "city", Role.COUNTY: "county", Role.TOWN: "town"}
_WORDS = {Role.CITY: "市（州）", Role.COUNTY: "县（市、区）", Role.TOWN: "乡镇（街道）"}
_SHORT = {Role.CITY: "各市（州）", Role.COUNTY: "各县", Role.TOWN: "各乡镇"}


@dataclass(frozen=True)
class Subordinate:
    """A unit reporting to ours: its region's code and name (the name its reports are filed under)."""

    code: str
    name: str
    role: Role


def subordinate_role(role: Role) -> Role | None:
    """The role of the units that report to a unit of ``role`` (None for a town or no unit)."""
    return _BELOW.get(role)


def subordinate_word(role: Role) -> str:
    """市（州） / 县（市、区） / 乡镇（街道）: what the subordinates of ``role`` are called."""
    below = subordinate_role(role)
    return _WORDS[below] if below else ""


def compile_title(role: Role) -> str:
    """The 汇总 action's name at this level: 汇总各市（州） for the province, 汇总各县 for a city (and a
    database with no unit yet)."""
    below = subordinate_role(role)
    return f"汇总{_SHORT[below]}" if below else "汇总各县"


def subordinates(gaz: Gazetteer, unit: ReportingUnit, present: Iterable[str] = ()) -> list[Subordinate]:
    """The direct subordinate units of ``unit``, in the gazetteer's order: the province's 21 cities, a
    city's counties; a county's towns only where it takes township packages — the towns named in
    ``present`` (its rosters' towns, the regions of reports and files received). Empty for a town or
    a unit not set."""
    role = role_of(unit)
    below = subordinate_role(role)
    if below is None:
        return []
    if role is Role.PROVINCE:
        return [Subordinate(p.code, p.name, below) for p in gaz.cities]
    children = [p for p in gaz.children_of(unit.region_code) if p.kind == _KIND[below]]
    if role is Role.CITY:
        return [Subordinate(p.code, p.name, below) for p in children]
    wanted = {compact(name) for name in present}
    return [Subordinate(p.code, p.name, below) for p in children if p.name in wanted or p.code in wanted]


def region_role(gaz: Gazetteer, name: str) -> Role:
    """The role of the unit whose reports are filed under ``name``: 四川省, a city, a county, a town;
    NONE when the name is not a region of the gazetteer (an office's name)."""
    text = compact(name)
    if text in (PROVINCE_NAME, "四川"):
        return Role.PROVINCE
    for role, kind in _KIND.items():
        if gaz.find_all(kind, text):
            return role
    return Role.NONE


def place_below(gaz: Gazetteer, unit: ReportingUnit, name: str) -> Place | None:
    """The place named ``name`` inside the unit's region (any level below it), when exactly one is."""
    code = unit.region_code or ""
    if not code:
        return None
    prefix = "" if code == PROVINCE_CODE else code
    text = compact(name)
    hits = [p for kind in ("city", "county", "town") for p in gaz.find_all(kind, text)
            if p.code.startswith(prefix) and p.code != code]
    return hits[0] if len(hits) == 1 else None


def holder_of(gaz: Gazetteer, unit: ReportingUnit, subs: list[Subordinate], name: str) -> Subordinate | None:
    """The direct subordinate whose region holds the region named ``name`` (a county → its city at the
    province); None when ``name`` is a direct subordinate itself or lies outside the unit."""
    place = place_below(gaz, unit, name)
    if place is None:
        return None
    for sub in subs:
        if place.code != sub.code and place.code.startswith(sub.code):
            return sub
    return None
