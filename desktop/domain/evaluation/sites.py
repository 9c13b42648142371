"""The sites to evaluate: every pilot town of the rosters (once, whatever its level), and each of
their counties as a whole where the checklist has county items."""

from __future__ import annotations

from collections.abc import Iterable

from desktop.domain.evaluation.checklist import Checklist
from desktop.domain.evaluation.scoring import Site
from desktop.domain.model import Roster, TownEntry
from desktop.domain.names import compact


def town_key(t: TownEntry) -> str:
    """A pilot town's site key: its code, else 市/县/镇 by name."""
    return t.town_code or f"{compact(t.city)}/{compact(t.county)}/{compact(t.town)}"


def county_key(t: TownEntry) -> str:
    """The site key of a pilot town's county as a whole."""
    return "county:" + (t.county_code or f"{compact(t.city)}/{compact(t.county)}")


def sites_of(rosters: Iterable[Roster], checklist: Checklist) -> list[Site]:
    towns: dict[str, Site] = {}
    counties: dict[str, Site] = {}
    for roster in sorted(rosters, key=lambda r: r.level.value):
        for t in roster.towns:
            if not t.town.strip():
                continue
            key = town_key(t)
            towns.setdefault(key, Site(key, "town", f"{t.county}{t.town}", roster.level.label + "试点"))
            ckey = county_key(t)
            counties.setdefault(ckey, Site(ckey, "county", t.county, "县（市、区）"))
    out = list(towns.values())
    if checklist.items_for("county"):
        out += list(counties.values())
    return out
