"""编辑 → 修改记录…: the change history, newest first, with a filter box.

Opened for one record (a town), it shows only that record's changes. ``HistoryModel`` is a
plain table model over the rows fetched from the store; filtering replaces its rows.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.dates import format_cn, format_moment, parse_date
from desktop.domain.model import TownEntry
from desktop.domain.monthly.report import HEADER_FIELDS, STATUS_LABELS
from desktop.store.database import Store
from desktop.store.records import Change
from desktop.store.rosters import FIELD_LABELS, town_label
from desktop.ui.common.table_model import TableModel
from desktop.ui.common.theme import set_role

LIMIT = 5000
EMPTY = "（空）"
COLUMNS = ("时间", "用户", "操作", "记录", "字段", "原值", "新值")
COL_OLD, COL_NEW = 5, 6
META_LABELS = {"unit_code": "填报单位地区代码", "unit_name": "填报单位地区", "unit_office": "填报单位名称",
               "deadline": "截止日期", "report_day": "月报截止日"}
# a report's snapshot keeps the stored names: "unit" is the column of the region it is filed under
REPORT_LABELS = dict(HEADER_FIELDS) | {"unit": "填报单位", "status": "状态", "locked": "锁定", "month": "月份",
                                       "kind": "活动", "done_on": "完成日期", "note": "备注"}
# Where an imported record came from (tables provenance and packages, and a report's source).
SOURCE_LABELS = {"office": "报送单位", "origin": "原始填报单位", "source": "来源文件", "source_file": "来源文件",
                 "file_name": "文件名", "package_id": "交换包编号", "made_at": "制作时间", "imported_at": "导入时间",
                 "app_version": "软件版本", "scope": "范围", "towns": "乡镇（街道）数", "reports": "月报数"}
HIDDEN_FIELDS = {"base_hash", "sha256", "source_sha256"}  # checksums: kept for the program, not shown
TIME_FIELDS = {"made_at", "imported_at"}
DATE_FIELDS = {"filled_on", "deadline", "done_on", "evaluated_on"}
# 验收评估: a score is kept as [自评分, 验收分, 扣分原因], a site's line as [验收人员, 验收日期]
EVALUATION_LABELS = {"evaluation_scores": "评分", "evaluation_sites": "验收人员和日期"}
EVALUATION_PARTS = {"score": ("自评分", "验收分", "扣分原因"), "info": ("验收人员", "验收日期")}
Index = QModelIndex | QPersistentModelIndex


@cache
def _indicator_labels() -> dict[str, str]:
    try:
        from desktop.domain.monthly.indicators_file import load_indicators

        indicators = load_indicators()
    except Exception:  # noqa: BLE001 - labels are a nicety; the code is shown instead
        return {}
    labels = {t.code: t.label for t in indicators.tasks}
    labels.update({i.code: i.label for i in indicators.indicators})
    return labels


def field_label(change: Change) -> str:
    """The field as the user knows it (乡镇类型, 填报单位名称, an indicator's name)."""
    field = change.field
    if field == "*":
        return {"insert": "整条记录（新增）", "delete": "整条记录（删除）"}.get(change.op, FIELD_LABELS["*"])
    if change.table == "meta":
        return META_LABELS.get(field, field)
    if change.table in ("towns", "rosters"):
        return FIELD_LABELS.get(field, field)
    if change.table == "report_explanations":
        return f"说明（{_indicator_labels().get(field, field)}）"
    if change.table in EVALUATION_LABELS:
        return EVALUATION_LABELS[change.table]
    return REPORT_LABELS.get(field) or _indicator_labels().get(field, field)


def format_value(field: str, value: object) -> str:
    """A stored value as text: lists of villages joined with 、, dates as 2021年3月25日, None as （空）."""
    if value is None or value == "" or value == []:
        return EMPTY
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list) and field in EVALUATION_PARTS:
        parts = zip(EVALUATION_PARTS[field], value, strict=False)
        return "；".join(f"{label}：{format_value('evaluated_on' if label == '验收日期' else '', v)}"
                        for label, v in parts)
    if isinstance(value, list):
        return "、".join(str(v[0]) if isinstance(v, list) and v else str(v) for v in value)
    if isinstance(value, dict):
        return _format_record(value)
    if field in DATE_FIELDS:
        day = parse_date(value)
        return format_cn(day) if day else str(value)
    if field in TIME_FIELDS:
        return format_moment(str(value))
    if field == "package_id":
        return f"{str(value)[:8]}…"
    if field == "locked":
        return "是" if value else "否"
    if field == "status" and isinstance(value, str):
        return STATUS_LABELS.get(value, value)
    if field == "kind" and isinstance(value, str):  # a 四个一 record's activity
        return _rhythm_label(value)
    if field == "month" and isinstance(value, str):
        return _month_label(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _rhythm_label(code: str) -> str:
    from desktop.domain.monthly.rhythm import rhythm_event

    try:
        return rhythm_event(code).label
    except KeyError:
        return code


def _month_label(text: str) -> str:
    from desktop.domain.monthly.report import YearMonth

    try:
        return YearMonth.parse(text).label
    except ValueError:
        return text


def _format_record(snap: dict) -> str:
    if "town" in snap:
        villages = snap.get("villages") or []
        head = " ".join(str(snap.get(k) or "") for k in ("county", "town")).strip() or "乡镇"
        kind = f"，{snap['town_type']}" if snap.get("town_type") else ""
        return f"{head}{kind}，村（社区）{len(villages)} 个" + (f"：{format_value('villages', villages)}" if villages else "")
    parts = []
    for key, value in snap.items():
        if isinstance(value, (dict, list)) or key in ("id", "position", "level") or key in HIDDEN_FIELDS:
            continue
        label = SOURCE_LABELS.get(key) or REPORT_LABELS.get(key) or FIELD_LABELS.get(key) or key
        text = "整个数据库" if key == "scope" and not value else format_value(key, value)
        parts.append(f"{label}：{text}")
    return "；".join(parts) or EMPTY


def village_diff(old: object, new: object) -> str:
    """增加：甲村、乙村；删除：丙村 for a change of a town's villages ("" when only the order changed)."""
    names = lambda rows: [r[0] if isinstance(r, list) else str(r) for r in rows or []]  # noqa: E731
    before, after = names(old), names(new)
    added = [n for n in after if n not in before]
    removed = [n for n in before if n not in after]
    parts = ([f"增加：{'、'.join(added)}"] if added else []) + ([f"删除：{'、'.join(removed)}"] if removed else [])
    return "；".join(parts) or ("调整了顺序或代码" if before or after else "")


def row_texts(change: Change) -> tuple[str, ...]:
    return (format_moment(change.at), change.user, change.action, change.label, field_label(change),
            format_value(change.field, change.old), format_value(change.field, change.new))


class HistoryModel(TableModel):
    """Changes as rows (in the order given), their texts computed once."""

    HEADERS = COLUMNS

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.changes: list[Change] = []
        self._texts: list[tuple[str, ...]] = []

    def set_changes(self, changes: list[Change]) -> None:
        self.beginResetModel()
        self.changes = list(changes)
        self._texts = [row_texts(c) for c in self.changes]
        self.endResetModel()

    def change(self, row: int) -> Change | None:
        return self.changes[row] if 0 <= row < len(self.changes) else None

    def row_count(self) -> int:
        return len(self.changes)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        text = self._texts[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return text.replace("\n", " ")
        if role == Qt.ItemDataRole.ToolTipRole and index.column() >= COL_OLD and len(text) > 20:
            return text
        return None


def matches(change: Change, texts: tuple[str, ...], needle: str) -> bool:
    needle = needle.casefold()
    return any(needle in t.casefold() for t in texts) or needle in change.field.casefold()


class HistoryDialog(QDialog):
    """The history of the whole database, or of one record (``table`` and ``record_id``, or a ``town``)."""

    def __init__(self, store: Store, *, table: str | None = None, record_id: object = None, title: str = "",
                 town: TownEntry | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if town is not None and town.id is not None:
            table, record_id = "towns", town.id
            title = title or town_label(town.level, town.county, town.town)
        self.store = store
        self.table_name = table
        self.record_id = record_id
        self.setWindowTitle(f"修改记录 — {title}" if title else "修改记录")
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("筛选：输入乡镇、村、字段、用户或日期，如 白沙镇、乡镇类型、3月25日")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self.apply_filter)
        self.count_label = QLabel()
        set_role(self.count_label, "role", "hint")
        self.model = HistoryModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for col in (COL_OLD, COL_NEW):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
        for col, sample in enumerate(("2021年12月31日 23:59", "Administrator", "修改乡镇（街道）",
                                      "附件1 合江县 符阳街道", "整条记录（新增）")):
            self.view.setColumnWidth(col, self.fontMetrics().horizontalAdvance(sample) + 20)
        self.view.selectionModel().currentRowChanged.connect(self._show_detail)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.detail.setMinimumHeight(self.fontMetrics().height() * 3 + 8)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(self.filter_edit, 1)
        top.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.detail)
        layout.addWidget(buttons)
        from desktop.ui.common.screen_fit import fit_to_screen

        fit_to_screen(self, 1160, 640)
        self._base: list[Change] = []
        self.refresh()

    def refresh(self) -> None:
        """Fetch the newest ``LIMIT`` changes again and re-apply the filter."""
        self._base = self.store.changes(table=self.table_name, record_id=self.record_id, limit=LIMIT)[::-1]
        self.apply_filter(self.filter_edit.text())

    def apply_filter(self, text: str) -> None:
        needle = text.strip()
        if not needle:
            rows = self._base
        else:
            rows = [c for c in self._base if matches(c, row_texts(c), needle)]
            if len(self._base) >= LIMIT:  # older rows: search the database itself
                oldest = self._base[-1].id
                older = self.store.changes(table=self.table_name, record_id=self.record_id, text=needle, limit=LIMIT)
                rows += [c for c in reversed(older) if c.id < oldest]
        self.model.set_changes(rows)
        total = len(self._base)
        more = f"（只显示最近 {LIMIT} 条）" if total >= LIMIT else ""
        if not total:
            self.count_label.setText("还没有修改记录")
        elif needle:
            self.count_label.setText(f"找到 {len(rows)} 条")
        else:
            self.count_label.setText(f"共 {total} 条修改{more}")
        if rows:
            self.view.selectRow(0)
        else:
            self._show_detail(QModelIndex())

    def _show_detail(self, current: Index, _previous: Index | None = None) -> None:
        change = self.model.change(current.row()) if current.isValid() else None
        if change is None:
            self.detail.setText("" if self.model.changes or not self.filter_edit.text() else "没有符合筛选条件的修改。")
            return
        time, user, action, label, field, old, new = row_texts(change)
        lines = [f"{time}　{user}　{action}", f"{label}　{field}", f"原值：{old}", f"新值：{new}"]
        if change.field == "villages":
            diff = village_diff(change.old, change.new)
            if diff:
                lines.insert(2, diff)
        self.detail.setText("\n".join(lines))
