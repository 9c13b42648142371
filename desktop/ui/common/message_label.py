"""A field's messages under it, word-wrapped, never cut off."""

from __future__ import annotations

from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QWidget


class MessageLabel(QLabel):
    """A field's messages, word-wrapped. It asks for the height its wrapped text needs at the width
    it really has: a QFormLayout row does not re-ask heightForWidth when the text changes, so without
    this the last line is cut off."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)

    def setText(self, text: str) -> None:  # noqa: N802 (Qt's name)
        super().setText(text)
        self._fit()

    def resizeEvent(self, e: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(e)
        self._fit()

    def _fit(self) -> None:
        height = self.heightForWidth(self.width()) if self.text() else 0
        if height != self.minimumHeight():
            self.setMinimumHeight(max(height, 0))
