"""One month's report: the form on the left, its findings and the warnings' 说明 on the right,
export / 汇总各县 above, the lock banner when the month has been exported."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.dates import format_moment
from desktop.domain.findings import Finding
from desktop.domain.monthly.phone import normalize_phone
from desktop.domain.monthly.report import MonthlyReport
from desktop.domain.monthly.rules import can_export, unanswered_warnings
from desktop.store.database import Store
from desktop.store.reports import HEADER_COLUMNS, ReportLockedError
from desktop.ui.common import folders
from desktop.ui.common.jobs import JobRunner
from desktop.ui.common.theme import set_role
from desktop.ui.monthly import actions
from desktop.ui.monthly.common import Context
from desktop.ui.monthly.findings_view import ExplanationsPanel, MonthlyFindingsModel
from desktop.ui.monthly.form import ReportForm
from desktop.ui.window.findings_panel import FindingsView


class ReportView(QWidget):
    """Shows and edits one stored report. Every committed edit is one store action (undoable),
    followed by a re-check; ``changed`` is emitted after each write."""

    changed = Signal()
    back_requested = Signal()
    exported = Signal(object)  # the written Path
    submit_requested = Signal(object)  # the month (YearMonth) to 报送

    def __init__(self, store: Store, context: Context, jobs: JobRunner, today: Callable[[], date],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.context = context
        self.jobs = jobs
        self.today = today
        self.report: MonthlyReport | None = None
        self.previous: MonthlyReport | None = None
        self.findings: list[Finding] = []
        self.read_only_reason = ""  # "locked" / "imported" / "other" / "busy" / ""
        self.busy = False
        self.exported_paths: dict[int, Path] = {}  # this session's exports, for 打开文件夹

        self.back_button = QPushButton("← 月报总览")
        self.back_button.setToolTip("回到月报总览（Alt+←）")
        self.back_button.clicked.connect(self.back_requested)
        self.title = QLabel()
        font = QFont(self.title.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.title.setFont(font)
        self.status_label = QLabel()
        self.compile_button = QPushButton("汇总各县…")
        self.compile_button.setToolTip("按各县（市、区）导入的本月月报汇总本单位月报")
        self.compile_button.clicked.connect(self.compile_counties)
        self.export_button = QPushButton("导出月报…")
        self.export_button.setToolTip("导出本月报工作簿（Ctrl+E）；导出后本月数据锁定")
        self.export_button.clicked.connect(self.export)
        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addSpacing(10)
        top.addWidget(self.title)
        top.addSpacing(10)
        top.addWidget(self.status_label)
        top.addStretch(1)
        top.addWidget(self.compile_button)
        self.submit_button = QPushButton("报送…")
        self.submit_button.setToolTip("报送本月月报（可连同名单）：检查、导出，写出发给上级的邮件草稿")
        self.submit_button.clicked.connect(lambda: self.report is not None and
                                           self.submit_requested.emit(self.report.month))
        top.addWidget(self.export_button)
        top.addWidget(self.submit_button)

        self.banner = QFrame()
        set_role(self.banner, "role", "banner")
        row = QHBoxLayout(self.banner)
        row.setContentsMargins(10, 6, 10, 6)
        self.banner_text = QLabel()
        self.banner_text.setWordWrap(True)
        self.open_folder_button = QPushButton("打开文件夹")
        self.open_folder_button.clicked.connect(self.open_folder)
        self.unlock_button = QPushButton("解锁修改…")
        self.unlock_button.setToolTip("解锁后可以修改；须填写原因，记入修改记录")
        self.unlock_button.clicked.connect(self.unlock)
        row.addWidget(self.banner_text, 1)
        row.addWidget(self.open_folder_button)
        row.addWidget(self.unlock_button)
        self.banner.hide()

        self.form = ReportForm(context.indicators)
        self.form.value_committed.connect(self._on_value)
        self.form.text_committed.connect(self._on_text)
        self.form.header_committed.connect(self._on_header)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.form)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        # never a sideways scroll bar: the splitter gives the form at least the width it needs
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setMinimumWidth(self.form.minimumSizeHint().width()
                                    + self.scroll.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent) + 4)

        self.findings_model = MonthlyFindingsModel(self)
        self.findings_view = FindingsView(self.findings_model)
        self.findings_view.setWordWrap(True)
        self.findings_view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.findings_view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.findings_view.setToolTip("单击、双击或按回车，跳到需要改正的位置")
        self.findings_view.activated_finding.connect(self.jump_to)
        self.findings_view.clicked.connect(lambda index: self._jump_row(index.row()))
        self.findings_title = QLabel()
        self.explanations = ExplanationsPanel()
        self.explanations.committed.connect(self._on_explanation)
        explain_title = QLabel("警告说明（每条警告导出前须填写简短说明）")
        right = QSplitter(Qt.Orientation.Vertical)
        top_box, bottom_box = QWidget(), QWidget()
        col = QVBoxLayout(top_box)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(self.findings_title)
        col.addWidget(self.findings_view, 1)
        col = QVBoxLayout(bottom_box)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(explain_title)
        col.addWidget(self.explanations, 1)
        right.addWidget(top_box)
        right.addWidget(bottom_box)
        right.setChildrenCollapsible(False)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.scroll)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([780, 520])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addWidget(self.splitter, 1)
        self.form.field_focused.connect(lambda w: self.scroll.ensureWidgetVisible(w, 40, 60))

    # -- showing -----------------------------------------------------------------------------------
    def show_report(self, rid: int) -> bool:
        """Show a stored report from scratch; False when it does not exist."""
        self.report = None
        self.form.report = None
        return self.reload(refill=True, rid=rid)

    def reload(self, *, refill: bool = True, rid: int | None = None) -> bool:
        """Read the report again and re-check. ``refill`` also puts the stored values into the
        fields (after undo, 汇总, unlock); without it only marks, rates and findings follow."""
        rid = rid if rid is not None else (self.report.id if self.report else None)
        if rid is None:
            return False
        try:
            report = self.store.report_by_id(rid)
        except KeyError:
            self.report = None
            return False
        self.report = report
        self.previous = self.context.previous(report)
        self.findings = self.context.findings(report)
        self.read_only_reason = self._read_only_reason(report)
        if refill or self.form.report is None or self.form.report.id != rid:
            self.form.set_report(report, self.previous)
        self.form.report = report
        self.form.set_read_only(bool(self.read_only_reason))
        self.form.set_findings(self.findings, report)
        self.findings_model.set_findings(self.findings, report)
        self.explanations.set_warnings(self.findings, report, bool(self.read_only_reason))
        self._show_state(report)
        return True

    def _read_only_reason(self, report: MonthlyReport) -> str:
        if self.busy:
            return "busy"
        if report.region != self.context.own_region:  # another office's report: read, never edit or unlock
            return "imported" if self.store.report_source(report.id)[0] else "other"
        return "locked" if report.locked else ""

    def _show_state(self, report: MonthlyReport) -> None:
        own = report.region == self.context.own_region
        self.title.setText(f"{report.region} {report.title}")
        errors = sum(f.is_error for f in self.findings)
        warnings = len(self.findings) - errors
        open_warnings = len(unanswered_warnings(self.findings, report))
        state = report.status_label  # the stored one; an open month follows the live findings
        if not report.locked and report.status != "exported":
            state = "已校验，可以导出" if can_export(self.findings, report) else "草稿"
        self.status_label.setText(f"状态：{state}　错误 {errors}　警告 {warnings}（未说明 {open_warnings}）")
        set_role(self.status_label, "role", "finding-error" if errors else
                 ("finding-warning" if open_warnings else ""))
        self.findings_title.setText(f"检查结果：{errors} 个错误，{warnings} 个警告" if self.findings
                                    else "检查结果：没有发现问题")
        self.export_button.setVisible(own)
        self.submit_button.setVisible(own)
        self.export_button.setEnabled(own and not report.locked and not self.busy)
        counties = [r for r in self.store.reports(month=report.month) if r.region != report.region]
        self.compile_button.setVisible(own and self.context.is_city and bool(counties))
        self.compile_button.setText(f"{actions.compile_label(self.context.settings)}…")
        self.compile_button.setEnabled(not self.read_only_reason)
        self._show_banner(report)

    def _show_banner(self, report: MonthlyReport) -> None:
        reason = self.read_only_reason
        self.unlock_button.setVisible(reason == "locked")
        path = self.exported_paths.get(report.id or 0)
        self.open_folder_button.setVisible(reason == "locked" and path is not None)
        if reason == "locked":
            exports = self.store.report_exports(report.id) if report.id else []
            when = f"（{format_moment(exports[-1].at)}，{exports[-1].file_name}）" if exports else ""
            text = f"已导出{when}，数据已锁定。如需修改，请点“解锁修改…”并填写原因，修改后重新导出。"
        elif reason == "imported":
            source, _sha, at = self.store.report_source(report.id)
            text = f"本月报由“{source}”导入（{format_moment(at)}），只读。如有错误，请{report.region}改正后重新报送。"
        elif reason == "other":
            text = f"这是{report.region}的月报，只读。"
        elif reason == "busy":
            text = "正在导出，请稍候……"
        else:
            self.banner.hide()
            return
        self.banner_text.setText(text)
        self.banner.show()

    # -- writes ------------------------------------------------------------------------------------
    def write(self, description: str, work: Callable[[int], None], *, refill: bool = False) -> bool:
        """Run ``work(report id)`` and the status update as one undoable store action, then re-check."""
        report = self.report
        if report is None or report.id is None:
            return False
        if self.read_only_reason:
            self.reload(refill=True)
            return False
        rid = report.id
        try:  # one action; kept by the store to be written again when the file refuses it
            self.store.run_action(description, lambda: (work(rid), self._sync_status(rid)))
        except ReportLockedError as exc:
            QMessageBox.warning(self, "月报已锁定", str(exc))
            self.reload(refill=True)
            return False
        except KeyError:  # the report is gone (e.g. its creation was undone)
            self.report = None
            self.back_requested.emit()
            return False
        self.reload(refill=refill)
        self.changed.emit()
        return True

    def _sync_status(self, rid: int) -> None:
        """草稿 ↔ 已校验 follows can_export() (no errors, every warning answered)."""
        report = self.store.report_by_id(rid)
        if report.locked or report.status == "exported":
            return
        status = "checked" if can_export(self.context.findings(report), report) else "draft"
        if status != report.status:
            self.store.set_report_status(rid, status)

    def _on_value(self, code: str, value: object) -> None:
        self.write("修改月报数据", lambda rid: self.store.set_report_value(rid, code, value))  # type: ignore[arg-type]

    def _on_text(self, code: str, text: str) -> None:
        self.write("修改月报文字", lambda rid: self.store.set_report_text(rid, code, text))

    def _on_header(self, name: str, value: object) -> None:
        if name not in HEADER_COLUMNS:
            return
        if name == "phone":
            value = normalize_phone(value)
        self.write("修改月报表头", lambda rid: self.store.set_report_header(rid, **{name: value}))

    def _on_explanation(self, key: str, text: str) -> None:
        self.write("填写说明", lambda rid: self.store.set_explanation(rid, key, text))

    def commit_pending(self) -> None:
        self.form.commit_pending()
        self.explanations.commit_pending()

    # -- export, unlock, 汇总 (desktop.ui.monthly.actions) -------------------------------------------
    def export(self) -> None:
        actions.export_report(self)

    def unlock(self) -> bool:
        return actions.unlock_report(self)

    def compile_counties(self) -> bool:
        return actions.compile_counties(self)

    def open_folder(self) -> None:
        path = self.exported_paths.get(self.report.id or 0) if self.report else None
        if path is not None:
            folders.open_folder(self, path.parent)

    def set_busy(self, busy: bool) -> None:
        self.busy = busy
        if self.report is not None:
            self.reload(refill=False)

    # -- navigation --------------------------------------------------------------------------------
    def jump_to(self, finding: Finding) -> None:
        """Show the field a finding points at (and its 说明 line for a warning)."""
        widget = self.form.focus_field(finding.location.field)
        if widget is not None:
            self.scroll.ensureWidgetVisible(widget, 40, 80)

    def _jump_row(self, row: int) -> None:
        finding = self.findings_model.finding(row)
        if finding is not None:
            self.jump_to(finding)
