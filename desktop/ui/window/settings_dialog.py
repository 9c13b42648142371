"""设置 → 填报单位: the reporting unit (the province, a city, a county or a town of the gazetteer), office
name, the roster deadline and the day of the month the 月报 is due. Validation is the command line's
(desktop.domain.places.units.apply_settings_change): a wrong value keeps the dialog open with the message.
The region picked is shown with its county and city (town names repeat); an office name that names
another place than the region is pointed out (units.office_mismatch) and asked about before saving."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.model import ReportingUnit, Settings
from desktop.domain.places.gazetteer import Gazetteer, Place
from desktop.domain.places.units import (
    PROVINCE_CODE,
    PROVINCE_NAME,
    SettingsChange,
    SettingsInputError,
    apply_settings_change,
    default_days_text,
    office_mismatch,
    region_label,
)
from desktop.ui.common.date_field import DateField
from desktop.ui.common.message_label import MessageLabel
from desktop.ui.common.picker import PlacePicker
from desktop.ui.common.text_limit import limit_text
from desktop.ui.common.theme import set_role


class SettingsDialog(QDialog):
    """Edit a copy of the settings; ``result_settings()`` after ``exec()`` returned Accepted."""

    def __init__(self, settings: Settings, gaz: Gazetteer, parent: QWidget | None = None,
                 recipient: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("填报单位")
        self.gaz = gaz
        self.original = settings
        self._result: Settings | None = None
        province = Place("province", PROVINCE_CODE, PROVINCE_NAME, None, PROVINCE_NAME, "sichuansheng", "scs")
        self.province = province
        regions = [province, *gaz.cities, *gaz.counties, *gaz.towns]
        self.region_picker = PlacePicker(gaz, lambda: (regions, []), self._context)
        self.region_picker.setPlaceholderText("省、市（州）、县（市、区）或乡镇（街道），可输入拼音首字母，如 lz")
        current = province if settings.unit.region_code == PROVINCE_CODE else gaz.get(settings.unit.region_code)
        self.region_picker.set_value(settings.unit.region_name, current)
        self.region_picker.setMinimumWidth(320)
        self.region_shown = QLabel()  # the region picked, with its county and city
        set_role(self.region_shown, "role", "hint")
        self.office_edit = QLineEdit(settings.unit.office)
        self.office_edit.setPlaceholderText("如：泸州市政务服务管理局")
        limit_text(self.office_edit, "office", "单位名称")
        self.office_warning = MessageLabel()
        set_role(self.office_warning, "role", "finding-warning")
        self.region_picker.committed.connect(self._show_region)
        self.office_edit.textChanged.connect(self._show_region)
        self.deadline_field = DateField()
        self.deadline_field.set_value(settings.deadline)
        from desktop.services.settings import deadline_days

        days = default_days_text(deadline_days())
        self.report_day = QSpinBox()
        self.report_day.setRange(0, 28)
        self.report_day.setSpecialValueText(f"默认（{days}）")
        self.report_day.setPrefix("每月 ")
        self.report_day.setSuffix(" 日")
        self.report_day.setValue(settings.report_day or 0)
        hint = QLabel("填报单位写在导出报表的“填报单位”一栏。乡镇（街道）便民服务中心选本乡镇，只填本乡镇的一行并打包报县；"
                      "县、市选本级，汇总下级的交换包；省中心选“四川省”，汇总各市（州）。截止日期可不填，填了则填报时间晚于它时提醒。"
                      f"月报截止日默认：{days}，可按本地要求修改。")
        set_role(hint, "role", "hint")
        hint.setWordWrap(True)
        form = QFormLayout()
        form.addRow("地区", _stacked(self.region_picker, self.region_shown))
        form.addRow("单位名称", _stacked(self.office_edit, self.office_warning))
        form.addRow("名单截止日期", self.deadline_field)
        form.addRow("月报截止日", self.report_day)
        self.recipient_edit = QLineEdit(recipient)
        self.recipient_edit.setPlaceholderText("报送邮件发给谁，如上级单位的邮箱（可不填，报送时再填）")
        form.addRow("报送收件人", self.recipient_edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept_if_valid)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self._show_region()
        from desktop.ui.common.screen_fit import fit_to_screen

        fit_to_screen(self, max(self.sizeHint().width(), 560), self.sizeHint().height())

    def _context(self, place: Place) -> str:
        """A county with its city, a town with its city and county (街子镇 is in 崇州市 and in 武胜县)."""
        if place.kind == "province":
            return ""
        label = region_label(self.gaz, place.code)
        return label[len(place.name) + 1:-1] if label.startswith(f"{place.name}（") else ""

    def _picked(self) -> ReportingUnit:
        place = self.region_picker.place
        if place is None:
            return ReportingUnit(None, "", self.office_edit.text())
        return ReportingUnit(place.code, place.name, self.office_edit.text().strip())

    def _show_region(self, *_args: object) -> None:
        """Under the picker the whole region (崇州市的街子镇); under the office a name of another place."""
        unit = self._picked()
        label = region_label(self.gaz, unit.region_code)
        self.region_shown.setText(f"已选：{label}，代码 {unit.region_code}" if label else "")
        self.region_shown.setVisible(bool(label))
        warning = office_mismatch(self.gaz, unit)
        self.office_warning.setText(warning)
        self.office_warning.setVisible(bool(warning))
        layout = self.layout()
        if warning and layout is not None and self.isVisible():  # grow to show all of it (within the screen)
            from desktop.ui.common.screen_fit import room

            layout.activate()
            need = self.sizeHint().height()
            if self.height() < need:
                self.resize(self.width(), min(need, room(self)[1]))

    def _compute(self) -> Settings:
        """The settings as entered, through the shared validation (SettingsInputError on a bad value)."""
        self.region_picker.commit_text()
        place = self.region_picker.place
        region = place.code if place is not None else self.region_picker.text()
        deadline = self.deadline_field.value()
        base = Settings(unit=ReportingUnit(self.original.unit.region_code, self.original.unit.region_name, ""),
                        deadline=self.original.deadline, report_day=self.original.report_day)
        return apply_settings_change(self.gaz, base, SettingsChange(
            region=region, office=self.office_edit.text(),
            deadline=deadline.isoformat() if deadline else "", report_day=str(self.report_day.value())))

    def _accept_if_valid(self) -> None:
        try:
            self._result = self._compute()
        except SettingsInputError as exc:
            QMessageBox.warning(self, "填报单位", f"{exc}。")
            self.region_picker.setFocus()
            return
        warning = office_mismatch(self.gaz, self._result.unit)
        if warning:
            yes, no = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No
            if QMessageBox.question(self, "单位名称与地区不符", f"{warning}。\n\n仍要保存吗？", yes | no, no) != yes:
                self.office_edit.setFocus()
                return
        from desktop.services.settings import address_problem

        problem = address_problem(self.recipient()) if self.recipient() else None
        if problem:
            QMessageBox.warning(self, "填报单位", f"{problem}。")
            self.recipient_edit.setFocus()
            return
        self.accept()

    def recipient(self) -> str:
        return self.recipient_edit.text().strip()

    def result_settings(self) -> Settings:
        return self._result if self._result is not None else self._compute()


def _stacked(field: QWidget, below: QWidget) -> QWidget:
    """A field with its line below (the region picked, a warning), as one form row."""
    box = QWidget()
    col = QVBoxLayout(box)
    col.setContentsMargins(0, 0, 0, 0)
    col.setSpacing(2)
    col.addWidget(field)
    col.addWidget(below)
    below.hide()
    return box
