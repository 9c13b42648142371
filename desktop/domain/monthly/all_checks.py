"""Checks of every monthly report in a database, with the context each needs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop.domain.findings import Finding
from desktop.domain.model import Roster, Settings
from desktop.domain.monthly.findings import monthly_warning
from desktop.domain.monthly.indicators import IndicatorSet
from desktop.domain.monthly.report import MonthlyReport
from desktop.domain.monthly.roster_link import roster_counts
from desktop.domain.monthly.rules import check_report, unanswered_warnings

if TYPE_CHECKING:
    from desktop.domain.places.gazetteer import Gazetteer


def deadline_day(settings: Settings, indicators: IndicatorSet) -> int:
    if settings.report_day:
        return settings.report_day
    from desktop.domain.places.units import default_report_day, role_of

    return default_report_day(role_of(settings.unit), indicators.deadline_days)


def region_day(gaz: Gazetteer, region: str, settings: Settings, indicators: IndicatorSet) -> int:
    """The deadline day of a region's reports: the unit's own day for its own; another region's the
    day of its own level (a county's 20th, a city's 25th), whatever this database's unit is."""
    from desktop.domain.places.subordinates import region_role
    from desktop.domain.places.units import Role, default_report_day, role_of

    if region == settings.region:
        return deadline_day(settings, indicators)
    role = region_role(gaz, region)
    if role is Role.NONE:  # an office's name: one level below ours
        from desktop.domain.places.subordinates import subordinate_role

        role = subordinate_role(role_of(settings.unit)) or Role.COUNTY
    return default_report_day(role, indicators.deadline_days)


def previous_of(report: MonthlyReport, reports: list[MonthlyReport]) -> MonthlyReport | None:
    """The unit's latest report before this one's month."""
    earlier = [r for r in reports if r.region == report.region and r.month < report.month]
    return max(earlier, key=lambda r: r.month) if earlier else None


def check_reports(reports: list[MonthlyReport], rosters: list[Roster], settings: Settings,
                  indicators: IndicatorSet, gaz: Gazetteer | None = None) -> dict[int | None, list[Finding]]:
    """Findings per report id. The unit's own reports are checked against the roster's counts and its
    own deadline; reports imported from other offices (their counties, or cities) are checked without
    the roster link, against their own level's deadline, and their messages name their unit. An own
    report whose summed figures differ from the sum of all its direct subordinates' reports of the
    month is warned (figures counted twice, or left out)."""
    own = settings.region
    counts = roster_counts(rosters, settings.unit) if any(r.towns for r in rosters) else None
    day = deadline_day(settings, indicators)
    others = any(r.region != own for r in reports)
    if others and gaz is None:
        from desktop.domain.places.gazetteer import load_gazetteer

        gaz = load_gazetteer()
    out: dict[int | None, list[Finding]] = {}
    for report in reports:
        if report.region == own:
            found: list[Finding] = list(check_report(report, previous_of(report, reports), counts, indicators, day))
            if others and gaz is not None:
                found += compiled_mismatch(gaz, report, reports, settings, indicators)
        else:
            assert gaz is not None
            found = list(check_report(report, previous_of(report, reports), None, indicators,
                                      region_day(gaz, report.region, settings, indicators),
                                      region_label=report.region))
        out[report.id] = found
    return out


def compiled_mismatch(gaz: Gazetteer, report: MonthlyReport, reports: list[MonthlyReport], settings: Settings,
                      indicators: IndicatorSet) -> list[Finding]:
    """Warnings for the unit's own report when every direct subordinate's report of the month is held
    and a summed figure differs from their sum (the 受理件数 of a city counted twice at the province)."""
    from desktop.domain.monthly.compile import compile_sources
    from desktop.domain.places.subordinates import subordinate_word, subordinates
    from desktop.domain.places.units import Role, role_of

    role = role_of(settings.unit)
    if role not in (Role.PROVINCE, Role.CITY):  # a county's towns are only those that send: never all known
        return []
    month = [r for r in reports if r.month == report.month]
    subs = subordinates(gaz, settings.unit)
    sources = compile_sources(gaz, settings.unit, subs, month)
    if not subs or sources.missing or not sources.used:
        return []
    word = subordinate_word(role)
    out: list[Finding] = []
    for ind in indicators.indicators:
        mine = report.value(ind.code)
        theirs = [r.value(ind.code) for r in sources.used]
        if ind.aggregate != "sum" or mine is None or any(v is None for v in theirs):
            continue
        total = sum(v for v in theirs if v is not None)
        if abs(mine - total) > 1e-6:
            out.append(monthly_warning(
                f"compiled:{ind.code}", ind.code,
                f"{report.title} {indicators.task_label(ind.task)} · {ind.name}（{_num(mine)}）与 {len(theirs)} 个"
                f"{word}月报之和（{_num(total)}）不一致：可能重复计入或漏计，请重新汇总，或核对后填写说明"))
    return out


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def blocking(findings: list[Finding], report: MonthlyReport) -> list[Finding]:
    """What stops an export: errors, and warnings not yet answered with a 说明."""
    return [f for f in findings if f.is_error] + unanswered_warnings(findings, report)
