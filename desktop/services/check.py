"""Every finding of a database — the rosters', then each 月报's in month order — with the 说明
given for it; what ``python -m desktop check`` prints."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop.domain.findings import Finding

if TYPE_CHECKING:
    from desktop.domain.places.gazetteer import Gazetteer
    from desktop.store.database import Store


@dataclass(frozen=True)
class Checked:
    finding: Finding
    answer: str = ""  # the 说明 given for a warning ('' when none: unanswered, or an error)


def check_database(store: Store, gaz: Gazetteer) -> list[Checked]:
    from desktop.domain.monthly.all_checks import check_reports
    from desktop.domain.monthly.findings import answer_of
    from desktop.domain.monthly.indicators_file import load_indicators
    from desktop.domain.roster.rules import check_all

    rosters, settings = store.load_rosters(), store.settings()
    out = [Checked(f) for f in check_all(rosters, gaz, settings)]
    reports = store.reports()
    if reports:
        per_report = check_reports(reports, rosters, settings, load_indicators())
        for report in reports:
            for f in per_report[report.id]:
                out.append(Checked(f, answer_of(f, report)))
    return out
