"""Provenance of imported records and the imports themselves (a mixin of Store).

Each imported town keeps where it came from (``provenance`` table: sending office, original
office, file, package id, when made and imported, and the hash of its content as imported, the
base of the next three-way merge). Imported exchange packages are listed in ``packages``.
``apply_plan`` writes a chosen import plan in one action (one transaction, undoable).
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import TYPE_CHECKING

from desktop.domain.model import Level, Roster, TownEntry, Village

# The merge and provenance modules (and hashlib) are imported where they are used, so opening the
# window does not load them (start-up time; see docs/benchmarks.md).
if TYPE_CHECKING:
    from desktop.domain.merge.plan import Choice, Plan
    from desktop.domain.merge.provenance import PackageRecord, Provenance
    from desktop.domain.merge.types import LocalState, Preview

_PROV_COLUMNS = ("office", "origin", "source", "base_hash", "package_id", "made_at", "imported_at")
INSERT_PROVENANCE = (f"INSERT OR REPLACE INTO provenance (town_id, {', '.join(_PROV_COLUMNS)}) "
                     f"VALUES (?, {', '.join('?' * len(_PROV_COLUMNS))})")
_PACKAGE_COLUMNS = ("package_id", "office", "made_at", "app_version", "scope", "file_name", "sha256",
                    "imported_at", "towns", "reports")
TABLES = ("provenance", "packages")


def _now() -> str:
    return datetime.now().isoformat(timespec="seconds")


class ProvenanceMixin:
    conn: sqlite3.Connection

    # -- reading -------------------------------------------------------------------
    def provenance(self, town_id: int) -> Provenance | None:
        """Where a town record came from (None: typed here); ``modified`` says it was edited since."""
        row = self._provenance_row(town_id)
        if row is None:
            return None
        snap = self._snapshot(town_id)
        entry = None
        if snap is not None:
            fields = {k: snap[k] for k in ("city", "city_code", "county", "county_code", "town", "town_code",
                                           "town_type", "note")}
            entry = TownEntry(Level(snap["level"]), **fields, villages=[Village(n, c) for n, c in snap["villages"]])
        return _provenance(town_id, row, entry)

    def provenances(self, rosters: list[Roster] | None = None) -> dict[int, Provenance]:
        """Every imported town's provenance, by town id (``rosters``: as just loaded, to save a read)."""
        entries = {t.id: t for r in (rosters if rosters is not None else self.load_rosters()) for t in r.towns}
        cols = ", ".join(_PROV_COLUMNS)
        out = {}
        for tid, *values in self.conn.execute(f"SELECT town_id, {cols} FROM provenance"):
            out[tid] = _provenance(tid, dict(zip(_PROV_COLUMNS, values, strict=True)), entries.get(tid))
        return out

    def imported_packages(self) -> list[PackageRecord]:
        """Exchange packages imported so far, newest first."""
        from desktop.domain.merge.provenance import PackageRecord

        rows = self.conn.execute(f"SELECT {', '.join(_PACKAGE_COLUMNS)} FROM packages ORDER BY imported_at DESC")
        return [PackageRecord(*row) for row in rows]

    def local_state(self) -> LocalState:
        """What an import preview compares with (desktop.domain.merge.preview.build_preview)."""
        from desktop.domain.merge.types import EventItem, LocalState

        stamp = self.state_stamp()  # before reading: a write meanwhile makes the import plan again
        rosters, reports = self.load_rosters(), self.reports()
        sources = {rid: sha for rid, sha in self.conn.execute("SELECT id, source_sha256 FROM reports")}
        return LocalState(rosters, self.provenances(rosters), reports, sources,
                          {p.package_id: p for p in self.imported_packages()}, self.settings().unit,
                          [EventItem(e.kind, e.done_on, e.note, e.unit_name) for e in self.events()], self.settings(),
                          self.evaluation_rows(), stamp)

    def state_stamp(self) -> tuple[int, int]:
        """Changes when anything is written to the database: by another connection (SQLite's data_version)
        or by this one (its count of changed rows)."""
        return self.conn.execute("PRAGMA data_version").fetchone()[0], self.conn.total_changes

    # -- applying an import --------------------------------------------------------
    def apply_import(self, preview: Preview, choice: Choice | None = None, description: str = "导入") -> Plan:
        """Back up (when there is data), then apply the chosen changes in one undoable action.

        Planned inside the write transaction: when the database changed since the preview read it
        (another program imported the same files, an edit meanwhile), the files are compared again with
        what is there now, so two imports of the same files at once give the result of one. The user's
        choice keeps its ids (stable across previews); none given, every add and change is taken."""
        from desktop.domain.merge.plan import build_plan, default_choice
        from desktop.domain.merge.preview import replan

        with self.action(description):
            if preview.stamp is not None and preview.stamp != self.state_stamp():
                preview = replan(preview, self.local_state())
            plan = build_plan(preview, choice if choice is not None else default_choice(preview))
            if plan.writes and self.counts()["towns"] + len(self.reports()):
                self.backup("导入前")  # read through this connection: what is committed, as the lock holds it
            self.apply_plan(plan, description)
        return plan

    def apply_plan(self, plan: Plan, description: str = "导入") -> None:
        """Write a plan in one action: lists' 填报时间, new towns, changed fields, provenance, reports."""
        if not plan.writes:
            return
        with self.action(description):
            if plan.unit is not None and not self.settings().unit.display:
                self.set_meta({"unit_code": plan.unit.region_code or "", "unit_name": plan.unit.region_name,
                               "unit_office": plan.unit.office})
            for event in plan.events:
                self._insert_event(event.kind, event.done_on, event.note, event.unit_name)
            if plan.evaluation is not None:
                for site, code, values, sender in plan.evaluation.take:
                    self._put_evaluation(site, code, values, sender)
                for site, values in plan.evaluation.sites:
                    self._put_site_info(site, values)
            for level, day in plan.filled_on.items():
                self._set_filled_on(level, day)
            now = _now()
            self._add_towns([(add.entry, self._provenance_values(add.stamp, now)) for add in plan.adds])
            for upd in plan.updates:
                for column, value in upd.values.items():
                    self._update_town_field(upd.town_id, column, value)
                if upd.villages is not None:
                    self._replace_villages(upd.town_id, [[v.name, v.code] for v in upd.villages])
                if upd.stamp is not None:
                    self._put_provenance(upd.town_id, upd.stamp)
            for rep in plan.reports:
                snap = self._report_snapshot_of(rep.report)
                snap.update(locked=0, source_file=rep.source_file, source_sha256=rep.sha256, imported_at=_now())
                if rep.replace_id is not None:
                    self._carry_records(self._delete_report(rep.replace_id), snap)
                rep.report.id = self._insert_report(rep.replace_id, snap)
            for record in plan.packages:
                self._record_package(record)

    # -- rows ------------------------------------------------------------------------
    def _provenance_row(self, town_id: int) -> dict | None:
        row = self.conn.execute(f"SELECT {', '.join(_PROV_COLUMNS)} FROM provenance WHERE town_id = ?",
                                (town_id,)).fetchone()
        return dict(zip(_PROV_COLUMNS, row, strict=True)) if row else None

    def _write_provenance_row(self, town_id: int, row: dict | None) -> None:
        self.conn.execute("DELETE FROM provenance WHERE town_id = ?", (town_id,))
        if row is not None:
            self.conn.execute(INSERT_PROVENANCE, [town_id, *(row.get(c) for c in _PROV_COLUMNS)])

    @staticmethod
    def _provenance_values(stamp: Provenance | dict | None, now: str = "") -> dict | None:
        """A provenance row as stored (imported ``now`` when the stamp does not say when)."""
        if stamp is None or isinstance(stamp, dict):
            return stamp
        new = {c: getattr(stamp, c) for c in _PROV_COLUMNS}
        new["imported_at"] = new["imported_at"] or now or _now()
        return new

    def _put_provenance(self, town_id: int, stamp: Provenance | dict | None) -> None:
        """Set (or clear) a town's provenance, recorded in the history."""
        new = self._provenance_values(stamp)
        old = self._provenance_row(town_id)
        if old == new:
            return
        self._write_provenance_row(town_id, new)
        self._record("provenance", town_id, self._town_label(town_id), "来源", "update", old, new)

    def _record_package(self, record: PackageRecord) -> None:
        from dataclasses import asdict

        snap = asdict(record)
        snap["imported_at"] = snap["imported_at"] or _now()
        self._write_package_row(record.package_id, snap)
        self._record("packages", record.package_id, f"交换包 {record.file_name}", "*", "insert", None, snap)

    def _write_package_row(self, package_id: str, snap: dict | None) -> None:
        self.conn.execute("DELETE FROM packages WHERE package_id = ?", (package_id,))
        if snap is not None:
            self.conn.execute(f"INSERT INTO packages ({', '.join(_PACKAGE_COLUMNS)}) "
                              f"VALUES ({', '.join('?' * len(_PACKAGE_COLUMNS))})",
                              [snap.get(c) for c in _PACKAGE_COLUMNS])

    def _apply_provenance_change(self, change, forward: bool) -> None:
        """Undo/redo of a provenance or package change."""
        value = change.new if forward else change.old
        if change.table == "provenance":
            self._put_provenance(int(change.record_id), value)
        else:
            self._write_package_row(change.record_id, value)
            self._record("packages", change.record_id, change.label, "*", "insert" if value else "delete",
                         change.old if forward else change.new, value)


def _provenance(town_id: int, row: dict, entry) -> Provenance:
    from desktop.domain.merge.provenance import Provenance, town_hash

    modified = entry is not None and town_hash(entry) != row["base_hash"]
    return Provenance(row["office"], row["origin"], row["source"], row["base_hash"], row["package_id"],
                      row["made_at"], row["imported_at"], town_id, modified)
