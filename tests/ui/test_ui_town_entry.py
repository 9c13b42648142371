"""Entry that never misleads (issue 9, points 1–4): Esc undoes typing in the 乡镇 picker, a town of
another county is never taken silently, the 更换乡镇 question names the right reason, and villages of
another town are an error."""

from __future__ import annotations

from datetime import date

import pytest
from helpers import press, sample_town, type_text
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QMessageBox, QVBoxLayout, QWidget

from desktop.domain.model import Level, Roster, Settings
from desktop.domain.roster.rules import check_all, check_entry
from desktop.ui.roster.town_form import TownForm


@pytest.fixture
def asked(monkeypatch):
    """QMessageBox.question patched: records (title, text), answers with ``asked.answer``."""
    class Asked(list):
        answer = QMessageBox.StandardButton.No

    shown = Asked()
    monkeypatch.setattr(QMessageBox, "question", lambda _p, title, text, *a, **k:
                        shown.append((title, text)) or shown.answer)
    return shown


@pytest.fixture
def form(qtbot, gaz):
    host = QWidget()
    f = TownForm(Level.PROVINCIAL, gaz)
    after = QLineEdit()
    layout = QVBoxLayout(host)
    layout.addWidget(f)
    layout.addWidget(after)
    qtbot.addWidget(host)
    host.show()
    f.after, f.host = after, host
    f.stored = []
    f.fields_committed.connect(f.stored.append)
    f.villages_committed.connect(lambda vs: f.stored.append({"villages": vs}))
    return f


def test_escape_in_the_town_picker_restores_the_town_and_asks_nothing(form, gaz, asked):
    entry = sample_town(gaz, Level.PROVINCIAL, "合江县", "九支镇", 10)
    form.set_entry(entry, 1)
    picker = form.town_picker
    picker.setFocus()
    picker.selectAll()
    type_text(picker, "福集")
    press(picker, Qt.Key.Key_Escape)
    form.after.setFocus()
    form.commit_pending()
    assert picker.text() == "九支镇"
    assert (entry.town, len(entry.villages)) == ("九支镇", 10)
    assert asked == [] and form.stored == []


def test_a_town_of_another_county_is_not_taken_without_asking(form, gaz, asked):
    entry = sample_town(gaz, Level.PROVINCIAL, "合江县", "白沙镇", 10)
    form.set_entry(entry, 1)
    fuji = gaz.find("town", "福集镇", gaz.find("county", "泸县").code)
    form.town_picker.accept_place(fuji)
    assert asked == [("乡镇（街道）不属于合江县",
                      "福集镇不属于合江县（属于泸州市泸县）。\n\n是否把这一行改为泸州市泸县的福集镇？\n选“否”不作任何改动。")]
    assert (entry.county, entry.town) == ("合江县", "白沙镇")
    assert form.town_picker.text() == "白沙镇" and form.stored == []
    asked.answer = QMessageBox.StandardButton.Yes
    form.town_picker.accept_place(fuji)
    assert (entry.county, entry.town, entry.town_code) == ("泸县", "福集镇", fuji.code)


def test_a_county_of_another_city_is_not_taken_without_asking(form, gaz, asked):
    entry = sample_town(gaz, Level.PROVINCIAL, "合江县", "白沙镇", 10)
    form.set_entry(entry, 1)
    djy = gaz.find("county", "都江堰市")
    form.county_picker.accept_place(djy)
    assert asked[0][0] == "县（市、区）不属于泸州市"
    assert entry.city == "泸州市" and entry.county == "合江县"


def test_the_question_after_a_county_change_names_the_right_reason(form, gaz, asked):
    entry = sample_town(gaz, Level.PROVINCIAL, "泸县", "福集镇", 10)
    form.set_entry(entry, 1)
    asked.answer = QMessageBox.StandardButton.No
    form.county_picker.accept_place(gaz.find("county", "合江县"))
    (title, text), = asked
    assert title == "更换乡镇（街道）"
    assert text == ("“福集镇”不是合江县的乡镇（街道），已勾选的 10 个村（社区）（属于原来的福集镇）无法对应。\n"
                    "是否清除原来勾选的村（社区）？选“否”则保留，检查结果中会标为错误。")
    # kept: the row is in error (the town is not in the county), so export is blocked
    errors = [f.message for f in check_entry(entry, 1, gaz) if f.is_error]
    assert errors == ["附件1 合江县 福集镇：福集镇不属于合江县（属于泸县），请重新选择乡镇（街道）"]


def test_villages_of_another_town_are_an_error(gaz):
    entry = sample_town(gaz, Level.PROVINCIAL, "合江县", "九支镇", 10)
    entry.town, entry.town_code = "福集", None  # renamed to free text, 九支镇's villages kept
    errors = [f for f in check_all([Roster(Level.PROVINCIAL, date(2021, 3, 26), [entry])], gaz, Settings())
              if f.is_error and f.location.field == "villages" and f.location.village]
    assert len(errors) == 10
    v = entry.villages[0].name
    assert errors[0].message == (f"附件1 合江县 福集：村（社区）“{v}”是合江县九支镇的，不属于“福集”，"
                                 "请删除它，或重新选择乡镇（街道）")


def test_enter_in_the_village_filter_ticks_and_never_unticks(form, gaz):
    """Issue 21 point 9: typing sm, Enter in 符阳街道 unticked 少岷社区 and left 9 villages."""
    entry = sample_town(gaz, Level.PROVINCIAL, "合江县", "符阳街道", 10)
    assert "少岷社区" in [v.name for v in entry.villages]
    form.set_entry(entry, 1)
    panel = form.villages
    panel.filter_edit.setFocus()
    type_text(panel.filter_edit, "sm")
    assert panel.model.name(panel.list_view.currentIndex().row()) == "少岷社区"
    press(panel.filter_edit, Qt.Key.Key_Return)
    assert len(entry.villages) == 10 and "少岷社区" in [v.name for v in entry.villages]
    assert panel.filter_edit.placeholderText().count("回车勾选") == 1
