"""Consistent copies of a live database through SQLite's backup API (never a file copy)."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path


def backup_to(conn: sqlite3.Connection, dest: Path) -> Path:
    """Write a consistent copy of ``conn`` to ``dest`` atomically (temp file, then rename)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".part")
    if tmp.exists():
        tmp.unlink()
    target = sqlite3.connect(str(tmp))
    try:
        conn.backup(target)
    finally:
        target.close()
    os.replace(tmp, dest)
    return dest
