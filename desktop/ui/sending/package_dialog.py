"""文件 → 导出交换包…: pick what goes into the package (the whole database, one county or one town).

The counties and towns are those of the rosters; what a choice holds is counted with
desktop.exchange.package.archive.select_scope, the function that also picks the data to write.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.model import ReportingUnit, Roster
from desktop.domain.monthly.report import MonthlyReport
from desktop.domain.names import compact
from desktop.ui.common.theme import set_role

_SCOPE = Qt.ItemDataRole.UserRole


def scope_names(rosters: list[Roster]) -> dict[str, list[tuple[str, str]]]:
    """County → [(town, the name that selects it)], in list order; a town name that occurs in two
    counties is selected as 县名乡镇名."""
    counties: dict[str, list[tuple[str, str]]] = {}
    homes: dict[str, set[str]] = {}
    for roster in rosters:
        for t in roster.towns:
            if t.town:
                homes.setdefault(compact(t.town), set()).add(compact(t.county))
    for roster in rosters:
        for t in roster.towns:
            if not t.county:
                continue
            towns = counties.setdefault(t.county, [])
            if t.town and all(name != t.town for name, _ in towns):
                key = t.town if len(homes[compact(t.town)]) == 1 else f"{t.county}{t.town}"
                towns.append((t.town, key))
    return counties


class PackageDialog(QDialog):
    """Accepted: ``scope()`` is "" (everything) or a county or town name for select_scope."""

    def __init__(self, rosters: list[Roster], reports: list[MonthlyReport], unit: ReportingUnit,
                 parent: QWidget | None = None, now: datetime | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("导出交换包")
        self.rosters, self.reports, self.unit = rosters, reports, unit
        self.now = now or datetime.now()
        intro = QLabel("交换包把名单和月报打包成一个文件（.zctb），用 U 盘或电子邮件交给县（市、区）或市（州）导入汇总。\n"
                       f"制作单位：{unit.display}\n\n请选择要打包的范围：")
        intro.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["范围", "乡镇（街道）"])
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setStretchLastSection(False)
        total = sum(len(r.towns) for r in rosters)
        everything = QTreeWidgetItem(["整个数据库", f"{total} 个"])
        everything.setData(0, _SCOPE, "")
        self.tree.addTopLevelItem(everything)
        for county, towns in scope_names(rosters).items():
            n = sum(1 for r in rosters for t in r.towns if t.county == county)
            item = QTreeWidgetItem([county, f"{n} 个"])
            item.setData(0, _SCOPE, county)
            for town, key in towns:
                child = QTreeWidgetItem([town, ""])
                child.setData(0, _SCOPE, key)
                item.addChild(child)
            self.tree.addTopLevelItem(item)
        self.tree.setCurrentItem(everything)
        self.tree.currentItemChanged.connect(lambda *_: self._update())
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.file_label = QLabel()
        set_role(self.file_label, "role", "hint")
        self.file_label.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("导出…")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.file_label)
        layout.addWidget(self.buttons)
        from desktop.ui.common.screen_fit import fit_to_screen

        fit_to_screen(self, 560, 480)
        self._update()
        self.tree.setFocus(Qt.FocusReason.OtherFocusReason)

    def scope(self) -> str:
        item = self.tree.currentItem()
        return str(item.data(0, _SCOPE) or "") if item is not None else ""

    def set_scope(self, name: str) -> bool:
        """Select the entry of a county or town (by the name select_scope takes); False if absent."""
        items = [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]
        items += [it.child(j) for it in list(items) for j in range(it.childCount())]
        for item in items:
            if item.data(0, _SCOPE) == name:
                self.tree.setCurrentItem(item)
                return True
        return False

    def file_name(self) -> str:
        from desktop.services.package import file_name

        return file_name(self.unit, self.scope(), self.now)

    def _update(self) -> None:
        from desktop.exchange.package.archive import select_scope

        try:
            _, rosters, reports = select_scope(self.rosters, self.reports, self.scope())
        except ValueError as exc:
            self.summary.setText(str(exc))
            self.ok_button.setEnabled(False)
            return
        towns = sum(len(r.towns) for r in rosters)
        villages = sum(r.village_count for r in rosters)
        self.summary.setText(f"将打包：{towns} 个乡镇（街道），{villages} 个村（社区），{len(reports)} 份月报")
        self.ok_button.setEnabled(bool(towns or reports))
        self.file_label.setText(f"文件名：{self.file_name()}（下一步选择保存位置）")
