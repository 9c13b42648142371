"""The report form, generated from the IndicatorSet: header, one section per task (figures, the
task's rates and its narrative), then the other narrative parts. Edits are emitted, not stored."""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.findings import Finding
from desktop.domain.monthly.indicators import IndicatorSet, Section
from desktop.domain.monthly.rates import compute_rates, format_rate
from desktop.domain.monthly.report import HEADER_FIELDS, MonthlyReport
from desktop.ui.common.date_field import HINT as DATE_HINT
from desktop.ui.common.date_field import DateField
from desktop.ui.common.theme import mark_widget, set_role, worst
from desktop.ui.monthly.common import is_answered, numeral, short_message
from desktop.ui.monthly.fields import LineField, MessageLine, NumberEdit, SectionEdit

HEADER_LABELS = dict(HEADER_FIELDS)
HEADER_HINTS = {"reporter": "填写本月报的经办人姓名", "phone": "手机号码或带区号的固定电话，如 0830-3196512",
                "reviewer": "审核本月报的负责人姓名", "filled_on": DATE_HINT}
_KIND_TIPS = {"累计": "累计数：从试点开始累计，不应比上月少", "当月": "当月数：本月发生的数量",
              "存量": "现有数：月末实有的数量，可增可减"}


def section_placeholder(section: Section) -> str:
    if section.hint:
        return section.hint
    if section.task:
        return "简要写明本月该项任务的工作开展情况、主要做法和成效"
    return "没有的写“无”" if section.required else "可不填"


class ReportForm(QWidget):
    """One report's fields. ``value_committed(code, value)``, ``text_committed(code, text)`` and
    ``header_committed(field, value)`` fire once per committed change; nothing is stored here."""

    value_committed = Signal(str, object)
    text_committed = Signal(str, str)
    header_committed = Signal(str, object)
    field_focused = Signal(QWidget)

    def __init__(self, indicators: IndicatorSet, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.indicators = indicators
        self.report: MonthlyReport | None = None
        self.read_only = False
        self.numbers: dict[str, NumberEdit] = {}
        self.sections: dict[str, SectionEdit] = {}
        self.counts: dict[str, QLabel] = {}
        self.previous_labels: dict[str, QLabel] = {}
        self.rate_labels: dict[str, QLabel] = {}
        self.messages: dict[str, MessageLine] = {}
        self.rejected: dict[str, str] = {}  # field → why what was typed there was not taken
        self._shown: dict[str, tuple[str, str]] = {}  # field → (its findings' text, worst severity)
        self.base_tips: dict[str, str] = {}
        metrics = self.fontMetrics()
        # the labels' column: the longest label, up to 16 characters (longer ones wrap): the form fits
        # beside the findings on a 1024-wide screen and on 1366×768 at 150 % without a sideways scroll
        longest = max(metrics.horizontalAdvance(self._label_text(i.label)) for i in indicators.indicators) + 8
        self.label_width = min(longest, metrics.horizontalAdvance("中") * 16 + 8)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 8, 0)
        layout.addWidget(self._build_header())
        for i, task in enumerate(indicators.tasks, 1):
            layout.addWidget(self._build_task(i, task.code, task.label))
        rest = [s for s in indicators.sections if not s.task]
        if rest:
            box = QGroupBox("其他情况")
            col = QVBoxLayout(box)
            for section in rest:
                self._add_section(col, section)
            layout.addWidget(box)
        layout.addStretch(1)
        self.inputs: dict[str, QWidget] = {**self.header_inputs, **self.numbers, **self.sections}
        chain = self.tab_chain()
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)
        for widget in self.inputs.values():
            widget.installEventFilter(self)

    # -- building ------------------------------------------------------------------------------
    def _message(self, name: str) -> MessageLine:
        """A field's one-line message; its room is kept while hidden, so no field ever moves."""
        label = MessageLine()
        label.hide()
        self.messages[name] = label
        return label

    def _build_header(self) -> QGroupBox:
        box = QGroupBox("表头")
        grid = QGridLayout(box)
        self.region_edit = QLineEdit()
        self.region_edit.setReadOnly(True)
        self.region_edit.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.region_edit.setToolTip("填报单位在“设置 → 填报单位”中设置")
        self.month_label = QLabel()
        font = self.month_label.font()
        font.setBold(True)
        self.month_label.setFont(font)
        self.reporter_edit = LineField(kind="person", label=HEADER_LABELS["reporter"])
        self.phone_edit = LineField(kind="phone", label=HEADER_LABELS["phone"])
        self.reviewer_edit = LineField(kind="person", label=HEADER_LABELS["reviewer"])
        self.date_field = DateField()
        self.header_inputs: dict[str, QWidget] = {"region": self.region_edit, "reporter": self.reporter_edit,
                                                  "phone": self.phone_edit, "reviewer": self.reviewer_edit,
                                                  "filled_on": self.date_field}
        for name in ("reporter", "phone", "reviewer"):
            edit = self.header_inputs[name]
            assert isinstance(edit, LineField)
            edit.setPlaceholderText(HEADER_HINTS[name])
            edit.committed.connect(lambda text, n=name: self.header_committed.emit(n, text))
        self.date_field.committed.connect(lambda value: self.header_committed.emit("filled_on", value))
        self.date_field.invalid.connect(lambda message: self._set_rejected("filled_on", message))
        cells = [("region", self.region_edit), (None, self.month_label), ("reporter", self.reporter_edit),
                 ("phone", self.phone_edit), ("reviewer", self.reviewer_edit), ("filled_on", self.date_field)]
        for i, (name, widget) in enumerate(cells):
            row, col = divmod(i, 2)
            grid.addWidget(QLabel(HEADER_LABELS[name] if name else "报告月份"), row * 2, col * 2)
            grid.addWidget(widget, row * 2, col * 2 + 1)
            if name:
                self.base_tips[name] = HEADER_HINTS.get(name, widget.toolTip())
                # under the label and the field: room for 2021.2.30's explanation on a small screen
                grid.addWidget(self._message(name), row * 2 + 1, col * 2, 1, 2)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        grid.setColumnMinimumWidth(2, 0)
        return box

    @staticmethod
    def _label_text(label: str) -> str:
        return ("　　" if label.startswith("其中") else "") + label

    def _build_task(self, number: int, code: str, label: str) -> QGroupBox:
        box = QGroupBox(f"（{numeral(number)}）{label}\u2002")  # the en space keeps Fusion from clipping the last glyph
        col = QVBoxLayout(box)
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(4)
        row = 0
        for ind in self.indicators.by_task(code):
            name = QLabel(self._label_text(ind.label))
            if self.fontMetrics().horizontalAdvance(name.text()) + 8 > self.label_width:
                name.setWordWrap(True)
            tip = "\n".join(t for t in (_KIND_TIPS.get(ind.kind, ""), ind.hint) if t)
            name.setToolTip(tip)
            edit = NumberEdit(ind)
            edit.setFixedWidth(self.fontMetrics().horizontalAdvance("0") * 12 + 18)
            edit.committed.connect(lambda value, c=ind.code: self.value_committed.emit(c, value))
            edit.invalid.connect(lambda message, c=ind.code: self._set_rejected(c, message))
            edit.textEdited.connect(lambda _t: self.update_rates())
            name.setBuddy(edit)
            self.numbers[ind.code] = edit
            self.base_tips[ind.code] = tip
            measure = QLabel(ind.measure_unit)
            previous = QLabel()
            set_role(previous, "role", "hint")
            self.previous_labels[ind.code] = previous
            grid.addWidget(name, row, 0)
            grid.addWidget(edit, row, 1)
            grid.addWidget(measure, row, 2)
            grid.addWidget(previous, row, 3)
            # in the figure's own line, over the 上月 hint while shown: the rows below never move
            grid.addWidget(self._message(ind.code), row, 3, 1, 2)
            row += 1
        grid.setColumnMinimumWidth(0, self.label_width)
        grid.setColumnMinimumWidth(2, self.fontMetrics().horizontalAdvance("平方米") + 4)
        grid.setColumnMinimumWidth(3, self.fontMetrics().horizontalAdvance("上月：12345") + 4)
        grid.setColumnStretch(4, 1)
        col.addLayout(grid)
        rates = self.indicators.rates_of(code)
        if rates:
            line = QHBoxLayout()
            line.addWidget(QLabel("比率（自动计算）："), 0, Qt.AlignmentFlag.AlignTop)
            pairs = QGridLayout()  # two rates a line: the form stays narrow enough for small screens
            pairs.setHorizontalSpacing(6)
            for i, rate in enumerate(rates):
                value = QLabel()
                font = value.font()
                font.setBold(True)
                value.setFont(font)
                tip = f"{rate.label} = {self.indicators.formula_text(rate)}" + (f"\n{rate.hint}" if rate.hint else "")
                caption = QLabel(rate.label)
                for w in (caption, value):
                    w.setToolTip(tip)
                self.rate_labels[rate.code] = value
                r, c = divmod(i, 2)
                pairs.addWidget(caption, r, c * 3)
                pairs.addWidget(value, r, c * 3 + 1)
                pairs.setColumnMinimumWidth(c * 3 + 2, 14)
            line.addLayout(pairs)
            line.addStretch(1)
            col.addLayout(line)
        for section in self.indicators.sections:
            if section.task == code:
                self._add_section(col, section)
        return box

    def _add_section(self, layout: QVBoxLayout, section: Section) -> None:
        head = QHBoxLayout()
        # inside its task's box a task section is just 工作开展情况; the others keep their full title
        text = section.heading.split("、", 1)[-1] if section.task and section.heading else section.title
        title = QLabel(text + ("" if section.required else "（可不填）"))
        title.setToolTip(section.title)
        count = QLabel(f"0/{SectionEdit.limit} 字")
        count.setToolTip(f"字数不含空格和换行，最多 {SectionEdit.limit} 个字")
        set_role(count, "role", "hint")
        head.addWidget(title)
        head.addSpacing(10)
        head.addWidget(self._message(section.code), 1)  # in the title line: the fields below stay put
        head.addWidget(count)
        edit = SectionEdit(label=text)
        edit.setPlaceholderText(section_placeholder(section))
        edit.committed.connect(lambda text, c=section.code: self.text_committed.emit(c, text))
        edit.count_changed.connect(lambda n, lab=count: lab.setText(f"{n}/{SectionEdit.limit} 字"))
        title.setBuddy(edit)
        self.sections[section.code] = edit
        self.counts[section.code] = count
        self.base_tips[section.code] = "字数不含空格和换行"
        layout.addSpacing(6)
        layout.addLayout(head)
        layout.addWidget(edit)

    # -- contents ------------------------------------------------------------------------------
    def tab_chain(self) -> list[QWidget]:
        """The order Tab moves through: header, then every task's figures and narrative, then the rest."""
        chain: list[QWidget] = [self.reporter_edit, self.phone_edit, self.reviewer_edit, self.date_field]
        for task in self.indicators.tasks:
            chain += [self.numbers[i.code] for i in self.indicators.by_task(task.code)]
            chain += [self.sections[s.code] for s in self.indicators.sections if s.task == task.code]
        chain += [self.sections[s.code] for s in self.indicators.sections if not s.task]
        return chain

    def set_report(self, report: MonthlyReport, previous: MonthlyReport | None) -> None:
        """Show a stored report (nothing is emitted)."""
        self.report = report
        self.region_edit.setText(report.region)
        self.month_label.setText(report.month.label)
        self.reporter_edit.set_value(report.reporter)
        self.phone_edit.set_value(report.phone)
        self.reviewer_edit.set_value(report.reviewer)
        self.date_field.set_value(report.filled_on)
        for code, edit in self.numbers.items():
            edit.set_value(report.value(code) if report.value(code) is not None else report.values.get(code))
        for code, edit in self.sections.items():
            edit.set_value(report.text(code))
        self._show_previous(report, previous)
        self.update_rates()

    def _show_previous(self, report: MonthlyReport, previous: MonthlyReport | None) -> None:
        if previous is None:
            caption = ""
        else:
            caption = "上月" if previous.month == report.month.prev() else previous.month.label
        for code, label in self.previous_labels.items():
            if previous is None:
                label.clear()
                continue
            value = previous.value(code)
            ind = self.indicators.indicator(code)
            label.setText(f"{caption}：{ind.format(value) if value is not None else '未填'}")

    def current_values(self) -> dict[str, int | float | None]:
        return {code: edit.value() for code, edit in self.numbers.items()}

    def update_rates(self) -> None:
        """Recompute the rates from what is typed right now (not only what is stored)."""
        if self.report is None:
            return
        typed = MonthlyReport(self.report.region, self.report.month, values=self.current_values())
        rates = compute_rates(typed, self.indicators)
        for rate in self.indicators.rates:
            self.rate_labels[rate.code].setText(format_rate(rates.get(rate.code), rate.decimals))

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        for name, widget in self.inputs.items():
            if name != "region":
                widget.setReadOnly(read_only)  # type: ignore[attr-defined]

    def commit_pending(self) -> None:
        """Emit what is typed but not yet committed (before export, closing, switching reports)."""
        for widget in self.inputs.values():
            commit = getattr(widget, "commit", None)
            if commit is not None:
                commit()

    # -- findings ------------------------------------------------------------------------------
    def set_findings(self, findings: list[Finding], report: MonthlyReport) -> None:
        """Red (error) / amber (warning) marks with the messages as tooltips; answered warnings
        look resolved. A field's message line (one line, full text in its tooltip) repeats its
        messages, except 未填写 ones, without the field's own name (it is written beside it, and the line
        is short at 150 %); a figure's takes the place of its 上月 hint while shown."""
        by_field: dict[str, list[Finding]] = {}
        for f in findings:
            by_field.setdefault(f.location.field or "", []).append(f)
        for name, widget in self.inputs.items():
            mine = by_field.get(name, [])
            open_ = [f for f in mine if not is_answered(f, report)]
            answered = [f"已说明：{f.message}（{report.explanations.get(getattr(f, 'key', ''), '')}）"
                        for f in mine if is_answered(f, report)]
            tip = "\n".join([t for t in (self.base_tips.get(name, ""),) if t] + answered)
            mark_widget(widget, open_, tip)
            shown = [f for f in open_ if not getattr(f, "key", "").startswith("required:")]
            sev = worst(shown)
            own = self._field_labels().get(name, "")
            self._shown[name] = ("；".join(_without(short_message(f, report), own) for f in shown),
                                 sev.value if sev else "")
            self._show_message(name)

    def _field_labels(self) -> dict[str, str]:
        return HEADER_LABELS | {i.code: i.label for i in self.indicators.indicators}

    def _set_rejected(self, name: str, message: str) -> None:
        """What was typed in a field and not taken (2021.2.30, a sign alone): said in the field's
        line, in red, until something typed there is taken."""
        if message:
            self.rejected[name] = message
        else:
            self.rejected.pop(name, None)
        self._show_message(name)

    def _show_message(self, name: str) -> None:
        label = self.messages.get(name)
        if label is None:
            return
        text, severity = self._shown.get(name, ("", ""))
        if name in self.rejected:
            text, severity = "；".join(t for t in (self.rejected[name], text) if t), "error"
        label.setText(text)
        set_role(label, "role", f"finding-{severity}" if severity else "")
        label.setVisible(bool(text))
        previous = self.previous_labels.get(name)
        if previous is not None:
            previous.setVisible(not text)
            if text and previous.text():
                label.setToolTip(f"{label.text()}\n{previous.text()}")

    def widget_for(self, field: str | None) -> QWidget | None:
        if field is None:
            return self.reporter_edit
        return self.inputs.get(field)

    def focus_field(self, field: str | None) -> QWidget | None:
        widget = self.widget_for(field)
        if widget is not None:
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
        return widget

    def eventFilter(self, obj: QObject, e: QEvent) -> bool:
        if e.type() == QEvent.Type.FocusIn and isinstance(obj, QWidget):
            self.field_focused.emit(obj)
        return super().eventFilter(obj, e)


def _without(message: str, label: str) -> str:
    """A finding's message for the line beside its field: “试点乡镇（街道）数（-5）不能为负数” reads
    “（-5）不能为负数” there."""
    for name in (label, label.removeprefix("其中")) if label else ():
        rest = message.removeprefix(name)
        if rest and rest != message:
            return rest
    return message
