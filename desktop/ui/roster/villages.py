"""Villages panel of the town form: a filterable checklist, free names, the ticked count."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.findings import Finding
from desktop.domain.model import Village
from desktop.domain.places.gazetteer import Gazetteer
from desktop.domain.text_rules import check_text
from desktop.ui.common.text_limit import limit_text
from desktop.ui.common.theme import mark_widget, set_role, worst
from desktop.ui.roster.village_model import VillageChecklistModel

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class VillagesPanel(QWidget):
    """Tick the pilot villages of one town. ``villages_changed(list[Village])`` on every change."""

    villages_changed = Signal(list)

    def __init__(self, gaz: Gazetteer, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.gaz = gaz
        self.model = VillageChecklistModel(gaz, self)
        self.model.ticked_changed.connect(self._on_ticked)

        self.count_label = QLabel()
        set_role(self.count_label, "role", "hint")
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("筛选：输入名称或拼音首字母（如 hq），回车勾选，Esc 清除")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self._on_filter)
        self.list_view = QListView()
        self.list_view.setModel(self.model)
        # Columns, filled top to bottom: ↓ still walks the villages in gazetteer order.
        self.list_view.setFlow(QListView.Flow.TopToBottom)
        self.list_view.setWrapping(True)
        self.list_view.setResizeMode(QListView.ResizeMode.Adjust)
        self.list_view.setSpacing(3)
        self.list_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list_view.setToolTip("空格键勾选或取消当前村（社区）")
        self.list_view.setMinimumHeight(160)
        self.hint_label = QLabel()
        set_role(self.hint_label, "role", "hint")
        self.hint_label.setWordWrap(True)
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        self.message_label.hide()
        self.free_edit = QLineEdit()
        self.free_edit.setPlaceholderText("名录中没有的村（社区）名称")
        limit_text(self.free_edit, "village", "村（社区）名称")
        self.add_button = QPushButton("添加名录外名称")
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add_free_name)

        head = QHBoxLayout()
        head.addWidget(self.filter_edit, 1)
        head.addWidget(self.count_label)
        free = QHBoxLayout()
        free.addWidget(self.free_edit, 1)
        free.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(head)
        layout.addWidget(self.list_view, 1)
        layout.addWidget(self.hint_label)
        layout.addWidget(self.message_label)
        layout.addLayout(free)
        for w in (self.filter_edit, self.list_view, self.free_edit):
            w.installEventFilter(self)
        self._update_count()

    # -- contents --------------------------------------------------------------------
    def set_town(self, town_code: str | None, villages: list[Village]) -> None:
        self.filter_edit.blockSignals(True)
        self.filter_edit.clear()
        self.filter_edit.blockSignals(False)
        self.model.set_town(town_code, villages)
        if not town_code:
            self.hint_label.setText("请先选择乡镇（街道），再勾选村（社区）；名录外的名称可在下方添加。")
        elif not self.model.official_count:
            self.hint_label.setText("区划名录中该乡镇（街道）没有村（社区），请在下方添加名称。")
        else:
            self.hint_label.setText("")
        self.hint_label.setVisible(bool(self.hint_label.text()))
        self._select_row(0)
        self._update_count()

    def villages(self) -> list[Village]:
        return self.model.villages()

    def set_findings(self, findings: list[Finding]) -> None:
        """Findings on the villages field: per-village ones colour rows, the rest mark the list."""
        self.model.set_findings(findings)
        general = [f for f in findings if not f.location.village]
        mark_widget(self.list_view, findings, "空格键勾选或取消当前村（社区）")
        sev = worst(general)
        self.message_label.setText("\n".join(f.message for f in general))
        set_role(self.message_label, "role", f"finding-{sev.value}" if sev else "")
        self.message_label.setVisible(bool(general))

    def focus_village(self, name: str | None = None) -> None:
        if name:
            self.filter_edit.clear()
            row = self.model.row_of(name)
            if row >= 0:
                self._select_row(row)
        self.list_view.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- actions ---------------------------------------------------------------------
    def add_free_name(self) -> None:
        message = check_text(self.free_edit.text(), "村（社区）名称", "village")
        if message is not None:
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.warning(self, "无法添加", message)
            return
        row = self.model.add_name(self.free_edit.text())
        if row >= 0:
            self.filter_edit.blockSignals(True)
            self.filter_edit.clear()
            self.filter_edit.blockSignals(False)
            self.free_edit.clear()
            self._select_row(row)

    def tick_current(self) -> None:
        row = self.list_view.currentIndex().row()
        if row >= 0:
            self.model.set_ticked(row, True)

    def toggle_current(self) -> None:
        row = self.list_view.currentIndex().row()
        if row >= 0:
            self.model.toggle(row)

    def _on_filter(self, text: str) -> None:
        self.model.set_filter(text)
        self._select_row(0)

    def _on_ticked(self) -> None:
        self._update_count()
        self.villages_changed.emit(self.model.villages())

    def _select_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            index = self.model.index(row)
            self.list_view.setCurrentIndex(index)
            if row:  # row 0 is in view after every reset; laying the list out early costs ~1 ms
                self.list_view.scrollTo(index)

    def _update_count(self) -> None:
        total = self.model.official_count
        text = f"已选 {self.model.ticked_count} 个"
        self.count_label.setText(f"{text}（名录共 {total} 个）" if total else text)

    # -- keys ------------------------------------------------------------------------
    def eventFilter(self, obj: QObject, e: QEvent) -> bool:
        if e.type() != QEvent.Type.KeyPress or not isinstance(e, QKeyEvent):
            return super().eventFilter(obj, e)
        key = e.key()
        if obj is self.filter_edit:
            if key in (Qt.Key.Key_Down, Qt.Key.Key_PageDown):
                self.list_view.setFocus(Qt.FocusReason.OtherFocusReason)
                return True
            if key == Qt.Key.Key_Escape and self.filter_edit.text():
                self.filter_edit.clear()
                return True
            if key in _ENTER:
                if self.filter_edit.text():
                    self.tick_current()  # as the placeholder says: Enter ticks, never unticks
                    self.filter_edit.selectAll()
                else:
                    self.list_view.setFocus(Qt.FocusReason.TabFocusReason)
                return True
        elif obj is self.list_view:
            if key in _ENTER:
                self.toggle_current()
                return True
            text = e.text()
            if text and text.isprintable() and not text.isspace() and not e.modifiers() & (
                    Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
                # Typing in the list starts a new filter: the keys go to the filter box.
                self.filter_edit.setFocus(Qt.FocusReason.OtherFocusReason)
                self.filter_edit.setText(text)
                return True
        elif obj is self.free_edit and key in _ENTER:
            if self.free_edit.text().strip():
                self.add_free_name()
            else:
                self.focusNextChild()
            return True
        return super().eventFilter(obj, e)
