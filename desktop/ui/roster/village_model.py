"""Checklist model of one town's villages: the official ones of the gazetteer plus free names."""

from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from desktop.domain.findings import Finding
from desktop.domain.model import Village
from desktop.domain.names import compact
from desktop.domain.places.gazetteer import Gazetteer, Place
from desktop.domain.places.matching import resolve_village
from desktop.ui.common.theme import WARNING_COLOR, severity_icon, worst

FREE_MARK = "名录外"

_R = Qt.ItemDataRole
_Index = QModelIndex | QPersistentModelIndex


class VillageChecklistModel(QAbstractListModel):
    """Rows: the town's official villages (gazetteer order), then names not in the gazetteer.

    Ticking is kept by code (official) or by name (free); ``villages()`` gives the ticked ones
    in gazetteer order, free names last. ``ticked_changed`` fires on every tick the user makes.
    """

    ticked_changed = Signal()

    def __init__(self, gaz: Gazetteer, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.gaz = gaz
        self.town_code: str | None = None
        self._official: list[Place] = []
        self._extras: list[str] = []
        self._ticked_codes: set[str] = set()
        self._ticked_extras: set[str] = set()
        self._rows: list[Place | str] = []
        self._query = ""
        self._findings: dict[str, list[Finding]] = {}

    # -- contents --------------------------------------------------------------------
    def set_town(self, town_code: str | None, villages: list[Village]) -> None:
        """Show a town's official list with the stored villages ticked; unknown names become free rows."""
        self.town_code = town_code
        self._official = self.gaz.children_of(town_code) if town_code else []
        codes = {p.code for p in self._official}
        self._ticked_codes, self._ticked_extras, self._extras = set(), set(), []
        for v in villages:
            code = v.code if v.code in codes else resolve_village(v.name, town_code, self.gaz).code
            if code in codes:
                self._ticked_codes.add(code)  # type: ignore[arg-type]
            elif v.name not in self._ticked_extras:
                self._extras.append(v.name)
                self._ticked_extras.add(v.name)
        self._query = ""
        self._rebuild()

    def set_filter(self, query: str) -> None:
        self._query = compact(query)
        self._rebuild()

    def _rebuild(self) -> None:
        self.beginResetModel()
        rows: list[Place | str] = list(self.gaz.search(self._official, self._query))
        rows += [name for name in self._extras if not self._query or self._query in name]
        self._rows = rows
        self.endResetModel()

    def set_findings(self, findings: list[Finding]) -> None:
        """Findings about single villages (Location.village) colour those rows."""
        grouped: dict[str, list[Finding]] = {}
        for f in findings:
            if f.location.village:
                grouped.setdefault(f.location.village, []).append(f)
        self._findings = grouped
        if self._rows:
            self.dataChanged.emit(self.index(0), self.index(len(self._rows) - 1))

    # -- ticking ---------------------------------------------------------------------
    def is_ticked(self, row: int) -> bool:
        item = self._rows[row]
        return item.code in self._ticked_codes if isinstance(item, Place) else item in self._ticked_extras

    def set_ticked(self, row: int, ticked: bool) -> None:
        if not 0 <= row < len(self._rows) or self.is_ticked(row) == ticked:
            return
        item = self._rows[row]
        target = self._ticked_codes if isinstance(item, Place) else self._ticked_extras
        key = item.code if isinstance(item, Place) else item
        if ticked:
            target.add(key)
        else:
            target.discard(key)
        self.dataChanged.emit(self.index(row), self.index(row))
        self.ticked_changed.emit()

    def toggle(self, row: int) -> None:
        if 0 <= row < len(self._rows):
            self.set_ticked(row, not self.is_ticked(row))

    def add_name(self, name: str) -> int:
        """Tick a typed name: the official village when it matches one, else a new free row.

        Returns the row of the ticked item (in the unfiltered list), -1 for an empty name.
        """
        name = compact(name)
        if not name:
            return -1
        village = resolve_village(name, self.town_code, self.gaz)
        if village.code and any(p.code == village.code for p in self._official):
            self._ticked_codes.add(village.code)
            key: Place | str = next(p for p in self._official if p.code == village.code)
        else:
            if village.name not in self._extras:
                self._extras.append(village.name)
            self._ticked_extras.add(village.name)
            key = village.name
        self._query = ""
        self._rebuild()
        self.ticked_changed.emit()
        return self._rows.index(key)

    def villages(self) -> list[Village]:
        out = [Village(p.name, p.code) for p in self._official if p.code in self._ticked_codes]
        return out + [Village(n) for n in self._extras if n in self._ticked_extras]

    @property
    def ticked_count(self) -> int:
        return len(self._ticked_codes) + len(self._ticked_extras)

    @property
    def official_count(self) -> int:
        return len(self._official)

    def row_of(self, name: str) -> int:
        return next((i for i, item in enumerate(self._rows)
                     if (item.name if isinstance(item, Place) else item) == name), -1)

    def name(self, row: int) -> str:
        item = self._rows[row]
        return item.name if isinstance(item, Place) else item

    def is_free(self, row: int) -> bool:
        return isinstance(self._rows[row], str)

    # -- Qt model ----------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = _R.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = index.row()
        item = self._rows[row]
        name = self.name(row)
        findings = self._findings.get(name, [])
        if role == _R.DisplayRole:
            return name if isinstance(item, Place) else f"{name}（{FREE_MARK}）"
        if role == _R.CheckStateRole:
            return Qt.CheckState.Checked if self.is_ticked(row) else Qt.CheckState.Unchecked
        if role == _R.DecorationRole:
            sev = worst(findings)
            return severity_icon(sev) if sev else None
        if role == _R.ForegroundRole and isinstance(item, str):
            return QBrush(QColor(WARNING_COLOR))
        if role == _R.ToolTipRole:
            lines = [f"{f.severity.label}：{f.message}" for f in findings]
            if isinstance(item, Place) and item.official != item.name:
                lines.insert(0, item.official)
            elif isinstance(item, str):
                lines.insert(0, "不在区划名录中的名称（保留，导出时照填）")
            return "\n".join(lines) or None
        return None

    def setData(self, index: _Index, value: object, role: int = _R.EditRole) -> bool:
        if role != _R.CheckStateRole or not index.isValid():
            return False
        state = value if isinstance(value, Qt.CheckState) else Qt.CheckState(int(value))  # type: ignore[arg-type]
        self.set_ticked(index.row(), state == Qt.CheckState.Checked)
        return True

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable
