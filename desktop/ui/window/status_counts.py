"""The main window's status bar: 填报单位 and deadline, 所有修改自动保存, and the counts."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QLabel, QStatusBar

from desktop.domain.dates import format_cn
from desktop.domain.findings import Finding
from desktop.domain.model import Settings
from desktop.ui.common.theme import set_role


class _Fit(QObject):
    """Re-fits the labels when the bar is resized."""

    def __init__(self, counts: StatusCounts, bar: QStatusBar) -> None:
        super().__init__(bar)
        self.counts = counts

    def eventFilter(self, obj: QObject, e: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if e.type() == QEvent.Type.Resize:
            self.counts.fit()
        return False


class StatusCounts:
    """Labels on ``bar``: the unit on the left; autosave, towns, villages, errors, warnings on the right.
    On a narrow window (1366×768 at 150 %) nothing is cut: 所有修改自动保存 goes first, then the
    deadline moves into the unit's tooltip."""

    def __init__(self, bar: QStatusBar) -> None:
        self.bar = bar
        self._unit_full = self._unit_short = ""
        self.unit_label = QLabel()
        self.saved_label = QLabel("所有修改自动保存")
        set_role(self.saved_label, "role", "hint")
        self.towns_label = QLabel()
        self.villages_label = QLabel()
        self.errors_label = QLabel()
        self.warnings_label = QLabel()
        bar.addWidget(self.unit_label)
        for w in (self.saved_label, self.towns_label, self.villages_label, self.errors_label, self.warnings_label):
            bar.addPermanentWidget(w)
        for w in (self.unit_label, self.saved_label, self.towns_label, self.villages_label, self.errors_label,
                  self.warnings_label):
            w.setContentsMargins(6, 0, 6, 0)  # room between the labels (no style sheet on the bar)
        bar.installEventFilter(_Fit(self, bar))

    def fit(self) -> None:
        """Show what fits the bar's width, dropping the least needed first."""
        width = self.bar.width() - 24 - 6 * 8  # the size grip, and the bar's spacing around each label
        counts = sum(w.sizeHint().width() for w in (self.towns_label, self.villages_label, self.errors_label,
                                                    self.warnings_label))
        full = self.unit_label.fontMetrics().horizontalAdvance(self._unit_full) + 24
        saved = self.saved_label.sizeHint().width()
        self.saved_label.setVisible(counts + full + saved <= width)
        self.unit_label.setText(self._unit_full if counts + full <= width else self._unit_short)
        self.unit_label.setToolTip(self._unit_full)

    def show_unit(self, settings: Settings) -> None:
        text = f"填报单位：{settings.unit.display or '未设置'}"
        self._unit_short = text
        if settings.deadline is not None:
            text += f"　截止日期：{format_cn(settings.deadline)}"
        self._unit_full = text
        self.unit_label.setText(text)
        self.fit()

    def show_counts(self, towns: int, villages: int, findings: list[Finding], repeated: int = 0) -> None:
        """``towns`` counts a town listed twice in one list once; ``repeated`` says how many rows repeat."""
        errors = sum(f.is_error for f in findings)
        warnings = len(findings) - errors
        self.towns_label.setText(f"乡镇（街道）{towns} 个" + (f"（另有 {repeated} 行重复）" if repeated else ""))
        self.villages_label.setText(f"村（社区）{villages} 个")
        self.errors_label.setText(f"名单错误 {errors}")
        self.warnings_label.setText(f"名单警告 {warnings}")
        set_role(self.errors_label, "role", "finding-error" if errors else "")
        set_role(self.warnings_label, "role", "finding-warning" if warnings else "")

    def show_saving(self, text: str, problem: bool) -> None:
        """所有修改自动保存, or what is not saved (desktop.ui.safety.unsaved.SaveState)."""
        self.saved_label.setText(text)
        set_role(self.saved_label, "role", "finding-error" if problem else "hint")
        self.fit()

    def show_checking(self) -> None:
        """The lists are shown but not checked yet (the quick start's first paint)."""
        self.errors_label.setText("正在检查名单…")
        self.warnings_label.clear()
