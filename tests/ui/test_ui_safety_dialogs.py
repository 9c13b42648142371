"""修改记录 and 备份与恢复: the history model and dialog, the backup dialog, the menu entries."""

from __future__ import annotations

from datetime import date

import pytest
from helpers import type_text
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox

from desktop.domain.dates import format_moment
from desktop.domain.model import Level, TownEntry, Village
from desktop.store.records import Change
from desktop.ui.safety import history_dialog as hd
from desktop.ui.safety.backup_dialog import BackupDialog
from desktop.ui.safety.history_dialog import HistoryDialog, HistoryModel
from desktop.ui.window.main_window import MainWindow


def town(name: str, villages: list[str], level: Level = Level.COUNTY) -> TownEntry:
    return TownEntry(level, "泸州市", "泸县", name, "中心镇", villages=[Village(v) for v in villages])


@pytest.fixture
def edited(store):
    """Two towns, a type change, a village change, a note cleared, a deadline set, an undo."""
    a = store.add_town(town("福集镇", ["甲村", "乙村"]))
    b = store.add_town(town("嘉明镇", ["丙村"]))
    store.update_town(a, town_type="重点镇")
    store.set_villages(a, [Village("甲村"), Village("丁村"), Village("戊村")])
    store.update_town(b, note="备注一")
    store.update_town(b, note="")
    store.set_filled_on(Level.COUNTY, date(2021, 3, 25))
    return a, b


def texts(model: HistoryModel, row: int) -> list[str]:
    return [model.data(model.index(row, c)) for c in range(model.columnCount())]


# -- formatting and the model (no window) -----------------------------------------------------
def test_value_and_time_formatting() -> None:
    assert format_moment("2021-03-25T14:03:05") == "2021年3月25日 14:03"
    assert format_moment("2021-03-25T14:03:05", seconds=True) == "2021年3月25日 14:03:05"
    assert format_moment("不是时间") == "不是时间" and format_moment(None) == ""
    assert hd.format_value("villages", [["甲村", "510521"], ["乙村", None]]) == "甲村、乙村"
    assert hd.format_value("note", None) == hd.format_value("note", "") == "（空）"
    assert hd.format_value("filled_on", "2021-03-25") == "2021年3月25日"
    assert hd.format_value("status", "exported") == "已导出"
    assert hd.format_value("*", {"county": "泸县", "town": "福集镇", "town_type": "中心镇",
                                 "villages": [["甲村", None]]}) == "泸县 福集镇，中心镇，村（社区）1 个：甲村"
    assert hd.village_diff([["甲村", None], ["乙村", None]], [["甲村", None], ["丁村", None]]) == "增加：丁村；删除：乙村"
    meta = Change(1, 1, "", "u", "修改设置", "meta", "unit_office", "设置", "unit_office", "update", None, "局")
    assert hd.field_label(meta) == "填报单位名称"
    ind = Change(1, 1, "", "u", "修改月报数据", "report_values", "1", "泸州市 2021年3月", "pilot_towns", "update", 1, 2.0)
    assert hd.field_label(ind) == "试点乡镇（街道）数" and hd.format_value(ind.field, ind.new) == "2"


def test_evaluation_and_four_ones_changes_read_in_chinese() -> None:
    score = Change(1, 1, "", "u", "验收评分", "evaluation_scores", "510522106|P2", "合江县九支镇 P2", "score",
                   "update", None, [30.0, 28.0, "民政窗口未进驻"])
    assert hd.field_label(score) == "评分"
    assert hd.format_value(score.field, score.new) == "自评分：30；验收分：28；扣分原因：民政窗口未进驻"
    site = Change(1, 1, "", "u", "验收人员和日期", "evaluation_sites", "510522106", "合江县九支镇", "info",
                  "update", None, ["王晓燕、李建国", "2021-11-20"])
    assert hd.field_label(site) == "验收人员和日期"
    assert hd.format_value(site.field, site.new) == "验收人员：王晓燕、李建国；验收日期：2021年11月20日"
    event = {"unit": "泸州市", "month": "2026-11", "kind": "half_year_meeting", "done_on": "2026-11-26", "note": ""}
    assert hd.format_value("*", event) == ("填报单位：泸州市；月份：2026年11月；活动：每半年召开领导小组会议；"
                                           "完成日期：2026年11月26日；备注：（空）")


def test_model_newest_first_with_labels(qapp, store, edited) -> None:
    model = HistoryModel()
    model.set_changes(store.changes()[::-1])
    assert model.columnCount() == 7
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(7)] == [
        "时间", "用户", "操作", "记录", "字段", "原值", "新值"]
    rows = [texts(model, r) for r in range(model.rowCount())]
    assert rows[0][2:] == ["修改附件3填报时间", "附件3 名单", "填报时间", "（空）", "2021年3月25日"]
    assert rows[1][4:] == ["备注", "备注一", "（空）"]
    assert rows[3][2:] == ["修改村（社区）", "附件3 泸县 福集镇", "村（社区）", "甲村、乙村", "甲村、丁村、戊村"]
    assert rows[4][4:] == ["乡镇类型", "中心镇", "重点镇"]
    assert rows[-1][4] == "整条记录（新增）" and rows[-1][5] == "（空）" and "福集镇" in rows[-1][6]
    assert rows[0][0].startswith(f"{date.today().year}年") and rows[0][1] == store.user
    assert model.data(model.index(3, hd.COL_NEW), Qt.ItemDataRole.ToolTipRole) is None, "short: no tooltip"
    assert model.rowCount(model.index(0, 0)) == 0 and model.data(QModelIndex()) is None


# -- the dialog --------------------------------------------------------------------------------
def test_dialog_whole_database_with_filter(qtbot, store, edited) -> None:
    dialog = HistoryDialog(store)
    qtbot.addWidget(dialog)
    total = len(store.changes())
    assert dialog.model.rowCount() == total and dialog.count_label.text() == f"共 {total} 条修改"
    assert dialog.windowTitle() == "修改记录"
    type_text(dialog.filter_edit, "乡镇类型")  # a field label: matched in Python, not in the stored JSON
    assert dialog.model.rowCount() == 1 and texts(dialog.model, 0)[5:] == ["中心镇", "重点镇"]
    assert dialog.count_label.text() == "找到 1 条"
    assert "原值：中心镇" in dialog.detail.text() and "新值：重点镇" in dialog.detail.text()
    dialog.filter_edit.setText("丁村")
    assert dialog.model.rowCount() == 1
    assert "增加：丁村、戊村；删除：乙村" in dialog.detail.text()
    dialog.filter_edit.setText("3月25日")
    assert dialog.model.rowCount() == 1 and texts(dialog.model, 0)[4] == "填报时间"
    dialog.filter_edit.setText("没有这个")
    assert dialog.model.rowCount() == 0 and dialog.detail.text() == "没有符合筛选条件的修改。"
    dialog.filter_edit.clear()
    assert dialog.model.rowCount() == total


def test_dialog_for_one_town_and_undo_in_history(qtbot, store, edited) -> None:
    a, b = edited
    store.undo()  # the 填报时间: not a town change
    store.undo()  # note cleared → 备注一 again: a change of 嘉明镇
    entry = next(t for t in store.load_roster(Level.COUNTY).towns if t.id == b)
    dialog = HistoryDialog(store, town=entry)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "修改记录 — 附件3 泸县 嘉明镇"
    rows = [texts(dialog.model, r) for r in range(dialog.model.rowCount())]
    assert [r[2] for r in rows] == ["撤销：修改备注", "修改备注", "修改备注", "添加乡镇 嘉明镇"]
    assert rows[0][5:] == ["（空）", "备注一"]
    dialog.filter_edit.setText("福集镇")
    assert dialog.model.rowCount() == 0, "only this town's changes"


def test_filter_reaches_older_rows_beyond_the_limit(qtbot, store, edited, monkeypatch) -> None:
    monkeypatch.setattr(hd, "LIMIT", 3)
    dialog = HistoryDialog(store)
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 3 and "只显示最近 3 条" in dialog.count_label.text()
    dialog.filter_edit.setText("嘉明镇")  # its insert is older than the newest three
    assert [texts(dialog.model, r)[2] for r in range(dialog.model.rowCount())] == [
        "修改备注", "修改备注", "添加乡镇 嘉明镇"]


def test_empty_history(qtbot, store) -> None:
    dialog = HistoryDialog(store)
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 0 and dialog.count_label.text() == "还没有修改记录"


# -- backups -----------------------------------------------------------------------------------
def test_backup_dialog_lists_backs_up_and_restores(qtbot, store, monkeypatch) -> None:
    store.add_town(town("福集镇", ["甲村"]))
    first = store.backup("手动")
    store.add_town(town("嘉明镇", ["乙村", "丙村"]))
    dialog = BackupDialog(store)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 1
    dialog.backup_button.click()
    assert dialog.table.rowCount() == 2
    cells = [dialog.table.item(0, c).text() for c in range(5)]
    assert cells[1:] == ["手动", "2", "3", "正常"]
    assert cells[0].startswith(f"{date.today().year}年") and cells[0].count(":") == 2
    questions: list[str] = []
    infos: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda _p, _t, text, *a, **k: questions.append(text)
                        or QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *a, **k: infos.append(text))
    restored: list[bool] = []
    dialog.restored.connect(lambda: restored.append(True))
    dialog.table.selectRow(1)
    assert dialog.infos[1].path == first
    assert dialog.restore_selected()
    assert "恢复前会先备份当前数据" in questions[0] and "乡镇（街道）1 个" in questions[0]
    assert restored == [True] and infos and "已恢复" in infos[0]
    assert [t.town for t in store.load_roster(Level.COUNTY).towns] == ["福集镇"]
    assert store.counts() == {"towns": 1, "villages": 1}
    assert dialog.table.rowCount() == 3 and dialog.table.item(0, 1).text() == "恢复前"
    assert dialog.infos[0].towns == 2, "the state before restoring is kept"


def test_backup_dialog_no_and_damaged_and_folder(qtbot, store, monkeypatch) -> None:
    store.add_town(town("福集镇", ["甲村"]))
    good = store.backup("手动")
    bad = store.backup("坏")
    bad.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    dialog = BackupDialog(store)
    qtbot.addWidget(dialog)
    assert dialog.infos[0].path == bad and dialog.table.item(0, 4).text() == "损坏"
    assert not dialog.restore_button.isEnabled()
    dialog.table.selectRow(1)
    assert dialog.infos[1].path == good and dialog.restore_button.isEnabled()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    assert not dialog.restore_selected()
    assert len(store.backups()) == 2, "no 恢复前 backup when the user says no"
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    dialog.folder_button.click()
    assert opened and opened[0].endswith("backups")


# -- the window's menu entries -------------------------------------------------------------
def menu_texts(window: MainWindow, title: str) -> list[str]:
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == title)
    return [a.text() for a in menu.actions() if not a.isSeparator()]


def test_menus_open_the_dialogs(window, store, monkeypatch) -> None:
    assert "备份与恢复…" in menu_texts(window, "文件")
    assert menu_texts(window, "编辑")[-2:] == ["修改记录…", "本乡镇修改记录…"]
    page = window.show_level(Level.COUNTY)
    assert window.town_history_action in page.table.actions()
    assert page.table.contextMenuPolicy() == Qt.ContextMenuPolicy.ActionsContextMenu
    opened: list[HistoryDialog] = []
    monkeypatch.setattr(HistoryDialog, "exec", lambda self: opened.append(self) or 0)
    window.town_history_action.trigger()
    assert not opened and "请先在名单中选中" in window.statusBar().currentMessage()
    store.add_town(town("福集镇", ["甲村"]))
    b = store.add_town(town("嘉明镇", ["乙村"]))
    window.reload()
    page.select_town(b)
    window.town_history_action.trigger()
    window.history_action.trigger()
    assert [d.record_id for d in opened] == [b, None]
    assert opened[0].model.rowCount() == 1 and opened[1].model.rowCount() == 2


def test_restore_through_the_menu_reloads_the_window(window, store, monkeypatch) -> None:
    store.add_town(town("福集镇", ["甲村"]))
    first = store.backup("手动")
    store.add_town(town("嘉明镇", ["乙村"]))
    window.reload()
    assert window.counts()["towns"] == 2

    def run(dialog: BackupDialog) -> int:
        dialog.table.selectRow(next(i for i, info in enumerate(dialog.infos) if info.path == first))
        dialog.restore_selected()
        return 0

    monkeypatch.setattr(BackupDialog, "exec", run)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    window.backup_action.trigger()
    assert window.counts()["towns"] == 1
    assert window.pages[Level.COUNTY].model.rowCount() == 1
    assert not window.undo_action.isEnabled(), "undo does not reach across a restore"
