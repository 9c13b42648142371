"""The 月报 tab: the deadline board first; opening a cell shows that month's report."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QKeyCombination, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import QMessageBox, QStackedWidget, QVBoxLayout, QWidget

from desktop.domain.findings import Finding
from desktop.domain.monthly.compile import start_report
from desktop.domain.monthly.indicators import IndicatorSet
from desktop.domain.monthly.report import MonthlyReport, YearMonth
from desktop.store.database import Store
from desktop.ui.common.jobs import JobRunner
from desktop.ui.monthly.board import BoardView
from desktop.ui.monthly.common import PAGE_STYLE, Context
from desktop.ui.monthly.report_view import ReportView

if TYPE_CHECKING:
    from desktop.ui.monthly.trend_view import TrendView

EXPORT_KEYS = QKeySequence("Ctrl+E")
_EXPORT = EXPORT_KEYS[0]
_YES, _NO = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No


def _is_export_key(e: QKeyEvent) -> bool:
    return QKeyCombination(e.modifiers() & ~Qt.KeyboardModifier.KeypadModifier, Qt.Key(e.key())) == _EXPORT


class MonthlyPage(QWidget):
    """月报: board of months × reporting regions, the 四个一, and the report form.

    ``changed`` is emitted after every write (edits, new reports, 说明, export, unlock, events),
    so the window can refresh its status bar and findings. ``refresh()`` reads everything again
    (call it after undo/redo, an import or a settings change). Ctrl+E inside the page exports the
    open report; the page handles it itself so a window-wide Ctrl+E does not make it ambiguous.
    """

    changed = Signal()
    exported = Signal(object)  # the written Path

    def __init__(self, store: Store, indicators: IndicatorSet, *, jobs: JobRunner | None = None,
                 today: Callable[[], date] = date.today, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.indicators = indicators
        self.today = today
        self.jobs = jobs if jobs is not None else JobRunner(self)
        self.context = Context(store, indicators)
        self.setStyleSheet(PAGE_STYLE)
        self.board = BoardView(store, self.context, today)
        self.report_view = ReportView(store, self.context, self.jobs, today)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.board)
        self.stack.addWidget(self.report_view)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

        self.trend_view: TrendView | None = None  # built when first shown (各月趋势)
        self.board.open_requested.connect(self.open_report)
        self.board.trend_requested.connect(self.show_trend)
        self.board.changed.connect(self.changed)
        self.report_view.changed.connect(self._on_report_changed)
        self.report_view.back_requested.connect(self.show_board)
        self.report_view.exported.connect(self.exported)
        back = QShortcut(QKeySequence("Alt+Left"), self.report_view)
        back.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        back.activated.connect(self.show_board)
        self.refresh()

    # -- state ---------------------------------------------------------------------------------
    @property
    def showing_report(self) -> bool:
        return self.stack.currentWidget() is self.report_view and self.report_view.report is not None

    def current_report(self) -> MonthlyReport | None:
        return self.report_view.report if self.showing_report else None

    def findings(self) -> list[Finding]:
        """The open report's findings ([] on the board)."""
        return list(self.report_view.findings) if self.showing_report else []

    def refresh(self) -> None:
        """Read settings, rosters and reports again; the open report's fields are refilled."""
        self.context.reload()
        self.board.refresh()
        if self.stack.currentWidget() is self.report_view and not self.report_view.reload(refill=True):
            self.show_board()
        if self.trend_view is not None and self.stack.currentWidget() is self.trend_view:
            self.trend_view.refresh()

    def commit_pending(self) -> None:
        """Store what is typed but not yet committed (before undo, export elsewhere, closing)."""
        if self.showing_report:
            self.report_view.commit_pending()

    # -- navigation ----------------------------------------------------------------------------
    def show_board(self) -> None:
        report = self.report_view.report if self.stack.currentWidget() is self.report_view else None
        if report is not None:
            self.report_view.commit_pending()
        self.stack.setCurrentWidget(self.board)
        self.board.refresh()
        if report is not None:
            self.board.select(report.region, report.month)
        self.board.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_trend(self, code: str | None = None) -> TrendView:
        """各月趋势: every indicator over the months, for the own unit and each subordinate unit."""
        if self.trend_view is None:
            from desktop.ui.monthly.trend_view import TrendView

            self.trend_view = TrendView(self.store, self.context)
            self.trend_view.back_requested.connect(self.show_board)
            back = QShortcut(QKeySequence("Alt+Left"), self.trend_view)
            back.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            back.activated.connect(self.show_board)
            self.stack.addWidget(self.trend_view)
        if self.showing_report:
            self.report_view.commit_pending()
        self.stack.setCurrentWidget(self.trend_view)
        self.trend_view.refresh()
        if code:
            self.trend_view.select(code)
        self.trend_view.indicator_combo.setFocus(Qt.FocusReason.OtherFocusReason)
        return self.trend_view

    def open_report(self, region: str, month: YearMonth) -> bool:
        """Show a region's report of a month; the own region's missing month is created on confirmation."""
        report = self.store.report(region, month)
        if report is None:
            report = self._create(region, month)
            if report is None:
                return False
        if not self.report_view.show_report(report.id or 0):
            return False
        self.stack.setCurrentWidget(self.report_view)
        self.report_view.scroll.verticalScrollBar().setValue(0)
        self.report_view.form.focus_field(None)
        return True

    def _create(self, region: str, month: YearMonth) -> MonthlyReport | None:
        own = self.context.own_region
        if not own:
            QMessageBox.information(self, "尚未设置填报单位",
                                    "请先在“设置 → 填报单位”中设置本单位，再填写月报。")
            return None
        if region != own:
            QMessageBox.information(self, "没有月报", f"还没有导入{region}{month.label}的月报。\n\n"
                                    "请导入该县（市、区）报送的月报工作簿。")
            return None
        if month > YearMonth.of(self.today()):
            QMessageBox.information(self, "不能新建", f"{month.label}还没有到，不能填写该月月报。")
            return None
        earlier = [r for r in self.store.reports(region=own) if r.month < month]
        previous = max(earlier, key=lambda r: r.month) if earlier else None
        carried = f"沿用{previous.month.label}月报的累计数、现有数和表头，" if previous else ""
        answer = QMessageBox.question(
            self, "新建月报", f"{own} {month.label}的月报还没有填写，现在新建吗？\n\n"
                             f"{carried}试点乡镇（街道）数和试点村（社区）数按试点名单填入，其余请逐项填写。",
            _YES | _NO, _YES)
        if answer != _YES:
            return None
        self.context.reload()
        report = start_report(own, month, self.indicators, previous, self.context.roster_link())
        today = self.today()
        report.filled_on = today if today >= month.first_day else None
        self.store.create_report(report, f"新建{month.label}月报")
        self.board.refresh()
        self.changed.emit()
        return report

    # -- actions -------------------------------------------------------------------------------
    def export(self) -> None:
        """Ctrl+E: export the open report (on the board: the selected month of the own region)."""
        if not self.showing_report:
            cell = self.board.current_cell()
            month = cell[1] if cell else YearMonth.of(self.today())
            if self.store.report(self.context.own_region, month) is None or not self.open_report(
                    self.context.own_region, month):
                QMessageBox.information(self, "导出月报", "请先打开要导出的月报。")
                return
        self.report_view.export()

    def _on_report_changed(self) -> None:
        self.board.refresh()
        self.changed.emit()

    # -- keys ----------------------------------------------------------------------------------
    def event(self, e: QEvent) -> bool:
        if e.type() == QEvent.Type.ShortcutOverride and isinstance(e, QKeyEvent) and _is_export_key(e):
            e.accept()  # take Ctrl+E before any window-wide shortcut; keyPressEvent exports
            return True
        return super().event(e)

    def keyPressEvent(self, e: QKeyEvent) -> None:
        if _is_export_key(e):
            self.export()
            return
        super().keyPressEvent(e)

    def showEvent(self, e: QShowEvent) -> None:
        super().showEvent(e)
        self.context.reload()
        self.board.refresh()
        if self.showing_report:
            self.report_view.reload(refill=False)
        if self.trend_view is not None and self.stack.currentWidget() is self.trend_view:
            self.trend_view.refresh()
