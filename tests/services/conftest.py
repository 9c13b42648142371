"""Tests of desktop.services: what the window and the command line both run, called directly on a store
and files (no Qt, no subprocess). The ``store`` and ``demo_db`` fixtures are in ../conftest.py."""
