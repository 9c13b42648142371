"""记录四个一工作: the dialog that records one of the 四个一 (which, when, a short note)."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QWidget

from desktop.domain.monthly.rhythm import RHYTHM
from desktop.domain.names import clean_text
from desktop.domain.text_rules import check_text
from desktop.ui.common.date_field import DateField
from desktop.ui.common.text_limit import limit_text, tell


class EventDialog(QDialog):
    """记录四个一工作: which event, the date it was done, a short note."""

    def __init__(self, kind: str, day: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("记录四个一工作")
        self.kind_combo = QComboBox()
        for event in RHYTHM:
            self.kind_combo.addItem(event.label, event.code)
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(kind)))
        self.date_field = DateField()
        self.date_field.set_value(day)
        self.note_edit = QLineEdit()
        limit_text(self.note_edit, "event_note", "备注")
        self.note_edit.setPlaceholderText("如：在合江县召开片区现场推进会（可不填）")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("工作", self.kind_combo)
        form.addRow("完成日期", self.date_field)
        form.addRow("备注", self.note_edit)
        form.addRow(buttons)
        from desktop.ui.common.screen_fit import fit_to_screen

        fit_to_screen(self, 460, self.sizeHint().height())

    def accept(self) -> None:
        problem = check_text(self.note_edit.text(), "备注", "event_note")
        if problem is not None:  # kept in the field, to be corrected
            tell(self.note_edit, problem)
            self.note_edit.setFocus()
            return
        super().accept()

    def result_event(self) -> tuple[str, date, str] | None:
        day = self.date_field.value()
        if day is None:
            return None
        return self.kind_combo.currentData(), day, clean_text(self.note_edit.text())


def ask_event(parent: QWidget, kind: str, day: date) -> tuple[str, date, str] | None:
    """(event code, date, note) from the dialog, or None when cancelled (patched in tests)."""
    dialog = EventDialog(kind, day, parent)
    from desktop.ui.common.modal import run_modal

    if run_modal(dialog) != QDialog.DialogCode.Accepted:
        return None
    return dialog.result_event()
