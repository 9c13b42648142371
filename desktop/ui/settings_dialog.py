"""设置 → 填报单位: the reporting unit (a city or county of the gazetteer), office name, the roster
deadline and the day of the month the 月报 is due."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..domain.gazetteer import Gazetteer, Place
from ..domain.model import ReportingUnit, Settings
from ..domain.names import clean_text
from ..domain.text_rules import LIMITS
from .date_field import DateField
from .picker import PlacePicker
from .theme import set_role


class SettingsDialog(QDialog):
    """Edit a copy of the settings; ``result_settings()`` after ``exec()`` returned Accepted."""

    def __init__(self, settings: Settings, gaz: Gazetteer, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("填报单位")
        self.gaz = gaz
        regions = gaz.cities + gaz.counties
        self.region_picker = PlacePicker(gaz, lambda: (regions, []), self._context)
        self.region_picker.setPlaceholderText("市（州）或县（市、区），可输入拼音首字母，如 lz")
        self.region_picker.set_value(settings.unit.region_name, gaz.get(settings.unit.region_code))
        self.region_picker.setMinimumWidth(320)
        self.office_edit = QLineEdit(settings.unit.office)
        self.office_edit.setPlaceholderText("如：泸州市政务服务管理局")
        self.office_edit.setMaxLength(LIMITS["office"])
        self.deadline_field = DateField()
        self.deadline_field.set_value(settings.deadline)
        self.report_day = QSpinBox()
        self.report_day.setRange(0, 28)
        self.report_day.setSpecialValueText("默认（市 25 日，县 20 日）")
        self.report_day.setPrefix("每月 ")
        self.report_day.setSuffix(" 日")
        self.report_day.setValue(settings.report_day or 0)
        hint = QLabel("填报单位写在导出报表的“填报单位”一栏；截止日期可不填，填了则填报时间晚于它时提醒。"
                      "月报截止日：县（市、区）可设得比市里的 25 日更早，留出汇总时间。")
        set_role(hint, "role", "hint")
        hint.setWordWrap(True)
        form = QFormLayout()
        form.addRow("地区", self.region_picker)
        form.addRow("单位名称", self.office_edit)
        form.addRow("名单截止日期", self.deadline_field)
        form.addRow("月报截止日", self.report_day)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(buttons)

    def _context(self, place: Place) -> str:
        parent = self.gaz.parent(place)
        return parent.name if parent else ""

    def result_settings(self) -> Settings:
        self.region_picker.commit_text()
        place = self.region_picker.place
        name = self.region_picker.text().strip()
        if place is None and name:
            place = self.gaz.find("city", name) or self.gaz.find("county", name)
        unit = ReportingUnit(place.code if place else None, place.name if place else name,
                             clean_text(self.office_edit.text()))
        return Settings(unit=unit, deadline=self.deadline_field.value(), report_day=self.report_day.value() or None)
