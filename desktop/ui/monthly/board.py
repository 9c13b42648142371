"""The deadline board: how far each month's report has come, days to this month's deadline, 四个一."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from itertools import pairwise

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.dates import format_cn
from desktop.domain.monthly.deadline import days_left, deadline_for
from desktop.domain.monthly.report import MonthlyReport, YearMonth
from desktop.domain.monthly.rhythm import RHYTHM
from desktop.store.database import Store
from desktop.ui.common.theme import set_role
from desktop.ui.monthly.board_model import BoardModel, RhythmModel
from desktop.ui.monthly.common import Context
from desktop.ui.monthly.event_dialog import ask_event

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
SELECTED_COLOR = "#1f5fa8"


def deadline_text(month: YearMonth, day: int, today: date, report: MonthlyReport | None) -> tuple[str, str]:
    """The line above the board and its role: "" / "finding-warning" / "finding-error"."""
    deadline = deadline_for(month, day)
    head = f"本月（{month.label}）月报截止 {format_cn(deadline)}"
    if report is not None and report.status == "exported":
        return f"{head}，已导出", ""
    left = days_left(month, day, today)
    if left < 0:
        return f"{head}，已逾期 {-left} 天", "finding-error"
    if left == 0:
        return f"{head}，今天截止", "finding-error"
    return f"{head}，还剩 {left} 天", "finding-warning" if left <= 3 else ""


class CellDelegate(QStyledItemDelegate):
    """Keeps each cell's status colours when selected; the selected cell gets a blue frame."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        selected = bool(option.state & QStyle.StateFlag.State_Selected)  # type: ignore[attr-defined]
        plain = QStyleOptionViewItem(option)
        plain.state &= ~(QStyle.StateFlag.State_Selected | QStyle.StateFlag.State_HasFocus)  # type: ignore[attr-defined]
        super().paint(painter, plain, index)
        if selected:
            painter.save()
            painter.setPen(QPen(QColor(SELECTED_COLOR), 3))
            painter.drawRect(option.rect.adjusted(1, 1, -2, -2))  # type: ignore[attr-defined]
            painter.restore()


class BoardTable(QTableView):
    """Enter (or double-click) opens the current cell."""

    open_cell = Signal(QModelIndex)

    def keyPressEvent(self, e: QKeyEvent) -> None:
        if e.key() in _ENTER and self.currentIndex().isValid():
            self.open_cell.emit(self.currentIndex())
            return
        super().keyPressEvent(e)


class BoardView(QWidget):
    """``open_requested(region, month)`` when a cell is opened; ``changed`` after recording an event."""

    open_requested = Signal(str, object)
    changed = Signal()
    trend_requested = Signal()

    def __init__(self, store: Store, context: Context, today: Callable[[], date],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.context = context
        self.today = today
        self.deadline_label = QLabel()
        font = self.deadline_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.deadline_label.setFont(font)
        legend = QLabel("未填 → 草稿 → 已校验（没有错误，警告都已说明）→ 已导出（数据锁定）；过了截止日仍未导出为逾期（开始用本软件之前的月份显示未填）。")
        set_role(legend, "role", "hint")
        legend.setWordWrap(True)

        self.model = BoardModel(self)
        self.table = BoardTable()
        self.table.setModel(self.model)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setItemDelegate(CellDelegate(self.table))
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 12)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setMinimumSectionSize(120)
        self.table.setToolTip("双击或按回车打开该月月报")
        self.table.doubleClicked.connect(self._open_index)
        self.table.open_cell.connect(self._open_index)
        self.table.selectionModel().currentChanged.connect(lambda *_: self._update_rhythm())
        self.open_button = QPushButton("打开月报")
        self.open_button.setToolTip("打开选中的月报（双击或回车）；本单位尚未填写的月份会新建")
        self.open_button.clicked.connect(lambda: self._open_index(self.table.currentIndex()))
        self.trend_button = QPushButton("各月趋势")
        self.trend_button.setToolTip("各项指标逐月的变化：本单位和各下级单位，比率为折线、其余为柱形")
        self.trend_button.clicked.connect(self.trend_requested)
        left = QWidget()
        col = QVBoxLayout(left)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(self.table, 1)
        row = QHBoxLayout()
        row.addWidget(self.open_button)
        row.addWidget(self.trend_button)
        row.addStretch(1)
        col.addLayout(row)

        self.rhythm_box = QGroupBox("四个一")
        self.rhythm_model = RhythmModel(self)
        self.rhythm_table = QTableView()
        self.rhythm_table.setModel(self.rhythm_model)
        self.rhythm_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.rhythm_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.rhythm_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.rhythm_table.verticalHeader().hide()
        self.rhythm_table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 12)
        header = self.rhythm_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.rhythm_table.setWordWrap(False)
        rows = self.rhythm_table.verticalHeader().defaultSectionSize() * len(RHYTHM)
        self.rhythm_table.setFixedHeight(rows + self.rhythm_table.horizontalHeader().sizeHint().height() + 4)
        self.record_button = QPushButton("记录已完成的工作…")
        self.record_button.setToolTip("记录一次已完成的四个一工作（日期和备注）")
        self.record_button.clicked.connect(self.record_event)
        self.history = QListWidget()
        self.history.setToolTip("已记录的四个一工作，最近的在前")
        self.delete_event_button = QPushButton("删除记录")
        self.delete_event_button.setToolTip("删除选中的一条记录（记错时用）")
        self.delete_event_button.clicked.connect(self.delete_event)
        rhythm_hint = QLabel("每月通报工作动态，每季组织现场推进会，每半年召开领导小组会议，每年进行综合监测评估。")
        set_role(rhythm_hint, "role", "hint")
        rhythm_hint.setWordWrap(True)
        box = QVBoxLayout(self.rhythm_box)
        box.addWidget(rhythm_hint)
        box.addWidget(self.rhythm_table)
        buttons = QHBoxLayout()
        buttons.addWidget(self.record_button)
        buttons.addStretch(1)
        box.addLayout(buttons)
        box.addSpacing(8)
        box.addWidget(QLabel("已记录的工作"))
        box.addWidget(self.history, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.delete_event_button)
        buttons.addStretch(1)
        box.addLayout(buttons)

        self.left = left
        body = QHBoxLayout()
        body.addWidget(left, 3)  # grows up to its columns' width (see _fit_width)
        rhythm_scroll = QScrollArea()  # scrolls on a low screen (1366×768 at 150 %)
        rhythm_scroll.setWidget(self.rhythm_box)
        rhythm_scroll.setWidgetResizable(True)
        rhythm_scroll.setFrameShape(QFrame.Shape.NoFrame)
        rhythm_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body.addWidget(rhythm_scroll, 2)
        self.sent_label = QLabel()  # 报送: 未报送 / 已报送 on a date / 报送后又修改, rosters and months
        self.sent_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.deadline_label)
        layout.addWidget(self.sent_label)
        layout.addWidget(legend)
        layout.addLayout(body, 1)
        chain = [self.table, self.open_button, self.trend_button, self.rhythm_table, self.record_button,
                 self.history, self.delete_event_button]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    # -- contents ----------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the reports again; the selected cell stays where it was (else: this month, own region)."""
        keep = self.current_cell()
        ctx = self.context
        today = self.today()
        reports = self.store.reports()
        from desktop.services.export import trend_order

        subordinates = trend_order(ctx.settings, reports)  # the direct subordinates, in the gazetteer's order
        regions = {r.region for r in reports} | {ctx.own_region} | set(subordinates)
        self.model.set_board(reports, ctx.own_region, today, {u: ctx.day_for(u) for u in regions}, ctx.deadline_day,
                             self.store.exported_report_ids(), subordinates)
        current = YearMonth.of(today)
        text, role = deadline_text(current, ctx.deadline_day, today, self.store.report(ctx.own_region, current))
        self.deadline_label.setText(text)
        set_role(self.deadline_label, "role", role)
        self.sent_label.setText(self.sent_text(reports, current) + "\n" + self.evaluation_text(today))
        region, month = keep if keep else (ctx.own_region, current)
        self.select(region, month)
        self._fit_width()
        self._update_rhythm()

    def evaluation_text(self, today) -> str:
        """The 验收评估 window and how many pilot sites are fully scored."""
        from desktop.domain.evaluation.checklist import ChecklistError
        from desktop.domain.evaluation.scoring import evaluation_window_text, result_of
        from desktop.domain.evaluation.sites import sites_of

        try:
            checklist = self.store.checklist()
        except ChecklistError:
            return ""
        sites = sites_of(self.store.load_rosters(), checklist)
        results = [result_of(checklist, self.store.site_scores(s)) for s in sites]
        return evaluation_window_text(today.month, results)

    def sent_text(self, reports, current: YearMonth) -> str:
        """报送 of the rosters (with their deadline) and of the own region's last three months."""
        from desktop.domain.dates import format_cn
        from desktop.domain.submission import month_part, roster_part, sending_status, snapshot_of

        ctx = self.context
        records = [(r.at, r.snapshot) for r in self.store.submissions() if r.kind == "报送"]
        today = snapshot_of(self.store.load_rosters(), reports, whole=True)
        _s, rosters = sending_status([(at, roster_part(s)) for at, s in records], roster_part(today))
        deadline = ctx.settings.deadline
        parts = [f"名单{f'（截止 {format_cn(deadline)}）' if deadline else ''}：{rosters}"]
        own = sorted((r for r in reports if r.region == ctx.own_region and r.month <= current),
                     key=lambda r: r.month, reverse=True)[:3]
        for r in own:
            _s, text = sending_status([(at, month_part(s, r.region, r.month.iso)) for at, s in records],
                                      month_part(today, r.region, r.month.iso))
            parts.append(f"{r.month.label}月报：{text}")
        from desktop.domain.places.units import role_of
        from desktop.domain.receiving.due import documents_deadline, documents_owed
        from desktop.domain.submission import documents_status

        owed = documents_status(records, documents_owed(role_of(ctx.settings.unit)))
        if owed:  # the March documents (专题调研报告、实施方案…), attached to a 报送
            parts.append(f"材料（截止 {format_cn(documents_deadline(current.year))}）：" + "，".join(f"{a} {b}" for a, b in owed))
        return "报送情况　" + "　".join(parts)

    def _fit_width(self) -> None:
        """The board grows to its columns' width (at most 3/5 of the page, then it scrolls);
        the 四个一 panel takes the rest."""
        table = self.table
        table.resizeColumnsToContents()
        width = table.verticalHeader().sizeHint().width() + 2 * table.frameWidth() + 4
        width += sum(table.columnWidth(c) for c in range(self.model.columnCount()))
        width += table.verticalScrollBar().sizeHint().width()
        buttons = self.open_button.sizeHint().width() + self.trend_button.sizeHint().width() + 8
        self.left.setMaximumWidth(max(width, buttons))

    def current_cell(self) -> tuple[str, YearMonth] | None:
        index = self.table.currentIndex()
        region, month = self.model.region(index.column()), self.model.month(index.row())
        return (region, month) if index.isValid() and region is not None and month is not None else None

    def select(self, region: str, month: YearMonth) -> None:
        row = max(0, self.model.row_of(month))
        column = max(0, self.model.column_of(region))
        if self.model.rowCount() == 0:
            return
        self.table.selectionModel().setCurrentIndex(self.model.index(row, column),
                                                    QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def selected_month(self) -> YearMonth:
        cell = self.current_cell()
        return cell[1] if cell else YearMonth.of(self.today())

    def status(self, region: str, month: YearMonth) -> str | None:
        """The board text of one cell (for tests and scripts)."""
        return self.model.status(self.model.row_of(month), self.model.column_of(region))

    def _open_index(self, index: QModelIndex) -> None:
        region, month = self.model.region(index.column()), self.model.month(index.row())
        if index.isValid() and region is not None and month is not None:
            self.open_requested.emit(region, month)

    # -- 四个一 -----------------------------------------------------------------------------------
    def _update_rhythm(self) -> None:
        month = self.selected_month()
        done = [(e.kind, e.done_on, e.note) for e in self.store.events(own_only=True)]
        self.rhythm_model.set_month(month, done, self.today())
        self.rhythm_box.setTitle(f"四个一（{month.label}）")
        labels = {e.code: e.label for e in RHYTHM}
        self.history.clear()
        for event in sorted(self.store.events(), key=lambda e: (e.done_on, e.id), reverse=True):
            text = f"{format_cn(event.done_on)}　{labels.get(event.kind, event.kind)}"
            if event.unit_name:
                text += f"　（{event.unit_name}）"
            item = QListWidgetItem(text + (f"　{event.note}" if event.note else ""))
            item.setData(Qt.ItemDataRole.UserRole, event.id)
            self.history.addItem(item)
        self.delete_event_button.setEnabled(self.history.count() > 0)

    def record_event(self) -> int | None:
        """Ask for an event and store it; returns its id (None when cancelled)."""
        chosen = self.rhythm_model.due(self.rhythm_table.currentIndex().row())
        pending = next((d for d in self.rhythm_model.events if not d.done), None)
        kind = chosen or pending or self.rhythm_model.due(0)
        today = self.today()
        month = self.selected_month()
        day = today if month.first_day <= today <= month.last_day else min(month.last_day, today)
        answer = ask_event(self, kind.event.code if kind else RHYTHM[0].code, day)
        if answer is None:
            return None
        code, done_on, note = answer
        event_id = self.store.add_event(code, done_on, note)
        self._update_rhythm()
        self.changed.emit()
        return event_id

    def delete_event(self) -> bool:
        item = self.history.currentItem()
        if item is None:
            return False
        answer = QMessageBox.question(self, "删除记录", f"确定删除“{item.text()}”吗？",
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return False
        self.store.delete_event(int(item.data(Qt.ItemDataRole.UserRole)))
        self._update_rhythm()
        self.changed.emit()
        return True
