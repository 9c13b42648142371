"""The 月报 item models without a window: the deadline board, the 四个一, the findings list."""

from __future__ import annotations

from datetime import date

import pytest
from helpers import APR, CITY, FEB, INDICATORS, MAR, MAY, TODAY, county_report
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor

from desktop.domain.findings import Severity
from desktop.domain.monthly.demo import build_demo_reports
from desktop.domain.monthly.report import MonthlyReport, RosterCounts, YearMonth
from desktop.domain.monthly.rules import check_report
from desktop.ui.common.theme import ERROR_COLOR, MUTED_COLOR
from desktop.ui.monthly.board import deadline_text
from desktop.ui.monthly.board_model import STATUS_ROLE, BoardModel, RhythmModel, board_months, board_regions
from desktop.ui.monthly.common import STATUS_COLORS
from desktop.ui.monthly.findings_view import MonthlyFindingsModel

pytestmark = pytest.mark.usefixtures("qapp")  # brushes, fonts and icons need the application
R = Qt.ItemDataRole
PILOT = RosterCounts(14, 91)


def _demo() -> list[MonthlyReport]:
    return build_demo_reports(CITY, PILOT, INDICATORS, TODAY)


def _board(reports: list[MonthlyReport], today: date = TODAY) -> BoardModel:
    model = BoardModel()
    units = {r.region for r in reports} | {CITY}
    model.set_board(reports, CITY, today, {u: 25 if u == CITY else 20 for u in units})
    return model


def test_board_months_are_latest_first_with_older_reports_kept() -> None:
    months = board_months(TODAY, [MonthlyReport(CITY, YearMonth(2019, 6))])
    assert months[0] == MAY and months[12] == YearMonth(2020, 5)
    assert months[-1] == YearMonth(2019, 6) and len(months) == 14
    assert board_regions(CITY, [county_report("泸县", APR), county_report("合江县", APR)]) == [CITY, "合江县", "泸县"]
    # with the unit's subordinates known: they are the columns, not every region held (issue 21, point 1)
    held = [county_report("泸州市", APR), county_report("合江县", APR)]
    assert board_regions("四川省", held, ["成都市", "泸州市"]) == ["四川省", "成都市", "泸州市"]


def test_board_shows_each_months_status_with_colours() -> None:
    model = _board(_demo())
    assert model.rowCount() == 13 and model.columnCount() == 1
    assert model.headerData(0, Qt.Orientation.Horizontal) == "泸州市（本单位）"
    assert model.headerData(0, Qt.Orientation.Vertical) == "2021年5月（本月）"
    assert model.headerData(1, Qt.Orientation.Vertical) == "2021年4月"
    status = {model.month(r): model.data(model.index(r, 0)) for r in range(model.rowCount())}
    assert status[MAY] == "未填"  # due on the 25th
    assert status[APR] == "逾期"  # 已校验 but not exported by 25 April
    assert status[MAR] == status[FEB] == "已导出"
    # before the unit's first report in the app: 未填, not a column of false alarms
    assert status[YearMonth(2021, 1)] == "未填" and status[YearMonth(2020, 5)] == "未填"
    row = model.row_of(APR)
    assert model.data(model.index(row, 0), STATUS_ROLE) == "逾期"
    assert model.data(model.index(row, 0), R.BackgroundRole).color().name() == STATUS_COLORS["逾期"][1]
    assert model.data(model.index(row, 0), R.FontRole).bold()
    assert "截止 2021年4月25日" in model.data(model.index(row, 0), R.ToolTipRole)
    assert model.report(row, 0).month == APR and model.is_own(0)


def test_board_draft_and_checked_before_the_deadline() -> None:
    reports = _demo()
    reports[-1].status = "draft"
    model = _board(reports, today=date(2021, 4, 22))  # April's deadline not yet passed
    assert model.status(model.row_of(APR), 0) == "草稿"
    reports[-1].status = "checked"
    model = _board(reports, today=date(2021, 4, 22))
    assert model.status(model.row_of(APR), 0) == "已校验"


def test_board_adds_a_column_per_imported_county() -> None:
    reports = [*_demo(), county_report("合江县", APR), county_report("泸县", MAR)]
    model = _board(reports)
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(3)] == ["泸州市（本单位）", "合江县", "泸县"]
    assert model.headerData(1, Qt.Orientation.Horizontal, R.ToolTipRole) == "截止日：每月 20 日"
    assert model.status(model.row_of(APR), 1) == "已导出"
    assert model.status(model.row_of(APR), 2) == "逾期"  # 泸县 reported March, then nothing
    assert model.status(model.row_of(YearMonth(2021, 2)), 2) == "未填"
    assert "导入的月报" in model.data(model.index(model.row_of(APR), 1), R.ToolTipRole)


def test_deadline_line_counts_days() -> None:
    assert deadline_text(MAY, 25, date(2021, 5, 20), None) == ("本月（2021年5月）月报截止 2021年5月25日，还剩 5 天", "")
    assert deadline_text(MAY, 25, date(2021, 5, 23), None)[1] == "finding-warning"
    assert deadline_text(MAY, 25, date(2021, 5, 25), None)[0].endswith("今天截止")
    assert deadline_text(MAY, 25, date(2021, 5, 26), None) == ("本月（2021年5月）月报截止 2021年5月25日，已逾期 1 天",
                                                             "finding-error")
    done = MonthlyReport(CITY, MAY, status="exported")
    assert deadline_text(MAY, 25, date(2021, 5, 26), done)[0].endswith("已导出")


def test_rhythm_model_marks_done_and_due() -> None:
    model = RhythmModel()
    model.set_month(YearMonth(2021, 6), [("monthly_bulletin", date(2021, 6, 3), "六月通报"),
                                         ("quarterly_meeting", date(2021, 3, 30), "")])
    assert model.rowCount() == 4 and model.columnCount() == 3
    assert model.data(model.index(0, 0)) == "✓ 每月通报工作动态"
    assert model.data(model.index(0, 2)) == "已完成（2021年6月3日）"
    assert "六月通报" in model.data(model.index(0, 0), R.ToolTipRole)
    assert model.data(model.index(1, 1)) == "2021年第二季度"
    assert model.data(model.index(1, 2)) == "本月内须完成"  # March's meeting was last quarter
    assert model.data(model.index(2, 2)) == "本月内须完成"  # 上半年 ends in June
    assert model.data(model.index(3, 2)) == "待完成（2021年内）"
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(3)] == ["四个一工作", "周期", "完成情况"]


def test_rhythm_model_marks_a_past_period_overdue() -> None:
    model = RhythmModel()
    model.set_month(YearMonth(2021, 11), [], today=date(2021, 12, 6))
    assert model.data(model.index(0, 2)) == "逾期（应于2021年11月30日前完成）"
    assert model.data(model.index(0, 2), R.ForegroundRole).color() == QColor(ERROR_COLOR)
    assert model.data(model.index(1, 2)) == "待完成（2021年第四季度内）"
    assert model.data(model.index(1, 2), R.ForegroundRole).color() == QColor(MUTED_COLOR)


def test_findings_model_lists_errors_then_open_then_answered_warnings() -> None:
    reports = _demo()
    report = reports[-1]
    report.values["windows_integrated"] = 100  # > 窗口总数 84, and +52% on March's 66
    findings = check_report(report, reports[-2], PILOT, INDICATORS)
    warnings = [f.key for f in findings if f.severity is Severity.WARNING]
    assert warnings == ["change:windows_integrated", "change:online_cases"]  # the demo answered the second
    model = MonthlyFindingsModel()
    model.set_findings(findings, report)
    assert model.rowCount() == len(findings) == 3 and model.columnCount() == 2
    assert [model.data(model.index(r, 0)) for r in range(3)] == ["错误", "警告", "已说明"]
    assert model.data(model.index(0, 1)).startswith("提升服务能力 · 综合窗口数（100）大于窗口总数（84）")
    assert model.data(model.index(0, 1), R.ToolTipRole).startswith("2021年4月月报")
    assert model.data(model.index(1, 0), R.DecorationRole) is not None and not model.is_answered(1)
    last = model.rowCount() - 1
    assert model.is_answered(last)
    assert "（说明：本月开展" in model.data(model.index(last, 1))
    assert model.data(model.index(last, 0), R.DecorationRole) is None
    assert model.finding(last).key.startswith("change:") and model.finding(99) is None


def test_models_survive_many_none_results() -> None:
    """Regression: PySide6 6.12 crashed after thousands of None returns from data()/headerData()."""
    reports = [*_demo(), county_report("合江县", APR)]
    board = _board(reports)
    rhythm = RhythmModel()
    rhythm.set_month(APR, [])
    findings = MonthlyFindingsModel()
    findings.set_findings(check_report(reports[2], reports[1], PILOT, INDICATORS), reports[2])
    unused = (R.WhatsThisRole, R.SizeHintRole, R.StatusTipRole, R.AccessibleTextRole)
    nones = 0
    for i in range(20_000):
        role = unused[i % len(unused)]
        for value in (board.data(board.index(i % 13, i % 2), role),
                      board.headerData(i % 2, Qt.Orientation.Horizontal, role),
                      board.headerData(i % 13, Qt.Orientation.Vertical, R.DecorationRole),
                      rhythm.data(rhythm.index(i % 4, i % 3), role),
                      rhythm.headerData(i % 3, Qt.Orientation.Vertical),
                      findings.data(findings.index(0, i % 2), role),
                      findings.headerData(i % 2, Qt.Orientation.Horizontal, role),
                      board.data(QModelIndex(), R.DisplayRole)):
            nones += value is None
    assert nones == 8 * 20_000
