"""收件情况 and 催报 (schema v8): what came from each subordinate unit (receipts), each unit's e-mail
address (typed, or learned from its e-mails' From) and each 催报 written. Like the 报送记录 these are
records, not data: they are kept apart from undo."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from typing import TYPE_CHECKING

from desktop.store.history import kept_together

# The receiving modules are imported where they are used: opening the window does not load them.
if TYPE_CHECKING:
    from desktop.domain.receiving.board import Reminder
    from desktop.domain.receiving.receipts import Receipt

_RECEIPT_COLUMNS = ("id", "received_at", "region", "code", "sender", "item", "part", "file_name", "sha256",
                    "content", "mail_file", "mail_from", "mail_address", "mail_subject", "mail_date")


def _now() -> str:
    return datetime.now().isoformat(timespec="seconds")


def _receipt(row: tuple) -> Receipt:
    from desktop.domain.receiving.mail import Mail
    from desktop.domain.receiving.receipts import Receipt

    rid, at, region, code, sender, item, part, name, sha, content, mfile, mfrom, maddr, msubj, mdate = row
    mail = Mail(mfile, mfrom or "", maddr or "", msubj or "", mdate or "") if mfile is not None else None
    return Receipt(region, code, sender, item, name, sha, content, mail, part, at, rid)


class ReceivingMixin:
    conn: sqlite3.Connection
    user: str

    # -- receipts ----------------------------------------------------------------------------
    def record_receipts(self, receipts: list[Receipt]) -> int:
        """Keep what came; a receipt already held (same unit, item and file content) is not kept twice,
        so importing the same file again changes nothing. Returns how many were added."""
        added = 0
        at = _now()
        with kept_together(self.conn):
            for r in receipts:
                held = self.conn.execute(
                    "SELECT 1 FROM receipts WHERE region = ? AND item = ? AND part = ? AND sha256 = ? AND content = ?",
                    (r.region, r.item, r.part, r.sha256, r.content)).fetchone()
                if held:
                    continue
                mail = r.mail
                self.conn.execute(
                    f"INSERT INTO receipts ({', '.join(_RECEIPT_COLUMNS[1:])}) VALUES ({', '.join('?' * (len(_RECEIPT_COLUMNS) - 1))})",
                    (at, r.region, r.code, r.sender, r.item, r.part, r.file, r.sha256, r.content,
                     mail.file if mail else None, mail.sender if mail else None, mail.address if mail else None,
                     mail.subject if mail else None, mail.sent_at if mail else None))
                added += 1
        return added

    def receipts(self) -> list[Receipt]:
        """Every receipt, oldest first."""
        return [_receipt(row) for row in self.conn.execute(
            f"SELECT {', '.join(_RECEIPT_COLUMNS)} FROM receipts ORDER BY received_at, id")]

    # -- addresses -----------------------------------------------------------------------------
    def contacts(self) -> dict[str, tuple[str, str]]:
        """Unit code → (address, learned from: '' when typed, else the e-mail it came from)."""
        return {code: (address, learned) for code, address, learned in self.conn.execute(
            "SELECT code, address, learned FROM unit_contacts")}

    def set_contact(self, code: str, region: str, address: str, learned: str = "") -> bool:
        """Keep a unit's address ('' clears it). A learned address never replaces a typed one.
        Returns True when something changed."""
        row = self.conn.execute("SELECT address, learned FROM unit_contacts WHERE code = ?", (code,)).fetchone()
        if learned and row is not None and (row[1] == "" or row[0] == address):
            return False
        if not address:
            if row is None:
                return False
            self.conn.execute("DELETE FROM unit_contacts WHERE code = ?", (code,))
            return True
        if row is not None and row == (address, learned):
            return False
        self.conn.execute("INSERT OR REPLACE INTO unit_contacts (code, region, address, learned, updated_at) "
                          "VALUES (?, ?, ?, ?, ?)", (code, region, address, learned, _now()))
        return True

    # -- 催报 ------------------------------------------------------------------------------------
    def record_reminders(self, rows: list[tuple[str, str, str, list[str], str]]) -> list[int]:
        """Several 催报 (region, code, address, items, file name) kept in one transaction: all or none."""
        with kept_together(self.conn):
            ids = [int(self.conn.execute(
                "INSERT INTO reminders (at, user, region, code, address, items, file_name) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (_now(), self.user, region, code, address, json.dumps(items, ensure_ascii=False), name)).lastrowid or 0)
                for region, code, address, items, name in rows]
        return ids

    def reminders(self) -> list[Reminder]:
        """Every 催报 written, oldest first."""
        from desktop.domain.receiving.board import Reminder

        return [Reminder(at, region, code, address, tuple(json.loads(items)), name, user, rid)
                for rid, at, user, region, code, address, items, name in self.conn.execute(
                    "SELECT id, at, user, region, code, address, items, file_name FROM reminders ORDER BY id")]

    def imported_report_sources(self) -> list[tuple[str, str, str, str, str]]:
        """(region, month, file, SHA-256, imported at) of every imported 月报: what came before
        receipts were kept (a database of an older version) still shows as received."""
        return [(unit, month, name or "", sha or "", at or "") for unit, month, name, sha, at in self.conn.execute(
            "SELECT unit, month, source_file, source_sha256, imported_at FROM reports "
            "WHERE imported_at IS NOT NULL ORDER BY imported_at")]
