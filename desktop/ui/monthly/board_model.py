"""Item models of the deadline board: months × reporting regions, and the 四个一 of one month."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import (
    QCollator,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from desktop.domain.dates import format_cn
from desktop.domain.monthly.deadline import board_status, deadline_for
from desktop.domain.monthly.report import MonthlyReport, YearMonth
from desktop.domain.monthly.rhythm import DueEvent, due_events
from desktop.ui.common.table_model import TableModel
from desktop.ui.common.theme import ERROR_COLOR, MUTED_COLOR, WARNING_COLOR
from desktop.ui.monthly.common import EXPORTED, OK_COLOR, OVERDUE, STATUS_COLORS, UNLOCKED

_R = Qt.ItemDataRole
_Index = QModelIndex | QPersistentModelIndex
STATUS_ROLE = int(_R.UserRole) + 1
BOARD_MONTHS = 13  # the current month and the twelve before it


def board_months(today: date, reports: list[MonthlyReport], count: int = BOARD_MONTHS) -> list[YearMonth]:
    """Latest first: the current month and the ``count - 1`` before it, plus any older month with a report."""
    current = YearMonth.of(today)
    months = {current.add(-i) for i in range(count)}
    months.update(r.month for r in reports if r.month <= current)
    return sorted(months, reverse=True)


def board_regions(own: str, reports: list[MonthlyReport], subordinates: list[str] | None = None) -> list[str]:
    """The own reporting region first, then its direct subordinate units in the gazetteer's order (a
    city's counties, the province's cities — never a city beside its own counties); where the unit's
    subordinates are not known (no unit set), every other region that has a report, in pinyin order
    as Chinese lists are sorted."""
    if subordinates:
        return [own, *(name for name in subordinates if name != own)]
    collator = QCollator(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    others = sorted({r.region for r in reports if r.region != own}, key=collator.sortKey)
    return [own, *others]


class BoardModel(TableModel):
    """Each cell is board_status() of one region's report of one month."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._months: list[YearMonth] = []
        self._regions: list[str] = []
        self._own = ""
        self._reports: dict[tuple[str, YearMonth], MonthlyReport] = {}
        self._statuses: list[list[str]] = []
        self._days: dict[str, int] = {}
        self._today = date.today()

    def set_board(self, reports: list[MonthlyReport], own: str, today: date, days: dict[str, int],
                  default_day: int = 25, exported_ids: frozenset[int] | set[int] = frozenset(),
                  subordinates: list[str] | None = None) -> None:
        """``days`` gives the deadline day per region (missing regions use ``default_day``);
        ``subordinates`` the names of the unit's direct subordinate units, the other columns.

        A missing report is 逾期 only from the region's first report on (the own region: its first
        report or this month): months before it were reported before this app was used, so they
        show 未填 (board_status without ``month``), not a column of false alarms.
        """
        self.beginResetModel()
        self._own = own
        self._today = today
        self._months = board_months(today, reports)
        self._regions = board_regions(own, reports, subordinates)
        self._reports = {(r.region, r.month): r for r in reports}
        self._days = {region: days.get(region, default_day) for region in self._regions}
        current = YearMonth.of(today)
        first = {region: min([r.month for r in reports if r.region == region], default=current) for region in self._regions}
        self._statuses = [[board_status(self._reports.get((region, month)), today, self._days[region],
                                        month=month if month >= min(first[region], current) else None,
                                        exported_before=self._exported(region, month, exported_ids))
                           for region in self._regions] for month in self._months]
        self.endResetModel()

    def _exported(self, region: str, month: YearMonth, exported_ids) -> bool:
        report = self._reports.get((region, month))
        return report is not None and report.id in exported_ids

    # -- lookup ----------------------------------------------------------------------------
    def month(self, row: int) -> YearMonth | None:
        return self._months[row] if 0 <= row < len(self._months) else None

    def region(self, column: int) -> str | None:
        return self._regions[column] if 0 <= column < len(self._regions) else None

    def row_of(self, month: YearMonth) -> int:
        return self._months.index(month) if month in self._months else -1

    def column_of(self, region: str) -> int:
        return self._regions.index(region) if region in self._regions else -1

    def report(self, row: int, column: int) -> MonthlyReport | None:
        month, region = self.month(row), self.region(column)
        if month is None or region is None:
            return None
        return self._reports.get((region, month))

    def status(self, row: int, column: int) -> str | None:
        if 0 <= row < len(self._statuses) and 0 <= column < len(self._regions):
            return self._statuses[row][column]
        return None

    def is_own(self, column: int) -> bool:
        return self.region(column) == self._own

    # -- Qt model --------------------------------------------------------------------------
    def row_count(self) -> int:
        return len(self._months)

    def column_count(self) -> int:
        return len(self._regions)

    def data(self, index: _Index, role: int = _R.DisplayRole) -> object:
        status = self.status(index.row(), index.column()) if index.isValid() else None
        if status is None:
            return None
        if role in (_R.DisplayRole, STATUS_ROLE):
            return status
        if role == _R.ForegroundRole:
            return QBrush(QColor(STATUS_COLORS[status][0]))
        if role == _R.BackgroundRole:
            return QBrush(QColor(STATUS_COLORS[status][1]))
        if role == _R.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == _R.FontRole and status == OVERDUE:
            font = QFont()
            font.setBold(True)
            return font
        if role == _R.ToolTipRole:
            return self._tooltip(index.row(), index.column(), status)
        return None

    def _tooltip(self, row: int, column: int, status: str) -> str:
        month, region = self._months[row], self._regions[column]
        deadline = deadline_for(month, self._days[region])
        text = f"{region} {month.label}月报：{status}（截止 {format_cn(deadline)}）"
        report = self._reports.get((region, month))
        if status == EXPORTED or (report is not None and report.locked):
            text += "\n已导出，数据已锁定"
        elif status == UNLOCKED:
            text += "\n导出后又解锁修改：已报送的文件不是最新的，改好后请重新导出并报送"
        if region == self._own:
            text += "\n双击或按回车打开" + ("" if report else "（新建）")
        elif report is not None:
            text += "\n双击或按回车查看（导入的月报，只读）"
        return text

    def header(self, section: int, role: int) -> object:
        region = self.region(section)
        if region is None:
            return None
        if role == _R.DisplayRole:
            if region == self._own:
                return f"{region}（本单位）" if region else "本单位（未设置）"
            return region
        if role == _R.ToolTipRole:
            return f"截止日：每月 {self._days[region]} 日"
        return None

    def vertical_header(self, section: int, role: int) -> object:
        month = self.month(section)
        if month is None or role != _R.DisplayRole:
            return None
        return f"{month.label}（本月）" if month == YearMonth.of(self._today) else month.label
_EVENT_HEADERS = ("四个一工作", "周期", "完成情况")


class RhythmModel(TableModel):
    """The four 四个一 events due for a month, done or not (desktop.domain.monthly.rhythm.due_events)."""

    HEADERS = _EVENT_HEADERS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._due: list[DueEvent] = []
        self._notes: dict[tuple[str, date], list[str]] = {}
        self.month: YearMonth | None = None

    def set_month(self, month: YearMonth, done: list[tuple[str, date, str]], today: date | None = None) -> None:
        """``done``: the recorded events as (kind, date, note); with ``today`` a period that has
        ended with nothing recorded shows 逾期."""
        self.beginResetModel()
        self.month = month
        self._due = due_events(month, [(kind, day) for kind, day, _note in done], today)
        self._notes = {}
        for kind, day, note in done:
            self._notes.setdefault((kind, day), []).append(note)
        self.endResetModel()

    @property
    def events(self) -> list[DueEvent]:
        return list(self._due)

    def due(self, row: int) -> DueEvent | None:
        return self._due[row] if 0 <= row < len(self._due) else None

    def row_count(self) -> int:
        return len(self._due)

    def data(self, index: _Index, role: int = _R.DisplayRole) -> object:
        due = self.due(index.row()) if index.isValid() else None
        if due is None:
            return None
        col = index.column()
        if role == _R.DisplayRole:
            if col == 0:
                return ("✓ " if due.done else "○ ") + due.event.label
            return due.period.label if col == 1 else due.status
        if role == _R.ForegroundRole and col in (0, 2):
            color = OK_COLOR if due.done else ERROR_COLOR if due.overdue else (
                WARNING_COLOR if due.ends_this_month else MUTED_COLOR)
            return QBrush(QColor(color))
        if role == _R.ToolTipRole:
            return self._tooltip(due)
        return None

    def _tooltip(self, due: DueEvent) -> str:
        text = due.message
        for day in due.done_on:
            recorded = self._notes.get((due.event.code, day), []) + self._notes.get((due.event.label, day), [])
            notes = [n for n in recorded if n]
            text += f"\n{format_cn(day)}" + (f"：{'；'.join(notes)}" if notes else "")
        return text
