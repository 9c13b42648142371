"""Documents attached to a 报送 (专题调研报告、实施方案、申报省级试点情况 — Word or PDF): read safely, as
any file the user picks: a regular file only (not a folder, device or pipe), at most 50 MB (also when it
grows while it is read). Its SHA-256 is worked out where it is kept (the 报送记录)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from desktop.domain.receiving.due import DOCUMENT_SUFFIXES as SUFFIXES
from desktop.exchange.errors import ExchangeError
from desktop.system.oserrors import os_error_text

MAX_DOCUMENT_BYTES = 50 * 1024 * 1024


class DocumentError(ExchangeError):
    """A document that cannot be attached; the message names it and says what to do."""


@dataclass(frozen=True)
class Document:
    name: str
    data: bytes = field(repr=False)


def read_document(path: Path) -> Document:
    path = Path(path)
    name = path.name
    if path.suffix.lower() not in SUFFIXES:
        raise DocumentError(f"“{name}”不是 Word 或 PDF 文件：报送材料请用 .doc、.docx、.wps、.pdf 或 .ofd 文件", path)
    try:
        info = path.stat()
    except FileNotFoundError as exc:
        raise DocumentError(f"找不到材料“{path}”，请检查路径", path) from exc
    except OSError as exc:
        raise DocumentError(f"无法读取材料“{name}”（{os_error_text(exc)}），请检查后重试", path) from exc
    from desktop.exchange.files import file_problem

    problem = file_problem(path, "报送材料")
    if problem is not None:  # a folder, a pipe, a device: never opened
        raise DocumentError(problem, path)
    if info.st_size > MAX_DOCUMENT_BYTES:
        raise DocumentError(f"材料“{name}”有 {info.st_size / 1024 / 1024:.0f} MB，超过 "
                            f"{MAX_DOCUMENT_BYTES // 1024 // 1024} MB，邮件发不出去：请压缩图片或另存为 PDF 后再附加", path)
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_DOCUMENT_BYTES + 1)  # never more than the cap, however much it grew meanwhile
    except OSError as exc:
        raise DocumentError(f"无法读取材料“{name}”（{os_error_text(exc)}）。如果它正在 Word 或 WPS 中打开，"
                            "请关闭后重试", path) from exc
    if len(data) > MAX_DOCUMENT_BYTES:  # it grew while being read
        raise DocumentError(f"材料“{name}”超过 {MAX_DOCUMENT_BYTES // 1024 // 1024} MB，请压缩后再附加", path)
    if not data:
        raise DocumentError(f"材料“{name}”是空文件，请选择写好的材料", path)
    return Document(name, data)
