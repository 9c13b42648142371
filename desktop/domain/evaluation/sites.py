"""The sites to evaluate: every pilot town of the rosters (once, whatever its level), and each of
their counties as a whole where the checklist has county items."""

from __future__ import annotations

from collections.abc import Iterable

from desktop.domain.evaluation.checklist import Checklist
from desktop.domain.evaluation.scoring import Site
from desktop.domain.model import Roster
from desktop.domain.names import compact


def sites_of(rosters: Iterable[Roster], checklist: Checklist) -> list[Site]:
    towns: dict[str, Site] = {}
    counties: dict[str, Site] = {}
    for roster in sorted(rosters, key=lambda r: r.level.value):
        for t in roster.towns:
            if not t.town.strip():
                continue
            key = t.town_code or f"{compact(t.city)}/{compact(t.county)}/{compact(t.town)}"
            towns.setdefault(key, Site(key, "town", f"{t.county}{t.town}", roster.level.label + "试点"))
            ckey = "county:" + (t.county_code or f"{compact(t.city)}/{compact(t.county)}")
            counties.setdefault(ckey, Site(ckey, "county", t.county, "县（市、区）"))
    out = list(towns.values())
    if checklist.items_for("county"):
        out += list(counties.values())
    return out
