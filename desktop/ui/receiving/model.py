"""The 收件情况 board as a table: a row per subordinate unit, a column per due item (the rosters, the
March documents, each month's 月报, the 验收评分), then the unit's e-mail address."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from desktop.domain.dates import format_cn, format_moment
from desktop.domain.places.subordinates import Subordinate
from desktop.domain.receiving.board import NOT_RECEIVED, OVERDUE, RECEIVED, UPDATED, Cell
from desktop.ui.common.table_model import Index, TableModel
from desktop.ui.common.theme import ERROR_COLOR, ERROR_TINT, MUTED_COLOR, WARNING_TINT

_R = Qt.ItemDataRole
STATUS_ROLE = int(_R.UserRole) + 1
# (text, background) of each status
COLORS: dict[str, tuple[str, str]] = {
    RECEIVED: ("#1b5e20", "#cdeccf"),
    UPDATED: ("#8a5300", WARNING_TINT),
    NOT_RECEIVED: (MUTED_COLOR, "#f3f3f3"),
    OVERDUE: (ERROR_COLOR, ERROR_TINT),
}
ADDRESS_HEADER = "邮箱"


class ReceivingModel(TableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.view = None  # desktop.services.receiving.Receiving
        self.today = date.today()

    def set_view(self, view, today: date) -> None:
        self.beginResetModel()
        self.view, self.today = view, today
        self.endResetModel()

    # -- lookup ---------------------------------------------------------------------------------------
    @property
    def units(self) -> list[Subordinate]:
        return self.view.board.units if self.view is not None else []

    @property
    def items(self) -> list:
        return self.view.board.items if self.view is not None else []

    def unit(self, row: int) -> Subordinate | None:
        return self.units[row] if 0 <= row < len(self.units) else None

    def cell(self, row: int, column: int) -> Cell | None:
        unit = self.unit(row)
        if unit is None or not 0 <= column < len(self.items):
            return None
        return self.view.board.cell(unit, self.items[column])

    def address_column(self) -> int:
        return len(self.items)

    # -- Qt model ---------------------------------------------------------------------------------------
    def row_count(self) -> int:
        return len(self.units)

    def column_count(self) -> int:
        return len(self.items) + 1 if self.view is not None else 0

    def data(self, index: Index, role: int = _R.DisplayRole) -> object:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        unit = self.unit(row)
        if unit is None:
            return None
        if column == self.address_column():
            address = self.view.address(unit)
            if role == _R.DisplayRole:
                return address or "（未设置）"
            if role == _R.ForegroundRole and not address:
                return QBrush(QColor(MUTED_COLOR))
            if role == _R.ToolTipRole:
                learned = self.view.address_source(unit)
                return (f"从{learned}中学到；" if learned else "") + "选中后点“设置邮箱…”修改"
            return None
        cell = self.cell(row, column)
        if cell is None:
            return None
        if role == _R.DisplayRole:
            return cell.text()
        if role == STATUS_ROLE:
            return cell.status
        if role == _R.ForegroundRole:
            return QBrush(QColor(COLORS[cell.status][0]))
        if role == _R.BackgroundRole:
            return QBrush(QColor(COLORS[cell.status][1]))
        if role == _R.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == _R.FontRole and cell.status == OVERDUE:
            font = QFont()
            font.setBold(True)
            return font
        if role == _R.ToolTipRole:
            told = [f"已催报：{format_moment(r.at)}" for r in cell.reminders]
            return "\n".join([cell.summary(self.today), *told, "双击查看收到的文件和来源"])
        return None

    def header(self, section: int, role: int) -> object:
        if section == self.address_column():
            return ADDRESS_HEADER if role == _R.DisplayRole else None
        if not 0 <= section < len(self.items):
            return None
        item = self.items[section]
        if role == _R.DisplayRole:
            return item.short
        if role == _R.ToolTipRole:
            return f"{item.label}：截止 {format_cn(item.deadline)}"
        return None

    def vertical_header(self, section: int, role: int) -> object:
        unit = self.unit(section)
        if unit is None:
            return None
        if role == _R.DisplayRole:
            return unit.name
        if role == _R.ToolTipRole:
            missing = [c.item.label for c in self.view.board.row(unit) if c.status == OVERDUE]
            return f"{unit.name}：" + (f"逾期 {len(missing)} 项（{'、'.join(missing)}）" if missing else "没有逾期")
        return None
