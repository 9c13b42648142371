"""Numbered schema migrations. Each step runs in its own transaction; never edit a released step."""

from __future__ import annotations

APPLICATION_ID = 0x5A435442  # "ZCTB": marks a database as ours

_V1 = [
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)",
    "CREATE TABLE rosters (level INTEGER PRIMARY KEY, filled_on TEXT)",
    """CREATE TABLE towns (
        id INTEGER PRIMARY KEY,
        level INTEGER NOT NULL,
        position INTEGER NOT NULL DEFAULT 0,
        city TEXT NOT NULL DEFAULT '',
        city_code TEXT,
        county TEXT NOT NULL DEFAULT '',
        county_code TEXT,
        town TEXT NOT NULL DEFAULT '',
        town_code TEXT,
        town_type TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT ''
    )""",
    "CREATE INDEX towns_level ON towns(level, position)",
    """CREATE TABLE villages (
        id INTEGER PRIMARY KEY,
        town_id INTEGER NOT NULL REFERENCES towns(id) ON DELETE CASCADE,
        position INTEGER NOT NULL DEFAULT 0,
        name TEXT NOT NULL,
        code TEXT
    )""",
    "CREATE INDEX villages_town ON villages(town_id, position)",
]

# MIGRATIONS[n] holds the statements that bring a database from version n-1 to n.
MIGRATIONS: dict[int, list[str]] = {1: _V1}
SCHEMA_VERSION = max(MIGRATIONS)

_V2 = [
    """CREATE TABLE changes (
        id INTEGER PRIMARY KEY,
        grp INTEGER NOT NULL,
        at TEXT NOT NULL,
        user TEXT NOT NULL,
        action TEXT NOT NULL,
        tbl TEXT NOT NULL,
        record_id TEXT NOT NULL,
        label TEXT NOT NULL,
        field TEXT NOT NULL,
        op TEXT NOT NULL,
        old TEXT,
        new TEXT
    )""",
    "CREATE INDEX changes_record ON changes(tbl, record_id)",
    "CREATE INDEX changes_grp ON changes(grp)",
]

MIGRATIONS[2] = _V2
SCHEMA_VERSION = max(MIGRATIONS)
