"""The main window driven like a user: keyboard entry, inline findings, findings panel, status bar."""

from __future__ import annotations

from datetime import date

import pytest
from helpers import fill_valid_provincial, press, sample_settings, sample_town, type_text
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.domain.model import Level


def focused():
    return QApplication.focusWidget()


def ctrl(window, key: Qt.Key, qtbot) -> None:
    """A Ctrl shortcut through the window system, so QAction shortcuts see it."""
    qtbot.keyClick(window.windowHandle(), key, Qt.KeyboardModifier.ControlModifier)


def field_mark(widget) -> str:
    return widget.property("finding") or ""


def test_title_tabs_and_first_start_banner(make_window, store) -> None:
    w = make_window(store, active=True)
    # Qt appends the display name to a title not ending with it: the name is last, so it shows once.
    assert w.windowTitle() == f"{store.path.name} — 镇村便民服务试点填报"
    assert [w.tabs.tabText(i).split("（")[0] for i in range(3)] == ["附件1 省级试点", "附件2 市级试点", "附件3 县级试点"]
    assert w.banner.isVisible()
    assert w.status.unit_label.text() == "填报单位：未设置"
    assert w.counts() == {"towns": 0, "villages": 0, "errors": 0, "warnings": 0}


def test_whole_town_by_keyboard(make_window, store, gaz, qtbot) -> None:
    w = make_window(store, active=True)
    page = w.current_page()
    form = page.form
    ctrl(w, Qt.Key.Key_N, qtbot)
    assert store.counts()["towns"] == 1
    assert focused() is form.city_picker
    # 附件1 new town: nothing filled yet, so 市/县/乡镇/类型 are errors
    assert field_mark(form.type_combo) == "error" and field_mark(form.county_picker) == "error"

    press(form.city_picker, Qt.Key.Key_Return)  # leave the city empty: the county will fill it
    assert focused() is form.county_picker
    qtbot.keyClicks(form.county_picker, "hj")
    assert "合江县" in form.county_picker.popup_names()
    press(form.county_picker, Qt.Key.Key_Return)
    town = store.load_roster(Level.PROVINCIAL).towns[0]
    assert (town.city, town.county) == ("泸州市", "合江县")
    assert town.city_code == "5105" and town.county_code == gaz.find("county", "合江县").code
    assert form.city_picker.text() == "泸州市"
    assert focused() is form.town_picker

    type_text(form.town_picker, "白沙")
    assert form.town_picker.popup_names()[0] == "白沙镇"
    press(form.town_picker, Qt.Key.Key_Return)
    assert focused() is form.type_combo
    type_text(form.type_combo, "2")  # 中心镇
    assert field_mark(form.type_combo) == ""
    press(form.type_combo, Qt.Key.Key_Return)
    assert focused() is form.note_edit
    type_text(form.note_edit, "试点")
    press(form.note_edit, Qt.Key.Key_Return)
    panel = form.villages
    assert focused() is panel.filter_edit

    # fewer than 10 villages on 附件1: an inline error on the villages list
    assert field_mark(panel.list_view) == "error"
    assert "不少于 10 个" in panel.message_label.text() and not panel.message_label.isHidden()
    qtbot.keyClicks(panel.filter_edit, "lsp")
    press(panel.filter_edit, Qt.Key.Key_Return)  # ticks 良石坪社区, the only match
    assert panel.count_label.text().startswith("已选 1 个")
    press(panel.filter_edit, Qt.Key.Key_Escape)  # clears the filter
    assert panel.model.rowCount() == len(gaz.children_of(form.entry.town_code))
    press(panel.filter_edit, Qt.Key.Key_Down)
    assert focused() is panel.list_view
    for _ in range(9):
        press(panel.list_view, Qt.Key.Key_Down)
        press(panel.list_view, Qt.Key.Key_Space)
    town = store.load_roster(Level.PROVINCIAL).towns[0]
    assert town.town == "白沙镇" and town.town_type == "中心镇" and town.note == "试点"
    assert len(town.villages) == 10 and all(v.code for v in town.villages)
    official = [p.name for p in gaz.children_of(town.town_code)]
    assert town.village_names == [n for n in official if n in town.village_names]  # gazetteer order
    assert field_mark(panel.list_view) == ""
    assert panel.message_label.isHidden()
    assert panel.count_label.text().startswith("已选 10 个")
    assert w.counts()["villages"] == 10
    assert "村（社区）10 个" in w.status.villages_label.text()


def test_filter_then_space_in_list(make_window, store, gaz, qtbot) -> None:
    store.add_rosters([_roster(gaz, Level.CITY, [("合江县", "白沙镇", 0)])])
    w = make_window(store, active=True)
    page = w.show_level(Level.CITY)
    panel = page.form.villages
    panel.filter_edit.setFocus()
    qtbot.keyClicks(panel.filter_edit, "bs")  # 白沙社区
    assert panel.model.name(0) == "白沙社区"
    press(panel.filter_edit, Qt.Key.Key_Down)
    press(panel.list_view, Qt.Key.Key_Space)
    assert store.load_roster(Level.CITY).towns[0].village_names == ["白沙社区"]
    press(panel.list_view, Qt.Key.Key_Space)
    assert store.load_roster(Level.CITY).towns[0].villages == []
    # typing in the list goes to the filter box
    qtbot.keyClicks(panel.list_view, "b")
    assert panel.filter_edit.text() == "b" and focused() is panel.filter_edit


def test_free_village_name_is_kept_and_flagged(make_window, store, gaz) -> None:
    store.add_rosters([_roster(gaz, Level.CITY, [("合江县", "白沙镇", 2)])])
    w = make_window(store, active=True)
    panel = w.show_level(Level.CITY).form.villages
    panel.free_edit.setFocus()
    type_text(panel.free_edit, "白沙安置社区")
    press(panel.free_edit, Qt.Key.Key_Return)
    town = store.load_roster(Level.CITY).towns[0]
    assert town.village_names[-1] == "白沙安置社区" and town.villages[-1].code is None
    row = panel.model.row_of("白沙安置社区")
    assert "名录外" in panel.model.data(panel.model.index(row))
    assert field_mark(panel.list_view) == "warning"
    assert any(f.location.village == "白沙安置社区" and not f.is_error for f in w.findings)


def test_empty_town_type_error_clears_when_chosen(make_window, store, gaz) -> None:
    store.add_rosters([_roster(gaz, Level.COUNTY, [("合江县", "白沙镇", 2), ("合江县", "先市镇", 2)], "")])
    w = make_window(store, active=True)
    form = w.show_level(Level.COUNTY).form
    assert field_mark(form.type_combo) == "error"
    assert "乡镇类型未填写" in form.type_combo.toolTip()
    assert not form.messages["town_type"].isHidden()
    form.type_combo.setFocus()
    type_text(form.type_combo, "5")
    assert form.type_combo.currentText() == "一般乡镇"
    assert field_mark(form.type_combo) == ""
    assert form.messages["town_type"].isHidden()
    assert store.load_roster(Level.COUNTY).towns[0].town_type == "一般乡镇"


def test_free_county_kept_with_warning(make_window, store) -> None:
    w = make_window(store, active=True)
    page = w.show_level(Level.CITY)
    page.add_town()
    form = page.form
    form.county_picker.setFocus()
    type_text(form.county_picker, "新城区县")
    press(form.county_picker, Qt.Key.Key_Return)
    town = store.load_roster(Level.CITY).towns[0]
    assert town.county == "新城区县" and town.county_code is None
    assert field_mark(form.county_picker) == "warning"
    assert "不在四川省区划名录中" in form.county_picker.toolTip()


def test_changing_town_offers_to_clear_villages(make_window, store, gaz, monkeypatch) -> None:
    store.add_rosters([_roster(gaz, Level.CITY, [("合江县", "白沙镇", 3)])])
    w = make_window(store, active=True)
    form = w.show_level(Level.CITY).form
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes)
    form.town_picker.setFocus()
    form.town_picker.selectAll()
    type_text(form.town_picker, "先市")
    press(form.town_picker, Qt.Key.Key_Return)
    town = store.load_roster(Level.CITY).towns[0]
    assert town.town == "先市镇" and town.villages == []
    assert "3 个村（社区）" in asked[0]
    assert form.villages.model.official_count == len(gaz.children_of(town.town_code))


def test_date_field_writes_and_marks(make_window, store, gaz, qtbot) -> None:
    store.add_rosters([_roster(gaz, Level.COUNTY, [("合江县", "白沙镇", 2), ("合江县", "先市镇", 2)], "中心镇",
                               filled_on=None)])
    w = make_window(store, active=True)
    page = w.show_level(Level.COUNTY)
    assert field_mark(page.date_field) == "error" and not page.date_message.isHidden()
    page.date_field.setFocus()
    qtbot.keyClicks(page.date_field, "2021/3/25")
    press(page.date_field, Qt.Key.Key_Return)
    assert store.load_roster(Level.COUNTY).filled_on == date(2021, 3, 25)
    assert page.date_field.text() == "2021年3月25日"
    assert field_mark(page.date_field) == "" and page.date_message.isHidden()


def test_findings_panel_jumps_to_the_field(make_window, store, gaz) -> None:
    store.add_rosters([_roster(gaz, Level.CITY, [("合江县", "白沙镇", 2), ("泸县", "玉蟾街道", 2)], "中心镇"),
                       _roster(gaz, Level.COUNTY, [("合江县", "先市镇", 2), ("合江县", "尧坝镇", 2)], "")])
    w = make_window(store, active=True)
    assert w.tabs.currentIndex() == 0
    view = w.findings_dock.view
    model = w.findings_dock.model
    row = next(r for r in range(model.rowCount())
               if model.finding(r).location.field == "town_type" and model.finding(r).location.level is Level.COUNTY)
    target = model.finding(row)
    w.show_findings()
    view.selectRow(row)
    press(view, Qt.Key.Key_Return)
    page = w.pages[Level.COUNTY]
    assert w.current_page() is page
    assert page.current_town_id() == target.location.town_id
    assert focused() is page.form.type_combo
    # double-click works as well: the unit finding opens the settings dialog
    unit_row = next(r for r in range(model.rowCount()) if model.finding(r).location.field == "unit")
    opened = []
    monkeypatch_dialog = pytest.MonkeyPatch()
    monkeypatch_dialog.setattr(w, "open_settings", lambda: opened.append(1))
    try:
        view.activated.emit(model.index(unit_row, 2))
    finally:
        monkeypatch_dialog.undo()
    assert opened == [1]


def test_status_bar_counts_and_tab_marks(make_window, store, gaz) -> None:
    fill_valid_provincial(store, gaz)
    store.add_rosters([_roster(gaz, Level.COUNTY, [("合江县", "白沙镇", 2)], "")])
    w = make_window(store, active=True)
    counts = w.counts()
    assert counts["towns"] == 6 and counts["villages"] == 52
    assert counts["errors"] == sum(f.is_error for f in w.findings) > 0
    assert w.status.towns_label.text() == "乡镇（街道）6 个"
    assert w.status.errors_label.text() == f"名单错误 {counts['errors']}"
    assert w.status.warnings_label.text() == f"名单警告 {counts['warnings']}"
    assert not w.banner.isVisible()
    assert w.tabs.tabIcon(0).isNull() and not w.tabs.tabIcon(2).isNull()
    assert w.tabs.tabText(0) == "附件1 省级试点（5）"


def test_delete_town_asks_first(make_window, store, gaz, monkeypatch) -> None:
    store.add_rosters([_roster(gaz, Level.CITY, [("合江县", "白沙镇", 2), ("泸县", "玉蟾街道", 2)], "中心镇")])
    w = make_window(store, active=True)
    page = w.show_level(Level.CITY)
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: answers.pop(0))
    page.table.setFocus()
    press(page.table, Qt.Key.Key_Delete)
    assert len(store.load_roster(Level.CITY).towns) == 2
    page.delete_button.click()
    towns = store.load_roster(Level.CITY).towns
    assert [t.town for t in towns] == ["玉蟾街道"]
    assert page.current_town().town == "玉蟾街道"
    assert w.counts()["towns"] == 1


def test_new_town_starts_with_previous_county(make_window, store, gaz) -> None:
    store.add_rosters([_roster(gaz, Level.COUNTY, [("合江县", "白沙镇", 2)], "中心镇")])
    w = make_window(store, active=True)
    page = w.show_level(Level.COUNTY)
    page.add_town()
    town = store.load_roster(Level.COUNTY).towns[-1]
    assert (town.city, town.county, town.town) == ("泸州市", "合江县", "")
    assert focused() is page.form.town_picker
    assert page.form.title.text() == "第 2 行：合江县"


def test_settings_dialog_saves_unit(make_window, store, qtbot, monkeypatch) -> None:
    from PySide6.QtWidgets import QDialog

    from desktop.ui.window.settings_dialog import SettingsDialog

    def fill(dialog) -> int:
        dialog.show()
        dialog.region_picker.setFocus()
        qtbot.keyClicks(dialog.region_picker, "lzs")
        press(dialog.region_picker, Qt.Key.Key_Return)
        type_text(dialog.office_edit, "泸州市政务服务管理局")
        dialog.deadline_field.set_value(date(2021, 3, 31))
        assert dialog.report_day.text() == "默认（市 25 日，县 20 日，乡镇 15 日）"
        dialog.report_day.setFocus()
        dialog.report_day.selectAll()
        qtbot.keyClicks(dialog.report_day, "22")
        dialog.report_day.interpretText()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(SettingsDialog, "exec", fill)
    w = make_window(store, active=True)
    assert w.banner.isVisible()
    assert w.open_settings()
    s = store.settings()
    assert (s.unit.region_name, s.unit.region_code, s.unit.office) == ("泸州市", "5105", "泸州市政务服务管理局")
    assert s.deadline == date(2021, 3, 31)
    assert s.report_day == 22
    assert not w.banner.isVisible() and "泸州市政务服务管理局" in w.status.unit_label.text()


def test_reload_keeps_selection(make_window, store, gaz) -> None:
    store.save_settings(sample_settings(gaz))
    store.add_rosters([_roster(gaz, Level.CITY, [("合江县", "白沙镇", 2), ("泸县", "玉蟾街道", 2)], "中心镇")])
    w = make_window(store, active=True)
    page = w.show_level(Level.CITY)
    page.select_town(page.roster.towns[1].id)
    w.reload()
    assert page.current_town().town == "玉蟾街道"


def _roster(gaz, level, towns, town_type="中心镇", filled_on=date(2021, 3, 26)):
    from desktop.domain.model import Roster

    return Roster(level, filled_on, [sample_town(gaz, level, c, t, n, town_type) for c, t, n in towns])


def test_settings_dialog_refuses_an_unknown_region_and_stays_open(store, gaz, qtbot, messages) -> None:
    from desktop.ui.window.settings_dialog import SettingsDialog

    dialog = SettingsDialog(store.settings(), gaz)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.region_picker.set_value("泸洲市")
    type_text(dialog.office_edit, "泸州市政务服务管理局")
    dialog._accept_if_valid()
    assert dialog.result() != dialog.DialogCode.Accepted
    assert messages[-1][2] == "地区“泸洲市”不在四川省区划名录中，相近的有：泸州市、泸县、泸定县；请写正式名称或代码。"


def test_settings_dialog_offers_the_province_and_towns(store, gaz, qtbot) -> None:
    from desktop.ui.window.settings_dialog import SettingsDialog

    dialog = SettingsDialog(store.settings(), gaz)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.region_picker.setFocus()
    qtbot.keyClicks(dialog.region_picker, "scs")
    press(dialog.region_picker, Qt.Key.Key_Return)
    dialog._accept_if_valid()
    s = dialog.result_settings()
    assert (s.unit.region_code, s.unit.region_name) == ("51", "四川省")
    assert s.unit.office == "四川省政府政务服务和公共资源交易服务中心"
    dialog.region_picker.set_value("福集镇", gaz.get("510521100"))
    dialog.office_edit.setText("福集镇便民服务中心")
    dialog._accept_if_valid()
    s = dialog.result_settings()
    assert (s.unit.region_code, s.unit.display) == ("510521100", "福集镇便民服务中心")


def test_a_town_listed_twice_counts_once_in_the_status_bar_and_the_new_row_is_marked(make_window, store, gaz) -> None:
    fill_valid_provincial(store, gaz)
    store.add_rosters([_roster(gaz, Level.PROVINCIAL, [("合江县", "白沙镇", 10)], "")])
    w = make_window(store, active=True)
    assert w.status.towns_label.text() == "乡镇（街道）5 个（另有 1 行重复）"
    towns = store.load_roster(Level.PROVINCIAL).towns
    duplicates = [f for f in w.findings if "是同一个乡镇" in f.message]
    assert len(duplicates) == 1 and duplicates[0].location.town_id == towns[-1].id
    first = next(i for i, t in enumerate(towns, 1) if t.town == "白沙镇")
    assert f"第 {first} 行 和 第 {len(towns)} 行 是同一个乡镇（街道）" in duplicates[0].message


def test_settings_dialog_keeps_the_recipient(store, gaz, qtbot, messages) -> None:
    from desktop.ui.window.settings_dialog import SettingsDialog

    dialog = SettingsDialog(store.settings(), gaz, recipient="old@sc.gov.cn")
    qtbot.addWidget(dialog)
    dialog.region_picker.set_value("泸州市", gaz.find("city", "泸州市"))
    dialog.office_edit.setText("泸州市政务服务管理局")
    dialog.recipient_edit.setText("不是地址")
    dialog._accept_if_valid()
    assert dialog.result() != dialog.DialogCode.Accepted
    assert messages[-1][2] == "收件人地址“不是地址”格式不正确，请写成 name@example.gov.cn 这样的电子邮件地址。"
    dialog.recipient_edit.setText("zwglc@sc.gov.cn")
    dialog._accept_if_valid()
    assert dialog.recipient() == "zwglc@sc.gov.cn"
