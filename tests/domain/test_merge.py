"""Gathering townships' exchange packages at the county, and the county's at the city: preview
counts, re-import, newer packages, conflicts (never overwritten), provenance, undo."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from corpus.offices import TOWNSHIPS, city_office, county_office, package_of, town, township
from helpers import FIXTURES

from desktop.domain.merge.preview import Choice, Kind, build_preview, default_choice
from desktop.domain.merge.provenance import town_hash
from desktop.domain.merge.text import render_outcome, render_preview
from desktop.domain.model import Level
from desktop.domain.monthly.report import MonthlyReport, YearMonth

V1, V2, V3 = datetime(2021, 3, 20, 9), datetime(2021, 3, 25, 9), datetime(2021, 3, 28, 9)


def counts(add=0, change=0, same=0, conflict=0, unknown=0) -> dict[str, int]:
    return {"add": add, "change": change, "same": same, "conflict": conflict, "unknown": unknown}


def run(store, gaz, packages, choice=None):
    preview = build_preview(store.local_state(), [p.incoming() for p in packages], gaz)
    return preview, store.apply_import(preview, choice)


@pytest.fixture
def townships(folder, gaz):
    stores = {name: township(folder, gaz, name) for name in TOWNSHIPS}
    yield stores
    for s in stores.values():
        s.close()


@pytest.fixture
def county(folder):
    store = county_office(folder)
    yield store
    store.close()


def send(store, folder: Path, name: str, made_at: datetime = V1):
    return package_of(store, folder / f"{name}.zctb", made_at=made_at)


def rongshan(county):
    return next(t for t in county.load_roster(Level.COUNTY).towns if t.town == "榕山镇")


def test_three_township_packages_merge_into_the_county(folder, gaz, townships, county):
    packages = [send(s, folder, n) for n, s in townships.items()]
    preview, plan = run(county, gaz, packages)
    assert preview.counts() == counts(add=3)
    assert [(g.level, g.county, len(g.rows)) for g in preview.groups] == [(Level.COUNTY, "合江县", 3)]
    assert plan.summary[Level.COUNTY] == {"added": 3, "changed": 0, "same": 0, "skipped": 0, "conflicts": 0}
    towns = county.load_roster(Level.COUNTY).towns
    assert [(t.town, t.town_code, len(t.villages)) for t in towns] == [
        ("榕山镇", "510522109", 4), ("白沙镇", "510522102", 3), ("尧坝镇", "510522105", 2)]
    provenance = county.provenances()
    for t, package in zip(towns, packages, strict=True):
        p = provenance[t.id]
        assert (p.office, p.origin, p.package_id, p.source) == (
            f"合江县{t.town}便民服务中心", f"合江县{t.town}便民服务中心", package.package_id, package.path.name)
        assert p.made_at == "2021-03-20T09:00:00" and p.imported_at and not p.modified
        assert p.base_hash == town_hash(t)
    assert county.provenance(towns[0].id).describe().startswith("来自合江县榕山镇便民服务中心的交换包“榕山镇.zctb”")
    assert sorted(p.package_id for p in county.imported_packages()) == sorted(p.package_id for p in packages)
    # one import is one undoable action, provenance and package records included
    assert county.undo_text == "导入"
    county.undo()
    assert county.counts()["towns"] == 0 and county.provenances() == {} and county.imported_packages() == []
    county.redo()
    assert len(county.provenances()) == 3 and len(county.imported_packages()) == 3


def test_reimporting_the_same_packages_changes_nothing(folder, gaz, townships, county):
    packages = [send(s, folder, n) for n, s in townships.items()]
    run(county, gaz, packages)
    history, undo = len(county.changes()), county.undo_text
    preview, plan = run(county, gaz, packages)
    assert preview.counts() == counts(same=3)
    assert not plan.writes and len(county.changes()) == history and county.undo_text == undo
    assert sum("导入过" in n for n in preview.notes) == 3


def test_a_newer_package_updates_only_what_changed(folder, gaz, townships, county):
    run(county, gaz, [send(s, folder, n) for n, s in townships.items()])
    baisha = next(t for t in county.load_roster(Level.COUNTY).towns if t.town == "白沙镇")
    county.update_town(baisha.id, note="县里补充的备注")  # the county's own edit of another township's row
    rs = townships["榕山镇"]
    tid = rs.load_roster(Level.COUNTY).towns[0].id
    rs.update_town(tid, note="新增便民服务点")
    extra = gaz.find("village", "坪岩村", "510522109")
    rs.set_villages(tid, rs.load_roster(Level.COUNTY).towns[0].villages + [type(baisha.villages[0])(extra.name, extra.code)])
    newer = [send(rs, folder, "榕山镇 第二版", V2), send(townships["白沙镇"], folder, "白沙镇 第二版", V2)]
    preview, plan = run(county, gaz, newer)
    assert preview.counts() == counts(change=1, same=1)
    row = preview.row("county:510522:510522109")
    assert row.kind is Kind.CHANGE
    assert [(f.field, f.old_text, f.new_text) for f in row.fields] == [
        ("note", "（空）", "新增便民服务点"), ("villages", "木广社区、进宝村、木广村、皇城坝村", "木广社区、进宝村、木广村、皇城坝村、坪岩村")]
    assert row.fields[1].added == ["坪岩村"] and row.fields[1].removed == []
    same = preview.row("county:510522:510522102")
    assert same.kind is Kind.SAME and same.reason == "导入后本地修改过，来件没有变化，保留本地"
    assert "  [相同] 白沙镇：导入后本地修改过，来件没有变化，保留本地" in render_preview(preview)
    town_now = rongshan(county)
    assert town_now.note == "新增便民服务点" and town_now.village_names[-1] == "坪岩村"
    assert county.provenance(town_now.id).package_id == newer[0].package_id
    baisha_now = next(t for t in county.load_roster(Level.COUNTY).towns if t.town == "白沙镇")
    assert baisha_now.note == "县里补充的备注" and county.provenance(baisha_now.id).modified
    assert plan.summary[Level.COUNTY]["changed"] == 1


def test_two_offices_editing_one_record_is_a_conflict_never_overwritten(folder, gaz, townships, county):
    run(county, gaz, [send(townships["榕山镇"], folder, "榕山镇")])
    county.update_town(rongshan(county).id, note="县里改的")
    rs = townships["榕山镇"]
    rs.update_town(rs.load_roster(Level.COUNTY).towns[0].id, note="镇里改的", town_type="重点镇")
    newer = send(rs, folder, "榕山镇 第二版", V2)
    preview, plan = run(county, gaz, [newer])
    assert preview.counts() == counts(conflict=1)
    row = preview.rows()[0]
    assert row.reason == "上次导入后本地修改过，合江县榕山镇便民服务中心也修改了这条记录"
    assert {f.field: (f.old, f.new) for f in row.fields} == {"town_type": ("中心镇", "重点镇"), "note": ("县里改的", "镇里改的")}
    assert (rongshan(county).note, rongshan(county).town_type) == ("县里改的", "中心镇")
    assert plan.summary[Level.COUNTY]["conflicts"] == 1
    assert render_outcome(plan)[-1].startswith("有 1 处冲突没有改动本地数据")
    # the user resolves it: the township's type, our note
    preview = build_preview(county.local_state(), [newer.incoming()], gaz)
    choice = default_choice(preview)
    choice.take.add(f"{row.id}#town_type")
    county.apply_import(preview, choice)
    assert (rongshan(county).note, rongshan(county).town_type) == ("县里改的", "重点镇")
    again = build_preview(county.local_state(), [newer.incoming()], gaz)
    assert again.counts() == counts(same=1)  # resolved: not asked again for the same package


def test_a_record_typed_here_that_a_package_contradicts_is_a_conflict(folder, gaz, townships, county):
    county.add_town(town(gaz, "榕山镇", "重点镇", 2))
    preview, plan = run(county, gaz, [send(townships["榕山镇"], folder, "榕山镇")])
    assert preview.counts() == counts(conflict=1)
    assert preview.rows()[0].reason == "本地已有这条记录（在本机录入），与合江县榕山镇便民服务中心的内容不同"
    assert rongshan(county).town_type == "重点镇" and county.provenances() == {}


def test_an_older_package_after_a_newer_one_is_a_conflict(folder, gaz, townships, county):
    rs = townships["榕山镇"]
    old = send(rs, folder, "榕山镇 旧", V1)
    rs.update_town(rs.load_roster(Level.COUNTY).towns[0].id, note="新")
    run(county, gaz, [send(rs, folder, "榕山镇 新", V2)])
    preview, _ = run(county, gaz, [old])
    assert preview.counts() == counts(conflict=1)
    assert "比上次导入的（2021年3月25日 09:00 制作）旧" in preview.rows()[0].reason
    assert any(n.startswith("注意：交换包“榕山镇 旧.zctb”") for n in preview.notes)
    assert rongshan(county).note == "新"


def test_two_packages_with_different_versions_of_one_town_in_one_import(folder, gaz, townships, county):
    rs = townships["榕山镇"]
    first = send(rs, folder, "甲")
    rs.update_town(rs.load_roster(Level.COUNTY).towns[0].id, note="乙")
    preview, plan = run(county, gaz, [first, send(rs, folder, "乙")])
    assert preview.counts() == counts(add=1, conflict=1)
    dup = preview.rows()[1]
    assert dup.id == "county:510522:510522109@乙.zctb" and not dup.takeable and "只按前者处理" in dup.reason
    assert county.counts()["towns"] == 1


def test_a_town_missing_from_a_newer_package_is_kept_and_noted(folder, gaz, townships, county):
    rs = townships["榕山镇"]
    rs.add_town(town(gaz, "望龙镇", "一般乡镇", 1))
    run(county, gaz, [send(rs, folder, "两镇")])
    rs.delete_town(rs.load_roster(Level.COUNTY).towns[1].id)
    preview, _ = run(county, gaz, [send(rs, folder, "一镇", V2)])
    assert ("附件3 合江县 望龙镇：上次由合江县榕山镇便民服务中心报送，这次的交换包“一镇.zctb”"
            "（合江县榕山镇便民服务中心）中没有，未删除；如已不再试点，请核实后手动删除") in preview.notes
    assert county.counts()["towns"] == 2


def test_the_county_sends_the_whole_county_to_the_city(folder, gaz, townships, county):
    run(county, gaz, [send(s, folder, n) for n, s in townships.items()])
    county.create_report(MonthlyReport("合江县", YearMonth(2021, 4), reporter="张三", values={"pilot_towns": 3}))
    city = city_office(folder)
    try:
        preview, plan = run(city, gaz, [send(county, folder, "合江县 汇总", V2)])
        assert preview.counts() == counts(add=3) and preview.report_counts()["add"] == 1
        assert plan.report_summary["added"] == 1
        provenance = city.provenances()
        assert {(p.office, p.origin) for p in provenance.values()} == {
            ("合江县政务服务中心", f"合江县{n}便民服务中心") for n in TOWNSHIPS}
        (report,) = city.reports()
        assert (report.region, report.values, report.locked) == ("合江县", {"pilot_towns": 3}, False)
        # the same county package again: nothing; a revised county report: replaced
        preview, plan = run(city, gaz, [send(county, folder, "合江县 汇总 再次", V2)])
        assert preview.counts() == counts(same=3) and preview.report_counts()["same"] == 1
        county.set_report_value(county.reports()[0].id, "pilot_towns", 4)
        preview, plan = run(city, gaz, [send(county, folder, "合江县 汇总 第三版", V3)])
        assert preview.report_counts()["change"] == 1 and city.reports()[0].values == {"pilot_towns": 4}
        city.undo()
        assert city.reports()[0].values == {"pilot_towns": 3}
        city.redo()
        # the city's own edit of an imported report makes the next revision a conflict
        city.set_report_value(city.reports()[0].id, "pilot_towns", 9)
        county.set_report_value(county.reports()[0].id, "pilot_towns", 5)
        preview, plan = run(city, gaz, [send(county, folder, "合江县 汇总 第四版", V3)])
        assert preview.reports[0].kind is Kind.CONFLICT and city.reports()[0].values == {"pilot_towns": 9}
    finally:
        city.close()


def test_deleting_an_imported_town_and_undo_keeps_its_provenance(folder, gaz, townships, county):
    run(county, gaz, [send(townships["榕山镇"], folder, "榕山镇")])
    tid = rongshan(county).id
    before = county.provenance(tid)
    county.delete_town(tid)
    assert county.provenances() == {}
    county.undo()
    assert county.provenance(tid) == before


def write_workbook(path: Path, rows: list[list[object]], unit: str = "合江县政务服务中心") -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["附件3"])
    ws.append([f"填报单位：{unit}", None, None, "填报时间：", "2021年3月26日"])
    ws.append(["市（州）", "县（市、区）", "乡镇（街道）", "乡镇类型", "村（社区）", "备注"])
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def test_preview_of_a_workbook_counts_every_kind_and_suggests_names(folder, gaz, townships, county):
    from desktop.domain.merge.preview import accept_suggestion
    from desktop.exchange.incoming import read_incoming

    run(county, gaz, [send(townships["白沙镇"], folder, "白沙镇")])
    county.add_town(town(gaz, "尧坝镇", "特色小镇", 2))
    county.add_town(town(gaz, "望龙镇", "一般乡镇", 1))
    path = write_workbook(folder / "合江县 附件3.xlsx", [
        ["泸州市", "合江县", "白沙镇", "中心镇", "良石坪社区", None],  # from a township's package: conflict
        ["泸州市", "合江县", "尧坝镇", "特色小镇", "尧坝社区、白村", None],  # same
        ["泸州市", "合江县", "望龙镇", "重点镇", "望龙社区", None],  # change
        ["泸州市", "合江县", "榕山", "中心镇", "木广社、进宝村", None],  # add, two unknown names
    ])
    incoming, _ = read_incoming([path], gaz)
    preview = build_preview(county.local_state(), incoming, gaz)
    assert preview.counts() == counts(add=1, change=1, same=1, conflict=1, unknown=1)
    (unknown,) = preview.unknown_names()
    assert (unknown.kind, unknown.name, [s.name for s in unknown.suggestions]) == ("town", "榕山", ["榕山镇"])
    assert unknown.suggestions[0].code == "510522109"
    assert preview.row("county:510522:510522101").fields[0].old_text == "一般乡镇"
    # accepting the suggestion codes the town, and then its villages can be checked
    preview = accept_suggestion(preview, unknown.id, "榕山镇")
    (village,) = preview.unknown_names()
    assert (village.kind, village.name, [s.name for s in village.suggestions]) == ("village", "木广社", ["木广社区", "木广村"])
    preview = accept_suggestion(preview, village.id, "木广社区")
    assert preview.counts() == counts(add=1, change=1, same=1, conflict=1, unknown=0)
    added = preview.row("county:510522:510522109")
    assert [(v.name, v.code) for v in added.incoming.villages] == [("木广社区", "510522109001"), ("进宝村", "510522109203")]
    text = "\n".join(render_preview(preview))
    assert "附件3 泸州市 合江县：新增 1，修改 1，相同 1（跳过），冲突 1" in text
    assert "      乡镇类型：一般乡镇 → 重点镇" in text
    assert "这条记录上次来自合江县白沙镇便民服务中心，与合江县政务服务中心的内容不同" in text
    plan = county.apply_import(preview)
    assert plan.summary[Level.COUNTY] == {"added": 1, "changed": 1, "same": 1, "skipped": 0, "conflicts": 1}
    assert [t.town for t in county.load_roster(Level.COUNTY).towns] == ["白沙镇", "尧坝镇", "望龙镇", "榕山镇"]


def test_choosing_fields_of_a_change(folder, gaz, county):
    from desktop.exchange.incoming import read_incoming

    county.add_town(town(gaz, "望龙镇", "一般乡镇", 1))
    path = write_workbook(folder / "附件3.xlsx", [["泸州市", "合江县", "望龙镇", "重点镇", "望龙社区、新场子村", "备注"]])
    incoming, _ = read_incoming([path], gaz)
    preview = build_preview(county.local_state(), incoming, gaz)
    row = preview.rows()[0]
    assert [f.field for f in row.fields] == ["town_type", "note", "villages"]
    choice = default_choice(preview)
    choice.take.discard(f"{row.id}#villages")
    plan = county.apply_import(preview, choice)
    assert plan.summary[Level.COUNTY]["changed"] == 1
    wanglong = county.load_roster(Level.COUNTY).towns[0]
    assert (wanglong.town_type, wanglong.note, wanglong.village_names) == ("重点镇", "备注", ["望龙社区"])
    # the same workbook again: our choice stands (its content is the base now)
    again = build_preview(county.local_state(), incoming, gaz)
    assert again.counts() == counts(same=1)
    # both we and the workbook's office changed it since: a conflict
    county.update_town(wanglong.id, town_type="一般乡镇")
    other = write_workbook(folder / "附件3 新.xlsx", [["泸州市", "合江县", "望龙镇", "中心镇", "望龙社区", "备注"]])
    assert build_preview(county.local_state(), read_incoming([other], gaz)[0], gaz).counts() == counts(conflict=1)
    # skipping a whole row leaves it to be asked again
    county.add_town(town(gaz, "尧坝镇", "特色小镇", 1))
    other = write_workbook(folder / "附件3 尧坝.xlsx", [["泸州市", "合江县", "尧坝镇", "中心镇", "尧坝社区", None]])
    preview = build_preview(county.local_state(), read_incoming([other], gaz)[0], gaz)
    assert preview.counts() == counts(change=1)
    choice = default_choice(preview)
    choice.skip_row(preview.rows()[0])
    plan = county.apply_import(preview, choice)
    assert plan.summary[Level.COUNTY]["skipped"] == 1 and not plan.writes
    assert build_preview(county.local_state(), read_incoming([other], gaz)[0], gaz).counts() == counts(change=1)


def test_choice_helpers(folder, gaz, townships, county):
    county.add_town(town(gaz, "榕山镇", "重点镇", 2))
    preview = build_preview(county.local_state(), [send(townships["榕山镇"], folder, "榕山镇").incoming()], gaz)
    row = preview.rows()[0]
    choice = Choice()
    choice.keep_local(row)
    plan = county.apply_import(preview, choice)
    assert plan.summary[Level.COUNTY]["same"] == 1 and rongshan(county).town_type == "重点镇"
    assert county.provenance(rongshan(county).id).office == "合江县榕山镇便民服务中心"
    again = build_preview(county.local_state(), [p.incoming() for p in [send(townships["榕山镇"], folder, "榕山镇 2")]], gaz)
    assert again.counts() == counts(same=1)  # decided: our version stays


def test_a_database_upgraded_from_v3_takes_packages(folder, gaz, townships):
    import shutil

    from desktop.store.database import open_store

    copy = folder / "旧版 数据.sqlite"
    shutil.copy(FIXTURES / "schema-v3.sqlite", copy)
    store = open_store(copy)
    try:
        preview, plan = run(store, gaz, [send(townships["榕山镇"], folder, "榕山镇")])
        assert preview.counts() == counts(add=1) and len(store.provenances()) == 1
        store.delete_town(rongshan(store).id)
        assert store.provenances() == {}
    finally:
        store.close()
