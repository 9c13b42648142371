"""The main window's dialogs: 填报单位, 修改记录, 备份与恢复, 关于 (each built on first use)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop.system.about import APP_NAME, __version__
from desktop.ui.common.modal import run_modal

if TYPE_CHECKING:
    from desktop.ui.window.host import WindowHost


def open_settings(w: WindowHost) -> bool:
    """Edit the 填报单位 and deadlines; True when saved (the lists are checked again)."""
    from PySide6.QtWidgets import QDialog

    from desktop.services.settings import save_settings
    from desktop.ui.window.settings_dialog import SettingsDialog

    dialog = SettingsDialog(w.store.settings(), w.gaz, w, recipient=w.store.recipient())
    if run_modal(dialog) != QDialog.DialogCode.Accepted:
        return False
    settings, recipient = dialog.result_settings(), dialog.recipient()
    save_settings(w.store, settings, recipient)
    w.apply_settings()
    return True


def open_history(w: WindowHost, *, current_town: bool = False) -> None:
    """修改记录 of the whole database, or of the town selected in the current list."""
    w.commit_pending()
    level = w.current_level()
    town = w.pages[level].current_town() if current_town and level is not None else None
    if current_town and town is None:
        w.statusBar().showMessage("请先在名单中选中一个乡镇（街道）", 5000)
        return
    from desktop.ui.safety.history_dialog import HistoryDialog

    run_modal(HistoryDialog(w.store, town=town, parent=w))


def open_backups(w: WindowHost) -> None:
    w.commit_pending()
    from desktop.ui.safety.backup_dialog import BackupDialog

    dialog = BackupDialog(w.store, w)
    dialog.restored.connect(w.reload)
    run_modal(dialog)


def about(w: WindowHost) -> None:
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.about(w, "关于", f"{APP_NAME}\n版本 {__version__}\n\n数据文件：{w.store.path}")
