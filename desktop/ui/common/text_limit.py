"""A text field's limit (desktop.domain.text_rules.LIMITS) shown while typing, and never a silent cut.

``limit_text(edit, kind, label)`` puts a small counter “12/200” at the right end of a one-line field
while it has the focus (red at the limit). An edit that would take the text over the limit — a key
typed at the limit, or a paste too long to fit — is refused whole (nothing is cut off) and the field
says why in a tooltip; what was copied stays on the clipboard. A stored text already over the limit
can still be shortened; storing it is refused by the field's own check (text_rules.check_text).
``tell`` shows such a message under any widget (the 月报's narrative sections use it too).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QLabel, QLineEdit, QToolButton, QToolTip, QWidget

from desktop.domain.text_rules import LIMITS, text_length
from desktop.ui.common.theme import ERROR_COLOR, MUTED_COLOR


def tell(widget: QWidget, message: str) -> None:
    """A short message under ``widget`` (a tooltip that goes away by itself); kept as its property
    ``last_message`` (tests and screen readers)."""
    widget.setProperty("last_message", message)
    QToolTip.showText(widget.mapToGlobal(QPoint(0, widget.height())), message, widget)


def over_limit_message(label: str, limit: int, length: int, added: int) -> str:
    """Why an edit was refused: typed at the limit, or a paste of ``added`` characters too long to fit."""
    if added <= 1:
        return f"{label}最多 {limit} 个字，已达上限"
    return (f"{label}最多 {limit} 个字：粘贴后将有 {length} 个字，超过上限，没有粘贴（内容仍在剪贴板中）；"
            "请精简后再粘贴")


class _LimitValidator(QValidator):
    def __init__(self, owner: TextLimit) -> None:
        super().__init__(owner.edit)
        self.owner = owner

    def validate(self, text: str, pos: int) -> QValidator.State:  # type: ignore[override]
        owner = self.owner
        if not owner.edit.hasFocus():  # a stored text shown (setText): never refused
            return QValidator.State.Acceptable
        now = text_length(owner.shown, owner.kind)  # while validating, edit.text() is already the new text
        length = text_length(text, owner.kind)
        if length > owner.limit and length > now:
            owner.refuse(length, length - now)
            return QValidator.State.Invalid
        return QValidator.State.Acceptable


class TextLimit(QObject):
    """The counter and the limit of one QLineEdit (made by ``limit_text``)."""

    def __init__(self, edit: QLineEdit, kind: str, label: str) -> None:
        super().__init__(edit)
        self.edit = edit
        self.kind = kind
        self.label = label
        self.limit = LIMITS[kind]
        self.shown = edit.text()  # the text before the edit being validated
        self.counter = QLabel(edit)
        self.counter.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.counter.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        font = self.counter.font()
        font.setPointSizeF(font.pointSizeF() * 0.85)
        self.counter.setFont(font)
        self.counter.hide()
        edit.setMaxLength(32767)  # the limit counts cleaned characters and is kept by the validator
        edit.setValidator(_LimitValidator(self))
        edit.setToolTip("\n".join(t for t in (edit.toolTip(), f"最多 {self.limit} 个字") if t))
        edit.textChanged.connect(self.update)
        edit.installEventFilter(self)

    def refuse(self, length: int, added: int) -> None:
        tell(self.edit, over_limit_message(self.label, self.limit, length, added))
        self.update(force_red=True)

    def text(self) -> str:
        return self.counter.text()

    def update(self, *_args: object, force_red: bool = False) -> None:
        self.shown = self.edit.text()
        length = text_length(self.shown, self.kind)
        self.counter.setText(f"{length}/{self.limit}")
        red = force_red or length >= self.limit
        self.counter.setStyleSheet(f"color: {ERROR_COLOR if red else MUTED_COLOR}; background: transparent;")
        shown = self.edit.hasFocus() or length > self.limit
        self.counter.setVisible(shown)
        self._place(shown)

    def _place(self, shown: bool) -> None:
        edit = self.edit
        width = self.counter.fontMetrics().horizontalAdvance(f"{self.limit}/{self.limit}") + 6
        buttons = [b.x() for b in edit.findChildren(QToolButton, options=Qt.FindChildOption.FindDirectChildrenOnly)
                   if b.isVisible() and b.x() > edit.width() // 2]
        right = min(buttons, default=edit.width() - 4)
        self.counter.setGeometry(right - width, 0, width, edit.height())
        margins = edit.textMargins()
        edit.setTextMargins(margins.left(), margins.top(), width + 2 if shown else 0, margins.bottom())

    def eventFilter(self, obj: QObject, e: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if obj is self.edit and e.type() in (QEvent.Type.FocusIn, QEvent.Type.FocusOut, QEvent.Type.Resize,
                                             QEvent.Type.Show):
            self.update()
        return super().eventFilter(obj, e)


def limit_text(edit: QLineEdit, kind: str, label: str) -> TextLimit:
    """Show ``edit``'s limit (the LIMITS of ``kind``) while typing and refuse an edit past it, saying why."""
    limit = TextLimit(edit, kind, label)
    edit.setProperty("text_limit", limit.limit)
    return limit
