"""What every service shares: the one error a service raises, the message for a folder that cannot be
written, and the rule for files that must be recorded: refused before writing when the database cannot
record them, removed when recording fails."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from desktop.system.oserrors import os_error_text

if TYPE_CHECKING:
    from desktop.store.database import Store

T = TypeVar("T")


class ServiceError(Exception):
    """Nothing was done (or what was begun was undone); the message is Chinese, names the place and
    says what to do. The window shows it in a dialog, the command line prints it and exits 2."""


class NothingToDo(ServiceError):
    """There is nothing to export, pack or send yet (not a fault: the window shows it as information)."""


def cannot_write(folder: Path, exc: OSError) -> ServiceError:
    return ServiceError(f"无法写入文件夹“{folder}”（{os_error_text(exc)}），请换一个文件夹")


def ensure_writable(store: Store) -> None:
    """Refuse before any file is written when the database could not record it: read-only, or another
    program holds its write lock (after waiting for it as every write does)."""
    problem = store.write_problem()
    if problem:
        raise ServiceError(problem)


def finish_or_remove(store: Store, files: list[Path], finish: Callable[[], T]) -> T:
    """Run ``finish`` (record what was written, one transaction); when the database refuses it (busy, a
    full disk), ``files`` are removed and ServiceError names the cause: the files are recorded or gone."""
    from desktop.store.database import StoreError
    from desktop.store.failures import failure_text

    try:
        return finish()
    except StoreError as exc:
        for path in files:
            try:
                path.unlink()
            except OSError:
                pass
        raise ServiceError(f"{failure_text(exc, store.path)}（已写出的文件已删除，以免留下没有记入报送记录的文件）") from exc
