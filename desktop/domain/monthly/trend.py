"""趋势: every 月报 indicator and rate over the months, for the own unit and each subordinate unit.

A :class:`Trend` holds the months (consecutive, a month without any report included so that a gap
shows as a gap) and one :class:`TrendLine` per indicator of the file (in the order of its tasks)
and per computed rate. Each line has one :class:`Series` per region: the own region first, then
the other regions whose reports are stored (a city's counties), in the order the caller gives.
A rate is drawn as a line (its values are shares: 0.85 = 85%), everything else as bars.

The window (ui/monthly/trend_chart.py) and the 趋势 sheet of the exported workbook
(exchange/monthly/trend_sheet.py) both draw from it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from desktop.domain.monthly.indicators import IndicatorSet
from desktop.domain.monthly.rates import compute_rate, format_rate
from desktop.domain.monthly.report import MonthlyReport, YearMonth

LINE, BAR = "line", "bar"
RATE_UNIT = "%"
MAX_MONTHS = 12  # the export's 趋势 sheet: the last year up to the exported month
# The colour of each region's series (RRGGBB), alike in the window and in the workbook: the own
# region first (dark blue), then the subordinate units in order; more regions reuse the colours.
PALETTE: tuple[str, ...] = ("1F5FA8", "E8743B", "19A979", "D64550", "945ECF", "13A4B4", "C9A100", "6C8893",
                            "EE6FA8", "7A9A01", "A0522D", "2F4B7C")


def color_of(index: int) -> str:
    """The colour of the ``index``-th series (0 = the own region)."""
    return PALETTE[index % len(PALETTE)]


@dataclass(frozen=True)
class Series:
    """One region's values of one indicator, aligned with :attr:`Trend.months` (None: no figure)."""

    region: str
    values: tuple[float | None, ...]
    own: bool = False

    @property
    def present(self) -> int:
        """How many months have a figure."""
        return sum(v is not None for v in self.values)


@dataclass(frozen=True)
class TrendLine:
    """One indicator or rate: its series per region, drawn as ``chart`` (LINE for rates, else BAR)."""

    code: str
    label: str
    measure_unit: str  # 个, 件, 平方米; % for a rate
    task: str
    is_rate: bool
    decimals: int
    series: tuple[Series, ...]

    @property
    def chart(self) -> str:
        return LINE if self.is_rate else BAR

    @property
    def title(self) -> str:
        """受理件数（件）, 按期办结率（%） — a chart's title and a table's first cell."""
        return f"{self.label}（{self.measure_unit}）" if self.measure_unit else self.label

    def format(self, value: float | None) -> str:
        """85.3% for a rate, 1200 or 186.5 for a figure; "" for None."""
        if value is None:
            return ""
        if self.is_rate:
            return format_rate(value, self.decimals)
        if self.decimals <= 0 and float(value).is_integer():
            return str(int(value))
        return f"{value:.{max(self.decimals, 0)}f}"

    def of(self, region: str) -> Series:
        for series in self.series:
            if series.region == region:
                return series
        raise KeyError(region)

    @property
    def has_values(self) -> bool:
        return any(s.present for s in self.series)

    def values(self) -> list[float]:
        """Every value of every series."""
        return [v for s in self.series for v in s.values if v is not None]

    def extent(self) -> tuple[float, float]:
        """The smallest and largest value of every series (0, 0 when there is none)."""
        values = self.values()
        return (min(values), max(values)) if values else (0.0, 0.0)


@dataclass(frozen=True)
class Trend:
    months: tuple[YearMonth, ...]
    own_region: str
    regions: tuple[str, ...]  # the own region first (when it has a report), then the others
    lines: tuple[TrendLine, ...]

    def line(self, code: str) -> TrendLine:
        for line in self.lines:
            if line.code == code:
                return line
        raise KeyError(code)

    @property
    def month_labels(self) -> tuple[str, ...]:
        """2021年4月, 2021年5月, …"""
        return tuple(m.label for m in self.months)

    @property
    def worth_showing(self) -> bool:
        """More than one month, or more than one region: something to compare."""
        return bool(self.months) and (len(self.months) > 1 or len(self.regions) > 1)


def rate_floor(values: Iterable[float | None]) -> float:
    """The bottom of a rate's axis (the top is 100%): 0, or when every value is 50% or more the tenth
    below the lowest (a lowest of 92.5% → 90%), so that rates all near 100% still show their course."""
    present = [v for v in values if v is not None]
    if not present or min(present) < 0.5:
        return 0.0
    return math.floor(min(present) * 10 - 1e-9) / 10


def month_range(first: YearMonth, last: YearMonth) -> tuple[YearMonth, ...]:
    """Every month from ``first`` to ``last``, both included (empty when last < first)."""
    return first.until(last)


def build_trend(reports: Iterable[MonthlyReport], own_region: str, indicators: IndicatorSet, *,
                until: YearMonth | None = None, last: int | None = None,
                order: Iterable[str] | None = None) -> Trend:
    """The course of every indicator and rate over the months of ``reports``.

    ``until`` leaves out later months (the export of April shows no May); ``last`` keeps only the
    last so many months; ``order`` lists the other regions in the order to show them (regions it
    does not name follow in the order of their first report). The months run from the first month
    with a report to ``until`` (or the last month with one), gaps included.
    """
    kept = [r for r in reports if until is None or r.month <= until]
    if not kept:
        return Trend((), own_region, (), ())
    end = until if until is not None else max(r.month for r in kept)
    start = min(r.month for r in kept)
    if last is not None and last > 0:
        start = max(start, end.add(1 - last))
    months = month_range(start, end)
    by_key = {(r.region, r.month): r for r in kept if start <= r.month}
    present = list(dict.fromkeys(r.region for r in sorted(kept, key=lambda r: r.month) if start <= r.month))
    others = [region for region in (order or ()) if region in present and region != own_region]
    others += [region for region in present if region not in others and region != own_region]
    regions = ([own_region] if own_region in present else []) + others

    def series(region: str, value) -> Series:
        values = tuple(value(by_key[(region, m)]) if (region, m) in by_key else None for m in months)
        return Series(region, values, region == own_region)

    lines: list[TrendLine] = []
    for task in indicators.tasks:
        for ind in indicators.by_task(task.code):
            lines.append(TrendLine(ind.code, ind.label, ind.measure_unit, ind.task, False, ind.decimals,
                                   tuple(series(region, lambda r, c=ind.code: r.value(c)) for region in regions)))
    for rate in indicators.rates:
        lines.append(TrendLine(rate.code, rate.label, RATE_UNIT, rate.task, True, rate.decimals,
                               tuple(series(region, lambda r, rt=rate: compute_rate(r, rt)) for region in regions)))
    return Trend(months, own_region, tuple(regions), tuple(lines))

