"""The provincial centre's list: every town of Sichuan in one 附件3, villages written as offices write
them. The check finds nothing: no false duplicate (two 市中区 each with a 白马镇), no false name warning."""

from __future__ import annotations

from datetime import date

from desktop.domain.model import Level, ReportingUnit, Roster, Settings, TownEntry, Village
from desktop.domain.names import committee_kind, village_short_name
from desktop.domain.places.matching import resolve_entry
from desktop.domain.roster.rules import check_all

PROVINCE = Settings(ReportingUnit("51", "四川省", "四川省政府政务服务和公共资源交易服务中心"), date(2026, 1, 31))


def _written(village, i: int) -> str:
    """Alternately the short name (永寿社区), the full name, or the short name with 村委会/居委会."""
    short = village_short_name(village.official)
    if village.name != short:  # two villages of the town read alike: only the shown or full name tells
        return village.name if i % 2 else village.official
    kind = committee_kind(village.official)
    return (short, village.official, short + (kind or ""))[i % 3]


def test_every_town_of_sichuan_in_one_list_has_no_false_finding(gaz):
    towns = []
    for position, town in enumerate(gaz.towns):
        county = gaz.parent(town)
        city = gaz.parent(county)
        entry = TownEntry(Level.COUNTY, city.name, county.name, town.name, "一般乡镇", position=position,
                          villages=[Village(_written(v, i)) for i, v in enumerate(gaz.children_of(town.code))])
        towns.append(resolve_entry(entry, gaz))
    assert len(towns) == 3111 and sum(len(t.villages) for t in towns) == 34412
    findings = check_all([Roster(Level.COUNTY, date(2026, 1, 15), towns)], gaz, PROVINCE)
    errors = [f.message for f in findings if f.is_error]
    assert errors == []
    name_warnings = [f.message for f in findings if "区划名录" in f.message]
    assert name_warnings == []
    # every village got its code, as the import gives it
    assert all(v.code for t in towns for v in t.villages)
