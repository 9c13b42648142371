import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain.dates import format_cn, parse_date
from desktop.domain.names import clean_text, compact, split_villages, village_key, village_short_name


@pytest.mark.parametrize("official, short", [
    ("同福村村民委员会", "同福村"),
    ("新华村民委员会", "新华村"),
    ("跳蹬村委会", "跳蹬村"),
    ("大梁村村委会", "大梁村"),
    ("黄桷村村委员会", "黄桷村"),
    ("水井坊社区居委会", "水井坊社区"),
    ("锦城社区居民委员会", "锦城社区"),
    ("丹桂居民委员会", "丹桂社区"),
    ("河坝街居委会", "河坝街社区"),
    ("团结社区居民委员", "团结社区"),
    ("九龙山农场虚拟生活区", "九龙山农场虚拟生活区"),
    ("红旗村", "红旗村"),
])
def test_village_short_name(official, short):
    assert village_short_name(official) == short


@pytest.mark.parametrize("typed", ["红旗村", "红旗村村民委员会", "红旗村委会", " 红旗 村 ", "红旗"])
def test_village_key_ignores_suffixes_and_spaces(typed):
    assert village_key(typed) == "红旗"


def test_clean_text_folds_full_width_digits_and_spaces_but_keeps_chinese_brackets():
    assert clean_text("\u3000第１２组　（新）  ") == "第12组 （新）"
    assert compact(" 合 江县\u3000") == "合江县"


@pytest.mark.parametrize("cell, names", [
    ("红旗村、新华村", ["红旗村", "新华村"]),
    ("红旗村，新华村,光明村；五一村;七一村", ["红旗村", "新华村", "光明村", "五一村", "七一村"]),
    ("红旗村\n新华村\r\n光明村", ["红旗村", "新华村", "光明村"]),
    ("红旗村 新华村/光明村", ["红旗村", "新华村", "光明村"]),
    ("、、红旗村、", ["红旗村"]),
    ("", []),
])
def test_split_villages(cell, names):
    assert split_villages(cell) == names


@given(st.text())
def test_clean_text_is_idempotent_and_trimmed(text):
    once = clean_text(text)
    assert clean_text(once) == once
    assert once == once.strip()
    assert "\u3000" not in once


_NAME = st.builds(lambda core, kind: core + kind, st.text(alphabet="红旗新华光明一二三", min_size=1, max_size=5),
                  st.sampled_from(["村", "社区", ""]))


@given(st.lists(_NAME, max_size=8), st.sampled_from(["、", "，", ",", "；", ";", "\n", " ", "/"]))
def test_split_villages_roundtrips_joined_names(names, sep):
    assert split_villages(sep.join(names)) == names


@pytest.mark.parametrize("text, expected", [
    ("2021年3月25日", (2021, 3, 25)),
    ("2021-03-25", (2021, 3, 25)),
    ("2021/3/5", (2021, 3, 5)),
    ("２０２１年３月５日", (2021, 3, 5)),
    ("2021年2月30日", None),
    ("三月", None),
])
def test_parse_date(text, expected):
    got = parse_date(text)
    assert ((got.year, got.month, got.day) if got else None) == expected


def test_format_cn():
    from datetime import date

    assert format_cn(date(2021, 3, 5)) == "2021年3月5日"
    assert format_cn(None) == ""


@pytest.mark.parametrize("cell, names", [
    ("木广 社区、红旗 村", ["木广社区", "红旗村"]),
    ("红旗村 （新）", ["红旗村（新）"]),
])
def test_a_space_before_a_kind_word_is_not_a_separator(cell, names):
    assert split_villages(cell) == names


def test_iso_date_with_trailing_junk_is_not_a_date():
    assert parse_date("2021-03-25abc") is None
    assert parse_date("2021-03-25 00:00:00") is not None


def test_a_town_entry_copy_keeps_every_field_and_shares_nothing():
    """TownEntry.copy builds its villages field by field (fast): a new field of Village must be copied too."""
    import dataclasses

    from desktop.domain.model import Level, TownEntry, Village

    assert [f.name for f in dataclasses.fields(Village)] == ["name", "code", "id"]
    assert [f.name for f in dataclasses.fields(TownEntry)] == [
        "level", "city", "county", "town", "town_type", "note", "city_code", "county_code", "town_code", "villages",
        "id", "position"]  # TownEntry.copy passes them in this order
    entry = TownEntry(Level.CITY, "泸州市", "合江县", "白沙镇", villages=[Village("红旗村", "510522104201", 7)], id=3)
    copy = entry.copy()
    assert copy == entry and copy is not entry
    assert copy.villages is not entry.villages and copy.villages[0] is not entry.villages[0]
