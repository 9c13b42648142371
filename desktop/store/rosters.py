"""Roster tables: towns with their villages, and each list's 填报时间. Every write is recorded."""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from desktop.domain.dates import parse_date
from desktop.domain.model import Level, Roster, TownEntry, Village
from desktop.domain.names import compact
from desktop.store.history import kept_together

TOWN_FIELDS = ("city", "city_code", "county", "county_code", "town", "town_code", "town_type", "note")
FIELD_LABELS = {"city": "市（州）", "city_code": "市（州）代码", "county": "县（市、区）", "county_code": "县代码",
                "town": "乡镇（街道）", "town_code": "乡镇代码", "town_type": "乡镇类型", "note": "备注",
                "villages": "村（社区）", "filled_on": "填报时间", "*": "整条记录"}


_TOWN_COLUMNS = ("level", "position") + TOWN_FIELDS
INSERT_TOWN = f"INSERT INTO towns (id, {', '.join(_TOWN_COLUMNS)}) VALUES (?, {', '.join('?' * len(_TOWN_COLUMNS))})"
INSERT_VILLAGE = "INSERT INTO villages (town_id, position, name, code) VALUES (?, ?, ?, ?)"


def town_values(snap: dict) -> list:
    """A town snapshot's values in the order of INSERT_TOWN after the id (a text left out is '', a code None)."""
    return [snap.get(c) if snap.get(c) is not None or c.endswith("_code") else "" for c in _TOWN_COLUMNS]


def town_snapshot(entry: TownEntry, position: int) -> dict:
    """A new town as written and kept in the history (its insert's new value)."""
    snap: dict = {f: getattr(entry, f) for f in TOWN_FIELDS}
    snap.update(level=entry.level.value, position=position, villages=[[v.name, v.code] for v in entry.villages])
    return snap


def town_label(level: int | Level, county: str, town: str) -> str:
    att = Level(level).attachment if not isinstance(level, Level) else level.attachment
    return " ".join(x for x in (att, county, town) if x)


@dataclass
class Outline:
    """The start of one list (``RosterMixin.load_outline``)."""

    roster: Roster  # its first towns, villages not read
    towns: dict[Level, int]  # how many towns each list has
    village_counts: dict[int, int]  # villages per town id, for the towns read
    villages: int  # villages of all lists
    longest: dict[str, list[str]]  # the longest texts of the list by field (city…town_type): column widths


class RosterMixin:
    conn: sqlite3.Connection

    # -- reading -------------------------------------------------------------------
    def load_rosters(self) -> list[Roster]:
        """The three lists (附件1, 2, 3), always all three, towns in order with their villages."""
        villages: dict[int, list[Village]] = {}
        for vid, town_id, name, code in self.conn.execute(
                "SELECT id, town_id, name, code FROM villages ORDER BY town_id, position, id"):
            bucket = villages.get(town_id)
            if bucket is None:
                bucket = villages[town_id] = []
            bucket.append(Village(name, code, vid))
        return self._rosters(villages)

    def load_outline(self, level: Level, first: int = 100) -> Outline:
        """What the window shows before its first paint: the first ``first`` towns of one list,
        without their villages (counted instead), and how many towns and villages there are.

        Reading every town and village (37,523 rows at province scale) takes several times longer
        than the first screenful; ``load_rosters`` follows at once.
        """
        filled = self.conn.execute("SELECT filled_on FROM rosters WHERE level = ?", (level.value,)).fetchone()
        roster = Roster(level, parse_date(filled[0]) if filled else None)
        cols = ", ".join(("id", "position") + TOWN_FIELDS)
        for tid, pos, city, city_code, county, county_code, town, town_code, town_type, note in self.conn.execute(
                f"SELECT {cols} FROM towns WHERE level = ? ORDER BY position, id LIMIT ?", (level.value, first)):
            roster.towns.append(TownEntry(level, city, county, town, town_type, note, city_code, county_code,
                                          town_code, [], tid, pos))
        ids = [t.id for t in roster.towns]
        counts = dict(self.conn.execute(
            f"SELECT town_id, count(*) FROM villages WHERE town_id IN ({', '.join('?' * len(ids))}) GROUP BY town_id",
            ids)) if ids else {}
        totals = {lvl: 0 for lvl in Level}
        for lvl, n in self.conn.execute("SELECT level, count(*) FROM towns GROUP BY level"):
            totals[Level(lvl)] = n
        villages = self.conn.execute("SELECT count(*) FROM villages").fetchone()[0]
        # Widest first (a Chinese character counts two, a letter one); towns are nearly all distinct,
        # so they are not made distinct (that sort costs 1 ms at province scale).
        longest = {field: list(dict.fromkeys(row[0] for row in self.conn.execute(
            f"SELECT {'' if field == 'town' else 'DISTINCT '}{field} FROM towns WHERE level = ? "
            f"ORDER BY length(CAST({field} AS BLOB)) + length({field}) DESC LIMIT 5", (level.value,))))
            for field in ("city", "county", "town", "town_type")}
        return Outline(roster, totals, counts, villages, longest)

    def load_villages(self, town_id: int) -> list[Village]:
        """One town's villages, in order."""
        return [Village(name, code, vid) for vid, name, code in self.conn.execute(
            "SELECT id, name, code FROM villages WHERE town_id = ? ORDER BY position, id", (town_id,))]

    def _rosters(self, villages: dict[int, list[Village]]) -> list[Roster]:
        levels = {lvl.value: lvl for lvl in Level}
        filled = {lvl: parse_date(d) for lvl, d in self.conn.execute("SELECT level, filled_on FROM rosters")}
        rosters = {lvl: Roster(lvl, filled.get(lvl.value)) for lvl in Level}
        cols = ", ".join(("id", "level", "position") + TOWN_FIELDS)
        for tid, lvl, pos, city, city_code, county, county_code, town, town_code, town_type, note in self.conn.execute(
                f"SELECT {cols} FROM towns ORDER BY level, position, id"):
            level = levels[lvl]
            rosters[level].towns.append(TownEntry(
                level, city, county, town, town_type, note, city_code, county_code, town_code,
                villages.get(tid, []), tid, pos))
        return [rosters[lvl] for lvl in Level]

    def load_roster(self, level: Level) -> Roster:
        return self.load_rosters()[level.value - 1]

    def _snapshot(self, town_id: int) -> dict | None:
        cols = ("level", "position") + TOWN_FIELDS
        row = self.conn.execute(f"SELECT {', '.join(cols)} FROM towns WHERE id = ?", (town_id,)).fetchone()
        if row is None:
            return None
        snap = dict(zip(cols, row, strict=True))
        snap["villages"] = self._village_rows(town_id)
        provenance = self._provenance_row(town_id)
        if provenance is not None:  # kept with a deleted town, so undo brings it back
            snap["provenance"] = provenance
        return snap

    def _village_rows(self, town_id: int) -> list[list]:
        return [list(r) for r in self.conn.execute(
            "SELECT name, code FROM villages WHERE town_id = ? ORDER BY position, id", (town_id,))]

    # -- writing -------------------------------------------------------------------
    def set_filled_on(self, level: Level, value: date | None) -> None:
        with self.action(f"修改{level.attachment}填报时间"):
            self._set_filled_on(level, value)

    def _set_filled_on(self, level: Level, value: date | None) -> None:
        row = self.conn.execute("SELECT filled_on FROM rosters WHERE level = ?", (level.value,)).fetchone()
        old = row[0] if row else None
        new = value.isoformat() if value else None
        if old == new:
            return
        self.conn.execute("INSERT INTO rosters (level, filled_on) VALUES (?, ?) "
                          "ON CONFLICT(level) DO UPDATE SET filled_on = excluded.filled_on", (level.value, new))
        self._record("rosters", level.value, f"{level.attachment} 名单", "filled_on", "update", old, new)

    def add_town(self, entry: TownEntry) -> int:
        """Append a town (with its villages) to the end of its list; returns its id."""
        with self.action(f"添加乡镇 {entry.town}".strip()):
            ((tid, pos),) = self._add_towns([(entry, None)])
        entry.id, entry.position = tid, pos
        return tid

    def _add_towns(self, towns: list[tuple[TownEntry, dict | None]]) -> list[tuple[int, int]]:
        """Append new towns (with their villages, and each one's provenance row when given) to the end of
        their lists, each recorded (and its provenance, as ``_put_provenance`` records it) in that order,
        in one statement per table (an import of the province's 3,111 towns and 34,412 villages); the id
        and position of each. The entries are not changed (a plan may share them with its preview)."""
        from desktop.store.provenance import _PROV_COLUMNS, INSERT_PROVENANCE

        if not towns:
            return []
        first = self.conn.execute("SELECT coalesce(max(id), 0) + 1 FROM towns").fetchone()[0]
        ends = dict(self.conn.execute("SELECT level, max(position) + 1 FROM towns GROUP BY level").fetchall())
        town_rows, village_rows, provenance_rows, changes, placed = [], [], [], [], []
        for tid, (entry, provenance) in enumerate(towns, first):
            level = entry.level.value
            position = ends.get(level, 0)
            ends[level] = position + 1
            placed.append((tid, position))
            snap = town_snapshot(entry, position)
            town_rows.append((tid, *town_values(snap)))
            village_rows.extend((tid, i, v.name, v.code) for i, v in enumerate(entry.villages))
            label = town_label(entry.level, entry.county, entry.town)
            changes.append(("towns", tid, label, "*", "insert", None, snap))
            if provenance is not None:
                provenance_rows.append((tid, *(provenance.get(c) for c in _PROV_COLUMNS)))
                changes.append(("provenance", tid, label, "来源", "update", None, provenance))
        self.conn.executemany(INSERT_TOWN, town_rows)
        self.conn.executemany(INSERT_VILLAGE, village_rows)
        self.conn.executemany(INSERT_PROVENANCE, provenance_rows)
        self._record_many(changes)
        return placed

    def _town_label(self, town_id: int) -> str:
        row = self.conn.execute("SELECT level, county, town FROM towns WHERE id = ?", (town_id,)).fetchone()
        return town_label(*row) if row else str(town_id)

    def _insert_town(self, tid: int, snap: dict) -> None:
        """A town deleted before, back under its id (undo and redo; a new town: ``_add_towns``)."""
        self.conn.execute(INSERT_TOWN, [tid, *town_values(snap)])
        self._write_villages(tid, snap.get("villages", []))
        if snap.get("provenance"):
            self._write_provenance_row(tid, snap["provenance"])
        self._record("towns", tid, town_label(snap["level"], snap.get("county", ""), snap.get("town", "")),
                     "*", "insert", None, snap)

    def update_town(self, town_id: int, **fields: str | None) -> None:
        unknown = set(fields) - set(TOWN_FIELDS)
        if unknown:
            raise ValueError(f"unknown town fields: {sorted(unknown)}")
        names = "、".join(FIELD_LABELS[f] for f in fields if not f.endswith("_code")) or "代码"
        with self.action(f"修改{names}"):
            for field, value in fields.items():
                self._update_town_field(town_id, field, value)

    def _update_town_field(self, town_id: int, field: str, value: object) -> None:
        row = self.conn.execute(f"SELECT {field}, level, county, town FROM towns WHERE id = ?", (town_id,)).fetchone()
        if row is None:
            raise KeyError(town_id)
        old, level, county, town = row
        if old == value:
            return
        self.conn.execute(f"UPDATE towns SET {field} = ? WHERE id = ?", (value, town_id))
        self._record("towns", town_id, town_label(level, county, town), field, "update", old, value)

    # Village ticks on one town in quick succession are one undo step (the checklist sends one
    # change per tick): a tick within this many seconds of the previous one joins its step.
    VILLAGE_BURST_SECONDS = 5.0

    def set_villages(self, town_id: int, villages: list[Village]) -> None:
        rows = [[v.name, v.code] for v in villages]
        now = time.monotonic()
        burst = getattr(self, "_village_burst", None)
        if (burst is not None and burst[0] == town_id and now - burst[2] <= self.VILLAGE_BURST_SECONDS
                and self._undo and self._undo[-1][0] == burst[1] and not self._redo and self._group is None):
            self._extend_village_step(burst[1], town_id, rows)
            self._village_burst = (town_id, burst[1], now)
            return
        with self.action("修改村（社区）") as group:
            self._replace_villages(town_id, rows)
        wrote = bool(self._undo) and self._undo[-1][0] == group
        self._village_burst = (town_id, group, now) if wrote else None

    def _extend_village_step(self, group: int, town_id: int, rows: list[list]) -> None:
        """Write the villages and make the open step's record end at them (its old value stays)."""
        if self._village_rows(town_id) == rows:
            return
        with kept_together(self.conn):
            self.conn.execute("DELETE FROM villages WHERE town_id = ?", (town_id,))
            self._write_villages(town_id, rows)
            self.conn.execute(
                "UPDATE changes SET new = ?, at = ? WHERE grp = ? AND tbl = 'towns' AND record_id = ? "
                "AND field = 'villages'",
                (json.dumps(rows, ensure_ascii=False), datetime.now().isoformat(timespec="seconds"), group,
                 str(town_id)))

    def _replace_villages(self, town_id: int, rows: list[list]) -> None:
        old = self._village_rows(town_id)
        if old == [list(r) for r in rows]:
            return
        self.conn.execute("DELETE FROM villages WHERE town_id = ?", (town_id,))
        self._write_villages(town_id, rows)
        level, county, town = self.conn.execute("SELECT level, county, town FROM towns WHERE id = ?",
                                                (town_id,)).fetchone()
        self._record("towns", town_id, town_label(level, county, town), "villages", "update", old,
                     [list(r) for r in rows])

    def _write_villages(self, town_id: int, rows: Iterable) -> None:
        self.conn.executemany(INSERT_VILLAGE, [(town_id, i, r[0], r[1]) for i, r in enumerate(rows)])

    def delete_town(self, town_id: int) -> None:
        """Delete a town with its villages (undoable)."""
        snap = self._snapshot(town_id)
        with self.action(f"删除乡镇 {snap['town'] if snap else ''}".strip()):
            self._delete_town(town_id)

    def _delete_town(self, town_id: int) -> None:
        snap = self._snapshot(town_id)
        if snap is None:
            return
        self.conn.execute("DELETE FROM villages WHERE town_id = ?", (town_id,))
        self.conn.execute("DELETE FROM towns WHERE id = ?", (town_id,))
        self._record("towns", town_id, town_label(snap["level"], snap["county"], snap["town"]), "*", "delete",
                     snap, None)

    def _apply_town_change(self, change, forward: bool) -> None:
        tid = int(change.record_id)
        if change.op == "insert":
            if forward:
                self._insert_town(tid, change.new)
            else:
                self._delete_town(tid)
        elif change.op == "delete":
            if forward:
                self._delete_town(tid)
            else:
                self._insert_town(tid, change.old)
        elif change.field == "villages":
            self._replace_villages(tid, change.new if forward else change.old)
        else:
            self._update_town_field(tid, change.field, change.new if forward else change.old)

    # -- whole lists -------------------------------------------------------------------
    def add_rosters(self, rosters: Iterable[Roster]) -> int:
        """Append whole lists in one action (demo); returns the number of towns added."""
        added = 0
        with self.action("添加名单"):
            for roster in rosters:
                if roster.filled_on is not None:
                    self._set_filled_on(roster.level, roster.filled_on)
                for entry in roster.towns:
                    self.add_town(entry)
                    added += 1
        return added

    def merge_rosters(self, rosters: Iterable[Roster], description: str = "导入名单") -> dict[Level, dict[str, int]]:
        """Import lists in one action: a town already in the same list (same county and town)
        is updated where it differs, others are appended. Returns counts per level."""
        summary: dict[Level, dict[str, int]] = {}
        with self.action(description):
            current = {r.level: r for r in self.load_rosters()}
            for roster in rosters:
                counts = summary.setdefault(roster.level, {"added": 0, "updated": 0, "unchanged": 0})
                if roster.filled_on is not None:
                    self._set_filled_on(roster.level, roster.filled_on)
                existing = {(compact(t.city), compact(t.county), compact(t.town)): t for t in current[roster.level].towns}
                for entry in roster.towns:
                    old = existing.get((compact(entry.city), compact(entry.county), compact(entry.town)))
                    if old is None:
                        self.add_town(entry)
                        counts["added"] += 1
                        continue
                    assert old.id is not None
                    changes = {f: getattr(entry, f) for f in TOWN_FIELDS if getattr(entry, f) != getattr(old, f)}
                    same_villages = [(v.name, v.code) for v in old.villages] == [(v.name, v.code) for v in entry.villages]
                    if not changes and same_villages:
                        counts["unchanged"] += 1
                        continue
                    for field, value in changes.items():
                        self._update_town_field(old.id, field, value)
                    if not same_villages:
                        self._replace_villages(old.id, [[v.name, v.code] for v in entry.villages])
                    counts["updated"] += 1
        return summary

    def clear_rosters(self) -> None:
        with self.action("清空名单"):
            for (tid,) in self.conn.execute("SELECT id FROM towns").fetchall():
                self._delete_town(tid)
            for level in Level:
                self._set_filled_on(level, None)
