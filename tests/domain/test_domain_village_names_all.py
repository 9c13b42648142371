"""Every village of the gazetteer (34,412) is found from every form offices write, within its town."""

from __future__ import annotations

from collections import Counter

import pytest

from desktop.domain.names import committee_kind, legacy_short_name, town_short_names, village_short_name


def _forms(village, twins: int) -> list[str]:
    short = village_short_name(village.official)
    kind = committee_kind(village.official)
    forms = [village.official, village.name]
    if legacy_short_name(village.official) != short:  # 永寿社区村, as older versions stored it
        forms.append(legacy_short_name(village.official))
    if kind:
        forms += [short + ("村民委员会" if kind == "村委会" else "居民委员会"),
                  short + ("村委会" if kind == "村委会" else "居委会")]
    if twins == 1:
        forms.append(short)
    return forms


def test_every_village_resolves_from_every_form_to_itself(gaz):
    failures = []
    checked = 0
    for town in gaz.towns:
        villages = gaz.children_of(town.code)
        shorts = Counter(village_short_name(v.official) for v in villages)
        assert len({v.name for v in villages}) == len(villages), f"{town.name}: two villages shown alike"
        for v in villages:
            for form in _forms(v, shorts[village_short_name(v.official)]):
                checked += 1
                found = gaz.find("village", form, town.code)
                if found is None or found.code != v.code:
                    failures.append((town.code, v.official, form, found.official if found else None))
    assert checked > 34_412 * 4
    assert failures == []


def test_no_short_name_nobody_writes(gaz):
    made_up = [v.name for v in gaz.villages if v.name.endswith("社区村")]
    assert made_up == []


@pytest.mark.parametrize(("official", "short"), [
    ("永寿社区村民委员会", "永寿社区"), ("红旗村村民委员会", "红旗村"), ("锦城社区居委会", "锦城社区"),
    ("丹桂居民委员会", "丹桂社区"), ("工人村社区居委会", "工人村社区"), ("石桥村委会", "石桥村"),
])
def test_short_names(official, short):
    assert village_short_name(official) == short


def test_two_villages_that_read_alike_are_told_apart_by_their_committee(gaz):
    assert town_short_names(["五道河社区居民委员会", "五道河社区村民委员会", "红旗村村民委员会"]) == [
        "五道河社区（居委会）", "五道河社区（村委会）", "红旗村"]
    (town_code,) = {v.parent_code for v in gaz.villages if v.official == "五道河社区村民委员会"}
    assert gaz.find("village", "五道河社区", town_code) is None  # ambiguous: the list shows both apart
    assert gaz.find("village", "五道河社区村委会", town_code).official == "五道河社区村民委员会"
    assert gaz.find("village", "五道河社区（居委会）", town_code).official == "五道河社区居民委员会"


def test_the_aliases_read_off_the_gazetteer_are_the_computed_ones(gaz):
    """village_aliases takes a village's names from what the gazetteer holds instead of computing them at
    every import; for every one of the 34,412 villages they equal the computed forms."""
    from desktop.domain.names import compact, shown_name_key, village_aliases, village_key

    wrong = [(v.code, v.name) for v in gaz.villages
             if village_aliases(v.name, v.official) != (v.name, compact(v.official), village_short_name(v.official),
                                       legacy_short_name(v.official))
             or shown_name_key(v.name) != village_key(v.name) or village_short_name(v.name) != v.name]
    assert wrong == []


def test_a_village_name_by_code_is_its_place_name_and_its_code_begins_with_its_town(gaz):
    """Gazetteer.village_name answers from the pinyin rows without making places; for every village it is
    the place's shown name, and every village's code begins with its town's (the check relies on both)."""
    from desktop.domain.places.gazetteer import load_gazetteer

    fresh = load_gazetteer.__wrapped__()  # a fresh gazetteer: no place made before the lookups
    names = {v_code: fresh.village_name(v_code) for v_code in _all_village_codes()}
    wrong = [(v.code, v.name, names.get(v.code)) for v in gaz.villages
             if names.get(v.code) != v.name or v.code[:9] != v.parent_code]
    assert wrong == [] and len(names) == 34_412
    assert fresh.village_name("510522000000") is None and fresh.village_name("5105") is None


def _all_village_codes() -> list[str]:
    from desktop.system.paths import gazetteer_dir

    lines = (gazetteer_dir() / "villages.csv").read_text(encoding="utf-8").splitlines()[1:]
    return [line.split(",")[0] for line in lines if line]


def test_a_shown_name_is_no_other_villages_alias_so_the_quick_lookup_agrees_with_find(gaz):
    """resolve_village looks a shown name up directly (Gazetteer.village_code); that equals find() only
    because no shown name is an alias of another village of its town: checked for every town."""
    from desktop.domain.places.gazetteer import load_gazetteer

    quick = load_gazetteer.__wrapped__()  # a fresh gazetteer: nothing made before the lookups
    clashes, wrong = [], []
    for town in gaz.towns:
        by_short, _ = gaz._village_index(town.code)
        for v in gaz.children_of(town.code):
            if len(by_short[v.name]) != 1:
                clashes.append((town.code, v.name))
            if quick.village_code(town.code, v.name) != v.code:
                wrong.append((town.code, v.name))
    assert clashes == [] and wrong == []
    assert quick.village_code("510522104", "没有这个村") is None
