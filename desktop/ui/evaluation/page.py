"""The 验收评估 tab: the pilot sites with their totals and grades on the left; the chosen site's 评分表
on the right (自评分 and 验收分 side by side, differences highlighted, marks and messages inline),
its evaluators and date, and the exports. Marked 参考方案 while the reference checklist is used.
A score outside 0..分值 or text over its limit is refused as typed (the rules of the command line and of
every import). On a narrow window the 评分表 drops 一级指标 (then 评分方式) into tooltips, so that
验收分 and 扣分原因 stay in view, and the site list drops 类型."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.evaluation.checklist import Checklist
from desktop.domain.evaluation.scoring import (
    EVALUATORS_LIMIT,
    REASON_LIMIT,
    ItemScore,
    Site,
    check_site,
    result_of,
)
from desktop.store.database import Store
from desktop.ui.common.folders import ask_to_open, open_folder, remember_dir, start_dir
from desktop.ui.common.jobs import JobRunner
from desktop.ui.common.theme import set_role
from desktop.ui.evaluation.models import ScoreTableModel, SiteTableModel

# 评分表 columns: (column, width); 评分标准 takes what is left. Below the widths, columns go into tooltips.
_FIXED = ((0, 100), (1, 118), (3, 54), (4, 40), (5, 50), (6, 50), (7, 150))
_WITHOUT_TASK, _WITHOUT_METHOD = 820, 600  # viewport widths under which 一级指标, then 评分方式 are hidden
_SITE_HIDDEN = ((1, 400), (3, 310), (2, 240))  # site list: 类型, then 自评, then 已评 under these widths


def offer_open(parent: QWidget, title: str, text: str) -> bool:
    """The 导出完成 box with 打开文件夹 (replaced in tests); True when the folder is to be opened."""
    return ask_to_open(parent, title, text)


class _ReasonLimit(QStyledItemDelegate):
    """The 扣分原因 editor takes at most REASON_LIMIT characters and says so."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,  # noqa: N802 - Qt's name
                     index: QModelIndex | QPersistentModelIndex) -> QWidget:
        editor = super().createEditor(parent, option, index)
        if isinstance(editor, QLineEdit):
            editor.setMaxLength(REASON_LIMIT)
            editor.setPlaceholderText(f"最多 {REASON_LIMIT} 个字")
            editor.setToolTip(f"扣分原因：最多 {REASON_LIMIT} 个字")
        return editor


class _FittingTable(QTableView):
    """A table that fits its columns to its width when it is resized (``fit`` is the page's rule)."""

    def __init__(self, fit) -> None:
        super().__init__()
        self._fit = fit

    def resizeEvent(self, e: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(e)
        self._fit()


class EvaluationPage(QWidget):
    changed = Signal()

    def __init__(self, store: Store, checklist: Checklist, sites: list[Site], parent: QWidget | None = None,
                 *, jobs: JobRunner | None = None) -> None:
        super().__init__(parent)
        self.store, self.checklist, self.sites = store, checklist, sites
        self.jobs = jobs or JobRunner(self)
        self.site_model = SiteTableModel()
        self.site_table = _FittingTable(self._fit_sites)
        self.site_table.setModel(self.site_model)
        self.site_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.site_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.site_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.site_table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.site_table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        sites_header = self.site_table.horizontalHeader()
        sites_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        sites_header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        sites_header.setMinimumSectionSize(24)
        self.site_table.verticalHeader().hide()
        self.score_model = ScoreTableModel(self._write, self._refuse)
        self.score_table = _FittingTable(self._fit_scores)
        self.score_table.setModel(self.score_model)
        self.score_table.setWordWrap(True)
        self.score_table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.score_table.setItemDelegateForColumn(ScoreTableModel.REASON, _ReasonLimit(self.score_table))
        header = self.score_table.horizontalHeader()
        header.setMinimumSectionSize(24)
        for col, width in _FIXED:
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(col, width)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.sectionResized.connect(self._fit_rows)
        self.score_table.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.title = QLabel()
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title.setFont(font)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.messages = QLabel()
        self.messages.setWordWrap(True)
        set_role(self.messages, "role", "finding-error")
        self.evaluators = QLineEdit()
        self.evaluators.setMaxLength(EVALUATORS_LIMIT)
        self.evaluators.setPlaceholderText(f"如：王晓燕、李建国（最多 {EVALUATORS_LIMIT} 个字）")
        self.evaluators.setToolTip(f"验收人员：最多 {EVALUATORS_LIMIT} 个字")
        self.evaluators.editingFinished.connect(self._save_info)
        self.evaluators_count = QLabel()
        set_role(self.evaluators_count, "role", "hint")
        self.evaluators.textChanged.connect(self._count_evaluators)
        self.evaluated_on = QLineEdit()
        self.evaluated_on.setPlaceholderText("验收日期，如 2021-11-20")
        self.evaluated_on.editingFinished.connect(self._save_info)
        self.export_button = QPushButton("导出评分表…")
        self.export_button.setToolTip("导出每个试点的评分表和汇总表（.xlsx 和 PDF）")
        self.export_button.clicked.connect(self.export)
        self.evidence_button = QPushButton("添加佐证材料…")
        self.evidence_button.setToolTip("把照片、文件等佐证材料记到选中的评分项目下（文件连同校验码保存在数据库中）")
        self.evidence_button.clicked.connect(self.add_evidence)
        self.evidence_label = QLabel()
        self.evidence_label.setWordWrap(True)
        set_role(self.evidence_label, "role", "hint")
        self.import_button = QPushButton("导入评分标准…")
        self.import_button.setToolTip("导入省中心正式的验收评估方案（评分表格式的 .xlsx：一级指标、二级指标、评分标准、分值、评分方式）")
        self.import_button.clicked.connect(self.import_checklist)
        reference = self.reference = QLabel(checklist.source if checklist.reference else "")
        reference.setWordWrap(True)
        set_role(reference, "role", "hint")
        reference.setVisible(checklist.reference)
        info = QHBoxLayout()
        info.addWidget(QLabel("验收人员"))
        info.addWidget(self.evaluators, 2)
        info.addWidget(self.evaluators_count)
        info.addWidget(QLabel("验收日期"))
        info.addWidget(self.evaluated_on, 1)
        right = QWidget()
        col = QVBoxLayout(right)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(self.title)
        col.addWidget(self.summary)
        col.addLayout(info)
        col.addWidget(self.score_table, 1)
        col.addWidget(self.messages)
        evidence_row = QHBoxLayout()
        evidence_row.addWidget(self.evidence_button)
        evidence_row.addWidget(self.evidence_label, 1)
        col.addLayout(evidence_row)
        left = QWidget()
        lcol = QVBoxLayout(left)
        lcol.setContentsMargins(0, 0, 0, 0)
        lcol.addWidget(self.site_table, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.import_button)
        lcol.addLayout(buttons)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([430, 930])
        layout = QVBoxLayout(self)
        layout.addWidget(reference)
        layout.addWidget(splitter, 1)
        self.site_table.selectionModel().currentRowChanged.connect(lambda cur, _prev: self.show_site(cur.row()))
        self.current: Site | None = None
        self.reading = None  # the 佐证材料 file being read (ui.evaluation.evidence)
        self.refresh()
        if sites:
            self.site_table.selectRow(0)

    # -- contents ------------------------------------------------------------------------
    def set_sites(self, sites: list[Site]) -> None:
        keep = self.current.key if self.current is not None else None
        self.sites = sites
        self.refresh()
        row = next((i for i, s in enumerate(sites) if s.key == keep), 0)
        if sites:
            self.site_table.selectRow(row)
            self.show_site(row)

    def refresh(self) -> None:
        results = [result_of(self.checklist, self.store.site_scores(s)) for s in self.sites]
        row = self.site_table.currentIndex().row()
        self.site_model.set_results(results)
        if 0 <= row < len(results):
            self.site_table.selectRow(row)

    def show_site(self, row: int) -> None:
        if not 0 <= row < len(self.sites):
            return
        site = self.current = self.sites[row]
        scores = self.store.site_scores(site)
        self.score_model.set_site(self.checklist, scores)
        self.score_table.resizeRowsToContents()
        self.evaluators.setText(scores.evaluators)
        self.evaluated_on.setText(scores.evaluated_on)
        self._update_summary()
        self._show_evidence()

    def _show_evidence(self) -> None:
        if self.current is None:
            return
        items = self.store.evidence(self.current)
        self.evidence_label.setText("佐证材料：" + ("；".join(f"{c} {n}" for c, n, *_ in items) if items else "无"))

    def add_evidence(self) -> bool:
        """Pick a file for the selected item; it is read off the GUI thread (progress, 取消) and recorded."""
        from desktop.ui.evaluation.evidence import read_and_record

        row = self.score_table.currentIndex().row()
        if self.current is None or row < 0:
            QMessageBox.information(self, "佐证材料", "请先在评分表中选中一个评分项目。")
            return False
        if self.store.read_only:
            from desktop.store.failures import read_only_text  # a full disk: what to do is not 复制

            QMessageBox.information(self, "佐证材料", read_only_text(self.store.path, self.store.read_only, "添加佐证材料"))
            return False
        name, _ = QFileDialog.getOpenFileName(self, "选择佐证材料", start_dir("evidence"))
        if not name:
            return False
        remember_dir("evidence", Path(name).parent)
        self.evidence_button.setEnabled(False)
        self.reading = read_and_record(self, self.store, self.jobs, self.current, self.score_model.items[row],
                                       Path(name), self._evidence_recorded)
        return True

    def _evidence_recorded(self, recorded: bool) -> None:
        self.evidence_button.setEnabled(True)
        self.reading = None
        if recorded:
            self._show_evidence()
            self.changed.emit()

    def _update_summary(self) -> None:
        if self.current is None:
            return
        scores = self.store.site_scores(self.current)
        r = result_of(self.checklist, scores)
        own = f"自评 {r.self_breakdown} 分；" if r.self_total is not None else ""
        self.title.setText(f"{self.current.name}（{self.current.level}）")
        failed = f"；未达到必要条件 {'、'.join(r.failed_required)}" if r.failed_required else ""
        self.summary.setText(f"已评 {r.scored}/{r.items} 项；{own}验收 {r.breakdown} 分（基本分+加分=总分）；"
                             f"等级：{r.grade}{failed}")
        errors = [f.message for f in check_site(self.checklist, scores) if f.is_error]
        self.messages.setText("\n".join(errors[:6]) + (f"\n…… 另有 {len(errors) - 6} 条" if len(errors) > 6 else ""))
        self.messages.setVisible(bool(errors))

    # -- fitting the width -----------------------------------------------------------------
    def _fit_scores(self) -> None:
        """验收分 and 扣分原因 stay in view: 一级指标, then 评分方式, go into tooltips on a narrow table
        The rows' heights follow the width of 评分标准."""
        width = self.score_table.viewport().width()
        hide = (width < _WITHOUT_TASK, width < _WITHOUT_METHOD)
        if hide != (self.score_table.isColumnHidden(0), self.score_table.isColumnHidden(3)):
            self.score_table.setColumnHidden(0, hide[0])
            self.score_table.setColumnHidden(3, hide[1])

    def _fit_rows(self, column: int, _old: int = 0, _new: int = 0) -> None:
        if column == 2:  # once 评分标准 has its new width
            QTimer.singleShot(0, self.score_table.resizeRowsToContents)

    def _fit_sites(self) -> None:
        """试点, 验收 and 等级 stay in view: 类型, 自评 and 已评 go into the tooltip on a narrow list."""
        width = self.site_table.viewport().width()
        for col, under in _SITE_HIDDEN:
            self.site_table.setColumnHidden(col, width < under)

    def _count_evaluators(self, text: str) -> None:
        self.evaluators_count.setText(f"{len(text)}/{EVALUATORS_LIMIT}" if len(text) > EVALUATORS_LIMIT * 0.8 else "")

    # -- edits -----------------------------------------------------------------------------
    def _refuse(self, message: str) -> None:
        QMessageBox.warning(self, "评分没有保存", f"{message}。\n\n原来的内容没有改动，请重新输入。")

    def _write(self, code: str, score: ItemScore) -> None:
        assert self.current is not None
        self.store.set_item_score(self.current, code, score)
        self.refresh()
        self._update_summary()
        self.changed.emit()

    def _save_info(self) -> None:
        if self.current is None:
            return
        from desktop.services.common import ServiceError
        from desktop.services.evaluation import set_site_info

        try:  # the rules of the command line: a date, 验收人员 without control characters
            set_site_info(self.store, self.current, self.evaluators.text(), self.evaluated_on.text().strip())
        except ServiceError as exc:
            QMessageBox.warning(self, "验收人员和日期没有保存", f"{exc}。")
            stored = self.store.site_scores(self.current)
            self.evaluators.setText(stored.evaluators)
            self.evaluated_on.setText(stored.evaluated_on)
            return
        self._update_summary()
        self.changed.emit()

    def import_checklist(self) -> bool:
        from desktop.domain.evaluation.checklist import describe_checklist
        from desktop.domain.evaluation.sites import sites_of
        from desktop.services.common import ServiceError
        from desktop.services.evaluation import read_checklist, replacing_note

        name, _ = QFileDialog.getOpenFileName(self, "导入评分标准", start_dir("checklist"), "Excel 工作簿 (*.xlsx)")
        if not name:
            return False
        remember_dir("checklist", Path(name).parent)
        try:
            checklist = read_checklist(Path(name))
        except ServiceError as exc:
            QMessageBox.warning(self, "不能导入评分标准", str(exc))
            return False
        yes, no = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No
        note = replacing_note(self.store, checklist)
        text = ("\n".join(describe_checklist(checklist)) + "\n\n导入后，评分、导出和汇总都按它计算。"
                + (f"\n\n注意：{note}。\n\n" if note else "") + "要导入吗？")
        if QMessageBox.question(self, "导入评分标准", text, yes | no, no) != yes:
            return False
        self.store.set_checklist(checklist)
        self.checklist = checklist
        self.reference.setVisible(False)
        self.set_sites(sites_of(self.store.load_rosters(), checklist))
        self.changed.emit()
        return True

    def export(self) -> Path | None:
        from desktop.services.common import ServiceError
        from desktop.services.evaluation import Context, export_workbooks, scored
        from desktop.ui.common.printing import write_pdf

        folder = QFileDialog.getExistingDirectory(self, "选择保存评分表的文件夹", start_dir("evaluation"))
        if not folder:
            return None
        remember_dir("evaluation", folder)
        context = Context(self.checklist, self.sites)
        try:
            written = export_workbooks(self.store, context, Path(folder),
                                       pdf=lambda html, path: write_pdf(html, path, True))
        except ServiceError as exc:
            QMessageBox.warning(self, "导出没有完成", str(exc))
            return None
        text = f"已导出 {len(self.sites)} 份评分表和汇总表（.xlsx 和 PDF）到“{folder}”。"
        unfinished = [r.site.name for r in scored(self.store, context).results if not r.complete]
        if unfinished:
            more = f"等 {len(unfinished)} 个" if len(unfinished) > 6 else ""
            text += (f"\n\n其中{'、'.join(unfinished[:6])}{more}还没有评完：它们的评分表留有空项，"
                     "汇总表中不参加排名。")
        if offer_open(self, "验收评估", text):
            open_folder(self, Path(folder))
        return next(p for p in written if p.name.startswith("验收汇总表") and p.suffix == ".xlsx")
