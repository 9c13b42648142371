"""What the store returns for its lists: backups, history rows, a report's exports and unlocks, the
四个一 events. Kept apart from the mixins that make them, and imported when first needed: defining
a dataclass costs Python about 0.4 ms, which the window's start does not need to spend."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    made_at: datetime
    reason: str
    towns: int
    villages: int
    ok: bool  # passes SQLite's quick_check and is one of ours


@dataclass(frozen=True)
class Change:
    id: int
    group: int
    at: str
    user: str
    action: str
    table: str
    record_id: str
    label: str
    field: str
    op: str
    old: object
    new: object


@dataclass(frozen=True)
class ExportRecord:
    id: int
    at: str
    user: str
    file_name: str
    sha256: str


@dataclass(frozen=True)
class UnlockRecord:
    at: str
    user: str
    reason: str


@dataclass(frozen=True)
class EventRecord:
    id: int
    kind: str
    done_on: date
    note: str
    unit_name: str = ""  # '' = this database's own record; else the unit it came from (a package)
