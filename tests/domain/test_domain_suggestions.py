"""A one-click correction (改为) is offered only when it is close enough to be right, measured on the
gazetteer: a name with one wrong character finds its village; an unrelated name finds nothing."""

from __future__ import annotations

import random

import pytest

from desktop.domain.names import CLOSE_ENOUGH, close_enough, name_core


@pytest.mark.parametrize(("typed", "official"), [
    ("三江村", "穆村"), ("榕山社区", "木广社区"), ("天堂坝村", "皇城坝村"),
])
def test_unrelated_names_are_not_close(typed, official):
    assert close_enough(typed, official) < CLOSE_ENOUGH


@pytest.mark.parametrize(("typed", "official"), [
    ("石乔村", "石桥村"), ("福吉镇", "福集镇"), ("泸洲市", "泸州市"), ("红旗", "红旗村"), ("胡市安置社区", "胡市社区"),
])
def test_typos_are_close(typed, official):
    assert close_enough(typed, official) >= CLOSE_ENOUGH


@pytest.mark.parametrize(("typed", "town", "county"), [
    ("三江村", "榕山镇", "合江县"), ("榕山社区", "榕山镇", "合江县"), ("天堂坝村", "福宝镇", "合江县"),
])
def test_the_reported_bad_suggestions_are_gone(gaz, typed, town, county):
    place = gaz.find("town", town, gaz.find("county", county).code)
    villages = gaz.children_of(place.code)
    for suggestion in gaz.suggest(typed, villages):
        assert set(name_core(suggestion)) & set(name_core(typed)), suggestion
    assert not {"穆村", "木广社区", "皇城坝村"} & set(gaz.suggest(typed, villages))


def test_one_wrong_character_finds_the_village_across_the_gazetteer(gaz):
    tried = found = first = 0
    for town in gaz.towns[::5]:
        villages = gaz.children_of(town.code)
        for v in villages:
            core = name_core(v.name)
            if len(core) < 2:
                continue
            typo = core[:-1] + "某" + v.name[len(core):]
            if gaz.find("village", typo, town.code) is not None:
                continue
            suggestions = gaz.suggest(typo, villages)
            tried += 1
            found += v.name in suggestions
            first += bool(suggestions) and suggestions[0] == v.name
    assert tried > 5000
    assert found / tried > 0.99 and first / tried > 0.9


def test_no_suggestion_shares_nothing_meaningful(gaz):
    rng = random.Random(7)
    names = [v.name for v in gaz.villages]
    offered = 0
    for town in gaz.towns[::13]:
        villages = gaz.children_of(town.code)
        own = {v.name for v in villages}
        for typed in rng.sample(names, 8):
            if typed in own:
                continue
            for suggestion in gaz.suggest(typed, villages):
                offered += 1
                assert set(name_core(suggestion)) & set(name_core(typed)), (typed, suggestion)
    assert offered > 0
