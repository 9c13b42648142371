"""Failures named truthfully (issue 18, points 2, 3, 7, 8): a busy, read-only or full database is never
called damaged; a read-only database is opened for reading; a 0-byte file is not silently made a
database; a backup on a full disk leaves nothing behind; an edit the file refuses is kept to be written
again or into a new file; an import planned on a stale preview is planned again; the daily backup is
kept among the others."""

from __future__ import annotations

import errno
import sqlite3

import pytest
from helpers import read_only_place

from desktop.domain.model import Level, TownEntry, Village
from desktop.store import backup as backups
from desktop.store import connect, database
from desktop.store.database import EmptyDatabaseError, open_store
from desktop.store.failures import Cause, cause_of, failure_text
from desktop.store.unsaved import WriteFailed, queued_on_failure


def _add(store, town: str = "福集镇", villages: int = 2) -> int:
    return store.add_town(TownEntry(Level.COUNTY, "泸州市", "泸县", town, "中心镇",
                                    villages=[Village(f"{town}{i}村") for i in range(villages)]))


def test_a_locked_database_is_named_as_such(store, db_path) -> None:
    tid = _add(store)
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    store.conn.execute("PRAGMA busy_timeout = 0")
    try:
        with pytest.raises(WriteFailed) as caught:
            store.update_town(tid, note="新")
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert cause_of(caught.value) is Cause.LOCKED
    assert failure_text(caught.value, db_path) == (
        "另一个程序正在写入数据库“试点 名单.sqlite”（本软件的另一个窗口或另一条命令），暂时无法写入：请等它完成后重试")


def test_a_read_only_connection_is_named_read_only(store, db_path) -> None:
    _add(store)
    conn = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)
    with pytest.raises(sqlite3.OperationalError) as caught:
        conn.execute("UPDATE towns SET note = 'x'")
    conn.close()
    assert cause_of(caught.value) is Cause.READ_ONLY
    assert failure_text(caught.value, db_path) == (
        "数据库“试点 名单.sqlite”只读，无法写入：文件或所在的文件夹只读；请把它复制到可以写入的文件夹（如“文档”）后再用")


def test_a_full_disk_is_named_full_not_damaged(store, db_path) -> None:
    _add(store)
    pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
    store.conn.execute(f"PRAGMA max_page_count = {pages}")  # SQLite says "full" as on a full disk
    with pytest.raises(WriteFailed) as caught:
        store.add_town(TownEntry(Level.COUNTY, "泸州市", "泸县", "嘉明镇", "中心镇",
                                 villages=[Village("长" * 40 + str(i)) for i in range(300)]))
    assert cause_of(caught.value) is Cause.FULL
    text = failure_text(caught.value, db_path)
    assert text == "磁盘已满，数据库“试点 名单.sqlite”无法写入：请清理磁盘空间（或换一个有空间的位置）后重试，原有数据不受影响"
    assert "损坏" not in text and "备份恢复" not in text
    assert cause_of(OSError(errno.ENOSPC, "No space left on device")) is Cause.FULL


def test_a_disk_error_on_a_full_disk_is_the_full_disk(db_path, monkeypatch) -> None:
    """SQLite reports a -shm it cannot size on a full disk as an I/O error: the free space decides."""
    import shutil

    db_path.parent.mkdir(parents=True)
    io_error = sqlite3.OperationalError("disk I/O error")
    assert failure_text(io_error, db_path).startswith("写入数据库“试点 名单.sqlite”时读写磁盘出错（网络盘或 U 盘可能已断开）")
    monkeypatch.setattr(shutil, "disk_usage", lambda _p: shutil._ntuple_diskusage(10 << 30, 10 << 30, 4096))
    assert failure_text(io_error, db_path, "打开") == (
        "磁盘已满，数据库“试点 名单.sqlite”无法打开：请清理磁盘空间（或换一个有空间的位置）后重试，原有数据不受影响")


def test_only_real_damage_says_restore_from_a_backup(db_path) -> None:
    damaged = sqlite3.DatabaseError("database disk image is malformed")
    assert cause_of(damaged) is Cause.DAMAGED
    assert failure_text(damaged, db_path) == "数据库“试点 名单.sqlite”已损坏或无法读取（database disk image is malformed），请从备份恢复"
    for other in (sqlite3.OperationalError("database is locked"), sqlite3.OperationalError("disk I/O error"),
                  sqlite3.OperationalError("unable to open database file")):
        assert "备份恢复" not in failure_text(other, db_path)


# -- opening -----------------------------------------------------------------------------------------
def test_a_zero_byte_file_is_named_and_not_made_a_database(db_path) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(b"")
    for create in (True, False):
        with pytest.raises(EmptyDatabaseError) as caught:
            open_store(db_path, create=create)
        assert str(caught.value) == (
            f"“{db_path}”是一个空文件（0 字节），不是数据库，里面没有数据：可能是复制或保存没有完成。"
            "如果它本该有数据，请从备份恢复；如果要在这里新建数据库，请先删除这个空文件，或换一个文件名")
    assert db_path.stat().st_size == 0
    store = open_store(db_path, empty_ok=True)  # the user agreed (the window asks)
    assert store.schema_version == database.SCHEMA_VERSION
    store.close()


def test_a_database_that_cannot_be_written_opens_for_reading(db_path, monkeypatch) -> None:
    store = open_store(db_path)
    _add(store)
    store.close()
    monkeypatch.setattr(connect, "read_only_reason", lambda _p: "文件设置了只读属性，或当前用户没有写入它的权限")
    store = open_store(db_path)
    try:
        assert store.read_only == "文件设置了只读属性，或当前用户没有写入它的权限"
        assert store.counts() == {"towns": 1, "villages": 2} and store.integrity_ok()
        assert store.write_problem() == ("数据库“试点 名单.sqlite”只读，无法写入：文件设置了只读属性，或当前用户没有写入它的权限；"
                                         "请把它复制到可以写入的文件夹（如“文档”）后再用")
        with pytest.raises(WriteFailed) as caught:
            store.save_recipient("a@b.cn")
        assert cause_of(caught.value) is Cause.READ_ONLY
    finally:
        store.close()


def test_a_wal_database_in_a_read_only_folder_is_readable(db_path) -> None:
    store = open_store(db_path)
    _add(store, villages=5)
    store.close()
    with read_only_place(db_path, db_path.parent):  # no -shm can be made beside it
        store = open_store(db_path)
        try:
            assert store.read_only and store.counts() == {"towns": 1, "villages": 5}
            assert store.load_roster(Level.COUNTY).towns[0].town == "福集镇"
        finally:
            store.close()


def test_a_read_only_place_the_checks_cannot_see_still_opens_for_reading(db_path, monkeypatch) -> None:
    """A read-only share on Windows does not always show as read-only: SQLite's refusal decides."""
    store = open_store(db_path)
    _add(store)
    store.close()
    monkeypatch.setattr(connect, "read_only_reason", lambda _p: None)
    with read_only_place(db_path, db_path.parent):
        store = open_store(db_path)
        try:
            assert store.read_only == connect.CANNOT_WRITE and store.counts()["towns"] == 1
        finally:
            store.close()


# -- backups -----------------------------------------------------------------------------------------
def test_a_backup_on_a_full_disk_leaves_no_part_file(store, request) -> None:
    _add(store)
    kept = store.backup("手动")
    request.getfixturevalue("full_disk_for_copies")  # after the first backup: only the next one fills the disk
    with pytest.raises(sqlite3.OperationalError) as caught:
        store.backup("每日")
    assert cause_of(caught.value) is Cause.FULL
    assert [p.name for p in backups.backup_folder(store.path).iterdir()] == [kept.name], "no .part left behind"


def test_the_newest_daily_backup_is_kept_among_many_others(store, monkeypatch) -> None:
    _add(store)
    monkeypatch.setattr(backups, "KEEP", 3)
    daily = store.backup("每日")
    for i in range(5):
        store.backup(f"导入前{i}")
    reasons = [b.reason for b in store.backups()]
    assert reasons[:3] == ["导入前4", "导入前3", "导入前2"] and reasons[-1] == "每日"
    assert daily.exists() and backups.has_backup_today(store.path, "每日")
    assert not backups.has_backup_today(store.path, "手动")


# -- edits the file refused --------------------------------------------------------------------------
def test_refused_edits_are_kept_and_written_in_order(store) -> None:
    tid = _add(store)
    store.conn.execute("PRAGMA query_only = ON")
    for note in ("一", "二"):
        with pytest.raises(WriteFailed):
            store.update_town(tid, note=note)
    assert [(w.name, w.kwargs) for w in store.unsaved] == [("update_town", {"note": "一"}), ("update_town", {"note": "二"})]
    store.conn.execute("PRAGMA query_only = OFF")
    store.update_town(tid, town_type="重点镇")  # the kept edits go first
    town = store.load_roster(Level.COUNTY).towns[0]
    assert (town.note, town.town_type, store.unsaved) == ("二", "重点镇", [])
    assert [c.new for c in store.changes(table="towns") if c.field in ("note", "town_type")] == ["一", "二", "重点镇"]


def test_save_as_copies_everything_and_writes_the_kept_edits_there(store, db_path, tmp_path) -> None:
    tid = _add(store, villages=12)
    store.conn.execute("PRAGMA query_only = ON")
    with pytest.raises(WriteFailed):
        store.update_town(tid, note="只在副本里")
    copy = tmp_path / "副本 位置" / "副本.sqlite"
    copy.parent.mkdir()
    assert store.save_as(copy) == 1
    assert store.path == copy and not store.read_only and store.unsaved == []
    reopened = open_store(copy)
    try:
        town = reopened.load_roster(Level.COUNTY).towns[0]
        assert (town.note, len(town.villages)) == ("只在副本里", 12)
    finally:
        reopened.close()
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT note FROM towns").fetchone()[0] == "", "the refused file is left as it was"
    conn.close()


def test_damage_is_never_kept_as_an_unsaved_edit(store, monkeypatch) -> None:
    tid = _add(store)

    def damaged(self, *_a, **_k):
        raise sqlite3.DatabaseError("database disk image is malformed")

    monkeypatch.setattr(type(store), "update_town", queued_on_failure(damaged))
    with pytest.raises(sqlite3.DatabaseError) as caught:
        store.update_town(tid, note="x")
    assert not isinstance(caught.value, WriteFailed) and store.unsaved == []


# -- an import planned on a stale preview -------------------------------------------------------------
def test_an_import_previewed_before_another_one_wrote_is_planned_again(db_path, gaz) -> None:
    from desktop.domain.merge.preview import build_preview
    from desktop.domain.merge.types import Incoming, IncomingRow, Source

    rows = [IncomingRow(TownEntry(Level.COUNTY, "泸州市", "泸县", t, "中心镇", villages=[Village("甲村")]))
            for t in ("福集镇", "嘉明镇")]
    incoming = [Incoming(Source("workbook", "泸县.xlsx", "泸县政务服务中心"), rows)]
    first, second = open_store(db_path), open_store(db_path)  # two programs on one file
    try:
        stale = build_preview(second.local_state(), incoming, gaz)
        first.apply_import(build_preview(first.local_state(), incoming, gaz))
        plan = second.apply_import(stale)
        assert not plan.adds, "planned again on what the other program wrote"
        assert second.counts() == {"towns": 2, "villages": 2}
    finally:
        first.close()
        second.close()
