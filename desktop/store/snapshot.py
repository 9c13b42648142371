"""A throw-away copy of a database, read without writing to the original (``import --dry-run``)."""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from desktop.store.backup import backup_to
from desktop.store.database import (
    DamagedDatabaseError,
    DatabaseError,
    ForeignDatabaseError,
    Store,
    is_sqlite_file,
    open_store,
)


@contextmanager
def snapshot_store(path: Path) -> Iterator[Store]:
    """A throw-away copy of the database, read without writing to it (for ``import --dry-run``).

    The copy is migrated if it is older; the original file is only read.
    """
    path = Path(path)
    if not path.is_file():
        raise DatabaseError(f"数据库文件“{path}”不存在，请检查路径")
    if path.stat().st_size and not is_sqlite_file(path):
        raise ForeignDatabaseError(f"“{path.name}”不是本软件的数据库文件（不是 SQLite 数据库），请选择正确的文件或从备份恢复")
    with tempfile.TemporaryDirectory(prefix="zctb-") as tmp:
        copy = Path(tmp) / path.name
        try:
            src = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
            try:
                backup_to(src, copy)
            finally:
                src.close()
        except sqlite3.Error as exc:
            raise DamagedDatabaseError(f"无法读取数据库“{path.name}”（{exc}），请从备份恢复") from exc
        store = open_store(copy)
        try:
            yield store
        finally:
            store.close()
