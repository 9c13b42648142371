"""Tests of desktop.system: what every layer may use (the program's name and version, paths, OS errors,
the collector at start)."""
