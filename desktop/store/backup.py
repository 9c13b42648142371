"""Consistent copies of a live database through SQLite's backup API (never a file copy).

Backups live in a ``backups`` folder beside the database, named
``<db stem>-<YYYYmmdd-HHMMSS-ffffff>-<reason>.sqlite``; the newest 30 are kept.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop.store.records import BackupInfo

KEEP = 30
FOLDER = "backups"
DAILY = "每日"  # the reason of the start-of-day backup
_STAMP = re.compile(r"-(\d{8}-\d{6}-\d{6})-(.+)\.sqlite$")


def backup_folder(db_path: Path) -> Path:
    return db_path.parent / FOLDER


def backup_to(conn: sqlite3.Connection, dest: Path) -> Path:
    """Write a consistent copy of ``conn`` to ``dest`` atomically (temp file, then rename). A copy that
    fails (a full disk) leaves nothing behind: no ``.part`` file, ``dest`` as it was."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".part")
    _remove(tmp)
    try:
        target = sqlite3.connect(str(tmp))
        try:
            conn.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")
        finally:
            target.close()
        os.replace(tmp, dest)
    except BaseException:
        _remove(tmp)
        raise
    return dest


def _remove(path: Path) -> None:
    from desktop.store.connect import side_files

    for leftover in (path, *side_files(path)):
        try:
            leftover.unlink()
        except OSError:
            pass  # missing; or it goes with the next copy, or the user's cleaning


def make_backup(conn: sqlite3.Connection, db_path: Path, reason: str) -> Path:
    """A dated backup in the database's backups folder; prunes to the newest ``KEEP``."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    dest = backup_to(conn, backup_folder(db_path) / f"{db_path.stem}-{stamp}-{reason}.sqlite")
    prune(db_path)
    return dest


def _ours(db_path: Path) -> list[tuple[datetime, str, Path]]:
    folder = backup_folder(db_path)
    if not folder.is_dir():
        return []
    out = []
    prefix = f"{db_path.stem}-"
    for path in folder.iterdir():  # not glob(): a name such as 填报数据[1] holds glob brackets
        if not (path.name.startswith(prefix) and path.name.endswith(".sqlite")):
            continue
        m = _STAMP.search(path.name)
        made = _stamp_time(m.group(1)) if m and path.name[: m.start()] == db_path.stem else None
        if m and made is not None:
            out.append((made, m.group(2), path))
    out.sort(reverse=True)
    return out


def _stamp_time(stamp: str) -> datetime | None:
    """20210326-143005-123456 → that time (None when it is no date); strptime costs 1 ms to start."""
    day, clock, micro = stamp.split("-")
    try:
        return datetime(int(day[:4]), int(day[4:6]), int(day[6:]),
                        int(clock[:2]), int(clock[2:4]), int(clock[4:]), int(micro))
    except ValueError:
        return None


def prune(db_path: Path, keep: int | None = None) -> None:
    """Keep the newest ``keep`` backups, and the newest daily one however many others came after it."""
    ours = _ours(db_path)
    daily = next((path for _, why, path in ours if why == DAILY), None)
    for _, _, path in ours[KEEP if keep is None else keep:]:
        if path == daily:
            continue
        try:
            path.unlink()
        except OSError:
            pass


def has_backup_today(db_path: Path, reason: str | None = None) -> bool:
    """A backup made today (for ``reason`` only: 每日 is kept whatever other backups the day made)."""
    today = datetime.now().date()
    return any(made.date() == today and reason in (None, why) for made, why, _ in _ours(db_path))


def inspect(path: Path) -> tuple[bool, int, int]:
    """(usable, towns, villages) of a backup file, opened read-only."""
    from desktop.store.migrations import APPLICATION_ID

    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            ok = conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
            ok = ok and conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
            towns = conn.execute("SELECT count(*) FROM towns").fetchone()[0]
            villages = conn.execute("SELECT count(*) FROM villages").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return False, 0, 0
    return ok, towns, villages


def list_backups(db_path: Path) -> list[BackupInfo]:
    """Backups of this database, newest first, with their counts."""
    from desktop.store.records import BackupInfo

    return [BackupInfo(path, made, reason, *_counts(path)) for made, reason, path in _ours(db_path)]


def _counts(path: Path) -> tuple[int, int, bool]:
    ok, towns, villages = inspect(path)
    return towns, villages, ok


def newest_good_backup(db_path: Path) -> Path | None:
    for info in list_backups(db_path):
        if info.ok:
            return info.path
    return None


def restore_into(conn: sqlite3.Connection, source: Path) -> None:
    """Overwrite the live database ``conn`` with the backup ``source`` (through the backup API)."""
    src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    try:
        src.backup(conn)
    finally:
        src.close()


def move_aside(db_path: Path) -> Path:
    """Rename the database (and its -wal/-shm files) to ``<name>.damaged-<stamp>``; never deletes."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = db_path.with_name(f"{db_path.name}.damaged-{stamp}")
    n = 2
    while target.exists():
        target = db_path.with_name(f"{db_path.name}.damaged-{stamp}-{n}")
        n += 1
    from desktop.store.connect import side_files

    for side, moved in zip(side_files(db_path), side_files(target), strict=True):
        if side.exists():
            os.replace(side, moved)
    os.replace(db_path, target)
    return target


def replace_with_backup(db_path: Path, backup: Path) -> Path:
    """Put ``backup`` in place of the (closed, damaged) database; returns where the damaged file went."""
    tmp = db_path.with_name(db_path.name + ".restoring")
    shutil.copy2(backup, tmp)  # first, so that a failed copy leaves everything as it was
    aside = move_aside(db_path)
    os.replace(tmp, db_path)
    return aside
