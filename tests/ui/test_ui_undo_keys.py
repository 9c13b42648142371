"""Ctrl+Z in a field undoes the last saved change unless the field holds uncommitted typing."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.domain.model import Level


def test_ctrl_z_in_a_picker_undoes_the_last_saved_change(make_window, qtbot, store):
    w = make_window(store)
    qtbot.waitExposed(w)
    w.activateWindow()
    page = w.show_level(Level.COUNTY)
    page.add_town()
    assert store.counts()["towns"] == 1
    picker = page.form.town_picker
    picker.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is picker)
    assert not picker.isModified()
    qtbot.keyClick(picker, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert store.counts()["towns"] == 0, "Ctrl+Z in an untouched picker undoes adding the town"
    qtbot.keyClick(picker, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert store.counts()["towns"] == 1


def test_ctrl_z_with_typing_in_progress_undoes_the_typing(make_window, qtbot, store):
    w = make_window(store)
    qtbot.waitExposed(w)
    page = w.show_level(Level.COUNTY)
    page.add_town()
    note = page.form.note_edit
    note.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is note)
    qtbot.keyClicks(note, "abc")
    qtbot.keyClick(note, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert note.text() != "abc", "the field's own undo took the key"
    assert store.counts()["towns"] == 1, "the saved town is still there"
