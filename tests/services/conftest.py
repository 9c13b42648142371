"""Tests of desktop.services: what the window and the command line both run, called directly on a store
and files (no Qt, no subprocess): 佐证材料, the import of e-mails, the 收件情况 board, the 催报 and the
documents of a 报送. The shared fixtures (gaz, ind, store, folder, demo_db) are in ../conftest.py."""

from __future__ import annotations

import pytest

from desktop.domain.model import ReportingUnit, Settings


@pytest.fixture
def city(store):
    """The 泸州市 office's database (no data yet), its roster deadline 2021年3月31日."""
    from datetime import date

    store.save_settings(Settings(ReportingUnit("5105", "泸州市", "泸州市政务服务管理局"), date(2021, 3, 31)))
    return store
