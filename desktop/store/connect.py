"""Connections to a database file: a new database made whole before it appears, a read-only
database opened for reading (WAL needs a writable folder), and the schema migrations.

A new database is built under a temporary name and linked into place only when complete, so two
programs creating the same file at once never see each other's half-made file (nor a 0-byte file):
the first one's database is used by both.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path

from desktop.store.failures import DISK_FULL, Cause, cause_at, cause_of, read_only_reason
from desktop.store.migrations import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION


def side_files(path: Path) -> list[Path]:
    """The files SQLite keeps beside a database file: its -wal, -shm and -journal."""
    return [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal")]


def connect(path: Path) -> sqlite3.Connection:
    """A read-write connection (autocommit: transactions are begun explicitly)."""
    return sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)


def write_ahead(conn: sqlite3.Connection) -> None:
    """How every connection that writes our data keeps it: a write-ahead log, each commit on disk."""
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")


CANNOT_WRITE = "文件或所在的文件夹、共享不允许写入"


def open_connection(path: Path) -> tuple[sqlite3.Connection, str]:
    """A connection to an existing database and, when it can only be read, why ('' when it can be written):
    a read-only file, folder or medium, or a disk so full that SQLite cannot open it for writing."""
    reason = read_only_reason(path) or ""
    if reason:
        return connect_read_only(path), reason
    conn = connect(path)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn, ""
    except BaseException as exc:
        conn.close()
        cause = cause_at(exc, path) if isinstance(exc, sqlite3.Error) else None
        if cause is Cause.FULL:
            return connect_read_only(path), DISK_FULL
        if cause in (Cause.READ_ONLY, Cause.CANNOT_OPEN):  # a place the checks above could not see (a share)
            try:
                return connect_read_only(path), CANNOT_WRITE
            except sqlite3.Error:
                pass
        raise


def connect_read_only(path: Path) -> sqlite3.Connection:
    """A connection that never writes. A database in WAL mode needs its -shm file: where that cannot be
    made or sized (a read-only folder or medium, a full disk) and no WAL content is pending, the file is
    read as immutable."""
    uri = path.resolve().as_uri()
    conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, isolation_level=None, check_same_thread=False)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError as exc:
        conn.close()
        wal = path.with_name(path.name + "-wal")
        if cause_of(exc) not in (Cause.CANNOT_OPEN, Cause.READ_ONLY, Cause.DISK, Cause.FULL) \
                or (wal.exists() and wal.stat().st_size):
            raise
    return sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, isolation_level=None, check_same_thread=False)


def migrate(conn: sqlite3.Connection, current: int) -> None:
    """Bring the schema from ``current`` to SCHEMA_VERSION, one transaction per step. The version is read
    again inside each transaction: another program may have migrated (or created) the file meanwhile."""
    for version in range(current + 1, SCHEMA_VERSION + 1):
        conn.execute("BEGIN IMMEDIATE")
        try:
            if conn.execute("PRAGMA user_version").fetchone()[0] >= version:
                conn.execute("ROLLBACK")
                continue
            for statement in MIGRATIONS[version]:
                conn.execute(statement)
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {version}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise


def create_database(path: Path, *, replace: bool = False) -> None:
    """Make a new, complete database at ``path``: built under a temporary name beside it, then linked
    into place. When another program made ``path`` meanwhile, its file is kept and ours dropped;
    ``replace`` puts ours over what is there (an empty file the user agreed to replace).
    Raises sqlite3.Error or OSError; nothing is left behind."""
    tmp = path.with_name(f"{path.name}.new-{os.getpid()}-{threading.get_ident()}")
    try:
        conn = sqlite3.connect(str(tmp), isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            migrate(conn, 0)
        finally:
            conn.close()  # the last connection: the WAL is written back and removed
        _put_in_place(tmp, path, replace)
    finally:
        for leftover in (tmp, *side_files(tmp)):
            try:
                leftover.unlink()
            except FileNotFoundError:
                pass


def _put_in_place(tmp: Path, path: Path, replace: bool) -> None:
    if replace:
        os.replace(tmp, path)
        return
    try:
        if os.name == "nt":
            os.rename(tmp, path)  # refuses an existing target
        else:
            os.link(tmp, path)  # refuses an existing target (rename would overwrite it)
    except FileExistsError:
        return  # another program made it first
    except OSError:
        if path.exists():  # a file system without hard links, and the file appeared meanwhile
            return
        os.rename(tmp, path)
