"""The one base of the window's table models: the row count from ``row_count()``, the columns and the
horizontal header from ``HEADERS`` (or ``column_count()``/``header()``), the vertical header from
``vertical_header()``; a model gives ``data`` for its cells. Models are tested without a window."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex
_R = Qt.ItemDataRole


class TableModel(QAbstractTableModel):
    HEADERS: tuple[str, ...] = ()

    # -- what a model gives --------------------------------------------------------------------
    def row_count(self) -> int:
        raise NotImplementedError

    def column_count(self) -> int:
        return len(self.HEADERS)

    def header(self, section: int, role: int) -> object:
        """The horizontal header of column ``section`` (default: its HEADERS text)."""
        if role == _R.DisplayRole and 0 <= section < len(self.HEADERS):
            return self.HEADERS[section]
        return None

    def vertical_header(self, section: int, role: int) -> object:
        return None

    # -- Qt ------------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's signature
        return 0 if parent.isValid() else self.row_count()

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's signature
        return 0 if parent.isValid() else self.column_count()

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt's name
                   role: int = _R.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal:
            return self.header(section, role)
        return self.vertical_header(section, role)

    def row_changed(self, row: int) -> None:
        """Every cell of ``row`` changed (the views repaint it)."""
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.column_count() - 1))
