"""Fixtures of every folder: offscreen Qt, each test's own user-data folder and database, the shipped
gazetteer and indicators, an empty folder, and a demo database made by ``python -m desktop demo``.

The tests mirror the layers of ``desktop/`` in folders (domain, store, exchange, cli, ui, packaging),
each with a conftest.py of the fixtures only that layer uses; helpers are in helpers.py and workbook
builders in corpus/ (both importable from every folder: pyproject puts tests/ on the path).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep every test's user data (default db, logs, backups) inside its own temp folder."""
    folder = tmp_path / "用户 数据"
    monkeypatch.setenv("ZHENCUN_DATA_DIR", str(folder))
    return folder


@pytest.fixture(scope="session")
def gaz():
    from desktop.domain.places.gazetteer import load_gazetteer

    return load_gazetteer()


@pytest.fixture(scope="session")
def ind():
    """The shipped 月报 indicators."""
    from desktop.domain.monthly.indicators_file import load_indicators

    return load_indicators()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A database path with Chinese characters and a space in it."""
    return tmp_path / "县 政务中心" / "试点 名单.sqlite"


@pytest.fixture
def store(db_path: Path):
    from desktop.store.database import open_store

    s = open_store(db_path)
    yield s
    s.close()


@pytest.fixture
def collector_on():
    """Python's cyclic collector on for the test (pytest may run with it either way), and the test process
    left as it was: what a pause froze is unfrozen, the collector off again if it was off."""
    import gc

    was_on = gc.isenabled()
    gc.enable()
    try:
        yield
    finally:
        gc.unfreeze()
        if not was_on:
            gc.disable()


@pytest.fixture
def full_disk_for_copies(monkeypatch: pytest.MonkeyPatch) -> None:
    """The disk fills while a backup copy (``.part``) is written."""
    import sqlite3

    from desktop.store import backup as backups

    real = sqlite3.connect

    def connect(target, *a, **k):
        conn = real(target, *a, **k)
        if str(target).endswith(".part"):
            conn.execute("PRAGMA max_page_count = 1")  # the disk fills during the copy
        return conn

    monkeypatch.setattr(backups.sqlite3, "connect", connect)


@pytest.fixture
def city(store):
    """The 泸州市 office's database (no data yet), its roster deadline 2021年3月31日."""
    from helpers import luzhou_settings

    store.save_settings(luzhou_settings())
    return store


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """An empty folder with Chinese characters and a space in its name (files received, packages written)."""
    path = tmp_path / "收到的 文件"
    path.mkdir()
    return path


@pytest.fixture(scope="session")
def demo_seed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``python -m desktop demo`` run once for the session: the database demo_db copies (never written)."""
    from helpers import run

    folder = tmp_path_factory.mktemp("泸州 演示")
    db = folder / "演示.sqlite"
    r = run("demo", "--db", db, env={"ZHENCUN_DATA_DIR": str(folder / "用户 数据")})
    assert r.returncode == 0, r.stderr
    assert "已写入演示数据（泸州市政务服务管理局）：14 个乡镇（街道），91 个村（社区）" in r.stdout
    return db


@pytest.fixture
def demo_db(demo_seed: Path, tmp_path: Path) -> Path:
    """This test's own demo database (as ``python -m desktop demo`` writes it), in a folder with a space."""
    db = tmp_path / "泸州 数据" / "演示.sqlite"
    db.parent.mkdir()
    shutil.copy(demo_seed, db)
    return db
