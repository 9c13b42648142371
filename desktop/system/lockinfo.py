"""Read, without Qt, whether a window holds a database (the QLockFile ``<db>.lock`` beside it).

Command-line commands that write (import, demo) refuse while a window has the database open,
so the window never shows stale data and its undo history stays true.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if sys.platform.startswith("win"):
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        try:
            kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        finally:
            kernel32.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def window_holding(db_path: Path) -> str | None:
    """A Chinese message when a live window holds ``db_path``, else None."""
    lock = db_path.with_name(db_path.name + ".lock")
    try:
        lines = lock.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    try:
        pid = int(lines[0].strip())
    except (IndexError, ValueError):
        return None
    host = lines[2].strip() if len(lines) > 2 else ""
    import socket  # only here: 2 ms of every command's start

    if host and host != socket.gethostname():
        where = f"计算机 {host}"
    elif _alive(pid):
        where = f"进程 {pid}"
    else:
        return None
    return f"数据库“{db_path.name}”正在被程序窗口使用（{where}），请先关闭窗口再用命令行修改数据"
