"""Backing up and restoring a database on the command line (``python -m desktop backup``). A backup is
a consistent copy, taken while the window may be open. A restore works as 文件 → 备份与恢复… does: the
state before is backed up first (恢复前), so a restore can be undone; a damaged file is not backed up
but kept beside it as ``<名称>.damaged-<日期-时间>``, never deleted."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.services.common import ServiceError, check_target, free_name

if TYPE_CHECKING:
    from desktop.store.database import Store


def backup_path(db: Path, out: Path, *, folder: bool = False) -> Path:
    """Where ``backup`` writes: ``out`` itself (a database file: .sqlite added when it has no extension),
    or in a folder (an existing one, or ``folder``: made when the backup is written) a name with the date
    and time."""
    if folder or out.is_dir():
        return free_name(out / f"{db.stem}-备份-{datetime.now().strftime('%Y%m%d-%H%M%S')}.sqlite")
    return out if out.suffix else out.with_name(out.name + ".sqlite")


def backup(store: Store, out: Path, *, folder: bool = False, replace: bool = False) -> Path:
    """A consistent copy of the database at ``backup_path``; ServiceError when it cannot be written
    (nothing incomplete is left), would be the database itself, or would replace a file that is there
    (ExistingFile; ``replace``: it is replaced)."""
    from desktop.store.backup import backup_to
    from desktop.store.database import StoreError
    from desktop.store.failures import Cause, cause_of, cause_text

    path = backup_path(store.path, out, folder=folder)
    if path.resolve() == store.path.resolve():
        raise ServiceError("备份文件不能与数据库是同一个文件，请换一个路径")
    check_target(path, replace=replace)
    try:
        backup_to(store.conn, path)
    except (OSError, StoreError) as exc:
        advice = "请清理磁盘空间（或换一个有空间的位置）后重试" if cause_of(exc) is Cause.FULL else "请换一个路径后重试"
        raise ServiceError(f"无法写入备份“{path}”（{cause_text(exc)}），没有留下不完整的文件；{advice}") from exc
    return path


@dataclass(frozen=True)
class Restored:
    counts: dict[str, int]  # towns and villages now in the database
    safety: Path | None = None  # the 恢复前 backup of what the database held
    aside: Path | None = None  # where a damaged (or empty) database file was moved


def restore_database(db: Path, source: Path) -> Restored:
    """Put the backup ``source`` in place of the database ``db``. ServiceError (Chinese) when the backup
    cannot be used or the database cannot be written; nothing is changed then."""
    from desktop.store.backup import replace_with_backup
    from desktop.store.database import (
        DamagedDatabaseError,
        DatabaseError,
        EmptyDatabaseError,
        ForeignDatabaseError,
        StoreError,
        check_restorable,
        is_sqlite_file,
        open_store,
    )
    from desktop.store.failures import failure_text
    from desktop.system.oserrors import os_error_text

    try:
        check_restorable(source)
    except DatabaseError as exc:
        raise ServiceError(str(exc)) from exc
    if db.exists() and source.resolve() == db.resolve():
        raise ServiceError("备份文件就是数据库本身，请选择备份文件夹中的一个备份")
    aside = None
    try:
        store = open_store(db, create=False)
    except (DamagedDatabaseError, EmptyDatabaseError, ForeignDatabaseError) as exc:
        if isinstance(exc, ForeignDatabaseError) and is_sqlite_file(db):
            raise ServiceError(str(exc)) from exc  # someone else's database: not ours to replace
        store = None
    except DatabaseError as exc:
        if db.exists():
            raise ServiceError(str(exc)) from exc
        store = None
    try:
        if store is None:  # damaged, empty, not SQLite or missing: the backup takes its place
            db.parent.mkdir(parents=True, exist_ok=True)
            if db.exists():
                aside = replace_with_backup(db, source)
            else:
                _copy_new(db, source)
            store = open_store(db, create=False)
            return Restored(store.counts(), None, aside)
        if store.read_only:
            raise ServiceError(store.write_problem() or "")
        safety = store.restore(source)
        return Restored(store.counts(), safety)
    except DatabaseError as exc:
        raise ServiceError(str(exc)) from exc
    except StoreError as exc:
        raise ServiceError(f"没有恢复：{failure_text(exc, db)}") from exc
    except OSError as exc:
        raise ServiceError(f"没有恢复（{os_error_text(exc)}）：请关闭其他可能打开该文件的程序，检查磁盘空间后重试") from exc
    finally:
        if store is not None:
            store.close()


def _copy_new(db: Path, source: Path) -> None:
    """A copy of ``source`` where no database is yet (temporary name first: never a half-copied file)."""
    import os
    import shutil

    tmp = db.with_name(db.name + ".restoring")
    shutil.copy2(source, tmp)
    os.replace(tmp, db)
