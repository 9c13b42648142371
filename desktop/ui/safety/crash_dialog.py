"""The dialog of an unexpected error (shown by ``desktop.ui.safety.crash.CrashReporter``)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from desktop.system.about import APP_NAME

MESSAGE = ("程序遇到了意外错误。您已输入的数据都已自动保存，不会丢失。\n\n"
           "可以关闭本提示继续填报；如果界面显示不正常，请关闭程序后重新打开。"
           "如果问题反复出现，请点“复制详细信息”，把内容发给技术支持人员。")


class CrashDialog(QDialog):
    """The short explanation, the log file's place, 复制详细信息 and 关闭."""

    def __init__(self, details: str, log_path: Path | None, parent: QWidget | None = None, *,
                 message: str | None = None) -> None:
        super().__init__(parent)
        self.details = details
        self.setWindowTitle(f"{APP_NAME} — 意外错误")
        icon = QLabel()
        icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(40, 40))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        text = message or MESSAGE  # MESSAGE says everything is saved: only when it is true
        if log_path is not None:
            text += f"\n\n错误报告已保存到：{log_path}"
        self.message = QLabel(text)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setMinimumWidth(460)
        self.text = QPlainTextEdit(details)
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.text.setVisible(False)
        self.toggle_button = QPushButton("显示详细信息")
        self.toggle_button.clicked.connect(self._toggle)
        self.copy_button = QPushButton("复制详细信息")
        self.copy_button.clicked.connect(self.copy_details)
        self.close_button = QPushButton("关闭")
        self.close_button.setDefault(True)
        self.close_button.clicked.connect(self.accept)
        top = QHBoxLayout()
        top.addWidget(icon)
        top.addWidget(self.message, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.toggle_button)
        buttons.addStretch(1)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.text, 1)
        layout.addLayout(buttons)
        from desktop.ui.common.screen_fit import fit_to_screen

        fit_to_screen(self, self.sizeHint().width(), self.sizeHint().height())

    def copy_details(self) -> None:
        QApplication.clipboard().setText(self.details)
        self.copy_button.setText("已复制")

    def _toggle(self) -> None:
        show = not self.text.isVisible()
        self.text.setVisible(show)
        self.toggle_button.setText("隐藏详细信息" if show else "显示详细信息")
        self.adjustSize()
