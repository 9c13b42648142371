"""Tests of desktop.cli (and the services behind it), run as a user would: ``python -m desktop ...`` in
a subprocess (helpers.run), with Chinese and spaces in every path. ``demo_db``, a copy of a demo
database made once by the ``demo`` command, is in ../conftest.py (the hostile-file tests use it too)."""
