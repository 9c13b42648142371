"""Edits the database refused (busy, read-only, a full disk), kept in memory to be written later (a mixin
of Store).

The writes a user makes by typing (``TYPED_WRITES``) are wrapped: when one fails for a reason of the
moment, it is queued with its arguments and ``WriteFailed`` is raised (a StoreError naming the cause),
so nothing typed is lost while the window is open. Later writes keep their order: while edits are
queued, a new one first writes the queue, and joins it when that still fails. ``retry_unsaved`` writes
the queue again; ``save_as`` copies the database to a new file (SQLite's backup API: a consistent copy),
continues on that file and writes the queue there. Damage and broken constraints are never queued: they are reported as they are.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.store.failures import is_refusal

TYPED_WRITES = ("set_filled_on", "update_town", "set_villages", "add_town", "delete_town", "set_report_value",
                "set_report_text", "set_report_header", "set_explanation", "set_report_status", "create_report",
                "set_item_score", "set_site_info", "set_meta", "save_settings", "save_recipient", "add_event",
                "delete_event", "run_action")


class WriteFailed(sqlite3.OperationalError):
    """A typed edit the database refused; it is queued (``Store.unsaved``). ``original`` is SQLite's error."""

    def __init__(self, original: BaseException) -> None:
        super().__init__(str(original))
        self.original = original


@dataclass
class PendingWrite:
    name: str  # the Store method
    args: tuple
    kwargs: dict

    def run(self, store: Any) -> object:
        return getattr(type(store), self.name).__wrapped__(store, *self.args, **self.kwargs)


def queued_on_failure(method: Callable) -> Callable:
    """Queue the call when the database refuses it for a reason of the moment (see the module)."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        if self._guard_depth or self._group is not None:  # inside another write: that one is queued
            return method(self, *args, **kwargs)
        call = PendingWrite(method.__name__, args, kwargs)
        self._guard_depth += 1
        try:
            if self.unsaved:
                try:
                    self._write_queue()
                except sqlite3.Error as exc:
                    self._queue(call)
                    raise _failed(exc) from exc
            try:
                return method(self, *args, **kwargs)
            except sqlite3.Error as exc:
                if not is_refusal(exc):  # damage, a broken constraint: reported as they are
                    raise
                self._queue(call)
                raise _failed(exc) from exc
        finally:
            self._guard_depth -= 1

    return wrapper


def _failed(exc: sqlite3.Error) -> WriteFailed:
    return exc if isinstance(exc, WriteFailed) else WriteFailed(exc)


class UnsavedMixin:
    conn: sqlite3.Connection
    path: Path
    read_only: str

    def _init_unsaved(self) -> None:
        self.unsaved: list[PendingWrite] = []
        self.unsaved_changed: Callable[[], None] | None = None  # told when an edit is queued or written
        self._guard_depth = 0

    def _queue(self, call: PendingWrite) -> None:
        self.unsaved.append(call)
        if self.unsaved_changed is not None:
            self.unsaved_changed()

    def run_action(self, description: str, work: Callable[[], object]) -> object:
        """``work`` (several writes) as one action, queued as a whole when the database refuses it."""
        with self.action(description):  # type: ignore[attr-defined]
            return work()

    def retry_unsaved(self) -> int:
        """Write the queued edits, in order; returns how many were written. Raises the database's error
        (the edits not written stay queued)."""
        self._guard_depth += 1
        try:
            return self._write_queue()
        finally:
            self._guard_depth -= 1

    def _write_queue(self) -> int:
        done = 0
        try:
            while self.unsaved:
                self.unsaved[0].run(self)
                self.unsaved.pop(0)
                done += 1
        finally:
            if done and self.unsaved_changed is not None:
                self.unsaved_changed()
        return done

    def save_as(self, dest: Path) -> int:
        """Copy the database to ``dest`` (a consistent copy), continue on that file, and write the queued
        edits there; returns how many were written. The file left behind is not changed."""
        from desktop.store.backup import backup_to
        from desktop.store.connect import connect, side_files, write_ahead

        dest = Path(dest)
        if dest.exists() and dest.resolve() == self.path.resolve():
            raise ValueError("另存为的文件不能是当前的数据库文件，请换一个文件名")
        for side in side_files(dest):  # an older file of that name: its journal is not ours
            side.unlink(missing_ok=True)
        backup_to(self.conn, dest)
        conn = connect(dest)
        try:
            conn.execute("PRAGMA foreign_keys = ON")
            write_ahead(conn)
        except sqlite3.Error:
            conn.close()
            raise
        old, self.conn, self.path, self.read_only = self.conn, conn, dest, ""
        self.__dict__.pop("db", None)  # sqlite-utils' view of the old connection
        try:
            old.close()
        except sqlite3.Error:
            pass
        return self.retry_unsaved()


def queue_typed_writes(cls: type) -> type:
    """Wrap ``cls``'s typed writes (TYPED_WRITES) with ``queued_on_failure``."""
    for name in TYPED_WRITES:
        setattr(cls, name, queued_on_failure(getattr(cls, name)))
    return cls
