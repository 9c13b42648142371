"""佐证材料 (evidence) files read for the 验收评估: ordinary files only — a folder, a pipe, a device or a
symbolic link is refused saying what it is — read in a stream of 1 MB pieces: the SHA-256 of the whole
file, its bytes kept only while they stay within the limit (checked while reading, not from the size
the file claims), with progress and a way to cancel. The caller decides where the result goes.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from desktop.exchange.errors import ExchangeError
from desktop.exchange.files import file_problem
from desktop.system.oserrors import os_error_text

USE = "佐证材料"  # what the file is refused as, in messages (a link is never followed)
CHUNK = 1024 * 1024
Progress = Callable[[int, int], None]  # (bytes read, bytes expected)


class EvidenceError(ExchangeError):
    """The file cannot be taken as evidence; the message names it and says why."""


class EvidenceCancelled(EvidenceError):
    """The user cancelled the reading; nothing was taken."""


@dataclass(frozen=True)
class EvidenceFile:
    name: str
    source: str  # where it was read from
    sha256: str
    size: int
    content: bytes | None  # None: larger than the limit, only referenced


def read_evidence(path: Path, keep_limit: int, progress: Progress | None = None,
                  cancelled: Callable[[], bool] | None = None) -> EvidenceFile:
    """Read ``path`` in a stream: EvidenceError (EvidenceCancelled when ``cancelled()`` turns true)."""
    path = Path(path)
    problem = file_problem(path, USE, follow_links=False)
    if problem is not None:
        raise EvidenceError(problem, path)
    # never follow a link put there since, never wait on a pipe swapped in: the opened file is checked again
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        why = file_problem(path, USE, follow_links=False) or f"无法读取“{path.name}”（{os_error_text(exc)}）"
        raise EvidenceError(why, path) from exc
    digest = hashlib.sha256()
    kept: bytearray | None = bytearray()
    size = 0
    try:
        with os.fdopen(fd, "rb", buffering=0) as fh:
            info = os.fstat(fh.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise EvidenceError(f"“{path.name}”不是普通文件，不能作为{USE}，请选择保存在磁盘上的文件", path)
            expected = info.st_size
            while True:
                if cancelled is not None and cancelled():
                    raise EvidenceCancelled(f"已取消读取“{path.name}”，佐证材料没有添加", path)
                chunk = fh.read(CHUNK)
                if not chunk:
                    break
                size += len(chunk)
                digest.update(chunk)
                if kept is not None:
                    if size <= keep_limit:
                        kept += chunk
                    else:
                        kept = None  # over the limit while reading: referenced only
                if progress is not None:
                    progress(size, max(expected, size))
    except OSError as exc:
        raise EvidenceError(f"读取“{path.name}”时出错（{os_error_text(exc)}），佐证材料没有添加", path) from exc
    return EvidenceFile(path.name, str(path), digest.hexdigest(), size, bytes(kept) if kept is not None else None)
