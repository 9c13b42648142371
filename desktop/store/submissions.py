"""报送记录: each export and 报送 with the files as sent and a frozen copy of the data (schema v6).
Records are history, not data: they are kept apart from undo."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime

from desktop.store.history import kept_together


@dataclass(frozen=True)
class SentFile:
    name: str
    sha256: str
    content: bytes = field(repr=False)


@dataclass(frozen=True)
class Submission:
    id: int
    at: str
    user: str
    kind: str  # "报送" or "导出"
    unit_name: str
    recipient: str
    what: str
    subject: str
    snapshot: dict = field(repr=False)
    files: tuple[SentFile, ...] = ()


class SubmissionMixin:
    conn: sqlite3.Connection
    user: str

    def record_submission(self, kind: str, *, unit_name: str, what: str, snapshot: dict,
                          files: list[tuple[str, bytes]], recipient: str = "", subject: str = "") -> int:
        """Keep one export or 报送 with its files; returns its id. Inside an action (the month locked with
        it) it is part of that action's transaction."""
        import hashlib  # not at start-up (the window's first paint imports the store)

        with kept_together(self.conn):
            cur = self.conn.execute(
                "INSERT INTO submissions (at, user, kind, unit, recipient, what, subject, snapshot) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (datetime.now().isoformat(timespec="seconds"), self.user, kind, unit_name, recipient, what, subject,
                 json.dumps(snapshot, ensure_ascii=False, sort_keys=True)))
            sid = cur.lastrowid
            self.conn.executemany(
                "INSERT INTO submission_files (submission_id, name, sha256, content) VALUES (?, ?, ?, ?)",
                [(sid, name, hashlib.sha256(data).hexdigest(), data) for name, data in files])
        return int(sid)

    def submissions(self) -> list[Submission]:
        """Every record, newest first, with its files' names and checksums (contents not read)."""
        files: dict[int, list[SentFile]] = {}
        for sid, name, sha in self.conn.execute(
                "SELECT submission_id, name, sha256 FROM submission_files ORDER BY id"):
            files.setdefault(sid, []).append(SentFile(name, sha, b""))
        return [Submission(i, at, user, kind, unit, rcp, what, subj, json.loads(snap), tuple(files.get(i, [])))
                for i, at, user, kind, unit, rcp, what, subj, snap in self.conn.execute(
                    "SELECT id, at, user, kind, unit, recipient, what, subject, snapshot FROM submissions "
                    "ORDER BY id DESC")]

    def submission(self, sid: int) -> Submission | None:
        row = self.conn.execute("SELECT id, at, user, kind, unit, recipient, what, subject, snapshot "
                                "FROM submissions WHERE id = ?", (sid,)).fetchone()
        if row is None:
            return None
        files = tuple(SentFile(n, s, bytes(c)) for n, s, c in self.conn.execute(
            "SELECT name, sha256, content FROM submission_files WHERE submission_id = ? ORDER BY id", (sid,)))
        return Submission(*row[:8], json.loads(row[8]), files)
