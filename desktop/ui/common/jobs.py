"""Run slow work (export, reading workbooks) off the GUI thread; results come back as signals."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, Signal, Slot

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


class _Collector:
    """Python's cyclic collector off while any job of any runner runs, back as it was after the last one.
    Thread-safe: a job whose runner is gone ends here from its worker thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running: set[object] = set()  # a token per job running
        self._off: Any = None

    def job_started(self, token: object) -> None:
        with self._lock:
            if not self._running:
                from desktop.system.about import collector_off

                self._off = collector_off()
                self._off.__enter__()
            self._running.add(token)

    def job_ended(self, token: object) -> None:
        """The job of ``token`` is over (once; a second call does nothing)."""
        with self._lock:
            if token not in self._running:
                return
            self._running.discard(token)
            if not self._running and self._off is not None:
                self._off.__exit__(None, None, None)
                self._off = None


COLLECTOR = _Collector()


class _Relay(QObject):
    done = Signal(int, object)
    failed = Signal(int, object)


class JobRunner(QObject):
    """``run(work, on_done, on_error)``: ``work()`` runs in the thread pool, the callbacks on the GUI thread.

    With ``synchronous=True`` (tests, scripts) the work runs at once on the calling thread.
    ``busy_changed(bool)`` tells whether any job is running.

    Python's cyclic collector is off while a job runs (``COLLECTOR``: back as it was when the last job of
    any runner ends): it runs in whichever thread happens to allocate, and a Qt object it frees there (a
    widget Python owns, caught in a reference cycle) would be deleted off the GUI thread, which crashes Qt.
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
        self._tokens: dict[int, object] = {}  # the collector's token of each pending job
        self._ids = itertools.count(1)
        # a runner deleted with jobs pending (its window closed) hears from none of them
        self.destroyed.connect(lambda *_a, tokens=self._tokens: [COLLECTOR.job_ended(t) for t in list(tokens.values())])

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
        token = self._tokens[job] = object()
        COLLECTOR.job_started(token)
        if len(self._pending) == 1:
            self.busy_changed.emit(True)
        relay = self._relay

        def task() -> None:
            try:
                result: Any = work()
                signal = relay.done
            except BaseException as exc:  # noqa: BLE001 - reported on the GUI thread, whatever it is
                result, signal = exc, relay.failed
            try:
                signal.emit(job, result)
            except RuntimeError:  # the runner is gone (its window closed): nobody to tell
                COLLECTOR.job_ended(token)

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
        COLLECTOR.job_ended(self._tokens.pop(job))
        if not self._pending:
            self.busy_changed.emit(False)
        return callbacks
