"""The only place SQL lives: the local SQLite file, its schema version and migrations."""

from sqlite3 import Error as StoreError  # what a failed read or write raises (SQLite's error)

from .database import (
    SCHEMA_VERSION,
    DamagedDatabaseError,
    DatabaseError,
    ForeignDatabaseError,
    NewerDatabaseError,
    Store,
    open_store,
)

__all__ = ["StoreError", "SCHEMA_VERSION", "DamagedDatabaseError", "DatabaseError", "ForeignDatabaseError", "NewerDatabaseError", "Store", "open_store"]
