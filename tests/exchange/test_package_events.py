"""The 四个一 records travel in exchange packages (payload.events, optional) with the unit they belong to."""

from __future__ import annotations

from datetime import date

from corpus.offices import city_office, county_office, town
from corpus.tamper import parts, resealed

from desktop.domain.merge.preview import build_preview
from desktop.domain.merge.text import render_outcome, render_preview
from desktop.domain.merge.types import EventItem
from desktop.exchange.package.archive import events_in_scope, read_package, select_scope, write_package


def _county_package(tmp_path, gaz):
    county = county_office(tmp_path)
    try:
        county.add_town(town(gaz, "榕山镇"))
        county.add_event("monthly_bulletin", date(2021, 4, 10), "4月工作动态")
        county.add_event("quarterly_meeting", date(2021, 6, 20))
        events = [EventItem(e.kind, e.done_on, e.note, e.unit_name) for e in county.events()]
        _, rosters, reports = select_scope(county.load_rosters(), county.reports(), "")
        return write_package(tmp_path / "合江县.zctb", rosters, reports, county.settings().unit,
                             county.provenances(), events=events)
    finally:
        county.close()


def test_events_are_carried_and_merged_under_the_senders_name(tmp_path, gaz):
    package = _county_package(tmp_path, gaz)
    _, payload = parts(package.path)
    assert payload["events"] == [
        {"kind": "monthly_bulletin", "done_on": "2021-04-10", "note": "4月工作动态", "unit": "合江县政务服务中心"},
        {"kind": "quarterly_meeting", "done_on": "2021-06-20", "note": "", "unit": "合江县政务服务中心"}]
    assert package.manifest["counts"]["events"] == 2
    city = city_office(tmp_path)
    try:
        city.add_event("monthly_bulletin", date(2021, 4, 12))
        preview = build_preview(city.local_state(), [read_package(package.path).incoming()], gaz)
        assert "四个一记录：新增 2 条（2021年4月10日 每月通报工作动态（合江县政务服务中心）、" \
               "2021年6月20日 每季组织现场推进会（合江县政务服务中心））" in render_preview(preview)
        plan = city.apply_import(preview)
        assert "四个一记录：新增 2 条" in render_outcome(plan)
        assert [(e.kind, e.unit_name) for e in city.events()] == [
            ("monthly_bulletin", "合江县政务服务中心"), ("monthly_bulletin", ""), ("quarterly_meeting", "合江县政务服务中心")]
        assert [e.kind for e in city.events(own_only=True)] == ["monthly_bulletin"]
        again = build_preview(city.local_state(), [read_package(package.path).incoming()], gaz)
        assert again.events == []
        city.undo()
        assert len(city.events()) == 1
    finally:
        city.close()


def test_own_records_coming_back_are_recognised(tmp_path, gaz):
    package = _county_package(tmp_path, gaz)
    county = county_office(tmp_path, "合江县-再次")
    try:
        county.add_event("monthly_bulletin", date(2021, 4, 10), "4月工作动态")
        preview = build_preview(county.local_state(), [read_package(package.path).incoming()], gaz)
        assert preview.events == [EventItem("quarterly_meeting", date(2021, 6, 20), "", "")]
    finally:
        county.close()


def test_a_package_without_events_still_reads(tmp_path, gaz):
    package = _county_package(tmp_path, gaz)
    manifest, payload = parts(package.path)
    manifest = {**manifest, "counts": {k: v for k, v in manifest["counts"].items() if k != "events"}}
    payload.pop("events")
    old = resealed(package.path, tmp_path / "无记录.zctb", manifest, payload)
    assert read_package(old).payload.events == []


def test_a_townships_scope_carries_only_its_own_records():
    events = [EventItem("monthly_bulletin", date(2021, 4, 1), "", ""),
              EventItem("monthly_bulletin", date(2021, 4, 2), "", "榕山镇便民服务中心")]
    assert events_in_scope(events, "") == events
    assert events_in_scope(events, "榕山镇") == events[1:]


def test_an_unknown_kind_of_record_is_refused(tmp_path, gaz):
    import pytest

    from desktop.exchange.package.archive import PackageError

    package = _county_package(tmp_path, gaz)
    manifest, payload = parts(package.path)
    payload["events"][0]["kind"] = "party"
    bad = resealed(package.path, tmp_path / "坏.zctb", manifest, payload)
    with pytest.raises(PackageError, match="第 1 条四个一记录：类别“party”不是四个一的工作"):
        read_package(bad)
