"""Ctrl+Z / Ctrl+Y reach the app's undo even when the cursor is in a text field.

A QLineEdit claims those keys for its own typing history, so the window's 撤销 never fired
while the cursor was in a picker. The rule now: a field with typing not yet committed undoes
that typing (as a spreadsheet cell being edited does); otherwise the keys undo and redo the
last saved change of the data.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QLineEdit, QWidget

_KEYS = (QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo)


def _is_undo_key(event: QKeyEvent) -> bool:
    if any(event.matches(k) for k in _KEYS):
        return True
    combo = event.keyCombination().toCombined()
    return QKeySequence(combo) == QKeySequence("Ctrl+Y")


def _has_pending_typing(widget: QWidget) -> bool:
    if isinstance(widget, QLineEdit):
        return widget.isModified() and not widget.isReadOnly()
    if isinstance(widget, QAbstractSpinBox):
        line = widget.lineEdit()
        return line is not None and line.isModified()
    return True  # other editors (multi-line texts) keep their own undo


class UndoKeys(QObject):
    """Application event filter for one window: let its undo/redo actions take the keys."""

    def __init__(self, window: QWidget, *, install: bool = True) -> None:
        super().__init__(window)
        self.window = window
        if install:
            self.install()

    def install(self) -> None:
        """Start filtering. Every event of the application then passes through Python, so the
        window's quick start installs it after its first paint, before it takes any input."""
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() != QEvent.Type.ShortcutOverride or not isinstance(watched, QWidget):
            return False
        if watched.window() is not self.window or not _is_undo_key(event):  # type: ignore[arg-type]
            return False
        if _has_pending_typing(watched):
            return False
        event.ignore()  # not claimed by the field: the window's shortcut fires
        return True
