"""Backups through SQLite's backup API: made, listed with counts, pruned, restored; damaged files refused."""

import shutil
import sqlite3
from datetime import datetime

import pytest
from helpers import FIXTURES

from desktop.domain.model import Level, TownEntry, Village
from desktop.store import backup as backups
from desktop.store.database import DamagedDatabaseError, open_store


def add(store, town):
    store.add_town(TownEntry(Level.COUNTY, "泸州市", "泸县", town, "中心镇", villages=[Village("甲村")]))


def test_backup_list_and_restore(store):
    add(store, "福集镇")
    first = store.backup("手动")
    add(store, "嘉明镇")
    infos = store.backups()
    assert [i.path for i in infos] == [first]
    assert (infos[0].towns, infos[0].villages, infos[0].ok, infos[0].reason) == (1, 1, True, "手动")
    safety = store.restore(first)
    assert [t.town for t in store.load_roster(Level.COUNTY).towns] == ["福集镇"]
    assert backups.inspect(safety)[1] == 2, "the state before restoring is kept"
    assert store.integrity_ok()


def test_only_the_newest_30_are_kept(store, monkeypatch):
    monkeypatch.setattr(backups, "KEEP", 3)
    made = [store.backup(f"第{i}次") for i in range(5)]
    assert [i.path for i in store.backups()] == made[::-1][:3]


def test_damaged_backup_cannot_be_restored(store, tmp_path):
    add(store, "福集镇")
    bad = tmp_path / "坏 备份.sqlite"
    bad.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    with pytest.raises(DamagedDatabaseError):
        store.restore(bad)
    assert store.counts()["towns"] == 1


def test_damaged_database_is_refused_and_newest_good_backup_found(db_path):
    store = open_store(db_path)
    for i in range(30):
        add(store, f"镇{i}")
    good = store.backup("每日")
    store.close()
    data = bytearray(db_path.read_bytes())
    for offset in range(4096, len(data), 97):  # scribble over every page but the header
        data[offset] = 0xA5
    db_path.write_bytes(bytes(data))
    with pytest.raises(DamagedDatabaseError, match="已损坏"):
        open_store(db_path)
    assert backups.newest_good_backup(db_path) == good


def test_backup_of_live_database_is_consistent_while_a_writer_is_open(db_path, tmp_path):
    store = open_store(db_path)
    add(store, "福集镇")
    copy = backups.backup_to(store.conn, tmp_path / "副本.sqlite")
    conn = sqlite3.connect(copy)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT town FROM towns").fetchall() == [("福集镇",)]
    conn.close()
    store.close()


def test_migration_makes_a_backup_first(tmp_path):

    old = tmp_path / "旧 库.sqlite"
    shutil.copy(FIXTURES / "schema-v1.sqlite", old)
    store = open_store(old)
    store.close()
    (info,) = backups.list_backups(old)
    assert info.reason == "升级前v1" and info.towns == 14


def test_backups_of_a_database_named_with_brackets_are_listed(tmp_path):
    store = open_store(tmp_path / "填报数据[1].sqlite")
    add(store, "福集镇")
    made = store.backup("手动")
    assert [i.path for i in store.backups()] == [made]
    store.close()


def test_a_backup_from_a_newer_version_is_not_restored(store, tmp_path):
    from desktop.store.database import SCHEMA_VERSION, NewerDatabaseError

    add(store, "福集镇")
    made = store.backup("手动")
    conn = sqlite3.connect(made)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(NewerDatabaseError):
        store.restore(made)
    assert store.counts()["towns"] == 1


def test_a_file_with_an_impossible_date_stamp_is_not_taken_for_a_backup(store):
    made = store.backup("手动")
    odd = made.parent / f"{store.path.stem}-20211399-250000-000000-每日.sqlite"
    shutil.copyfile(made, odd)
    found = backups.list_backups(store.path)
    assert [b.path for b in found] == [made]
    assert found[0].made_at.date() == datetime.now().date()
    assert backups.has_backup_today(store.path)


def _scribble(db_path, start: int = 4096) -> None:
    data = bytearray(db_path.read_bytes())
    for offset in range(start, len(data), 97):
        data[offset] = 0xA5
    db_path.write_bytes(bytes(data))


def test_background_check_reports_a_damaged_file_after_opening(db_path):
    store = open_store(db_path)
    for i in range(30):
        add(store, f"镇{i}")
    store.close()
    sound = open_store(db_path, check_in_background=True)
    assert sound.pending_check is not None and sound.integrity_problem() is None
    assert sound.integrity_problem() is None  # asked again: still sound, nothing re-run
    sound.close()
    conn = sqlite3.connect(db_path)
    root, page_size = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'villages'").fetchone()[0], 4096
    assert conn.execute("PRAGMA page_size").fetchone()[0] == page_size
    conn.close()
    data = bytearray(db_path.read_bytes())
    for offset in range((root - 1) * page_size + 16, root * page_size, 61):  # the villages, not the schema
        data[offset] = 0xA5
    db_path.write_bytes(bytes(data))
    damaged = open_store(db_path, check_in_background=True)
    try:
        problem = damaged.integrity_problem()
        assert problem is not None and problem.startswith(f"数据库“{db_path.name}”已损坏（")
        assert problem.endswith("请从备份恢复")
    finally:
        damaged.close()


def test_a_file_that_needs_migrating_is_checked_before_anything_is_written(tmp_path):
    import shutil as sh

    old = tmp_path / "旧 版本.sqlite"
    sh.copyfile(FIXTURES / "schema-v3.sqlite", old)
    _scribble(old)
    before = old.read_bytes()
    with pytest.raises(DamagedDatabaseError):
        open_store(old, check_in_background=True)
    assert old.read_bytes() == before


@pytest.mark.parametrize("background", [False, True])
def test_a_scribbled_schema_is_reported_as_damage_not_a_decoding_crash(db_path, background):
    store = open_store(db_path)
    for i in range(30):
        add(store, f"镇{i}")
    store.close()
    _scribble(db_path, start=db_path.stat().st_size // 2)  # hits the schema: SQLite's own message is not UTF-8
    with pytest.raises(DamagedDatabaseError, match="已损坏"):
        open_store(db_path, check_in_background=background)
