"""Files and folders dropped on the main window — e-mails (.eml), exchange packages, workbooks, a folder
of them — are imported through the usual preview (Transfer.import_paths). A mixin of MainWindow."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtCore import QMimeData
    from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent

    from desktop.ui.window.transfer import Transfer

DROPPABLE = (".eml", ".zctb", ".zip", ".xlsx", ".xlsm", ".xls")


def dropped_paths(mime: QMimeData) -> list[Path]:
    """The local files and folders of a drop that an import takes (others are left out)."""
    if not mime.hasUrls():
        return []
    paths = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
    return [p for p in paths if p.is_dir() or p.suffix.lower() in DROPPABLE]


class FileDrops:
    transfer: Transfer

    def accept_drops(self) -> None:
        self.setAcceptDrops(True)  # type: ignore[attr-defined] - the QMainWindow

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt's name
        if dropped_paths(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802 - Qt's name
        if dropped_paths(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt's name
        paths = dropped_paths(event.mimeData())
        if not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        self.transfer.import_paths(paths)
