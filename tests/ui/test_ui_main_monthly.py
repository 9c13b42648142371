"""The 月报 tab inside the main window: switching, export routing, undo refresh."""

from __future__ import annotations

import pytest

from desktop.domain.model import ReportingUnit, Settings
from desktop.domain.monthly.report import MonthlyReport, YearMonth


@pytest.fixture
def window(make_window, store):
    """The window of a city office (泸州市) with no lists yet."""
    store.save_settings(Settings(ReportingUnit("5105", "泸州市", "泸州市政务服务管理局")))
    return make_window(store)


def test_ctrl4_shows_the_monthly_tab_and_export_goes_to_it(qtbot, window, monkeypatch):
    from desktop.ui.window.main_actions import MONTHLY_TITLE

    assert window.tabs.tabText(3) == MONTHLY_TITLE and window.tabs.tabText(4) == "验收评估"
    window.show_monthly()
    assert window.tabs.currentWidget() is window.monthly_tab
    qtbot.waitUntil(window.monthly.isVisible)
    calls = []
    monkeypatch.setattr(window.monthly, "export", lambda: calls.append("monthly"))
    monkeypatch.setattr(window.transfer, "export", lambda: calls.append("roster"))
    window.export()
    window.show_level(next(iter(window.pages)))
    window.export()
    assert calls == ["monthly", "roster"]


def test_add_town_from_the_monthly_tab_switches_to_a_roster(window):
    window.show_monthly()
    window.add_town()
    assert window.tabs.currentWidget() is not window.monthly_tab
    assert window.store.counts()["towns"] == 1


def test_undo_of_a_monthly_edit_refreshes_the_page(window, store, monkeypatch):
    report = MonthlyReport("泸州市", YearMonth(2021, 4), values={"staff": 10})
    store.create_report(report)
    store.set_report_value(report.id, "staff", 12)
    refreshed = []
    monkeypatch.setattr(window.monthly, "refresh", lambda: refreshed.append(True))
    assert window.undo() == "修改月报数据"
    assert store.report_by_id(report.id).values["staff"] == 10
    assert refreshed


def test_roster_findings_dock_steps_aside_on_the_monthly_tab(qtbot, window):
    assert window.findings_dock.isVisible()
    window.show_monthly()
    assert not window.findings_dock.isVisible()
    window.show_level(next(iter(window.pages)))
    assert window.findings_dock.isVisible()
