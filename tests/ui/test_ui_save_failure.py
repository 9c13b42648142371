"""The window tells the truth when a save fails (issue 18, point 3): an edit the database refuses (another
program writing, a read-only file) is said to be unsaved, stays on screen and in the banner, and can be
written again (重试) or into a new database file (另存为); a read-only database opens read-only with a
banner; a 0-byte file is named and asked about; the daily backup is made whatever other backups the
day made."""

from __future__ import annotations

import sqlite3

import pytest
from helpers import press, read_only_place, type_text, write_lock_held
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from desktop.domain.model import Level, TownEntry, Village
from desktop.store import backup as backups
from desktop.store import connect, database
from desktop.store.database import open_store
from desktop.ui import app as app_module
from desktop.ui.safety.crash import CrashReporter
from desktop.ui.safety.crash_dialog import CrashDialog
from desktop.ui.safety.save_failed_dialog import LATER, RETRY, SAVE_AS, SaveFailedDialog


def _town(store) -> int:
    return store.add_town(TownEntry(Level.PROVINCIAL, "泸州市", "合江县", "白沙镇", "中心镇", note="原备注",
                                    villages=[Village(f"第{i}村") for i in range(10)]))


def _note_in_file(path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT note FROM towns").fetchone()[0]
    finally:
        conn.close()


@pytest.fixture
def guarded(qapp, monkeypatch):
    """``guarded(window, choice)``: the window as the program runs it (the crash reporter installed and
    pointed at the window's banner); the save-failure dialog answers ``choice``. Returns what was shown."""
    shown: dict[str, list] = {"failed": [], "crash": []}
    reporters: list[CrashReporter] = []

    def install(window, choice: str = LATER):
        def fake_exec(dialog: SaveFailedDialog) -> int:
            shown["failed"].append(dialog)
            dialog.choice = choice
            return 0

        monkeypatch.setattr(SaveFailedDialog, "exec", fake_exec)
        monkeypatch.setattr(CrashDialog, "exec", lambda d: shown["crash"].append(d) or 0)
        rep = CrashReporter(lambda: window.store)
        rep.install()
        rep.on_store_failure = window.save_state.show_failure
        reporters.append(rep)
        return shown

    yield install
    for rep in reporters:
        rep.uninstall()


def _type_note(window, tid: int, text: str) -> None:
    page = window.show_level(Level.PROVINCIAL)
    page.select_town(tid)
    edit = page.form.note_edit
    edit.setFocus(Qt.FocusReason.OtherFocusReason)
    edit.selectAll()
    type_text(edit, text)
    press(edit, Qt.Key.Key_Return)


def test_an_edit_refused_while_another_program_writes_is_said_unsaved_and_retried(
        make_window, store, guarded, dialogs) -> None:
    tid = _town(store)
    w = make_window(store)
    shown = guarded(w, LATER)
    store.conn.execute("PRAGMA busy_timeout = 300")  # wait less than the program's 5 s for the other writer
    with write_lock_held(store.path):
        _type_note(w, tid, "新的备注")
        assert shown["crash"] == [], "no crash dialog, and no claim that everything was saved"
        (dialog,) = shown["failed"]
        text = dialog.message.text()
        assert text.startswith(f"刚才的修改没有保存：另一个程序正在写入数据库“{store.path.name}”")
        assert "都已自动保存" not in text and dialog.retry_button.isVisibleTo(dialog)
        assert w.current_page().form.note_edit.text() == "新的备注", "what was typed stays on screen"
        assert w.save_state.text.text() == (
            f"有 1 项修改没有保存：另一个程序正在写入数据库“{store.path.name}”。修改仍显示在窗口中，"
            "程序记着它们；请稍后点“重试”，或“另存为…”新的数据库文件。")
        assert w.save_state.isVisible() and w.status.saved_label.text() == "有 1 项修改没有保存"
        assert _note_in_file(store.path) == "原备注"
    w.save_state.retry_button.click()
    assert _note_in_file(store.path) == "新的备注"
    assert not w.save_state.isVisible() and store.unsaved == []
    assert w.status.saved_label.text() == "所有修改自动保存"
    assert w.current_page().form.note_edit.text() == "新的备注"


def test_save_as_puts_everything_and_the_unsaved_edit_into_a_new_file(
        make_window, store, guarded, dialogs, monkeypatch, tmp_path) -> None:
    tid = _town(store)
    w = make_window(store)
    guarded(w, SAVE_AS)
    copy = tmp_path / "另存 位置" / "新的 数据.sqlite"
    copy.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(copy), ""))
    old = store.path
    store.conn.execute("PRAGMA query_only = ON")  # the file refuses every write, as a read-only one does
    _type_note(w, tid, "只在新文件里")
    assert store.path == copy and w.windowTitle().startswith("新的 数据.sqlite")
    assert _note_in_file(copy) == "只在新文件里" and _note_in_file(old) == "原备注"
    assert store.load_roster(Level.PROVINCIAL).towns[0].villages[9].name == "第9村"
    assert not w.save_state.isVisible()
    _type_note(w, tid, "之后的修改")
    assert _note_in_file(copy) == "之后的修改", "the window goes on with the new file"


def test_closing_with_an_unsaved_edit_asks_first(make_window, store, guarded, dialogs) -> None:
    tid = _town(store)
    w = make_window(store)
    guarded(w, LATER)
    store.conn.execute("PRAGMA query_only = ON")
    _type_note(w, tid, "没保存的")
    dialogs.answer = dialogs.answer.Cancel
    assert not w.close(), "the window stays open"
    kind, title, text = dialogs.last("question")
    assert title == "有修改没有保存" and text.startswith("有 1 项修改没有保存（数据库")
    store.conn.execute("PRAGMA query_only = OFF")
    assert w.save_state.retry() and w.close()


def test_a_failed_retry_keeps_the_edit_and_says_why(make_window, store, guarded, dialogs) -> None:
    tid = _town(store)
    w = make_window(store)
    guarded(w, RETRY)
    store.conn.execute("PRAGMA query_only = ON")
    _type_note(w, tid, "还是没保存")
    kind, title, text = dialogs.last("warning")
    assert title == "仍然没有保存" and "只读" in text and len(store.unsaved) == 1
    store.conn.execute("PRAGMA query_only = OFF")
    _type_note(w, tid, "再改一次")  # the next edit writes the kept one first, then itself, in order
    assert _note_in_file(store.path) == "再改一次" and store.unsaved == []
    assert not w.save_state.isVisible() and w.status.saved_label.text() == "所有修改自动保存"
    assert [c.new for c in store.changes(table="towns") if c.field == "note"][-2:] == ["还是没保存", "再改一次"]


# -- a read-only database ---------------------------------------------------------------------------
def _read_only_window(db_path, no_event_loop):
    assert app_module.run_app(db_path) == 0
    (w,) = no_event_loop
    return w


READ_ONLY = "文件设置了只读属性，或当前用户没有写入它的权限"


def test_a_read_only_database_opens_read_only_with_a_banner(qapp, db_path, monkeypatch, no_event_loop) -> None:
    store = open_store(db_path)
    _town(store)
    store.close()
    monkeypatch.setattr(connect, "read_only_reason", lambda _p: READ_ONLY)
    w = _read_only_window(db_path, no_event_loop)
    assert w.save_state.isVisible() and not w.save_state.retry_button.isVisibleTo(w.save_state)
    assert w.save_state.text.text().startswith(f"此数据库文件只读，已按只读方式打开：{READ_ONLY}。")
    assert w.status.saved_label.text() == "只读：修改不能保存", "the status bar does not say 所有修改自动保存"
    assert backups.list_backups(db_path) == [], "no daily backup of a file that cannot change"


def test_an_edit_in_a_read_only_database_is_said_unsaved(qapp, db_path, monkeypatch, make_window, guarded,
                                                        dialogs) -> None:
    store = open_store(db_path)
    tid = _town(store)
    store.close()
    monkeypatch.setattr(connect, "read_only_reason", lambda _p: READ_ONLY)
    store = open_store(db_path)  # as the program opens it: read-only
    try:
        w = make_window(store)
        shown = guarded(w, LATER)
        _type_note(w, tid, "改不了")
        (dialog,) = shown["failed"]
        assert dialog.message.text().startswith(f"刚才的修改没有保存：数据库“{db_path.name}”只读，无法写入：{READ_ONLY}")
        assert not dialog.retry_button.isVisibleTo(dialog) and shown["crash"] == []
        assert _note_in_file(db_path) == "原备注" and w.current_page().form.note_edit.text() == "改不了"
        assert w.save_state.text.text().startswith("有 1 项修改没有保存")
        store.unsaved.clear()  # closing without saving (asked in another test)
        qapp.processEvents()  # what the edit queued runs while the store is open
        w.close()
    finally:
        store.close()


def test_a_database_on_a_read_only_medium_opens_read_only(qapp, db_path, no_event_loop, dialogs) -> None:
    store = open_store(db_path)
    _town(store)
    store.close()
    with read_only_place(db_path, db_path.parent):
        w = _read_only_window(db_path, no_event_loop)
        assert w.store.read_only and w.save_state.isVisible() and "只读" in w.save_state.text.text()
        assert w.pages[Level.PROVINCIAL].model.rowCount() == 1, "its data is shown"
        w.close()
    assert not dialogs.shown, "no message: the window opened (read-only)"


# -- an empty file ---------------------------------------------------------------------------------
def test_a_zero_byte_database_is_named_and_asked_about(qapp, db_path, no_event_loop, dialogs) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(b"")
    dialogs.answer = dialogs.answer.No
    assert app_module.run_app(db_path) == 1
    kind, _title, text = dialogs.last()
    assert kind == "question" and f"数据库文件“{db_path}”是一个空文件（0 字节），里面没有任何数据" in text
    assert db_path.stat().st_size == 0 and not no_event_loop, "left as it was"
    dialogs.answer = dialogs.answer.Yes
    assert app_module.run_app(db_path) == 0
    assert no_event_loop and database.is_sqlite_file(db_path)


# -- the daily backup ---------------------------------------------------------------------------------
def test_the_daily_backup_is_made_even_after_another_backup_that_day(qapp, db_path, no_event_loop) -> None:
    store = open_store(db_path)
    _town(store)
    store.backup("导入前")
    store.close()
    assert app_module.run_app(db_path) == 0
    assert sorted(b.reason for b in backups.list_backups(db_path)) == ["导入前", "每日"]
