"""Undo/redo, jumping to a village, pending edits, text limits and the background job runner."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from helpers import press, sample_town, type_text
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.domain.model import Level, Roster, Village
from desktop.ui.common.jobs import JobRunner


@pytest.fixture
def window(make_window, store, gaz):
    """The active window on 附件2, which holds 白沙镇 with an unofficial village (白沙安置点)."""
    town = sample_town(gaz, Level.CITY, "合江县", "白沙镇", 3, "中心镇")
    town.villages.append(Village("白沙安置点"))
    store.add_rosters([Roster(Level.CITY, date(2021, 3, 26), [town])])
    w = make_window(store, active=True)
    w.show_level(Level.CITY)
    return w


def test_ctrl_z_undoes_and_ctrl_y_redoes(window, store, qtbot) -> None:
    form = window.current_page().form
    form.type_combo.setFocus()
    type_text(form.type_combo, "4")
    assert store.load_roster(Level.CITY).towns[0].town_type == "特色小镇"
    assert window.undo_action.isEnabled() and "乡镇类型" in window.undo_action.text()
    window.current_page().table.setFocus()
    qtbot.keyClick(window.windowHandle(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert store.load_roster(Level.CITY).towns[0].town_type == "中心镇"
    assert window.current_page().form.type_combo.currentText() == "中心镇"
    assert window.redo_action.isEnabled()
    qtbot.keyClick(window.windowHandle(), Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert store.load_roster(Level.CITY).towns[0].town_type == "特色小镇"


def test_jump_to_a_village_finding_selects_it(window) -> None:
    finding = next(f for f in window.findings if f.location.village == "白沙安置点")
    window.show_level(Level.PROVINCIAL)
    window.jump_to(finding)
    panel = window.pages[Level.CITY].form.villages
    assert window.current_page() is window.pages[Level.CITY]
    assert QApplication.focusWidget() is panel.list_view
    assert panel.model.name(panel.list_view.currentIndex().row()) == "白沙安置点"
    assert panel.model.data(panel.list_view.currentIndex(), Qt.ItemDataRole.DecorationRole) is not None


def test_typed_text_is_stored_before_export(window, store, monkeypatch) -> None:
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.Ok)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: QMessageBox.StandardButton.Ok)
    form = window.current_page().form
    form.note_edit.setFocus()
    type_text(form.note_edit, "未按回车")
    window.export_action.trigger()
    assert store.load_roster(Level.CITY).towns[0].note == "未按回车"


def test_control_characters_are_refused(window, store, monkeypatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: shown.append(text))
    form = window.current_page().form
    form.note_edit.setText("备注\x07")
    press(form.note_edit, Qt.Key.Key_Return)
    assert shown and "控制字符" in shown[0]
    assert store.load_roster(Level.CITY).towns[0].note == ""
    assert form.note_edit.text() == ""


def test_a_note_pasted_with_a_line_break_is_refused_with_the_reason(window, store, monkeypatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: shown.append(text))
    form = window.current_page().form
    form.note_edit.setText("第一批\r\nBcc: x")
    press(form.note_edit, Qt.Key.Key_Return)
    assert shown == ["附件2 合江县 白沙镇 备注：含有换行，请写在一行内"]
    assert store.load_roster(Level.CITY).towns[0].note == ""


def test_job_runner_reports_on_the_gui_thread(qtbot) -> None:
    runner = JobRunner()
    results: list[tuple[str, object, threading.Thread]] = []
    seen_busy: list[bool] = []
    runner.busy_changed.connect(seen_busy.append)
    runner.run(lambda: threading.current_thread(),
               lambda r: results.append(("done", r, threading.current_thread())), lambda e: None)
    runner.run(lambda: 1 / 0, lambda r: None,
               lambda e: results.append(("failed", e, threading.current_thread())))
    qtbot.waitUntil(lambda: len(results) == 2, timeout=5000)
    by_kind = {kind: (value, thread) for kind, value, thread in results}
    assert by_kind["done"][0] is not threading.main_thread()  # the work ran in the pool
    assert by_kind["done"][1] is threading.main_thread()  # the callback on the GUI thread
    assert isinstance(by_kind["failed"][0], ZeroDivisionError) and by_kind["failed"][1] is threading.main_thread()
    assert seen_busy[0] is True and seen_busy[-1] is False and not runner.busy


def test_synchronous_runner_calls_back_at_once() -> None:
    runner = JobRunner(synchronous=True)
    out: list[object] = []
    runner.run(lambda: 42, out.append, out.append)
    runner.run(lambda: int("x"), out.append, lambda e: out.append(type(e)))
    assert out == [42, ValueError]
