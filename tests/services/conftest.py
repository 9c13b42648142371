"""Tests of desktop.services: what the window and the command line both run, called directly on a store
and files (no Qt, no subprocess): 佐证材料, the import of e-mails, the 收件情况 board, the 催报 and the
documents of a 报送. The shared fixtures (gaz, ind, store, city, folder, demo_db) are in ../conftest.py."""
