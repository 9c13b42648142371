"""Modal dialogs are deleted by Qt, never by Python's cyclic collector (desktop.ui.common.modal), and
Python's collector does not run in a worker thread while a job runs (desktop.ui.common.jobs): the
window crashed on a roster export after 填报单位 had been opened and cancelled."""

from __future__ import annotations

import gc

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QThreadPool, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from desktop.ui.common.jobs import JobRunner
from desktop.ui.common.modal import run_modal


def test_a_dialog_after_run_modal_is_qts_to_delete(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = QDialog(parent)
    dialog.cycle = dialog  # what a bound method connected to its own signal makes
    QTimer.singleShot(0, dialog.reject)
    assert run_modal(dialog) == QDialog.DialogCode.Rejected
    assert not shiboken6.ownedByPython(dialog) and dialog.isWindow()  # PySide6's exec() made it Python's
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    assert not shiboken6.isValid(dialog)


def test_settings_cancelled_then_the_collector_then_painting(window):
    """The crash the trial found, without the export: 填报单位 opened and cancelled, the collector run,
    the window painted (before the fix: a segmentation fault)."""
    QTimer.singleShot(0, lambda: QApplication.activeModalWidget().reject())
    assert window.open_settings() is False
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    gc.collect()
    window.repaint()
    QApplication.processEvents()
    assert shiboken6.isValid(window) and window.findChildren(QWidget)


def test_two_runners_and_a_job_that_raises_leave_the_collector_as_it_was(qtbot):
    """Jobs of two runners overlap; one raises SystemExit (not an Exception); the collector comes back on
    only when the last one has ended."""
    import threading

    gate = threading.Event()
    first, second = JobRunner(pool=QThreadPool()), JobRunner(pool=QThreadPool())
    failures: list[BaseException] = []

    def leave() -> None:
        raise SystemExit(3)

    with qtbot.waitSignal(first.busy_changed, check_params_cb=lambda busy: not busy, timeout=5000):
        second.run(lambda: gate.wait(5), lambda _r: None, failures.append)
        first.run(leave, lambda _r: None, failures.append)
    assert isinstance(failures[0], SystemExit) and not gc.isenabled()  # the second runner's job still runs
    with qtbot.waitSignal(second.busy_changed, check_params_cb=lambda busy: not busy, timeout=5000):
        gate.set()
    assert gc.isenabled()


def test_a_runner_deleted_with_a_job_pending_gives_the_collector_back(qtbot):
    import threading

    gate = threading.Event()
    pool = QThreadPool()
    jobs = JobRunner(pool=pool)
    jobs.run(lambda: gate.wait(5), lambda _r: None, lambda _e: None)
    assert not gc.isenabled()
    shiboken6.delete(jobs)  # its window closed
    gate.set()
    pool.waitForDone(5000)
    assert gc.isenabled()


def test_the_collector_is_off_while_a_job_runs(qtbot):
    assert gc.isenabled()
    jobs = JobRunner(pool=QThreadPool())
    seen: list[bool] = []
    with qtbot.waitSignal(jobs.busy_changed, check_params_cb=lambda busy: not busy, timeout=5000):
        jobs.run(lambda: gc.isenabled(), seen.append, lambda exc: seen.append(exc))
        assert not gc.isenabled()
    assert seen == [False] and gc.isenabled()
