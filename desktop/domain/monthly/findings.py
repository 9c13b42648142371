"""Findings of the monthly report: the shared Finding plus a stable ``key``.

Warnings must be answered with a short 说明 before export; the answer is stored in
``MonthlyReport.explanations`` under the warning's key (e.g. "drop:pilot_towns_done"), so the key
must not change when the message's numbers do.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.domain.findings import Finding, Location, Severity


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
