"""Match typed or imported names to the gazetteer: canonical names and NBS codes."""

from __future__ import annotations

from desktop.domain.model import TownEntry, Village, canonical_town_type
from desktop.domain.names import clean_text, compact, village_short_name
from desktop.domain.places.gazetteer import Gazetteer


def resolve_entry(entry: TownEntry, gaz: Gazetteer) -> TownEntry:
    """Normalise an entry's text and fill codes where names match the gazetteer (in place).

    Matched names take their official spelling (合江 stays as typed unless it matches exactly;
    村民委员会 suffixes are shortened); names not found are kept as typed, without a code.
    """
    entry.city = compact(entry.city)
    entry.county = compact(entry.county)
    entry.town = compact(entry.town)
    entry.town_type = canonical_town_type(compact(entry.town_type))
    entry.note = clean_text(entry.note)
    city = gaz.find("city", entry.city)
    county = gaz.find("county", entry.county, city.code if city else None)
    if county is not None and city is None and not entry.city:
        city = gaz.get(county.parent_code)
        entry.city = city.name if city else entry.city
    town = gaz.find("town", entry.town, county.code) if county else None
    entry.city_code = city.code if city else None
    entry.county_code = county.code if county else None
    entry.town_code = town.code if town else None
    if town is not None:
        entry.town = town.name
    town_code = town.code if town else None
    # most imported names (our own exports, packages) are a village's shown name itself: one lookup, and
    # the village gets its code in place (34,412 of them at province scale)
    codes = gaz.village_codes(town_code) if town_code else {}
    villages = entry.villages
    for i, v in enumerate(villages):
        code = codes.get(v.name)
        if code is not None:
            v.code = code
        else:
            villages[i] = resolve_village(v.name, town_code, gaz)
    return entry


def resolve_village(name: str, town_code: str | None, gaz: Gazetteer) -> Village:
    text = compact(name)
    if town_code:
        code = gaz.village_code(town_code, text)
        if code is not None:  # the shown name itself: most imported names (our own exports, packages)
            return Village(text, code)
        place = gaz.find("village", text, town_code)
        if place is not None:
            return Village(place.name, place.code)
    return Village(village_short_name(text) if text.endswith("委员会") or text.endswith("委会") else text)
