"""Windows and dialogs fit the screen they open on: office PCs are often 1366×768 at 125–150 %
(about 910×485 points left for a window) or 1024×768. One place decides a window's first size, so
tests can emulate a screen by replacing ``available_area``."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

# What the window manager adds around a window (frame and title bar), in points: the window's
# own size must leave room for it.
FRAME_WIDTH, FRAME_HEIGHT = 16, 40


def available_area(widget: QWidget) -> QRect:
    """The screen area a window may use (the taskbar left out)."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1024, 728)


def room(widget: QWidget) -> tuple[int, int]:
    """The largest client size a top-level window can have on its screen."""
    area = available_area(widget)
    return max(area.width() - FRAME_WIDTH, 200), max(area.height() - FRAME_HEIGHT, 200)


def fit_to_screen(widget: QWidget, width: int, height: int, *, center: bool = True) -> None:
    """Resize to the preferred ``width``×``height`` or as much of it as the screen holds, never
    below what the window needs (its minimum size hint, itself kept small by scroll areas)."""
    max_w, max_h = room(widget)
    hint = widget.minimumSizeHint()
    w = max(min(width, max_w), min(hint.width(), max_w))
    h = max(min(height, max_h), min(hint.height(), max_h))
    widget.resize(w, h)
    if center:
        area = available_area(widget)
        x = area.x() + max((area.width() - w - FRAME_WIDTH) // 2, 0)
        y = area.y() + max((area.height() - h - FRAME_HEIGHT) // 2, 0)
        widget.move(x, y)
