"""Tests of desktop.store: the SQLite database (autosave, history and undo, reports, backups, schema
upgrades from the databases in ../fixtures) and what survives a process killed mid-write. The
``store`` and ``db_path`` fixtures are in ../conftest.py."""
