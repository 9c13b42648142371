"""The window's start in two steps: paint the outline first, load and check everything right after.

``MainWindow(check_after_show=True)`` (what ``python -m desktop`` opens) shows the start of the
current list from ``Store.load_outline``. ``QuickStart`` watches the window's own show and paint
events: after the first paint (or half a second after showing, for a window that is never
painted, e.g. minimised) it runs the second step once. That step runs on the GUI thread in one go,
so no click or key reaches the window while only the outline is loaded.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

FALLBACK_MS = 500  # a window shown but not painted still finishes starting


class QuickStart(QObject):
    """Runs ``second_step`` once, as soon as ``window`` has been painted for the first time."""

    def __init__(self, window: QWidget, second_step: Callable[[], None]) -> None:
        super().__init__(window)
        self.window = window
        self.pending = True
        self._second_step = second_step
        self._painted = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.run)
        window.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if obj is self.window and self.pending:
            kind = event.type()
            if kind == QEvent.Type.Show and not self._painted:
                self._timer.start(FALLBACK_MS)
            elif kind == QEvent.Type.Paint and not self._painted:
                self._painted = True
                self._timer.start(0)  # after this paint has reached the screen
        return False

    def run(self) -> None:
        """The second step, now (once; later calls do nothing)."""
        if not self.pending:
            return
        self.cancel()
        self._second_step()

    def cancel(self) -> None:
        """Never run the second step (the window is closing)."""
        self.pending = False
        self._timer.stop()
        self.window.removeEventFilter(self)
