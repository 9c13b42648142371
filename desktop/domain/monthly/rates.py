"""Rates the app computes from the report's figures (never typed): 建设完成率, 按期办结率, …"""

from __future__ import annotations

from desktop.domain.monthly.indicators import IndicatorSet, Rate
from desktop.domain.monthly.report import MonthlyReport

EMPTY_RATE = "—"


def _side(report: MonthlyReport, terms: tuple[tuple[int, str], ...]) -> float | None:
    total = 0.0
    for sign, code in terms:
        value = report.value(code)
        if value is None:
            return None
        total += sign * value
    return total


def compute_rate(report: MonthlyReport, rate: Rate) -> float | None:
    """numerator ÷ denominator as a fraction (0.85 = 85%); None when a figure is missing or the
    denominator is 0 (shown as “—”, never an error). Every rate is a share, so a result above
    100% or below 0 only comes from figures that contradict each other (the checks flag those):
    it is None too, never a misleading 150%."""
    numerator = _side(report, rate.numerator)
    denominator = _side(report, rate.denominator)
    if numerator is None or denominator is None or denominator == 0:
        return None
    share = numerator / denominator
    return share if -1e-9 <= share <= 1 + 1e-9 else None


def compute_rates(report: MonthlyReport, indicators: IndicatorSet) -> dict[str, float | None]:
    """Every declared rate by code, in the file's order."""
    return {rate.code: compute_rate(report, rate) for rate in indicators.rates}


def format_rate(value: float | None, decimals: int = 1) -> str:
    """0.8534 → 85.3%; None → —."""
    if value is None:
        return EMPTY_RATE
    return f"{value * 100:.{decimals}f}%"
