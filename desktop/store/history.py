"""Change history and session undo/redo.

Every public write runs inside ``action(description)``: one transaction, one change group.
Each change row says when, who (OS user), which record and field, old → new (JSON).
Undo applies a group's inverse in reverse order; redo applies it again. Both are recorded
in the history too, so the log shows everything that happened to the data.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop.store.records import Change


_as_json = json.JSONEncoder(ensure_ascii=False).encode  # as json.dumps(…, ensure_ascii=False), made once


def os_user() -> str:
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name on some locked-down Windows setups
        return "未知用户"


def roll_back(conn: sqlite3.Connection) -> None:
    """End a failed transaction; SQLite may have ended it already (a full disk rolls back by itself),
    and the error that made it fail is the one to report."""
    if conn.in_transaction:
        try:
            conn.execute("ROLLBACK")
        except sqlite3.Error:
            pass


@contextmanager
def kept_together(conn: sqlite3.Connection) -> Iterator[None]:
    """One transaction that is not an undoable action (what is kept beside the data: receipts, 催报, the
    报送记录): all or nothing. Inside a transaction already open (an action) it is part of that one."""
    if conn.in_transaction:
        yield
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
        conn.execute("COMMIT")  # may fail too (busy, a full disk): then nothing was written
    except BaseException:
        roll_back(conn)
        raise


class HistoryMixin:
    conn: sqlite3.Connection

    def _init_history(self) -> None:
        self._group: int | None = None
        self._group_action = ""
        self._undo: list[tuple[int, str]] = []
        self._redo: list[tuple[int, str]] = []
        self._replaying = False
        self.user = os_user()

    # -- transactions ------------------------------------------------------------
    @contextmanager
    def action(self, description: str) -> Iterator[int]:
        """One user action: a transaction and a change group (nested calls join the outer one)."""
        if self._group is not None:
            yield self._group
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            self._group = self.conn.execute("SELECT coalesce(max(grp), 0) + 1 FROM changes").fetchone()[0]
            self._group_action = description
            yield self._group
            group = self._group
            wrote = self.conn.execute("SELECT 1 FROM changes WHERE grp = ? LIMIT 1", (group,)).fetchone()
            self.conn.execute("COMMIT")  # may fail too (busy, a full disk): then nothing was written
        except BaseException:
            self._group = None
            roll_back(self.conn)
            raise
        self._group = None
        if wrote and not self._replaying:
            self._undo.append((group, description))
            self._redo.clear()

    def _record(self, table: str, record_id: object, label: str, field: str, op: str,
                old: object = None, new: object = None) -> None:
        self._record_many([(table, record_id, label, field, op, old, new)])

    def _record_many(self, changes: Iterable[tuple]) -> None:
        """Changes of the open action, each (table, record id, label, field, op, old, new) as ``_record``
        takes them, in one statement (an import records thousands)."""
        assert self._group is not None, "writes must run inside Store.action()"
        head = (self._group, datetime.now().isoformat(timespec="seconds"), self.user, self._group_action)
        self.conn.executemany(
            "INSERT INTO changes (grp, at, user, action, tbl, record_id, label, field, op, old, new) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(*head, table, str(record_id), label, field, op, None if old is None else _as_json(old),
              None if new is None else _as_json(new)) for table, record_id, label, field, op, old, new in changes])

    # -- undo / redo -------------------------------------------------------------
    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    @property
    def undo_text(self) -> str:
        return self._undo[-1][1] if self._undo else ""

    @property
    def redo_text(self) -> str:
        return self._redo[-1][1] if self._redo else ""

    def undo(self) -> str | None:
        """Revert the last action of this session; returns its description."""
        if not self._undo:
            return None
        group, description = self._undo.pop()
        self._replay(group, f"撤销：{description}", forward=False)
        self._redo.append((group, description))
        return description

    def redo(self) -> str | None:
        if not self._redo:
            return None
        group, description = self._redo.pop()
        self._replay(group, f"重做：{description}", forward=True)
        self._undo.append((group, description))
        return description

    def _replay(self, group: int, description: str, *, forward: bool) -> None:
        rows = self.changes(group=group)
        if not forward:
            rows.reverse()
        self._replaying = True
        try:
            with self.action(description):
                for change in rows:
                    self._apply_change(change, forward)
        finally:
            self._replaying = False

    def _apply_change(self, change: Change, forward: bool) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    # -- reading -----------------------------------------------------------------
    def changes(self, *, group: int | None = None, table: str | None = None, record_id: object = None,
                text: str = "", limit: int | None = None) -> list[Change]:
        """History rows, oldest first; filter by group, record or a text found in label/field/action."""
        from desktop.store.records import Change

        where, args = [], []
        if group is not None:
            where.append("grp = ?")
            args.append(group)
        if table is not None:
            where.append("tbl = ?")
            args.append(table)
        if record_id is not None:
            where.append("record_id = ?")
            args.append(str(record_id))
        if text:
            where.append("(label LIKE ? OR field LIKE ? OR action LIKE ? OR old LIKE ? OR new LIKE ?)")
            args.extend([f"%{text}%"] * 5)
        sql = "SELECT id, grp, at, user, action, tbl, record_id, label, field, op, old, new FROM changes"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY id"
        if limit:
            sql = f"SELECT * FROM ({sql.replace(' ORDER BY id', ' ORDER BY id DESC')} LIMIT {int(limit)}) ORDER BY id"
        out = []
        for row in self.conn.execute(sql, args):
            *head, old, new = row
            out.append(Change(*head, json.loads(old) if old else None, json.loads(new) if new else None))
        return out
