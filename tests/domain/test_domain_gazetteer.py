import pytest


def test_counts_match_source(gaz):
    assert (len(gaz.cities), len(gaz.counties), len(gaz.towns), len(gaz.villages)) == (21, 183, 3111, 34412)


@pytest.mark.parametrize("query", ["dj", "djy", "dujiangyan", "DuJiangYan", "都江", "江堰"])
def test_county_search_by_pinyin_and_characters(gaz, query):
    names = [p.name for p in gaz.search(gaz.counties, query)]
    assert "都江堰市" in names


def test_prefix_matches_rank_first(gaz):
    assert gaz.search(gaz.counties, "hj")[0].name == "合江县"
    assert gaz.search(gaz.counties, "hejiang")[0].name == "合江县"


def test_find_scoped_by_parent(gaz):
    luzhou = gaz.find("city", "泸州市")
    hejiang = gaz.find("county", "合江县", luzhou.code)
    assert hejiang.code == "510522"
    assert gaz.find("county", "合江县", gaz.find("city", "成都市").code) is None
    # 市中区 exists in two cities: ambiguous without a parent
    assert gaz.find("county", "市中区") is None
    assert gaz.find("county", "市中区", gaz.find("city", "乐山市").code) is not None


def test_find_village_with_suffix_and_spaces(gaz):
    town = gaz.find("town", "榕山镇", "510522")
    first = gaz.children_of(town.code)[0]
    assert gaz.find("village", first.official, town.code) == first
    assert gaz.find("village", f" {first.name} ", town.code) == first
    assert gaz.find("village", "不存在的村", town.code) is None


def test_suggest_offers_close_official_names(gaz):
    assert "合江县" in gaz.suggest("合江", gaz.counties)


def test_village_kind_must_agree(gaz):
    """大田村 is not 大田社区: a village is never silently renamed to a community."""
    town = gaz.find("town", "福集镇", gaz.find("county", "泸县").code)
    names = [p.name for p in gaz.children_of(town.code)]
    community = next(n for n in names if n.endswith("社区"))
    core = community[:-2]
    assert gaz.find("village", core + "村", town.code) is None or core + "村" in names
    assert gaz.find("village", core, town.code).name == community
    assert gaz.find("village", community + "居委会", town.code).name == community


@pytest.mark.parametrize(("fname", "header"), [
    ("villages.csv", "code,name,town_code"), ("towns.csv", "code,name,county_code"),
    ("counties.csv", "code,name,city_code"), ("cities.csv", "code,name"),
])
def test_gazetteer_rows_are_plain_fields(fname, header):
    """The readers split lines on commas: no name may contain one or a quote."""
    from desktop.system.paths import gazetteer_dir

    lines = (gazetteer_dir() / fname).read_text(encoding="utf-8").splitlines()
    assert lines[0] == header
    assert all(line.count(",") == header.count(",") and '"' not in line for line in lines[1:])


def test_villages_made_per_town_match_the_whole_list(gaz):
    from desktop.domain.places.gazetteer import Gazetteer
    from desktop.system.paths import gazetteer_dir

    fresh = Gazetteer(gazetteer_dir())
    town = gaz.towns[100]
    assert [p.code for p in fresh.children_of(town.code)] == [p.code for p in gaz.children_of(town.code)]
    first = gaz.children_of(town.code)[0]
    assert fresh.get(first.code) == first
    assert len(fresh.villages) == 34412
    assert fresh.children_of(town.code)[0] is fresh.get(first.code)


def test_shipped_files_keep_the_order_per_town_lookups_rely_on():
    """A town's villages are read as one block of villages.csv and of pinyin.csv, found by code prefix."""
    import csv

    from desktop.system.paths import gazetteer_dir

    folder = gazetteer_dir()
    with open(folder / "villages.csv", encoding="utf-8", newline="") as fh:
        villages = list(csv.DictReader(fh))
    codes = [v["code"] for v in villages]
    assert codes == sorted(codes)
    assert all(v["code"][:9] == v["town_code"] for v in villages)
    with open(folder / "pinyin.csv", encoding="utf-8", newline="") as fh:
        pinyin = [row[0] for row in list(csv.reader(fh))[1:]]
    first_village = next(i for i, code in enumerate(pinyin) if len(code) == 12)
    assert all(len(code) < 12 for code in pinyin[:first_village])
    assert pinyin[first_village:] == codes  # village rows last, in the same order


def test_one_town_read_alone_equals_the_same_town_read_with_all():
    from desktop.domain.places.gazetteer import Gazetteer
    from desktop.system.paths import gazetteer_dir

    alone, whole = Gazetteer(gazetteer_dir()), Gazetteer(gazetteer_dir())
    whole.villages  # noqa: B018 - every town parsed at once
    picks = [alone.towns[0], alone.towns[1555], alone.towns[-1]]
    for town in picks:
        assert alone.children_of(town.code) == whole.children_of(town.code)
        assert all(p.full_pinyin and p.initials for p in alone.children_of(town.code))
    assert alone._lines is None  # still no whole-file parse
    assert alone.get("510000000000") is None and alone.children_of("510000000") == []


def test_many_towns_switch_to_one_parse_of_the_whole_file():
    from desktop.domain.places.gazetteer import Gazetteer
    from desktop.system.paths import gazetteer_dir

    gaz = Gazetteer(gazetteer_dir())
    for town in gaz.towns[:40]:
        gaz.children_of(town.code)
    assert gaz._lines is not None
    assert sum(len(gaz.children_of(t.code)) for t in gaz.towns) == 34412


def test_a_towns_villages_are_read_without_the_town_tables():
    from desktop.domain.places.gazetteer import Gazetteer
    from desktop.system.paths import gazetteer_dir

    gaz = Gazetteer(gazetteer_dir())
    villages = gaz.children_of("510521001")  # 泸县 玉蟾街道 (its code starts its villages' codes)
    assert villages and gaz.get(villages[0].code) is villages[0]
    assert gaz._places is None  # no city, county or town parsed yet
    assert gaz.get("510521001").name == "玉蟾街道"  # a town: now the town tables are read
    assert gaz._places is not None and len(gaz.towns) == 3111
    assert gaz.children_of("510521001") is villages  # the villages made before are kept
    assert gaz.by_code[villages[0].code] is villages[0]


def test_threads_reading_a_fresh_gazetteer_at_once_see_each_place_once():
    """An import runs in a worker thread while the window may ask for the same tables."""
    import sys
    import threading

    from desktop.domain.places.gazetteer import Gazetteer
    from desktop.system.paths import gazetteer_dir

    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible
    try:
        for _ in range(5):
            gaz = Gazetteer(gazetteer_dir())
            seen: list[tuple[int, object, int]] = []

            def work(g=gaz, out=seen) -> None:
                county = g.find("county", "泸县", "5105")
                out.append((len(g.cities), county, len(g.children_of("510521001"))))

            threads = [threading.Thread(target=work) for _ in range(6)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            assert [(n, c is not None) for n, c, _ in seen] == [(21, True)] * 6
            assert len({v for *_, v in seen}) == 1
    finally:
        sys.setswitchinterval(old)


def test_short_names_precomputed_in_pinyin_csv_match_the_code():
    """tools/build_pinyin.py stores each village's short name; rerun it when village_short_name changes."""
    from desktop.domain.names import town_short_names
    from desktop.system.paths import gazetteer_dir

    folder = gazetteer_dir()
    by_town: dict[str, list[tuple[str, str]]] = {}
    for line in (folder / "villages.csv").read_text(encoding="utf-8").splitlines()[1:]:
        code, name, town_code = line.split(",")
        by_town.setdefault(town_code, []).append((code, name))
    expected = {}
    for rows in by_town.values():
        expected.update(zip([c for c, _ in rows], town_short_names([n for _, n in rows]), strict=True))
    lines = (folder / "pinyin.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "code,full,initials,short"
    shorts = {p[0]: p[3] for p in (line.split(",") for line in lines[1:]) if len(p[0]) == 12}
    assert shorts == expected


def test_every_town_read_alone_by_bisecting_the_files_equals_the_whole_parse():
    from desktop.domain.places import gazetteer as g
    from desktop.domain.places.gazetteer_files import file_block
    from desktop.system.paths import gazetteer_dir

    whole = g.Gazetteer(gazetteer_dir())
    whole.villages  # noqa: B018 - every town parsed at once
    folder = gazetteer_dir()
    alone = g.Gazetteer(folder)
    starts = (alone._villages_start(), alone._pinyin_start())
    for town in whole.towns:
        rows = file_block(folder / "villages.csv", town.code, starts[0])
        assert [r.split(",")[0] for r in rows] == [p.code for p in whole.children_of(town.code)]
        pinyin = file_block(folder / "pinyin.csv", town.code, starts[1])
        assert [r.split(",")[0] for r in pinyin] == [p.code for p in whole.children_of(town.code)]
    assert file_block(folder / "villages.csv", "999999999", starts[0]) == []
    assert file_block(folder / "villages.csv", "000000000", starts[0]) == []
    assert alone._lines is None and alone._pinyin is None  # nothing read whole


def test_bisecting_a_tiny_file_finds_its_first_and_last_rows(tmp_path):
    from desktop.domain.places.gazetteer_files import file_block

    path = tmp_path / "小 文件.csv"
    path.write_bytes("code,name\n510100001,甲\n510100002,乙\n510200001,丙\n".encode())
    start = len(b"code,name\n")
    assert file_block(path, "5101", start) == ["510100001,甲", "510100002,乙"]
    assert file_block(path, "5102", start) == ["510200001,丙"]
    assert file_block(path, "5103", start) == [] and file_block(path, "5100", start) == []


def test_a_gazetteer_checked_out_with_windows_line_endings_reads_the_same(tmp_path):
    """Git on Windows may turn LF into CRLF in resources/: both readers must not mind."""
    from desktop.domain.places.gazetteer import Gazetteer
    from desktop.system.paths import gazetteer_dir

    for f in gazetteer_dir().iterdir():
        if f.suffix == ".csv":
            (tmp_path / f.name).write_bytes(f.read_bytes().replace(b"\n", b"\r\n"))
    crlf, lf = Gazetteer(tmp_path), Gazetteer(gazetteer_dir())
    names = {p.code: p.name for p in lf.villages}
    assert {code: crlf.village_name(code) for code in names} == names  # the quick reads of the check
    assert all(crlf.village_code(code[:9], name) == code for code, name in names.items())
    crlf = Gazetteer(tmp_path)
    for code in ("510104017", "510521001", "513437241"):
        assert crlf.children_of(code) == lf.children_of(code)  # one town, by bisecting the files
    assert crlf.towns == lf.towns and crlf.find("county", "泸县", "5105") == lf.find("county", "泸县", "5105")
    assert crlf.villages == lf.villages  # the whole parse


@pytest.mark.parametrize("query", ["x", "xj", "新", "xinjin", "lu zhou", "j'z", "镇", "ZZ", "1", ""])
def test_search_ranks_as_each_place_matches(gaz, query):
    """Gazetteer.search makes the query's pinyin form once; its ranking equals Place.matches per place."""
    from desktop.domain.names import compact

    q = compact(query)
    expected = sorted(((p.matches(q), i, p) for i, p in enumerate(gaz.towns) if p.matches(q) > 0),
                      key=lambda t: (-t[0], t[1])) if q else [(1, i, p) for i, p in enumerate(gaz.towns)]
    assert gaz.search(gaz.towns, query) == [p for _, _, p in expected]
