"""The place picker and the date field on their own."""

from __future__ import annotations

from datetime import date

import pytest
from helpers import press, type_text
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from desktop.ui.common.date_field import EMPTY_TEXT, DateField
from desktop.ui.common.picker import PlacePicker


@pytest.fixture
def picker_row(qtbot, gaz):
    """A picker over all counties (with their city as context) followed by a plain line edit."""
    box = QWidget()
    picker = PlacePicker(gaz, lambda: (gaz.counties, []), lambda p: gaz.parent(p).name)
    after = QLineEdit()
    layout = QVBoxLayout(box)
    layout.addWidget(picker)
    layout.addWidget(after)
    qtbot.addWidget(box)
    box.show()
    qtbot.waitExposed(box)
    box.activateWindow()
    qtbot.waitUntil(box.isActiveWindow)
    picker.setFocus()
    commits: list[tuple[str, object]] = []
    picker.committed.connect(lambda text, place: commits.append((text, place)))
    yield picker, after, commits
    del box


@pytest.mark.parametrize("query", ["dj", "dujiangyan", "都江", "DJY"])
def test_picker_finds_by_characters_and_pinyin(picker_row, query) -> None:
    picker, _after, _ = picker_row
    if query.isascii():
        for ch in query:
            type_text(picker, ch)
    else:
        type_text(picker, query)
    assert picker.popup_visible()
    assert picker.popup_names()[0] == "都江堰市"


def test_enter_accepts_the_highlighted_row_and_moves_on(picker_row, qtbot) -> None:
    picker, after, commits = picker_row
    qtbot.keyClicks(picker, "hj")
    assert "合江县" in picker.popup_names()
    press(picker, Qt.Key.Key_Return)
    assert picker.text() == "合江县" and not picker.popup_visible()
    assert commits[-1][0] == "合江县" and commits[-1][1].code.startswith("5105")
    assert after.hasFocus()


def test_down_moves_and_tab_accepts(picker_row, qtbot) -> None:
    picker, after, commits = picker_row
    qtbot.keyClicks(picker, "lx")
    names = picker.popup_names()
    assert len(names) >= 2
    press(picker, Qt.Key.Key_Down)
    press(picker, Qt.Key.Key_Tab)
    assert picker.text() == names[1]
    assert commits == [(names[1], commits[0][1])] and commits[0][1].name == names[1]
    assert after.hasFocus()


def test_escape_closes_and_puts_back_the_committed_value(picker_row, qtbot) -> None:
    picker, after, commits = picker_row
    picker.set_value("泸县")
    picker.selectAll()
    type_text(picker, "合江")
    assert picker.popup_visible()
    press(picker, Qt.Key.Key_Escape)
    assert not picker.popup_visible() and picker.text() == "泸县"
    after.setFocus()
    picker.commit_text()  # leaving the field commits nothing: the typing was undone
    assert commits == []


def test_free_text_is_kept_with_enter(picker_row, qtbot) -> None:
    picker, after, commits = picker_row
    type_text(picker, "合江新区")
    assert not picker.popup_visible()  # nothing matches 合江新区
    press(picker, Qt.Key.Key_Return)
    assert commits == [("合江新区", None)]
    assert after.hasFocus()


def test_exact_free_text_is_matched_and_unchanged_text_not_recommitted(picker_row) -> None:
    picker, _after, commits = picker_row
    picker.setText("泸县")
    picker.commit_text()
    picker.commit_text()
    assert len(commits) == 1 and commits[0][1].name == "泸县"
    picker.set_value("合江县")
    picker.commit_text()
    assert len(commits) == 1


def test_down_opens_the_whole_list(picker_row) -> None:
    picker, _after, _ = picker_row
    press(picker, Qt.Key.Key_Down)
    assert picker.popup_visible() and len(picker.popup_names()) > 100


def test_wider_list_when_own_list_has_no_hit(qtbot, gaz) -> None:
    luzhou = gaz.find("city", "泸州市")
    picker = PlacePicker(gaz, lambda: (gaz.children_of(luzhou.code), gaz.counties), lambda p: gaz.parent(p).name)
    qtbot.addWidget(picker)
    picker.show()
    type_text(picker, "都江")
    assert picker.popup_names() == ["都江堰市"]
    assert "成都市" in picker.model.data(picker.model.index(0, 0))


def test_date_field_empty_typed_and_cleared(qtbot) -> None:
    field = DateField()
    qtbot.addWidget(field)
    field.show()
    field.setFocus()
    values = []
    field.committed.connect(values.append)
    assert field.value() is None and field.text() == EMPTY_TEXT
    qtbot.keyClicks(field, "2021/3/25")
    press(field, Qt.Key.Key_Return)
    assert field.value() == date(2021, 3, 25)
    assert field.text() == "2021年3月25日"
    press(field, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)
    assert field.value() is None
    assert values == [date(2021, 3, 25), None]
    field.set_value(date(2021, 4, 1))
    assert field.text() == "2021年4月1日" and values == [date(2021, 3, 25), None]


def test_a_stored_value_looks_its_place_up_only_when_asked(picker_row, gaz, monkeypatch) -> None:
    picker, _after, commits = picker_row
    code = gaz.find("county", "泸县").code
    asked: list[str] = []
    real_get = type(gaz).get
    monkeypatch.setattr(type(gaz), "get", lambda self, c: asked.append(c) or real_get(self, c))
    picker.set_value("泸县", code=code)
    assert picker.text() == "泸县" and asked == [] and commits == []
    assert picker.place is gaz.find("county", "泸县") and asked == [code]
    assert picker.place.code == code and asked == [code]  # looked up once
    other = gaz.find("county", "合江县")
    picker.set_value("合江县", other, code=code)  # a place given: the code is not used
    assert picker.place is other


def test_date_field_makes_its_calendar_on_first_click_and_a_pick_commits(qtbot) -> None:
    from PySide6.QtCore import QDate

    field = DateField()
    qtbot.addWidget(field)
    field.show()
    assert not field._calendar_wired
    values = []
    field.committed.connect(values.append)
    qtbot.mouseClick(field, Qt.MouseButton.LeftButton)
    calendar = field.calendarWidget()
    assert field._calendar_wired and field.calendar() is calendar
    field.setDate(QDate(2021, 3, 26))
    calendar.clicked.emit(QDate(2021, 3, 26))
    assert values == [date(2021, 3, 26)]


def test_the_list_under_a_picker_is_made_when_first_shown(gaz) -> None:
    fresh = PlacePicker(gaz, lambda: (gaz.counties, []))
    fresh.set_value("泸县")
    fresh.hide_popup()
    assert fresh._popup is None and not fresh.popup_visible() and not fresh.accept_current()
    fresh.deleteLater()


def test_a_picker_makes_its_list_when_typing_needs_it(picker_row) -> None:
    picker, _after, _commits = picker_row
    assert picker._popup is None
    type_text(picker, "泸")
    assert picker._popup is not None and picker.popup_visible() and "泸县" in picker.popup_names()
