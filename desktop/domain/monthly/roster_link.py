"""The roster's pilot counts for a reporting unit (试点乡镇数 / 试点村数 default to them)."""

from __future__ import annotations

from desktop.domain.model import ReportingUnit, Roster
from desktop.domain.monthly.report import RosterCounts
from desktop.domain.names import compact


def roster_counts(rosters: list[Roster], unit: ReportingUnit) -> RosterCounts:
    """Distinct pilot towns (over all three lists) inside the unit's city or county, and their villages.

    A town listed at two levels counts once (its larger village list counts). With no region
    set, every town of the rosters counts.
    """
    from desktop.domain.places.units import in_scope

    towns: dict[tuple[str, str, str], int] = {}
    for roster in rosters:
        for entry in roster.towns:
            if unit.region_code and not in_scope(entry, unit):
                continue
            key = (compact(entry.city), compact(entry.county), compact(entry.town))
            towns[key] = max(towns.get(key, 0), len(entry.villages))
    return RosterCounts(len(towns), sum(towns.values()))
