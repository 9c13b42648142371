"""Tests of desktop.ui: the main window, its pages, dialogs and models, driven like a user (offscreen Qt,
pytest-qt's qtbot). The window is built by one fixture, ``make_window``; the static message boxes are
answered by ``messages`` (warnings, information, errors) or ``dialogs`` (questions too)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtWidgets import QMessageBox


@pytest.fixture
def make_window(qtbot, gaz) -> Callable:
    """``make_window(store, *, show=True, synchronous=True, active=False, as_opened=False, **options)``.

    The main window over ``store``, added to qtbot: by default with synchronous jobs and no recheck delay
    (``synchronous=False`` runs its jobs in a thread), and shown. ``active=True`` also waits until it is
    exposed and the active window. ``as_opened=True`` (implied by ``check_after_show=True``) builds it as
    the program opens it, with the window's own jobs and delays. Other options go to MainWindow.
    """
    from desktop.ui.common.jobs import JobRunner
    from desktop.ui.window.main_window import MainWindow

    def make(store, *, show: bool = True, synchronous: bool = True, active: bool = False, as_opened: bool = False,
             **options) -> MainWindow:
        if not (as_opened or options.get("check_after_show")):
            options = {"jobs": JobRunner(synchronous=synchronous), "recheck_delay_ms": 0, **options}
        w = MainWindow(store, gaz, **options)
        qtbot.addWidget(w)
        if show or active:
            w.show()
        if active:
            qtbot.waitExposed(w)
            w.activateWindow()
            qtbot.waitUntil(w.isActiveWindow)
        return w

    return make


@pytest.fixture
def window(make_window, store):
    """The main window over an empty database, shown (for tests that need nothing before it exists)."""
    return make_window(store)


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str, str]]:
    """Every QMessageBox.warning/information/critical shown, as (kind, title, text); answers OK."""
    shown: list[tuple[str, str, str]] = []
    for kind in ("warning", "information", "critical"):
        monkeypatch.setattr(QMessageBox, kind, lambda _parent, title, text, *a, _k=kind, **kw:
                            shown.append((_k, title, text)) or QMessageBox.StandardButton.Ok)
    return shown


class Dialogs:
    """Records the patched static QMessageBox calls; ``answer`` is what question() returns."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.shown: list[tuple[str, str, str]] = []
        self.answer = QMessageBox.StandardButton.Yes
        for kind in ("warning", "information", "critical"):
            monkeypatch.setattr(QMessageBox, kind, lambda _p, title, text, *a, _k=kind, **kw:
                                self.shown.append((_k, title, text)) or QMessageBox.StandardButton.Ok)
        monkeypatch.setattr(QMessageBox, "question", lambda _p, title, text, *a, **kw:
                            self.shown.append(("question", title, text)) or self.answer)

    def last(self, kind: str | None = None) -> tuple[str, str, str]:
        found = [s for s in self.shown if kind is None or s[0] == kind]
        assert found, f"no {kind or 'message'} box was shown"
        return found[-1]


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> Dialogs:
    """Every static QMessageBox call recorded (``dialogs.shown``, ``dialogs.last()``); question() answers
    ``dialogs.answer`` (Yes unless a test changes it)."""
    return Dialogs(monkeypatch)


@pytest.fixture
def no_event_loop(monkeypatch: pytest.MonkeyPatch):
    """``run_app`` returns at once (no event loop); the windows it showed are collected, and closed after."""
    from PySide6.QtWidgets import QApplication

    from desktop.ui.window.main_window import MainWindow

    seen: list[MainWindow] = []

    def fake_exec(*_a) -> int:
        seen.extend(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible())
        return 0

    monkeypatch.setattr(QApplication, "exec", fake_exec)
    yield seen
    for w in seen:
        w.close()
        w.deleteLater()
