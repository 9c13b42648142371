"""Findings of the monthly report: the shared Finding plus a stable ``key``.

Warnings must be answered with a short 说明 before export; the answer is stored in
``MonthlyReport.explanations`` under the warning's key (e.g. "drop:pilot_towns_done"), so the key
must not change when the message's numbers do.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop.domain.findings import Finding, Location, Severity

if TYPE_CHECKING:
    from desktop.domain.monthly.report import MonthlyReport


@dataclass(frozen=True)
class MonthlyFinding(Finding):
    """A :class:`Finding` (usable wherever one is) that also carries its stable key."""

    key: str = ""


def monthly_error(key: str, field: str | None, message: str) -> MonthlyFinding:
    return MonthlyFinding(Severity.ERROR, Location(field=field), message, key)


def monthly_warning(key: str, field: str | None, message: str) -> MonthlyFinding:
    return MonthlyFinding(Severity.WARNING, Location(field=field), message, key)


def finding_key(finding: Finding) -> str:
    """The key of a monthly finding; '' for a plain Finding."""
    return getattr(finding, "key", "") or ""


def answer_of(finding: Finding, report: MonthlyReport) -> str:
    """The 说明 stored for a warning in ``report`` ('' for an error, or a warning not yet answered)."""
    key = finding_key(finding)
    if finding.severity is not Severity.WARNING or not key:
        return ""
    return (report.explanations.get(key) or "").strip()
