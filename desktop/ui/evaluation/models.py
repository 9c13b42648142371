"""The 验收评估 page's table models (tested without a window): the sites with their totals and grades,
and one site's items with 自评分 and 验收分 side by side (differences highlighted), editable."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from desktop.domain.evaluation.checklist import Checklist, Item
from desktop.domain.evaluation.scoring import (
    INCOMPLETE,
    REASON_LIMIT,
    ItemScore,
    Result,
    SiteScores,
    check_item,
    parse_score,
    reason_problem,
)
from desktop.domain.findings import Finding
from desktop.ui.common.table_model import TableModel
from desktop.ui.common.theme import ERROR_COLOR, ERROR_TINT

_Index = QModelIndex | QPersistentModelIndex
_R = Qt.ItemDataRole
DIFF_TINT = "#fff3cd"  # 自评分 and 验收分 differ
GRADE_COLORS = {"优秀": "#1b5e20", "合格": "#00695c", "不合格": ERROR_COLOR, INCOMPLETE: "#777777"}


def _num(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


class SiteTableModel(TableModel):
    """The sites: 自评 and 验收 totals both 基本分+加分 (the breakdown in the tooltip)."""

    HEADERS = ("试点", "类型", "已评", "自评", "验收", "等级")
    TOOLTIPS = ("", "", "已评的项目数/适用的项目数", "自评总分（基本分+加分）", "验收总分（基本分+加分；没有验收分的项目按自评分计）",
                "")

    def __init__(self) -> None:
        super().__init__()
        self.results: list[Result] = []

    def set_results(self, results: list[Result]) -> None:
        self.beginResetModel()
        self.results = list(results)
        self.endResetModel()

    def row_count(self) -> int:
        return len(self.results)

    def header(self, section: int, role: int) -> object:
        if role == _R.ToolTipRole and 0 <= section < len(self.TOOLTIPS):
            return self.TOOLTIPS[section] or None
        return super().header(section, role)

    def data(self, index: _Index, role: int = _R.DisplayRole) -> object:
        if not index.isValid():
            return None
        r = self.results[index.row()]
        col = index.column()
        if role == _R.DisplayRole:
            return (r.site.name, r.site.level.removesuffix("试点").replace("县（市、区）", "县"), f"{r.scored}/{r.items}",
                    _num(r.self_total), _num(r.total), r.grade)[col]
        if role == _R.ForegroundRole and col == 5:
            return QBrush(QColor(GRADE_COLORS.get(r.grade, "#000000")))
        if role == _R.ToolTipRole:
            lines = [f"{r.site.name}（{r.site.level}）",
                     f"自评：{r.self_breakdown or '未填'}；验收：{r.breakdown}（基本分+加分=总分）"]
            if r.failed_required:
                lines.append(f"未达到的必要条件：{'、'.join(r.failed_required)}")
            return "\n".join(lines)
        if role == _R.TextAlignmentRole and col >= 2:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None


class ScoreTableModel(TableModel):
    """One site's items. Columns 自评分, 验收分 and 扣分原因 are edited in place; every edit goes to
    ``write(item_code, ItemScore)`` (the store), then the row is checked again."""

    HEADERS = ("一级指标", "二级指标", "评分标准", "评分方式", "分值", "自评分", "验收分", "扣分原因")
    SELF, ACCEPT, REASON = 5, 6, 7

    def __init__(self, write: Callable[[str, ItemScore], None],
                 refuse: Callable[[str], None] | None = None) -> None:
        """``refuse(message)`` is told about a typed value that breaks the rules (nothing is stored)."""
        super().__init__()
        self.write = write
        self.refuse = refuse or (lambda _message: None)
        self.checklist: Checklist | None = None
        self.scores: SiteScores | None = None
        self.items: list[Item] = []
        self.findings: dict[str, list[Finding]] = {}

    def set_site(self, checklist: Checklist, scores: SiteScores) -> None:
        self.beginResetModel()
        self.checklist, self.scores = checklist, scores
        self.items = checklist.items_for(scores.site.kind)
        self.findings = {i.code: check_item(scores.site, i, scores.items.get(i.code, ItemScore()))
                         for i in self.items}
        self.endResetModel()

    def score(self, row: int) -> ItemScore:
        assert self.scores is not None
        return self.scores.items.get(self.items[row].code, ItemScore())

    def row_count(self) -> int:
        return len(self.items)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() >= self.SELF:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: _Index, role: int = _R.DisplayRole) -> object:
        if not index.isValid() or self.checklist is None:
            return None
        item, s, col = self.items[index.row()], self.score(index.row()), index.column()
        if role in (_R.DisplayRole, _R.EditRole):
            heading = item.heading + ("（必要条件）" if item.required else "") + ("（加分）" if item.bonus else "")
            return (self.checklist.task_label(item.task), heading, item.standard, item.method, _num(item.points),
                    _num(s.self_score), _num(s.accept_score), s.reason)[col]
        mine = [f for f in self.findings.get(item.code, []) if self._field_of(f) == col]
        if role == _R.BackgroundRole:
            if any(f.is_error for f in mine):
                return QBrush(QColor(ERROR_TINT))
            if col in (self.SELF, self.ACCEPT) and s.self_score is not None and s.accept_score is not None \
                    and s.self_score != s.accept_score:
                return QBrush(QColor(DIFF_TINT))
            return None
        if role == _R.ToolTipRole:
            if mine:
                return "\n".join(f.message for f in mine)
            if col == 2:
                return item.standard
            if col == self.REASON:
                return f"扣分原因：最多 {REASON_LIMIT} 个字"
            if col in (0, 1):
                return f"{self.checklist.task_label(item.task)}：{item.heading}（{item.method}）"
            return None
        if role == _R.TextAlignmentRole and col in (3, 4, self.SELF, self.ACCEPT):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _field_of(self, finding: Finding) -> int:
        which = finding.location.field.rsplit(":", 1)[-1]
        return {"self": self.SELF, "accept": self.ACCEPT, "reason": self.REASON}.get(which, self.ACCEPT)

    def setData(self, index: _Index, value: object, role: int = _R.EditRole) -> bool:  # noqa: N802
        if role != _R.EditRole or not index.isValid() or index.column() < self.SELF or self.scores is None:
            return False
        item, s = self.items[index.row()], self.score(index.row())
        text = str(value or "").strip()
        site = self.scores.site
        if index.column() == self.REASON:
            problem = reason_problem(text, f"{site.name} {item.code}")
            if problem is not None:
                self.refuse(problem)
                return False  # the old value stays; nothing stored
            new = ItemScore(s.self_score, s.accept_score, text)
        else:  # the rule of the command line and of every import: scoring.score_problem
            label = "自评分" if index.column() == self.SELF else "验收分"
            number, problem = parse_score(site, item, text, label)
            if problem is not None:
                self.refuse(problem)
                return False
            new = ItemScore(number, s.accept_score, s.reason) if index.column() == self.SELF \
                else ItemScore(s.self_score, number, s.reason)
        self.write(item.code, new)
        self.scores.items[item.code] = new
        self.findings[item.code] = check_item(self.scores.site, item, new)
        self.row_changed(index.row())
        return True

    def header(self, section: int, role: int) -> object:
        if role == _R.ToolTipRole and section == self.REASON:
            return f"扣分原因：最多 {REASON_LIMIT} 个字"
        return super().header(section, role)

    def vertical_header(self, section: int, role: int) -> object:
        if role == _R.DisplayRole and 0 <= section < len(self.items):
            return self.items[section].code
        return None
