"""添加佐证材料 on the 验收评估 page: the file is read off the GUI thread (ui.common.jobs), in a stream,
with a progress dialog whose 取消 stops the reading; only then is it recorded (on the GUI thread, where
the database lives). A folder, pipe, device or link is refused saying what it is, and the window never
waits on a file."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from desktop.domain.evaluation.checklist import Item
from desktop.domain.evaluation.scoring import Site
from desktop.store.database import Store
from desktop.ui.common.jobs import JobRunner

MIB = 1024 * 1024


class _Progress(QObject):
    """Carries the reader's progress from the worker thread to the dialog (a queued signal)."""

    moved = Signal(int, int)


class EvidenceReading(QObject):
    """One file being read for one item; ``finished(bool)`` tells whether it was recorded."""

    finished = Signal(bool)

    def __init__(self, parent: QWidget, store: Store, jobs: JobRunner, site: Site, item: Item, path: Path) -> None:
        super().__init__(parent)
        self.parent_widget, self.store, self.jobs = parent, store, jobs
        self.site, self.item, self.path = site, item, path
        self.cancel = threading.Event()
        self.dialog = QProgressDialog(f"正在读取佐证材料“{path.name}”……", "取消", 0, 1000, parent)
        self.dialog.setWindowTitle("佐证材料")
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(300)  # a small file is done before the dialog would show
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.canceled.connect(self.cancel.set)
        self.progress = _Progress(self)
        self.progress.moved.connect(self._moved)

    def start(self) -> None:
        from desktop.services.evaluation import read_evidence_file

        moved, cancelled = self.progress.moved, self.cancel.is_set
        self.dialog.setValue(0)
        self.jobs.run(lambda: read_evidence_file(self.store, self.path, moved.emit, cancelled),
                      self._done, self._failed)

    def _moved(self, done: int, total: int) -> None:
        if not self.dialog.wasCanceled():
            self.dialog.setValue(int(1000 * done / max(total, 1)))
            self.dialog.setLabelText(f"正在读取佐证材料“{self.path.name}”……（{done / MIB:,.1f} / {total / MIB:,.1f} MB）")

    def _done(self, found) -> None:
        from desktop.services.evaluation import keep_evidence

        if self._close():
            self._finish(False)
            return
        try:
            kept = keep_evidence(self.store, self.site, self.item, found)
        except BaseException:
            self._finish(False)  # the button comes back; the refusal is shown as every refused save is
            raise
        if not kept:
            QMessageBox.information(self.parent_widget, "佐证材料",
                                    f"“{found.name}”较大（超过 {self.store.MAX_KEPT_EVIDENCE // MIB} MB），只记录了它的"
                                    "位置和校验码，没有复制进数据库。")
        self._finish(True)

    def _failed(self, exc: BaseException) -> None:
        from desktop.services.common import ServiceError

        if not self._close():
            message = str(exc) if isinstance(exc, ServiceError) else f"读取文件时出现意外问题：{exc}"
            QMessageBox.warning(self.parent_widget, "佐证材料没有添加", message)
        self._finish(False)

    def _close(self) -> bool:
        """Take the dialog away (hide: closing it would count as 取消); whether the user cancelled."""
        cancelled = self.cancel.is_set()
        self.dialog.hide()
        self.dialog.deleteLater()
        return cancelled

    def _finish(self, recorded: bool) -> None:
        self.finished.emit(recorded)
        self.deleteLater()


def read_and_record(parent: QWidget, store: Store, jobs: JobRunner, site: Site, item: Item, path: Path,
                    then: Callable[[bool], None]) -> EvidenceReading:
    """Start reading ``path`` as evidence for ``item``; ``then(recorded)`` when it is over."""
    reading = EvidenceReading(parent, store, jobs, site, item, path)
    reading.finished.connect(then)
    reading.start()
    return reading
