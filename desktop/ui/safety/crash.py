"""Unexpected errors: a log file, a calm dialog, and no lost data.

``CrashReporter.install()`` replaces ``sys.excepthook`` and ``threading.excepthook``. An error
anywhere (a slot, a worker thread) writes ``logs/crash-YYYYmmdd-HHMMSS.log`` in the user's data
folder and shows ``CrashDialog`` on the GUI thread. Every edit is already its own committed
transaction; a transaction left open outside an action is rolled back so the file stays consistent.
A write the database refused (busy, read-only, a full disk) is not a crash: it goes to the window
(``on_store_failure``), which says the edit was not saved and offers 重试 and 另存为.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QApplication, QWidget

from desktop.system.about import APP_NAME, __version__
from desktop.system.paths import default_data_dir

if TYPE_CHECKING:
    from desktop.store.database import Store
    from desktop.ui.safety.crash_dialog import CrashDialog

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def logs_dir() -> Path:
    return default_data_dir() / "logs"


def describe_system() -> str:
    import platform

    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import qVersion

    return (f"{APP_NAME} 版本 {__version__}\n"
            f"操作系统：{platform.platform()}\n"
            f"Python {platform.python_version()}，Qt {qVersion()}，PySide6 {pyside_version}")


def crash_details(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None,
                  *, thread: str = "", db_path: Path | None = None) -> str:
    """What goes into the log and the clipboard: time, versions, OS, database, traceback."""
    import traceback

    lines = [describe_system(), f"时间：{datetime.now().isoformat(timespec='seconds')}"]
    if db_path is not None:
        lines.append(f"数据文件：{db_path}")
    if thread:
        lines.append(f"线程：{thread}")
    lines += ["", "".join(traceback.format_exception(exc_type, exc, tb)).rstrip()]
    return "\n".join(lines) + "\n"


def write_crash_log(details: str, folder: Path | None = None) -> Path | None:
    """Write ``crash-YYYYmmdd-HHMMSS.log`` (a suffix when that second is taken); None if impossible."""
    folder = folder or logs_dir()
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for n in range(1, 100):
            path = folder / (f"crash-{stamp}.log" if n == 1 else f"crash-{stamp}-{n}.log")
            try:
                with open(path, "x", encoding="utf-8") as fh:
                    fh.write(details)
                return path
            except FileExistsError:
                continue
    except OSError:
        pass
    return None


def _refused_write(exc: BaseException) -> bool:
    from desktop.store.database import StoreError
    from desktop.store.failures import is_refusal

    return isinstance(exc, StoreError) and is_refusal(exc)


def _message_for(exc: BaseException, store: Store | None) -> str | None:
    """What the dialog says when "everything is saved" would not be true (None: the usual text)."""
    from desktop.store.failures import failure_text

    if _refused_write(exc):
        return (f"程序没能读写数据库：{failure_text(exc, store.path if store else None)}。\n\n"
                "刚才的修改没有保存。请在问题解决后重新输入；如果问题反复出现，请点“复制详细信息”，"
                "把内容发给技术支持人员。")
    if store is not None and store.unsaved:
        return (f"程序遇到了意外错误。有 {len(store.unsaved)} 项修改没有保存（见窗口上方），其他数据都已保存。\n\n"
                "请在窗口上方重试或另存为；如果问题反复出现，请点“复制详细信息”，把内容发给技术支持人员。")
    return None


class CrashReporter(QObject):
    """Route unexpected exceptions to a log file and ``CrashDialog``; create it on the GUI thread."""

    crashed = Signal(str, str)  # details, log path ("" when it could not be written)
    store_failed = Signal(object)  # a database error of the moment, from a worker thread

    def __init__(self, store_getter: Callable[[], Store | None] = lambda: None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store_getter = store_getter
        self.parent_widget: Callable[[], QWidget | None] = QApplication.activeWindow
        self.last_log: Path | None = None
        self.last_dialog: CrashDialog | None = None
        self._message: str | None = None
        self._showing = False
        self._previous: tuple[object, object] | None = None
        # The window's answer to an edit the database refused (busy, read-only, a full disk): not a crash
        # (desktop.ui.safety.unsaved.SaveState.show_failure); None before the window exists.
        self.on_store_failure: Callable[[BaseException], None] | None = None
        self.crashed.connect(self._show, Qt.ConnectionType.QueuedConnection)
        self.store_failed.connect(self._store_failed, Qt.ConnectionType.QueuedConnection)

    def install(self) -> None:
        self._previous = (sys.excepthook, threading.excepthook)
        sys.excepthook = self.excepthook
        threading.excepthook = self.thread_excepthook

    def uninstall(self) -> None:
        if self._previous is not None:
            sys.excepthook, threading.excepthook = self._previous  # type: ignore[assignment]
            self._previous = None

    # -- hooks -------------------------------------------------------------------
    def excepthook(self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        self.report((exc_type, exc, tb), threading.current_thread().name)

    def thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit or args.exc_value is None:
            return
        self.report((args.exc_type, args.exc_value, args.exc_traceback),
                    args.thread.name if args.thread else "")

    def report(self, info: ExcInfo, thread: str = "") -> Path | None:
        """Log the error, keep the database consistent, then show the dialog (queued to the GUI thread).
        A database that refused a write (busy, read-only, a full disk) is no crash: the window says so."""
        on_gui = QThread.currentThread() is self.thread()
        store = self._store()
        if on_gui and store is not None:
            self._roll_back(store)
        if self.on_store_failure is not None and _refused_write(info[1]):
            if on_gui:
                self.on_store_failure(info[1])
            else:
                self.store_failed.emit(info[1])
            return None
        details = crash_details(*info, thread=thread if not on_gui else "",
                                db_path=store.path if store is not None else None)
        sys.stderr.write(details)
        self.last_log = write_crash_log(details)
        self._message = _message_for(info[1], store)
        if on_gui:
            self._show(details, str(self.last_log or ""))
        else:
            self.crashed.emit(details, str(self.last_log or ""))
        return self.last_log

    def _store(self) -> Store | None:
        try:
            return self.store_getter()
        except Exception:  # noqa: BLE001 - reporting must never raise
            return None

    @Slot(object)
    def _store_failed(self, exc: BaseException) -> None:
        if self.on_store_failure is not None:
            self.on_store_failure(exc)

    @staticmethod
    def _roll_back(store: Store) -> None:
        """Roll back a transaction left open outside any ``Store.action`` (a bug's leftover)."""
        store.abandon_stray_transaction()

    @Slot(str, str)
    def _show(self, details: str, log_path: str) -> None:
        if self._showing:  # an error while the dialog is open is logged, not stacked
            return
        self._showing = True
        try:
            from desktop.ui.safety.crash_dialog import CrashDialog

            dialog = CrashDialog(details, Path(log_path) if log_path else None, self.parent_widget(),
                                 message=self._message)
            self.last_dialog = dialog
            from desktop.ui.common.modal import run_modal

            run_modal(dialog)
        finally:
            self._showing = False
