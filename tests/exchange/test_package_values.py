"""Values inside an exchange package are checked as typing checks them (issue 18, point 5): the one
function desktop.domain.text_rules.text_problem. A package whose roster, 月报, 四个一 or maker holds
a value typing refuses — control characters, a direction override, a line break in a one-line field,
text over its limit — is refused whole, naming the place; the command line exits 2 and the database
is byte for byte what it was. (The window's import of such a package: tests/ui/test_ui_exchange.py.)"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest
from corpus.offices import county_office, package_of, township
from corpus.tamper import parts, resealed
from helpers import digest, run

from desktop.domain.monthly.report import MonthlyReport, YearMonth
from desktop.domain.text_rules import LIMITS
from desktop.exchange.package.archive import PackageError, read_package

REDO = "请向报送单位重新索取，或重新复制一次"


@pytest.fixture
def good(tmp_path: Path, gaz) -> Path:
    """榕山镇's package: its town with 4 villages and a 月报 with a 说明."""
    store = township(tmp_path, gaz, "榕山镇")
    try:
        store.create_report(MonthlyReport("合江县榕山镇", YearMonth(2021, 4), reporter="张三", phone="13800000000",
                                          filled_on=date(2021, 4, 20), values={"pilot_towns": 1},
                                          texts={"problems": "无"}, explanations={"w1": "本月集中办理"}))
        package_of(store, tmp_path / "榕山镇 交换包.zctb", made_at=datetime(2021, 4, 21, 9, 30))
    finally:
        store.close()
    return tmp_path / "榕山镇 交换包.zctb"


def crafted(good: Path, name: str, change: Callable[[dict, dict], None]) -> Path:
    """``good`` with its manifest and payload edited by ``change`` and the checksum made to match."""
    manifest, payload = parts(good)
    change(manifest, payload)
    return resealed(good, good.with_name(name), manifest, payload)


def first_town(payload: dict) -> dict:
    return payload["rosters"][0]["towns"][0]


def set_town(field: str, value: str) -> Callable[[dict, dict], None]:
    return lambda _m, p: first_town(p).__setitem__(field, value)


def set_village(value: str) -> Callable[[dict, dict], None]:
    return lambda _m, p: first_town(p)["villages"][1].__setitem__("name", value)


def set_report(field: str, value: object) -> Callable[[dict, dict], None]:
    return lambda _m, p: p["reports"][0].__setitem__(field, value)


def set_made_by(field: str, value: str) -> Callable[[dict, dict], None]:
    return lambda m, _p: m["made_by"].__setitem__(field, value)


HOSTILE = [
    ("village_controls", set_village("红旗\x00村\x1b[31m"),
     "附件3 第 1 行：第 2 个村（社区）名称含有不可见的控制字符"),
    ("town_override_and_lines", set_town("town", "白沙\u202e镇\r\nBcc: x"),
     "附件3 第 1 行：乡镇（街道）含有不可见的控制字符"),
    ("town_line_break", set_town("town", "白沙镇\r\nBcc: x"), "附件3 第 1 行：乡镇（街道）含有换行"),
    ("village_100", set_village("村" * 100), "附件3 第 1 行：第 2 个村（社区）名称内容过长（100 个字），最多 40 个字"),
    ("county_41", set_town("county", "县" * 41), "附件3 第 1 行：县（市、区）内容过长（41 个字），最多 40 个字"),
    ("note_201", set_town("note", "注" * 201), "附件3 第 1 行：备注内容过长（201 个字），最多 200 个字"),
    ("origin_lines", set_town("origin", "榕山镇便民服务中心\r\nBcc: x"), "附件3 第 1 行：原始填报单位含有换行"),
    ("reporter_lines", set_report("reporter", "张三\nBcc: x"), "第 1 份月报：填报人含有换行"),
    ("phone_long", set_report("phone", "1" * 41), "第 1 份月报：联系电话内容过长（41 个字），最多 40 个字"),
    ("region_controls", set_report("unit", "合江县\x07榕山镇"), "第 1 份月报：填报单位含有不可见的控制字符"),
    ("explanation_201", set_report("explanations", {"w1": "说" * 201}),
     "第 1 份月报：说明w1内容过长（201 个字），最多 200 个字"),
    ("section_override", set_report("texts", {"problems": "无\u202e"}), "第 1 份月报：文字“二、存在问题”含有不可见的控制字符"),
    ("event_note_lines", lambda _m, p: p.__setitem__("events", [
        {"kind": "monthly_bulletin", "done_on": "2021-04-10", "note": "通报\r\nBcc: x", "unit": "榕山镇"}]),
     "第 1 条四个一记录：说明含有换行"),
    ("event_unit_controls", lambda _m, p: p.__setitem__("events", [
        {"kind": "monthly_bulletin", "done_on": "2021-04-10", "note": "", "unit": "榕山镇\x1b[31m"}]),
     "第 1 条四个一记录：单位含有不可见的控制字符"),
]


@pytest.mark.parametrize("name, change, where", HOSTILE, ids=[h[0] for h in HOSTILE])
def test_a_value_typing_refuses_refuses_the_package(good, name, change, where):
    bad = crafted(good, f"{name}.zctb", change)
    with pytest.raises(PackageError) as info:
        read_package(bad)
    assert str(info.value) == f"交换包“{name}.zctb”的内容不正确（{where}），不能导入。{REDO}"


@pytest.mark.parametrize("field, value, what", [
    ("office", "榕山镇便民服务中心\r\nBcc: x", "制作单位的单位名称含有换行"),
    ("name", "合江县榕山镇\u202e便民服务中心", "制作单位含有不可见的控制字符"),
    ("region_name", "合" * 41, "制作单位的地区内容过长（41 个字），最多 40 个字"),
])
def test_a_maker_typing_refuses_refuses_the_package(good, field, value, what):
    bad = crafted(good, "制作单位.zctb", set_made_by(field, value))
    with pytest.raises(PackageError) as info:
        read_package(bad)
    assert str(info.value) == f"交换包“制作单位.zctb”的清单（manifest.json）不正确：{what}。{REDO}"


def test_values_at_their_limits_are_read(good):
    def at_limits(manifest: dict, payload: dict) -> None:
        first_town(payload)["note"] = "注" * LIMITS["note"]
        first_town(payload)["villages"][1]["name"] = "村" * LIMITS["village"]
        payload["reports"][0]["reporter"] = "  张三  "  # white space is cleaned as typing cleans it
        manifest["made_by"]["office"] = "局" * LIMITS["office"]

    package = read_package(crafted(good, "刚好.zctb", at_limits))
    town = package.payload.rosters[0].towns[0]
    assert (town.note, town.villages[1].name) == ("注" * 200, "村" * 40)
    assert package.payload.reports[0].reporter == "张三"
    assert package.source().unit.office == "局" * 60


def test_the_command_line_refuses_it_and_the_database_stays_as_it_was(good, tmp_path):
    county = county_office(tmp_path)
    county.close()
    db = tmp_path / "合江县.sqlite"
    bad = crafted(good, "白沙 镇.zctb", set_town("town", "白沙\u202e镇\r\nBcc: x"))
    office = crafted(good, "单位.zctb", set_made_by("office", "榕山镇便民服务中心\r\nBcc: x"))
    before = digest(db)
    for path in (bad, office):
        for dry in ((), ("--dry-run",)):
            r = run("import", "--db", db, *dry, good, path)
            assert r.returncode == 2, r.stdout + r.stderr
            assert r.stderr.startswith(f"错误：交换包“{path.name}”") and "不正确" in r.stderr
            assert digest(db) == before
    r = run("check", "--db", db)
    assert "白沙" not in r.stdout + r.stderr


def test_workbook_and_package_take_the_same_value_alike(good, tmp_path, gaz):
    """A 100-character village name: refused from a workbook before, now from a package too."""
    from corpus.hostile import roster_book

    from desktop.domain.model import COLUMNS
    from desktop.exchange.errors import ImportFileError
    from desktop.exchange.roster.reader import read_roster_workbooks

    name = "村" * 100
    book = roster_book(tmp_path / "名单.xlsx", [["附件3"], list(COLUMNS),
                                               ["泸州市", "合江县", "榕山镇", "中心镇", f"木广社区、{name}", ""]])
    with pytest.raises(ImportFileError, match="最多 40 个字"):
        read_roster_workbooks([book], gaz)
    with pytest.raises(PackageError, match="最多 40 个字"):
        read_package(crafted(good, "村名.zctb", set_village(name)))
