"""查看 → 收件情况…: the upper unit's board of its subordinate units (desktop.services.receiving) — each
cell 已收 / 未收 / 逾期 / 又更新, double-click for what came and from where; import what arrived, set a
unit's e-mail address, write the 催报 drafts, print the 催报 list. A unit without subordinates is told so."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.places.gazetteer import Gazetteer
from desktop.domain.receiving.board import NOT_RECEIVED, OVERDUE, SHORT, STATUSES
from desktop.store.database import Store
from desktop.ui.common.theme import set_role
from desktop.ui.receiving.model import COLORS, ReceivingModel

_EXPLAINED = {NOT_RECEIVED: "（未到截止日期）", OVERDUE: "（过了截止日期还没收到）"}
LEGEND = tuple((s, SHORT[s] + _EXPLAINED.get(s, "")) for s in STATUSES)


def _chip(status: str, text: str) -> QLabel:
    fg, bg = COLORS[status]
    label = QLabel(text)
    label.setStyleSheet(f"QLabel {{ color: {fg}; background: {bg}; padding: 2px 6px; border-radius: 3px; }}")
    return label


def offer_open_folder(parent: QWidget, text: str) -> bool:
    """Tell where the drafts were written; True when the user asked to open the folder."""
    from desktop.ui.common.folders import ask_to_open

    return ask_to_open(parent, "催报", text)


class ReceivingDialog(QDialog):
    def __init__(self, store: Store, gaz: Gazetteer, parent: QWidget | None = None, *,
                 today: Callable[[], date] = date.today, import_files: Callable[[], None] | None = None) -> None:
        super().__init__(parent)
        self.store, self.gaz, self.today = store, gaz, today
        self.setWindowTitle("收件情况")
        self.view = None  # desktop.services.receiving.Receiving
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.year = QSpinBox()
        self.year.setRange(2021, 2100)
        self.year.setValue(today().year)
        self.year.setSuffix(" 年")
        self.year.setToolTip("看哪一年的收件情况")
        self.year.valueChanged.connect(lambda _v: self.refresh())
        self.empty = QLabel()  # a unit without subordinates: why
        self.empty.setWordWrap(True)
        set_role(self.empty, "role", "hint")
        self.model = ReceivingModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.doubleClicked.connect(self.show_detail)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.current = QLabel()  # the selected cell: what came and from where, in one line
        self.current.setWordWrap(True)
        self.current.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table.selectionModel().currentChanged.connect(lambda index, _old: self._show_current(index))
        self.detail_button = QPushButton("查看详情…")
        self.detail_button.setToolTip("选中的单元格：收到了什么、来自哪个文件或邮件、日期、SHA-256（也可双击）")
        self.detail_button.clicked.connect(lambda: self.show_detail(self.table.currentIndex()))
        self.import_button = QPushButton("导入邮件或文件…")
        self.import_button.setToolTip("导入下级发来的邮件（.eml）、交换包（.zctb）或工作簿（.xlsx），先预览再导入；"
                                      "也可以把文件或文件夹拖到主窗口上")
        self.import_button.setVisible(import_files is not None)
        if import_files is not None:
            self.import_button.clicked.connect(import_files)
        self.address_button = QPushButton("设置邮箱…")
        self.address_button.setToolTip("选中单位的电子邮件地址（催报邮件发往这里）；导入对方的邮件时会自动记下")
        self.address_button.clicked.connect(self.edit_address)
        self.remind_button = QPushButton("写催报邮件…")
        self.remind_button.setToolTip("给有逾期或一周内到期未收材料的单位各写一封催报邮件草稿（.eml），记入催报记录")
        self.remind_button.clicked.connect(self.remind)
        self.print_button = QPushButton("打印催报清单…")
        self.print_button.setToolTip("按单位列出未收材料、截止日期、邮箱和催报情况（A4 横向），用于电话催报")
        self.print_button.clicked.connect(self.print_list)
        close = QPushButton("关闭")
        close.clicked.connect(self.accept)

        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(QLabel("年份："))
        top.addWidget(self.year)
        legend = QHBoxLayout()
        legend.addWidget(QLabel("图例："))
        for status, text in LEGEND:
            legend.addWidget(_chip(status, text))
        legend.addWidget(QLabel("“·已催报”：已写过催报邮件"))
        legend.addStretch(1)
        buttons = QHBoxLayout()
        for button in (self.detail_button, self.import_button, self.address_button, self.remind_button,
                       self.print_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(legend)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.current)
        layout.addLayout(buttons)
        self.refresh()
        from desktop.ui.common.screen_fit import fit_to_screen

        fit_to_screen(self, 1150, 620)

    # -- contents ---------------------------------------------------------------------------------------
    def refresh(self) -> None:
        from desktop.services.common import NothingToDo
        from desktop.services.receiving import receiving

        keep = self.table.currentIndex()
        try:
            self.view = receiving(self.store, self.gaz, self.today(), self.year.value())
        except NothingToDo as exc:
            self.view = None
            self.model.set_view(None, self.today())
            self.heading.setText("收件情况")
            self.empty.setText(str(exc))
            self.empty.show()
            self.table.hide()
            self.current.setText("")
        for button in (self.detail_button, self.address_button, self.remind_button, self.print_button):
            button.setEnabled(self.view is not None)
        if self.view is None:
            return
        self.empty.hide()
        self.table.show()
        self.model.set_view(self.view, self.today())
        counts = self.view.board.counts()
        self.heading.setText(f"{self.view.unit.display}：{self.view.year}年，下属 {len(self.view.board.units)} 个"
                             f"{self.view.word}　" + "，".join(f"{SHORT[s]} {counts[s]} 项" for s in STATUSES))
        self.table.resizeColumnsToContents()
        if keep.isValid():
            self.table.setCurrentIndex(self.model.index(keep.row(), keep.column()))

    def select(self, unit: str, key: str) -> None:
        """Select the cell of unit (by name) and due item (by key)."""
        rows = [i for i, u in enumerate(self.model.units) if u.name == unit]
        columns = [i for i, item in enumerate(self.model.items) if item.key == key]
        if rows and columns:
            self.table.setCurrentIndex(self.model.index(rows[0], columns[0]))

    def _show_current(self, index: QModelIndex) -> None:
        cell = self.model.cell(index.row(), index.column()) if index.isValid() else None
        if cell is not None:
            told = f"；已催报 {len(cell.reminders)} 次" if cell.reminders else ""
            self.current.setText(cell.summary(self.today()) + told + "（双击查看详情）")
        else:
            unit = self.model.unit(index.row()) if index.isValid() else None
            self.current.setText(f"{unit.name}的邮箱：双击或点“设置邮箱…”修改" if unit is not None else "")

    def _unit(self):
        index = self.table.currentIndex()
        return self.model.unit(index.row()) if index.isValid() else None

    # -- actions ----------------------------------------------------------------------------------------
    def show_detail(self, index: QModelIndex) -> None:
        cell = self.model.cell(index.row(), index.column()) if index.isValid() else None
        if cell is None:
            unit = self.model.unit(index.row()) if index.isValid() else None
            if unit is not None:
                self.edit_address()
            return
        QMessageBox.information(self, f"{cell.unit.name} {cell.item.label}", "\n".join(cell.detail(self.today())))

    def edit_address(self) -> None:
        from desktop.services.common import ServiceError
        from desktop.services.receiving import set_address

        unit = self._unit()
        if unit is None or self.view is None:
            QMessageBox.information(self, "设置邮箱", "请先在表中选中一个单位。")
            return
        text, ok = QInputDialog.getText(self, "设置邮箱", f"{unit.name}的电子邮件地址（催报邮件发往这里；留空则清除）：",
                                        text=self.view.address(unit))
        if not ok:
            return
        try:
            set_address(self.store, self.gaz, self.today(), unit.name, text)
        except ServiceError as exc:
            QMessageBox.warning(self, "设置邮箱", str(exc))
            return
        self.refresh()

    def remind(self) -> list[Path]:
        """Confirm which units, pick the folder, write the drafts (recorded), offer to open the folder."""
        from desktop.services.common import ServiceError
        from desktop.services.receiving import nothing_to_remind, remind

        if self.view is None:
            return []
        units = self.view.board.units_to_remind()
        if not units:
            QMessageBox.information(self, "催报", f"{nothing_to_remind(self.view.word)}。")
            return []
        lines = [f"· {u.name}（{self.view.address(u) or '未设置邮箱'}）：" + "、".join(c.item.label for c in
                 self.view.board.to_remind(u)) for u in units]
        answer = QMessageBox.question(self, "催报", f"给以下 {len(units)} 个{self.view.word}各写一封催报邮件草稿：\n\n"
                                      + "\n".join(lines[:20]) + ("\n……" if len(lines) > 20 else "")
                                      + "\n\n草稿写在你选的文件夹里，用邮件程序打开后发送（没有邮箱的请在邮件中填写收件人）。")
        if answer != QMessageBox.StandardButton.Yes:
            return []
        from desktop.ui.common.folders import remember_dir, start_dir

        folder = QFileDialog.getExistingDirectory(self, "选择保存催报邮件草稿的文件夹", start_dir("remind"))
        if not folder:
            return []
        remember_dir("remind", folder)
        try:
            drafts = remind(self.store, self.gaz, Path(folder), self.today(), [u.name for u in units],
                            self.year.value())
        except ServiceError as exc:
            QMessageBox.warning(self, "催报没有完成", str(exc))
            return []
        self.refresh()
        if offer_open_folder(self, f"已写出 {len(drafts)} 封催报邮件草稿到“{folder}”，已记入催报记录：\n\n"
                             + "\n".join(d.path.name for d in drafts)):
            from desktop.ui.common.folders import open_folder

            open_folder(self, Path(folder))
        return [d.path for d in drafts]

    def reminder_html(self) -> str:
        from desktop.exchange.print_html import reminder_list_html

        assert self.view is not None
        addresses = {u.code: self.view.address(u) for u in self.view.board.units}
        return reminder_list_html(self.view.unit.display, self.view.word, self.view.board, addresses)

    def print_list(self) -> None:
        if self.view is None:
            return
        from desktop.ui.common.printing import preview

        preview(self.reminder_html(), True, self, "打印预览 — 催报清单")


def open_receiving(w) -> ReceivingDialog:
    """The dialog over the main window (``w``: desktop.ui.window.host.WindowHost); its import goes
    through the window's usual preview and the board follows."""
    dialog = ReceivingDialog(w.store, w.gaz, w, import_files=w.transfer.import_files)

    def follow(_added: int) -> None:
        dialog.refresh()

    w.transfer.import_finished.connect(follow)
    dialog.finished.connect(lambda _result: w.transfer.import_finished.disconnect(follow))
    dialog.table.setFocus(Qt.FocusReason.OtherFocusReason)
    return dialog
