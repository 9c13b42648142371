"""Start-up safety: one writer per database, the daily backup, damaged databases, crash reports."""

from __future__ import annotations

import subprocess
import sys
import threading
from datetime import datetime

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from desktop.domain.model import Level, TownEntry, Village
from desktop.store import backup as backups
from desktop.store.database import open_store
from desktop.system.about import __version__
from desktop.ui import app as app_module
from desktop.ui.safety import crash
from desktop.ui.safety.crash import CrashReporter
from desktop.ui.safety.crash_dialog import CrashDialog
from desktop.ui.safety.single_instance import DatabaseLock, lock_path
from desktop.ui.window.main_window import MainWindow

HOLD_LOCK = """
import sys, time
from PySide6.QtCore import QLockFile
lock = QLockFile(sys.argv[1])
assert lock.tryLock(0)
print("locked", flush=True)
time.sleep(120)
"""


def add(store, town: str, villages: int = 2) -> None:
    store.add_town(TownEntry(Level.COUNTY, "泸州市", "泸县", town, "中心镇",
                             villages=[Village(f"{town}{i}村") for i in range(villages)]))


def make_db(db_path, towns=("福集镇",)) -> None:
    store = open_store(db_path)
    for town in towns:
        add(store, town)
    store.close()


# -- one writer -----------------------------------------------------------------------------
def test_second_lock_on_the_same_database_is_refused(qapp, db_path) -> None:
    first, second = DatabaseLock(db_path), DatabaseLock(db_path)
    assert first.acquire() == ""
    assert lock_path(db_path).name == "试点 名单.sqlite.lock" and lock_path(db_path).exists()
    message = second.acquire()
    assert "“试点 名单.sqlite”正在被另一个窗口使用" in message and "请切换到那个窗口" in message
    assert "稍后重试" in message and not second.held
    first.release()
    assert not lock_path(db_path).exists()
    assert second.acquire() == ""
    second.release()


def test_lock_of_a_killed_process_is_taken_over(qapp, db_path) -> None:
    db_path.parent.mkdir(parents=True)
    proc = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(lock_path(db_path))],
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"
        assert "正在被另一个窗口使用" in DatabaseLock(db_path).acquire(), "alive: refused"
    finally:
        proc.kill()
        proc.wait()
    assert lock_path(db_path).exists(), "a killed process leaves its lock file behind"
    lock = DatabaseLock(db_path)
    assert lock.acquire() == ""
    lock.release()


def test_lock_file_naming_a_dead_pid_is_taken_over(qapp, db_path) -> None:
    mine = DatabaseLock(db_path)
    assert mine.acquire() == ""
    content = lock_path(db_path).read_bytes().split(b"\n")
    mine.release()
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    content[0] = str(gone.pid).encode()
    lock_path(db_path).write_bytes(b"\n".join(content))
    lock = DatabaseLock(db_path)
    assert lock.acquire() == ""
    assert lock_path(db_path).read_bytes().split(b"\n")[0] != str(gone.pid).encode()
    lock.release()


def test_run_app_refuses_a_database_open_in_another_window(qapp, db_path, messages, no_event_loop) -> None:
    other = DatabaseLock(db_path)
    assert other.acquire() == ""
    try:
        assert app_module.run_app(db_path) == 1
    finally:
        other.release()
    assert len(messages) == 1 and messages[0][0] == "warning" and "正在被另一个窗口使用" in messages[0][2]
    assert not no_event_loop and not db_path.exists(), "nothing opened, nothing created"
    assert app_module.run_app(db_path) == 0, "free again"
    assert not lock_path(db_path).exists(), "released when the window closes"


# -- daily backup ---------------------------------------------------------------------------
def test_daily_backup_once_a_day_when_there_is_data(qapp, db_path, no_event_loop) -> None:
    make_db(db_path)
    assert app_module.run_app(db_path) == 0
    made = backups.list_backups(db_path)
    assert [(b.reason, b.towns, b.villages, b.ok) for b in made] == [("每日", 1, 2, True)]
    assert made[0].made_at.date() == datetime.now().date()
    assert app_module.run_app(db_path) == 0
    assert len(backups.list_backups(db_path)) == 1, "the second start of the day makes none"


def test_the_daily_backup_follows_the_first_paint_and_precedes_any_input(qapp, db_path, monkeypatch) -> None:
    """The first start of a day shows the window as soon as any other start; the backup is made at the end
    of the window's start, before any click or key is handled, so it holds the data as it was opened."""
    make_db(db_path)
    seen: dict[str, int] = {}

    def fake_exec(*_a) -> int:
        window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible())
        seen["shown"] = len(backups.list_backups(db_path))
        assert window.starting
        window.started.connect(lambda: seen.setdefault("started", len(backups.list_backups(db_path))))
        window.finish_start()  # the second step, as after the first paint
        seen["input"] = len(backups.list_backups(db_path))
        window.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", fake_exec)
    assert app_module.run_app(db_path) == 0
    assert seen == {"shown": 0, "started": 1, "input": 1}
    assert [b.reason for b in backups.list_backups(db_path)] == ["每日"]


def test_no_daily_backup_of_an_empty_database(qapp, db_path, no_event_loop) -> None:
    assert app_module.run_app(db_path) == 0
    assert backups.list_backups(db_path) == []
    store = open_store(db_path)
    try:
        assert app_module.daily_backup(store) is None
        add(store, "嘉明镇")
        assert app_module.daily_backup(store) is not None
        assert app_module.daily_backup(store) is None
    finally:
        store.close()


# -- damaged, foreign and newer databases -----------------------------------------------------
def damage(db_path) -> None:
    data = bytearray(db_path.read_bytes())
    for offset in range(4096, len(data), 97):  # scribble over every page but the header
        data[offset] = 0xA5
    db_path.write_bytes(bytes(data))


def test_damaged_database_is_restored_from_newest_good_backup(qapp, db_path, monkeypatch, messages,
                                                              no_event_loop) -> None:
    make_db(db_path, [f"镇{i}" for i in range(30)])
    store = open_store(db_path)
    store.backup("手动")
    add(store, "后加镇")  # after the backup: lost by restoring
    store.close()
    damage(db_path)
    damaged = db_path.read_bytes()
    questions: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda _p, _t, text, *a, **k: questions.append(text)
                        or QMessageBox.StandardButton.Yes)
    assert app_module.run_app(db_path) == 0
    assert len(questions) == 1 and "已损坏" in questions[0] and "乡镇（街道）30 个" in questions[0]
    assert "不会删除" in questions[0] and messages == []
    assert len(no_event_loop) == 1, "the window opened on the restored data"
    aside = list(db_path.parent.glob("试点 名单.sqlite.damaged-*"))
    assert len(aside) == 1 and aside[0].read_bytes() == damaged, "the damaged file is kept, untouched"
    store = open_store(db_path)
    assert store.counts()["towns"] == 30 and store.integrity_ok()
    store.close()


def test_damaged_database_left_alone_when_the_user_says_no(qapp, db_path, monkeypatch, messages,
                                                           no_event_loop) -> None:
    make_db(db_path, [f"镇{i}" for i in range(30)])
    store = open_store(db_path)
    store.backup("手动")
    store.close()
    damage(db_path)
    damaged = db_path.read_bytes()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    assert app_module.run_app(db_path) == 1
    assert db_path.read_bytes() == damaged and not list(db_path.parent.glob("*.damaged-*"))
    assert not no_event_loop


def test_damaged_database_without_backup_gets_a_message(qapp, db_path, messages, no_event_loop) -> None:
    make_db(db_path, [f"镇{i}" for i in range(30)])
    damage(db_path)
    assert app_module.run_app(db_path) == 1
    assert len(messages) == 1 and messages[0][0] == "critical"
    assert "已损坏" in messages[0][2] and "没有可用的备份" in messages[0][2]


def test_file_that_is_not_sqlite_can_be_replaced_by_a_backup(qapp, db_path, monkeypatch, no_event_loop) -> None:
    make_db(db_path)
    store = open_store(db_path)
    store.backup("每日")
    store.close()
    db_path.write_bytes(b"\x00" * 8192)  # a file zeroed by a failing disk
    wal = db_path.with_name(db_path.name + "-wal")
    wal.write_bytes(b"\x01" * 100)  # its journal must not be applied to the restored copy
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    assert app_module.run_app(db_path) == 0
    (aside,) = db_path.parent.glob("试点 名单.sqlite.damaged-*[0-9]")
    assert aside.read_bytes() == b"\x00" * 8192
    assert aside.with_name(aside.name + "-wal").read_bytes() == b"\x01" * 100
    store = open_store(db_path)
    assert store.counts() == {"towns": 1, "villages": 2}
    store.close()


def test_foreign_and_newer_databases_get_a_message_only(qapp, tmp_path, monkeypatch, messages) -> None:
    import sqlite3

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: pytest.fail("no restore offered"))
    foreign = tmp_path / "别人的.sqlite"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE t (x)")
    conn.close()
    assert app_module.run_app(foreign) == 1
    newer = tmp_path / "新版.sqlite"
    make_db(newer)
    conn = sqlite3.connect(newer)
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    assert app_module.run_app(newer) == 1
    assert [k for k, _, _ in messages] == ["critical", "critical"]
    assert "其他程序的 SQLite 数据库" in messages[0][2] and "更新版本" in messages[1][2]


# -- crash reports --------------------------------------------------------------------------
@pytest.fixture
def reporter(qapp, store, monkeypatch):
    shown: list[CrashDialog] = []
    monkeypatch.setattr(CrashDialog, "exec", lambda self: shown.append(self) or 0)
    rep = CrashReporter(lambda: store)
    rep.shown = shown
    rep.install()
    yield rep
    rep.uninstall()


def test_exception_in_a_slot_is_logged_and_explained(reporter, store, _data_dir, qapp) -> None:
    button = QPushButton()

    def broken() -> None:
        store.conn.execute("BEGIN")  # a transaction left open by a bug
        raise RuntimeError("测试错误 in slot")

    button.clicked.connect(broken)
    button.click()
    assert sys.excepthook == reporter.excepthook
    logs = list((_data_dir / "logs").glob("crash-*.log"))
    assert len(logs) == 1 and logs == [reporter.last_log]
    assert logs[0].name.startswith(f"crash-{datetime.now():%Y%m%d}-")
    text = logs[0].read_text(encoding="utf-8")
    assert "Traceback" in text and "RuntimeError: 测试错误 in slot" in text and "in broken" in text
    assert f"版本 {__version__}" in text and "操作系统" in text and str(store.path) in text
    assert not store.conn.in_transaction, "rolled back"
    (dialog,) = reporter.shown
    assert "程序遇到了意外错误。您已输入的数据都已自动保存，不会丢失。" in dialog.message.text()
    assert str(logs[0]) in dialog.message.text()
    assert not dialog.text.isVisible()
    dialog.copy_button.click()
    copied = QApplication.clipboard().text()
    assert copied == text and "RuntimeError: 测试错误 in slot" in copied
    assert dialog.copy_button.text() == "已复制"
    add(store, "福集镇")  # the store still works
    assert store.counts()["towns"] == 1


def test_exception_in_a_worker_thread_shows_the_dialog_on_the_gui_thread(reporter, _data_dir, qtbot) -> None:
    def work() -> None:
        raise ValueError("线程里的错误")

    thread = threading.Thread(target=work, name="导出")
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: len(reporter.shown) == 1)
    assert "ValueError: 线程里的错误" in reporter.shown[0].details and "线程：导出" in reporter.shown[0].details
    assert len(list((_data_dir / "logs").glob("crash-*.log"))) == 1


def test_crash_logs_of_the_same_second_do_not_overwrite(tmp_path) -> None:
    first = crash.write_crash_log("一", tmp_path)
    second = crash.write_crash_log("二", tmp_path)
    assert first and second and first != second
    assert first.read_text(encoding="utf-8") == "一" and second.read_text(encoding="utf-8") == "二"


def test_run_app_installs_and_removes_the_hooks(qapp, db_path, monkeypatch) -> None:
    before = (sys.excepthook, threading.excepthook)
    during: list[object] = []
    monkeypatch.setattr(QApplication, "exec", lambda *a: during.append(sys.excepthook) or 0)
    assert app_module.run_app(db_path) == 0
    assert isinstance(getattr(during[0], "__self__", None), CrashReporter)
    assert (sys.excepthook, threading.excepthook) == before
    for w in QApplication.topLevelWidgets():
        if isinstance(w, MainWindow):
            w.close()
            w.deleteLater()


def test_error_inside_a_running_action_leaves_it_to_finish(reporter, store) -> None:
    """An error reported from a nested event loop while an action is open: the action still commits."""
    with store.action("批量修改"):
        add(store, "福集镇")
        try:
            raise RuntimeError("嵌套事件循环中的错误")
        except RuntimeError as exc:
            reporter.excepthook(type(exc), exc, exc.__traceback__)
        assert store.conn.in_transaction
        add(store, "嘉明镇")
    assert store.counts()["towns"] == 2 and len(reporter.shown) == 1
    assert store.undo() == "批量修改" and store.counts()["towns"] == 0


def scribble_villages(db_path) -> None:
    """Damage only the villages table: the file opens, its schema reads, SQLite's check finds it."""
    import sqlite3

    conn = sqlite3.connect(db_path)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'villages'").fetchone()[0]
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = bytearray(db_path.read_bytes())
    for offset in range((root - 1) * size + 16, root * size, 61):
        data[offset] = 0xA5
    db_path.write_bytes(bytes(data))


@pytest.mark.parametrize("window_reads_it", [True, False])
def test_damage_found_while_the_window_is_built_offers_the_backup(qapp, db_path, monkeypatch, messages,
                                                                  no_event_loop, window_reads_it) -> None:
    make_db(db_path, [f"镇{i}" for i in range(30)])
    store = open_store(db_path)
    store.backup("手动")
    store.close()
    scribble_villages(db_path)
    if not window_reads_it:  # the first screenful reads fine; only the background check finds the damage
        monkeypatch.setattr(MainWindow, "_show_outline", lambda self: None)
    questions: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda _p, _t, text, *a, **k: questions.append(text)
                        or QMessageBox.StandardButton.Yes)
    assert app_module.run_app(db_path) == 0
    assert len(questions) == 1 and "已损坏" in questions[0] and messages == []
    assert len(no_event_loop) == 1, "the window opened on the restored data"
    assert len(list(db_path.parent.glob("试点 名单.sqlite.damaged-*"))) == 1
    restored = open_store(db_path)
    assert restored.counts()["towns"] == 30 and restored.integrity_ok()
    restored.close()


def test_a_restored_backup_that_cannot_be_read_either_gets_a_message(qapp, db_path, monkeypatch, messages,
                                                                     no_event_loop) -> None:
    make_db(db_path, ["嘉明镇"])
    attempts: list[object] = []
    monkeypatch.setattr(app_module, "_first_window",
                        lambda store: attempts.append(store) or (None, f"数据库“{db_path.name}”已损坏（测试），请从备份恢复"))
    restored = open_store(db_path)
    monkeypatch.setattr(app_module, "restore_damaged", lambda path, problem: restored)
    assert app_module.run_app(db_path) == 1
    assert len(attempts) == 2 and attempts[1] is restored
    assert messages and messages[-1][0] == "critical" and "恢复的备份也无法读取" in messages[-1][2]
    with pytest.raises(Exception, match="closed"):
        restored.conn.execute("SELECT 1")  # closed by run_app
    assert not no_event_loop


def test_the_collector_is_back_on_before_the_window_shows(qapp, db_path, monkeypatch, no_event_loop) -> None:
    """python -m desktop keeps the cyclic garbage collector off while it loads; run_app turns it on."""
    import gc

    enabled_at_exec: list[bool] = []
    real_exec = QApplication.exec
    monkeypatch.setattr(QApplication, "exec", lambda *a: enabled_at_exec.append(gc.isenabled()) or real_exec(*a))
    gc.disable()
    try:
        assert app_module.run_app(db_path) == 0
    finally:
        gc.enable()
        gc.unfreeze()
    assert enabled_at_exec == [True]


def test_a_command_runs_without_the_collector_and_a_caller_gets_it_back(tmp_path, monkeypatch, collector_on) -> None:
    """A command is one short burst that keeps what it reads: the cyclic collector would only walk it again
    (about 0.2 s of an import of the province's 附件3). A caller in the same process gets it back as it was."""
    code = ("import atexit, runpy, sys, gc; import desktop.cli.check as c; seen = []; real = c.run; "
            "c.run = lambda ns: seen.append(gc.isenabled()) or real(ns); "
            "atexit.register(lambda: print(seen)); "  # the program leaves without returning (its atexit runs)
            "sys.argv = ['desktop', 'check', '--db', sys.argv[1]]; "
            "runpy.run_module('desktop', run_name='__main__')")
    db = tmp_path / "检查 数据.sqlite"
    open_store(db).close()
    out = subprocess.run([sys.executable, "-c", code, str(db)], capture_output=True, text=True, timeout=60)
    assert (out.stdout.split(), out.returncode) == (["[False]"], 0), out.stderr
    import gc

    import desktop.cli.check as check_command
    from desktop.__main__ import main

    seen: list[bool] = []
    real = check_command.run
    monkeypatch.setattr(check_command, "run", lambda ns: seen.append(gc.isenabled()) or real(ns))
    assert main(["check", "--db", str(db)]) == 0
    assert seen == [False] and gc.isenabled()
