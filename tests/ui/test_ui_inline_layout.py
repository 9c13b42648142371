"""Inline messages never move the fields around them, and show their whole text."""

from __future__ import annotations

from datetime import date

from helpers import CITY, MAY, fill_demo, make_page, sample_settings, sample_town
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.domain.model import Level, Roster


def _y(widget, ancestor) -> int:
    return widget.mapTo(ancestor, QPoint(0, 0)).y()


def _settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def _open_may(qtbot, store, gaz):
    fill_demo(store, gaz)
    page = make_page(qtbot, store)
    page.open_report(CITY, MAY)
    _settle()
    return page, page.report_view.form


def test_header_message_does_not_move_the_fields_below(qtbot, store, gaz, dialogs) -> None:
    _page, form = _open_may(qtbot, store, gaz)  # the page must outlive the form
    below = {w: _y(w, form) for w in (form.reviewer_edit, form.date_field, form.numbers["pilot_towns"])}
    form.phone_edit.setText("12ab")
    form.phone_edit.commit()
    _settle()
    message = form.messages["phone"]
    assert message.isVisible() and message.text().startswith("“12ab”格式不正确")  # its name is beside it
    assert message.toolTip() == message.text()  # the whole text, however little of it fits
    assert {w: _y(w, form) for w in below} == below
    form.phone_edit.setText("0830-3196512")
    form.phone_edit.commit()
    _settle()
    assert not message.isVisible() and {w: _y(w, form) for w in below} == below


def test_indicator_message_stays_in_its_own_row(qtbot, store, gaz, dialogs) -> None:
    _page, form = _open_may(qtbot, store, gaz)  # the page must outlive the form
    codes = list(form.numbers)
    integrated = form.numbers["windows_integrated"]
    following = [form.numbers[c] for c in codes[codes.index("windows_integrated") + 1:]]
    before = [_y(w, form) for w in [integrated, *following]]
    integrated.setText("90")
    integrated.commit()
    _settle()
    message = form.messages["windows_integrated"]
    assert message.isVisible() and message.text().startswith("（90）大于窗口总数（84）")
    assert abs(_y(message, form) - _y(integrated, form)) < integrated.height()  # same line as the figure
    assert not form.previous_labels["windows_integrated"].isVisible()
    assert message.toolTip().startswith(message.text()) and "上月：" in message.toolTip()
    assert [_y(w, form) for w in [integrated, *following]] == before
    integrated.setText("60")
    integrated.commit()
    _settle()
    assert not message.isVisible() and form.previous_labels["windows_integrated"].isVisible()
    assert [_y(w, form) for w in [integrated, *following]] == before


def test_town_form_message_gets_the_height_of_its_wrapped_text(make_window, qtbot, store, gaz,
                                                               monkeypatch) -> None:
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    store.save_settings(sample_settings(gaz))
    towns = [sample_town(gaz, Level.PROVINCIAL, "合江县", t, 10) for t in ("符阳街道", "白沙镇", "先市镇", "尧坝镇")]
    store.add_rosters([Roster(Level.PROVINCIAL, date(2021, 3, 26), towns)])
    w = make_window(store, show=False)
    w.resize(1000, 800)
    w.show()
    qtbot.waitExposed(w)
    form = w.current_page().form
    form.county_picker.setText("泸县")
    form._on_county("泸县", gaz.find("county", "泸县", gaz.find("city", "泸州市").code))
    _settle()
    label = form.messages["county"]
    assert label.isVisible() and "只有 1 个乡镇" in label.text() and "不是首批 11 个" in label.text()
    needed = label.heightForWidth(label.width())
    assert needed > 2 * label.fontMetrics().lineSpacing()  # two messages, wrapped: more than two lines
    assert label.height() >= needed
    # the field below starts under the whole message
    town_top = form.town_picker.mapTo(form, QPoint(0, 0)).y()
    assert town_top >= label.mapTo(form, QPoint(0, 0)).y() + needed
