"""The exchange package file: what it holds, and every way a bad one is refused (nothing else raised)."""

from __future__ import annotations

import hashlib
import json
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from corpus.offices import county_office, package_of, town, township
from corpus.tamper import parts, resealed, rezip

from desktop.domain.model import Level, Roster
from desktop.domain.monthly.report import MonthlyReport, YearMonth
from desktop.exchange.package import archive as pkg
from desktop.exchange.package.archive import PackageError, json_depth, read_package, select_scope
from desktop.exchange.sniff import is_package
from desktop.system.about import __version__


@pytest.fixture
def good(tmp_path: Path, gaz) -> Path:
    store = township(tmp_path, gaz, "榕山镇")
    store.create_report(MonthlyReport("合江县", YearMonth(2021, 4), reporter="张三", filled_on=date(2021, 4, 20),
                                      values={"pilot_towns": 1, "hall_area_avg": 12.5}, texts={"problems": "无"}))
    try:
        package_of(store, tmp_path / "榕山镇 交换包.zctb", made_at=datetime(2021, 3, 20, 9, 30))
    finally:
        store.close()
    return tmp_path / "榕山镇 交换包.zctb"


def refused(path: Path) -> str:
    with pytest.raises(PackageError) as info:
        read_package(path)
    assert info.value.path == path
    return str(info.value)


def test_what_a_package_holds(good):
    manifest, payload = parts(good)
    assert {k: manifest[k] for k in ("format", "format_version", "app", "app_version", "made_at", "province", "scope",
                                     "counts")} == {
        "format": "zhencun-tianbao-exchange", "format_version": 1, "app": "镇村便民服务试点填报", "app_version": __version__,
        "made_at": "2021-03-20T09:30:00", "province": "51", "scope": {"kind": "all", "name": ""},
        "counts": {"towns": 1, "villages": 4, "reports": 1, "events": 0}}
    assert manifest["made_by"] == {"name": "合江县榕山镇便民服务中心", "office": "榕山镇便民服务中心",
                                   "region_name": "合江县", "region_code": "510522"}
    assert len(manifest["package_id"]) == 32
    with zipfile.ZipFile(good) as zf:
        raw = zf.read("payload.json")
        assert zf.namelist() == ["manifest.json", "payload.json"]
    assert manifest["payload"] == {"name": "payload.json", "size": len(raw), "sha256": hashlib.sha256(raw).hexdigest()}
    (roster,) = payload["rosters"]
    assert (roster["level"], roster["filled_on"]) == (3, "2021-03-20")
    (t,) = roster["towns"]
    assert (t["town"], t["town_code"], t["origin"]) == ("榕山镇", "510522109", "合江县榕山镇便民服务中心")
    assert t["villages"][0] == {"name": "木广社区", "code": "510522109001"}
    assert payload["reports"][0]["values"] == {"pilot_towns": 1, "hall_area_avg": 12.5}
    package = read_package(good)
    assert package.made_by == "合江县榕山镇便民服务中心" and package.payload.towns == 1
    assert package.sha256 == hashlib.sha256(good.read_bytes()).hexdigest()
    incoming = package.incoming()
    assert incoming.source.kind == "package" and incoming.filled_on == {Level.COUNTY: date(2021, 3, 20)}
    assert [r.entry.town for r in incoming.rows] == ["榕山镇"] and incoming.reports[0].texts == {"problems": "无"}
    assert is_package(good)


def test_tampered_payload_is_refused(good, tmp_path):
    manifest, payload = parts(good)
    payload["rosters"][0]["towns"][0]["note"] = "偷偷改的"
    bad = rezip(good, tmp_path / "改过.zctb", payload_json=json.dumps(payload, ensure_ascii=False).encode())
    assert refused(bad).startswith("交换包“改过.zctb”校验失败：内容与校验码（SHA-256）不符，文件可能被修改或损坏，不能导入")


def test_counts_that_do_not_match_are_refused(good, tmp_path):
    manifest, payload = parts(good)
    bad = resealed(good, tmp_path / "数量.zctb", {**manifest, "counts": {"towns": 2, "villages": 4, "reports": 1}}, payload)
    assert "清单与内容的数量不一致" in refused(bad)


def test_newer_format_is_refused(good, tmp_path):
    manifest, payload = parts(good)
    bad = resealed(good, tmp_path / "新版.zctb", {**manifest, "format_version": 2, "app_version": "9.0"}, payload)
    assert refused(bad) == ("交换包“新版.zctb”由更新版本的本软件制作（9.0，交换包格式第 2 版），"
                            f"当前软件版本 {__version__} 只支持到第 1 版，请升级软件后再导入")


@pytest.mark.parametrize("edit,message", [
    (lambda m, p: ({**m, "province": "52"}, p), "是其他省份的数据（省份代码“52”），本软件只接收四川省（51）的数据，不能导入"),
    (lambda m, p: ({**m, "made_by": {**m["made_by"], "region_code": "520102"}}, p), "的制作单位不在四川省（区划代码“520102”），不能导入"),
    (lambda m, p: (m, {**p, "rosters": [{**p["rosters"][0], "towns": [
        {**p["rosters"][0]["towns"][0], "town_code": "520102001"}]}]}),
     "含有其他省份的区划代码“520102001”（附件3 第 1 行：乡镇（街道）），本软件只接收四川省（51）的数据，不能导入"),
])
def test_another_province_is_refused(good, tmp_path, edit, message):
    manifest, payload = parts(good)
    bad = resealed(good, tmp_path / "贵州.zctb", *edit(manifest, payload))
    assert refused(bad) == f"交换包“贵州.zctb”{message}"


def test_truncated_and_not_zip(good, tmp_path):
    half = tmp_path / "没复制完.zctb"
    half.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    assert refused(half).startswith("交换包“没复制完.zctb”已损坏或不完整（可能没有复制完），无法读取")
    text = tmp_path / "文本.zctb"
    text.write_text("hello", encoding="utf-8")
    assert is_package(text)
    assert refused(text).startswith("交换包“文本.zctb”已损坏或不完整")
    empty = tmp_path / "空.zctb"
    empty.write_bytes(b"")
    assert refused(empty).startswith("交换包“空.zctb”已损坏或不完整")


def test_zip_bomb_is_refused_without_inflating_it(good, tmp_path):
    bomb = rezip(good, tmp_path / "炸弹.zctb", payload_json=b" " * (pkg.MAX_PAYLOAD_BYTES + 1))
    assert bomb.stat().st_size < 200_000
    assert refused(bomb) == "交换包“炸弹.zctb”中的 payload.json 解压后超过 32768 KB，不是正常的交换包，已拒绝读取"


def test_deep_json_and_broken_json_are_refused(good, tmp_path):
    manifest, _ = parts(good)
    deep = resealed(good, tmp_path / "深.zctb", manifest, ("[" * 50 + "]" * 50).encode())
    assert refused(deep) == "交换包“深.zctb”中的 payload.json 嵌套层数过多（50 层），不是正常的交换包，已拒绝读取"
    broken = resealed(good, tmp_path / "坏.zctb", manifest, b'{"rosters": [')
    assert refused(broken).startswith("交换包“坏.zctb”中的 payload.json 不是有效的 JSON，文件已损坏")
    bad_manifest = rezip(good, tmp_path / "清单坏.zctb", manifest_json=b"\xff\xfe")
    assert refused(bad_manifest).startswith("交换包“清单坏.zctb”中的 manifest.json 不是 UTF-8 文本")
    assert json_depth({"a": "[[[[", "b": [1, {"c": [2]}]}) == 4 and json_depth(3) == 0
    very_deep = resealed(good, tmp_path / "很深.zctb", manifest, ("[" * 100_000 + "]" * 100_000).encode())
    assert refused(very_deep) == "交换包“很深.zctb”中的 payload.json 嵌套层数过多，不是正常的交换包，已拒绝读取"


@pytest.mark.parametrize("edit,message", [
    (lambda m, p: ({**m, "format": "other"}, p), "文件“x.zctb”不是本软件的交换包（格式标识为“other”）"),
    (lambda m, p: ({**m, "format_version": "1"}, p), "交换包“x.zctb”的清单（manifest.json）不正确：格式版本“1”不正确"),
    (lambda m, p: ({k: v for k, v in m.items() if k != "made_by"}, p), "的清单（manifest.json）不正确：没有写明制作单位"),
    (lambda m, p: ({**m, "made_at": "昨天"}, p), "的清单（manifest.json）不正确：制作时间“昨天”格式不正确"),
    (lambda m, p: (m, {**p, "rosters": [{**p["rosters"][0], "level": 4}]}), "的内容不正确（第 1 个名单：附件编号“4”不正确）"),
    (lambda m, p: (m, {**p, "reports": [{**p["reports"][0], "values": {"x": "多"}}]}), "的内容不正确（第 1 份月报：数据x“多”不是数字）"),
    (lambda m, p: (m, {**p, "rosters": [{**p["rosters"][0], "towns": [
        {**p["rosters"][0]["towns"][0], "villages": [{"name": "甲村", "code": "51"}]}]}]}),
     "的内容不正确（附件3 第 1 行：第 1 个村（社区）代码“51”不是 12 位数字）"),
])
def test_a_manifest_or_payload_that_is_not_right_is_refused(good, tmp_path, edit, message):
    manifest, payload = parts(good)
    bad = resealed(good, tmp_path / "x.zctb", *edit(manifest, payload))
    assert message in refused(bad)


def test_other_zip_files(good, tmp_path):
    missing = rezip(good, tmp_path / "缺清单.zip", manifest_json=None)
    assert not is_package(missing)
    assert refused(missing) == "文件“缺清单.zip”不是本软件的交换包（缺少 manifest.json），请选择扩展名为 .zctb 的交换包文件"
    many = tmp_path / "很多.zctb"
    with zipfile.ZipFile(many, "w") as zf:
        for i in range(20):
            zf.writestr(f"{i}.txt", "x")
    assert refused(many) == "文件“很多.zctb”含有 20 个文件，不是本软件的交换包"
    from openpyxl import Workbook

    xlsx = tmp_path / "名单.zctb"
    Workbook().save(xlsx)
    assert refused(xlsx) == "文件“名单.zctb”是 Excel 工作簿，不是交换包"


def test_write_refuses_without_a_reporting_unit(tmp_path, gaz):
    from desktop.domain.model import ReportingUnit
    from desktop.exchange.package.archive import write_package

    with pytest.raises(PackageError, match="^填报单位未设置"):
        write_package(tmp_path / "a.zctb", [Roster(Level.COUNTY, None, [town(gaz, "榕山镇")])], [], ReportingUnit())
    assert not (tmp_path / "a.zctb").exists()


def test_select_scope(tmp_path, gaz):
    store = county_office(tmp_path)
    try:
        store.add_town(town(gaz, "榕山镇"))
        store.add_town(town(gaz, "白沙镇", level=Level.PROVINCIAL))
        store.add_town(town(gaz, "福集镇", county="泸县"))
        store.create_report(MonthlyReport("合江县", YearMonth(2021, 4)))
        rosters, reports = store.load_rosters(), store.reports()
    finally:
        store.close()
    kind, picked, reps = select_scope(rosters, reports, "合江县")
    assert (kind, [t.town for r in picked for t in r.towns], len(reps)) == ("county", ["白沙镇", "榕山镇"], 1)
    kind, picked, reps = select_scope(rosters, reports, "泸县 福集镇")
    assert (kind, [t.town for r in picked for t in r.towns], reps) == ("town", ["福集镇"], [])
    assert select_scope(rosters, reports, "")[0] == "all"
    with pytest.raises(ValueError, match="^数据库中没有名为“江阳区”的县（市、区）或乡镇（街道）"):
        select_scope(rosters, reports, "江阳区")


def test_county_scope_carries_its_townships_reports(tmp_path, gaz):
    store = county_office(tmp_path)
    try:
        store.add_town(town(gaz, "榕山镇"))
        store.add_town(town(gaz, "福集镇", county="泸县"))
        for unit in ("合江县", "榕山镇", "合江县榕山镇", "福集镇", "泸州市"):
            store.create_report(MonthlyReport(unit, YearMonth(2021, 4)))
        rosters, reports = store.load_rosters(), store.reports()
    finally:
        store.close()
    _, _, reps = select_scope(rosters, reports, "合江县")
    assert sorted(r.region for r in reps) == ["合江县", "合江县榕山镇", "榕山镇"]
    _, _, reps = select_scope(rosters, reports, "福集镇")
    assert [r.region for r in reps] == ["福集镇"]


def test_damaged_bytes_anywhere_never_raise_anything_else(good, tmp_path):
    data = good.read_bytes()
    bad = tmp_path / "坏字节.zctb"
    outcomes = set()
    for i in range(0, len(data), max(1, len(data) // 300)):
        for value in (0x00, 0xFF, data[i] ^ 0x01):
            bad.write_bytes(data[:i] + bytes([value]) + data[i + 1:])
            try:
                read_package(bad)
                outcomes.add("read")
            except PackageError as exc:
                assert str(exc).startswith(("交换包“坏字节.zctb”", "文件“坏字节.zctb”")), str(exc)
                outcomes.add("refused")
    assert "refused" in outcomes
