"""Run slow work (export, reading workbooks) off the GUI thread; results come back as signals."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, Signal, Slot

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


class _Relay(QObject):
    done = Signal(int, object)
    failed = Signal(int, object)


class JobRunner(QObject):
    """``run(work, on_done, on_error)``: ``work()`` runs in the thread pool, the callbacks on the GUI thread.

    With ``synchronous=True`` (tests, scripts) the work runs at once on the calling thread.
    ``busy_changed(bool)`` tells whether any job is running.

    Python's cyclic collector is off while a job runs (back as it was when the last one ends): it runs in
    whichever thread happens to allocate, and a Qt object it frees there (a widget Python owns, caught in
    a reference cycle) would be deleted off the GUI thread, which crashes Qt.
    """

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, *, synchronous: bool = False,
                 pool: QThreadPool | None = None) -> None:
        super().__init__(parent)
        self.synchronous = synchronous
        self.pool = pool or QThreadPool.globalInstance()
        self._relay = _Relay(self)
        self._relay.done.connect(self._on_done)
        self._relay.failed.connect(self._on_failed)
        self._pending: dict[int, tuple[Done, Failed]] = {}
        self._ids = itertools.count(1)

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    def run(self, work: Callable[[], Any], on_done: Done, on_error: Failed) -> None:
        if self.synchronous:
            try:
                result = work()
            except Exception as exc:  # handed to the caller's error callback
                on_error(exc)
                return
            on_done(result)
            return
        job = next(self._ids)
        self._pending[job] = (on_done, on_error)
        if len(self._pending) == 1:
            from desktop.system.about import collector_off

            self._collector = collector_off()
            self._collector.__enter__()
            self.busy_changed.emit(True)
        relay = self._relay

        def task() -> None:
            try:
                result = work()
            except Exception as exc:  # reported on the GUI thread
                relay.failed.emit(job, exc)
                return
            relay.done.emit(job, result)

        self.pool.start(task)

    @Slot(int, object)
    def _on_done(self, job: int, result: object) -> None:
        on_done, _ = self._finish(job)
        on_done(result)

    @Slot(int, object)
    def _on_failed(self, job: int, exc: object) -> None:
        _, on_error = self._finish(job)
        on_error(exc)  # type: ignore[arg-type]

    def _finish(self, job: int) -> tuple[Done, Failed]:
        callbacks = self._pending.pop(job)
        if not self._pending:
            self._collector.__exit__(None, None, None)
            self.busy_changed.emit(False)
        return callbacks
