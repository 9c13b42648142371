"""Monthly reports in the store: figures, texts, 说明, lock on export, unlock with reason, imports, events."""

from datetime import date

import pytest

from desktop.domain.monthly.report import MonthlyReport, YearMonth
from desktop.store.reports import ReportLockedError

APRIL = YearMonth(2021, 4)


def new(store, unit="泸州市", month=APRIL, **values):
    report = MonthlyReport(unit, month, reporter="张三", values=values)
    store.create_report(report)
    return report.id


def test_report_round_trip(store):
    rid = new(store, pilot_towns=5, hall_area_avg=123.5)
    store.set_report_text(rid, "problems", "人员不足")
    store.set_explanation(rid, "drop:pilot_towns_done", "统计口径调整")
    store.set_report_header(rid, phone="0830-1234567", filled_on=date(2021, 4, 23))
    report = store.report("泸州市", APRIL)
    assert report.values == {"pilot_towns": 5, "hall_area_avg": 123.5}
    assert isinstance(report.values["pilot_towns"], int)
    assert report.texts == {"problems": "人员不足"}
    assert report.explanations == {"drop:pilot_towns_done": "统计口径调整"}
    assert (report.phone, report.filled_on, report.reporter) == ("0830-1234567", date(2021, 4, 23), "张三")


def test_one_report_per_unit_and_month(store):
    import sqlite3

    new(store)
    with pytest.raises(sqlite3.IntegrityError):
        new(store)
    assert len(store.reports(month=APRIL)) == 1


def test_clearing_a_value_and_undo(store):
    rid = new(store, staff=10)
    store.set_report_value(rid, "staff", 12)
    store.set_report_value(rid, "staff", None)
    assert "staff" not in store.report_by_id(rid).values
    store.undo()
    assert store.report_by_id(rid).values["staff"] == 12
    store.undo()
    assert store.report_by_id(rid).values["staff"] == 10


def test_lock_on_export_then_unlock_with_reason(store):
    rid = new(store, staff=10)
    digest = store.lock_report(rid, "泸州市2021年4月.xlsx", b"PK fake workbook")
    report = store.report_by_id(rid)
    assert (report.status, report.locked) == ("exported", True)
    (export,) = store.report_exports(rid)
    assert export.sha256 == digest and store.export_content(export.id) == b"PK fake workbook"
    with pytest.raises(ReportLockedError, match="解锁修改"):
        store.set_report_value(rid, "staff", 11)
    with pytest.raises(ValueError):
        store.unlock_report(rid, "  ")
    store.unlock_report(rid, "市中心要求补报窗口数")
    assert not store.report_by_id(rid).locked
    (unlock,) = store.report_unlocks(rid)
    assert unlock.reason == "市中心要求补报窗口数" and unlock.user == store.user
    assert any(b.reason == "解锁前" for b in store.backups())
    store.set_report_value(rid, "staff", 11)
    assert store.report_by_id(rid).values["staff"] == 11


def test_imported_county_report_same_file_twice_and_newer(store):
    county = MonthlyReport("泸县", APRIL, values={"staff": 8})
    assert store.put_imported_report(county, "泸县4月.xlsx", "aaa") == "added"
    assert store.put_imported_report(MonthlyReport("泸县", APRIL, values={"staff": 8}), "泸县4月.xlsx", "aaa") == "unchanged"
    newer = MonthlyReport("泸县", APRIL, values={"staff": 9})
    assert store.put_imported_report(newer, "泸县4月(新).xlsx", "bbb") == "replaced"
    (report,) = store.reports(region="泸县")
    assert report.values == {"staff": 9}
    assert store.report_source(report.id)[:2] == ("泸县4月(新).xlsx", "bbb")
    store.undo()
    assert store.reports(region="泸县")[0].values == {"staff": 8}


def test_events_and_undo(store):
    eid = store.add_event("quarterly_meeting", date(2021, 6, 18), "合江现场会")
    assert [(e.kind, e.done_on, e.note) for e in store.events()] == [("quarterly_meeting", date(2021, 6, 18), "合江现场会")]
    store.delete_event(eid)
    assert store.events() == []
    store.undo()
    assert len(store.events()) == 1


def test_delete_and_undo_keep_the_export_copy_and_unlock_record(store):
    rid = new(store, staff=10)
    store.lock_report(rid, "泸州市2021年4月.xlsx", b"PK\x03\x04 workbook bytes")
    store.unlock_report(rid, "更正办件量")
    before = (store.report_exports(rid), store.report_unlocks(rid))
    store.delete_report(rid)
    assert store.report("泸州市", APRIL) is None
    store.undo()
    assert (store.report_exports(rid), store.report_unlocks(rid)) == before
    (export,) = store.report_exports(rid)
    assert store.export_content(export.id) == b"PK\x03\x04 workbook bytes"


def test_a_replaced_report_keeps_its_export_copies(store):
    rid = new(store, "泸县", staff=8)
    store.lock_report(rid, "泸县4月.xlsx", b"first")
    store.unlock_report(rid, "县里更正")
    assert store.put_imported_report(MonthlyReport("泸县", APRIL, values={"staff": 9}), "泸县4月(新).xlsx", "bbb") == "replaced"
    (report,) = store.reports(region="泸县")
    assert report.values == {"staff": 9}
    assert [e.file_name for e in store.report_exports(report.id)] == ["泸县4月.xlsx"]
    assert [u.reason for u in store.report_unlocks(report.id)] == ["县里更正"]
