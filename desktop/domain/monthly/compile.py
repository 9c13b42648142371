"""A city's report compiled from its counties, and a new month's report carried forward."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from desktop.domain.monthly.indicators import FLOW, Indicator, IndicatorSet
from desktop.domain.monthly.report import MonthlyReport, RosterCounts, YearMonth

if TYPE_CHECKING:
    from desktop.domain.model import ReportingUnit
    from desktop.domain.places.gazetteer import Gazetteer
    from desktop.domain.places.subordinates import Subordinate


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
    return compile_report(region, month, reports, indicators)[0]


def compile_report(region: str, month: YearMonth, reports: list[MonthlyReport], indicators: IndicatorSet
                   ) -> tuple[MonthlyReport, dict[str, list[str]]]:
    """What ``sum_reports`` returns (with the same checks), and per section the units whose text was
    left out (``compile_texts``)."""
    seen: set[str] = set()
    for r in reports:
        if r.month != month:
            raise ValueError(f"{r.region}的月报是{r.month.label}的，不能汇总到{month.label}")
        if r.region in seen:
            raise ValueError(f"{r.region}有两份{month.label}月报，每个填报单位每月只能有一份")
        seen.add(r.region)
    values = {ind.code: _aggregate(ind, reports) for ind in indicators.indicators}
    texts, left_out = compile_texts(reports, indicators)
    return MonthlyReport(region, month, values=values, texts=texts), left_out


_LEFT_OUT = "（{names}的这部分文字因合计超过 {limit} 字未汇入，请查看其月报后自行整理）"


def compile_texts(reports: list[MonthlyReport], indicators: IndicatorSet
                  ) -> tuple[dict[str, str], dict[str, list[str]]]:
    """Each section's texts of ``reports``, one paragraph per unit prefixed with its name; and, per
    section, the units whose paragraphs were left out because the whole would pass the section's limit
    (text_rules.LIMITS["section"]): a closing line names them, so nothing is cut mid-paragraph and
    the compiled text can always be stored."""
    from desktop.domain.text_rules import LIMITS, text_length

    limit = LIMITS["section"]
    texts: dict[str, str] = {}
    left_out: dict[str, list[str]] = {}
    for section in indicators.sections:
        parts = [(r.region, f"{r.region}：{r.text(section.code).strip()}") for r in reports
                 if r.text(section.code).strip()]
        if not parts:
            continue
        whole = "\n".join(part for _r, part in parts)
        if text_length(whole, "section") <= limit:
            texts[section.code] = whole
            continue
        worst = _LEFT_OUT.format(names="、".join(region for region, _p in parts), limit=limit)
        budget = limit - text_length(worst, "section")  # room for the closing line, whoever it names
        kept: list[str] = []
        names: list[str] = []
        used = 0
        for region, part in parts:
            size = text_length(part, "section")
            if not names and used + size <= budget:
                kept.append(part)
                used += size
            else:
                names.append(region)
        if names:
            kept.append(_LEFT_OUT.format(names="、".join(names), limit=limit))
            left_out[section.code] = names
        texts[section.code] = "\n".join(kept)
    return texts, left_out


@dataclass
class CompileSources:
    """Which reports of a month a unit compiles: its direct subordinates' only (the province its
    cities, a city its counties), never a report that another one already holds."""

    used: list[MonthlyReport] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # direct subordinates without a report of the month
    covered: list[tuple[str, str, bool]] = field(default_factory=list)  # (region, its holder, holder's report held)
    outside: list[str] = field(default_factory=list)  # regions that are not below the unit

    def notes(self, word: str) -> list[str]:
        """What is not added, one line each (``word``: 县（市、区） or 市（州）)."""
        out = []
        for region, holder, held in self.covered:
            if held:
                out.append(f"{region}的月报已含在{holder}的月报中，同时出现在两级，不重复计入")
            else:
                out.append(f"{region}是{holder}下属单位，不直接计入；请导入{holder}的月报")
        out += [f"{region}不是本单位下属的{word}，不计入" for region in self.outside]
        return out


def compile_sources(gaz: Gazetteer, unit: ReportingUnit, subs: list[Subordinate],
                    reports: list[MonthlyReport]) -> CompileSources:
    """Split the month's reports held (other than the unit's own) into the direct subordinates' (to
    compile), those of units further down (held in a subordinate's report: a county's at the province),
    and those of units outside. Without subordinates known (no unit set) every report is used."""
    from desktop.domain.names import compact
    from desktop.domain.places.subordinates import holder_of

    own = compact(unit.region)
    others = [r for r in reports if compact(r.region) != own]
    if not subs:
        return CompileSources(used=others)
    by_name = {s.name: s for s in subs}
    out = CompileSources()
    held = {compact(r.region) for r in others}
    for report in others:
        if compact(report.region) in by_name:
            out.used.append(report)
            continue
        holder = holder_of(gaz, unit, subs, report.region)
        if holder is None:
            out.outside.append(report.region)
        else:
            out.covered.append((report.region, holder.name, holder.name in held))
    out.used.sort(key=lambda r: list(by_name).index(compact(r.region)))
    out.missing = [s.name for s in subs if s.name not in held]
    return out


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
