"""The findings dock: every error and warning of all lists; activating one jumps to its place."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QDockWidget, QHeaderView, QLabel, QTableView, QWidget

from desktop.domain.findings import Finding
from desktop.ui.common.table_model import TableModel
from desktop.ui.common.theme import severity_icon

HEADERS = ("类别", "名单", "问题及改正方法")
_R = Qt.ItemDataRole
_Index = QModelIndex | QPersistentModelIndex


class FindingsModel(TableModel):
    """Errors first, then warnings, each in the order the rules reported them."""

    HEADERS = HEADERS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._findings: list[Finding] = []

    def set_findings(self, findings: list[Finding]) -> None:
        self.beginResetModel()
        self._findings = sorted(findings, key=lambda f: not f.is_error)
        self.endResetModel()

    def finding(self, row: int) -> Finding | None:
        return self._findings[row] if 0 <= row < len(self._findings) else None

    def row_count(self) -> int:
        return len(self._findings)

    def data(self, index: _Index, role: int = _R.DisplayRole) -> object:
        f = self.finding(index.row()) if index.isValid() else None
        if f is None:
            return None
        col = index.column()
        if role == _R.DisplayRole:
            if col == 0:
                return f.severity.label
            if col == 1:
                return f.location.level.attachment if f.location.level else "设置"
            return f.message
        if role == _R.DecorationRole and col == 0:
            return severity_icon(f.severity)
        if role == _R.ToolTipRole and col == 2:
            return f.message
        return None


class FindingsView(QTableView):
    """Enter (or double-click) activates the current finding."""

    activated_finding = Signal(object)

    def __init__(self, model: FindingsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        header.setResizeContentsPrecision(100)
        self.activated.connect(self._emit)  # double-click, and Enter on most platforms

    def keyPressEvent(self, e: QKeyEvent) -> None:
        if e.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self._emit(self.currentIndex())
            return
        super().keyPressEvent(e)

    def _emit(self, index: QModelIndex) -> None:
        model = self.model()
        assert isinstance(model, FindingsModel)
        f = model.finding(index.row())
        if f is not None:
            self.activated_finding.emit(f)


class FindingsDock(QDockWidget):
    """Bottom dock listing all findings; ``jump(Finding)`` when the user activates one."""

    jump = Signal(object)

    def __init__(self, parent: QWidget | None = None, *, checking: bool = False) -> None:
        """``checking``: the lists are not checked yet (the window's quick start); the table is made
        with the first findings and a line says the check is running until then."""
        super().__init__("检查结果", parent)
        self.setObjectName("findings")
        self.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable)
        self.model = FindingsModel(self)
        self._view: FindingsView | None = None
        if checking:
            self.setWindowTitle("检查结果：正在检查…")
            waiting = QLabel("正在检查名单…")
            waiting.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.setWidget(waiting)
        else:
            self.view  # noqa: B018 - made now

    @property
    def view(self) -> FindingsView:
        """The table of findings (made on first use)."""
        if self._view is None:
            self._view = FindingsView(self.model)
            self._view.activated_finding.connect(self.jump)
            self._view.setToolTip("双击或按回车，跳到需要改正的位置")
            self.setWidget(self._view)
        return self._view

    def set_findings(self, findings: list[Finding]) -> None:
        self.view  # noqa: B018 - the table replaces the "checking" line
        self.model.set_findings(findings)
        errors = sum(f.is_error for f in findings)
        warnings = len(findings) - errors
        if findings:
            self.setWindowTitle(f"检查结果：{errors} 个错误，{warnings} 个警告（双击跳到相应位置）")
        else:
            self.setWindowTitle("检查结果：没有发现问题")
