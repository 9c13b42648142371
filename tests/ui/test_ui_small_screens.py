"""Every window and dialog fits a 1024×768 screen at 100 % and a 1366×768 screen at 125 % and 150 %
(the logical size Qt gives the program), scrolling where needed, with its buttons on screen."""

from __future__ import annotations

from datetime import date

import pytest
from helpers import APR, CITY, MAR, county_report, fill_demo, fill_valid_provincial, sample_settings
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialogButtonBox, QPushButton

import desktop.ui.common.screen_fit as screen_fit

TASKBAR = 40  # physical pixels


def _area(width: int, height: int, scale: float) -> QRect:
    return QRect(0, 0, int(width / scale), int((height - TASKBAR) / scale))


SCREENS = {
    "1024x768@100%": _area(1024, 768, 1.0),
    "1366x768@125%": _area(1366, 768, 1.25),
    "1366x768@150%": _area(1366, 768, 1.5),
}


@pytest.fixture(params=list(SCREENS), ids=list(SCREENS))
def screen(request, monkeypatch) -> QRect:
    area = SCREENS[request.param]
    monkeypatch.setattr(screen_fit, "available_area", lambda _w: area)
    return area


def _room(area: QRect) -> tuple[int, int]:
    return area.width() - screen_fit.FRAME_WIDTH, area.height() - screen_fit.FRAME_HEIGHT


def _assert_fits(widget, area: QRect) -> None:
    max_w, max_h = _room(area)
    hint = widget.minimumSizeHint()
    assert hint.width() <= max_w and hint.height() <= max_h, f"{type(widget).__name__} needs {hint}"
    assert widget.width() <= max_w and widget.height() <= max_h, f"{type(widget).__name__} is {widget.size()}"
    widget.show()
    QApplication.processEvents()
    assert widget.width() <= max_w and widget.height() <= max_h
    for button in widget.findChildren(QAbstractButton):
        if isinstance(button, QPushButton) and button.isVisible() and button.window() is widget \
                and not _in_scroll_area(button, widget):  # those are reached by scrolling
            bottom = button.mapTo(widget, button.rect().bottomRight())
            assert 0 <= bottom.y() <= widget.height() and 0 <= bottom.x() <= widget.width(), \
                f"{button.text()} lies outside {type(widget).__name__} ({bottom} vs {widget.size()})"


def _in_scroll_area(widget, top) -> bool:
    from PySide6.QtWidgets import QAbstractScrollArea

    parent = widget.parentWidget()
    while parent is not None and parent is not top:
        if isinstance(parent, QAbstractScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def test_main_window_with_every_page(make_window, store, gaz, screen) -> None:
    fill_valid_provincial(store, gaz)
    w = make_window(store, show=False)
    w.fit_to_screen()
    for i in range(w.tabs.count()):
        w.tabs.setCurrentIndex(i)
        _assert_fits(w, screen)
    # nothing in the status bar is cut: what does not fit is left out (the deadline goes to a tooltip)
    st = w.status
    shown = [x for x in (st.unit_label, st.saved_label, st.towns_label, st.villages_label, st.errors_label,
                         st.warnings_label) if x.isVisible()]
    assert sum(x.sizeHint().width() for x in shown) + 24 + 6 * 8 <= w.statusBar().width()
    assert all(x.width() >= x.sizeHint().width() - 1 for x in shown), [(x.text(), x.width()) for x in shown]


def test_main_window_with_a_monthly_report_open(make_window, store, gaz, screen) -> None:
    from desktop.domain.monthly.report import YearMonth

    fill_demo(store, gaz)
    w = make_window(store, show=False)
    w.fit_to_screen()
    page = w.show_monthly()
    page.open_report(CITY, YearMonth(2021, 4))
    _assert_fits(w, screen)
    form = page.report_view.form
    scroll = page.report_view.findChild(__import__("PySide6.QtWidgets", fromlist=["QScrollArea"]).QScrollArea)
    if scroll is not None:  # the form never needs a sideways scroll bar
        assert scroll.horizontalScrollBar().maximum() == 0, form.minimumSizeHint()


def test_main_window_with_the_trend_open(make_window, store, gaz, screen) -> None:
    fill_demo(store, gaz)
    for scale, county in enumerate(("合江县", "泸县", "叙永县", "古蔺县"), start=1):
        for month in (MAR, APR):
            store.create_report(county_report(county, month, scale))
    w = make_window(store, show=False)
    w.fit_to_screen()
    view = w.show_monthly().show_trend("cases_received")
    _assert_fits(w, screen)
    chart = view.chart
    assert chart.height() >= chart.minimumHeight() and chart.width() >= chart.minimumWidth()
    chart.grab()  # lays the chart out at its size on this screen
    assert all(m for m in chart.month_labels())  # every month labelled
    assert all(chart.rect().contains(rect.toRect()) for rect, _region in chart._legend_rects)
    assert chart._plot.height() >= 100


def _dialogs(store, gaz):
    from desktop.domain.merge.preview import build_preview
    from desktop.ui.importing.preview import ImportPreviewDialog
    from desktop.ui.monthly.event_dialog import EventDialog
    from desktop.ui.safety.backup_dialog import BackupDialog
    from desktop.ui.safety.crash_dialog import CrashDialog
    from desktop.ui.safety.history_dialog import HistoryDialog
    from desktop.ui.safety.save_failed_dialog import SaveFailedDialog
    from desktop.ui.sending.package_dialog import PackageDialog
    from desktop.ui.window.settings_dialog import SettingsDialog

    store.save_settings(sample_settings(gaz))
    fill_valid_provincial(store, gaz)
    rosters = store.load_rosters()
    from desktop.domain.merge.types import Incoming, Source

    incoming = Incoming.from_rosters(Source("workbook", "附件1.xlsx", "泸州市政务服务管理局"), rosters)
    preview = build_preview(store.local_state(), [incoming], gaz)
    return [
        lambda: ImportPreviewDialog(preview),
        lambda: HistoryDialog(store),
        lambda: BackupDialog(store),
        lambda: PackageDialog(rosters, [], store.settings().unit),
        lambda: SettingsDialog(store.settings(), gaz),
        lambda: CrashDialog("Traceback …\n" * 80, None),
        lambda: EventDialog("monthly_bulletin", date(2021, 4, 10)),
        lambda: SaveFailedDialog("另一个程序正在写入数据库“县 政务中心很长很长的名字的数据库文件.sqlite”（本软件的另一个窗口"
                                 "或另一条命令），暂时无法写入：请等它完成后重试", can_retry=True),
    ]


@pytest.mark.parametrize("which", range(8), ids=["导入预览", "修改记录", "备份与恢复", "导出交换包", "填报单位",
                                                 "意外错误", "四个一", "修改没有保存"])
def test_every_dialog_fits(qtbot, store, gaz, screen, which) -> None:
    dialog = _dialogs(store, gaz)[which]()
    qtbot.addWidget(dialog)
    _assert_fits(dialog, screen)
    box = dialog.findChild(QDialogButtonBox)
    if box is not None:
        assert box.mapTo(dialog, box.rect().bottomLeft()).y() <= dialog.height()
