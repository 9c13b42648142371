"""Open, migrate and read/write the roster database (SQLite via sqlite-utils)."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.domain.dates import parse_date
from desktop.domain.model import Level, ReportingUnit, Settings
from desktop.store.backup import list_backups, make_backup, restore_into
from desktop.store.connect import connect_read_only, create_database, migrate, open_connection, write_ahead
from desktop.store.evaluation import TABLES as EVALUATION_TABLES
from desktop.store.evaluation import EvaluationMixin
from desktop.store.failures import failure_text, is_damage, read_only_reason, read_only_text
from desktop.store.history import HistoryMixin
from desktop.store.migrations import APPLICATION_ID, SCHEMA_VERSION
from desktop.store.provenance import TABLES as PROVENANCE_TABLES
from desktop.store.provenance import ProvenanceMixin
from desktop.store.receiving import ReceivingMixin
from desktop.store.reports import ReportMixin
from desktop.store.rosters import RosterMixin
from desktop.store.submissions import SubmissionMixin
from desktop.store.unsaved import UnsavedMixin, queue_typed_writes
from desktop.system.oserrors import os_error_text

StoreError = sqlite3.Error  # what a failed read or write raises (SQLite's error)
RECIPIENT_KEY = "recipient"  # meta key of the 报送收件人
# what reading a damaged file raises (SQLite's errors; a damaged schema can fail to decode)
UNREADABLE: tuple[type[Exception], ...] = (sqlite3.DatabaseError, UnicodeDecodeError)


def is_operational(exc: BaseException) -> bool:
    """A locked file, a disk error, a read-only medium…: a failure of the moment, not damage."""
    return isinstance(exc, sqlite3.Error) and not is_damage(exc)

if TYPE_CHECKING:
    from desktop.store.records import Change


class DatabaseError(Exception):
    """A database that cannot be used; the message is Chinese and says what to do."""


class NewerDatabaseError(DatabaseError):
    pass


class ForeignDatabaseError(DatabaseError):
    pass


class DamagedDatabaseError(DatabaseError):
    pass


class EmptyDatabaseError(DatabaseError):
    """A file of 0 bytes where the database should be (a copy or a save that did not finish)."""


def is_sqlite_file(path: Path) -> bool:
    with open(path, "rb") as fh:
        return fh.read(16) == b"SQLite format 3\x00"


def empty_file_message(path: Path) -> str:
    return (f"“{path}”是一个空文件（0 字节），不是数据库，里面没有数据：可能是复制或保存没有完成。"
            "如果它本该有数据，请从备份恢复；如果要在这里新建数据库，请先删除这个空文件，或换一个文件名")


def open_store(path: Path | str, *, create: bool = True, check_in_background: bool = False,
               empty_ok: bool = False) -> Store:
    """Open (and create or migrate) the database at ``path``.

    Refuses a file that is not SQLite, a SQLite file that is not ours, one written by a newer
    version and an empty (0-byte) file (``empty_ok``: the user agreed to make it a new database);
    an older one is backed up, then migrated one transaction per step. A database that cannot be
    written (a read-only file, folder or medium) is opened read-only: ``Store.read_only`` says why.

    SQLite's ``quick_check`` reads the whole file (7 ms at province scale). With
    ``check_in_background`` (the window's start) it runs in a thread while the window is built,
    and ``Store.integrity_problem()`` waits for its verdict; a file that needs migrating is always
    checked first, as nothing may be written to a damaged file.
    """
    path = Path(path)
    if path.is_dir():
        raise DatabaseError(f"“{path}”是一个文件夹，不是数据库文件：请写数据库文件的路径，"
                            f"如“{path / '填报数据.sqlite'}”")
    empty = path.is_file() and path.stat().st_size == 0
    if empty and not empty_ok:
        raise EmptyDatabaseError(empty_file_message(path))
    if not path.exists() or empty:
        if not create:
            raise DatabaseError(f"数据库文件“{path}”不存在，请检查路径")
        _create(path, replace=empty)
    if not is_sqlite_file(path):
        raise ForeignDatabaseError(f"“{path.name}”不是本软件的数据库文件（不是 SQLite 数据库），请选择正确的文件或从备份恢复")
    conn = None
    try:
        conn, read_only = open_connection(path)
        conn.execute("PRAGMA foreign_keys = ON")
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        has_tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0
    except UNREADABLE as exc:  # a scribbled schema: SQLite's message is not text
        if conn is not None:
            conn.close()
        if not is_damage(exc):  # locked, a disk error, a folder that is not writable: not damage
            raise DatabaseError(failure_text(exc, path, "打开")) from exc
        raise DamagedDatabaseError(f"无法打开数据库“{path.name}”：文件已损坏或无法读取（{exc}），请从备份恢复") from exc
    if has_tables and app_id != APPLICATION_ID:
        conn.close()
        raise ForeignDatabaseError(f"“{path.name}”是其他程序的 SQLite 数据库，不是本软件的数据文件，请选择正确的文件")
    if version > SCHEMA_VERSION:
        conn.close()
        from desktop.system.about import __version__

        raise NewerDatabaseError(
            f"“{path.name}”由更新版本的本软件写入（数据格式第 {version} 版），当前软件版本 {__version__} "
            f"只支持到第 {SCHEMA_VERSION} 版，请升级软件后再打开")
    if read_only and version < SCHEMA_VERSION:
        conn.close()
        raise DatabaseError(f"“{path.name}”是旧版本软件的数据（数据格式第 {version} 版），要升级后才能打开，"
                            f"但它只读（{read_only}）：请把它复制到可以写入的文件夹后再打开")
    background = has_tables and check_in_background and version == SCHEMA_VERSION and not read_only
    if has_tables and not background:
        check = _quick_check(conn)
        if check != "ok":
            conn.close()
            raise DamagedDatabaseError(damaged_message(path, check))
    if not read_only:
        try:
            if has_tables and version < SCHEMA_VERSION:
                make_backup(conn, path, f"升级前v{version}")
            write_ahead(conn)
            migrate(conn, version)
        except (sqlite3.Error, OSError) as exc:
            conn.close()
            if is_damage(exc):
                raise DatabaseError(f"无法打开数据库“{path.name}”：{exc}，请从备份恢复") from exc
            raise DatabaseError(failure_text(exc, path, "打开")) from exc
    store = Store(conn, path, read_only)
    if background:  # started after the journal mode is set: that needs the file to itself
        store.pending_check = IntegrityCheck(path)
    return store


def _create(path: Path, *, replace: bool) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseError(f"无法建立数据库所在的文件夹“{path.parent}”（{os_error_text(exc)}），请换一个位置") from exc
    reason = read_only_reason(path)
    if reason:
        raise DatabaseError(f"不能在这里新建数据库“{path.name}”：{reason}，请换一个可以写入的文件夹")
    try:
        create_database(path, replace=replace)
    except (sqlite3.Error, OSError) as exc:
        raise DatabaseError(f"无法新建数据库“{path.name}”：{failure_text(exc, path)}") from exc


def damaged_message(path: Path, check: str) -> str:
    return f"数据库“{path.name}”已损坏（{check}），请从备份恢复"


def check_restorable(source: Path) -> None:
    """Refuse a backup that is damaged, not ours or written by a newer version (DatabaseError, in Chinese)."""
    from desktop.store.backup import inspect

    if not source.is_file():
        raise DatabaseError(f"找不到备份文件“{source}”，请检查路径")
    ok, _, _ = inspect(source)
    if not ok:
        raise DamagedDatabaseError(f"备份“{source.name}”已损坏或不是本软件的数据，不能用来恢复，请选择另一个备份")
    newer = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    try:
        version = newer.execute("PRAGMA user_version").fetchone()[0]
    finally:
        newer.close()
    if version > SCHEMA_VERSION:
        raise NewerDatabaseError(f"备份“{source.name}”由更新版本的本软件写入（数据格式第 {version} 版），"
                                 f"当前软件只支持到第 {SCHEMA_VERSION} 版，请升级软件后再恢复")


def _quick_check(conn: sqlite3.Connection) -> str:
    try:
        return conn.execute("PRAGMA quick_check").fetchone()[0]
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        return str(exc) if isinstance(exc, sqlite3.DatabaseError) else "数据库结构无法解读"


class IntegrityCheck:
    """``PRAGMA quick_check`` on a connection of its own, in a thread. SQLite runs it without
    holding Python's lock, so the window is built meanwhile."""

    def __init__(self, path: Path) -> None:
        self._verdict = ""
        self._thread = threading.Thread(target=self._run, args=(path,), name="quick_check", daemon=True)
        self._thread.start()

    def _run(self, path: Path) -> None:
        try:
            conn = sqlite3.connect(str(path))
            try:
                self._verdict = _quick_check(conn)
            finally:
                conn.close()
        except (sqlite3.Error, UnicodeDecodeError) as exc:
            self._verdict = str(exc) if isinstance(exc, sqlite3.Error) else "数据库结构无法解读"

    def result(self) -> str:
        """"ok", or what SQLite found."""
        self._thread.join()
        return self._verdict


class Store(HistoryMixin, RosterMixin, ReportMixin, ProvenanceMixin, SubmissionMixin, EvaluationMixin,
            ReceivingMixin, UnsavedMixin):
    """Read and write rosters and settings. Every public write is one transaction and one
    change group in the history (undoable for the session); a typed edit the file refuses is kept
    (``unsaved``) to be written again or into a copy (desktop.store.unsaved)."""

    def __init__(self, conn: sqlite3.Connection, path: Path, read_only: str = "") -> None:
        self.conn = conn
        self.path = path
        self.read_only = read_only  # why the file cannot be written ('' when it can)
        self.pending_check: IntegrityCheck | None = None  # open_store(check_in_background=True)
        self._init_history()
        self._init_unsaved()

    # -- plumbing -------------------------------------------------------------------
    @cached_property
    def db(self):  # -> sqlite_utils.Database; imported lazily (it costs ~50 ms at start-up)
        import sqlite_utils

        return sqlite_utils.Database(self.conn)

    def integrity_problem(self) -> str | None:
        """The message for a damaged file (Chinese, says what to do) once the background check of
        ``open_store(check_in_background=True)`` is done; None when the file is sound."""
        pending, self.pending_check = self.pending_check, None
        if pending is None:
            return None
        verdict = pending.result()
        return None if verdict == "ok" else damaged_message(self.path, verdict)

    def close(self) -> None:
        if self.pending_check is not None:
            self.pending_check.result()
            self.pending_check = None
        try:
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error:
            pass
        self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """A transaction that is one undoable action (kept for callers that have no description)."""
        with self.action("批量修改"):
            yield

    def abandon_stray_transaction(self) -> None:
        """Roll back a transaction left open outside any action (after an unexpected error).

        An action still running is left alone: it commits or rolls back itself."""
        try:
            if self.conn.in_transaction and self._group is None:
                self.conn.execute("ROLLBACK")
        except sqlite3.Error:
            pass

    def write_problem(self) -> str | None:
        """Why nothing can be written now (Chinese; None when it can): the file is read-only, or another
        program holds the write lock past SQLite's wait."""
        if self.read_only:
            return read_only_text(self.path, self.read_only)
        if self.conn.in_transaction:
            return None
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            self.conn.execute("ROLLBACK")
        except sqlite3.Error as exc:
            return failure_text(exc, self.path)
        return None

    @property
    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def integrity_ok(self) -> bool:
        return self.conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"

    # -- settings -------------------------------------------------------------------
    def get_meta(self, key: str, default: str = "") -> str:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row and row[0] is not None else default

    def set_meta(self, values: dict[str, str], description: str = "修改设置") -> None:
        with self.action(description):
            for key, value in values.items():
                old = self.get_meta(key)
                if old != value:
                    self._set_meta_row(key, value)
                    self._record("meta", key, "设置", key, "update", old, value)

    def _set_meta_row(self, key: str, value: str) -> None:
        # plain SQL: an import or a settings change must not pay sqlite-utils' import (~0.2 s)
        self.conn.execute("INSERT INTO meta (key, value) VALUES (?, ?) "
                          "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, value))

    def settings(self) -> Settings:
        unit = ReportingUnit(self.get_meta("unit_code") or None, self.get_meta("unit_name"), self.get_meta("unit_office"))
        day = self.get_meta("report_day")
        return Settings(unit=unit, deadline=parse_date(self.get_meta("deadline")),
                        report_day=int(day) if day.isdigit() else None)

    def save_settings(self, settings: Settings, recipient: str | None = None) -> None:
        """Save the settings (and the 报送收件人 when given) as one undoable action."""
        values = {
            "unit_code": settings.unit.region_code or "",
            "unit_name": settings.unit.region_name,
            "unit_office": settings.unit.office,
            "deadline": settings.deadline.isoformat() if settings.deadline else "",
            "report_day": str(settings.report_day) if settings.report_day else "",
        }
        if recipient is not None:
            values[RECIPIENT_KEY] = recipient
        self.set_meta(values, "修改设置")

    def recipient(self) -> str:
        """The 报送收件人: the e-mail address the 报送 drafts go to ('' when not set)."""
        return self.get_meta(RECIPIENT_KEY)

    def save_recipient(self, address: str) -> None:
        self.set_meta({RECIPIENT_KEY: address}, "修改收件人")

    def counts(self) -> dict[str, int]:
        towns = self.conn.execute("SELECT count(*) FROM towns").fetchone()[0]
        villages = self.conn.execute("SELECT count(*) FROM villages").fetchone()[0]
        return {"towns": towns, "villages": villages}

    # -- backups --------------------------------------------------------------------
    def backup(self, reason: str) -> Path:
        """A consistent dated copy in the backups folder beside the database (newest 30 kept). Inside a
        write transaction the copy is read through a second connection (SQLite's backup API cannot read
        through one that is writing): what is committed, which nobody else can change meanwhile."""
        if not self.conn.in_transaction:
            return make_backup(self.conn, self.path, reason)
        source = connect_read_only(self.path)
        try:
            return make_backup(source, self.path, reason)
        finally:
            source.close()

    def backups(self) -> list:
        return list_backups(self.path)

    def restore(self, source: Path) -> Path:
        """Replace the data with a backup, after backing up the current state; returns that safety copy."""
        check_restorable(source)
        safety = self.backup("恢复前")
        restore_into(self.conn, source)
        self.conn.execute("PRAGMA journal_mode = WAL")
        self._undo.clear()
        self._redo.clear()
        version = self.schema_version
        if version < SCHEMA_VERSION:
            migrate(self.conn, version)
        return safety

    # -- undo/redo plumbing ---------------------------------------------------------
    def _apply_change(self, change: Change, forward: bool) -> None:
        value = change.new if forward else change.old
        if change.table == "meta":
            self._set_meta_row(change.record_id, value or "")
            self._record("meta", change.record_id, change.label, change.field, "update",
                         change.old if forward else change.new, value)
        elif change.table == "rosters":
            self._set_filled_on(Level(int(change.record_id)), parse_date(value))
        elif change.table == "towns":
            self._apply_town_change(change, forward)
        elif change.table in EVALUATION_TABLES:
            self._apply_evaluation_change(change, forward)
        elif change.table in PROVENANCE_TABLES:
            self._apply_provenance_change(change, forward)
        else:
            self._apply_report_change(change, forward)


queue_typed_writes(Store)
