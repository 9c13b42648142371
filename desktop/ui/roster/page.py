"""One tab of the window: a list's 填报时间, its towns on the left, the selected town's form on the right."""

from __future__ import annotations

import heapq
from datetime import date
from itertools import pairwise

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.findings import Finding
from desktop.domain.model import Level, Roster, Settings, TownEntry, Village, town_type_for_level
from desktop.domain.places.gazetteer import Gazetteer
from desktop.store.database import Store
from desktop.ui.common.date_field import HINT as DATE_HINT
from desktop.ui.common.date_field import DateField
from desktop.ui.common.theme import mark_widget, set_role, worst
from desktop.ui.roster.town_form import TownForm
from desktop.ui.roster.town_table import (
    COL_CITY,
    COL_COUNTY,
    COL_NOTE,
    COL_TOWN,
    COL_TYPE,
    HEADERS,
    TownTableModel,
)

RULES = {
    Level.PROVINCIAL: "填报省级试点地区：每个试点县（市、区）不少于 5 个乡镇（街道），每个乡镇（街道）不少于 10 个村（社区）。",
    Level.CITY: "填报市级试点地区：每个市（州）确定 1-2 个县（市、区），乡镇（街道）、村（社区）自行确定。",
    Level.COUNTY: "填报县级试点地区：每个县（市、区）不少于 2 个乡镇（街道），村（社区）数量自行确定。",
}


class RosterPage(QWidget):
    """Edit one list (附件1/2/3). Every committed edit is written to the store at once;
    ``changed`` is emitted after each write so the window can re-check."""

    changed = Signal()

    def __init__(self, level: Level, store: Store, gaz: Gazetteer, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.level = level
        self.store = store
        self.gaz = gaz
        self.settings = Settings()
        self.roster = Roster(level)

        self.date_field = DateField()
        self.date_field.committed.connect(self._on_filled_on)
        self.date_message = QLabel()
        self.date_message.hide()
        rules = QLabel(RULES[level])
        set_role(rules, "role", "hint")
        rules.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(QLabel("填报时间"))
        top.addWidget(self.date_field)
        top.addWidget(self.date_message)
        top.addSpacing(16)
        top.addWidget(rules, 1)

        self.model = TownTableModel(level, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setMinimumSectionSize(48)
        self.columns = ColumnFitter(self.table, self.model)
        self.table.selectionModel().currentRowChanged.connect(self._on_row_changed)
        self.add_button = QPushButton("添加乡镇")
        self.add_button.setToolTip("添加一个试点乡镇（街道）（Ctrl+N）")
        self.add_button.clicked.connect(self.add_town)
        self.delete_button = QPushButton("删除乡镇")
        self.delete_button.setToolTip("删除选中的乡镇（街道）及其村（社区）（表格中按 Delete）")
        self.delete_button.clicked.connect(self.delete_current)
        self.table.installEventFilter(self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table, 1)
        left_layout.addLayout(buttons)

        self.form = TownForm(level, gaz)
        self.form.fields_committed.connect(self._on_fields)
        self.form.villages_committed.connect(self._on_villages)
        empty = QLabel("本名单还没有乡镇（街道）。\n\n点击“添加乡镇”或按 Ctrl+N 开始填报。")
        empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        set_role(empty, "role", "hint")
        self.right = QStackedWidget()
        self.right.addWidget(empty)
        # the form scrolls on a low screen (1366×768 at 150 %: about 450 points of height for the page)
        self.form_scroll = QScrollArea()
        self.form_scroll.setWidget(self.form)
        self.form_scroll.setWidgetResizable(True)
        self.form_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.form_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.right.addWidget(self.form_scroll)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.right)
        self.splitter.setStretchFactor(0, 5)
        self.splitter.setStretchFactor(1, 4)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)
        f, v = self.form, self.form.villages
        chain = [self.date_field, self.table, self.add_button, self.delete_button, f.city_picker, f.county_picker,
                 f.town_picker, f.type_combo, f.note_edit, v.filter_edit, v.list_view, v.free_edit, v.add_button]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    # -- contents --------------------------------------------------------------------
    def set_roster(self, roster: Roster, settings: Settings | None = None,
                   village_counts: dict[int, int] | None = None, rows: int | None = None,
                   longest: dict[str, list[str]] | None = None) -> None:
        """Show a freshly loaded list, keeping the selected town when it still exists.

        ``village_counts``, ``rows`` and ``longest``: the list is only started
        (``Store.load_outline``): its first towns without their villages (counted instead) of
        ``rows`` in all, and the longest texts of the whole list by field, so the columns get the
        widths the whole list will need; the first town must hold its villages, its form is shown.
        """
        keep = self.current_town_id()
        if settings is not None:
            self.settings = settings
        self.roster = roster
        self.date_field.set_value(roster.filled_on)
        self._size_row_numbers(rows or len(roster.towns))
        self.model.set_towns(roster.towns, village_counts, rows)
        self.columns.fit(longest)
        row = self.model.row_of(keep)
        self._select_row(row if row >= 0 else 0)
        self._show_current()

    def _size_row_numbers(self, rows: int) -> None:
        """The row-number column fits the largest number (and grows by a digit when needed)."""
        digits = len(str(max(rows, 1) + 9))  # room for a few more rows
        header = self.table.verticalHeader()
        width = header.fontMetrics().horizontalAdvance("0" * digits) + 16
        self.model.row_number_size = QSize(width, header.defaultSectionSize())

    def commit_pending(self) -> None:
        self.date_field.commit()
        if self.form.entry is not None:
            self.form.commit_pending()

    def current_town(self) -> TownEntry | None:
        return self.model.town(self.table.currentIndex().row())

    def current_town_id(self) -> int | None:
        town = self.current_town()
        return town.id if town else None

    def _select_row(self, row: int) -> None:
        if self.model.rowCount() == 0:
            return
        row = max(0, min(row, self.model.rowCount() - 1))
        self.table.selectionModel().setCurrentIndex(
            self.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)

    def select_town(self, town_id: int | None) -> bool:
        row = self.model.row_of(town_id)
        if row < 0:
            return False
        self._select_row(row)
        return True

    def _on_row_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if previous.isValid() and self.form.entry is not None and self.form.entry.id != self.current_town_id():
            self.form.commit_pending()
        self._show_current()

    def _show_current(self) -> None:
        town = self.current_town()
        self.right.setCurrentIndex(1 if town else 0)
        self.delete_button.setEnabled(town is not None)
        if town is None:
            self.form.set_entry(None)
            return
        if self.model.villages_missing(town) and town.id is not None:
            town.villages = self.store.load_villages(town.id)  # before the whole list is read
        if self.form.entry is not town:
            self.form.set_entry(town, self.table.currentIndex().row() + 1)
        self.form.set_findings(self.model.findings_of(town.id))

    def set_findings(self, findings: list[Finding]) -> None:
        """This list's findings: rows get marks, the form its fields, the date field its own."""
        mine = [f for f in findings if f.location.level is self.level]
        self.model.set_findings(mine)
        dated = [f for f in mine if f.location.field == "filled_on"]
        mark_widget(self.date_field, dated, DATE_HINT)
        sev = worst(dated)
        self.date_message.setText("；".join(f.message.split("：", 1)[-1] for f in dated))
        set_role(self.date_message, "role", f"finding-{sev.value}" if sev else "")
        self.date_message.setVisible(bool(dated))
        town = self.current_town()
        if town is not None:
            self.form.set_findings(self.model.findings_of(town.id))

    def focus_field(self, field: str | None, village: str | None = None) -> None:
        if field == "filled_on":
            self.date_field.setFocus(Qt.FocusReason.OtherFocusReason)
        elif self.current_town() is not None:
            self.form.focus_field(field, village)

    # -- writes ------------------------------------------------------------------------
    def _on_filled_on(self, value: date | None) -> None:
        self.store.set_filled_on(self.level, value)
        self.roster.filled_on = value
        self.changed.emit()

    def _on_fields(self, fields: dict) -> None:
        town = self.form.entry
        if town is None or town.id is None:
            return
        self.store.update_town(town.id, **fields)
        self.model.refresh_town(town.id)
        self.columns.fit()
        self.form.set_row(self.model.row_of(town.id) + 1)
        self.changed.emit()

    def _on_villages(self, villages: list[Village]) -> None:
        town = self.form.entry
        if town is None or town.id is None:
            return
        self.store.set_villages(town.id, villages)
        self.model.refresh_town(town.id)
        self.changed.emit()

    def new_entry(self) -> TownEntry:
        """A new row starts with the city and county of the last row (or of the 填报单位)."""
        entry = TownEntry(self.level)
        last = self.model.town(self.model.rowCount() - 1)
        if last is not None:
            entry.city, entry.city_code = last.city, last.city_code
            entry.county, entry.county_code = last.county, last.county_code
            return entry
        place = self.gaz.get(self.settings.unit.region_code)
        if place is not None and place.kind == "county":
            city = self.gaz.parent(place)
            entry.county, entry.county_code = place.name, place.code
            entry.city, entry.city_code = (city.name, city.code) if city else ("", None)
        elif place is not None and place.kind == "city":
            entry.city, entry.city_code = place.name, place.code
        return entry

    def add_town(self) -> TownEntry:
        self.form.commit_pending()
        entry = self.new_entry()
        self.store.add_town(entry)
        self.roster.towns.append(entry)
        self._size_row_numbers(len(self.roster.towns))
        self.model.set_towns(self.roster.towns)
        self._select_row(self.model.rowCount() - 1)
        self._show_current()
        self.form.focus_field(None)
        self.changed.emit()
        return entry

    def delete_current(self) -> bool:
        town = self.current_town()
        if town is None or town.id is None:
            return False
        row = self.table.currentIndex().row()
        name = " ".join(x for x in (town.county, town.town) if x) or f"第 {row + 1} 行"
        extra = f"及其 {len(town.villages)} 个村（社区）" if town.villages else ""
        from PySide6.QtWidgets import QMessageBox

        answer = QMessageBox.question(self, "删除乡镇", f"确定删除“{name}”{extra}吗？",
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return False
        self.store.delete_town(town.id)
        self.roster.towns = [t for t in self.roster.towns if t.id != town.id]
        self.form.entry = None
        self.model.set_towns(self.roster.towns)
        self._select_row(row)
        self._show_current()
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        self.changed.emit()
        return True

    def eventFilter(self, obj: QObject, e: QEvent) -> bool:
        if obj is self.table and e.type() == QEvent.Type.KeyPress and isinstance(e, QKeyEvent):
            if e.key() == Qt.Key.Key_Delete:
                self.delete_current()
                return True
            if e.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.current_town() is not None:
                self.form.focus_field(None)
                return True
        return super().eventFilter(obj, e)



def display_width(text: str) -> int:
    """A text's width in half-width units, near enough to rank names: a Chinese character (three
    UTF-8 bytes) counts two, a Latin letter or digit one. ``Store.load_outline`` ranks the same way."""
    return len(text.encode("utf-8")) + len(text)


class ColumnFitter:
    """Sizes every column but the last (备注 stretches) to its widest text, as ResizeToContents would.

    The model's distinct texts are ranked by ``display_width`` and the five widest measured with the
    view's font, instead of Qt asking for every cell: sizing 3,111 rows that way took 30 ms at start-up.
    A column the user has dragged keeps the width the user gave it; none grows beyond ``widest``.
    """

    def __init__(self, table: QTableView, model: TownTableModel, widest: int = 260) -> None:
        self.table, self.model, self.widest = table, model, widest
        self.user_sized: set[int] = set()
        self._fitting = False
        table.horizontalHeader().sectionResized.connect(self._on_resized)

    def _on_resized(self, col: int, _old: int, _new: int) -> None:
        if not self._fitting and col != COL_NOTE:
            self.user_sized.add(col)

    def fit(self, longest: dict[str, list[str]] | None = None) -> None:
        """``longest``: more texts by field (``Outline.longest``), for rows not loaded yet."""
        fm, header = self.table.fontMetrics(), self.table.horizontalHeader()
        header_fm = header.fontMetrics()
        icon = 16 + 6  # the row's 16-pixel finding mark and its gap (QStyle.PM_SmallIconSize)
        more = {COL_CITY: "city", COL_COUNTY: "county", COL_TOWN: "town", COL_TYPE: "town_type"}
        self._fitting = True
        try:
            for col in range(len(HEADERS)):
                if col == COL_NOTE or col in self.user_sized:
                    continue
                texts = self.model.column_texts(col)
                if longest and col in more:
                    extra = longest.get(more[col], [])
                    texts |= {town_type_for_level(t, self.model.level) for t in extra} if col == COL_TYPE else set(extra)
                widest = heapq.nlargest(5, texts, key=display_width)  # measured in pixels: the 5 widest guesses
                text = max((fm.horizontalAdvance(t) for t in widest), default=0) + 16
                if col == COL_CITY:
                    text += icon  # the row's finding mark sits before the city
                width = min(max(text, header_fm.horizontalAdvance(HEADERS[col]) + 24), self.widest)
                header.resizeSection(col, max(width, header.minimumSectionSize()))
        finally:
            self._fitting = False
