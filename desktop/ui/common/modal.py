"""Modal dialogs, run so that Qt deletes them, never Python's cyclic collector."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog


def run_modal(dialog: QDialog) -> int:
    """``dialog.exec()``; then the dialog is handed back to its parent window and deleted by Qt once
    control is back in the event loop (what it holds can still be read until then).

    PySide6's ``exec()`` makes Python own the dialog, and its widgets hold bound methods and lambdas of
    it (reference cycles): it would be deleted whenever the cyclic collector next ran — in the middle of
    Qt's painting, or in a worker thread during an export — and Qt crashed then (the window crashed on
    a roster export after 填报单位 was opened and cancelled)."""
    try:
        return dialog.exec()
    finally:
        parent = dialog.parentWidget()
        if parent is not None:
            dialog.setParent(parent, dialog.windowFlags())  # owned by Qt again, still a window
        dialog.deleteLater()
