"""Township, county and city offices for exchange tests: each a database of its own with its part
of the roster, as it would sit on that office's PC."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from desktop.domain.model import Level, ReportingUnit, Roster, Settings, TownEntry, Village
from desktop.domain.places.gazetteer import Gazetteer
from desktop.exchange.package.archive import Package, write_package
from desktop.store.database import Store, open_store

COUNTY = ("510522", "合江县")
TOWNSHIPS = {"榕山镇": ("中心镇", 4), "白沙镇": ("重点镇", 3), "尧坝镇": ("特色小镇", 2)}


def town(gaz: Gazetteer, name: str, kind: str = "中心镇", villages: int = 3, county: str = "合江县",
         level: Level = Level.COUNTY, note: str = "") -> TownEntry:
    k = gaz.find("county", county)
    c = gaz.get(k.parent_code)
    t = gaz.find("town", name, k.code)
    vs = [Village(v.name, v.code) for v in gaz.children_of(t.code)[:villages]]
    return TownEntry(level, c.name, k.name, t.name, kind, note, c.code, k.code, t.code, vs)


def office(folder: Path, name: str, unit: ReportingUnit, entries: list[TownEntry] = (),
           filled_on: date | None = None) -> Store:
    """A new database for one office with its settings and towns."""
    store = open_store(folder / f"{name}.sqlite")
    store.save_settings(Settings(unit))
    if entries:
        levels = {e.level for e in entries}
        store.add_rosters([Roster(lv, filled_on, [e for e in entries if e.level is lv]) for lv in levels])
    return store


def township(folder: Path, gaz: Gazetteer, name: str) -> Store:
    kind, villages = TOWNSHIPS[name]
    unit = ReportingUnit(COUNTY[0], COUNTY[1], f"{name}便民服务中心")
    return office(folder, name, unit, [town(gaz, name, kind, villages)], date(2021, 3, 20))


def county_office(folder: Path, name: str = "合江县") -> Store:
    return office(folder, name, ReportingUnit(COUNTY[0], COUNTY[1], "合江县政务服务中心"))


def city_office(folder: Path) -> Store:
    return office(folder, "泸州市", ReportingUnit("5105", "泸州市", "泸州市政务服务管理局"))


def package_of(store: Store, out: Path, scope: str = "", made_at: datetime | None = None) -> Package:
    """What `python -m desktop package` writes, from a store."""
    from desktop.exchange.package.archive import select_scope

    _, rosters, reports = select_scope(store.load_rosters(), store.reports(), scope)
    return write_package(out, rosters, reports, store.settings().unit, store.provenances(), scope, made_at)
