"""Helpers shared by the 月报 UI tests (a demo store for 泸州市, a page, patched dialogs), with their own checks."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QMessageBox

from desktop.domain.model import ReportingUnit, Settings
from desktop.domain.monthly.all_checks import deadline_day
from desktop.domain.monthly.demo import build_demo_reports
from desktop.domain.monthly.indicators_file import load_indicators
from desktop.domain.monthly.report import MonthlyReport, YearMonth
from desktop.domain.monthly.roster_link import roster_counts
from desktop.domain.roster.demo import build_demo
from desktop.store.database import Store
from desktop.ui.common.jobs import JobRunner
from desktop.ui.monthly.page import MonthlyPage

# The demo reports are for the three months before TODAY: 2021年2月 and 3月 exported, 4月 已校验
# (逾期 on the board, its 25 April deadline has passed); 2021年5月 is due on the 25th.
TODAY = date(2021, 5, 10)
CITY = "泸州市"
FEB, MAR, APR, MAY = (YearMonth(2021, m) for m in (2, 3, 4, 5))
INDICATORS = load_indicators()


def luzhou_settings() -> Settings:
    return Settings(ReportingUnit("5105", CITY, "泸州市政务服务管理局"), date(2021, 3, 31))


def fill_demo(store: Store, gaz, today: date = TODAY) -> list[MonthlyReport]:
    """The demo rosters and monthly reports, stored as ``python -m desktop demo`` stores them."""
    _demo_settings, rosters = build_demo(gaz)
    settings = luzhou_settings()
    reports = build_demo_reports(settings.region, roster_counts(rosters, settings.unit), INDICATORS,
                                 today, deadline_day(settings, INDICATORS))
    with store.action("写入演示数据"):
        store.save_settings(settings)
        store.add_rosters(rosters)
        for report in reports:
            store.create_report(report)
    return reports


def county_report(unit: str, month: YearMonth, scale: int = 1) -> MonthlyReport:
    """A county's report as if imported from its workbook (figures only, one text)."""
    values = {ind.code: 0 for ind in INDICATORS.indicators}
    values.update(pilot_towns=2 * scale, pilot_villages=10 * scale, windows_total=10 * scale,
                  windows_integrated=6 * scale, hall_area_avg=100.0 + 10 * scale, town_items=100 + scale)
    return MonthlyReport(unit, month, "赵六", "0830-1234567", "钱七", date(month.year, month.month, 18),
                         values=values, texts={"problems": f"{unit}人手不足"}, status="exported", locked=True)


def make_page(qtbot, store: Store, today: date = TODAY) -> MonthlyPage:
    page = MonthlyPage(store, INDICATORS, jobs=JobRunner(synchronous=True), today=lambda: today)
    qtbot.addWidget(page)
    page.resize(1300, 800)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    return page


class Dialogs:
    """Records the patched static QMessageBox calls; ``answer`` is what question() returns."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.shown: list[tuple[str, str, str]] = []
        self.answer = QMessageBox.StandardButton.Yes
        for kind in ("warning", "information", "critical"):
            monkeypatch.setattr(QMessageBox, kind, lambda _p, title, text, *a, _k=kind, **kw:
                                self.shown.append((_k, title, text)) or QMessageBox.StandardButton.Ok)
        monkeypatch.setattr(QMessageBox, "question", lambda _p, title, text, *a, **kw:
                            self.shown.append(("question", title, text)) or self.answer)

    def last(self, kind: str | None = None) -> tuple[str, str, str]:
        found = [s for s in self.shown if kind is None or s[0] == kind]
        assert found, f"no {kind or 'message'} box was shown"
        return found[-1]


@pytest.fixture
def dialogs(monkeypatch) -> Dialogs:
    return Dialogs(monkeypatch)


def test_fill_demo_stores_three_months(store, gaz) -> None:
    reports = fill_demo(store, gaz)
    assert [r.month for r in reports] == [FEB, MAR, APR]
    stored = store.reports(region=CITY)
    assert [(r.month, r.status, r.locked) for r in stored] == [
        (FEB, "exported", True), (MAR, "exported", True), (APR, "checked", False)]
    assert store.settings().region == CITY and not store.settings().is_county


def test_county_report_is_a_valid_county_figure_set() -> None:
    report = county_report("合江县", APR, 2)
    assert report.value("pilot_towns") == 4 and report.month == APR
    assert report.value("windows_integrated") <= report.value("windows_total")
