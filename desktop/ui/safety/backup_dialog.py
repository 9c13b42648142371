"""文件 → 备份与恢复…, and recovering a damaged database from its newest good backup at start-up."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.dates import format_moment
from desktop.store.backup import backup_folder, inspect, list_backups, replace_with_backup
from desktop.store.database import DatabaseError, Store, StoreError
from desktop.store.records import BackupInfo
from desktop.system.about import APP_NAME
from desktop.system.oserrors import os_error_text
from desktop.ui.common.folders import open_folder
from desktop.ui.common.theme import ERROR_COLOR, set_role

COLUMNS = ("备份时间", "原因", "乡镇数", "村数", "状态")


def describe_backup(db_path: Path, backup: Path) -> str:
    """“2021年3月25日 14:03:05 的备份（每日，乡镇（街道）5 个，村（社区）50 个）”."""
    info = next((i for i in list_backups(db_path) if i.path == backup), None)
    if info is None:
        _, towns, villages = inspect(backup)
        return f"“{backup.name}”（乡镇（街道）{towns} 个，村（社区）{villages} 个）"
    return (f"{format_moment(info.made_at, seconds=True)} 的备份（{info.reason}，乡镇（街道）{info.towns} 个，"
            f"村（社区）{info.villages} 个）")


class BackupDialog(QDialog):
    """Lists the backups of ``store``; 立即备份, 恢复所选…, 打开备份文件夹. ``restored`` after a restore."""

    restored = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.infos: list[BackupInfo] = []
        self.setWindowTitle("备份与恢复")
        intro = QLabel("程序每天第一次打开时、每次导入和恢复之前都会自动备份，保留最近 30 份。"
                       "恢复会用所选备份替换当前全部数据；恢复前会先备份当前数据，所以恢复也可以撤回。")
        intro.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(self.fontMetrics().horizontalAdvance("乡镇数") + 32)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(lambda _i: self.restore_selected())
        self.folder_label = QLabel(f"备份文件夹：{backup_folder(store.path)}")
        set_role(self.folder_label, "role", "hint")
        self.folder_label.setWordWrap(True)
        self.backup_button = QPushButton("立即备份")
        self.backup_button.clicked.connect(self.backup_now)
        self.restore_button = QPushButton("恢复所选…")
        self.restore_button.clicked.connect(self.restore_selected)
        self.folder_button = QPushButton("打开备份文件夹")
        self.folder_button.clicked.connect(self.open_folder)
        close = QPushButton("关闭")
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        for b in (self.backup_button, self.restore_button, self.folder_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.folder_label)
        layout.addLayout(buttons)
        from desktop.ui.common.screen_fit import fit_to_screen

        fit_to_screen(self, 760, 480)
        self.reload()

    def reload(self) -> None:
        self.infos = self.store.backups()
        self.table.setRowCount(len(self.infos))
        for row, info in enumerate(self.infos):
            cells = (format_moment(info.made_at, seconds=True), info.reason, str(info.towns), str(info.villages),
                     "正常" if info.ok else "损坏")
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col in (2, 3):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if not info.ok:
                    item.setToolTip("此备份已损坏或不是本软件的数据，不能用来恢复")
                    item.setForeground(QColor(ERROR_COLOR))
                self.table.setItem(row, col, item)
        if self.infos:
            self.table.selectRow(0)
        self._update_buttons()

    def selected(self) -> BackupInfo | None:
        rows = {i.row() for i in self.table.selectedIndexes()}
        return self.infos[rows.pop()] if len(rows) == 1 else None

    def _update_buttons(self) -> None:
        info = self.selected()
        self.restore_button.setEnabled(info is not None and info.ok)

    def backup_now(self) -> Path | None:
        try:
            path = self.store.backup("手动")
        except Exception as exc:  # noqa: BLE001 - a failed copy must say why, not crash
            from desktop.store.failures import cause_text

            QMessageBox.warning(self, "备份与恢复", f"备份没有成功（{cause_text(exc)}）。\n\n当前数据不受影响。"
                                                    "请检查磁盘空间和文件夹权限。")
            return None
        self.reload()
        return path

    def restore_selected(self) -> bool:
        info = self.selected()
        if info is None or not info.ok:
            return False
        question = (f"用 {format_moment(info.made_at, seconds=True)} 的备份（{info.reason}，乡镇（街道）{info.towns} 个，"
                    f"村（社区）{info.villages} 个）替换当前的全部数据？\n\n"
                    "恢复前会先备份当前数据；如果恢复错了，可以再恢复那份“恢复前”的备份。")
        answer = QMessageBox.question(self, "恢复备份", question,
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return False
        try:
            self.store.restore(info.path)
        except DatabaseError as exc:
            QMessageBox.warning(self, "恢复备份", str(exc))
            self.reload()
            return False
        except (OSError, StoreError) as exc:  # busy, read-only, a full disk: nothing was replaced
            from desktop.store.failures import failure_text

            QMessageBox.warning(self, "恢复备份", f"没有恢复：{failure_text(exc, self.store.path)}。")
            self.reload()
            return False
        self.reload()
        self.restored.emit()
        QMessageBox.information(self, "恢复备份", f"已恢复 {format_moment(info.made_at, seconds=True)} 的备份。")
        return True

    def open_folder(self) -> None:
        folder = backup_folder(self.store.path)
        folder.mkdir(parents=True, exist_ok=True)
        open_folder(self, folder)


# -- start-up: a damaged database ---------------------------------------------------------
def offer_restore(db_path: Path, message: str, backup: Path, parent: QWidget | None = None) -> Path | None:
    """Ask whether to restore ``backup`` over a damaged database; returns the moved-aside file when done."""
    question = (f"{message.removesuffix('，请从备份恢复')}。\n\n可以用最近一份正常的备份恢复：{describe_backup(db_path, backup)}。"
                "该备份之后的修改会丢失。\n\n"
                f"损坏的文件不会删除，会改名为“{db_path.name}.damaged-日期时间”保留在原文件夹。\n\n现在恢复吗？")
    answer = QMessageBox.question(parent, APP_NAME, question,
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.Yes)
    if answer != QMessageBox.StandardButton.Yes:
        return None
    try:
        return replace_with_backup(db_path, backup)
    except OSError as exc:
        QMessageBox.critical(parent, APP_NAME, f"恢复没有成功（{os_error_text(exc)}）。"
                                               "请关闭其他可能打开该文件的程序，检查磁盘空间后重试。")
        return None
