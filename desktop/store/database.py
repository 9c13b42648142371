"""Open, migrate and read/write the roster database (SQLite via sqlite-utils)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path

import sqlite_utils

from ..domain.dates import parse_date
from ..domain.model import Level, ReportingUnit, Roster, Settings, TownEntry, Village
from ..domain.names import compact
from .backup import backup_to
from .migrations import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION

TOWN_FIELDS = ("city", "city_code", "county", "county_code", "town", "town_code", "town_type", "note")


class DatabaseError(Exception):
    """A database that cannot be used; the message is Chinese and says what to do."""


class NewerDatabaseError(DatabaseError):
    pass


class ForeignDatabaseError(DatabaseError):
    pass


def _is_sqlite_file(path: Path) -> bool:
    with open(path, "rb") as fh:
        return fh.read(16) == b"SQLite format 3\x00"


def open_store(path: Path | str, *, create: bool = True) -> Store:
    """Open (and create or migrate) the database at ``path``.

    Refuses a file that is not SQLite, a SQLite file that is not ours and one written by a
    newer version; an older one is backed up, then migrated one transaction per step.
    """
    path = Path(path)
    fresh = not path.exists() or path.stat().st_size == 0
    if fresh and not create:
        raise DatabaseError(f"数据库文件“{path}”不存在，请检查路径")
    if not fresh and not _is_sqlite_file(path):
        raise ForeignDatabaseError(f"“{path.name}”不是本软件的数据库文件（不是 SQLite 数据库），请选择正确的文件或从备份恢复")
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA foreign_keys = ON")
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        has_tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(f"无法打开数据库“{path.name}”：文件已损坏或无法读取（{exc}），请从备份恢复") from exc
    if has_tables and app_id != APPLICATION_ID:
        conn.close()
        raise ForeignDatabaseError(f"“{path.name}”是其他程序的 SQLite 数据库，不是本软件的数据文件，请选择正确的文件")
    if version > SCHEMA_VERSION:
        conn.close()
        from .. import __version__

        raise NewerDatabaseError(
            f"“{path.name}”由更新版本的本软件写入（数据格式第 {version} 版），当前软件版本 {__version__} "
            f"只支持到第 {SCHEMA_VERSION} 版，请升级软件后再打开")
    if has_tables and version < SCHEMA_VERSION:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        backup_to(conn, path.parent / "backups" / f"{path.stem}-迁移前-v{version}-{stamp}.sqlite")
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        _migrate(conn, version)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise DatabaseError(f"无法打开数据库“{path.name}”：{exc}，请从备份恢复") from exc
    return Store(conn, path)


def _migrate(conn: sqlite3.Connection, current: int) -> None:
    for version in range(current + 1, SCHEMA_VERSION + 1):
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in MIGRATIONS[version]:
                conn.execute(statement)
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {version}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise


class Store:
    """Read and write rosters and settings. Every public write is one transaction."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path
        self.db = sqlite_utils.Database(conn)

    # -- plumbing -------------------------------------------------------------------
    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        if self.conn.in_transaction:
            yield
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    @property
    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def integrity_ok(self) -> bool:
        return self.conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"

    # -- settings -------------------------------------------------------------------
    def get_meta(self, key: str, default: str = "") -> str:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row and row[0] is not None else default

    def set_meta(self, values: dict[str, str]) -> None:
        with self.transaction():
            self.db["meta"].upsert_all([{"key": k, "value": v} for k, v in values.items()], pk="key")

    def settings(self) -> Settings:
        unit = ReportingUnit(self.get_meta("unit_code") or None, self.get_meta("unit_name"), self.get_meta("unit_office"))
        return Settings(unit=unit, deadline=parse_date(self.get_meta("deadline")))

    def save_settings(self, settings: Settings) -> None:
        self.set_meta({
            "unit_code": settings.unit.region_code or "",
            "unit_name": settings.unit.region_name,
            "unit_office": settings.unit.office,
            "deadline": settings.deadline.isoformat() if settings.deadline else "",
        })

    # -- rosters --------------------------------------------------------------------
    def load_rosters(self) -> list[Roster]:
        """The three lists (附件1, 2, 3), always all three, towns in order with their villages."""
        filled = {lvl: parse_date(d) for lvl, d in self.conn.execute("SELECT level, filled_on FROM rosters")}
        villages: dict[int, list[Village]] = {}
        for vid, town_id, name, code in self.conn.execute(
                "SELECT id, town_id, name, code FROM villages ORDER BY town_id, position, id"):
            villages.setdefault(town_id, []).append(Village(name, code, vid))
        rosters = {lvl: Roster(lvl, filled.get(lvl.value)) for lvl in Level}
        cols = ", ".join(("id", "level", "position") + TOWN_FIELDS)
        for row in self.conn.execute(f"SELECT {cols} FROM towns ORDER BY level, position, id"):
            tid, lvl, pos, *values = row
            data = dict(zip(TOWN_FIELDS, values, strict=True))
            entry = TownEntry(level=Level(lvl), id=tid, position=pos, villages=villages.get(tid, []), **data)
            rosters[Level(lvl)].towns.append(entry)
        return [rosters[lvl] for lvl in Level]

    def load_roster(self, level: Level) -> Roster:
        return self.load_rosters()[level.value - 1]

    def set_filled_on(self, level: Level, value: date | None) -> None:
        with self.transaction():
            self.db["rosters"].upsert({"level": level.value, "filled_on": value.isoformat() if value else None},
                                      pk="level")

    def add_town(self, entry: TownEntry) -> int:
        """Append a town (with its villages) to the end of its list; returns its id."""
        with self.transaction():
            pos = self.conn.execute("SELECT coalesce(max(position), -1) + 1 FROM towns WHERE level = ?",
                                    (entry.level.value,)).fetchone()[0]
            record = {f: getattr(entry, f) for f in TOWN_FIELDS}
            record.update(level=entry.level.value, position=pos)
            tid = self.db["towns"].insert(record).last_pk
            self._write_villages(tid, entry.villages)
        entry.id, entry.position = tid, pos
        return tid

    def update_town(self, town_id: int, **fields: str | None) -> None:
        unknown = set(fields) - set(TOWN_FIELDS)
        if unknown:
            raise ValueError(f"unknown town fields: {sorted(unknown)}")
        with self.transaction():
            self.db["towns"].update(town_id, fields)

    def set_villages(self, town_id: int, villages: list[Village]) -> None:
        with self.transaction():
            self.conn.execute("DELETE FROM villages WHERE town_id = ?", (town_id,))
            self._write_villages(town_id, villages)

    def _write_villages(self, town_id: int, villages: Iterable[Village]) -> None:
        rows = [{"town_id": town_id, "position": i, "name": v.name, "code": v.code} for i, v in enumerate(villages)]
        if rows:
            self.db["villages"].insert_all(rows)

    def delete_town(self, town_id: int) -> None:
        with self.transaction():
            self.conn.execute("DELETE FROM villages WHERE town_id = ?", (town_id,))
            self.conn.execute("DELETE FROM towns WHERE id = ?", (town_id,))

    def add_rosters(self, rosters: Iterable[Roster]) -> int:
        """Append whole lists in one transaction (import, demo); returns the number of towns added."""
        added = 0
        with self.transaction():
            for roster in rosters:
                if roster.filled_on is not None:
                    self.set_filled_on(roster.level, roster.filled_on)
                for entry in roster.towns:
                    self.add_town(entry)
                    added += 1
        return added

    def merge_rosters(self, rosters: Iterable[Roster]) -> dict[Level, dict[str, int]]:
        """Import lists in one transaction: a town already in the same list (same county and town)
        is updated where it differs, others are appended. Returns counts per level."""
        summary: dict[Level, dict[str, int]] = {}
        with self.transaction():
            current = {r.level: r for r in self.load_rosters()}
            for roster in rosters:
                counts = summary.setdefault(roster.level, {"added": 0, "updated": 0, "unchanged": 0})
                if roster.filled_on is not None:
                    self.set_filled_on(roster.level, roster.filled_on)
                existing = {(compact(t.county), compact(t.town)): t for t in current[roster.level].towns}
                for entry in roster.towns:
                    old = existing.get((compact(entry.county), compact(entry.town)))
                    if old is None:
                        self.add_town(entry)
                        counts["added"] += 1
                        continue
                    changes = {f: getattr(entry, f) for f in TOWN_FIELDS if getattr(entry, f) != getattr(old, f)}
                    same_villages = [(v.name, v.code) for v in old.villages] == [(v.name, v.code) for v in entry.villages]
                    if not changes and same_villages:
                        counts["unchanged"] += 1
                        continue
                    assert old.id is not None
                    if changes:
                        self.update_town(old.id, **changes)
                    if not same_villages:
                        self.set_villages(old.id, entry.villages)
                    counts["updated"] += 1
        return summary

    def clear_rosters(self) -> None:
        with self.transaction():
            self.conn.execute("DELETE FROM villages")
            self.conn.execute("DELETE FROM towns")
            self.conn.execute("DELETE FROM rosters")

    def counts(self) -> dict[str, int]:
        towns = self.conn.execute("SELECT count(*) FROM towns").fetchone()[0]
        villages = self.conn.execute("SELECT count(*) FROM villages").fetchone()[0]
        return {"towns": towns, "villages": villages}
