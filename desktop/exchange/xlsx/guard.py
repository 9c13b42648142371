"""Opening a workbook someone sent: the checks before any parser sees it.

Shared by the roster import (roster_import.py) and the monthly import (monthly_import.py). A file
that is missing, empty, too large, an old .xls, password-protected, a text file, another kind of
zip or an OpenDocument file is refused with an ImportFileError whose Chinese message names the
file and says what to do. What is inside the zip is checked by xlsx_scan.scan_workbook.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from desktop.exchange.errors import ImportFileError
from desktop.system.oserrors import os_error_text

MAX_WORKBOOK_BYTES = 20 * 1024 * 1024  # a province-wide roster is 0.3 MB; a monthly report 30 KB
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTION_MARKER = "EncryptionInfo".encode("utf-16-le")  # the stream a password-protected xlsx has

RESAVE = "请在 Excel 或 WPS 中打开，用“另存为”保存成“Excel 工作簿（*.xlsx）”后再导入"
ASK_AGAIN = "请向报送单位重新索取文件"


@dataclass(frozen=True)
class Expected:
    """What the caller expected the file to be, for the messages."""

    noun: str  # 名单文件
    what: str  # 试点名单
    choose: str  # what to pick instead: 请选择试点名单文件（.xlsx）
    too_big: str  # what to do with a file over the size cap
    empty: str  # what to do with an empty file


def is_encrypted(path: Path) -> bool:
    """Password-protected xlsx files are OLE containers with an EncryptionInfo stream."""
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_WORKBOOK_BYTES)
    except OSError:
        return False
    return ENCRYPTION_MARKER in data


def refuse_non_xlsx(path: Path, expected: Expected) -> None:
    """Raise ImportFileError unless ``path`` is a file that looks like an .xlsx workbook."""
    name = path.name
    if not path.exists():
        raise ImportFileError(f"找不到文件“{name}”，请检查文件是否已被移动或删除", path)
    if path.is_dir():
        raise ImportFileError(f"“{name}”是文件夹，不是 Excel 工作簿，请选择{expected.noun}（.xlsx）", path)
    from desktop.exchange.files import file_problem

    problem = file_problem(path, expected.noun)  # a pipe or a device: never opened (it would block)
    if problem is not None:
        raise ImportFileError(problem, path)
    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise ImportFileError(f"无法打开文件“{name}”（{os_error_text(exc)}）。如果它正在 Excel 或 WPS 中打开，"
                              f"请关闭后重试", path) from exc
    if size == 0:
        raise ImportFileError(f"文件“{name}”是空文件（0 字节），{expected.empty}", path)
    if size > MAX_WORKBOOK_BYTES:
        raise ImportFileError(
            f"文件“{name}”太大（{size / (1024 * 1024):.0f} MB，上限 {MAX_WORKBOOK_BYTES // (1024 * 1024)} MB），"
            f"不像是{expected.what}；{expected.too_big}", path)
    if head.startswith(OLE_MAGIC):
        if is_encrypted(path):
            raise ImportFileError(
                f"文件“{name}”设置了打开密码（已加密），无法读取。请在 Excel 或 WPS 中打开，"
                f"取消密码后另存为 .xlsx 再导入", path)
        if path.suffix.lower() in (".et", ".ett"):
            raise ImportFileError(f"文件“{name}”是 WPS 表格格式（{path.suffix}），无法直接读取。{RESAVE}", path)
        raise ImportFileError(f"文件“{name}”是旧版 Excel 97-2003 格式（.xls），无法直接读取。{RESAVE}", path)
    if head.startswith(b"SQLite f"):  # "SQLite format 3": a database, as this program keeps and backs up
        raise ImportFileError(f"文件“{name}”是一个数据库文件（如本软件的数据或备份），不是{expected.what}。"
                              "要用备份恢复数据，请用“文件 → 备份与恢复…”（或命令 backup --restore）", path)
    if not head.startswith(b"PK"):
        suffix = path.suffix.lower()
        if suffix in (".xls", ".et", ".ett"):
            raise ImportFileError(f"文件“{name}”不是 .xlsx 格式（扩展名为 {path.suffix}）。{RESAVE}", path)
        if suffix in (".csv", ".txt"):
            raise ImportFileError(f"文件“{name}”是文本文件（{path.suffix}），不是 Excel 工作簿。{RESAVE}", path)
        raise ImportFileError(f"文件“{name}”不是 Excel 工作簿（.xlsx），无法读取。{RESAVE}", path)
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise damaged_zip(path) from exc
    if "xl/workbook.xml" not in names and "content.xml" in names:
        raise ImportFileError(f"文件“{name}”是 OpenDocument 表格（.ods），无法直接读取。{RESAVE}", path)
    if "xl/workbook.xml" not in names:
        kind = "Word 文档" if "word/document.xml" in names else (
            "演示文稿" if "ppt/presentation.xml" in names else "压缩包或其他格式的文件")
        raise ImportFileError(f"文件“{name}”是{kind}，不是 Excel 工作簿。{expected.choose}", path)


def damaged_zip(path: Path) -> ImportFileError:
    return ImportFileError(f"文件“{path.name}”已损坏（不是完整的 .xlsx 文件），无法读取。请向报送单位重新索取，"
                           f"或在 Excel/WPS 中打开后另存为 .xlsx 再导入", path)


def unreadable(path: Path, sheet: str, exc: BaseException) -> ImportFileError:
    """The error for whatever a parser raised on a damaged file (never a traceback)."""
    where = f"的工作表“{sheet}”" if sheet else ""
    return ImportFileError(
        f"无法读取文件“{path.name}”{where}：文件已损坏或不是有效的 .xlsx 工作簿（{type(exc).__name__}）。"
        f"请在 Excel 或 WPS 中打开后另存为 .xlsx 再导入", path, sheet or None)
