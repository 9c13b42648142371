"""Where an imported town came from, as the window shows it: the grey line under the town form's
title, and the 修改记录 of provenance and packages in Chinese."""

from __future__ import annotations

import re

from helpers import county_scenario
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from desktop.domain.model import Level
from desktop.ui.importing.preview import ImportPreviewDialog
from desktop.ui.safety.history_dialog import HistoryDialog

ENGLISH = re.compile(r"office|origin|base_hash|package_id|made_at|imported_at|file_name|sha256|source_file|app_version")


def imported_county(make_window, gaz, monkeypatch, folder):
    """The scenario's county after importing the three April packages as the preview proposes."""
    county, paths = county_scenario(folder, gaz)
    w = make_window(county)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(p) for p in paths], ""))
    monkeypatch.setattr(ImportPreviewDialog, "exec", lambda _d: QDialog.DialogCode.Accepted)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: QMessageBox.StandardButton.Ok)
    w.import_action.trigger()
    return county, w


def test_the_town_form_says_where_a_town_came_from(make_window, qtbot, gaz, monkeypatch, tmp_path) -> None:
    county, w = imported_county(make_window, gaz, monkeypatch, tmp_path / "U盘")
    try:
        page = w.show_level(Level.COUNTY)
        towns = {t.town: t for t in page.model.towns()}
        label = page.form.provenance_label
        page.select_town(towns["白沙镇"].id)
        assert label.isVisible() and label.property("role") == "hint"
        assert label.text() == county.provenance(towns["白沙镇"].id).describe()
        assert label.text().startswith("来自合江县白沙镇便民服务中心的交换包“交换包-合江县白沙镇便民服务中心-20210402.zctb”"
                                       "（2021年4月2日 16:10 制作，")
        assert "已修改" not in label.text()
        page.select_town(towns["榕山镇"].id)  # the conflict was left as it is: ours, edited since March
        assert label.text().endswith("；导入后本地已修改")
        page.select_town(towns["白沙镇"].id)
        page.form.note_edit.setText("县里补充")
        page.form.note_edit.editingFinished.emit()
        qtbot.waitUntil(lambda: label.text().endswith("；导入后本地已修改"))
        page.add_town()
        assert not label.isVisible() and label.text() == ""
    finally:
        w.close()
        county.close()


def test_history_shows_provenance_and_packages_in_chinese(make_window, qtbot, gaz, monkeypatch,
                                                          tmp_path) -> None:
    county, w = imported_county(make_window, gaz, monkeypatch, tmp_path / "U盘")
    try:
        dialog = HistoryDialog(county, parent=w)
        qtbot.addWidget(dialog)
        texts = [dialog.model.index(r, c).data() for r in range(dialog.model.rowCount())
                 for c in range(dialog.model.columnCount())]
        assert not [t for t in texts if ENGLISH.search(t)]
        provenance = next(t for t in texts if t.startswith("报送单位：合江县尧坝镇便民服务中心"))
        assert "原始填报单位：合江县尧坝镇便民服务中心" in provenance and "制作时间：2021年4月2日 16:10" in provenance
        assert "交换包编号：" in provenance and "导入时间：" in provenance
        package = next(t for t in texts if t.startswith("交换包编号：") and "尧坝镇" in t)
        assert "范围：整个数据库" in package and "乡镇（街道）数：1" in package and "月报数：1" in package
        report = next(t for t in texts if t.startswith("填报单位：尧坝镇"))
        assert "锁定：否" in report and "来源文件：交换包-合江县尧坝镇" in report
    finally:
        w.close()
        county.close()
