"""The right side of the import preview: the selected record in both versions, where each came
from, the choice for a conflict (采用导入的 / 保留本机的) and one button per suggested name."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.dates import format_moment
from desktop.domain.merge.preview import Choice, Kind
from desktop.domain.merge.types import ReportChange, RowChange, Source, UnknownName
from desktop.ui.common.theme import set_role
from desktop.ui.importing.texts import REPORT_TAGS, CompareModel, row_state
from desktop.ui.importing.tree_model import N, Node

MAX_SUGGESTIONS = 5
_UNDECIDED = "不选择时，本机的记录保持不变，下次导入这个交换包时还会列出"


def source_line(source: Source, origin: str = "") -> str:
    """来件：交换包“x.zctb”（制作单位），2021-03-25 09:00 制作；原始填报单位：…"""
    text = f"来件：{source.label}"
    if source.made_at:
        text += f"，{format_moment(source.made_at)} 制作"
    if origin and origin != source.office:
        text += f"；原始填报单位：{origin}"
    return text


def local_line(row: RowChange) -> str:
    if row.current is None:
        return "本机：还没有这条记录"
    if row.provenance is None:
        return "本机：在本机录入（不是导入的）"
    return f"本机：{row.provenance.describe()}"


def _label(role: str = "") -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if role:
        set_role(label, "role", role)
    return label


class DetailPanel(QWidget):
    """Shows one node of the preview tree. ``decided(row, True/False/None)`` for a conflict's choice,
    ``suggestion_accepted(unknown_id, name)`` when a suggested name is clicked."""

    decided = Signal(object, object)
    suggestion_accepted = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.row: RowChange | None = None
        self.title = _label()
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.title.setFont(font)
        self.state = _label()
        self.reason = _label()
        self.ours = _label("hint")
        self.theirs = _label("hint")
        self.compare_model = CompareModel(self)
        self.compare = QTableView()
        self.compare.setModel(self.compare_model)
        self.compare.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.compare.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.compare.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.compare.setWordWrap(True)
        self.compare.verticalHeader().hide()
        header = self.compare.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.compare.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

        self.take_button = QPushButton("采用导入的")
        self.take_button.setToolTip("用来件的内容替换本机的这条记录")
        self.keep_button = QPushButton("保留本机的")
        self.keep_button.setToolTip("不改动本机的记录，以后导入同一个交换包不再询问")
        for button, value in ((self.take_button, True), (self.keep_button, False)):
            button.setCheckable(True)
            button.clicked.connect(lambda _=False, b=button, v=value: self._decide(b, v))
        self.conflict_hint = _label("hint")
        conflict_row = QHBoxLayout()
        conflict_row.setContentsMargins(0, 0, 0, 0)
        conflict_row.addWidget(self.take_button)
        conflict_row.addWidget(self.keep_button)
        conflict_row.addStretch(1)
        self.conflict_box = QWidget()
        box = QVBoxLayout(self.conflict_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(conflict_row)
        box.addWidget(self.conflict_hint)

        self.unknown_box = QWidget()
        self.unknown_layout = QVBoxLayout(self.unknown_box)
        self.unknown_layout.setContentsMargins(0, 0, 0, 0)
        self.suggestion_buttons: list[QPushButton] = []

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 0, 0, 0)
        for w in (self.title, self.state, self.reason, self.conflict_box, self.unknown_box, self.ours, self.theirs):
            layout.addWidget(w)
        layout.addWidget(self.compare, 1)
        self.show_node(None, Choice())

    # -- showing -----------------------------------------------------------------------
    def show_node(self, node: Node | None, choice: Choice) -> None:
        """The record of a row (also for its fields and unknown names), a report, or a hint."""
        row: RowChange | None = None
        if node is not None and node.kind is N.ROW:
            row = node.obj  # type: ignore[assignment]
        elif node is not None and node.kind in (N.FIELD, N.UNKNOWN) and node.parent is not None:
            row = node.parent.obj  # type: ignore[assignment]
        self.row = row
        if row is not None:
            self._show_row(row, choice)
        elif node is not None and node.kind is N.REPORT:
            self._show_report(node.obj)  # type: ignore[arg-type]
        else:
            self._show_text("请在左侧选择一条记录查看详情",
                            "勾选要导入的记录；冲突需要逐条决定；名录外的名称可一键改为相近的正式名称。")

    def _show_text(self, title: str, text: str) -> None:
        self.title.setText(title)
        self.state.setText(text)
        for w in (self.reason, self.ours, self.theirs, self.compare, self.conflict_box, self.unknown_box):
            w.hide()
        self.state.show()
        self.compare_model.set_row(None)
        self._set_unknown([])

    def _show_row(self, row: RowChange, choice: Choice) -> None:
        e = row.incoming
        self.title.setText(" ".join(x for x in (e.level.attachment, e.county, e.town) if x) or "（未填乡镇）")
        self.state.setText(row_state(row, choice))
        set_role(self.state, "role", "finding-warning" if row.kind is Kind.CONFLICT and row.takeable else "")
        self.reason.setText(row.reason)
        self.reason.setVisible(bool(row.reason))
        self.ours.setText(local_line(row) if row.takeable else "本机：" + (row.reason or ""))
        self.theirs.setText(source_line(row.source, row.origin))
        for w in (self.state, self.ours, self.theirs, self.compare):
            w.show()
        self.compare_model.set_row(row)
        conflict = row.kind is Kind.CONFLICT and row.takeable
        self.conflict_box.setVisible(conflict)
        if conflict:
            self._show_decision(row, choice)
        self._set_unknown(row.unknown if row.kind is not Kind.SAME else [])

    def _show_decision(self, row: RowChange, choice: Choice) -> None:
        taken = sum(f.id in choice.take for f in row.fields)
        theirs = bool(row.fields) and taken == len(row.fields)
        mine = not taken and row.id in choice.resolved
        self.take_button.setChecked(theirs)
        self.keep_button.setChecked(mine)
        if theirs or mine:
            self.conflict_hint.setText("再点一次可取消选择")
        elif taken:
            self.conflict_hint.setText(f"已在左侧勾选采用 {taken} 项来件的内容，其余保留本机的")
        else:
            self.conflict_hint.setText(_UNDECIDED)

    def _show_report(self, rc: ReportChange) -> None:
        rep = rc.report
        self.title.setText(f"{rep.region} {rep.month.label}月报")
        self.state.setText(REPORT_TAGS[rc.kind] + ("（不能导入）" if not rc.takeable else ""))
        self.reason.setText(rc.reason)
        self.reason.setVisible(bool(rc.reason))
        filled = sum(v is not None and v != "" for v in rep.values.values())
        who = "、".join(x for x in (f"填报人 {rep.reporter}" if rep.reporter else "",
                                   f"审核人 {rep.reviewer}" if rep.reviewer else "") if x)
        self.ours.setText(f"本机：{'已有该月报' if rc.current_id is not None else '还没有该月报'}")
        self.theirs.setText(f"{source_line(rc.source)}；{filled} 项指标" + (f"，{who}" if who else ""))
        for w in (self.state, self.ours, self.theirs):
            w.show()
        self.conflict_box.hide()
        self.compare_model.set_report(rc.fields)
        self.compare.setVisible(bool(rc.fields))
        self._set_unknown([])

    def _set_unknown(self, unknown: list[UnknownName]) -> None:
        while self.unknown_layout.count():
            item = self.unknown_layout.takeAt(0)
            widget = item.widget()
            if widget is not None:
                widget.deleteLater()
            elif item.layout() is not None:
                _clear(item.layout())
        self.suggestion_buttons = []
        for u in unknown:
            text = f"{u.label}“{u.name}”不在区划名录中"
            text += "，相近的正式名称：" if u.suggestions else "，名录中没有相近的名称，可导入后在名单中修改"
            label = _label("finding-warning")
            label.setText(text)
            self.unknown_layout.addWidget(label)
            row = QHBoxLayout()
            for s in u.suggestions[:MAX_SUGGESTIONS]:
                button = QPushButton(f"改为“{s.name}”")
                button.setToolTip(f"把“{u.name}”改为名录中的“{s.name}”（代码 {s.code}）")
                button.clicked.connect(lambda _=False, uid=u.id, name=s.name: self.suggestion_accepted.emit(uid, name))
                self.suggestion_buttons.append(button)
                row.addWidget(button)
            row.addStretch(1)
            self.unknown_layout.addLayout(row)
        self.unknown_box.setVisible(bool(unknown))

    def _decide(self, button: QPushButton, take_theirs: bool) -> None:
        if self.row is None:
            return
        self.decided.emit(self.row, take_theirs if button.isChecked() else None)


def _clear(layout: QLayout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        if item.widget() is not None:
            item.widget().deleteLater()
