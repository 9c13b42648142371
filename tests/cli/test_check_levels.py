"""``check`` in a province's database (issue 21, point 8): each imported report's findings name its unit,
and a county's report is held to the county's day (20th), a city's to the city's (25th)."""

from __future__ import annotations

from datetime import date

from helpers import county_report, run

from desktop.domain.model import ReportingUnit, Settings
from desktop.domain.monthly.report import YearMonth
from desktop.store.database import open_store

NOV = YearMonth(2026, 11)


def test_check_names_each_unit_and_holds_it_to_its_own_day(db_path):
    store = open_store(db_path)
    store.save_settings(Settings(ReportingUnit("51", "四川省", "四川省政府政务服务和公共资源交易服务中心")))
    for region, day in (("泸州市", 26), ("合江县", 21), ("泸县", 19)):
        report = county_report(region, NOV)
        report.filled_on = date(2026, 11, day)
        store.put_imported_report(report, f"{region}.xlsx", region)
    store.close()
    r = run("check", "--db", db_path)
    late = [line for line in r.stdout.splitlines() if "填报日期" in line]
    assert sorted(late) == [
        "警告\t合江县2026年11月月报 填报日期 2026年11月21日 晚于报送截止日期 2026年11月20日，请核对或填写说明",
        "警告\t泸州市2026年11月月报 填报日期 2026年11月26日 晚于报送截止日期 2026年11月25日，请核对或填写说明",
    ]
