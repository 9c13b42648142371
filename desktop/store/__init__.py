"""The only place SQL lives: the local SQLite file, its schema version and migrations."""

from .database import (
    SCHEMA_VERSION,
    DamagedDatabaseError,
    DatabaseError,
    ForeignDatabaseError,
    NewerDatabaseError,
    Store,
    open_store,
)

__all__ = ["SCHEMA_VERSION", "DamagedDatabaseError", "DatabaseError", "ForeignDatabaseError", "NewerDatabaseError", "Store", "open_store"]
