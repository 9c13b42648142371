"""A filled sample roster for 泸州市 so a newcomer sees the app working at once."""

from __future__ import annotations

from datetime import date

from desktop.domain.model import Level, ReportingUnit, Roster, Settings, TownEntry, Village
from desktop.domain.places.gazetteer import Gazetteer
from desktop.domain.places.matching import resolve_entry

# (level, county, [(town, type, number of official villages to tick, note)])
_PLAN: list[tuple[Level, str, list[tuple[str, str, int, str]]]] = [
    (Level.PROVINCIAL, "合江县", [
        ("符阳街道", "县级政府驻地镇", 12, "县城所在地"),
        ("白沙镇", "中心镇", 12, ""),
        ("先市镇", "特色小镇", 10, "酱油古镇"),
        ("尧坝镇", "重点镇", 10, ""),
        ("九支镇", "一般乡镇", 11, ""),
    ]),
    (Level.CITY, "泸县", [
        ("玉蟾街道", "县级政府驻地镇", 6, ""),
        ("福集镇", "中心镇", 5, ""),
        ("嘉明镇", "重点镇", 4, ""),
    ]),
    (Level.CITY, "龙马潭区", [
        ("特兴街道", "一般乡镇", 4, ""),
        ("胡市镇", "特色小镇", 3, "含新建安置点"),
    ]),
    (Level.COUNTY, "叙永县", [
        ("江门镇", "中心镇", 3, ""),
        ("马岭镇", "一般乡镇", 3, ""),
    ]),
    (Level.COUNTY, "古蔺县", [
        ("二郎镇", "特色小镇", 4, ""),
        ("太平镇", "重点镇", 3, ""),
    ]),
]

DEMO_CITY = "泸州市"
DEMO_OFFICE = "泸州市政务服务管理局"
DEMO_FILLED_ON = date(2021, 3, 26)
DEMO_DEADLINE = date(2021, 3, 31)
# A village name that is not in the gazetteer: kept, and flagged as a warning.
DEMO_FREE_VILLAGE = ("胡市镇", "胡市安置社区")


def build_demo(gaz: Gazetteer) -> tuple[Settings, list[Roster]]:
    city = gaz.find("city", DEMO_CITY)
    assert city is not None, "gazetteer lacks 泸州市"
    settings = Settings(ReportingUnit(city.code, city.name, DEMO_OFFICE), DEMO_DEADLINE)
    rosters = {level: Roster(level, DEMO_FILLED_ON) for level in Level}
    for level, county_name, towns in _PLAN:
        county = gaz.find("county", county_name, city.code)
        assert county is not None
        for town_name, town_type, n_villages, note in towns:
            town = gaz.find("town", town_name, county.code)
            assert town is not None
            villages = [Village(p.name, p.code) for p in gaz.children_of(town.code)[:n_villages]]
            if town_name == DEMO_FREE_VILLAGE[0]:
                villages.append(Village(DEMO_FREE_VILLAGE[1]))
            entry = TownEntry(level, city.name, county.name, town.name, town_type, note, villages=villages)
            rosters[level].towns.append(resolve_entry(entry, gaz))
    return settings, [rosters[level] for level in Level]
