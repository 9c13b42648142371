"""The form of one town row: place pickers, town type, note and the villages panel."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.findings import Finding
from desktop.domain.model import TOWN_TYPES, Level, TownEntry, Village, town_type_for_level
from desktop.domain.names import clean_text
from desktop.domain.places.gazetteer import Gazetteer, Place
from desktop.domain.text_rules import check_text
from desktop.ui.common.message_label import MessageLabel
from desktop.ui.common.picker import PlacePicker
from desktop.ui.common.text_limit import limit_text
from desktop.ui.common.theme import mark_widget, set_role, worst
from desktop.ui.roster.villages import VillagesPanel

if TYPE_CHECKING:
    from desktop.domain.merge.provenance import Provenance

PLACE_FIELDS = ("city", "city_code", "county", "county_code", "town", "town_code")
FIELD_TITLES = {"city": "市（州）", "county": "县（市、区）", "town": "乡镇（街道）",
                "town_type": "乡镇类型", "note": "备注", "villages": "村（社区）"}
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_TYPE_HINT = "按数字键 1–5 选择，或按 ↑↓ 切换"


class TownForm(QWidget):
    """Edits one TownEntry. Emits what to store; the roster page writes it.

    ``fields_committed(dict)``: town fields (names of store.TOWN_FIELDS) that changed.
    ``villages_committed(list[Village])``: the town's new village list.
    """

    fields_committed = Signal(dict)
    villages_committed = Signal(list)

    def __init__(self, level: Level, gaz: Gazetteer, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.level = level
        self.gaz = gaz
        self.entry: TownEntry | None = None
        # Where an imported town came from (Store.provenance); None: no provenance line is shown.
        self.provenance_of: Callable[[int], Provenance | None] | None = None
        self.title = QLabel()
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title.setFont(font)
        self.provenance_label = QLabel()
        set_role(self.provenance_label, "role", "hint")
        self.provenance_label.setWordWrap(True)
        self.provenance_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.provenance_label.hide()

        self.city_picker = PlacePicker(gaz, lambda: (gaz.cities, []))
        self.county_picker = PlacePicker(gaz, self._county_source, self._county_context)
        self.town_picker = PlacePicker(gaz, self._town_source, self._town_context)
        self.city_picker.setPlaceholderText("输入名称或拼音首字母，如 lz")
        self.county_picker.setPlaceholderText("输入名称或拼音，如 hj、hejiang")
        self.town_picker.setPlaceholderText("输入名称或拼音首字母")
        self.type_combo = QComboBox()
        self.type_combo.setPlaceholderText("请选择乡镇类型")
        self.type_combo.setToolTip(_TYPE_HINT)
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText("可不填")
        self.villages = VillagesPanel(gaz)
        for name, picker in (("city", self.city_picker), ("county", self.county_picker), ("town", self.town_picker)):
            limit_text(picker, "name", FIELD_TITLES[name])
        limit_text(self.note_edit, "note", FIELD_TITLES["note"])

        self.city_picker.committed.connect(self._on_city)
        self.county_picker.committed.connect(self._on_county)
        self.town_picker.committed.connect(self._on_town)
        self.type_combo.activated.connect(self._on_type)
        self.note_edit.editingFinished.connect(self._on_note)
        self.villages.villages_changed.connect(self._on_villages)
        self.type_combo.installEventFilter(self)
        self.note_edit.installEventFilter(self)

        self.widgets: dict[str, QWidget] = {
            "city": self.city_picker, "county": self.county_picker, "town": self.town_picker,
            "town_type": self.type_combo, "note": self.note_edit, "villages": self.villages.list_view}
        self.messages: dict[str, MessageLabel] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for name, widget in (("city", self.city_picker), ("county", self.county_picker),
                             ("town", self.town_picker), ("town_type", self.type_combo),
                             ("note", self.note_edit)):
            form.addRow(FIELD_TITLES[name], self._with_message(name, widget))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.provenance_label)
        layout.addLayout(form)
        layout.addWidget(QLabel("村（社区）"))
        layout.addWidget(self.villages, 1)
        self._fill_types("")
        # after an edit is stored, the line says 导入后本地已修改 (queued: the page writes first)
        for signal in (self.fields_committed, self.villages_committed):
            signal.connect(self.show_provenance, Qt.ConnectionType.QueuedConnection)

    def _with_message(self, name: str, widget: QWidget) -> QWidget:
        box = QWidget()
        col = QVBoxLayout(box)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(2)
        col.addWidget(widget)
        label = MessageLabel()
        label.hide()
        col.addWidget(label)
        self.messages[name] = label
        return box

    # -- picker sources --------------------------------------------------------------
    def _county_source(self) -> tuple[list[Place], list[Place]]:
        code = self.entry.city_code if self.entry else None
        return (self.gaz.children_of(code) if code else []), self.gaz.counties

    def _county_context(self, place: Place) -> str:
        city = self.gaz.parent(place)
        own = self.entry is not None and place.parent_code == self.entry.city_code
        return city.name if city and not own else ""

    def _town_source(self) -> tuple[list[Place], list[Place]]:
        code = self.entry.county_code if self.entry else None
        return (self.gaz.children_of(code) if code else []), self.gaz.towns

    def _town_context(self, place: Place) -> str:
        if self.entry is not None and place.parent_code == self.entry.county_code:
            return ""
        county = self.gaz.parent(place)
        city = self.gaz.parent(county) if county else None
        return f"{city.name if city else ''}{county.name if county else ''}"

    # -- showing an entry --------------------------------------------------------------
    def set_entry(self, entry: TownEntry | None, row: int = 0) -> None:
        self.entry = entry
        self.setEnabled(entry is not None)
        if entry is None:
            for picker in (self.city_picker, self.county_picker, self.town_picker):
                picker.set_value("")
            self.note_edit.clear()
            self._fill_types("")
            self.villages.set_town(None, [])
            self.title.clear()
            self.show_provenance()
            return
        self.city_picker.set_value(entry.city, code=entry.city_code)
        self.county_picker.set_value(entry.county, code=entry.county_code)
        self.town_picker.set_value(entry.town, code=entry.town_code)
        self._fill_types(entry.town_type)
        self.note_edit.setText(entry.note)
        self.villages.set_town(entry.town_code, entry.villages)
        self.set_row(row)
        self.show_provenance()

    def show_provenance(self) -> None:
        """The grey line under the title: which office's package or workbook the town came from."""
        entry, lookup = self.entry, self.provenance_of
        prov = lookup(entry.id) if entry is not None and entry.id is not None and lookup is not None else None
        self.provenance_label.setText(prov.describe() if prov is not None else "")
        self.provenance_label.setVisible(prov is not None)

    def set_row(self, row: int) -> None:
        if self.entry is not None:
            name = " ".join(x for x in (self.entry.county, self.entry.town) if x) or "新乡镇"
            self.title.setText(f"第 {row} 行：{name}")

    def _fill_types(self, value: str) -> None:
        self.type_combo.clear()
        for t in TOWN_TYPES:
            self.type_combo.addItem(town_type_for_level(t, self.level), t)
        if value and value not in TOWN_TYPES:
            self.type_combo.addItem(f"{value}（不是规定类型）", value)
        self.type_combo.setCurrentIndex(self.type_combo.findData(value) if value else -1)

    # -- findings ----------------------------------------------------------------------
    def set_findings(self, findings: list[Finding]) -> None:
        """Findings of the shown town: mark each field they point at and show their messages."""
        by_field: dict[str, list[Finding]] = {name: [] for name in self.widgets}
        for f in findings:
            if f.location.field in by_field:
                by_field[f.location.field].append(f)
        for name, widget in self.widgets.items():
            if name == "villages":
                self.villages.set_findings(by_field[name])
                continue
            base = _TYPE_HINT if name == "town_type" else ""
            mark_widget(widget, by_field[name], base)
            label = self.messages[name]
            sev = worst(by_field[name])
            label.setText("\n".join(f.message for f in by_field[name]))
            set_role(label, "role", f"finding-{sev.value}" if sev else "")
            label.setVisible(bool(by_field[name]))

    def focus_field(self, field: str | None, village: str | None = None) -> None:
        if field == "villages":
            self.villages.focus_village(village)
            return
        widget = self.widgets.get(field or "") or self.first_empty_field()
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        if isinstance(widget, QLineEdit):
            widget.selectAll()

    def first_empty_field(self) -> QWidget:
        if self.entry is None:
            return self.city_picker
        for name in ("city", "county", "town"):
            if not getattr(self.entry, name):
                return self.widgets[name]
        return self.type_combo if not self.entry.town_type else self.villages.filter_edit

    def commit_pending(self) -> None:
        """Write what is typed but not yet committed (before another town is shown)."""
        for picker in (self.city_picker, self.county_picker, self.town_picker):
            picker.commit_text()
        self._on_note()

    # -- edits -----------------------------------------------------------------------
    def _refused(self, field: str, text: str) -> bool:
        """Text with control characters or over the length limit is not stored; the field is reset."""
        assert self.entry is not None
        where = " ".join(x for x in (self.entry.level.attachment, self.entry.county, self.entry.town) if x)
        message = check_text(text, f"{where} {FIELD_TITLES[field]}", "note" if field == "note" else "name")
        if message is None:
            return False
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.warning(self, "无法保存", message)
        widget = self.widgets[field]
        if isinstance(widget, PlacePicker):
            widget.set_value(getattr(self.entry, field), self.gaz.get(getattr(self.entry, f"{field}_code")))
        elif isinstance(widget, QLineEdit):
            widget.setText(getattr(self.entry, field))
        return True

    def _on_city(self, text: str, place: Place | None) -> None:
        if self.entry is not None and not self._refused("city", text):
            self.entry.city = text
            self._resolve_places()

    def _move_row(self, what: str, place: Place, owner: Place | None, current: str, change: str) -> bool:
        """A place picked from another county (or city): never move the row silently. True when the
        user agrees to change the other field(s) too; else the picker shows its old value again."""
        from PySide6.QtWidgets import QMessageBox

        owner_name = self._full_name(owner)
        answer = QMessageBox.question(
            self, f"{what}不属于{current}",
            f"{place.name}不属于{current}（属于{owner_name}）。\n\n是否把这一行改为{change}？\n选“否”不作任何改动。",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def _full_name(self, place: Place | None) -> str:
        if place is None:
            return "其他地区"
        parent = self.gaz.parent(place)
        return f"{parent.name}{place.name}" if parent is not None and place.kind == "county" else place.name

    def _on_county(self, text: str, place: Place | None) -> None:
        if self.entry is None or self._refused("county", text):
            return
        if place is not None and place.parent_code != self.entry.city_code:
            city = self.gaz.get(place.parent_code)  # picked from another city, or city still empty
            if self.entry.city.strip() and city is not None and not self._move_row(
                    "县（市、区）", place, city, self.entry.city, f"{city.name}{place.name}"):
                self.county_picker.set_value(self.entry.county, self.gaz.get(self.entry.county_code))
                return
            self.entry.city = city.name if city else self.entry.city
        self.entry.county = text
        self._resolve_places()

    def _on_town(self, text: str, place: Place | None) -> None:
        if self.entry is None or self._refused("town", text):
            return
        if place is not None and place.parent_code != self.entry.county_code:
            county = self.gaz.get(place.parent_code)
            city = self.gaz.parent(county) if county else None
            if self.entry.county.strip() and county is not None and not self._move_row(
                    "乡镇（街道）", place, county, self.entry.county, f"{self._full_name(county)}的{place.name}"):
                self.town_picker.set_value(self.entry.town, self.gaz.get(self.entry.town_code))
                return
            self.entry.county = county.name if county else self.entry.county
            self.entry.city = city.name if city else self.entry.city
        self.entry.town = text
        self._resolve_places()

    def _resolve_places(self) -> None:
        from desktop.domain.places.matching import resolve_entry

        entry = self.entry
        assert entry is not None
        old_town_code = entry.town_code
        resolved = resolve_entry(dataclasses.replace(entry, villages=[]), self.gaz)
        fields = {f: getattr(resolved, f) for f in PLACE_FIELDS}
        for name, value in fields.items():
            setattr(entry, name, value)
        self.city_picker.set_value(entry.city, self.gaz.get(entry.city_code))
        self.county_picker.set_value(entry.county, self.gaz.get(entry.county_code))
        self.town_picker.set_value(entry.town, self.gaz.get(entry.town_code))
        self.fields_committed.emit(fields)
        if entry.town_code != old_town_code:
            self._move_villages(old_town_code)

    def _move_villages(self, old_town_code: str | None) -> None:
        """The town changed: match the ticked villages to the new town, or drop them if the user agrees."""
        from desktop.domain.places.matching import resolve_village

        entry = self.entry
        assert entry is not None
        moved = [resolve_village(v.name, entry.town_code, self.gaz) for v in entry.villages]
        lost = [v for v in moved if v.code is None]
        if lost and old_town_code is not None:
            from PySide6.QtWidgets import QMessageBox

            old = self.gaz.get(old_town_code)
            old_name = f"原来的{old.name}" if old is not None else "原来的乡镇（街道）"
            if entry.town_code is None:  # the town is no longer found (e.g. the county changed)
                reason = (f"“{entry.town or '（空）'}”不是{entry.county or '所选县（市、区）'}的乡镇（街道），"
                          f"已勾选的 {len(lost)} 个村（社区）（属于{old_name}）无法对应。")
            else:
                reason = f"已勾选的 {len(lost)} 个村（社区）属于{old_name}，不属于{entry.town}。"
            answer = QMessageBox.question(
                self, "更换乡镇（街道）",
                f"{reason}\n是否清除原来勾选的村（社区）？选“否”则保留，检查结果中会标为错误。",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes)
            if answer == QMessageBox.StandardButton.Yes:
                moved = []
            else:  # kept as they were, codes included: the check marks them as another town's
                moved = [m if m.code else v for m, v in zip(moved, entry.villages, strict=True)]
        self.villages.set_town(entry.town_code, moved)
        if moved != entry.villages:
            self._on_villages(self.villages.villages() if moved else [])

    def _on_type(self, index: int) -> None:
        if self.entry is None or index < 0:
            return
        value = self.type_combo.itemData(index)
        if value != self.entry.town_type:
            self.entry.town_type = value
            self.fields_committed.emit({"town_type": value})

    def _on_note(self) -> None:
        if self.entry is None:
            return
        text = clean_text(self.note_edit.text())
        if text != self.entry.note and not self._refused("note", self.note_edit.text()):
            self.entry.note = text
            self.fields_committed.emit({"note": text})

    def _on_villages(self, villages: list[Village]) -> None:
        if self.entry is not None:
            self.entry.villages = list(villages)
            self.villages_committed.emit(list(villages))

    # -- keys ------------------------------------------------------------------------
    def eventFilter(self, obj: QObject, e: QEvent) -> bool:
        if e.type() == QEvent.Type.KeyPress and isinstance(e, QKeyEvent):
            if e.key() in _ENTER and obj in (self.type_combo, self.note_edit):
                if obj is self.note_edit:
                    self._on_note()
                self.focusNextChild()
                return True
            if obj is self.type_combo and e.text() in {str(i) for i in range(1, len(TOWN_TYPES) + 1)}:
                self.type_combo.setCurrentIndex(int(e.text()) - 1)
                self._on_type(int(e.text()) - 1)
                return True
        return super().eventFilter(obj, e)
