"""The command line at the edges (issue 18, points 2, 7, 8): a read-only database can still be read and
exported from; a full disk is named and leaves no half-made file; files that cannot be recorded in the
报送记录 are not left behind; a 0-byte --db is named and refused; ``backup --restore`` restores after a
恢复前 copy."""

from __future__ import annotations

import sqlite3

from helpers import digest, disk_full, read_only_place, run

from desktop.cli.main import main
from desktop.store import backup as backups
from desktop.store.database import open_store
from desktop.store.submissions import SubmissionMixin


def _refuse(capsys, *args) -> str:
    """Run a command in this process; it must refuse (exit 2) without a traceback: its message."""
    code = main([str(a) for a in args])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "Traceback" not in err and err.startswith("错误：")
    return err


# -- a read-only database -------------------------------------------------------------------------------
def test_a_read_only_database_is_read_and_exported_from_but_never_written(demo_db, tmp_path) -> None:
    package = tmp_path / "包.zctb"
    assert run("package", "--db", demo_db, "--out", package).returncode == 0
    outs = {name: tmp_path / f"{name} 输出" for name in ("export", "submit", "package", "backup")}
    with read_only_place(demo_db, demo_db.parent):
        before = digest(demo_db)
        check = run("check", "--db", demo_db)
        assert check.returncode == 0 and "共 0 个错误" in check.stdout + check.stderr, check.stderr
        assert run("settings", "--db", demo_db).returncode == 0
        assert run("history", "--db", demo_db).returncode == 0
        for args in (["settings", "--db", demo_db, "--office", "改不了"],
                     ["submit", "--db", demo_db, "--out", outs["submit"], "--to", "shi@example.cn"],
                     ["package", "--db", demo_db, "--out", outs["package"] / "包.zctb"],
                     ["import", "--db", demo_db, package]):
            r = run(*args)
            assert r.returncode == 2 and "Traceback" not in r.stderr, (args, r.stderr)
            assert r.stderr.startswith("错误：数据库“演示.sqlite”只读，无法写入：") and "已损坏" not in r.stderr
        exported = run("export", "--db", demo_db, "--out", outs["export"])
        assert exported.returncode == 0, exported.stderr
        assert len(list(outs["export"].glob("*.xlsx"))) == 3
        assert "提示：数据库“演示.sqlite”只读，这次导出没有记入报送记录" in exported.stderr
        assert run("backup", "--db", demo_db, "--out", outs["backup"]).returncode == 0
        assert digest(demo_db) == before
    for name in ("submit", "package"):
        assert not outs[name].exists() or not any(outs[name].iterdir()), f"{name} left a file"


# -- a full disk ------------------------------------------------------------------------------------------
def test_backup_and_demo_on_a_full_disk_say_so_and_leave_no_part_file(demo_db, tmp_path, capsys,
                                                                      full_disk_for_copies) -> None:
    before = digest(demo_db)
    out = tmp_path / "备份 文件夹"
    out.mkdir()
    err = _refuse(capsys, "backup", "--db", demo_db, "--out", out)
    assert "无法写入备份" in err and "磁盘已满" in err and list(out.iterdir()) == []
    assert err.endswith("请清理磁盘空间（或换一个有空间的位置）后重试\n"), err
    err = _refuse(capsys, "demo", "--db", demo_db)
    assert err.startswith("错误：磁盘已满，数据库“演示.sqlite”无法写入")
    folder = backups.backup_folder(demo_db)
    assert not folder.exists() or not [p for p in folder.iterdir() if p.name.endswith(".part")]
    assert digest(demo_db) == before


# -- a file already there ---------------------------------------------------------------------------------
def test_backup_and_package_never_replace_a_file_unless_asked(demo_db, tmp_path, capsys) -> None:
    """--out naming a file that is there (a note, another database, an older package) is refused and the
    file kept; --replace replaces it."""
    note, other, older = tmp_path / "说明.txt", tmp_path / "另一个 库.sqlite", tmp_path / "旧 包.zctb"
    note.write_text("my notes", encoding="utf-8")
    other.write_bytes(b"another database")
    older.write_bytes(b"an older package")
    for command, path in (("backup", note), ("backup", other), ("package", older)):
        before = path.read_bytes()
        err = _refuse(capsys, command, "--db", demo_db, "--out", path)
        assert err == (f"错误：“{path}”已存在，没有覆盖它：请换一个文件名，或写一个文件夹（以 / 或 \\ 结尾）"
                       "让程序按日期起名；要覆盖它请加上 --replace\n")
        assert path.read_bytes() == before
    assert main(["backup", "--db", str(demo_db), "--out", str(other), "--replace"]) == 0
    assert sqlite3.connect(other).execute("SELECT count(*) FROM towns").fetchone()[0] == 14
    assert main(["package", "--db", str(demo_db), "--out", str(older), "--replace"]) == 0
    assert older.read_bytes()[:2] == b"PK"
    capsys.readouterr()
    folder = tmp_path / "备份 文件夹"  # a folder: the program names the file, a second one the same second too
    assert main(["backup", "--db", str(demo_db), "--out", f"{folder}/"]) == 0
    assert main(["backup", "--db", str(demo_db), "--out", f"{folder}/"]) == 0
    assert len(list(folder.glob("*.sqlite"))) == 2
    err = _refuse(capsys, "backup", "--db", demo_db, "--out", f"{note}/备份/")  # a folder under a file
    assert err == f"错误：路径中的“{note}”是一个文件，不是文件夹：请换一个路径\n"


def test_a_backup_that_cannot_be_written_says_why_without_the_wrong_advice(demo_db, tmp_path, capsys,
                                                                            monkeypatch) -> None:
    from desktop.store import backup as store_backup

    def refused(_conn, dest):
        raise PermissionError(13, "Permission denied", str(dest))

    monkeypatch.setattr(store_backup, "backup_to", refused)
    err = _refuse(capsys, "backup", "--db", demo_db, "--out", tmp_path / "备份.sqlite")
    assert "（无法打开（没有权限或被其他程序独占））" in err, err
    assert err.endswith("没有留下不完整的文件；请换一个路径后重试\n") and "磁盘" not in err, err


# -- files that could not be recorded --------------------------------------------------------------------
def test_files_that_cannot_be_recorded_are_not_left_behind(demo_db, tmp_path, capsys, monkeypatch) -> None:
    store = open_store(demo_db)
    checked = next(r for r in store.reports() if r.status == "checked")
    store.close()

    monkeypatch.setattr(SubmissionMixin, "record_submission", disk_full)
    outs = {name: tmp_path / f"{name} 输出" for name in ("export", "submit", "package")}
    for args in (["export", "--db", demo_db, "--out", outs["export"], "--month", checked.month.iso],
                 ["submit", "--db", demo_db, "--out", outs["submit"], "--to", "shi@example.cn"],
                 ["package", "--db", demo_db, "--out", outs["package"] / "包.zctb"]):
        err = _refuse(capsys, *args)
        assert err.startswith("错误：磁盘已满，数据库“演示.sqlite”无法写入") and "新写出的文件已删除" in err, err
    for name, out in outs.items():
        assert not out.exists() or list(out.iterdir()) == [], f"{name} left files that are in no record"
    store = open_store(demo_db)
    try:
        assert not store.report_by_id(checked.id).locked, "the month is locked only with its record"
        assert store.submissions() == []
    finally:
        store.close()


# -- a 0-byte --db -----------------------------------------------------------------------------------
def test_a_zero_byte_database_is_named_and_refused_by_every_command(tmp_path, demo_db) -> None:
    package = tmp_path / "包.zctb"
    assert run("package", "--db", demo_db, "--out", package).returncode == 0
    empty = tmp_path / "空 文件" / "填报数据.sqlite"
    empty.parent.mkdir()
    empty.write_bytes(b"")
    for args in (["check"], ["settings"], ["settings", "--office", "泸州市政务服务管理局"], ["demo"],
                 ["import", package], ["export", "--out", tmp_path / "导出"], ["backup", "--out", tmp_path]):
        r = run(args[0], "--db", empty, *args[1:])
        assert r.returncode == 2, (args, r.stdout, r.stderr)
        assert r.stderr.startswith(f"错误：“{empty}”是一个空文件（0 字节），不是数据库，里面没有数据"), (args, r.stderr)
        assert "不存在" not in r.stderr and "Traceback" not in r.stderr
    assert empty.stat().st_size == 0, "never silently made a database"


# -- backup --restore ----------------------------------------------------------------------------------
def test_restore_from_the_command_line_keeps_a_copy_of_what_was_there(demo_db, tmp_path) -> None:
    saved = tmp_path / "备份.sqlite"
    assert run("backup", "--db", demo_db, "--out", saved).returncode == 0
    assert run("settings", "--db", demo_db, "--office", "改过的单位").returncode == 0
    r = run("backup", "--db", demo_db, "--restore", saved)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("已用备份“备份.sqlite”恢复数据库“演示.sqlite”（14 个乡镇（街道），91 个村（社区））")
    assert "单位名称：泸州市政务服务管理局" in run("settings", "--db", demo_db).stdout
    (before,) = [b for b in backups.list_backups(demo_db) if b.reason == "恢复前"]
    assert f"恢复前的数据已备份到 {before.path}" in r.stdout
    conn = sqlite3.connect(before.path)
    assert conn.execute("SELECT value FROM meta WHERE key = 'unit_office'").fetchone()[0] == "改过的单位"
    conn.close()


def test_restore_over_a_damaged_database_keeps_the_damaged_file(demo_db, tmp_path) -> None:
    saved = tmp_path / "备份.sqlite"
    assert run("backup", "--db", demo_db, "--out", saved).returncode == 0
    demo_db.write_bytes(b"not a database at all" * 100)
    r = run("backup", "--db", demo_db, "--restore", saved)
    assert r.returncode == 0, r.stderr
    (aside,) = demo_db.parent.glob("演示.sqlite.damaged-*")
    assert aside.read_bytes().startswith(b"not a database") and f"原来的数据库文件已改名保留为 {aside}" in r.stdout
    assert run("check", "--db", demo_db).returncode == 0


def test_restore_from_a_file_that_is_no_backup_changes_nothing(demo_db, tmp_path) -> None:
    before = digest(demo_db)
    bad = tmp_path / "坏 备份.sqlite"
    bad.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    r = run("backup", "--db", demo_db, "--restore", bad)
    assert r.returncode == 2
    assert r.stderr == "错误：备份“坏 备份.sqlite”已损坏或不是本软件的数据，不能用来恢复，请选择另一个备份\n"
    assert digest(demo_db) == before and not backups.list_backups(demo_db)


def test_undoing_a_send_never_removes_a_file_that_was_there_before(demo_db, tmp_path, capsys, monkeypatch) -> None:
    """A document chosen from the output folder itself, and a package over an older one of the same name,
    stay when the record cannot be kept: only what this run created is removed."""
    monkeypatch.setattr(SubmissionMixin, "record_submission", disk_full)
    out = tmp_path / "报送 输出"
    out.mkdir()
    plan = out / "实施方案.pdf"
    plan.write_bytes(b"%PDF-1.4 original plan")
    older = out / "包.zctb"
    older.write_bytes(b"an older package")
    err = _refuse(capsys, "submit", "--db", demo_db, "--out", out, "--to", "shi@example.cn", "--no-rosters",
                  "--attach", plan)
    assert "新写出的文件已删除" in err, err
    err = _refuse(capsys, "package", "--db", demo_db, "--out", older)  # not replaced unless asked
    assert "包.zctb”已存在，没有覆盖它" in err and err.endswith("要覆盖它请加上 --replace\n"), err
    assert older.read_bytes() == b"an older package"
    err = _refuse(capsys, "package", "--db", demo_db, "--out", older, "--replace")
    assert "覆盖了原有同名文件的没有删除" in err, err
    assert plan.read_bytes() == b"%PDF-1.4 original plan"
    assert older.exists(), "a file that was there before is never removed"
    assert sorted(p.name for p in out.iterdir()) == ["包.zctb", "实施方案.pdf"]
