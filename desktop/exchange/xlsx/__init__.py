"""Workbooks someone sent, checked before any parser sees them (guard, scan), and cell text shared by
every reader and writer (cells)."""
