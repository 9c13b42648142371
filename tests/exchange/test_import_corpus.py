"""The corpus of messy workbooks (tests/corpus): each must yield exactly its roster, codes included."""

from __future__ import annotations

from pathlib import Path

import pytest
from corpus.build import LIBREOFFICE, LIBREOFFICE_CASES, TOWN_CODES, Case, Expected, build_corpus, cases

from desktop.domain.model import Level
from desktop.exchange.errors import ImportFileError
from desktop.exchange.roster.reader import ImportResult, read_roster_workbooks

CASES = cases()


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Case, list[Path]]]:
    folder = tmp_path_factory.mktemp("语料 工作簿")
    return {case.key: (case, paths) for case, paths in build_corpus(folder)}


def test_corpus_is_large_enough():
    assert len(CASES) >= 15
    assert len({c.key for c in CASES}) == len(CASES)


def assert_yields(result: ImportResult, expected: list[Expected], uncoded: set[str] = frozenset()) -> None:
    got = [(r.level, r.filled_on, [(t.city, t.county, t.town, t.town_type, t.note, t.village_names) for t in r.towns])
           for r in result.rosters]
    want = [(Level(e.level), e.filled_on, [(c, k, t, ty, n, v) for c, k, t, ty, n, v in e.towns]) for e in expected]
    assert got == want
    for roster in result.rosters:
        for town in roster.towns:
            assert town.city_code and town.county_code, town.town
            assert town.town_code == TOWN_CODES[town.town]
            assert town.county_code == town.town_code[:6] and town.city_code == town.town_code[:4]
            for v in town.villages:
                if v.name in uncoded:
                    assert v.code is None
                else:
                    assert v.code and v.code.startswith(town.town_code), (town.town, v.name)


@pytest.mark.parametrize("key", [c.key for c in CASES])
def test_corpus_workbook(gaz, corpus, key):
    case, paths = corpus[key]
    result = read_roster_workbooks(paths, gaz)
    assert_yields(result, case.expected, case.uncoded)
    for message in case.messages:
        assert message in result.messages


@pytest.mark.parametrize("name,expected", LIBREOFFICE_CASES, ids=["csv", "ods"])
def test_saved_by_libreoffice(gaz, name, expected):
    path = LIBREOFFICE / name
    assert path.exists(), "rebuild with: python tests/corpus/build.py --libreoffice"
    assert_yields(read_roster_workbooks([path], gaz), [expected])


def test_whole_corpus_at_once(gaz, corpus):
    """Every workbook of the corpus in one import: nothing lost, levels kept apart."""
    paths = [p for _, ps in corpus.values() for p in ps]
    result = read_roster_workbooks(paths, gaz)
    want = sum(len(e.towns) for c in CASES for e in c.expected)
    assert sum(len(r.towns) for r in result.rosters) == want


@pytest.mark.parametrize("name,head,message", [
    ("名单.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "是旧版 Excel 97-2003 格式（.xls），无法直接读取"),
    ("名单.et", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "是 WPS 表格格式（.et），无法直接读取"),
    ("网页 名单.xls", b"<html><table></table></html>", "不是 .xlsx 格式（扩展名为 .xls）"),
])
def test_old_formats_are_refused_with_how_to_resave(gaz, tmp_path, name, head, message):
    path = tmp_path / name
    path.write_bytes(head)
    with pytest.raises(ImportFileError) as info:
        read_roster_workbooks([path], gaz)
    assert str(info.value).startswith(f"文件“{name}”{message}")
    assert "另存为" in str(info.value) and "xlsx" in str(info.value)
