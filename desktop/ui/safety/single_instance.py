"""One writer per database: a QLockFile ``<database>.lock`` beside the database file.

A second window on the same file is refused with a message saying where the other one runs.
A lock left by a process that was killed is recovered: on the same computer at once (its PID
is gone), from another computer (a shared folder) once the file has not been refreshed for
``STALE_MS``; the owner refreshes it every ``REFRESH_MS``. While the owner runs, the operating
system's own lock on the file keeps others from deleting it however old it looks.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, QTimer

from desktop.system.oserrors import os_error_text

STALE_MS = 10 * 60 * 1000
REFRESH_MS = 2 * 60 * 1000


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


class DatabaseLock(QObject):
    """Hold the lock of one database while the window is open.

    ``acquire()`` returns "" when the lock is held, else a Chinese message for the user.
    """

    def __init__(self, db_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db_path = Path(db_path)
        self.path = lock_path(self.db_path)
        self._lock = QLockFile(str(self.path))
        self._lock.setStaleLockTime(STALE_MS)
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self.cannot_create = False  # acquire() failed because the lock file could not be made (a read-only place)

    @property
    def held(self) -> bool:
        return self._lock.isLocked()

    def acquire(self) -> str:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            self.cannot_create = True
            return f"无法使用文件夹“{self.path.parent}”（{os_error_text(exc)}），请检查文件夹是否存在、是否可写。"
        if self._lock.tryLock(0):
            self._timer.start()
            return ""
        error = self._lock.error()
        if error == QLockFile.LockError.LockFailedError:
            # Qt already removes a lock whose process is gone; try once more in case it just went away.
            if self._lock.removeStaleLockFile() and self._lock.tryLock(0):
                self._timer.start()
                return ""
            return self.busy_message()
        self.cannot_create = True
        return (f"无法在文件夹“{self.path.parent}”中创建锁文件“{self.path.name}”，"
                "请检查文件夹是否可写（只读的文件夹或光盘上的数据库不能修改）。")

    def busy_message(self) -> str:
        info = self._lock.getLockInfo()
        where = ""
        if isinstance(info, tuple) and len(info) == 3:
            pid, host, _app = info
            where = f"进程 {pid}" + (f"，计算机 {host}" if host else "")
        detail = f"（{where}）" if where else ""
        return (f"数据库“{self.db_path.name}”正在被另一个窗口使用{detail}，请切换到那个窗口继续填报。\n\n"
                "同一个数据库同时只能由一个窗口修改，以免数据互相覆盖。"
                "如果程序刚才异常退出，请稍后重试。")

    def refresh(self) -> None:
        """Touch the lock file so that others on a shared folder see it is alive."""
        if self.held:
            try:
                os.utime(self.path)
            except OSError:
                pass

    def move_to(self, db_path: Path) -> str:
        """Hold the lock of another database instead (the window went on with a copy of its own): "" when
        held, else the message of ``acquire``."""
        self.release()
        self.db_path = Path(db_path)
        self.path = lock_path(self.db_path)
        self._lock = QLockFile(str(self.path))
        self._lock.setStaleLockTime(STALE_MS)
        self.cannot_create = False
        return self.acquire()

    def release(self) -> None:
        self._timer.stop()
        if self.held:
            self._lock.unlock()
