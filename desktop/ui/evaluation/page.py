"""The 验收评估 tab: the pilot sites with their totals and grades on the left; the chosen site's 评分表
on the right (自评分 and 验收分 side by side, differences highlighted, marks and messages inline),
its evaluators and date, and the exports. Marked 参考方案 while the reference checklist is used."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
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
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.evaluation.checklist import Checklist
from desktop.domain.evaluation.scoring import ItemScore, Site, check_site, result_of
from desktop.store.database import Store
from desktop.ui.common.folders import remember_dir, start_dir
from desktop.ui.common.theme import set_role
from desktop.ui.evaluation.models import ScoreTableModel, SiteTableModel


class EvaluationPage(QWidget):
    changed = Signal()

    def __init__(self, store: Store, checklist: Checklist, sites: list[Site], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.checklist, self.sites = store, checklist, sites
        self.site_model = SiteTableModel()
        self.site_table = QTableView()
        self.site_table.setModel(self.site_model)
        self.site_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.site_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.site_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.site_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.site_table.verticalHeader().hide()
        self.score_model = ScoreTableModel(self._write)
        self.score_table = QTableView()
        self.score_table.setModel(self.score_model)
        self.score_table.setWordWrap(True)
        header = self.score_table.horizontalHeader()
        for col, width in enumerate((80, 130, 260, 60, 44, 56, 56, 160)):
            header.resizeSection(col, width)
        header.setStretchLastSection(True)
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
        self.evaluators.setPlaceholderText("验收人员，如：王晓燕、李建国")
        self.evaluators.editingFinished.connect(self._save_info)
        self.evaluated_on = QLineEdit()
        self.evaluated_on.setPlaceholderText("验收日期，如 2021-11-20")
        self.evaluated_on.editingFinished.connect(self._save_info)
        self.export_button = QPushButton("导出评分表和汇总表…")
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
        lcol.addWidget(self.export_button)
        lcol.addWidget(self.import_button)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 5)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([430, 930])
        layout = QVBoxLayout(self)
        layout.addWidget(reference)
        layout.addWidget(splitter, 1)
        self.site_table.selectionModel().currentRowChanged.connect(lambda cur, _prev: self.show_site(cur.row()))
        self.current: Site | None = None
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
        row = self.score_table.currentIndex().row()
        if self.current is None or row < 0:
            QMessageBox.information(self, "佐证材料", "请先在评分表中选中一个评分项目。")
            return False
        name, _ = QFileDialog.getOpenFileName(self, "选择佐证材料", start_dir("evidence"))
        if not name:
            return False
        remember_dir("evidence", Path(name).parent)
        code = self.score_model.items[row].code
        try:
            _digest, kept = self.store.add_evidence(self.current, code, Path(name))
        except OSError as exc:
            from desktop.system.oserrors import os_error_text

            QMessageBox.warning(self, "佐证材料", f"无法读取“{name}”（{os_error_text(exc)}），没有添加。")
            return False
        if not kept:
            QMessageBox.information(self, "佐证材料", "文件较大（超过 20 MB），只记录了它的位置和校验码，没有复制进数据库。")
        self._show_evidence()
        self.changed.emit()
        return True

    def _update_summary(self) -> None:
        if self.current is None:
            return
        scores = self.store.site_scores(self.current)
        r = result_of(self.checklist, scores)
        own = f"自评 {r.self_total:g}，" if r.self_total is not None else ""
        self.title.setText(f"{self.current.name}（{self.current.level}）")
        failed = f"；未达到必要条件 {'、'.join(r.failed_required)}" if r.failed_required else ""
        self.summary.setText(f"已评 {r.scored}/{r.items} 项；{own}验收 {r.total:g} 分（加分 {r.bonus:g}）；"
                             f"等级：{r.grade}{failed}")
        errors = [f.message for f in check_site(self.checklist, scores) if f.is_error]
        self.messages.setText("\n".join(errors[:6]) + (f"\n…… 另有 {len(errors) - 6} 条" if len(errors) > 6 else ""))
        self.messages.setVisible(bool(errors))

    # -- edits -----------------------------------------------------------------------------
    def _write(self, code: str, score: ItemScore) -> None:
        assert self.current is not None
        self.store.set_item_score(self.current, code, score)
        self.refresh()
        self._update_summary()
        self.changed.emit()

    def _save_info(self) -> None:
        if self.current is None:
            return
        from desktop.domain.dates import parse_date

        text = self.evaluated_on.text().strip()
        day = parse_date(text) if text else None
        if text and day is None:
            QMessageBox.warning(self, "验收日期", f"验收日期“{text}”不是日期，请写成 2021-11-20。")
            self.evaluated_on.setText(self.store.site_scores(self.current).evaluated_on)
            return
        self.store.set_site_info(self.current, self.evaluators.text().strip(), day.isoformat() if day else "")
        self._update_summary()
        self.changed.emit()

    def import_checklist(self) -> bool:
        from desktop.domain.evaluation.checklist import describe_checklist
        from desktop.domain.evaluation.sites import sites_of
        from desktop.services.common import ServiceError
        from desktop.services.evaluation import read_checklist

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
        text = "\n".join(describe_checklist(checklist)) + "\n\n导入后，评分、导出和汇总都按它计算。要导入吗？"
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
        from desktop.services.evaluation import Context, export_workbooks
        from desktop.ui.common.printing import write_pdf

        folder = QFileDialog.getExistingDirectory(self, "选择保存评分表的文件夹", start_dir("evaluation"))
        if not folder:
            return None
        remember_dir("evaluation", folder)
        try:
            written = export_workbooks(self.store, Context(self.checklist, self.sites), Path(folder),
                                       pdf=lambda html, path: write_pdf(html, path, True))
        except ServiceError as exc:
            QMessageBox.warning(self, "导出没有完成", str(exc))
            return None
        QMessageBox.information(self, "验收评估", f"已导出 {len(self.sites)} 份评分表和汇总表（.xlsx 和 PDF）到“{folder}”。")
        return next(p for p in written if p.name.startswith("验收汇总表") and p.suffix == ".xlsx")
