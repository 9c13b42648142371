"""Inline marks and grey hints: each widget carries its own look, and a look never outlives its role."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop.domain.findings import Finding, Location, Severity
from desktop.domain.model import Level
from desktop.ui.common.theme import FINDING_STYLE, MUTED_COLOR, mark_widget, set_role


def text_color(widget: QWidget) -> str:
    return widget.palette().color(QPalette.ColorRole.WindowText).name()


@pytest.mark.parametrize("inside_styled_page", [False, True])
def test_a_label_going_from_hint_to_error_to_plain_loses_the_grey(qtbot, inside_styled_page) -> None:
    page = QWidget()
    if inside_styled_page:
        page.setStyleSheet(FINDING_STYLE)  # as the 月报 page does
    label = QLabel("说明")
    set_role(label, "role", "hint")  # made before it is placed, as the forms do
    QVBoxLayout(page).addWidget(label)
    qtbot.addWidget(page)
    plain = QLabel("普通")
    qtbot.addWidget(plain)
    if not inside_styled_page:
        assert text_color(label) == QColor(MUTED_COLOR).name()
    set_role(label, "role", "finding-error")
    assert label.property("role") == "finding-error"
    set_role(label, "role", "")
    assert label.property("role") == "" and text_color(label) == text_color(plain)


def test_marking_a_field_gives_it_the_style_and_clearing_keeps_it_quiet(qtbot) -> None:
    edit = QLineEdit()
    qtbot.addWidget(edit)
    mark_widget(edit, [])  # nothing to show: no style sheet is attached at all
    assert edit.styleSheet() == "" and not edit.property("finding")
    error = Finding(Severity.ERROR, Location(Level.COUNTY, 1, "town"), "附件3 泸县：乡镇（街道）未填写")
    mark_widget(edit, [error], "选择乡镇")
    assert edit.property("finding") == "error" and FINDING_STYLE in edit.styleSheet()
    assert edit.toolTip() == "选择乡镇\n错误：附件3 泸县：乡镇（街道）未填写"
    mark_widget(edit, [])
    assert edit.property("finding") == "" and edit.toolTip() == ""
