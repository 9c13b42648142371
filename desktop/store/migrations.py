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

_V3 = [
    """CREATE TABLE reports (
        id INTEGER PRIMARY KEY,
        unit TEXT NOT NULL,
        month TEXT NOT NULL,
        reporter TEXT NOT NULL DEFAULT '',
        phone TEXT NOT NULL DEFAULT '',
        reviewer TEXT NOT NULL DEFAULT '',
        filled_on TEXT,
        status TEXT NOT NULL DEFAULT 'draft',
        locked INTEGER NOT NULL DEFAULT 0,
        source_file TEXT,
        source_sha256 TEXT,
        imported_at TEXT,
        UNIQUE (unit, month)
    )""",
    """CREATE TABLE report_values (
        report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
        code TEXT NOT NULL,
        value NUMERIC,
        PRIMARY KEY (report_id, code)
    )""",
    """CREATE TABLE report_texts (
        report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
        code TEXT NOT NULL,
        text TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (report_id, code)
    )""",
    """CREATE TABLE report_explanations (
        report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        text TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (report_id, key)
    )""",
    """CREATE TABLE report_exports (
        id INTEGER PRIMARY KEY,
        report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
        at TEXT NOT NULL,
        user TEXT NOT NULL,
        file_name TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        content BLOB NOT NULL
    )""",
    """CREATE TABLE report_unlocks (
        id INTEGER PRIMARY KEY,
        report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
        at TEXT NOT NULL,
        user TEXT NOT NULL,
        reason TEXT NOT NULL
    )""",
    """CREATE TABLE rhythm_events (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        done_on TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT ''
    )""",
]

MIGRATIONS[3] = _V3
SCHEMA_VERSION = max(MIGRATIONS)

# v4: where each imported town record came from (exchange packages and workbooks), and the
# packages already imported (a second import of the same package is recognised).
_V4 = [
    """CREATE TABLE provenance (
        town_id INTEGER PRIMARY KEY REFERENCES towns(id) ON DELETE CASCADE,
        office TEXT NOT NULL DEFAULT '',
        origin TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL DEFAULT '',
        base_hash TEXT NOT NULL,
        package_id TEXT,
        made_at TEXT,
        imported_at TEXT NOT NULL
    )""",
    """CREATE TABLE packages (
        package_id TEXT PRIMARY KEY,
        office TEXT NOT NULL,
        made_at TEXT NOT NULL,
        app_version TEXT NOT NULL DEFAULT '',
        scope TEXT NOT NULL DEFAULT '',
        file_name TEXT NOT NULL DEFAULT '',
        sha256 TEXT NOT NULL DEFAULT '',
        imported_at TEXT NOT NULL,
        towns INTEGER NOT NULL DEFAULT 0,
        reports INTEGER NOT NULL DEFAULT 0
    )""",
    "CREATE INDEX packages_office ON packages(office, made_at)",
]

MIGRATIONS[4] = _V4
SCHEMA_VERSION = max(MIGRATIONS)

# v5: the 四个一 records travel in exchange packages: each record says whose it is ('' = this
# database's own unit; else the office that sent it).
_V5 = [
    "ALTER TABLE rhythm_events ADD COLUMN unit TEXT NOT NULL DEFAULT ''",
]

MIGRATIONS[5] = _V5
SCHEMA_VERSION = max(MIGRATIONS)

# v6: 报送记录 — every export and 报送: when, by whom, to whom, what, a frozen copy of the data as
# sent, and the files as sent (bytes and SHA-256).
_V6 = [
    """CREATE TABLE submissions (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        user TEXT NOT NULL,
        kind TEXT NOT NULL,
        unit TEXT NOT NULL DEFAULT '',
        recipient TEXT NOT NULL DEFAULT '',
        what TEXT NOT NULL DEFAULT '',
        subject TEXT NOT NULL DEFAULT '',
        snapshot TEXT NOT NULL
    )""",
    """CREATE TABLE submission_files (
        id INTEGER PRIMARY KEY,
        submission_id INTEGER NOT NULL REFERENCES submissions(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        content BLOB NOT NULL
    )""",
    "CREATE INDEX submission_files_of ON submission_files(submission_id)",
]

MIGRATIONS[6] = _V6
SCHEMA_VERSION = max(MIGRATIONS)

# v7: 验收评估 — per site and item the 自评分, 验收分 and 扣分原因; per site the evaluators and date.
_V7 = [
    """CREATE TABLE evaluation_scores (
        site_key TEXT NOT NULL,
        item_code TEXT NOT NULL,
        self_score REAL,
        accept_score REAL,
        reason TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (site_key, item_code)
    )""",
    """CREATE TABLE evaluation_sites (
        site_key TEXT PRIMARY KEY,
        evaluators TEXT NOT NULL DEFAULT '',
        evaluated_on TEXT NOT NULL DEFAULT ''
    )""",
    """CREATE TABLE evaluation_evidence (
        id INTEGER PRIMARY KEY,
        site_key TEXT NOT NULL,
        item_code TEXT NOT NULL,
        name TEXT NOT NULL,
        source_path TEXT NOT NULL DEFAULT '',
        sha256 TEXT NOT NULL,
        size INTEGER NOT NULL,
        content BLOB,
        added_at TEXT NOT NULL
    )""",
    "CREATE INDEX evaluation_evidence_of ON evaluation_evidence(site_key, item_code)",
]

MIGRATIONS[7] = _V7
SCHEMA_VERSION = max(MIGRATIONS)

# v8: 收件情况 and 催报 of an upper unit — what came from each subordinate unit (file, SHA-256, the e-mail
# it was attached to) for which due item; each subordinate's e-mail address (typed, or learned from the
# From of its e-mails); each 催报 written.
_V8 = [
    """CREATE TABLE receipts (
        id INTEGER PRIMARY KEY,
        received_at TEXT NOT NULL,
        region TEXT NOT NULL,
        code TEXT NOT NULL DEFAULT '',
        sender TEXT NOT NULL DEFAULT '',
        item TEXT NOT NULL,
        part TEXT NOT NULL DEFAULT '',
        file_name TEXT NOT NULL DEFAULT '',
        sha256 TEXT NOT NULL DEFAULT '',
        content TEXT NOT NULL DEFAULT '',
        mail_file TEXT,
        mail_from TEXT,
        mail_address TEXT,
        mail_subject TEXT,
        mail_date TEXT
    )""",
    "CREATE INDEX receipts_of ON receipts(region, item)",
    """CREATE TABLE unit_contacts (
        code TEXT PRIMARY KEY,
        region TEXT NOT NULL,
        address TEXT NOT NULL,
        learned TEXT NOT NULL DEFAULT '',
        updated_at TEXT NOT NULL
    )""",
    """CREATE TABLE reminders (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        user TEXT NOT NULL,
        region TEXT NOT NULL,
        code TEXT NOT NULL DEFAULT '',
        address TEXT NOT NULL DEFAULT '',
        items TEXT NOT NULL,
        file_name TEXT NOT NULL DEFAULT ''
    )""",
]

MIGRATIONS[8] = _V8
SCHEMA_VERSION = max(MIGRATIONS)
