"""A date field shown as 2021年3月25日 that can also be empty (未填写)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDateEdit, QDateTimeEdit, QWidget

from desktop.domain.dates import typed_date_problem

if TYPE_CHECKING:
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QCalendarWidget

HINT = "直接输入，如 2021.3.25；Ctrl+Delete 清空"
UNSET = QDate(2000, 1, 1)  # the minimum date stands for "not filled in" (shown as 未填写)
EMPTY_TEXT = "未填写"


class DateField(QDateEdit):
    """QDateEdit with an empty state.

    Empty shows 未填写; typing a digit or pressing Up/Down starts from today's date, so
    ``2021/3/25`` or ``2021.3.25`` can be typed straight in. Delete or Backspace on the whole
    text (or Ctrl+Delete) empties it. ``committed(date | None)`` fires once per user change,
    when editing finishes or a day is picked in the calendar.
    """

    committed = Signal(object)
    invalid = Signal(str)  # a typed date that does not exist (the message says what was kept); "" once one is taken

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDisplayFormat("yyyy年M月d日")
        self.setMinimumDate(UNSET)
        self.setMaximumDate(QDate(2099, 12, 31))
        self.setSpecialValueText(EMPTY_TEXT)
        self.setCalendarPopup(True)
        self.setDate(UNSET)
        self.setToolTip(HINT)
        self._last: date | None = None
        self._typed = ""  # the characters typed since the last commit (to catch 2021.2.30)
        self.rejection = ""  # why the last date typed was not taken; "" when it was
        self.editingFinished.connect(self.commit)
        self._calendar_wired = False  # the calendar pop-up is made when first needed (start-up)

    def calendar(self) -> QCalendarWidget:
        """The pop-up calendar, made and wired on first use: a pick commits the date."""
        calendar = self.calendarWidget()
        if not self._calendar_wired:
            self._calendar_wired = True
            calendar.clicked.connect(lambda _d: self.commit())
            calendar.activated.connect(lambda _d: self.commit())
            calendar.installEventFilter(self)
        return calendar

    def mousePressEvent(self, e: QMouseEvent) -> None:  # noqa: N802 - Qt override
        self.calendar()  # a click on the arrow opens it
        super().mousePressEvent(e)

    def value(self) -> date | None:
        d = self.date()
        return None if d == UNSET else date(d.year(), d.month(), d.day())

    def set_value(self, value: date | None) -> None:
        """Show a stored date without emitting ``committed``."""
        self._last = value
        self.setDate(QDate(value.year, value.month, value.day) if value else UNSET)

    def clear_value(self) -> None:
        self._typed = ""
        self.setDate(UNSET)
        self.commit()

    def commit(self) -> None:
        """Emit ``committed`` if the shown value differs from the last committed one. A typed date
        that does not exist (2021.2.30, 2021.13.5) is not silently changed into another day: the
        last value is kept and ``invalid`` says so, until a date typed or picked is taken."""
        typed, self._typed = self._typed, ""
        problem = typed_date_problem(typed)
        if problem:
            self.setDate(QDate(self._last.year, self._last.month, self._last.day) if self._last else UNSET)
            kept = f"{self._last.year}年{self._last.month}月{self._last.day}日" if self._last else EMPTY_TEXT
            reason = problem.removeprefix("中").strip()
            message = f"没有采用“{typed}”：{reason}；仍为{kept}，请重新输入，如 2021.3.25"
            self.setToolTip(message)
            from PySide6.QtWidgets import QToolTip

            QToolTip.showText(self.mapToGlobal(self.rect().bottomLeft()), message, self)
            self.rejection = message
            self.invalid.emit(message)
            return
        value = self.value()
        if self.rejection and (typed or value != self._last):
            self.rejection = ""
            self.invalid.emit("")
        if (typed or value != self._last) and self.toolTip() != HINT:
            self.setToolTip(HINT)
        if value != self._last:
            self._last = value
            self.committed.emit(value)

    def keyPressEvent(self, e: QKeyEvent) -> None:
        self.calendar()  # Alt+↓ or F4 opens it
        if self.isReadOnly():
            super().keyPressEvent(e)
            return
        key = e.key()
        empty = self.date() == UNSET
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.commit()
            self.focusNextChild()
            return
        if (key == Qt.Key.Key_Delete and e.modifiers() & Qt.KeyboardModifier.ControlModifier) or (
                key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
                and (empty or self.lineEdit().selectedText() == self.lineEdit().text())):
            self.clear_value()
            return
        if e.text() and e.text().isprintable() and not e.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self._typed += e.text()
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
            self._typed = ""  # stepping: what is shown is what was chosen
        if empty and (e.text().isdigit() or key in (Qt.Key.Key_Up, Qt.Key.Key_Down,
                                                     Qt.Key.Key_PageUp, Qt.Key.Key_PageDown)):
            self.setDate(QDate.currentDate())
            self.setCurrentSection(QDateTimeEdit.Section.YearSection)
            self.setSelectedSection(QDateTimeEdit.Section.YearSection)
        super().keyPressEvent(e)

    def eventFilter(self, obj: QObject, e: QEvent) -> bool:
        # An empty field opens its calendar on the current month, not on the placeholder year 2000.
        if self._calendar_wired and obj is self.calendarWidget() and e.type() == QEvent.Type.Show \
                and self.date() == UNSET:
            today = QDate.currentDate()
            self.calendarWidget().setCurrentPage(today.year(), today.month())
        return super().eventFilter(obj, e)

