"""Checks of every monthly report in a database, with the context each needs."""

from __future__ import annotations

from desktop.domain.findings import Finding
from desktop.domain.model import Roster, Settings
from desktop.domain.monthly.indicators import IndicatorSet
from desktop.domain.monthly.report import MonthlyReport
from desktop.domain.monthly.roster_link import roster_counts
from desktop.domain.monthly.rules import check_report, unanswered_warnings


def deadline_day(settings: Settings, indicators: IndicatorSet) -> int:
    if settings.report_day:
        return settings.report_day
    from desktop.domain.places.units import default_report_day, role_of

    return default_report_day(role_of(settings.unit), indicators.deadline_days)


def previous_of(report: MonthlyReport, reports: list[MonthlyReport]) -> MonthlyReport | None:
    """The unit's latest report before this one's month."""
    earlier = [r for r in reports if r.region == report.region and r.month < report.month]
    return max(earlier, key=lambda r: r.month) if earlier else None


def check_reports(reports: list[MonthlyReport], rosters: list[Roster], settings: Settings,
                  indicators: IndicatorSet) -> dict[int | None, list[Finding]]:
    """Findings per report id. The unit's own reports are checked against the roster's counts;
    reports imported from other offices (their counties) are checked without the roster link."""
    own = settings.region
    counts = roster_counts(rosters, settings.unit) if any(r.towns for r in rosters) else None
    day = deadline_day(settings, indicators)
    out: dict[int | None, list[Finding]] = {}
    for report in reports:
        pilot = counts if report.region == own else None
        out[report.id] = list(check_report(report, previous_of(report, reports), pilot, indicators, day))
    return out


def blocking(findings: list[Finding], report: MonthlyReport) -> list[Finding]:
    """What stops an export: errors, and warnings not yet answered with a 说明."""
    return [f for f in findings if f.is_error] + unanswered_warnings(findings, report)
