"""Monthly reports (月报): header, figures, texts, 说明, lock on export, unlocks, imported county
reports and the 四个一 events. Every write is recorded in the history and undoable."""

from __future__ import annotations

import base64
import sqlite3
from datetime import date, datetime
from typing import TYPE_CHECKING

from desktop.domain.dates import parse_date

if TYPE_CHECKING:
    from desktop.store.records import EventRecord, ExportRecord, UnlockRecord

if TYPE_CHECKING:  # imported where used: opening the window needs no monthly code
    from desktop.domain.monthly.report import MonthlyReport, YearMonth

HEADER_COLUMNS = ("reporter", "phone", "reviewer", "filled_on")
_TABLE_OF = {"values": "report_values", "texts": "report_texts", "explanations": "report_explanations"}
_KEY_OF = {"report_values": "code", "report_texts": "code", "report_explanations": "key"}
_VALUE_OF = {"report_values": "value", "report_texts": "text", "report_explanations": "text"}


class ReportLockedError(Exception):
    """Writing to an exported (locked) month; the message says how to unlock."""


class ReportMixin:
    conn: sqlite3.Connection

    # -- reading -------------------------------------------------------------------
    def reports(self, *, month: YearMonth | None = None, region: str | None = None) -> list[MonthlyReport]:
        from desktop.domain.monthly.report import MonthlyReport, YearMonth

        where, args = [], []
        if month is not None:
            where.append("month = ?")
            args.append(month.iso)
        if region is not None:
            where.append("unit = ?")  # the column keeps its first name (schema v3): it holds the region
            args.append(region)
        sql = ("SELECT id, unit, month, reporter, phone, reviewer, filled_on, status, locked FROM reports"
               + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY month, unit")
        out = []
        for rid, unit_, month_, reporter, phone, reviewer, filled_on, status, locked in self.conn.execute(sql, args):
            report = MonthlyReport(unit_, YearMonth.parse(month_), reporter, phone, reviewer, parse_date(filled_on),
                                   status=status, locked=bool(locked), id=rid)
            for attr, table in _TABLE_OF.items():
                key, col = _KEY_OF[table], _VALUE_OF[table]
                getattr(report, attr).update(self.conn.execute(
                    f"SELECT {key}, {col} FROM {table} WHERE report_id = ?", (rid,)).fetchall())
            out.append(report)
        return out

    def report(self, region: str, month: YearMonth) -> MonthlyReport | None:
        found = self.reports(month=month, region=region)
        return found[0] if found else None

    def report_by_id(self, report_id: int) -> MonthlyReport:
        from desktop.domain.monthly.report import YearMonth

        row = self.conn.execute("SELECT unit, month FROM reports WHERE id = ?", (report_id,)).fetchone()
        if row is None:
            raise KeyError(report_id)
        report = self.report(row[0], YearMonth.parse(row[1]))
        assert report is not None
        return report

    def report_source(self, report_id: int) -> tuple[str | None, str | None, str | None]:
        """(file name, SHA-256, imported at) for a report imported from a workbook."""
        return self.conn.execute("SELECT source_file, source_sha256, imported_at FROM reports WHERE id = ?",
                                 (report_id,)).fetchone()

    # -- writing -------------------------------------------------------------------
    def create_report(self, report: MonthlyReport, description: str = "新建月报") -> int:
        with self.action(description):
            rid = self._insert_report(None, self._report_snapshot_of(report))
        report.id = rid
        return rid

    def _report_snapshot_of(self, report: MonthlyReport) -> dict:
        return {"unit": report.region, "month": report.month.iso, "reporter": report.reporter, "phone": report.phone,
                "reviewer": report.reviewer, "filled_on": report.filled_on.isoformat() if report.filled_on else None,
                "status": report.status, "locked": int(report.locked),
                "values": dict(report.values), "texts": dict(report.texts), "explanations": dict(report.explanations)}

    def _insert_report(self, rid: int | None, snap: dict) -> int:
        cur = self.conn.execute(
            "INSERT INTO reports (id, unit, month, reporter, phone, reviewer, filled_on, status, locked, "
            "source_file, source_sha256, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (rid, snap["unit"], snap["month"], snap["reporter"], snap["phone"], snap["reviewer"], snap["filled_on"],
             snap["status"], snap["locked"], snap.get("source_file"), snap.get("source_sha256"),
             snap.get("imported_at")))
        rid = cur.lastrowid if rid is None else rid
        for attr, table in _TABLE_OF.items():
            rows = [(rid, k, v) for k, v in snap[attr].items() if v is not None and v != ""]
            self.conn.executemany(
                f"INSERT INTO {table} (report_id, {_KEY_OF[table]}, {_VALUE_OF[table]}) VALUES (?, ?, ?)", rows)
        for at, user, name, sha, content in snap.get("exports", []):
            self.conn.execute("INSERT INTO report_exports (report_id, at, user, file_name, sha256, content) "
                              "VALUES (?, ?, ?, ?, ?, ?)", (rid, at, user, name, sha, base64.b64decode(content)))
        for at, user, reason in snap.get("unlocks", []):
            self.conn.execute("INSERT INTO report_unlocks (report_id, at, user, reason) VALUES (?, ?, ?, ?)",
                              (rid, at, user, reason))
        self._record("reports", rid, self._report_label(snap["unit"], snap["month"]), "*", "insert", None, snap)
        return rid

    def _report_label(self, region: str, month: str) -> str:
        from desktop.domain.monthly.report import YearMonth

        return f"{region} {YearMonth.parse(month).label}月报"

    def _report_row(self, rid: int) -> tuple[str, str, int]:
        row = self.conn.execute("SELECT unit, month, locked FROM reports WHERE id = ?", (rid,)).fetchone()
        if row is None:
            raise KeyError(rid)
        return row

    def _ensure_unlocked(self, rid: int) -> tuple[str, str]:
        from desktop.domain.monthly.report import YearMonth

        region, month, locked = self._report_row(rid)
        if locked and not self._replaying:
            raise ReportLockedError(f"{region} {YearMonth.parse(month).label}月报已导出并锁定，"
                                    f"如需修改请先点“解锁修改”并填写原因")
        return region, month

    def set_report_header(self, rid: int, **fields: object) -> None:
        unknown = set(fields) - set(HEADER_COLUMNS)
        if unknown:
            raise ValueError(f"unknown header fields: {sorted(unknown)}")
        with self.action("修改月报表头"):
            region, month = self._ensure_unlocked(rid)
            for name, value in fields.items():
                if isinstance(value, date):
                    value = value.isoformat()
                self._set_report_column(rid, name, value)

    def _set_report_column(self, rid: int, column: str, value: object) -> None:
        old = self.conn.execute(f"SELECT {column} FROM reports WHERE id = ?", (rid,)).fetchone()[0]
        if old == value:
            return
        region, month, _ = self._report_row(rid)
        self.conn.execute(f"UPDATE reports SET {column} = ? WHERE id = ?", (value, rid))
        self._record("reports", rid, self._report_label(region, month), column, "update", old, value)

    def set_report_value(self, rid: int, code: str, value: int | float | None) -> None:
        self._set_item(rid, "report_values", code, value, "修改月报数据")

    def set_report_text(self, rid: int, code: str, text: str) -> None:
        self._set_item(rid, "report_texts", code, text, "修改月报文字")

    def set_explanation(self, rid: int, key: str, text: str) -> None:
        self._set_item(rid, "report_explanations", key, text, "填写说明")

    def _set_item(self, rid: int, table: str, key: str, value: object, description: str) -> None:
        with self.action(description):
            self._ensure_unlocked(rid)
            self._write_item(rid, table, key, value)

    def _write_item(self, rid: int, table: str, key: str, value: object) -> None:
        kcol, vcol = _KEY_OF[table], _VALUE_OF[table]
        row = self.conn.execute(f"SELECT {vcol} FROM {table} WHERE report_id = ? AND {kcol} = ?", (rid, key)).fetchone()
        old = row[0] if row else None
        if value == "":
            value = None
        if old == value and (old is None or type(old) is type(value)):
            return
        if value is None:
            self.conn.execute(f"DELETE FROM {table} WHERE report_id = ? AND {kcol} = ?", (rid, key))
        else:
            self.conn.execute(f"INSERT INTO {table} (report_id, {kcol}, {vcol}) VALUES (?, ?, ?) "
                              f"ON CONFLICT(report_id, {kcol}) DO UPDATE SET {vcol} = excluded.{vcol}", (rid, key, value))
        region, month, _ = self._report_row(rid)
        self._record(table, rid, self._report_label(region, month), key, "update", old, value)

    def set_report_status(self, rid: int, status: str) -> None:
        with self.action("修改月报状态"):
            self._set_report_column(rid, "status", status)

    # -- lock / unlock -------------------------------------------------------------
    def lock_report(self, rid: int, file_name: str, content: bytes) -> str:
        """Mark the month 已导出, keep a copy of the exported file, and lock its figures; returns SHA-256."""
        import hashlib

        digest = hashlib.sha256(content).hexdigest()
        with self.action("导出月报并锁定"):
            self.db["report_exports"].insert({
                "report_id": rid, "at": datetime.now().isoformat(timespec="seconds"), "user": self.user,
                "file_name": file_name, "sha256": digest, "content": content})
            self._set_report_column(rid, "status", "exported")
            self._set_report_column(rid, "locked", 1)
        return digest

    def unlock_report(self, rid: int, reason: str) -> None:
        """解锁修改: recorded with time, user and reason, after a backup."""
        reason = reason.strip()
        if not reason:
            raise ValueError("请填写解锁修改的原因")
        region, month, _ = self._report_row(rid)
        self.backup("解锁前")
        with self.action("解锁修改"):
            self.conn.execute("INSERT INTO report_unlocks (report_id, at, user, reason) VALUES (?, ?, ?, ?)",
                              (rid, datetime.now().isoformat(timespec="seconds"), self.user, reason))
            self._set_report_column(rid, "locked", 0)
            self._set_report_column(rid, "status", "draft")

    def exported_report_ids(self) -> set[int]:
        """Reports exported at least once (a later unlock leaves their export copies)."""
        return {rid for (rid,) in self.conn.execute("SELECT DISTINCT report_id FROM report_exports")}

    def report_exports(self, rid: int) -> list[ExportRecord]:
        from desktop.store.records import ExportRecord

        return [ExportRecord(*r) for r in self.conn.execute(
            "SELECT id, at, user, file_name, sha256 FROM report_exports WHERE report_id = ? ORDER BY id", (rid,))]

    def export_content(self, export_id: int) -> bytes:
        return self.conn.execute("SELECT content FROM report_exports WHERE id = ?", (export_id,)).fetchone()[0]

    def report_unlocks(self, rid: int) -> list[UnlockRecord]:
        from desktop.store.records import UnlockRecord

        return [UnlockRecord(*r) for r in self.conn.execute(
            "SELECT at, user, reason FROM report_unlocks WHERE report_id = ? ORDER BY id", (rid,))]

    # -- imported county reports ----------------------------------------------------
    def put_imported_report(self, report: MonthlyReport, source_file: str, sha256: str) -> str:
        """Store a report read from another office's workbook: 'added', 'unchanged' (same file
        again) or 'replaced' (a newer file for the same region and month; the caller confirms first)."""
        row = self.conn.execute("SELECT id, source_sha256 FROM reports WHERE unit = ? AND month = ?",
                                (report.region, report.month.iso)).fetchone()
        if row and row[1] == sha256:
            return "unchanged"
        snap = self._report_snapshot_of(report)
        snap.update(source_file=source_file, source_sha256=sha256,
                    imported_at=datetime.now().isoformat(timespec="seconds"))
        with self.action(f"导入{report.region}{report.month.label}月报"):
            if row:
                self._carry_records(self._delete_report(row[0]), snap)
            report.id = self._insert_report(row[0] if row else None, snap)
        return "replaced" if row else "added"

    @staticmethod
    def _carry_records(old: dict, new: dict) -> None:
        """A report replaced by an imported one keeps its export copies and unlock records."""
        new["exports"], new["unlocks"] = old.get("exports", []), old.get("unlocks", [])

    def _delete_report(self, rid: int) -> dict:
        """Delete a report with its figures, texts, 说明, export copies and unlocks; returns its snapshot."""
        report = self.report_by_id(rid)
        snap = self._report_snapshot_of(report)
        snap.update(zip(("source_file", "source_sha256", "imported_at"), self.report_source(rid), strict=True))
        # the kept copies of exported files and the unlock records go with the report, and come back on undo
        snap["exports"] = [[at, user, name, sha, base64.b64encode(content).decode("ascii")]
                           for at, user, name, sha, content in self.conn.execute(
                               "SELECT at, user, file_name, sha256, content FROM report_exports "
                               "WHERE report_id = ? ORDER BY id", (rid,))]
        snap["unlocks"] = [list(r) for r in self.conn.execute(
            "SELECT at, user, reason FROM report_unlocks WHERE report_id = ? ORDER BY id", (rid,))]
        self.conn.execute("DELETE FROM report_exports WHERE report_id = ?", (rid,))
        self.conn.execute("DELETE FROM report_unlocks WHERE report_id = ?", (rid,))
        self.conn.execute("DELETE FROM reports WHERE id = ?", (rid,))
        for table in _TABLE_OF.values():
            self.conn.execute(f"DELETE FROM {table} WHERE report_id = ?", (rid,))
        self._record("reports", rid, self._report_label(report.region, report.month.iso), "*", "delete", snap, None)
        return snap

    def delete_report(self, rid: int) -> None:
        with self.action("删除月报"):
            self._ensure_unlocked(rid)
            self._delete_report(rid)

    def clear_reports(self) -> None:
        """Every report deleted, locked ones too (the demo replaces them; undo brings them back)."""
        with self.action("删除全部月报"):
            for (rid,) in self.conn.execute("SELECT id FROM reports").fetchall():
                self._delete_report(rid)

    # -- 四个一 events -----------------------------------------------------------------
    def add_event(self, kind: str, done_on: date, note: str = "", unit_name: str = "") -> int:
        """A 四个一 record; ``unit_name`` '' for our own, else the unit whose record it is (imported)."""
        with self.action("记录四个一工作"):
            return self._insert_event(kind, done_on, note, unit_name)

    def _insert_event(self, kind: str, done_on: date, note: str, unit_name: str) -> int:
        cur = self.conn.execute("INSERT INTO rhythm_events (kind, done_on, note, unit) VALUES (?, ?, ?, ?)",
                                (kind, done_on.isoformat(), note, unit_name))
        self._record("rhythm_events", cur.lastrowid, "四个一", "*", "insert", None,
                     {"kind": kind, "done_on": done_on.isoformat(), "note": note, "unit": unit_name})
        return cur.lastrowid

    def events(self, *, own_only: bool = False) -> list[EventRecord]:
        """Every 四个一 record (date order); with ``own_only`` only this database's own."""
        from desktop.store.records import EventRecord

        where = " WHERE unit = ''" if own_only else ""
        return [EventRecord(i, k, parse_date(d), n, u) for i, k, d, n, u in self.conn.execute(
            f"SELECT id, kind, done_on, note, unit FROM rhythm_events{where} ORDER BY done_on, id")]

    def delete_event(self, event_id: int) -> None:
        row = self.conn.execute("SELECT kind, done_on, note, unit FROM rhythm_events WHERE id = ?",
                                (event_id,)).fetchone()
        if row is None:
            return
        with self.action("删除四个一记录"):
            self.conn.execute("DELETE FROM rhythm_events WHERE id = ?", (event_id,))
            self._record("rhythm_events", event_id, "四个一", "*", "delete",
                         {"kind": row[0], "done_on": row[1], "note": row[2], "unit": row[3]}, None)

    # -- undo ---------------------------------------------------------------------------
    def _apply_report_change(self, change, forward: bool) -> None:
        rid = int(change.record_id)
        value = change.new if forward else change.old
        if change.table == "rhythm_events":
            if value is None:
                self.conn.execute("DELETE FROM rhythm_events WHERE id = ?", (rid,))
                self._record("rhythm_events", rid, "四个一", "*", "delete", change.new or change.old, None)
            else:
                self.conn.execute("INSERT INTO rhythm_events (id, kind, done_on, note, unit) VALUES (?, ?, ?, ?, ?)",
                                  (rid, value["kind"], value["done_on"], value["note"], value.get("unit", "")))
                self._record("rhythm_events", rid, "四个一", "*", "insert", None, value)
        elif change.table == "reports" and change.field == "*":
            if value is None:
                self._delete_report(rid)
            else:
                self._insert_report(rid, value)
        elif change.table == "reports":
            self._set_report_column(rid, change.field, value)
        else:
            self._write_item(rid, change.table, change.field, value)
