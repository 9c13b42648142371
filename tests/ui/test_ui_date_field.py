"""A typed date that does not exist is never silently turned into another day."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from desktop.domain.dates import typed_date_problem
from desktop.ui.common.date_field import DateField


@pytest.fixture
def field(qtbot):
    host = QWidget()
    layout = QVBoxLayout(host)
    f, other = DateField(), QLineEdit()
    layout.addWidget(f)
    layout.addWidget(other)
    qtbot.addWidget(host)
    host.show()
    f.other, f.host = other, host  # keep the host alive as long as the field
    return f


def _type_and_leave(qtbot, f, text):
    f.setFocus()
    qtbot.keyClicks(f, text)  # ASCII only: Chinese text goes through QKeyEvent per character elsewhere
    f.other.setFocus()
    f.commit()


@pytest.mark.parametrize(("typed", "problem"), [
    ("2021.2.30", "中 2 月没有 30 日"), ("2021.13.5", "中月份 13 不存在"), ("2021-4-31", "中 4 月没有 31 日"),
    ("2021.3.25", ""), ("20219", ""), ("2021年2月29日", "中 2 月没有 29 日"), ("2024.2.29", ""),
])
def test_typed_date_problem(typed, problem):
    assert typed_date_problem(typed) == problem


def test_an_impossible_date_keeps_the_last_value_and_says_so(qtbot, field):
    field.set_value(date(2021, 3, 25))
    committed, invalid = [], []
    field.committed.connect(committed.append)
    field.invalid.connect(invalid.append)
    field.lineEdit().selectAll()
    _type_and_leave(qtbot, field, "2021.2.30")
    assert field.value() == date(2021, 3, 25)
    assert committed == []
    assert invalid == ["没有采用“2021.2.30”：2 月没有 30 日；仍为2021年3月25日，请重新输入，如 2021.3.25"]
    assert field.toolTip() == invalid[0]


def test_an_impossible_date_in_an_empty_field_leaves_it_empty(qtbot, field):
    invalid = []
    field.invalid.connect(invalid.append)
    _type_and_leave(qtbot, field, "2021.13.5")
    assert field.value() is None
    assert invalid == ["没有采用“2021.13.5”：月份 13 不存在；仍为未填写，请重新输入，如 2021.3.25"]


def test_a_good_date_is_committed(qtbot, field):
    committed = []
    field.committed.connect(committed.append)
    _type_and_leave(qtbot, field, "2021.3.25")
    assert committed == [date(2021, 3, 25)]
    assert field.toolTip() == "直接输入，如 2021.3.25；Ctrl+Delete 清空"
