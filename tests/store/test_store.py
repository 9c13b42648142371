import sqlite3
from datetime import date

import pytest

from desktop.domain.model import Level, ReportingUnit, Roster, Settings, TownEntry, Village
from desktop.store.database import (
    SCHEMA_VERSION,
    DatabaseError,
    ForeignDatabaseError,
    NewerDatabaseError,
    open_store,
)


def entry(town="白沙镇", villages=("甲村", "乙村"), level=Level.PROVINCIAL):
    return TownEntry(level, "泸州市", "合江县", town, "中心镇", villages=[Village(v) for v in villages])


def test_new_database_is_created_with_schema_version(db_path):
    store = open_store(db_path)
    assert db_path.exists()
    assert store.schema_version == SCHEMA_VERSION
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.integrity_ok()
    store.close()


def test_rosters_round_trip_in_order(store):
    ids = [store.add_town(entry(t)) for t in ("白沙镇", "先市镇", "尧坝镇")]
    store.set_filled_on(Level.PROVINCIAL, date(2021, 3, 26))
    rosters = store.load_rosters()
    assert [r.level for r in rosters] == list(Level)
    prov = rosters[0]
    assert prov.filled_on == date(2021, 3, 26)
    assert [t.town for t in prov.towns] == ["白沙镇", "先市镇", "尧坝镇"]
    assert [t.id for t in prov.towns] == ids
    assert prov.towns[0].village_names == ["甲村", "乙村"]


def test_update_set_villages_and_delete(store):
    tid = store.add_town(entry())
    store.update_town(tid, town_type="重点镇", note="=1+1")
    store.set_villages(tid, [Village("丙村", "510522001001")])
    town = store.load_roster(Level.PROVINCIAL).towns[0]
    assert (town.town_type, town.note) == ("重点镇", "=1+1")
    assert [(v.name, v.code) for v in town.villages] == [("丙村", "510522001001")]
    store.delete_town(tid)
    assert store.counts() == {"towns": 0, "villages": 0}


def test_unknown_field_is_refused(store):
    tid = store.add_town(entry())
    with pytest.raises(ValueError):
        store.update_town(tid, level=2)


def test_settings_round_trip(store):
    settings = Settings(ReportingUnit("5105", "泸州市", "泸州市政务服务管理局"), date(2021, 3, 31))
    store.save_settings(settings)
    assert store.settings() == settings


def test_failed_transaction_changes_nothing(store):
    store.add_town(entry())
    with pytest.raises(RuntimeError), store.transaction():
        store.add_town(entry("先市镇"))
        raise RuntimeError("boom")
    assert store.counts() == {"towns": 1, "villages": 2}


def test_merge_rosters_adds_updates_and_skips(store):
    store.add_town(entry("白沙镇"))
    incoming = Roster(Level.PROVINCIAL, date(2021, 3, 26), [
        entry("白沙镇"), entry("先市镇"), entry(" 尧坝镇", ("丁村",))])
    incoming.towns[0].note = "新备注"
    summary = store.merge_rosters([incoming])
    assert summary[Level.PROVINCIAL] == {"added": 2, "updated": 1, "unchanged": 0}
    again = store.merge_rosters([Roster(Level.PROVINCIAL, None, [entry("先市镇")])])
    assert again[Level.PROVINCIAL] == {"added": 0, "updated": 0, "unchanged": 1}
    assert store.counts()["towns"] == 3


def test_newer_database_is_refused_naming_both_versions(db_path):
    open_store(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.close()
    with pytest.raises(NewerDatabaseError) as info:
        open_store(db_path)
    assert f"第 {SCHEMA_VERSION + 5} 版" in str(info.value) and f"第 {SCHEMA_VERSION} 版" in str(info.value)


def test_foreign_sqlite_and_non_sqlite_files_are_refused(tmp_path):
    other = tmp_path / "别的 程序.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.close()
    with pytest.raises(ForeignDatabaseError, match="其他程序的 SQLite 数据库"):
        open_store(other)
    text = tmp_path / "名单.sqlite"
    text.write_text("这不是数据库", encoding="utf-8")
    with pytest.raises(ForeignDatabaseError, match="不是 SQLite 数据库"):
        open_store(text)
    assert text.read_text(encoding="utf-8") == "这不是数据库"


def test_missing_file_without_create(tmp_path):
    with pytest.raises(DatabaseError, match="不存在"):
        open_store(tmp_path / "无.sqlite", create=False)
