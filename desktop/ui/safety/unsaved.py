"""The truth about saving, at the top of the main window: a database opened read-only, or edits the
database refused (another program writing, a read-only file, a full disk).

A refused edit stays on screen and is kept by the store (``Store.unsaved``, desktop.store.unsaved); the
first one brings up ``SaveFailedDialog`` (save_failed_dialog.py), which says the edit was not saved and why, and offers 重试 and
另存为… (a new database file holding everything, the unsaved edits included, on which the window goes
on). Until then the banner says how many edits are not saved, and closing the window asks first.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFileDialog, QFrame, QHBoxLayout, QLabel, QMessageBox, QPushButton, QWidget

from desktop.store.database import Store, StoreError
from desktop.store.failures import DISK_FULL, cause_text, failure_text, read_only_text
from desktop.system.about import APP_NAME
from desktop.ui.common.theme import ERROR_COLOR, ERROR_TINT, FINDING_STYLE, set_role

if TYPE_CHECKING:  # the dialog is built the first time an edit is refused, not at start
    from desktop.ui.safety.save_failed_dialog import SaveFailedDialog

def short_cause(exc: BaseException, store: Store) -> str:
    """The cause in a few words, naming the file: for the banner."""
    from desktop.store.failures import Cause, cause_of

    name = f"数据库“{store.path.name}”"
    cause = cause_of(exc)
    if store.read_only or cause is Cause.READ_ONLY:
        return f"{name}只读"
    if cause is Cause.LOCKED:
        return f"另一个程序正在写入{name}"
    if cause is Cause.FULL:
        return f"磁盘已满，{name}无法写入"
    return f"{name}无法写入（{cause_text(exc)}）"


class SaveState(QFrame):
    """The banner: read-only, or N edits not saved (重试, 另存为…). ``switched`` after 另存为 (the new path)."""

    switched = Signal(Path)
    status_changed = Signal(str, bool)  # the status bar's saving state: text, and whether something is wrong

    def __init__(self, store: Store, reload: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.reload = reload
        self.cause = ""  # the whole message of the last refusal
        self.short = ""  # its cause in a few words, for the banner
        self.last_dialog: SaveFailedDialog | None = None
        self._asked = False  # the dialog was shown for the current run of failures
        set_role(self, "role", "banner")
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.retry_button = QPushButton("重试")
        self.retry_button.clicked.connect(self.retry)
        self.save_as_button = QPushButton("另存为…")
        self.save_as_button.clicked.connect(self.save_as)
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 6, 10, 6)
        row.addWidget(self.text, 1)
        row.addWidget(self.retry_button)
        row.addWidget(self.save_as_button)
        store.unsaved_changed = self.refresh  # a later edit may write the kept ones: the banner follows
        self.refresh()

    # -- state ---------------------------------------------------------------------------
    @property
    def unsaved(self) -> int:
        return len(self.store.unsaved)

    def refresh(self) -> None:
        n = self.unsaved
        if not n:
            self._asked = False  # the next refusal asks again
        if n:
            self.text.setText(f"有 {n} 项修改没有保存：{self.short or '数据库拒绝写入'}。修改仍显示在窗口中，"
                              "程序记着它们；请稍后点“重试”，或“另存为…”新的数据库文件。")
            self.setStyleSheet(FINDING_STYLE + f"QFrame[role=\"banner\"] {{ background: {ERROR_TINT}; "
                                               f"border: 1px solid {ERROR_COLOR}; border-radius: 4px; }}")
            self.status_changed.emit(f"有 {n} 项修改没有保存", True)
        elif self.store.read_only == DISK_FULL:
            self.text.setText("磁盘已满，数据库已按只读方式打开：可以查看、检查、打印和导出，修改不能保存；"
                              "请清理磁盘空间后重新打开程序，或点“另存为…”保存到有空间的位置（如 U 盘）继续填报。")
            self.setStyleSheet(FINDING_STYLE)
            self.status_changed.emit("磁盘已满：修改不能保存", True)
        elif self.store.read_only:
            self.text.setText(f"此数据库文件只读，已按只读方式打开：{self.store.read_only}。可以查看、检查、打印和导出，"
                              "修改不能保存；要继续填报，请点“另存为…”把全部数据保存为一个新的数据库文件。")
            self.setStyleSheet(FINDING_STYLE)
            self.status_changed.emit("只读：修改不能保存", True)
        else:
            self.status_changed.emit("所有修改自动保存", False)
        self.retry_button.setVisible(bool(n) and not self.store.read_only)
        self.setVisible(bool(n or self.store.read_only))

    def show_failure(self, exc: BaseException) -> None:
        """An edit the database refused (the store kept it): say so, and the first time ask what to do.
        Any other write it refused did not happen at all: that is said too."""
        from desktop.store.unsaved import WriteFailed

        if not isinstance(exc, WriteFailed) or not self.store.unsaved:
            QMessageBox.warning(self.window(), "操作没有完成",
                                f"刚才的操作没有完成：{failure_text(exc, self.store.path)}。\n\n"
                                "数据库中原有的数据没有改变；问题解决后请再做一次。")
            return
        self.cause = (read_only_text(self.store.path, self.store.read_only) if self.store.read_only
                      else failure_text(exc, self.store.path))
        self.short = short_cause(exc, self.store)
        self.refresh()
        if self._asked:
            return
        self._asked = True
        from desktop.ui.safety.save_failed_dialog import RETRY, SAVE_AS, SaveFailedDialog

        dialog = SaveFailedDialog(self.cause, can_retry=not self.store.read_only, parent=self.window())
        self.last_dialog = dialog
        from desktop.ui.common.modal import run_modal

        run_modal(dialog)
        if dialog.choice == RETRY:
            self.retry()
        elif dialog.choice == SAVE_AS:
            self.save_as()

    # -- actions -------------------------------------------------------------------------
    def retry(self) -> bool:
        """Write the kept edits again; True when all are saved."""
        try:
            self.store.retry_unsaved()
        except StoreError as exc:
            self.cause = failure_text(exc, self.store.path)
            self.short = short_cause(exc, self.store)
            self.refresh()
            QMessageBox.warning(self.window(), "仍然没有保存",
                                f"{self.cause}。\n\n修改仍由程序记着；可以稍后再重试，或“另存为…”新的数据库文件。")
            return False
        self._saved("修改已保存")
        return True

    def save_as(self) -> Path | None:
        """Everything (the unsaved edits too) into a new database file; the window goes on with it."""
        from desktop.system.lockinfo import window_holding
        from desktop.ui.common.folders import default_dir

        start = Path(default_dir()) / f"{self.store.path.stem}-另存.sqlite"
        name, _ = QFileDialog.getSaveFileName(self.window(), "另存为新的数据库文件", str(start), "数据库文件 (*.sqlite)")
        if not name:
            return None
        path = Path(name) if Path(name).suffix else Path(name + ".sqlite")
        busy = window_holding(path)
        if busy:
            QMessageBox.warning(self.window(), "另存为", busy)
            return None
        try:
            self.store.save_as(path)
        except ValueError as exc:
            QMessageBox.warning(self.window(), "另存为", str(exc))
            return None
        except (OSError, StoreError) as exc:
            if self.store.path != path:  # the copy itself failed: nothing changed
                QMessageBox.warning(self.window(), "另存为没有成功",
                                    f"无法写入“{path}”（{cause_text(exc)}）。请换一个位置（如 U 盘或“文档”）后重试。")
                return None
            self.cause = failure_text(exc, path)  # copied, but the kept edits were refused there too
            self.short = short_cause(exc, self.store)
        self.switched.emit(path)
        window = self.window()
        window.setWindowTitle(f"{path.name} — {APP_NAME}")
        if self.unsaved:
            self.refresh()
            self.reload()
            return path
        self._saved(f"已另存为“{path}”，之后的修改都保存在这个文件中")
        return path

    def _saved(self, message: str) -> None:
        self._asked = False
        self.cause = self.short = ""
        self.refresh()
        self.reload()
        bar = getattr(self.window(), "statusBar", None)
        if callable(bar):
            bar().showMessage(message, 10000)

    def confirm_close(self) -> bool:
        """Closing with edits not saved: asks first (they are lost otherwise)."""
        if not self.unsaved:
            return True
        answer = QMessageBox.question(
            self.window(), "有修改没有保存",
            f"有 {self.unsaved} 项修改没有保存（{self.cause}）。\n\n关闭后这些修改会丢失。"
            "要先“另存为…”新的数据库文件吗？选“否”则不保存，直接关闭。",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Yes)
        if answer == QMessageBox.StandardButton.Cancel:
            return False
        if answer == QMessageBox.StandardButton.Yes:
            return self.save_as() is not None and not self.unsaved
        return True
