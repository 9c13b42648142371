"""A city imports its counties' exported monthly workbooks and compiles them (issue: monthly report, point 7)."""

from __future__ import annotations

import sqlite3
from datetime import date

from helpers import run

from desktop.domain.model import ReportingUnit, Settings
from desktop.domain.monthly.compile import sum_reports
from desktop.domain.monthly.demo import build_demo_reports
from desktop.domain.monthly.indicators_file import load_indicators
from desktop.domain.monthly.report import RosterCounts, YearMonth
from desktop.store.database import open_store

MONTH = YearMonth.of(date.today()).prev()


def county_workbook(tmp_path, name: str, code: str, scale: int):
    """A county office fills and exports its report for MONTH; returns the workbook path and the report."""
    db = tmp_path / f"{name} 数据.sqlite"
    store = open_store(db)
    store.save_settings(Settings(ReportingUnit(code, name, f"{name}政务服务中心")))
    indicators = load_indicators()
    reports = build_demo_reports(name, RosterCounts(4 * scale, 30 * scale), indicators, date.today(), 20)
    for report in reports:
        report.status, report.locked = "draft", False
        report.values["staff"] = 60 * scale
        store.create_report(report)
    store.close()
    out = tmp_path / f"{name} 导出"
    r = run("export", "--db", db, "--out", out, "--month", MONTH.iso)
    assert r.returncode == 0, r.stdout + r.stderr
    (path,) = out.glob("*.xlsx")
    return path, [r for r in reports if r.month == MONTH][0]


def db_sha(path):
    conn = sqlite3.connect(path)
    dump = "\n".join(conn.iterdump())
    conn.close()
    return dump


def test_city_imports_county_workbooks_and_sums_them(tmp_path):
    luxian, luxian_report = county_workbook(tmp_path, "泸县", "510521", 1)
    hejiang, hejiang_report = county_workbook(tmp_path, "合江县", "510522", 2)

    city_db = tmp_path / "泸州市 数据.sqlite"
    store = open_store(city_db)
    store.save_settings(Settings(ReportingUnit("5105", "泸州市", "泸州市政务服务管理局")))
    store.close()
    r = run("import", "--db", city_db, luxian, hejiang)
    assert r.returncode == 0, r.stdout + r.stderr

    store = open_store(city_db)
    stored = {rep.region: rep for rep in store.reports(month=MONTH)}
    assert set(stored) == {"泸县", "合江县"}
    assert stored["泸县"].values["staff"] == 60 and stored["合江县"].values["staff"] == 120
    indicators = load_indicators()
    city = sum_reports("泸州市", MONTH, list(stored.values()), indicators)
    for ind in indicators.indicators:
        a, b = luxian_report.values.get(ind.code), hejiang_report.values.get(ind.code)
        if ind.aggregate == "sum" and a is not None and b is not None:
            assert city.values[ind.code] == a + b, ind.code
    assert city.values["staff"] == 180
    store.close()

    before = db_sha(city_db)
    again = run("import", "--db", city_db, luxian)
    assert again.returncode == 0
    assert db_sha(city_db) == before, "importing the same county file twice changes nothing"


def test_a_newer_county_file_shows_what_it_changes_before_replacing(tmp_path):
    first, _ = county_workbook(tmp_path / "第一版", "泸县", "510521", 1)
    city_db = tmp_path / "市 数据.sqlite"
    store = open_store(city_db)
    store.save_settings(Settings(ReportingUnit("5105", "泸州市", "泸州市政务服务管理局")))
    store.close()
    assert run("import", "--db", city_db, first).returncode == 0

    # the county corrects its figure and sends the file again
    county_db = tmp_path / "第一版" / "泸县 数据.sqlite"
    store = open_store(county_db)
    report = store.report("泸县", MONTH)
    store.unlock_report(report.id, "补正工作人员数")
    store.set_report_value(report.id, "staff", 70)
    store.close()
    out = tmp_path / "第二版"
    assert run("export", "--db", county_db, "--out", out, "--month", MONTH.iso).returncode == 0
    (second,) = out.glob("*.xlsx")

    before = db_sha(city_db)
    dry = run("import", "--db", city_db, "--dry-run", second)
    assert dry.returncode == 0, dry.stderr
    assert f"月报 [替换] 泸县 {MONTH.label}月报" in dry.stdout
    assert "    工作人员数：60 人 → 70 人" in dry.stdout
    assert db_sha(city_db) == before, "--dry-run changes nothing"
    assert run("import", "--db", city_db, second).returncode == 0
    store = open_store(city_db)
    assert store.report("泸县", MONTH).values["staff"] == 70
    store.close()
