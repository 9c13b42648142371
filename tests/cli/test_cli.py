"""The scriptable commands, run as a user would: in a subprocess, paths with Chinese and spaces."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ROOT, run


def test_check_prints_findings_severity_first(demo_db):
    r = run("check", "--db", demo_db)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.strip().splitlines()
    assert lines == [line for line in lines if line.startswith(("警告\t", "错误\t"))]
    assert any("胡市安置社区" in line for line in lines)


def _wrong_town_type(db: Path) -> None:
    """白沙镇's 乡镇类型 made one the rules refuse (大镇), behind the program's back."""
    import sqlite3

    conn = sqlite3.connect(db)
    conn.execute("UPDATE towns SET town_type = '大镇' WHERE town = '白沙镇'")
    conn.commit()
    conn.close()


def test_check_exits_1_on_errors(demo_db):
    _wrong_town_type(demo_db)
    r = run("check", "--db", demo_db)
    assert r.returncode == 1
    assert "错误\t附件1 合江县 白沙镇：乡镇类型“大镇”不是规定的类型" in r.stdout


def test_export_refused_with_errors_writes_nothing(demo_db, tmp_path):
    import sqlite3

    conn = sqlite3.connect(demo_db)
    conn.execute("DELETE FROM villages WHERE town_id = (SELECT id FROM towns WHERE town = '白沙镇')")
    conn.commit()
    conn.close()
    out = tmp_path / "导出 文件夹"
    r = run("export", "--db", demo_db, "--out", out)
    assert r.returncode == 1
    assert "未导出任何文件" in r.stderr
    assert not out.exists() or not any(out.iterdir())


def test_export_import_export_round_trip(demo_db, tmp_path):
    from openpyxl import load_workbook

    first = tmp_path / "第一次 导出"
    r = run("export", "--db", demo_db, "--out", first)
    assert r.returncode == 0, r.stderr
    files = sorted(first.glob("*.xlsx"))
    assert [f.name[:3] for f in files] == ["附件1", "附件2", "附件3"]
    assert files[0].name == "附件1 省级试点地区乡镇（街道）、村（社区）名单（泸州市）.xlsx"

    fresh = tmp_path / "空 库.sqlite"
    r = run("import", "--db", fresh, *files)
    assert r.returncode == 0, r.stderr
    assert "附件1：新增 5 个乡镇（街道）" in r.stdout
    # the reporting unit is a setting, not part of the sheet's data: set it as the user would
    from desktop.store.database import open_store

    store = open_store(fresh)
    source = open_store(demo_db)
    store.save_settings(source.settings())
    source.close()
    store.close()

    second = tmp_path / "第二次 导出"
    r = run("export", "--db", fresh, "--out", second)
    assert r.returncode == 0, r.stderr
    for a, b in zip(files, sorted(second.glob("*.xlsx")), strict=True):
        assert a.name == b.name
        va = [row for row in load_workbook(a).active.iter_rows(values_only=True)]
        vb = [row for row in load_workbook(b).active.iter_rows(values_only=True)]
        assert va == vb


def test_import_refuses_a_file_that_is_not_a_workbook(tmp_path):
    bad = tmp_path / "不是 表格.xlsx"
    bad.write_bytes(b"hello")
    db = tmp_path / "库.sqlite"
    r = run("import", "--db", db, bad)
    assert r.returncode == 2
    assert "不是 表格.xlsx" in r.stderr
    assert "Traceback" not in r.stderr


def test_missing_database_is_a_clear_error(tmp_path):
    r = run("check", "--db", tmp_path / "没有.sqlite")
    assert r.returncode == 2
    assert r.stderr.startswith("错误：数据库文件")


def test_commands_do_not_import_qt(demo_db, tmp_path):
    """Every command, run through the program's entry (python -m desktop), leaves Qt unloaded."""
    out = tmp_path / "出 件"
    code = ("import sys; from desktop.__main__ import main; db, out = sys.argv[1], sys.argv[2]\n"
            "for args in (['check', '--db', db], ['settings', '--db', db], ['history', '--db', db],\n"
            "             ['evaluation', '--db', db], ['export', '--db', db, '--out', out],\n"
            "             ['package', '--db', db, '--out', out], ['backup', '--db', db, '--out', out],\n"
            "             ['import', '--db', db, '--dry-run', out], ['submit', '--db', db, '--out', out]):\n"
            "    main(args)\n"
            "print('QT' if any(m.startswith('PySide6') for m in sys.modules) else 'NOQT')")
    r = subprocess.run([sys.executable, "-c", code, str(demo_db), str(out)], cwd=ROOT, capture_output=True,
                       text=True, encoding="utf-8", timeout=120)
    assert r.stdout.strip().endswith("NOQT"), r.stderr
    assert list(out.glob("*.zctb")) and list(out.glob("*.xlsx"))  # the commands did their work


def test_writing_commands_refuse_while_a_window_holds_the_database(demo_db):
    """A live process named in the QLockFile beside the database blocks demo/import, not check."""
    import socket

    lock = demo_db.with_name(demo_db.name + ".lock")
    lock.write_text(f"{os.getpid()}\nzhencun-tianbao\n{socket.gethostname()}\n", encoding="utf-8")
    r = run("demo", "--db", demo_db)
    assert r.returncode == 2
    assert "正在被程序窗口使用" in r.stderr
    assert run("check", "--db", demo_db).returncode == 0
    lock.write_text("999999999\nzhencun-tianbao\n" + socket.gethostname() + "\n", encoding="utf-8")
    assert run("demo", "--db", demo_db).returncode == 0, "a lock of a dead process is ignored"


def _last_month() -> str:
    from datetime import date

    from desktop.domain.monthly.report import YearMonth

    return YearMonth.of(date.today()).prev().iso


def test_export_with_month_writes_the_report_and_locks_it(demo_db, tmp_path):
    from openpyxl import load_workbook

    from desktop.domain.monthly.report import YearMonth
    from desktop.store.database import open_store

    out = tmp_path / "月报 导出"
    r = run("export", "--db", demo_db, "--out", out, "--month", _last_month())
    assert r.returncode == 0, r.stderr
    month = YearMonth.parse(_last_month())
    report_file = out / f"泸州市{month.year}年{month.month}月镇村便民服务“三化”试点工作进展情况.xlsx"
    assert report_file.exists()
    assert len(list(out.glob("附件*.xlsx"))) == 3
    title = load_workbook(report_file).worksheets[0]["A1"].value
    assert title.startswith(f"泸州市{month.year}年{month.month}月")
    store = open_store(demo_db)
    report = store.report("泸州市", month)
    assert (report.status, report.locked) == ("exported", True)
    assert store.report_exports(report.id)[0].file_name == report_file.name
    store.close()


def test_export_with_month_refused_on_a_report_error(demo_db, tmp_path):
    import sqlite3

    conn = sqlite3.connect(demo_db)
    conn.execute("UPDATE report_values SET value = 999 WHERE code = 'windows_integrated' "
                 "AND report_id = (SELECT id FROM reports WHERE month = ?)", (_last_month(),))
    conn.commit()
    conn.close()
    out = tmp_path / "不该 写入"
    r = run("export", "--db", demo_db, "--out", out, "--month", _last_month())
    assert r.returncode == 1
    assert "综合窗口数" in r.stdout and "未导出任何文件" in r.stderr
    assert not out.exists() or not any(out.iterdir())


def test_export_of_a_month_without_a_report(demo_db, tmp_path):
    r = run("export", "--db", demo_db, "--out", tmp_path / "x", "--month", "2020-01")
    assert r.returncode == 2
    assert "没有泸州市2020年1月的月报" in r.stderr


@pytest.mark.parametrize("args", [
    [], ["--demo"], ["--db", "填报 数据.sqlite"], ["--db=甲.sqlite", "--demo"], ["--demo", "--db", "a", "--db", "b"],
])
def test_window_arguments_read_without_argparse_as_argparse_reads_them(args):
    from desktop.ui.launch import parser, window_args

    ns = parser().parse_args(args)
    assert window_args(args) == (ns.db, ns.demo)


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["--de"], ["--db"], ["--db", "--demo"], ["x.sqlite"],
                                  ["--db="]])
def test_other_window_arguments_are_left_to_argparse(args):
    from desktop.ui.launch import window_args

    assert window_args(args) is None


def test_a_file_given_to_the_window_is_imported_after_it_opens(tmp_path, monkeypatch):
    """Double-clicking a .zctb starts ``zhencun-tianbao.exe "<file>"``: the window opens on the usual
    database and imports the file through the preview."""
    import desktop.ui.app
    from desktop.__main__ import main

    package = tmp_path / "县 汇总" / "合江县.zctb"
    package.parent.mkdir()
    package.write_bytes(b"PK")
    calls = []
    monkeypatch.setattr(desktop.ui.app, "run_app", lambda db, demo=False, open_files=(): calls.append(
        (db, demo, list(open_files))) or 0)
    db = tmp_path / "数据.sqlite"
    assert main(["--db", str(db), str(package)]) == 0
    assert calls == [(db, False, [package.resolve()])]


def test_a_missing_file_given_to_the_window_is_a_clear_error(tmp_path, capsys):
    from desktop.__main__ import main

    missing = tmp_path / "不存在.zctb"
    assert main(["--db", str(tmp_path / "a.sqlite"), str(missing)]) == 2
    assert capsys.readouterr().err.strip() == f"错误：找不到要打开的文件“{missing}”，请检查路径"


def test_a_mistyped_command_is_named_as_a_command_not_a_missing_file(tmp_path):
    r = run("chek", "--db", tmp_path / "库.sqlite")
    assert r.returncode == 2
    assert "没有“chek”这个命令" in r.stderr and "check" in r.stderr and "找不到要打开的文件" not in r.stderr
    r = run("qqq", "--db", tmp_path / "库.sqlite")
    assert r.returncode == 2 and "命令有：demo、import" in r.stderr
    r = run("--db", tmp_path / "库.sqlite", tmp_path / "不存在.zctb")
    assert r.returncode == 2 and "找不到要打开的文件" in r.stderr


def test_a_command_ends_without_tearing_down_yet_says_everything_and_keeps_its_exit_code(demo_db, tmp_path):
    """After a command the program leaves at once (desktop.__main__._leave): the output is flushed whole, the
    exit code kept, what was registered to run at exit still runs, and the database was closed (no -wal left)."""
    _wrong_town_type(demo_db)
    marker = tmp_path / "退出 时.txt"
    code = ("import atexit, runpy, sys; out = sys.argv.pop(1)\n"
            "atexit.register(lambda: open(out, 'w', encoding='utf-8').write('ran'))\n"
            "runpy.run_module('desktop', run_name='__main__', alter_sys=True)")
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    r = subprocess.run([sys.executable, "-c", code, str(marker), "check", "--db", str(demo_db)], cwd=ROOT, env=env,
                       capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert r.returncode == 1, r.stderr  # findings
    lines = r.stdout.splitlines()
    assert len(lines) == 3 and "乡镇类型“大镇”不是规定的类型" in lines[0] and lines[2].startswith("警告\t") and "月报" in lines[2]
    assert r.stderr.strip() == "共 1 个错误，2 个警告（其中 1 个已说明）"
    assert marker.read_text(encoding="utf-8") == "ran"
    assert not demo_db.with_name(demo_db.name + "-wal").exists()


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs a device that is always full (Linux)")
def test_output_that_cannot_be_written_ends_with_120_as_python_itself_would(demo_db):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}  # buffered: written out at the end
    with open("/dev/full", "w") as full:
        r = subprocess.run([sys.executable, "-m", "desktop", "check", "--db", str(demo_db)], cwd=ROOT, env=env,
                           stdout=full, stderr=subprocess.PIPE, timeout=120)
    assert r.returncode == 120


def test_a_command_without_a_console_keeps_its_exit_code(demo_db):
    """The windowed program has no sys.stdout: a command run by it still ends with its own code."""
    code = ("import runpy, sys; sys.stdout = sys.stderr = None\n"
            "sys.argv = ['desktop', 'check', '--db', sys.argv[1]]\n"
            "runpy.run_module('desktop', run_name='__main__', alter_sys=True)")
    r = subprocess.run([sys.executable, "-c", code, str(demo_db)], cwd=ROOT, capture_output=True, timeout=120)
    assert (r.returncode, r.stdout, r.stderr) == (0, b"", b"")
