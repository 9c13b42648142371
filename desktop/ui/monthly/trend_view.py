"""趋势: pick an indicator of the 月报 and see it over the months, for the own unit and each
subordinate unit whose reports are stored (a city's counties), drawn by trend_chart.TrendChart."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.domain.monthly.trend import Trend, build_trend
from desktop.store.database import Store
from desktop.ui.common.theme import set_role
from desktop.ui.monthly.board_model import board_regions
from desktop.ui.monthly.common import Context, numeral
from desktop.ui.monthly.trend_chart import TrendChart

RATES_GROUP = "比率"
SPANS: tuple[tuple[str, int | None], ...] = (("最近 12 个月", 12), ("最近 24 个月", 24), ("全部月份", None))
HINT = "比率画成折线，其余指标画成柱形。单击图例可隐藏或显示一个单位；鼠标停在柱或点上显示数值。"


class TrendView(QWidget):
    """``back_requested`` when the user goes back to the board."""

    back_requested = Signal()

    def __init__(self, store: Store, context: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.context = context
        self.trend = Trend((), "", (), ())

        self.back_button = QPushButton("← 月报总览")
        self.back_button.setToolTip("回到月报总览（Alt+←）")
        self.back_button.clicked.connect(self.back_requested)
        title = QLabel("各月趋势")
        font = QFont(title.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        title.setFont(font)
        self.indicator_combo = QComboBox()
        self.indicator_combo.setToolTip("选择要查看的指标（↑↓ 换一项）")
        self.indicator_combo.setModel(self._indicator_model())
        self.indicator_combo.setMaxVisibleItems(20)
        self.indicator_combo.currentIndexChanged.connect(lambda _i: self._show_line())
        self.span_combo = QComboBox()
        for text, months in SPANS:
            self.span_combo.addItem(text, months)
        self.span_combo.setToolTip("显示多少个月")
        self.span_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        indicator_label = QLabel("指标")
        indicator_label.setBuddy(self.indicator_combo)
        hint = QLabel(HINT)
        set_role(hint, "role", "hint")
        hint.setWordWrap(True)
        self.chart = TrendChart()

        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addWidget(title)
        top.addSpacing(12)
        top.addWidget(indicator_label)
        top.addWidget(self.indicator_combo, 1)
        top.addWidget(self.span_combo)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(hint)
        layout.addWidget(self.chart, 1)
        self.select(self.context.indicators.indicators[0].code if self.context.indicators.indicators else "")

    def _indicator_model(self) -> QStandardItemModel:
        """The indicators under their tasks' headings, then the rates; headings cannot be picked."""
        indicators = self.context.indicators
        model = QStandardItemModel(self)

        def heading(text: str) -> None:
            item = QStandardItem(text)
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            font = item.font()
            font.setBold(True)
            item.setFont(font)
            model.appendRow(item)

        def entry(code: str, label: str) -> None:
            item = QStandardItem(f"　{label}")
            item.setData(code, Qt.ItemDataRole.UserRole)
            model.appendRow(item)

        for index, task in enumerate(indicators.tasks, start=1):
            heading(f"（{numeral(index)}）{task.label}")
            for ind in indicators.by_task(task.code):
                entry(ind.code, f"{ind.label}（{ind.measure_unit}）")
        if indicators.rates:
            heading(RATES_GROUP)
            for rate in indicators.rates:
                entry(rate.code, f"{rate.label}（%）")
        return model

    # -- state -----------------------------------------------------------------------------------
    @property
    def code(self) -> str:
        return self.indicator_combo.currentData(Qt.ItemDataRole.UserRole) or ""

    def codes(self) -> list[str]:
        """Every indicator and rate the picker offers, in its order."""
        combo = self.indicator_combo
        return [c for i in range(combo.count()) if (c := combo.itemData(i, Qt.ItemDataRole.UserRole))]

    def select(self, code: str) -> bool:
        index = self.indicator_combo.findData(code, Qt.ItemDataRole.UserRole)
        if index < 0:
            return False
        self.indicator_combo.setCurrentIndex(index)
        self._show_line()
        return True

    def refresh(self) -> None:
        """Read the reports again and redraw the chosen indicator."""
        reports = self.store.reports()
        own = self.context.own_region
        from desktop.services.export import trend_order

        # the board's columns: the direct subordinates, as an export's 趋势 sheet has them
        order = board_regions(own, reports, trend_order(self.context.settings, reports))[1:]
        shown = {own, *order}
        self.trend = build_trend([r for r in reports if r.region in shown], own, self.context.indicators,
                                 last=self.span_combo.currentData(), order=order)
        self._show_line()

    def _show_line(self) -> None:
        code = self.code
        try:
            line = self.trend.line(code) if code else None
        except KeyError:
            line = None
        self.chart.set_line(line, self.trend.months)
