"""The report's findings beside the form: the list (activate → jump to the field) and the 说明
each warning needs before export."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QLineEdit, QScrollArea, QVBoxLayout, QWidget

from desktop.domain.findings import Finding, Severity
from desktop.domain.monthly.findings import answer_of, finding_key
from desktop.domain.monthly.report import MonthlyReport
from desktop.domain.names import clean_text
from desktop.domain.text_rules import check_text
from desktop.ui.common.text_limit import limit_text, tell
from desktop.ui.common.theme import MUTED_COLOR, set_role, severity_icon
from desktop.ui.monthly.common import OK_COLOR
from desktop.ui.window.findings_panel import FindingsModel

HEADERS = ("类别", "问题及改正方法")
ANSWERED = "已说明"
_R = Qt.ItemDataRole
_Index = QModelIndex | QPersistentModelIndex


class MonthlyFindingsModel(FindingsModel):
    """Errors first, then unanswered warnings, then warnings answered with a 说明 (shown resolved).
    A FindingsModel, so desktop.ui.window.findings_panel.FindingsView shows it and jumps on activation."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[Finding, str]] = []  # (finding, its 说明 or "")
        self._prefix = ""  # 2021年4月月报: left out of the list, which shows one report

    def set_findings(self, findings: list[Finding], report: MonthlyReport | None = None) -> None:
        def explanation(f: Finding) -> str:
            return answer_of(f, report) if report is not None else ""

        self._prefix = report.title if report is not None else ""
        rows = [(f, explanation(f)) for f in findings]
        rows.sort(key=lambda r: (not r[0].is_error, bool(r[1])))
        self.beginResetModel()
        self._rows = rows
        self._findings = [f for f, _answer in rows]
        self.endResetModel()

    def finding(self, row: int) -> Finding | None:
        return self._rows[row][0] if 0 <= row < len(self._rows) else None

    def is_answered(self, row: int) -> bool:
        return 0 <= row < len(self._rows) and bool(self._rows[row][1])

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: _Index, role: int = _R.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        f, answer = self._rows[index.row()]
        col = index.column()
        if role == _R.DisplayRole:
            if col == 0:
                return ANSWERED if answer else f.severity.label
            text = f.message.removeprefix(self._prefix).strip()
            return f"{text}（说明：{answer}）" if answer else text
        if role == _R.DecorationRole and col == 0 and not answer:
            return severity_icon(f.severity)
        if role == _R.ForegroundRole and answer:
            return QBrush(QColor(OK_COLOR if col == 0 else MUTED_COLOR))
        if role == _R.ToolTipRole and col == 1:
            return f.message + (f"\n说明：{answer}" if answer else "")
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _R.DisplayRole) -> object:
        if role == _R.DisplayRole and orientation == Qt.Orientation.Horizontal and 0 <= section < len(HEADERS):
            return HEADERS[section]
        return None


class ExplanationRow(QFrame):
    """One warning: its message and a line for the 说明; ``committed(key, text)``."""

    committed = Signal(str, str)

    def __init__(self, finding: Finding, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = finding_key(finding)
        self.finding = finding
        self._last = ""
        self.icon = QLabel()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.edit = QLineEdit()
        limit_text(self.edit, "explanation", "说明")
        self.edit.setPlaceholderText("填写简短说明，如：本月开展集中办理活动，办件量增加")
        self.edit.editingFinished.connect(self.commit)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 4, 0, 4)
        grid.addWidget(self.icon, 0, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.message, 0, 1)
        grid.addWidget(self.edit, 1, 1)
        grid.setColumnStretch(1, 1)

    def show_finding(self, finding: Finding, answer: str, read_only: bool, prefix: str = "") -> None:
        self.finding = finding
        self.message.setText(finding.message.removeprefix(prefix).strip())
        self.message.setToolTip(finding.message)
        done = bool(answer.strip())
        if done:
            self.icon.setText("✓")
            self.icon.setStyleSheet(f"color: {OK_COLOR}; font-weight: bold;")
        else:
            self.icon.setPixmap(severity_icon(Severity.WARNING).pixmap(16, 16))
        set_role(self.message, "role", "hint" if done else "")
        if not self.edit.hasFocus():
            self._last = answer
            self.edit.setText(answer)
        self.edit.setReadOnly(read_only)
        self.edit.setToolTip("已说明" if done else "导出前须填写说明；按回车或 Tab 保存")

    def commit(self) -> None:
        text = self.edit.text().strip()
        if self.edit.isReadOnly() or text == self._last:
            return
        problem = check_text(text, "说明", "explanation")
        if problem is not None:  # kept in the field, to be corrected
            tell(self.edit, problem)
            return
        text = clean_text(text)
        self._last = text
        self.committed.emit(self.key, text)


class ExplanationsPanel(QScrollArea):
    """The warnings that need a 说明 before export, one line edit each. Rows are kept (and the
    focus with them) while the same warnings fire; only new or vanished warnings add or drop rows."""

    committed = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        inner = QWidget()
        self.column = QVBoxLayout(inner)
        self.column.setContentsMargins(0, 0, 4, 0)
        self.empty = QLabel("没有需要说明的警告。")
        set_role(self.empty, "role", "hint")
        self.column.addWidget(self.empty)
        self.column.addStretch(1)
        self.setWidget(inner)
        self.rows: dict[str, ExplanationRow] = {}
        self.order: list[str] = []

    def set_warnings(self, findings: list[Finding], report: MonthlyReport | None, read_only: bool) -> None:
        warnings = [f for f in findings if f.severity is Severity.WARNING and finding_key(f)]
        keys = [finding_key(f) for f in warnings]
        for key in list(self.rows):
            if key not in keys:
                row = self.rows.pop(key)
                self.column.removeWidget(row)
                row.hide()
                row.deleteLater()
        for i, f in enumerate(warnings):
            key = keys[i]
            row = self.rows.get(key)
            if row is None:
                row = ExplanationRow(f)
                row.committed.connect(self.committed)
                self.rows[key] = row
            self.column.removeWidget(row)
            self.column.insertWidget(i, row)
            answer = (report.explanations.get(key) or "") if report is not None else ""
            row.show_finding(f, answer, read_only, report.title if report is not None else "")
        self.order = keys
        self.empty.setVisible(not warnings)

    def edit_for(self, key: str) -> QLineEdit | None:
        row = self.rows.get(key)
        return row.edit if row else None

    def commit_pending(self) -> None:
        for row in self.rows.values():
            row.commit()

    def edits(self) -> list[QLineEdit]:
        return [self.rows[k].edit for k in self.order]
