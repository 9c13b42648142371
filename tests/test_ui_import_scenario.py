"""A county gathering three township packages (used by the import preview tests and its screenshot):
榕山镇 in conflict (both sides edited it since March), 白沙镇 changed (a village replaced),
尧坝镇 new with one village typed as a name the gazetteer does not know, and a monthly report."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from corpus.offices import TOWNSHIPS, county_office, package_of, township

from desktop.domain.merge.preview import Kind, build_preview
from desktop.domain.model import Level, Village
from desktop.domain.monthly.report import MonthlyReport, YearMonth
from desktop.domain.places.gazetteer import Gazetteer
from desktop.store.database import Store

MARCH, APRIL = datetime(2021, 3, 20, 9, 30), datetime(2021, 4, 2, 16, 10)
UNKNOWN_VILLAGE, SUGGESTED = "鼓楼村", "鼓楼山村"


def package_name(town: str, made: datetime) -> str:
    return f"交换包-合江县{town}便民服务中心-{made:%Y%m%d}.zctb"


def county_scenario(folder: Path, gaz: Gazetteer) -> tuple[Store, list[Path]]:
    """The county's store (after a first import in March and its own edit) and the three April packages."""
    folder.mkdir(parents=True, exist_ok=True)
    towns = {name: township(folder, gaz, name) for name in TOWNSHIPS}
    county = county_office(folder)
    try:
        first = [package_of(towns[n], folder / package_name(n, MARCH), made_at=MARCH) for n in ("榕山镇", "白沙镇")]
        county.apply_import(build_preview(county.local_state(), [p.incoming() for p in first], gaz))
        rongshan = next(t for t in county.load_roster(Level.COUNTY).towns if t.town == "榕山镇")
        county.update_town(rongshan.id, note="县里核实：便民服务中心已挂牌")

        rs = towns["榕山镇"]
        rs.update_town(rs.load_roster(Level.COUNTY).towns[0].id, town_type="重点镇", note="新增木广村代办点")
        bs = towns["白沙镇"]
        baisha = bs.load_roster(Level.COUNTY).towns[0]
        official = gaz.children_of(baisha.town_code)
        bs.set_villages(baisha.id, [*baisha.villages[:2], Village(official[5].name, official[5].code)])
        yb = towns["尧坝镇"]
        yaoba = yb.load_roster(Level.COUNTY).towns[0]
        yb.set_villages(yaoba.id, [*yaoba.villages, Village(UNKNOWN_VILLAGE, None)])
        yb.create_report(MonthlyReport("尧坝镇", YearMonth(2021, 3), reporter="王芳", phone="0830-5212345",
                                       reviewer="李强", filled_on=date(2021, 4, 1),
                                       values={"pilot_towns": 1, "hall_area_avg": 120}))
        paths = []
        for name, store in towns.items():
            out = folder / package_name(name, APRIL)
            package_of(store, out, made_at=APRIL)
            paths.append(out)
    finally:
        for store in towns.values():
            store.close()
    return county, paths


def test_the_scenario_has_one_of_each(tmp_path, gaz) -> None:
    from desktop.exchange.incoming import read_incoming

    county, paths = county_scenario(tmp_path / "U盘", gaz)
    try:
        incoming, _ = read_incoming(paths, gaz)
        preview = build_preview(county.local_state(), incoming, gaz)
    finally:
        county.close()
    assert preview.counts() == {"add": 1, "change": 1, "same": 0, "conflict": 1, "unknown": 1}
    assert [r.kind for r in preview.rows()] == [Kind.CONFLICT, Kind.CHANGE, Kind.ADD]
    (unknown,) = preview.unknown_names()
    assert unknown.name == UNKNOWN_VILLAGE and unknown.suggestions[0].name == SUGGESTED
    assert preview.report_counts()["add"] == 1
