"""Models of the import preview dialog: the tree of what an import would do, and one record's two versions.

``PreviewTreeModel`` shows a ``Preview`` (desktop.domain.merge.preview) per list and county: rows to add,
rows that change (a child per field: ours → theirs), conflicts, names not in the gazetteer, and
rows that are the same (folded away, grey); then 填报时间 and monthly reports. Its check boxes
edit a ``Choice`` (desktop.domain.merge.plan) through the domain's own operations; which rows
are new, changed or in conflict, and what a choice applies, is decided there, not here.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, Qt, Signal

from desktop.domain.dates import format_cn
from desktop.domain.findings import Severity
from desktop.domain.merge.preview import Choice, Kind, Preview
from desktop.domain.merge.types import (
    CountyGroup,
    FieldChange,
    ListChange,
    ReportChange,
    RowChange,
    UnknownName,
)
from desktop.ui.common.theme import severity_icon
from desktop.ui.importing.texts import (
    CONFLICT_TINT,
    GREY,
    REPORT_TAGS,
    Index,
    bold,
    counts_text,
    field_texts,
    folded,
    row_state,
    town_summary,
)

_R = Qt.ItemDataRole
COLUMNS = ("项目", "情况", "本机", "来件")
COL_ITEM, COL_STATE, COL_OURS, COL_THEIRS = range(len(COLUMNS))
_CHECKED, _PARTIAL, _UNCHECKED = Qt.CheckState.Checked, Qt.CheckState.PartiallyChecked, Qt.CheckState.Unchecked


class N(enum.Enum):
    """Kinds of tree nodes."""

    GROUP = "group"  # a list and county (CountyGroup)
    ROW = "row"  # one incoming town (RowChange)
    FIELD = "field"  # one field of a changed or conflicting town (FieldChange)
    UNKNOWN = "unknown"  # a name the gazetteer does not know (UnknownName)
    SAME = "same"  # the folded rows that are the same
    LISTS = "lists"
    LIST = "list"  # a list's 填报时间 (ListChange)
    REPORTS = "reports"
    REPORT = "report"  # a monthly report (ReportChange)


@dataclass(eq=False)
class Node:
    kind: N
    obj: object
    parent: Node | None = None
    children: list[Node] = field(default_factory=list)
    row: int = 0

    def add(self, kind: N, obj: object) -> Node:
        child = Node(kind, obj, self, row=len(self.children))
        self.children.append(child)
        return child


class PreviewTreeModel(QAbstractItemModel):
    """The preview as a tree; check boxes edit ``choice``. ``choice_changed`` after every tick."""

    choice_changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.preview = Preview()
        self.choice = Choice()
        self._root = Node(N.GROUP, None)

    # -- contents ----------------------------------------------------------------------
    def set_preview(self, preview: Preview, choice: Choice) -> None:
        self.beginResetModel()
        self.preview, self.choice = preview, choice
        self._root = root = Node(N.GROUP, None)
        for group in preview.groups:
            g = root.add(N.GROUP, group)
            same = [r for r in group.rows if folded(r)]
            for r in group.rows:
                if folded(r):
                    continue
                node = g.add(N.ROW, r)
                for f in r.fields:
                    node.add(N.FIELD, f)
                for u in r.unknown:
                    node.add(N.UNKNOWN, u)
            if same:
                folder = g.add(N.SAME, same)
                for r in same:
                    folder.add(N.ROW, r)
        if preview.lists:
            lists = root.add(N.LISTS, preview.lists)
            for lc in preview.lists:
                lists.add(N.LIST, lc)
        if preview.reports:
            reports = root.add(N.REPORTS, preview.reports)
            for rc in preview.reports:
                reports.add(N.REPORT, rc)
        self.endResetModel()

    def node(self, index: Index) -> Node | None:
        return index.internalPointer() if index.isValid() else None  # type: ignore[return-value]

    def index_of(self, node: Node, column: int = 0) -> QModelIndex:
        return self.createIndex(node.row, column, node) if node.parent is not None else QModelIndex()

    def nodes(self, parent: Node | None = None) -> list[Node]:
        """Every node below ``parent`` (the root by default), depth first."""
        out, stack = [], list(reversed((parent or self._root).children))
        while stack:
            n = stack.pop()
            out.append(n)
            stack.extend(reversed(n.children))
        return out

    def find_row(self, row_id: str) -> QModelIndex:
        n = next((n for n in self.nodes() if n.kind is N.ROW and n.obj.id == row_id), None)  # type: ignore[union-attr]
        return self.index_of(n) if n is not None else QModelIndex()

    # -- Qt's tree -------------------------------------------------------------------
    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        p = self.node(parent) or self._root
        if 0 <= row < len(p.children) and 0 <= column < len(COLUMNS):
            return self.createIndex(row, column, p.children[row])
        return QModelIndex()

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        n = self.node(index)
        if n is None or n.parent is None or n.parent is self._root:
            return QModelIndex()
        return self.createIndex(n.parent.row, 0, n.parent)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() and parent.column() != 0:
            return 0
        return len((self.node(parent) or self._root).children)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _R.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == _R.DisplayRole and 0 <= section < len(COLUMNS):
            return COLUMNS[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        n = self.node(index)
        if n is None:
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == COL_ITEM and self.check_state(n) is not None:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    # -- what each node shows -----------------------------------------------------------
    def data(self, index: Index, role: int = _R.DisplayRole) -> object:
        n = self.node(index)
        if n is None:
            return None
        col = index.column()
        if role == _R.DisplayRole:
            return self.texts(n)[col]
        if role == _R.CheckStateRole and col == COL_ITEM:
            return self.check_state(n)
        if role == _R.ToolTipRole:
            return self._tooltip(n, col)
        if role == _R.ForegroundRole and self._muted(n):
            return GREY
        if role == _R.BackgroundRole and self._in_conflict(n):
            return CONFLICT_TINT
        if role == _R.FontRole and n.kind in (N.GROUP, N.LISTS, N.REPORTS):
            return bold()
        if role == _R.DecorationRole and col == COL_ITEM and self._warned(n):
            return severity_icon(Severity.WARNING)
        return None

    def texts(self, n: Node) -> tuple[str, str, str, str]:
        k, o = n.kind, n.obj
        if k is N.GROUP:
            g: CountyGroup = o  # type: ignore[assignment]
            head = " ".join(x for x in (g.level.attachment, g.city, g.county) if x)
            return head, counts_text(g.counts()), "", ""
        if k is N.ROW:
            r: RowChange = o  # type: ignore[assignment]
            return (r.incoming.town or "（未填乡镇）", row_state(r, self.choice),
                    town_summary(r.current) if r.current is not None or r.kind is Kind.ADD else "",
                    town_summary(r.incoming))
        if k is N.FIELD:
            f: FieldChange = o  # type: ignore[assignment]
            ours, theirs = field_texts(f)
            return f.label, "", ours, theirs
        if k is N.UNKNOWN:
            u: UnknownName = o  # type: ignore[assignment]
            hint = "相近：" + "、".join(s.name for s in u.suggestions) if u.suggestions else "名录中没有相近的名称"
            return u.name, f"名录外的{u.label}", "", hint
        if k is N.SAME:
            return f"相同 {len(o)} 个（跳过）", "", "", ""  # type: ignore[arg-type]
        if k is N.LISTS:
            return "填报时间", "", "", ""
        if k is N.LIST:
            lc: ListChange = o  # type: ignore[assignment]
            return (lc.level.attachment, "修改" if lc.default else "修改（默认保留本机的）",
                    format_cn(lc.old) if lc.old else "（未填）", format_cn(lc.new))
        if k is N.REPORTS:
            c = self.preview.report_counts()
            return "月报", " · ".join(f"{REPORT_TAGS[Kind(x)].split('（')[0]} {c[x]}" for x in c if c[x]), "", ""
        rc: ReportChange = o  # type: ignore[assignment]
        rep = rc.report
        filled = sum(v is not None and v != "" for v in rep.values.values())
        return (f"{rep.region} {rep.month.label}月报", REPORT_TAGS[rc.kind] + ("（不能导入）" if not rc.takeable else ""),
                "本机已有" if rc.current_id is not None else "（本机没有）",
                f"填报人 {rep.reporter or '未填'}，{filled} 项指标")

    def _tooltip(self, n: Node, col: int) -> str | None:
        if n.kind is N.ROW:
            r: RowChange = n.obj  # type: ignore[assignment]
            return "\n".join(x for x in (r.reason, f"来自{r.source.label}") if x)
        if n.kind is N.FIELD and col in (COL_OURS, COL_THEIRS):
            f: FieldChange = n.obj  # type: ignore[assignment]
            return f"本机：{f.old_text}\n来件：{f.new_text}"
        if n.kind is N.REPORT:
            rc: ReportChange = n.obj  # type: ignore[assignment]
            return "\n".join(x for x in (rc.reason, f"来自{rc.source.label}") if x)
        return None

    def _row_of(self, n: Node) -> RowChange | None:
        if n.kind is N.ROW:
            return n.obj  # type: ignore[return-value]
        if n.kind in (N.FIELD, N.UNKNOWN) and n.parent is not None:
            return n.parent.obj  # type: ignore[return-value]
        return None

    def _muted(self, n: Node) -> bool:
        if n.kind is N.SAME:
            return True
        row = self._row_of(n)
        if row is not None:
            return row.kind is Kind.SAME or not row.takeable
        return n.kind is N.REPORT and (n.obj.kind is Kind.SAME or not n.obj.takeable)  # type: ignore[union-attr]

    def _in_conflict(self, n: Node) -> bool:
        row = self._row_of(n)
        if row is not None:
            return row.kind is Kind.CONFLICT and row.takeable
        return n.kind is N.REPORT and n.obj.kind is Kind.CONFLICT  # type: ignore[union-attr]

    def _warned(self, n: Node) -> bool:
        return n.kind is N.UNKNOWN or (n.kind is N.ROW and bool(n.obj.unknown) and n.obj.kind is not Kind.SAME)  # type: ignore[union-attr]

    # -- ticks ------------------------------------------------------------------------
    def check_state(self, n: Node) -> Qt.CheckState | None:
        """The node's tick from the choice; None when it has none (same rows, unknown names…)."""
        take = self.choice.take
        if n.kind is N.ROW:
            r: RowChange = n.obj  # type: ignore[assignment]
            if not r.takeable or r.kind is Kind.SAME:
                return None
            if r.kind is Kind.ADD:
                return _CHECKED if r.id in take else _UNCHECKED
            return _tick(sum(f.id in take for f in r.fields), len(r.fields))
        if n.kind is N.FIELD:
            row = self._row_of(n)
            return (_CHECKED if n.obj.id in take else _UNCHECKED) if row and row.takeable else None  # type: ignore[union-attr]
        if n.kind is N.LIST:
            return _CHECKED if n.obj.id in take else _UNCHECKED  # type: ignore[union-attr]
        if n.kind is N.REPORT:
            rc: ReportChange = n.obj  # type: ignore[assignment]
            return None if not rc.takeable or rc.kind is Kind.SAME else (_CHECKED if rc.id in take else _UNCHECKED)
        if n.kind in (N.GROUP, N.LISTS, N.REPORTS):
            states = [self.check_state(c) for c in self._bulk(n)]
            return _tick(sum(s is _CHECKED for s in states), len(states), sum(s is _PARTIAL for s in states))
        return None

    def _bulk(self, n: Node) -> list[Node]:
        """Children a folder's tick switches: adds and changes (conflicts are decided one by one)."""
        out = []
        for c in n.children:
            if self.check_state(c) is None:
                continue
            if c.kind is N.ROW and c.obj.kind is Kind.CONFLICT:  # type: ignore[union-attr]
                continue
            if c.kind is N.REPORT and c.obj.kind is Kind.CONFLICT:  # type: ignore[union-attr]
                continue
            out.append(c)
        return out

    def setData(self, index: Index, value: object, role: int = _R.EditRole) -> bool:
        n = self.node(index)
        if n is None or role != _R.CheckStateRole or self.check_state(n) is None:
            return False
        on = Qt.CheckState(value) == _CHECKED if not isinstance(value, bool) else value
        self.set_ticked(n, on)
        return True

    def set_ticked(self, n: Node, on: bool) -> None:
        self._tick(n, on)
        self.touch(n)

    def _tick(self, n: Node, on: bool) -> None:
        c, take = self.choice, self.choice.take
        if n.kind is N.ROW:
            c.take_row(n.obj) if on else c.skip_row(n.obj)  # type: ignore[arg-type]
        elif n.kind in (N.FIELD, N.LIST, N.REPORT):
            take.add(n.obj.id) if on else take.discard(n.obj.id)  # type: ignore[union-attr]
        else:
            for child in self._bulk(n):
                self._tick(child, on)

    def decide(self, row: RowChange, take_theirs: bool | None) -> None:
        """A conflict: 采用导入的 (True), 保留本机的 (False), or undecided (None)."""
        if take_theirs is None:
            self.choice.skip_row(row)
        elif take_theirs:
            self.choice.take_row(row)
        else:
            self.choice.keep_local(row)
        index = self.find_row(row.id)
        if index.isValid():
            self.touch(self.node(index))  # type: ignore[arg-type]

    def select_all(self) -> None:
        """Tick every add and change (conflict decisions stay as they are)."""
        for n in self._root.children:
            self._tick(n, True)
        self.touch(None)

    def touch(self, n: Node | None) -> None:
        """Repaint a node, its children and its ancestors; tell the dialog the choice changed."""
        last = len(COLUMNS) - 1
        if n is None:
            if self._root.children:
                self.dataChanged.emit(self.index(0, 0), self.index(len(self._root.children) - 1, last))
            for p in self.nodes():
                if p.children:
                    self.dataChanged.emit(self.index_of(p.children[0]), self.index_of(p.children[-1], last))
        else:
            if n.children:
                self.dataChanged.emit(self.index_of(n.children[0]), self.index_of(n.children[-1], last))
            while n is not None and n.parent is not None:
                self.dataChanged.emit(self.index_of(n), self.index_of(n, last))
                n = n.parent
        self.choice_changed.emit()


def _tick(checked: int, total: int, partial: int = 0) -> Qt.CheckState | None:
    if not total:
        return None
    if checked == total:
        return _CHECKED
    return _PARTIAL if checked or partial else _UNCHECKED
