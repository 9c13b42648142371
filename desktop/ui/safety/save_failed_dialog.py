"""The dialog after the first edit the database refused: it says the edit was not saved and why, and
offers 重试, 另存为… and 稍后处理 (desktop.ui.safety.unsaved shows it)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QStyle, QVBoxLayout, QWidget

from desktop.system.about import APP_NAME

RETRY, SAVE_AS, LATER = "retry", "save_as", "later"


def failure_message(cause: str) -> str:
    return (f"刚才的修改没有保存：{cause}。\n\n"
            "您输入的内容仍显示在窗口中，程序记着它，但还没有写进数据库文件。可以：\n"
            "· 重试：问题解决后（另一个程序写完、清理出磁盘空间）再保存；\n"
            "· 另存为…：把全部数据连同没有保存的修改保存为一个新的数据库文件，之后在新文件上继续填报。\n\n"
            "关闭程序之前，请重试成功或另存为，否则没有保存的修改会丢失。")


class SaveFailedDialog(QDialog):
    """重试 / 另存为… / 稍后处理, after the first edit the database refused; ``choice`` says which."""

    def __init__(self, cause: str, *, can_retry: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{APP_NAME} — 修改没有保存")
        self.choice = LATER
        icon = QLabel()
        icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(40, 40))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.message = QLabel(failure_message(cause))
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setMinimumWidth(420)
        self.retry_button = QPushButton("重试")
        self.retry_button.setVisible(can_retry)
        self.save_as_button = QPushButton("另存为…")
        self.later_button = QPushButton("稍后处理")
        (self.retry_button if can_retry else self.save_as_button).setDefault(True)
        for button, choice in ((self.retry_button, RETRY), (self.save_as_button, SAVE_AS),
                               (self.later_button, LATER)):
            button.clicked.connect(lambda _=False, c=choice: self._choose(c))
        top = QHBoxLayout()
        top.addWidget(icon)
        top.addWidget(self.message, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.retry_button, self.save_as_button, self.later_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(buttons)
        from desktop.ui.common.screen_fit import fit_to_screen

        fit_to_screen(self, self.sizeHint().width(), self.sizeHint().height())

    def _choose(self, choice: str) -> None:
        self.choice = choice
        self.accept()
