"""导入预览: what an import would add, change, skip and where it conflicts, before anything is written.

The dialog shows a ``Preview`` (desktop.domain.merge.preview.build_preview) as a tree per list and county
with the selected record's details beside it. Ticks, conflict decisions and accepted name
suggestions make up a ``Choice``; the caller applies ``dialog.preview`` with ``dialog.choice()``
(Store.apply_import) only when the dialog is accepted.

Keys: Tab moves between the tree, the detail buttons and the dialog buttons; Space ticks or
unticks the current row; Enter imports what is ticked (导入所选); Esc cancels.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.merge.preview import (
    Choice,
    Kind,
    Preview,
    RowChange,
    accept_suggestion,
    build_plan,
    default_choice,
)
from desktop.domain.merge.text import findings_lines
from desktop.ui.common.theme import ERROR_COLOR, MUTED_COLOR, WARNING_COLOR, set_role
from desktop.ui.importing.detail import DetailPanel
from desktop.ui.importing.tree_model import COL_ITEM, COL_OURS, COL_STATE, COL_THEIRS, N, PreviewTreeModel

_SPACE = (Qt.Key.Key_Space, Qt.Key.Key_Select)
EXPAND_LIMIT = 300  # rows: up to this many, changed and conflicting rows show their fields at once


def preview_ids(preview: Preview) -> set[str]:
    """Every id a choice can hold for this preview (rows, fields, 填报时间, reports)."""
    ids = {lc.id for lc in preview.lists} | {r.id for r in preview.reports}
    for row in preview.rows():
        ids.add(row.id)
        ids.update(f.id for f in row.fields)
    return ids


def carry_choice(old: Preview, choice: Choice, new: Preview) -> Choice:
    """The user's ticks on a recomputed preview; what is new there starts as the domain's default."""
    old_ids, new_ids = preview_ids(old), preview_ids(new)
    fresh = default_choice(new)
    take = {i for i in fresh.take if i not in old_ids} | (choice.take & new_ids)
    return Choice(take, choice.resolved & {r.id for r in new.rows()})


def counts_html(preview: Preview) -> str:
    """新增 N · 修改 N · 相同 N · 冲突 N · 名录外名称 N (and the monthly reports')."""
    c = preview.counts()

    def part(label: str, n: int, color: str = "") -> str:
        style = f' style="color:{color}"' if color and n else ""
        return f"{label} <b{style}>{n}</b>"

    parts = [part("新增", c["add"]), part("修改", c["change"]), part("相同", c["same"]),
             part("冲突", c["conflict"], ERROR_COLOR), part("名录外名称", c["unknown"], WARNING_COLOR)]
    text = " · ".join(parts)
    if preview.reports:
        r = preview.report_counts()
        labels = (("add", "新增"), ("change", "替换"), ("same", "相同"), ("conflict", "冲突"))
        text += f'&nbsp;&nbsp;&nbsp;<span style="color:{MUTED_COLOR}">｜</span>&nbsp;&nbsp;&nbsp;月报：' + " · ".join(part(label, r[k], ERROR_COLOR if k == "conflict" else "")
                                        for k, label in labels if r[k])
    return text


def choice_summary(preview: Preview, choice: Choice) -> str:
    """What 导入所选 would do, from the plan the domain builds for this choice."""
    plan = build_plan(preview, choice)
    s = {k: sum(v[k] for v in plan.summary.values()) for k in ("added", "changed", "skipped", "conflicts")}
    parts = [f"新增 {s['added']} 个乡镇（街道）", f"修改 {s['changed']} 个"]
    if s["skipped"]:
        parts.append(f"不选 {s['skipped']} 个")
    if s["conflicts"]:
        parts.append(f"{s['conflicts']} 个冲突不改动")
    r = plan.report_summary
    if r.get("added"):
        parts.append(f"月报新增 {r['added']} 份")
    if r.get("replaced"):
        parts.append(f"替换月报 {r['replaced']} 份")
    if plan.filled_on:
        parts.append(f"填报时间 {len(plan.filled_on)} 项")
    return "按当前选择导入：" + "，".join(parts)


class ImportPreviewDialog(QDialog):
    """Accepted: apply ``self.preview`` with ``self.choice()``. Rejected: nothing changes."""

    def __init__(self, preview: Preview, messages: Sequence[str] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        files = len(preview.sources)
        self.setWindowTitle(f"导入预览 — {files} 个文件" if files > 1 else "导入预览")
        self.preview = preview
        self.messages = list(messages)
        self.counts_label = QLabel()
        font = self.counts_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.counts_label.setFont(font)
        self.hint_label = QLabel("勾选要导入的记录；冲突请逐条决定“采用导入的”或“保留本机的”。"
                                 "点“导入所选”后才改动本机数据（导入前自动备份，可按 Ctrl+Z 撤销）。")
        set_role(self.hint_label, "role", "hint")
        self.hint_label.setWordWrap(True)

        self.model = PreviewTreeModel(self)
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.tree.installEventFilter(self)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_THEIRS, QHeaderView.ResizeMode.Stretch)
        metrics = self.fontMetrics()
        for col, sample in ((COL_ITEM, "附件3 泸州市 合江县 2021年12月月报"), (COL_STATE, "冲突 · 未决定（不改动）"),
                            (COL_OURS, "特色小镇，10 个村（社区）")):
            self.tree.setColumnWidth(col, metrics.horizontalAdvance(sample) + 24)
        self.tree.selectionModel().currentChanged.connect(self._current_changed)
        self.model.choice_changed.connect(self._choice_changed)

        self.detail = DetailPanel()
        self.detail.decided.connect(self._decided)
        self.detail.suggestion_accepted.connect(self.accept_suggestion)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)

        self.notes = QPlainTextEdit()
        self.notes.setReadOnly(True)
        self.notes.setTabChangesFocus(True)
        self.notes.setMaximumHeight(metrics.lineSpacing() * 4 + 12)
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)

        self.buttons = QDialogButtonBox()
        self.all_button = QPushButton("全部导入")
        self.all_button.setToolTip("导入全部新增和修改的记录（冲突按已作的决定处理）")
        self.ok_button = QPushButton("导入所选")
        self.ok_button.setToolTip("只导入勾选的记录（回车）")
        self.cancel_button = QPushButton("取消")
        self.cancel_button.setToolTip("不导入，本机数据不变（Esc）")
        self.buttons.addButton(self.all_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.ok_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.all_button.clicked.connect(self.import_all)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.counts_label)
        layout.addWidget(self.hint_label)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.notes)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.buttons)
        self.ok_button.setDefault(True)  # once inside the dialog: Enter anywhere but on a button imports
        from desktop.ui.common.screen_fit import fit_to_screen

        fit_to_screen(self, 1280, 760)
        self.splitter.setSizes([780, 500])
        self.set_preview(preview, default_choice(preview))
        self.select_first()
        self.tree.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- contents ----------------------------------------------------------------------
    def choice(self) -> Choice:
        return self.model.choice

    def set_preview(self, preview: Preview, choice: Choice) -> None:
        self.preview = preview
        self.model.set_preview(preview, choice)
        self.counts_label.setText(counts_html(preview))
        notes = [f"提示：{n}" if not n.startswith("注意") else n for n in preview.notes] + self.messages
        if preview.unit_note:
            notes.insert(0, f"填报单位：{preview.unit_note}")
        notes[:0] = findings_lines(preview)  # what `check` would newly find: first, it may block export
        if preview.evaluation is not None:
            from desktop.domain.merge.evaluation import evaluation_lines

            notes.extend(evaluation_lines(preview.evaluation))
        self.notes.setPlainText("\n".join(notes))
        self.notes.setVisible(bool(notes))
        self._expand()
        self._choice_changed()

    def _expand(self) -> None:
        many = len(self.preview.rows()) > EXPAND_LIMIT
        for node in self.model.nodes():
            if node.kind in (N.GROUP, N.LISTS, N.REPORTS):
                self.tree.setExpanded(self.model.index_of(node), True)
            elif node.kind is N.ROW and node.children and node.parent is not None and node.parent.kind is N.GROUP:
                row: RowChange = node.obj  # type: ignore[assignment]
                show = row.kind is Kind.CONFLICT or bool(row.unknown) or not many
                self.tree.setExpanded(self.model.index_of(node), show)

    def select_first(self) -> None:
        """The first row that needs the user: a conflict, else a name not in the gazetteer, else the first."""
        rows = [n for n in self.model.nodes() if n.kind is N.ROW]
        pick = (next((n for n in rows if n.obj.kind is Kind.CONFLICT and n.obj.takeable), None)  # type: ignore[union-attr]
                or next((n for n in rows if n.obj.unknown and n.obj.kind is not Kind.SAME), None)  # type: ignore[union-attr]
                or (rows[0] if rows else None))
        index = self.model.index_of(pick) if pick else self.model.index(0, 0)
        self.tree.setCurrentIndex(index)
        if index.isValid():
            self.tree.scrollTo(index)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.detail.show_node(self.model.node(current), self.model.choice)

    def _choice_changed(self) -> None:
        self.summary_label.setText(choice_summary(self.preview, self.model.choice))
        self.detail.show_node(self.model.node(self.tree.currentIndex()), self.model.choice)

    # -- the user's decisions ------------------------------------------------------------
    def toggle_current(self) -> bool:
        """Space: tick or untick the current row (whatever column was clicked)."""
        index = self.tree.currentIndex()
        node = self.model.node(index)
        state = self.model.check_state(node) if node is not None else None
        if node is None or state is None:
            return False
        self.model.set_ticked(node, state != Qt.CheckState.Checked)
        return True

    def _decided(self, row: RowChange, take_theirs: bool | None) -> None:
        self.model.decide(row, take_theirs)

    def decide(self, row_id: str, take_theirs: bool | None) -> None:
        """A conflict: 采用导入的 (True), 保留本机的 (False) or undecided (None)."""
        self.model.decide(self.preview.row(row_id), take_theirs)

    def accept_suggestion(self, unknown_id: str, name: str) -> None:
        """Replace an unknown name with a suggested one; the preview is computed again."""
        current = self.model.node(self.tree.currentIndex())
        keep = current.obj.id if current is not None and current.kind is N.ROW else None  # type: ignore[union-attr]
        if current is not None and current.kind in (N.FIELD, N.UNKNOWN) and current.parent is not None:
            keep = current.parent.obj.id  # type: ignore[union-attr]
        new = accept_suggestion(self.preview, unknown_id, name)
        self.set_preview(new, carry_choice(self.preview, self.model.choice, new))
        index = self.model.find_row(keep) if keep else QModelIndex()
        if index.isValid():
            self.tree.setCurrentIndex(index)
        else:
            self.select_first()
        self.tree.setFocus(Qt.FocusReason.OtherFocusReason)

    def import_all(self) -> None:
        self.model.select_all()
        self.accept()

    def eventFilter(self, obj: QObject, e: QEvent) -> bool:
        if obj is self.tree and e.type() == QEvent.Type.KeyPress and isinstance(e, QKeyEvent):
            if e.key() in _SPACE and self.toggle_current():
                return True
        return super().eventFilter(obj, e)
