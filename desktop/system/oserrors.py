"""Operating-system errors in Chinese: the system's own text (English on most machines: "File exists",
"Is a directory") never appears inside a Chinese message. Used by the command line, exchange and the UI."""

from __future__ import annotations

import errno

_BY_ERRNO = {
    errno.EEXIST: "同名的文件已存在，不是文件夹",
    errno.ENOTDIR: "路径中有一段是文件而不是文件夹",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.ENOENT: "文件或文件夹不存在",
    errno.EACCES: "没有权限，或文件正被其他程序（如 Excel、WPS）打开",
    errno.EPERM: "没有权限",
    errno.ENOSPC: "磁盘空间不足",
    errno.EROFS: "这是只读的位置（如光盘或只读共享）",
    errno.ENAMETOOLONG: "路径太长",
    errno.EBUSY: "文件正被其他程序使用",
    errno.EIO: "读写磁盘出错（网络盘或 U 盘可能已断开）",
    errno.EINVAL: "文件名中有不允许的字符",
}
_EDQUOT = getattr(errno, "EDQUOT", None)
if _EDQUOT is not None:
    _BY_ERRNO[_EDQUOT] = "磁盘配额已用完"
# Windows error codes (OSError.winerror)
_BY_WINERROR = {
    5: "没有权限，或文件正被其他程序（如 Excel、WPS）打开",
    32: "文件正被其他程序（如 Excel、WPS）打开，请先关闭它",
    33: "文件的一部分被其他程序锁定，请先关闭打开它的程序",
    53: "找不到网络路径（网络盘可能已断开）",
    59: "网络出错（网络盘可能已断开）",
    64: "网络名称已不可用（网络盘可能已断开）",
    67: "找不到网络名称（网络盘可能已断开）",
    112: "磁盘空间不足",
    123: "文件名、文件夹名或卷标语法不正确",
    206: "文件名或路径太长",
}


def os_error_text(exc: BaseException) -> str:
    """A short Chinese reason for an OSError (or any exception, as a last resort)."""
    if isinstance(exc, OSError):
        winerror = getattr(exc, "winerror", None)
        if winerror in _BY_WINERROR:
            return _BY_WINERROR[winerror]
        if exc.errno in _BY_ERRNO:
            return _BY_ERRNO[exc.errno]
        if exc.errno is not None:
            return f"系统错误 {exc.errno}"
    return type(exc).__name__
