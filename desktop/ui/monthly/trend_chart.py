"""The 趋势 chart, drawn with QPainter (no chart library): one indicator over the months, one series
per region in the colours of the exported workbook — a rate as lines with points, a figure as
clustered bars — with the months along the bottom (2021年4月), the values up the left, a legend
below (a click on an entry hides or shows that region) and the value under the mouse as a tooltip.

What it draws is exposed for tests and scripts without pixels: ``legend_entries()``,
``drawn_series()``, ``month_labels()``, ``y_ticks()`` and ``describe_at()``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QMouseEvent, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from desktop.domain.monthly.report import YearMonth
from desktop.domain.monthly.trend import LINE, Series, TrendLine, color_of, rate_floor

AXIS_COLOR = "#8c8c8c"
GRID_COLOR = "#e3e3e3"
HIDDEN_COLOR = "#c8c8c8"
TEXT_COLOR = "#333333"
EMPTY_TEXT = "还没有月报。填写或导入月报后，这里显示各月的趋势。"
NO_VALUES_TEXT = "所选单位在这些月份都没有填写此项。"
ALL_HIDDEN_TEXT = "各单位都已隐藏，单击下方图例重新显示。"


@dataclass(frozen=True)
class LegendEntry:
    region: str
    color: str  # #RRGGBB
    visible: bool
    own: bool

    @property
    def text(self) -> str:
        return f"{self.region}（本单位）" if self.own else self.region


def nice_ticks(low: float, high: float, count: int = 5, integer: bool = False) -> list[float]:
    """Round tick values from at or below ``low`` to at or above ``high`` (steps 1, 2, 2.5, 5 × 10ⁿ)."""
    low, high = min(low, 0.0), max(high, 0.0)
    if high - low <= 0:
        high = low + 1
    raw = (high - low) / max(count, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    if integer:
        step = max(1.0, math.ceil(step))
    first = math.floor(low / step) * step
    last = math.ceil(high / step) * step
    return [round(first + i * step, 10) for i in range(int(round((last - first) / step)) + 1)]


class TrendChart(QWidget):
    """Draws one :class:`TrendLine`; ``hidden_changed`` when a legend click hides or shows a region."""

    hidden_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.line: TrendLine | None = None
        self.months: tuple[YearMonth, ...] = ()
        self.hidden: set[str] = set()
        self._legend_rects: list[tuple[QRectF, str]] = []
        self._plot = QRectF()
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(360, 220)

    def sizeHint(self) -> QSize:
        return QSize(760, 420)

    # -- the data --------------------------------------------------------------------------------
    def set_line(self, line: TrendLine | None, months: tuple[YearMonth, ...]) -> None:
        self.line = line
        self.months = months
        self.update()

    def set_hidden(self, region: str, hidden: bool) -> None:
        (self.hidden.add if hidden else self.hidden.discard)(region)
        self.update()
        self.hidden_changed.emit()

    def legend_entries(self) -> list[LegendEntry]:
        if self.line is None:
            return []
        return [LegendEntry(s.region, f"#{color_of(i)}", s.region not in self.hidden, s.own)
                for i, s in enumerate(self.line.series)]

    def drawn_series(self) -> list[tuple[Series, str]]:
        """The series drawn, each with its colour: every region not hidden."""
        if self.line is None:
            return []
        return [(s, f"#{color_of(i)}") for i, s in enumerate(self.line.series) if s.region not in self.hidden]

    @property
    def kind(self) -> str:
        return self.line.chart if self.line is not None else ""

    def y_ticks(self) -> list[tuple[float, str]]:
        """The values marked on the left axis with their labels (0%…100% for a rate)."""
        line = self.line
        if line is None:
            return []
        values = [v for s, _c in self.drawn_series() for v in s.values if v is not None]
        if line.is_rate:  # up to 100%, from 0 or from just below the lowest rate (rate_floor)
            floor = round(rate_floor(values) * 100)
            step = next(step for step in (2, 5, 10, 20) if (100 - floor) / step <= 6)
            return [(v / 100, f"{v}%") for v in range(floor, 101, step)]
        ticks = nice_ticks(min(values, default=0.0), max(values, default=1.0), integer=line.decimals <= 0)
        return [(t, str(int(t)) if float(t).is_integer() else f"{t:.10g}") for t in ticks]

    def month_labels(self, width: float | None = None) -> list[str]:
        """The labels under the months: 2021年4月 each where they fit; else the month with the year
        below it on the first month and on January (4月\n2021年, 5月, …, 1月\n2022年), and only every
        second or third month when still too narrow."""
        if not self.months:
            return []
        if width is None:
            self._relayout()
            width = self._plot.width()
        slot = width / len(self.months)
        metrics = QFontMetricsF(self.font())
        full = [m.label for m in self.months]
        if slot <= 0 or max(metrics.horizontalAdvance(t) for t in full) + 6 <= slot:
            return full
        short = [f"{m.month}月\n{m.year}年" if i == 0 or m.month == 1 else f"{m.month}月"
                 for i, m in enumerate(self.months)]
        widest = max(metrics.horizontalAdvance(part) for t in short for part in t.split("\n")) + 6
        every = max(1, math.ceil(widest / slot))
        return [t if i % every == 0 or self.months[i].month == 1 else "" for i, t in enumerate(short)]

    # -- geometry --------------------------------------------------------------------------------
    def _layout(self) -> tuple[QRectF, list[tuple[QRectF, LegendEntry]]]:
        """The plot rectangle and the legend entries' rectangles for the current size."""
        metrics = QFontMetricsF(self.font())
        line_h = metrics.height()
        margin = 10.0
        width = self.width() - 2 * margin
        # legend rows, from the bottom
        entries: list[tuple[QRectF, LegendEntry]] = []
        x, rows = 0.0, 1
        sizes = []
        for entry in self.legend_entries():
            w = line_h + 6 + metrics.horizontalAdvance(entry.text) + 18
            if x > 0 and x + w > width:
                rows += 1
                x = 0.0
            sizes.append((x, rows - 1, w, entry))
            x += w
        legend_h = rows * (line_h + 4) if sizes else 0.0
        top_legend = self.height() - margin - legend_h
        row_width = {row: x0 + w for x0, row, w, _e in sizes}  # the last entry of a row ends it
        for x0, row, w, entry in sizes:
            indent = (width - row_width[row]) / 2  # each row centred
            entries.append((QRectF(margin + indent + x0, top_legend + row * (line_h + 4), w, line_h + 2), entry))
        ticks = self.y_ticks()
        left = margin + max((metrics.horizontalAdvance(t) for _v, t in ticks), default=0.0) + 8
        title_h = line_h * 1.4
        plot_width = self.width() - margin - left - 4
        labels = 2 if any("\n" in t for t in self.month_labels(plot_width)) else 1
        top = margin + title_h + line_h * 0.6
        plot = QRectF(left, top, plot_width, top_legend - line_h * (labels + 1.2) - top)
        return plot, entries

    def _relayout(self) -> list[tuple[QRectF, LegendEntry]]:
        self._plot, entries = self._layout()
        self._legend_rects = [(rect, e.region) for rect, e in entries]
        return entries

    def _x(self, index: int) -> tuple[float, float]:
        """The left edge and the width of a month's slot."""
        slot = self._plot.width() / max(len(self.months), 1)
        return self._plot.left() + index * slot, slot

    def _y(self, value: float, low: float, high: float) -> float:
        span = (high - low) or 1.0
        return self._plot.bottom() - (value - low) / span * self._plot.height()

    # -- painting --------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().base())
        line = self.line
        if line is None or not self.months:
            painter.setPen(QColor(TEXT_COLOR))
            painter.drawText(QRectF(self.rect()), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, EMPTY_TEXT)
            return
        entries = self._relayout()
        metrics = QFontMetricsF(self.font())
        title_font = QFont(self.font())
        title_font.setBold(True)
        painter.setFont(title_font)
        painter.setPen(QColor(TEXT_COLOR))
        painter.drawText(QRectF(0, 8, self.width(), metrics.height() * 1.4), Qt.AlignmentFlag.AlignCenter, line.title)
        painter.setFont(self.font())
        ticks = self.y_ticks()
        low, high = ticks[0][0], ticks[-1][0]
        plot = self._plot
        for value, text in ticks:
            y = self._y(value, low, high)
            painter.setPen(QPen(QColor(GRID_COLOR), 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(QColor(TEXT_COLOR))
            painter.drawText(QRectF(0, y - metrics.height() / 2, plot.left() - 6, metrics.height()),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, text)
        painter.setPen(QPen(QColor(AXIS_COLOR), 1))
        painter.drawLine(QPointF(plot.left(), plot.bottom()), QPointF(plot.right(), plot.bottom()))
        painter.drawLine(QPointF(plot.left(), plot.top()), QPointF(plot.left(), plot.bottom()))
        painter.setPen(QColor(TEXT_COLOR))
        for i, text in enumerate(self.month_labels()):
            x, slot = self._x(i)
            painter.drawText(QRectF(x - slot, plot.bottom() + 4, 3 * slot, metrics.height() * 2),
                             Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, text)
        drawn = self.drawn_series()
        if not any(s.present for s, _c in drawn):
            painter.drawText(plot, Qt.AlignmentFlag.AlignCenter, NO_VALUES_TEXT if drawn else ALL_HIDDEN_TEXT)
        elif line.chart == LINE:
            self._draw_lines(painter, drawn, low, high)
        else:
            self._draw_bars(painter, drawn, low, high)
        self._draw_legend(painter, entries)

    def _draw_bars(self, painter: QPainter, drawn: list[tuple[Series, str]], low: float, high: float) -> None:
        zero = self._y(max(low, 0.0), low, high)
        for i in range(len(self.months)):
            x, slot = self._x(i)
            bar = slot * 0.8 / max(len(drawn), 1)
            for j, (series, color) in enumerate(drawn):
                value = series.values[i]
                if value is None:
                    continue
                y = self._y(value, low, high)
                painter.fillRect(QRectF(x + slot * 0.1 + j * bar, min(y, zero), max(bar - 1, 1), abs(zero - y)),
                                 QColor(color))

    def _draw_lines(self, painter: QPainter, drawn: list[tuple[Series, str]], low: float, high: float) -> None:
        for series, color in drawn:
            path = QPainterPath()
            points: list[QPointF] = []
            pen_down = False
            for i, value in enumerate(series.values):
                if value is None:
                    pen_down = False  # a month without a figure is a gap
                    continue
                x, slot = self._x(i)
                point = QPointF(x + slot / 2, self._y(value, low, high))
                path.lineTo(point) if pen_down else path.moveTo(point)
                pen_down = True
                points.append(point)
            painter.setPen(QPen(QColor(color), 3 if series.own else 2))  # the own unit stands out
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(path)
            painter.setBrush(QColor(color))
            for point in points:
                painter.drawEllipse(point, 3.5, 3.5)
        painter.setBrush(Qt.BrushStyle.NoBrush)

    def _draw_legend(self, painter: QPainter, entries: list[tuple[QRectF, LegendEntry]]) -> None:
        for rect, entry in entries:
            swatch = QRectF(rect.left(), rect.top() + 3, rect.height() - 6, rect.height() - 6)
            painter.fillRect(swatch, QColor(entry.color if entry.visible else HIDDEN_COLOR))
            font = QFont(self.font())
            font.setBold(entry.own)
            font.setStrikeOut(not entry.visible)
            painter.setFont(font)
            painter.setPen(QColor(TEXT_COLOR if entry.visible else HIDDEN_COLOR))
            painter.drawText(QRectF(swatch.right() + 6, rect.top(), rect.width(), rect.height()),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, entry.text)
        painter.setFont(self.font())

    # -- the mouse -------------------------------------------------------------------------------
    def legend_region_at(self, pos: QPointF) -> str | None:
        self._relayout()
        return next((region for rect, region in self._legend_rects if rect.contains(pos)), None)

    def describe_at(self, pos: QPointF) -> str:
        """泸县 2021年4月：12 个 — the value under ``pos`` (the bar, or the nearest point of the month)."""
        line = self.line
        if line is None or not self.months:
            return ""
        self._relayout()
        if not self._plot.contains(pos):
            return ""
        slot = self._plot.width() / len(self.months)
        index = min(int((pos.x() - self._plot.left()) / slot), len(self.months) - 1)
        drawn = [(s, c) for s, c in self.drawn_series() if s.values[index] is not None]
        if not drawn:
            return f"{self.months[index].label}：没有数字"
        if line.chart == LINE:
            ticks = self.y_ticks()
            low, high = ticks[0][0], ticks[-1][0]
            series = min(drawn, key=lambda sc: abs(self._y(sc[0].values[index] or 0.0, low, high) - pos.y()))[0]
        else:
            visible = self.drawn_series()
            bar = slot * 0.8 / max(len(visible), 1)
            j = int((pos.x() - self._plot.left() - index * slot - slot * 0.1) // bar)
            if not 0 <= j < len(visible) or visible[j][0].values[index] is None:
                return "\n".join(self._value_text(s, index) for s, _c in drawn)
            series = visible[j][0]
        return self._value_text(series, index)

    def _value_text(self, series: Series, index: int) -> str:
        line = self.line
        assert line is not None
        unit = "" if line.is_rate else line.measure_unit
        return f"{series.region} {self.months[index].label}：{line.format(series.values[index])}{unit and ' ' + unit}"

    def mousePressEvent(self, e: QMouseEvent) -> None:
        region = self.legend_region_at(e.position())
        if region is not None and e.button() == Qt.MouseButton.LeftButton:
            self.set_hidden(region, region not in self.hidden)
            return
        super().mousePressEvent(e)

    def mouseMoveEvent(self, e: QMouseEvent) -> None:
        pos = e.position()
        if self.legend_region_at(pos) is not None:
            self.setCursor(Qt.CursorShape.PointingHandCursor)
            text = "单击隐藏或显示这个单位"
        else:
            self.unsetCursor()
            text = self.describe_at(pos)
        if text:
            QToolTip.showText(e.globalPosition().toPoint(), text, self)
        else:
            QToolTip.hideText()
        super().mouseMoveEvent(e)
