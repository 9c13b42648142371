"""Write an exported file safely: to a temporary file beside the target, read back and compared,
then renamed into place (os.replace is atomic on one file system). Failures become an ExportError
whose Chinese message names the file and says what to do; the temporary file is always removed."""

from __future__ import annotations

import errno
import os
import secrets
import sys
from collections.abc import Callable
from pathlib import Path

from desktop.exchange.errors import ExportError
from desktop.system.oserrors import os_error_text

WINDOWS_MAX_PATH = 259


def os_error_message(exc: OSError, path: Path, stage: str) -> str:
    """The Chinese message for an OSError while writing ``path`` (``stage``: temp, save or replace)."""
    name = path.name
    folder = path.parent
    code = getattr(exc, "errno", None)
    winerror = getattr(exc, "winerror", None)
    if code == errno.ENOSPC or winerror in (39, 112):
        return f"磁盘空间不足，无法写入“{name}”（文件夹“{folder}”），请清理磁盘或换一个位置后重试"
    if code == errno.ENAMETOOLONG or winerror == 206:
        return (f"路径太长，无法写入“{name}”（共 {len(str(path))} 个字符），"
                f"请换一个较短的文件夹（例如桌面或 D:\\导出）后重试")
    if code == errno.EROFS:
        return f"“{folder}”是只读位置（如光盘或写保护的U盘），无法写入“{name}”，请换一个文件夹后重试"
    if isinstance(exc, PermissionError) or winerror in (5, 32, 33):
        if stage == "replace" and path.exists():
            return (f"无法覆盖“{name}”：该文件可能正在 Excel 或 WPS 中打开，请关闭后重试"
                    f"（或换一个文件夹导出）")
        return f"没有权限在文件夹“{folder}”中写入“{name}”，请换一个文件夹（例如“文档”或桌面）后重试"
    if isinstance(exc, FileNotFoundError):
        return f"文件夹“{folder}”不存在或已被移走，无法写入“{name}”，请重新选择导出文件夹"
    return f"无法写入“{name}”（{os_error_text(exc)}），请换一个文件夹后重试"


def check_path_length(path: Path) -> None:
    """Refuse a path Windows cannot write (ExportError) before any work is done."""
    if sys.platform.startswith("win") and len(str(path.absolute())) > WINDOWS_MAX_PATH:
        raise ExportError(f"路径太长，无法写入“{path.name}”（共 {len(str(path.absolute()))} 个字符，"
                          f"Windows 最多 {WINDOWS_MAX_PATH} 个），请换一个较短的文件夹（例如桌面）后重试", path)


def create_temp(folder: Path) -> Path:
    """A new empty file beside the target (same file system, so os.replace is atomic).

    Not tempfile.mkstemp: its files are private (0600) and os.replace would keep that mode;
    open(..., "xb") honours the user's umask like any other saved file.
    """
    for _ in range(100):
        candidate = folder / f".~导出中-{os.getpid()}-{secrets.token_hex(4)}.xlsx"
        try:
            with open(candidate, "xb"):
                return candidate
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary file name", str(folder))


def write_verified(path: Path, produce: Callable[[Path], str | None]) -> Path:
    """Let ``produce`` write and check a temporary file, then move it to ``path``.

    ``produce(tmp)`` writes the file and returns None when it reads back as intended, else what
    differs (for the message). Raises ExportError; the temporary file never stays behind.
    """
    return write_all_verified([(path, produce)])[0]


def write_all_verified(jobs: list[tuple[Path, Callable[[Path], str | None]]]) -> list[Path]:
    """Several files, all or nothing: every file is written to a temporary file and checked first;
    only when all are good and every existing target can be replaced (not open in Excel/WPS) are
    they moved into place. On any failure no target is touched and no temporary file stays."""
    temps: list[tuple[Path, Path]] = []
    path, stage = jobs[0][0] if jobs else Path(), "temp"
    try:
        for path, produce in jobs:
            stage = "temp"
            tmp = create_temp(path.parent)
            temps.append((tmp, path))
            stage = "save"
            problem = produce(tmp)
            if problem is not None:
                raise ExportError(f"写入“{path.name}”后核对不一致（{problem}），文件未保存；请重试，"
                                  f"如仍不一致请换一个文件夹导出", path)
        stage = "replace"
        for _tmp, path in temps:
            if path.exists():
                with open(path, "r+b"):  # a file open in Excel/WPS on Windows refuses this
                    pass
        for tmp, path in temps:
            os.replace(tmp, path)
        temps.clear()
    except ExportError as exc:
        if exc.path is None:
            exc.path = path
        raise
    except OSError as exc:
        raise ExportError(os_error_message(exc, path, stage), path) from exc
    except Exception as exc:  # openpyxl raises many kinds of errors; the user needs one message
        raise ExportError(f"写入“{path.name}”失败（{type(exc).__name__}: {exc}），文件未保存；请重试", path) from exc
    finally:
        for tmp, _path in temps:
            try:
                tmp.unlink()
            except OSError:
                pass
    return [p for p, _ in jobs]


def atomic_write_bytes(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file and a rename, read back and compared.
    Raises ExportError with the Chinese message; nothing half-written stays behind."""

    def produce(tmp: Path) -> str | None:
        tmp.write_bytes(data)
        return None if tmp.read_bytes() == data else "读回的内容与写入的不一致"

    return write_verified(path, produce)
