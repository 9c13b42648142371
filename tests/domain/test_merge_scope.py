"""The import preview and the unit's region (issue 21, rough edges): rows of another county (or town)
start unticked and say why, and a town's package never sets a county's 填报时间."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from corpus.offices import city_office, county_office, office, package_of, town, township

from desktop.domain.merge.preview import Kind, build_preview, default_choice
from desktop.domain.merge.text import render_preview
from desktop.domain.model import Level, ReportingUnit, Roster

MADE = datetime(2021, 3, 25, 9)


@pytest.fixture
def county(folder):
    store = county_office(folder)  # 合江县
    yield store
    store.close()


@pytest.fixture
def city_package(folder, gaz):
    """泸州市 sends back its roster: two towns of 合江县 and one of 泸县."""
    store = city_office(folder)
    try:
        store.add_rosters([Roster(Level.COUNTY, date(2021, 3, 26), [
            town(gaz, "榕山镇"), town(gaz, "白沙镇"), town(gaz, "福集镇", county="泸县")])])
        return package_of(store, folder / "泸州市.zctb", made_at=MADE)
    finally:
        store.close()


def test_rows_of_another_county_start_unticked_and_say_why(county, gaz, city_package):
    preview = build_preview(county.local_state(), [city_package.incoming()], gaz)
    rows = {r.incoming.town: r for r in preview.rows()}
    assert [r.kind for r in rows.values()] == [Kind.ADD] * 3
    assert not rows["榕山镇"].outside and not rows["白沙镇"].outside
    fubao = rows["福集镇"]
    assert fubao.outside and fubao.reason == "不在本单位的地区（合江县）内，默认不导入；确需导入请勾选"
    choice = default_choice(preview)
    assert rows["榕山镇"].id in choice.take and fubao.id not in choice.take
    assert not any("福集镇" in f.message for f in preview.findings)  # what the default import would bring
    assert "  [新增] 福集镇（中心镇）：3 个村（社区）：不在本单位的地区（合江县）内，默认不导入；确需导入请勾选" in \
        render_preview(preview)
    plan = county.apply_import(preview, choice)
    assert plan.summary[Level.COUNTY]["added"] == 2 and plan.summary[Level.COUNTY]["skipped"] == 1
    assert {t.town for t in county.load_roster(Level.COUNTY).towns} == {"白沙镇", "榕山镇"}


def test_the_user_may_still_take_a_row_outside_the_region(county, gaz, city_package):
    preview = build_preview(county.local_state(), [city_package.incoming()], gaz)
    choice = default_choice(preview)
    choice.take_row(next(r for r in preview.rows() if r.outside))
    county.apply_import(preview, choice)
    assert len(county.load_roster(Level.COUNTY).towns) == 3


def test_no_unit_set_takes_every_row(folder, gaz, city_package):
    store = office(folder, "空", ReportingUnit())
    try:
        preview = build_preview(store.local_state(), [city_package.incoming()], gaz)
        assert not any(r.outside for r in preview.rows()) and len(default_choice(preview).take) >= 3
    finally:
        store.close()


def test_a_towns_package_never_sets_the_countys_filled_on(folder, gaz, county):
    store = township(folder, gaz, "榕山镇")  # its 附件3 filled on 2021-03-20
    try:
        package = package_of(store, folder / "榕山镇.zctb", made_at=MADE)
    finally:
        store.close()
    assert package.incoming().filled_on == {Level.COUNTY: date(2021, 3, 20)}
    preview = build_preview(county.local_state(), [package.incoming()], gaz)
    assert preview.lists == []
    assert ("这些文件的填报时间是各自填报单位的，不作为本单位的填报时间："
            "“榕山镇.zctb”（合江县榕山镇便民服务中心：附件3 2021年3月20日）") in preview.notes
    county.apply_import(preview, default_choice(preview))
    assert county.load_roster(Level.COUNTY).filled_on is None
    assert len(county.load_roster(Level.COUNTY).towns) == 1


def test_the_citys_package_still_sets_an_empty_date_of_a_fresh_database(folder, gaz, city_package):
    """A database with no unit yet takes the date with the unit; the county does not take the city's."""
    store = office(folder, "新", ReportingUnit())
    try:
        preview = build_preview(store.local_state(), [city_package.incoming()], gaz)
        assert [lc.new for lc in preview.lists] == [date(2021, 3, 26)]
    finally:
        store.close()


def test_the_citys_package_does_not_set_the_countys_date(county, gaz, city_package):
    preview = build_preview(county.local_state(), [city_package.incoming()], gaz)
    assert preview.lists == [] and any("（泸州市政务服务管理局：附件3 2021年3月26日）" in n for n in preview.notes)


def test_a_package_of_the_same_unit_still_sets_the_date(folder, gaz, county):
    """The same office on another PC (or its own package restored): its date is ours."""
    other = county_office(folder, "合江县 另一台电脑")
    try:
        other.add_rosters([Roster(Level.COUNTY, date(2021, 3, 27), [town(gaz, "榕山镇")])])
        package = package_of(other, folder / "合江县.zctb", made_at=MADE)
    finally:
        other.close()
    preview = build_preview(county.local_state(), [package.incoming()], gaz)
    assert [(lc.new, lc.default) for lc in preview.lists] == [(date(2021, 3, 27), True)]
