"""Every text field shows its limit while typing and never cuts text silently (issue 21, rough edges):
the limits are desktop.domain.text_rules.LIMITS, the same as the command line's and every importer's."""

from __future__ import annotations

from datetime import date

import pytest
from helpers import CITY, MAY, fill_demo, make_page, press, type_text
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget

from desktop.domain.text_rules import LIMITS
from desktop.ui.common.text_limit import limit_text


@pytest.fixture
def field(qtbot):
    host = QWidget()
    edit, other = QLineEdit(), QLineEdit()
    layout = QVBoxLayout(host)
    layout.addWidget(edit)
    layout.addWidget(other)
    qtbot.addWidget(host)
    host.show()
    qtbot.waitExposed(host)
    host.activateWindow()
    qtbot.waitUntil(host.isActiveWindow)
    edit.other, edit.host = other, host
    return edit


def test_the_counter_shows_the_limit_while_typing(field):
    limit = limit_text(field, "note", "备注")
    assert not limit.counter.isVisible()
    field.setFocus()
    type_text(field, "试点")
    assert limit.counter.isVisible() and limit.text() == "2/200"
    assert field.textMargins().right() > 0  # the text never runs under the counter
    field.other.setFocus()
    assert not limit.counter.isVisible() and field.textMargins().right() == 0
    assert "最多 200 个字" in field.toolTip()


def test_typing_at_the_limit_is_refused_and_says_so(field):
    limit_text(field, "note", "备注")
    field.setFocus()
    field.setText("注" * 199)
    type_text(field, "甲乙")
    assert field.text() == "注" * 199 + "甲"
    assert field.property("last_message") == "备注最多 200 个字，已达上限"


def test_a_paste_too_long_is_refused_whole_not_cut(field):
    limit_text(field, "note", "备注")
    field.setFocus()
    field.setText("注" * 150)
    QApplication.clipboard().setText("粘" * 60)
    field.paste()
    assert field.text() == "注" * 150  # before: cut to 200 characters without a word
    assert field.property("last_message") == ("备注最多 200 个字：粘贴后将有 210 个字，超过上限，没有粘贴（内容仍在剪贴板中）；"
                                              "请精简后再粘贴")
    QApplication.clipboard().setText("粘" * 50)
    field.paste()
    assert len(field.text()) == 200


def test_a_stored_text_over_the_limit_can_be_shortened(field):
    limit = limit_text(field, "village", "村（社区）名称")
    field.setText("村" * 45)  # shown, never refused
    field.setFocus()
    press(field, Qt.Key.Key_Backspace)
    assert len(field.text()) == 44 and limit.text() == "44/40" and limit.counter.isVisible()


def test_the_town_form_fields_have_the_typing_limits(window):
    form = window.current_page().form
    assert [w.property("text_limit") for w in (form.city_picker, form.county_picker, form.town_picker,
                                                form.note_edit, form.villages.free_edit)] == [40, 40, 40, 200, 40]


def test_monthly_fields_show_their_limits_and_keep_a_bad_text_to_correct(qtbot, store, gaz, dialogs):
    fill_demo(store, gaz)
    page = make_page(qtbot, store)
    assert page.open_report(CITY, MAY)
    form = page.report_view.form
    assert [form.reporter_edit.property("text_limit"), form.phone_edit.property("text_limit"),
            form.reviewer_edit.property("text_limit")] == [LIMITS["person"], LIMITS["phone"], LIMITS["person"]]
    assert form.counts["problems"].text().endswith("/20000 字")
    form.reporter_edit.setFocus()
    form.reporter_edit.setText("王晓燕\u202e")
    press(form.reporter_edit, Qt.Key.Key_Return)
    assert form.reporter_edit.text() == "王晓燕\u202e"  # kept, to be corrected
    assert form.reporter_edit.property("last_message") == "填报人：含有不可见的控制字符，请删除后重新输入"
    assert "\u202e" not in store.report(CITY, MAY).reporter


def test_a_narrative_section_refuses_a_paste_past_its_limit(qtbot):
    from desktop.ui.monthly.fields import SectionEdit

    edit = SectionEdit(label="存在问题")
    qtbot.addWidget(edit)
    counts: list[int] = []
    edit.count_changed.connect(counts.append)
    edit.set_value("字" * (LIMITS["section"] - 10))
    QApplication.clipboard().setText("粘" * 20)
    edit.paste()
    assert edit.toPlainText() == "字" * (LIMITS["section"] - 10)
    assert "存在问题最多 20000 个字：粘贴后将有 20010 个字" in edit.property("last_message")
    edit.insertPlainText("粘" * 10)
    assert counts[-1] == LIMITS["section"]


def test_event_note_and_explanation_have_their_limits(qtbot, monkeypatch):
    from desktop.ui.monthly.event_dialog import EventDialog

    dialog = EventDialog("monthly_bulletin", date(2021, 4, 10))
    qtbot.addWidget(dialog)
    assert dialog.note_edit.property("text_limit") == LIMITS["event_note"] == 200
    dialog.note_edit.setText("通报\r\nBcc: x")
    dialog.accept()
    assert dialog.result() == 0 and dialog.note_edit.property("last_message") == "备注：含有换行，请写在一行内"


def test_an_explanation_shows_its_limit_and_keeps_a_bad_text_to_correct(qtbot):
    from desktop.domain.findings import Location, warning
    from desktop.ui.monthly.findings_view import ExplanationRow

    row = ExplanationRow(warning(Location(field="online_cases"), "网上办件量比上月增加 81.8%"))
    qtbot.addWidget(row)
    committed: list[tuple[str, str]] = []
    row.committed.connect(lambda key, text: committed.append((key, text)))
    assert row.edit.property("text_limit") == LIMITS["explanation"] == 200
    row.edit.setText("宣传月\u202e活动")
    row.commit()
    assert committed == [] and row.edit.property("last_message") == "说明：含有不可见的控制字符，请删除后重新输入"
    row.edit.setText("本月开展宣传月活动")
    row.commit()
    assert [text for _key, text in committed] == ["本月开展宣传月活动"]
