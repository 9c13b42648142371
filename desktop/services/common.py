"""What every service shares: the one error a service raises, the message for a folder that cannot be
written, and the rule for files that must be recorded: refused before writing when the database cannot
record them, removed when recording fails."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
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


class ExistingFile(ServiceError):
    """The file to write is there already, and was not to be replaced."""


def check_target(path: Path, *, replace: bool) -> None:
    """Refuse a file named on the command line (``--out``) that cannot be written as asked, before anything
    is written: a part of its folder path that is a file, or a file already there (another backup, a
    workbook, a note) that is not to be replaced (ExistingFile)."""
    for part in path.parents:
        if part.exists():
            if not part.is_dir():
                raise ServiceError(f"路径中的“{part}”是一个文件，不是文件夹：请换一个路径")
            break
    if path.exists() and not replace:
        raise ExistingFile(f"“{path}”已存在，没有覆盖它：请换一个文件名，或写一个文件夹（以 / 或 \\ 结尾）"
                           "让程序按日期起名")


def free_name(path: Path) -> Path:
    """``path``, or the first of “name (2)”, “name (3)”… that is not there, as Windows names a copy (a name
    the program chose in a folder: two runs in the same second never refuse or replace each other)."""
    candidate, n = path, 2
    while candidate.exists():
        candidate = path.with_name(f"{path.stem} ({n}){path.suffix}")
        n += 1
    return candidate


def cannot_write(folder: Path, exc: OSError) -> ServiceError:
    return ServiceError(f"无法写入文件夹“{folder}”（{os_error_text(exc)}），请换一个文件夹")


@contextmanager
def writing_into(folder: Path, made: list[Path] | None = None, before: frozenset[Path] = frozenset()
                 ) -> Iterator[None]:
    """Files written into ``folder`` (made when missing): a file that cannot be written (ExportError) or a
    folder that cannot (OSError) becomes ServiceError naming the cause, after the files of ``made`` (the
    list the block fills) that this run created are removed — never one in ``before``."""
    from desktop.exchange.errors import ExportError

    try:
        folder.mkdir(parents=True, exist_ok=True)
        yield
    except (ExportError, OSError) as exc:
        remove_new(made or [], before)
        if isinstance(exc, ExportError):
            raise ServiceError(str(exc)) from exc
        raise cannot_write(folder, exc) from exc


def ensure_writable(store: Store) -> None:
    """Refuse before any file is written when the database could not record it: read-only, or another
    program holds its write lock (after waiting for it as every write does)."""
    problem = store.write_problem()
    if problem:
        raise ServiceError(problem)


def files_in(folder: Path) -> frozenset[Path]:
    """The files ``folder`` holds now (none when it does not exist): taken before writing, so that only
    the files a run created are ever removed, never one that was there before."""
    try:
        return frozenset(p for p in folder.iterdir() if p.is_file())
    except OSError:
        return frozenset()


def remove_new(files: list[Path], before: frozenset[Path] = frozenset()) -> None:
    """Remove the ``files`` this run wrote, except those that were already there (``before``)."""
    for path in files:
        if path in before:
            continue
        try:
            path.unlink()
        except OSError:
            pass


def finish_or_remove(store: Store, files: list[Path], finish: Callable[[], T],
                     before: frozenset[Path] = frozenset()) -> T:
    """Run ``finish`` (record what was written, one transaction); when the database refuses it (busy, a
    full disk), the ``files`` this run created are removed (not those in ``before``: files that were
    there before it) and ServiceError names the cause: the files are recorded or gone."""
    from desktop.store.database import StoreError
    from desktop.store.failures import failure_text

    try:
        return finish()
    except StoreError as exc:
        remove_new(files, before)
        kept = any(p in before for p in files)
        raise ServiceError(f"{failure_text(exc, store.path)}（新写出的文件已删除，以免留下没有记入报送记录的文件"
                           + ("；覆盖了原有同名文件的没有删除" if kept else "") + "）") from exc
