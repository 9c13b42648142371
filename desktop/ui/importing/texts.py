"""Texts of the import preview (desktop.ui.importing.preview): a town in a few words, a field's two
values, what the current choice does with a row, and a town in both versions (CompareModel)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from desktop.domain.merge.preview import FIELD_LABELS, FIELDS, Choice, Kind, field_value
from desktop.domain.merge.types import FieldChange, RowChange
from desktop.domain.model import TownEntry
from desktop.ui.common.table_model import TableModel
from desktop.ui.common.theme import MUTED_COLOR, WARNING_TINT

_R = Qt.ItemDataRole
Index = QModelIndex | QPersistentModelIndex
GREY = QBrush(QColor(MUTED_COLOR))
CONFLICT_TINT = QBrush(QColor(WARNING_TINT))
REPORT_TAGS = {Kind.ADD: "新增", Kind.CHANGE: "替换", Kind.SAME: "相同（跳过）", Kind.CONFLICT: "冲突"}


def bold() -> QFont:
    font = QFont()
    font.setBold(True)
    return font


def town_summary(entry: TownEntry | None) -> str:
    """乡镇类型，N 个村（社区）."""
    if entry is None:
        return "（本机没有）"
    return f"{entry.town_type or '未填类型'}，{len(entry.villages)} 个村（社区）"


def field_texts(f: FieldChange) -> tuple[str, str]:
    """(ours, theirs) of one field; villages as the names added (+) and removed (−)."""
    if f.field == "villages" and (f.added or f.removed):
        theirs = "  ".join([f"+{n}" for n in f.added] + [f"−{n}" for n in f.removed])
        return f"{len(f.old)} 个村（社区）", f"{theirs}（共 {len(f.new)} 个）"
    return f.old_text, f.new_text


def conflict_state(row: RowChange, choice: Choice) -> str:
    """What the choice does with a conflict, in words."""
    taken = sum(f.id in choice.take for f in row.fields)
    if row.fields and taken == len(row.fields):
        return "冲突 · 采用导入的"
    if taken:
        return f"冲突 · 采用导入的 {taken} 项"
    if row.id in choice.resolved:
        return "冲突 · 保留本机的"
    return "冲突 · 未决定（不改动）"


def row_state(row: RowChange, choice: Choice) -> str:
    if not row.takeable:
        return "重复（不导入）" if row.kind is Kind.CONFLICT else "相同（跳过）"
    if row.kind is Kind.CONFLICT:
        return conflict_state(row, choice)
    outside = "（不在本地区，默认不导入）" if row.outside else ""
    if row.kind is Kind.CHANGE:
        return f"修改 {len(row.fields)} 项{outside}"
    return row.kind.label + ("（跳过）" if row.kind is Kind.SAME else outside)


def folded(row: RowChange) -> bool:
    """Same rows are folded away, unless they say something (ours kept although theirs differs)."""
    return row.kind is Kind.SAME and not (row.reason and row.takeable)


def counts_text(c: dict[str, int]) -> str:
    parts = [f"{Kind(k).label} {c[k]}" for k in ("add", "change", "conflict") if c[k]]
    return " · ".join(parts) or "没有改动"



class CompareModel(TableModel):
    """One town in both versions, field by field: 字段 | 本机 | 来件; the fields that differ are marked."""

    HEADERS = ("字段", "本机", "来件")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str, str, str, bool]] = []

    def set_row(self, row: RowChange | None) -> None:
        self.beginResetModel()
        self._rows = []
        if row is not None:
            differs = {f.field: f for f in row.fields}
            for name in FIELDS:
                theirs = _value_text(row.incoming, name)
                if name == "villages" and name in differs and (differs[name].added or differs[name].removed):
                    theirs += f"\n（{field_texts(differs[name])[1]}）"
                ours = _value_text(row.current, name) if row.current is not None else "—"
                self._rows.append((FIELD_LABELS[name], ours, theirs, name in differs))
        self.endResetModel()

    def set_report(self, changes: list) -> None:
        """A stored monthly report against the incoming one: only what differs (ReportFieldChange)."""
        self.beginResetModel()
        self._rows = [(fc.label, fc.old_text, fc.new_text, True) for fc in changes]
        self.endResetModel()

    def row_count(self) -> int:
        return len(self._rows)

    def data(self, index: Index, role: int = _R.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        label, ours, theirs, differs = self._rows[index.row()]
        if role in (_R.DisplayRole, _R.ToolTipRole):
            text = (label, ours, theirs)[index.column()]
            return text if role == _R.DisplayRole or len(text) > 24 else None
        if role == _R.BackgroundRole and differs and index.column() > 0:
            return CONFLICT_TINT
        if role == _R.FontRole and differs:
            return bold()
        return None


def _value_text(entry: TownEntry | None, name: str) -> str:
    if entry is None:
        return ""
    value = field_value(entry, name)
    if name == "villages":
        names = [v for v, _ in value]  # type: ignore[union-attr]
        return f"{len(names)} 个：" + "、".join(names) if names else "（无）"
    if isinstance(value, tuple):
        return value[0] or "（空）"
    return str(value) if value else "（空）"
