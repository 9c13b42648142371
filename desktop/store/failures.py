"""Why a read or write of the database failed, named truthfully in Chinese.

SQLite reports a busy file, a read-only file, a full disk and a damaged file with different codes;
each gets its own message, and only real damage says 请从备份恢复 (telling a user to restore a sound
file loses the work done since that backup). ``read_only_reason`` says why a database cannot be
written before anything is tried (a read-only file, folder or medium).
"""

from __future__ import annotations

import enum
import errno
import os
import sqlite3
from pathlib import Path


class Cause(enum.Enum):
    LOCKED = "locked"  # another connection holds the write lock (SQLITE_BUSY, SQLITE_LOCKED)
    READ_ONLY = "read_only"  # a read-only file, folder or medium (SQLITE_READONLY, EROFS)
    FULL = "full"  # no space left (SQLITE_FULL, ENOSPC)
    DISK = "disk"  # the disk failed to read or write (SQLITE_IOERR: a network drive or USB stick gone)
    CANNOT_OPEN = "cannot_open"  # the file or its folder cannot be opened (SQLITE_CANTOPEN, SQLITE_PERM)
    DAMAGED = "damaged"  # the file's content is damaged or not a database (SQLITE_CORRUPT, SQLITE_NOTADB)
    OTHER = "other"


# SQLite's primary result codes (the low byte of an extended code)
_BY_CODE = {5: Cause.LOCKED, 6: Cause.LOCKED, 8: Cause.READ_ONLY, 10: Cause.DISK, 11: Cause.DAMAGED,
            13: Cause.FULL, 14: Cause.CANNOT_OPEN, 3: Cause.CANNOT_OPEN, 23: Cause.CANNOT_OPEN, 26: Cause.DAMAGED}
# The same from SQLite's messages, for Pythons whose exceptions carry no code (before 3.11)
_BY_TEXT = (("locked", Cause.LOCKED), ("readonly", Cause.READ_ONLY), ("read-only", Cause.READ_ONLY),
            ("disk is full", Cause.FULL), ("disk i/o error", Cause.DISK), ("unable to open", Cause.CANNOT_OPEN),
            ("malformed", Cause.DAMAGED), ("not a database", Cause.DAMAGED))
_BY_ERRNO = {errno.ENOSPC: Cause.FULL, errno.EROFS: Cause.READ_ONLY, errno.EACCES: Cause.CANNOT_OPEN,
             errno.EPERM: Cause.CANNOT_OPEN, errno.EIO: Cause.DISK, errno.EAGAIN: Cause.LOCKED}
_EDQUOT = getattr(errno, "EDQUOT", None)
if _EDQUOT is not None:
    _BY_ERRNO[_EDQUOT] = Cause.FULL
_BY_WINERROR = {112: Cause.FULL, 39: Cause.FULL, 19: Cause.READ_ONLY, 32: Cause.LOCKED, 33: Cause.LOCKED}


def cause_of(exc: BaseException) -> Cause:
    """What a failed read or write of the database means."""
    original = getattr(exc, "original", None)  # a queued edit (store.unsaved.WriteFailed)
    if isinstance(original, BaseException):
        return cause_of(original)
    if isinstance(exc, sqlite3.Error):
        code = getattr(exc, "sqlite_errorcode", None)
        if isinstance(code, int) and (code & 0xFF) in _BY_CODE:
            return _BY_CODE[code & 0xFF]
        text = str(exc).lower()
        for needle, cause in _BY_TEXT:
            if needle in text:
                return cause
        return Cause.DAMAGED if type(exc) is sqlite3.DatabaseError else Cause.OTHER
    if isinstance(exc, OSError):
        winerror = getattr(exc, "winerror", None)
        if winerror in _BY_WINERROR:
            return _BY_WINERROR[winerror]
        return _BY_ERRNO.get(exc.errno or 0, Cause.OTHER)
    if isinstance(exc, UnicodeDecodeError):  # a scribbled schema: SQLite's text is not text
        return Cause.DAMAGED
    return Cause.OTHER


FULL_BELOW = 1 << 20  # free bytes under which a disk counts as full (SQLite cannot even size its -shm)
DISK_FULL = "磁盘已满，修改无法保存"  # Store.read_only of a database opened read-only because its disk is full


def disk_full(path: Path) -> bool:
    """The disk holding ``path`` (a file or a folder) has (almost) no space left."""
    import shutil

    folder = path if path.is_dir() else path.parent
    try:
        return shutil.disk_usage(folder).free < FULL_BELOW
    except OSError:
        return False


def cause_at(exc: BaseException, path: Path | None) -> Cause:
    """``cause_of``, knowing the file: a disk error or a file that cannot be opened on a full disk is the
    full disk (SQLite reports a -shm it cannot size as an I/O error)."""
    cause = cause_of(exc)
    if cause in (Cause.DISK, Cause.CANNOT_OPEN, Cause.OTHER) and path is not None and disk_full(path):
        return Cause.FULL
    return cause


def is_damage(exc: BaseException) -> bool:
    """The file itself is damaged (worth a backup); anything else is a failure of the moment."""
    return cause_of(exc) is Cause.DAMAGED


_OF_THE_MOMENT = (Cause.LOCKED, Cause.READ_ONLY, Cause.FULL, Cause.DISK, Cause.CANNOT_OPEN)


def is_refusal(exc: BaseException) -> bool:
    """The file refused a write for a reason of the moment (busy, read-only, a full disk, a disk gone):
    the same write may succeed later or in another file. Not damage, and not a broken rule (a constraint)."""
    return cause_of(exc) in _OF_THE_MOMENT


def read_only_reason(path: Path) -> str | None:
    """Why the database at ``path`` (or a new one there) cannot be written; None when it can.

    A read-only medium (a CD, a read-only share), a file marked read-only, or a folder that does not
    allow new files (SQLite's journal is written beside the database)."""
    target = path if path.exists() else path.parent
    if not target.exists():
        return None
    if _read_only_medium(target):
        return "它在只读的磁盘或共享上（如光盘、写保护的 U 盘、只读的网络共享）"
    if path.is_file() and not os.access(path, os.W_OK):
        return "文件设置了只读属性，或当前用户没有写入它的权限"
    if path.parent.is_dir() and not os.access(path.parent, os.W_OK):
        return "所在的文件夹不允许写入（当前用户没有权限）"
    return None


def _read_only_medium(path: Path) -> bool:
    statvfs = getattr(os, "statvfs", None)
    if statvfs is None:  # Windows: a read-only medium shows as read-only files (os.access)
        return False
    try:
        return bool(statvfs(path).f_flag & getattr(os, "ST_RDONLY", 1))
    except OSError:
        return False


_SHORT = {Cause.LOCKED: "另一个程序正在写入", Cause.READ_ONLY: "位置只读", Cause.FULL: "磁盘已满",
          Cause.DISK: "读写磁盘出错", Cause.CANNOT_OPEN: "无法打开（没有权限或被其他程序独占）",
          Cause.DAMAGED: "文件已损坏"}


def cause_text(exc: BaseException) -> str:
    """The cause in a few words, for a message about another file (a backup, a copy)."""
    from desktop.system.oserrors import os_error_text

    cause = cause_of(exc)
    if cause in _SHORT:
        return _SHORT[cause]
    return os_error_text(exc) if isinstance(exc, OSError) else str(exc)


def read_only_text(path: Path | None, reason: str | None, doing: str = "写入") -> str:
    """A database that cannot be written: why, and what to do."""
    name = f"数据库“{path.name}”" if path is not None else "数据库"
    if reason == DISK_FULL:
        return f"磁盘已满，{name}无法{doing}：请清理磁盘空间（或换一个有空间的位置）后重试，原有数据不受影响"
    return (f"{name}只读，无法{doing}：{reason or '文件或所在的文件夹只读'}；请把它复制到可以写入的文件夹"
            "（如“文档”）后再用")


def failure_text(exc: BaseException, path: Path | None, doing: str = "写入") -> str:
    """The Chinese message for a failed read or write of the database at ``path``: the real cause and
    what to do. ``doing`` names the operation (写入, 读取, 打开)."""
    name = f"数据库“{path.name}”" if path is not None else "数据库"
    cause = cause_at(exc, path)
    if cause is Cause.LOCKED:
        return (f"另一个程序正在写入{name}（本软件的另一个窗口或另一条命令），暂时无法{doing}："
                "请等它完成后重试")
    if cause is Cause.READ_ONLY:
        return read_only_text(path, read_only_reason(path) if path is not None else None, doing)
    if cause is Cause.FULL:
        return read_only_text(path, DISK_FULL, doing)
    if cause is Cause.DISK:
        return f"{doing}{name}时读写磁盘出错（网络盘或 U 盘可能已断开）：请检查连接后重试"
    if cause is Cause.CANNOT_OPEN:
        return f"无法打开{name}（文件夹不存在、没有权限或文件正被其他程序独占）：请检查路径和权限后重试"
    if cause is Cause.DAMAGED:
        return f"{name}已损坏或无法读取（{exc}），请从备份恢复"
    return f"{doing}{name}时出错（{exc}）：请重试；如果反复出现，请联系技术支持人员"
