"""设置 → 填报单位 (issue 21, rough edges): the region picked is shown with its county and city (town names
repeat: jzz is 九支镇 of 合江县 and 街子镇 of 崇州市 and of 武胜县), and an office name that names another
place than the region is pointed out and asked about before saving."""

from __future__ import annotations

import pytest
from helpers import press, type_text
from PySide6.QtCore import Qt

from desktop.ui.window.settings_dialog import SettingsDialog


@pytest.fixture
def dialog(store, gaz, qtbot):
    d = SettingsDialog(store.settings(), gaz)
    qtbot.addWidget(d)
    d.show()
    return d


def test_the_region_picker_shows_the_county_of_a_town(dialog, qtbot):
    picker = dialog.region_picker
    picker.setFocus()
    qtbot.keyClicks(picker, "jzz")
    shown = [picker.model.data(picker.model.index(r, 0)) for r in range(picker.model.rowCount())]
    assert {"街子镇（成都市崇州市）", "街子镇（广安市武胜县）", "九支镇（泸州市合江县）"} <= set(shown)
    row = shown.index("九支镇（泸州市合江县）")
    picker.popup.setCurrentIndex(picker.model.index(row, 0))
    press(picker, Qt.Key.Key_Return)
    assert dialog.region_shown.text() == "已选：九支镇（泸州市合江县），代码 510522106"
    assert dialog.region_shown.isVisibleTo(dialog)


def test_an_office_of_another_place_is_pointed_out_and_asked(dialog, dialogs, gaz, qtbot):
    dialog.region_picker.setFocus()
    qtbot.keyClicks(dialog.region_picker, "jzz")
    press(dialog.region_picker, Qt.Key.Key_Return)  # the first: 崇州市's 街子镇
    assert dialog.region_shown.text() == "已选：街子镇（成都市崇州市），代码 510184109"
    type_text(dialog.office_edit, "九支镇便民服务中心")
    warning = "单位名称“九支镇便民服务中心”写的是九支镇（泸州市合江县），与地区“街子镇（成都市崇州市）”不是同一处，请核对地区或单位名称"
    assert dialog.office_warning.text() == warning and dialog.office_warning.isVisibleTo(dialog)
    dialogs.answer = dialogs.answer.No
    dialog._accept_if_valid()
    assert dialogs.last() == ("question", "单位名称与地区不符", f"{warning}。\n\n仍要保存吗？")
    assert dialog.result() != dialog.DialogCode.Accepted
    dialog.office_edit.setText("街子镇便民服务中心")
    assert not dialog.office_warning.isVisibleTo(dialog)
    shown = len(dialogs.shown)
    dialog._accept_if_valid()
    assert dialog.result() == dialog.DialogCode.Accepted and len(dialogs.shown) == shown
    assert dialog.result_settings().unit.display == "街子镇便民服务中心"
