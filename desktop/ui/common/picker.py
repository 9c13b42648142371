"""Place picker: a line edit with a popup list filtered by characters or pinyin as the user types.

The list is filtered in Python (Gazetteer.search over precomputed pinyin) and the model is reset;
no QSortFilterProxyModel. The popup never takes the focus, so input methods keep working:
Up/Down move in it, Enter/Tab accept, Esc closes. Free text that is not in the list is kept.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QFocusEvent, QHideEvent, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QFrame, QLineEdit, QListView, QWidget

from desktop.domain.names import compact
from desktop.domain.places.gazetteer import Gazetteer, Place
from desktop.ui.common.theme import chevron_icon

POPUP_LIMIT = 300
POPUP_ROWS = 10

# (the picker's own list, a wider list used when the own list has no hit); a place's context
# (its parent, shown in brackets; empty when obvious)
Source = Callable[[], tuple[list[Place], list[Place]]]
Context = Callable[[Place], str]

_DISPLAY = Qt.ItemDataRole.DisplayRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole


class PlaceListModel(QAbstractListModel):
    """The popup's rows: a place's name, with its parent in brackets when it comes from elsewhere."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[Place, str]] = []
        self.row_height = 24

    def set_rows(self, rows: list[tuple[Place, str]], row_height: int = 24) -> None:
        self.beginResetModel()
        self.row_height = row_height
        self._rows = rows
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = _DISPLAY) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        place, context = self._rows[index.row()]
        if role == _DISPLAY:
            return f"{place.name}（{context}）" if context else place.name
        if role == _TOOLTIP:
            return place.official if place.official != place.name else None
        if role == Qt.ItemDataRole.SizeHintRole:
            return QSize(-1, self.row_height)
        return None

    def place(self, row: int) -> Place | None:
        return self._rows[row][0] if 0 <= row < len(self._rows) else None


class PlacePicker(QLineEdit):
    """Pick a city, county or town (or type a name that is not in the gazetteer).

    ``committed(text, place)`` is emitted once per change the user makes: ``place`` is the
    gazetteer entry when one was picked or the text matches one exactly, else None.
    """

    committed = Signal(str, object)

    def __init__(self, gaz: Gazetteer, source: Source | None = None, context: Context | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.gaz = gaz
        self._source: Source = source or (lambda: ([], []))
        self._context: Context = context or (lambda place: "")
        self._committed_text = ""
        self._committed_place: Place | None = None
        self._committed_code: str | None = None
        self.model = PlaceListModel(self)
        self._popup: QListView | None = None  # made the first time it is shown (start-up)
        action = self.addAction(chevron_icon(), QLineEdit.ActionPosition.TrailingPosition)
        action.setToolTip("显示列表（↓）")
        action.triggered.connect(self._open_full_list)
        self.textEdited.connect(self._on_text_edited)
        self.editingFinished.connect(self.commit_text)

    @property
    def popup(self) -> QListView:
        """The list under the field, made on first use."""
        if self._popup is None:
            popup = self._popup = QListView(self)
            popup.setWindowFlags(Qt.WindowType.ToolTip | Qt.WindowType.FramelessWindowHint
                                 | Qt.WindowType.WindowDoesNotAcceptFocus)
            popup.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
            popup.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            popup.setFrameShape(QFrame.Shape.Box)
            popup.setUniformItemSizes(True)
            popup.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            popup.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
            popup.setModel(self.model)
            popup.clicked.connect(self._accept_index)
            popup.hide()
        return self._popup

    # -- configuration -------------------------------------------------------------
    def set_source(self, source: Source, context: Context | None = None) -> None:
        self._source = source
        if context is not None:
            self._context = context

    def set_value(self, text: str, place: Place | None = None, *, code: str | None = None) -> None:
        """Show a stored value without emitting ``committed``. ``code``: the value's gazetteer code,
        looked up only when ``place`` is asked for (the first form shown needs no gazetteer)."""
        self.hide_popup()
        self.setText(text)
        self._committed_text = text
        self._committed_place = place
        self._committed_code = code if place is None else None

    @property
    def place(self) -> Place | None:
        if self._committed_code is not None:
            self._committed_place = self.gaz.get(self._committed_code)
            self._committed_code = None
        return self._committed_place

    # -- filtering -----------------------------------------------------------------
    def candidates(self, query: str) -> list[tuple[Place, str]]:
        """Hits of the own list (best first, exact name first); the wider list when none."""
        own, wider = self._source()
        query = compact(query)
        places = self.gaz.search(own, query, POPUP_LIMIT)
        if not places and wider and (query or not own):
            places = self.gaz.search(wider, query, POPUP_LIMIT)
        hits = [(p, self._context(p)) for p in places]
        exact = [h for h in hits if h[0].name == query]
        if exact:
            hits = exact + [h for h in hits if h[0].name != query]
        return hits

    def show_popup(self, query: str | None = None) -> None:
        rows = self.candidates(self.text() if query is None else query)
        self.model.set_rows(rows, self.fontMetrics().height() + 8)
        if not rows or not self.isVisible():
            self.hide_popup()
            return
        self.popup.setCurrentIndex(self.model.index(0, 0))
        height = self.model.row_height * min(len(rows), POPUP_ROWS) + 2 * self.popup.frameWidth()
        width = max(self.width(), self.popup.sizeHintForColumn(0) + 40)
        corner = self.mapToGlobal(QPoint(0, self.height()))
        self.popup.setGeometry(corner.x(), corner.y(), width, height)
        self.popup.show()
        self.popup.raise_()

    def hide_popup(self) -> None:
        if self._popup is not None:
            self._popup.hide()

    def popup_visible(self) -> bool:
        return self._popup is not None and self._popup.isVisible()

    def popup_names(self) -> list[str]:
        return [self.model.place(r).name for r in range(self.model.rowCount())]  # type: ignore[union-attr]

    def _on_text_edited(self, text: str) -> None:
        self.show_popup(text)

    def _open_full_list(self) -> None:
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        self.show_popup("")

    # -- accepting -----------------------------------------------------------------
    def _accept_index(self, index: QModelIndex) -> None:
        place = self.model.place(index.row())
        if place is not None:
            self.accept_place(place)

    def accept_current(self) -> bool:
        """Take the popup's current row; False when the popup shows nothing."""
        if not self.popup_visible():
            return False
        index = self.popup.currentIndex()
        self.hide_popup()
        if not index.isValid():
            return False
        self._accept_index(index)
        return True

    def accept_place(self, place: Place) -> None:
        self.hide_popup()
        self.setText(place.name)
        self._committed_text = place.name
        self._committed_place = place
        self._committed_code = None
        self.committed.emit(place.name, place)

    def commit_text(self) -> None:
        """Commit typed text if it changed: matched to its own list when exact, else free text."""
        text = compact(self.text())
        if text != self.text():
            self.setText(text)
        if text == self._committed_text:
            return
        own, _wider = self._source()
        exact = [p for p in own if p.name == text]
        place = exact[0] if len(exact) == 1 else None
        self._committed_text = text
        self._committed_place = place
        self._committed_code = None
        self.committed.emit(text, place)

    # -- keys ----------------------------------------------------------------------
    def event(self, e: QEvent) -> bool:
        # Tab is handled by QWidget.event before keyPressEvent: accept the popup's row first.
        if e.type() == QEvent.Type.KeyPress and isinstance(e, QKeyEvent) \
                and e.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            self.accept_current()
        return super().event(e)

    def revert(self) -> bool:
        """Esc: close the list and put back the committed value (typing is undone, nothing is
        committed). False when there was nothing to undo (Esc then goes on to the dialog)."""
        was_open = self.popup_visible()
        self.hide_popup()
        if self.text() != self._committed_text:
            self.setText(self._committed_text)
            return True
        return was_open

    def keyPressEvent(self, e: QKeyEvent) -> None:
        key = e.key()
        if key == Qt.Key.Key_Escape:
            if self.revert():
                e.accept()
                return
            super().keyPressEvent(e)
            return
        if self.popup_visible():
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
                self._move(key)
                return
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.accept_current()
                self.focusNextChild()
                return
        elif key == Qt.Key.Key_Down:
            self.show_popup("" if self.text() == self._committed_text else None)
            return
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.commit_text()
            self.focusNextChild()
            return
        super().keyPressEvent(e)

    def _move(self, key: int) -> None:
        n = self.model.rowCount()
        row = self.popup.currentIndex().row()
        step = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_PageDown: POPUP_ROWS,
                Qt.Key.Key_PageUp: -POPUP_ROWS}[Qt.Key(key)]
        row = max(0, min(n - 1, (row if row >= 0 else -1) + step))
        self.popup.setCurrentIndex(self.model.index(row, 0))

    def focusOutEvent(self, e: QFocusEvent) -> None:
        super().focusOutEvent(e)
        # Let a click on the popup land before hiding it.
        QTimer.singleShot(150, self, self._hide_if_left)

    def _hide_if_left(self) -> None:
        if not self.hasFocus() and not (self._popup is not None and self._popup.underMouse()):
            self.hide_popup()

    def hideEvent(self, e: QHideEvent) -> None:
        self.hide_popup()
        super().hideEvent(e)
