"""Input widgets of the report form: a number field for one indicator, a text field that commits
when editing finishes, and a narrative section with a live character count and a debounced save."""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QPainter, QPaintEvent, QRegularExpressionValidator
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QSizePolicy, QWidget

from desktop.domain.monthly.indicators import Indicator
from desktop.domain.monthly.report import char_count, parse_number
from desktop.domain.text_rules import LIMITS, check_text
from desktop.ui.common.text_limit import limit_text, over_limit_message, tell

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_DIGIT = "[0-9０-９]"
_SIGN = "[-－−]"  # a minus is kept as typed: the check says a figure cannot be negative
NUMBER_MAX_LENGTH = 18
TEXT_SAVE_DELAY_MS = 800


def number_pattern(decimals: int) -> str:
    """A sign, digits (full-width too) with thousands separators and at most ``decimals`` decimals. A
    whole-number field takes a decimal point too, so 1.5 is not silently typed as 15: it is refused
    when the field is left (NumberEdit.commit)."""
    whole = f"{_DIGIT}[0-9０-９,，]*"
    places = decimals if decimals > 0 else 6
    return f"^{_SIGN}?(?:{whole})?(?:[.．]{_DIGIT}{{0,{places}}})?$"


class EnterMovesOn:
    """Mixin for a one-line field: Enter commits it and moves to the next field."""

    def keyPressEvent(self, e: QKeyEvent) -> None:
        if e.key() in _ENTER and not e.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self.commit()
            self.focusNextChild()
            return
        super().keyPressEvent(e)


class NumberEdit(EnterMovesOn, QLineEdit):
    """One indicator's figure. ``committed(value)`` (int, float or None) once per change, when
    editing finishes (Enter, Tab, leaving the field). Enter also moves on to the next field.
    A text that is no number (a sign alone) is not taken: the last value stays and ``invalid``
    says so; ``invalid("")`` once a later text is taken."""

    committed = Signal(object)
    invalid = Signal(str)

    def __init__(self, indicator: Indicator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.indicator = indicator
        self._last: int | float | None = None
        self.rejection = ""  # why the last text typed was not taken; "" when it was
        self.setValidator(QRegularExpressionValidator(QRegularExpression(number_pattern(indicator.decimals)), self))
        self.setMaxLength(NUMBER_MAX_LENGTH)
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setPlaceholderText("未填" if indicator.required else "可不填")
        self.editingFinished.connect(self.commit)

    def set_value(self, value: int | float | None) -> None:
        """Show a stored value without emitting ``committed``."""
        self._last = value
        self.setText(self.indicator.format(value))

    def value(self) -> int | float | None:
        """The typed number; None when empty or not a number."""
        try:
            return parse_number(self.text())
        except ValueError:
            return None

    def commit(self) -> None:
        if self.isReadOnly():
            return
        try:
            value = parse_number(self.text())
        except ValueError:
            kept = self.indicator.format(self._last) or "未填"
            self._reject(f"没有采用“{self.text()}”：不是数字；仍为{kept}，请输入数字（没有的填 0）")
            self.setText(self.indicator.format(self._last))
            return
        if value is not None and self.indicator.is_integer and not float(value).is_integer():
            kept = self.indicator.format(self._last) or "未填"
            self._reject(f"没有采用“{self.text()}”：应为整数；仍为{kept}，请输入整数")
            self.setText(self.indicator.format(self._last))
            return
        if value is not None and self.indicator.is_integer:
            value = int(value)  # 3.0 or 3. typed: the whole number 3
        if self.isModified() or value != self._last:  # typed again since a text was not taken
            self._reject("")
        if value == self._last:
            self.setText(self.indicator.format(value))
            return
        self._last = value
        self.setText(self.indicator.format(value))
        self.committed.emit(value)

    def _reject(self, message: str) -> None:
        if message or self.rejection:
            self.rejection = message
            self.invalid.emit(message)


class LineField(EnterMovesOn, QLineEdit):
    """A header text (填报人, 联系电话, 审核人): ``committed(text)`` once per change. With a ``kind``
    (desktop.domain.text_rules), its limit is shown while typing and a text that breaks the rules
    is not committed: it stays in the field, which says why."""

    committed = Signal(str)

    def __init__(self, parent: QWidget | None = None, kind: str = "", label: str = "") -> None:
        super().__init__(parent)
        self._last = ""
        self.kind, self.label = kind, label
        if kind:
            limit_text(self, kind, label)
        self.editingFinished.connect(self.commit)

    def set_value(self, text: str) -> None:
        self._last = text or ""
        self.setText(self._last)

    def commit(self) -> None:
        text = self.text().strip()
        if self.isReadOnly() or text == self._last:
            return
        problem = check_text(text, self.label, self.kind) if self.kind else None
        if problem is not None:
            tell(self, problem)
            return
        self._last = text
        self.committed.emit(text)


class MessageLine(QLabel):
    """The message line of a field: always one line high, so showing, changing or hiding it never
    moves another field. What does not fit the room is cut with “…”; the tooltip has all of it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        policy = QSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        policy.setRetainSizeWhenHidden(True)
        self.setSizePolicy(policy)
        # one line, whatever the text: the same height shown or hidden, empty or not
        self.setFixedHeight(max(self.fontMetrics().height(), self.fontMetrics().lineSpacing()) + 2)

    def setText(self, text: str) -> None:  # noqa: N802 (Qt's name)
        super().setText(text)
        self.setToolTip(text)

    def shown_text(self) -> str:
        """The text as painted: elided to the label's width."""
        return self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, self.contentsRect().width())

    def paintEvent(self, e: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        self.style().drawItemText(painter, self.contentsRect(), int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                                  self.palette(), self.isEnabled(), self.shown_text(), self.foregroundRole())


class SectionEdit(QPlainTextEdit):
    """A narrative section. Tab moves on (no tab characters); the text is saved shortly after
    typing pauses and when the field is left. ``count_changed(n)`` follows every keystroke. An edit
    that would take the text over its limit (text_rules.LIMITS["section"]) is undone whole and the
    field says why; a text with control characters is not saved (the field says why)."""

    committed = Signal(str)
    count_changed = Signal(int)
    limit = LIMITS["section"]

    def __init__(self, parent: QWidget | None = None, delay_ms: int = TEXT_SAVE_DELAY_MS, label: str = "本段") -> None:
        super().__init__(parent)
        self._last = ""
        self._loading = False
        self._count = 0
        self.label = label
        self.setTabChangesFocus(True)
        self.setFixedHeight(self.fontMetrics().lineSpacing() * 6 + 14)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(delay_ms)
        self.timer.timeout.connect(self.commit)
        self.textChanged.connect(self._on_changed)

    def set_value(self, text: str) -> None:
        """Show a stored text without emitting ``committed``."""
        self._loading = True
        try:
            self._last = text or ""
            if self.toPlainText() != self._last:
                self.setPlainText(self._last)
            self._count = char_count(self._last)
            self.count_changed.emit(self._count)
        finally:
            self._loading = False
        self.timer.stop()

    def value(self) -> str:
        return self.toPlainText().rstrip()

    def _on_changed(self) -> None:
        count = char_count(self.toPlainText())
        if not self._loading and count > self.limit and count > self._count:
            self._loading = True
            try:
                self.undo()  # the whole paste or key: nothing is cut off
            finally:
                self._loading = False
            tell(self, over_limit_message(self.label, self.limit, count, count - self._count))
            return
        self._count = count
        self.count_changed.emit(count)
        if not self._loading and not self.isReadOnly():
            self.timer.start()

    def commit(self) -> None:
        self.timer.stop()
        text = self.value()
        if self.isReadOnly() or text == self._last:
            return
        problem = check_text(text, self.label, "section")
        if problem is not None:
            tell(self, problem)
            return
        self._last = text
        self.committed.emit(text)

    def focusOutEvent(self, e: QFocusEvent) -> None:
        self.commit()
        super().focusOutEvent(e)
