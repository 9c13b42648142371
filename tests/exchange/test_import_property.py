"""Property-based tests of the roster import (hypothesis).

* A roster made of gazetteer towns and villages, written the many ways offices write it
  (separators、，,；;/ and line breaks, 村民委员会/居委会 suffixes, full-width spaces, a 序号
  column, 市/县 merged down, left blank or repeated, one village per row), reads back as the
  same towns and villages.
* Whatever garbage the cells hold, or however the sheet XML is damaged, reading raises nothing
  but ImportFileError.
"""

from __future__ import annotations

import re
import tempfile
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from helpers import write_sheet
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from desktop.domain.model import COLUMNS
from desktop.domain.names import village_short_name
from desktop.exchange.errors import ImportFileError
from desktop.exchange.roster.reader import ImportResult, read_roster_workbooks

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SEPARATORS = ["、", "，", ",", "；", ";", "/", "\n", "、 ", " ，"]
CJK = re.compile(r"^[\u4e00-\u9fff]{2,}$")


@pytest.fixture(scope="module")
def places(gaz) -> list[tuple[str, str, list[tuple[str, list[tuple[str, str]]]]]]:
    """(city, county, [(town, [(village, official village name)])]) of some counties, plain CJK names only."""
    found = []
    for city in gaz.children_of(None)[:8]:
        for county in gaz.children_of(city.code)[:3]:
            towns = []
            for town in gaz.children_of(county.code)[:6]:
                if not CJK.match(town.name) or gaz.find("town", town.name, county.code) is not town:
                    continue
                villages = [(v.name, v.official) for v in gaz.children_of(town.code)[:8]
                            if CJK.match(v.name) and gaz.find("village", v.name, town.code) is v]
                towns.append((town.name, villages))
            if towns:
                found.append((city.name, county.name, towns))
    return found


@st.composite
def rosters(draw: st.DrawFn, places: list) -> tuple[list[tuple[str, str, str, list[str]]], list[list[object]],
                                                   list[str]]:
    """(expected towns, sheet rows, merged ranges) of one roster sheet."""
    counties = draw(st.lists(st.sampled_from(places), min_size=1, max_size=3, unique_by=lambda p: p[1]))
    counties.sort(key=lambda p: p[0])  # a city's counties together, as offices list them
    city_mode = draw(st.sampled_from(["repeat", "blank", "merge"]))
    per_row = draw(st.booleans())  # one village per row
    index = draw(st.booleans())  # a 序号 column in front
    pad = st.sampled_from(["", " ", "\u3000", "  "])
    expected: list[tuple[str, str, str, list[str]]] = []
    body: list[list[object]] = []
    for city, county, towns in counties:
        chosen = draw(st.lists(st.sampled_from(towns), min_size=1, max_size=3, unique_by=lambda t: t[0]))
        for town, villages in chosen:
            picked = draw(st.lists(st.sampled_from(villages), max_size=5, unique_by=lambda v: v[0])) if villages else []
            names = [official if draw(st.booleans()) and village_short_name(official) == name else name
                     for name, official in picked]
            expected.append((city, county, town, [name for name, _ in picked]))
            town_type = draw(st.sampled_from(["中心镇", "一般乡镇", "", "重点镇"]))
            if per_row and names:
                for i, name in enumerate(names):
                    shown_town = town if i == 0 or draw(st.booleans()) else ""
                    body.append([city, county, draw(pad) + shown_town + draw(pad) if shown_town else "",
                                 town_type if i == 0 else "", name, ""])
            else:
                sep = draw(st.sampled_from(SEPARATORS))
                body.append([city, county, draw(pad) + town + draw(pad), town_type, sep.join(names), ""])
    top = [["附件3"], ["县级试点地区乡镇（街道）、村（社区）名单"], ["填报单位：", "测试单位", None, "填报时间：", "２０２１年３月２６日"]]
    header = list(COLUMNS)
    first = len(top) + 2  # sheet row of the first data row
    merges: list[str] = []
    for col in (1, 0):  # 县 first: its runs end where the (not yet blanked) 市 changes
        run_start = 0
        for i in range(1, len(body) + 1):
            if i == len(body) or body[i][col] != body[run_start][col] or (col == 1 and body[i][0] != body[run_start][0]):
                if city_mode == "merge" and i - 1 > run_start:
                    letter = "AB"[col] if not index else "BC"[col]
                    merges.append(f"{letter}{first + run_start}:{letter}{first + i - 1}")
                if city_mode in ("blank", "merge"):
                    for j in range(run_start + 1, i):
                        body[j][col] = None
                run_start = i
    if index:
        header = ["序号", *header]
        body = [[n + 1, *row] for n, row in enumerate(body)]
    return expected, top + [header] + body, merges


def got(result: ImportResult) -> list[tuple[str, str, str, list[str]]]:
    return [(t.city, t.county, t.town, t.village_names) for r in result.rosters for t in r.towns]


@pytest.mark.filterwarnings("ignore::UserWarning")
def test_rosters_written_any_way_read_back(gaz, places):
    @SETTINGS
    @given(rosters(places))
    def check(case):
        expected, rows, merges = case
        with tempfile.TemporaryDirectory() as folder:
            path = write_sheet(Path(folder) / "名单 样本.xlsx", rows, merges=tuple(merges))
            assert got(read_roster_workbooks([path], gaz)) == expected

    check()


# -- garbage ------------------------------------------------------------------------------------------------
ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # what openpyxl refuses to write
texts = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30).map(
    lambda t: ILLEGAL.sub("", t))
header_texts = st.sampled_from([*COLUMNS, "序号", "附件1", "附件3", "合计", "填报单位：", "填报时间：", "示例：",
                                "XX乡镇", "县级试点地区乡镇（街道）、村（社区）名单", "填表人：", "=1+1"])
cells = st.one_of(st.none(), texts, header_texts, st.integers(-10**12, 10**12),
                  st.floats(allow_nan=False, allow_infinity=False), st.booleans(),
                  st.dates(min_value=date(1901, 1, 1)), st.datetimes(min_value=datetime(1901, 1, 1)))


@pytest.mark.filterwarnings("ignore::UserWarning")
def test_cell_garbage_raises_only_import_errors(gaz):
    @SETTINGS
    @given(st.lists(st.lists(cells, max_size=8), max_size=12), st.booleans(),
           st.text(st.characters(categories=("L", "N")), min_size=1, max_size=20))
    def check(rows, with_header, title):
        if with_header:
            rows = [["附件2"], list(COLUMNS), *rows]
        with tempfile.TemporaryDirectory() as folder:
            path = write_sheet(Path(folder) / "乱 数据.xlsx", rows, title=title[:31])
            try:
                result = read_roster_workbooks([path], gaz)
            except ImportFileError as exc:
                assert exc.path == path and "乱 数据.xlsx" in str(exc)
            else:
                assert isinstance(result, ImportResult)

    check()


def test_damaged_sheet_xml_raises_only_import_errors(gaz, tmp_path):
    good = write_sheet(tmp_path / "好.xlsx", [["附件3"], list(COLUMNS), ["泸州市", "泸县", "福集镇", "中心镇", "大田社区", None]])
    with zipfile.ZipFile(good) as zf:
        original = {i.filename: zf.read(i) for i in zf.infolist()}
    xml = original["xl/worksheets/sheet1.xml"]

    @SETTINGS
    @given(st.lists(st.tuples(st.integers(0, len(xml)), st.integers(0, 12), st.binary(max_size=12)), min_size=1,
                    max_size=4))
    def check(edits):
        data = bytearray(xml)
        for at, cut, insert in edits:
            data[at:at + cut] = insert
        assume(bytes(data) != xml)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "坏 表.xlsx"
            with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
                for name, content in original.items():
                    zf.writestr(name, bytes(data) if name == "xl/worksheets/sheet1.xml" else content)
            try:
                read_roster_workbooks([path], gaz)
            except ImportFileError as exc:
                assert exc.path == path

    check()
