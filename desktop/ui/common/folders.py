"""Folders the window uses: where each kind of file dialog starts, and opening a folder.

A file dialog starts in the folder last used for its kind (import, export, package, PDF, evidence…),
kept across restarts in ``界面设置.ini`` in the user's data folder (desktop.system.paths; not in the
database: it is the person's habit, not the data); the first time, in the user's 文档 (Documents)
folder, or the home folder when there is none — never the program's folder. ``open_folder`` says so
when no program could open the folder, and shows (and copies) its path.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from PySide6.QtCore import QSettings, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.system.paths import default_data_dir

SETTINGS_FILE = "界面设置.ini"
KINDS = ("import", "export", "package", "pdf", "monthly", "submit", "history", "evidence", "checklist", "evaluation",
         "documents", "remind")


def _settings() -> QSettings:
    folder = default_data_dir()
    with contextlib.suppress(OSError):
        folder.mkdir(parents=True, exist_ok=True)
    return QSettings(str(folder / SETTINGS_FILE), QSettings.Format.IniFormat)


def default_dir() -> str:
    """Where file dialogs start before the user has picked a folder: 文档 (Documents) when it exists, else
    the home folder — never the program folder (``start_dir`` remembers the last one used)."""
    from PySide6.QtCore import QStandardPaths

    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return docs if docs and Path(docs).is_dir() else str(Path.home())


def start_dir(kind: str) -> str:
    """Where the ``kind`` file dialog starts: the folder last used for it while it still exists."""
    assert kind in KINDS, kind
    value = _settings().value(f"folders/{kind}", "")
    if isinstance(value, str) and value and Path(value).is_dir():
        return value
    return default_dir()


def remember_dir(kind: str, folder: str | Path) -> None:
    """Keep ``folder`` as where ``kind`` dialogs start (a file dialog's: the folder of the chosen file)."""
    assert kind in KINDS, kind
    settings = _settings()
    settings.setValue(f"folders/{kind}", str(Path(folder)))
    settings.sync()


def open_folder(parent: QWidget | None, folder: Path) -> bool:
    """Open ``folder`` in the file manager; when that fails, say so, with the path (also copied)."""
    if QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
        return True
    QGuiApplication.clipboard().setText(str(folder))
    QMessageBox.warning(parent, "无法打开文件夹",
                        f"没有能打开文件夹的程序，文件夹没有打开。\n\n位置：{folder}\n\n"
                        "这个位置已复制到剪贴板，可以在资源管理器的地址栏中粘贴后按回车打开。")
    return False


def replace_asked(parent: QWidget | None, folder: Path, names: list[str]) -> bool:
    """True when none of ``names`` is in ``folder`` yet, or the user agreed to replace those that are."""
    existing = [name for name in names if (folder / name).exists()]
    if not existing:
        return True
    listed = "\n".join(f"“{name}”" for name in existing)
    yes, no = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No
    return QMessageBox.question(parent, "文件已存在", f"文件夹中已有：\n{listed}\n\n要替换它们吗？", yes | no, no) == yes


def ask_to_open(parent: QWidget | None, title: str, text: str) -> bool:
    """An information box with 打开文件夹 beside 确定; True when the user asked to open the folder."""
    box = QMessageBox(QMessageBox.Icon.Information, title, text, parent=parent)
    open_button = box.addButton("打开文件夹", QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Ok)
    from desktop.ui.common.modal import run_modal

    run_modal(box)
    return box.clickedButton() is open_button
