"""A city's report compiled from its counties, and a new month's report carried forward."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from desktop.domain.monthly.indicators import FLOW, Indicator, IndicatorSet
from desktop.domain.monthly.report import MonthlyReport, RosterCounts, YearMonth


def _rounded(ind: Indicator, value: float) -> int | float:
    """四舍五入 to the indicator's decimals (Python's round() would round halves to even)."""
    step = Decimal(1).scaleb(-max(ind.decimals, 0))
    exact = Decimal(repr(value)).quantize(step, rounding=ROUND_HALF_UP)
    return int(exact) if ind.is_integer else float(exact)


def _aggregate(ind: Indicator, reports: list[MonthlyReport]) -> int | float | None:
    present = [(r, v) for r in reports if (v := r.value(ind.code)) is not None]
    if not present:
        return None
    values = [v for _r, v in present]
    if ind.aggregate == "sum":
        return _rounded(ind, sum(values))
    if ind.weight is not None:
        pairs = [(v, r.value(ind.weight)) for r, v in present]
        weights = [w for _v, w in pairs if w is not None and w >= 0]
        if len(weights) == len(pairs) and sum(weights) > 0:
            return _rounded(ind, sum(v * w for v, w in pairs if w is not None) / sum(weights))
    return _rounded(ind, sum(values) / len(values))


def sum_reports(region: str, month: YearMonth, reports: list[MonthlyReport],
                indicators: IndicatorSet) -> MonthlyReport:
    """The city's report prefilled from its counties' reports of the same month.

    Each indicator is compiled as declared: ``sum`` adds the counties' figures, ``mean`` averages
    them, weighted by ``weight`` (e.g. 平均大厅面积 by 试点乡镇数) when every county has a weight and
    they are not all 0, else a plain mean; rounded to the declared decimals. Counties that left a
    figure empty are skipped (None only when all are empty). Rates are not stored: compute_rates
    recomputes them from the compiled figures. Each section is prefilled with the counties' texts,
    one paragraph each, prefixed with the county's name. The header is left for the city to fill.
    Raises ValueError for a report of another month or two reports of one region.
    """
    seen: set[str] = set()
    for r in reports:
        if r.month != month:
            raise ValueError(f"{r.region}的月报是{r.month.label}的，不能汇总到{month.label}")
        if r.region in seen:
            raise ValueError(f"{r.region}有两份{month.label}月报，每个填报单位每月只能有一份")
        seen.add(r.region)
    values = {ind.code: _aggregate(ind, reports) for ind in indicators.indicators}
    texts: dict[str, str] = {}
    for section in indicators.sections:
        parts = [f"{r.region}：{r.text(section.code).strip()}" for r in reports if r.text(section.code).strip()]
        if parts:
            texts[section.code] = "\n".join(parts)
    return MonthlyReport(region, month, values=values, texts=texts)


def start_report(region: str, month: YearMonth, indicators: IndicatorSet, previous: MonthlyReport | None = None,
                 roster: RosterCounts | None = None) -> MonthlyReport:
    """A new month's draft: 累计 and 存量 figures and the header's people carried over from
    ``previous``, 当月 figures empty, roster-linked counts from ``roster``, texts empty."""
    report = MonthlyReport(region, month)
    if previous is not None:
        report.reporter, report.phone, report.reviewer = previous.reporter, previous.phone, previous.reviewer
    for ind in indicators.indicators:
        value = None
        if previous is not None and ind.kind != FLOW:
            value = previous.value(ind.code)
        if roster is not None and ind.roster is not None:
            value = roster.get(ind.roster)
        report.values[ind.code] = value
    return report
