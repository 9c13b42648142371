"""Reading roster workbooks: our own exports (round trip), hand-made variants, and files that are not rosters."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime

import pytest
from helpers import realworld, write_sheet

from desktop.domain.model import COLUMNS, Level, ReportingUnit, Roster, Settings, TownEntry, Village
from desktop.exchange.errors import ImportFileError
from desktop.exchange.roster import reader as roster_import
from desktop.exchange.roster.export import export_rosters
from desktop.exchange.roster.reader import ImportResult, read_roster_workbooks

TITLE_1 = "省级试点地区乡镇（街道）、村（社区）名单"
RESAVE = "请在 Excel 或 WPS 中打开，用“另存为”保存成“Excel 工作簿（*.xlsx）”后再导入"


def town_entry(gaz, level: Level, city: str, county: str, town: str, town_type: str, note: str = "",
               limit: int = 12) -> TownEntry:
    c = gaz.find("city", city)
    k = gaz.find("county", county, c.code)
    t = gaz.find("town", town, k.code)
    villages = [Village(v.name, v.code) for v in gaz.children_of(t.code)[:limit]]
    return TownEntry(level, city, county, town, town_type, note, c.code, k.code, t.code, villages)


def summary(result: ImportResult) -> list[tuple]:
    return [(r.level, r.filled_on, [(t.city, t.county, t.town, t.town_type, t.note, t.village_names)
                                    for t in r.towns]) for r in result.rosters]


# -- round trip -----------------------------------------------------------------------------------------
def test_round_trip_all_three_attachments(gaz, folder):
    settings = Settings(ReportingUnit("5105", "泸州市", "政务服务管理局"))
    provincial = Roster(Level.PROVINCIAL, date(2021, 3, 26), [
        town_entry(gaz, Level.PROVINCIAL, "泸州市", "合江县", n, ty, note)
        for n, ty, note in (("榕山镇", "中心镇", "示范点"), ("望龙镇", "重点镇", ""), ("尧坝镇", "特色小镇", ""),
                            ("福宝镇", "重点镇", ""), ("先滩镇", "一般乡镇", "含 2 个社区"))])
    city = Roster(Level.CITY, date(2021, 3, 25), [
        town_entry(gaz, Level.CITY, "泸州市", "泸县", "福集镇", "特色小镇", limit=3),
        town_entry(gaz, Level.CITY, "泸州市", "泸县", "嘉明镇", "县级政府驻地镇", limit=1),
        town_entry(gaz, Level.CITY, "泸州市", "江阳区", "分水岭镇", "一般乡镇", limit=2),
    ])
    county = Roster(Level.COUNTY, date(2021, 3, 24), [
        town_entry(gaz, Level.COUNTY, "泸州市", "合江县", "白沙镇", "中心镇", limit=4),
        town_entry(gaz, Level.COUNTY, "泸州市", "合江县", "九支镇", "一般乡镇", limit=0),
    ])
    paths = export_rosters([provincial, city, county], settings, folder)
    result = read_roster_workbooks(paths, gaz)
    assert summary(result) == summary(ImportResult([provincial, city, county]))
    for got, want in zip(result.rosters, (provincial, city, county), strict=True):
        assert [(t.city_code, t.county_code, t.town_code) for t in got.towns] == \
            [(t.city_code, t.county_code, t.town_code) for t in want.towns]
        assert [[v.code for v in t.villages] for t in got.towns] == [[v.code for v in t.villages] for t in want.towns]
        assert [t.position for t in got.towns] == list(range(len(want.towns)))
    assert result.messages == [
        f"“{paths[0].name}”的工作表“附件1”按附件1（省级试点，依据表内“附件1”字样）读取：5 个乡镇（街道），53 个村（社区）",
        f"“{paths[1].name}”的工作表“附件2”按附件2（市级试点，依据表内“附件2”字样）读取：3 个乡镇（街道），6 个村（社区）",
        f"“{paths[2].name}”的工作表“附件3”按附件3（县级试点，依据表内“附件3”字样）读取：2 个乡镇（街道），4 个村（社区）",
        "填报单位：泸州市政务服务管理局",
    ]
    assert result.unit_names == ["泸州市政务服务管理局"]


def test_round_trip_keeps_formula_looking_and_unmatched_names(gaz, folder):
    settings = Settings(ReportingUnit(None, "", "某县政务中心"))
    roster = Roster(Level.COUNTY, date(2021, 3, 26), [
        TownEntry(Level.COUNTY, "泸州市", "合江县", "=新镇", "一般乡镇", "@备注", villages=[Village("+1村"), Village("-2村")]),
    ])
    [path] = export_rosters([roster], settings, folder)
    [got] = read_roster_workbooks([path], gaz).rosters
    assert [(t.town, t.note, t.village_names, t.town_code) for t in got.towns] == [("=新镇", "@备注", ["+1村", "-2村"], None)]


# -- hand-made variants ---------------------------------------------------------------------------------
@pytest.mark.parametrize("style", ["merged", "blank", "repeated"])
def test_city_and_county_merged_blank_or_repeated(gaz, folder, style):
    def cc(i: int, county: str) -> list[str | None]:
        if style == "repeated" or i in (0, 2):
            return ["泸州市" if style == "repeated" or i == 0 else None, county]
        return [None, None]

    rows = [
        ["附件3"], ["县级试点地区乡镇（街道）、村（社区）名单"], ["填报单位：泸州市政务服务管理局", None, None, "填报时间：", "2021年3月26日"],
        list(COLUMNS),
        cc(0, "泸县") + ["福集镇", "中心镇", "石鸭滩村、赵岩村", ""],
        cc(1, "泸县") + ["嘉明镇", "一般乡镇", "秀水社区", ""],
        cc(2, "合江县") + ["榕山镇", "重点镇", "木广社区、进宝村", "备注甲"],
        cc(3, "合江县") + ["白沙镇", "一般乡镇", "", ""],
    ]
    merges = ("A5:A8", "B5:B6", "B7:B8") if style == "merged" else ()
    path = write_sheet(folder / f"县级 名单 {style}.xlsx", rows, merges=merges)
    result = read_roster_workbooks([path], gaz)
    assert summary(result) == [(Level.COUNTY, date(2021, 3, 26), [
        ("泸州市", "泸县", "福集镇", "中心镇", "", ["石鸭滩村", "赵岩村"]),
        ("泸州市", "泸县", "嘉明镇", "一般乡镇", "", ["秀水社区"]),
        ("泸州市", "合江县", "榕山镇", "重点镇", "备注甲", ["木广社区", "进宝村"]),
        ("泸州市", "合江县", "白沙镇", "一般乡镇", "", []),
    ])]
    towns = result.rosters[0].towns
    assert [t.county_code for t in towns] == ["510521", "510521", "510522", "510522"]
    assert all(t.town_code for t in towns)
    assert [v.code for v in towns[2].villages] == ["510522109001", "510522109203"]


def test_town_type_and_note_merged_down_belong_to_each_town(gaz, folder):
    """乡镇类型 and 备注 merged over several towns (as WPS lets one write them once): every town of the range
    has them; a continuation row (one village a row) stays part of its town."""
    rows = [
        ["附件3"], ["县级试点地区乡镇（街道）、村（社区）名单"], ["填报单位：泸州市政务服务管理局"],
        list(COLUMNS),
        ["泸州市", "合江县", "榕山镇", "重点镇", "木广社区", "同批建设"],
        ["泸州市", "合江县", "白沙镇", None, "石龙村", None],
        ["泸州市", "合江县", "尧坝镇", "一般乡镇", "白村", None],
        ["泸州市", "合江县", "先市镇", "中心镇", "顺江村", ""],
        [None, None, None, None, "二郎村", None],  # 先市镇's next village: its type merged down over it
    ]
    path = write_sheet(folder / "合并 单元格.xlsx", rows, merges=("D5:D6", "F5:F7", "D8:D9", "C8:C9"))
    [roster] = read_roster_workbooks([path], gaz).rosters
    assert [(t.town, t.town_type, t.note, t.village_names) for t in roster.towns] == [
        ("榕山镇", "重点镇", "同批建设", ["木广社区"]),
        ("白沙镇", "重点镇", "同批建设", ["石龙村"]),
        ("尧坝镇", "一般乡镇", "同批建设", ["白村"]),
        ("先市镇", "中心镇", "", ["顺江村", "二郎村"]),
    ]


def test_messy_header_serial_column_other_order_and_separators(gaz, folder):
    rows = [
        ["附件1"],
        [None, "省级试点地区乡镇(街道)、村(社区)名单"],
        [None, "填报单位：泸州市政务服务管理局", None, None, "填报时间：", datetime(2021, 3, 26)],
        [],
        ["序号", " 市 (州) ", "县(市、区)", "乡镇 (街道)", "村(社区)", "乡镇类型", "备 注"],
        [1, "泸州市", "合江县", "榕山 镇", "木广社区居民委员会，进宝村民委员会;木广村 / 皇城坝村\n万宝山村  八仙村、永安村,坪岩村；回洞桥村、梧桐山村",
         "中心镇", None],
        [2, None, None, "望龙镇", "望龙社区、新场子村", "特色镇", "  新增  "],
        [None],
        ["填报说明：1. 该表填报省级 11 个试点地区。"],
        [3, "泸州市", "合江县", "尧坝镇", "白村", "一般乡镇", "说明下方的行不读"],
    ]
    path = write_sheet(folder / "合江县 上报.xlsx", rows, title="名单")
    result = read_roster_workbooks([path], gaz)
    [roster] = result.rosters
    assert roster.level is Level.PROVINCIAL and roster.filled_on == date(2021, 3, 26)
    rongshan, wanglong = roster.towns
    assert (rongshan.town, rongshan.town_code, rongshan.town_type) == ("榕山镇", "510522109", "中心镇")
    assert rongshan.village_names == ["木广社区", "进宝村", "木广村", "皇城坝村", "万宝山村", "八仙村", "永安村",
                                      "坪岩村", "回洞桥村", "梧桐山村"]
    assert all(v.code and v.code.startswith("510522109") for v in rongshan.villages)
    assert (wanglong.city, wanglong.county, wanglong.town_type, wanglong.note) == ("泸州市", "合江县", "特色小镇", "新增")
    assert result.messages == [
        "“合江县 上报.xlsx”的工作表“名单”按附件1（省级试点，依据表内“附件1”字样）读取：2 个乡镇（街道），12 个村（社区）",
        "填报单位：泸州市政务服务管理局",
    ]


def test_one_village_per_row(gaz, folder):
    rows = [
        ["市级试点地区乡镇（街道）、村（社区）名单"],
        ["填报单位：", "泸州市政务服务管理局", None, "填报时间：", "2021-03-25"],
        list(COLUMNS),
        ["泸州市", "泸县", "福集镇", "中心镇", "石鸭滩村", ""],
        ["泸州市", "泸县", "福集镇", "中心镇", "赵岩村", ""],
        ["泸州市", "泸县", "福集镇", "", "大田社区居委会", "补报"],
        ["泸州市", "泸县", "嘉明镇", "一般乡镇", "秀水社区", ""],
        [None, None, None, None, "石燕村", None],  # town merged down / left blank
    ]
    path = write_sheet(folder / "名单.xlsx", rows, merges=("C7:C8",))
    [roster] = read_roster_workbooks([path], gaz).rosters
    assert roster.level is Level.CITY and roster.filled_on == date(2021, 3, 25)
    assert [(t.town, t.town_type, t.note, t.village_names) for t in roster.towns] == [
        ("福集镇", "中心镇", "补报", ["石鸭滩村", "赵岩村", "大田社区"]),
        ("嘉明镇", "一般乡镇", "", ["秀水社区", "石燕村"]),
    ]
    assert [v.code for t in roster.towns for v in t.villages] == [
        "510521100231", "510521100232", "510521100015", "510521101002", "510521101227"]


def test_sample_row_prefix_and_placeholders(gaz, folder):
    rows = [
        ["附件 2"],
        list(COLUMNS),
        ["示例：泸州市", "泸县", "XX 乡镇（街道）", "XX", "XX 村（社区）", None],
        [None, None, "XX 乡镇（街道）", "XX", "XX 村（社区）", None],
        ["示例：泸州市", "泸县", "福集镇", "中心镇", "石鸭滩村", None],
        [None, None, "嘉明镇", "一般乡镇", "秀水社区", None],
        ["……", "……", "……", "……", "……", None],
    ]
    path = write_sheet(folder / "名单.xlsx", rows)
    result = read_roster_workbooks([path], gaz)
    assert summary(result) == [(Level.CITY, None, [
        ("泸州市", "泸县", "福集镇", "中心镇", "", ["石鸭滩村"]),
        ("泸州市", "泸县", "嘉明镇", "一般乡镇", "", ["秀水社区"]),
    ])]
    assert "“名单.xlsx”的工作表“Sheet1”：跳过了 3 行样例或合计行（如“XX 乡镇”）" in result.messages


def test_forward_filled_city_yields_to_the_countys_own_city(gaz, folder):
    rows = [
        ["县级试点地区乡镇（街道）、村（社区）名单"],
        list(COLUMNS),
        ["泸州市", "泸县", "福集镇", "中心镇", "石鸭滩村", None],
        [None, "旌阳区", "孝泉镇", "一般乡镇", "", None],
    ]
    [roster] = read_roster_workbooks([write_sheet(folder / "名单.xlsx", rows)], gaz).rosters
    assert [(t.city, t.city_code, t.county, t.county_code) for t in roster.towns] == [
        ("泸州市", "5105", "泸县", "510521"), ("德阳市", "5106", "旌阳区", "510603")]


@pytest.mark.parametrize("where", ["attachment", "title", "sheet", "file"])
def test_which_attachment(gaz, folder, where):
    top = {"attachment": [["附件3"]], "title": [["县级试点地区乡镇（街道）、村（社区）名单"]]}.get(where, [])
    rows = top + [list(COLUMNS), ["泸州市", "泸县", "福集镇", "中心镇", "石鸭滩村", None]]
    sheet = "附件3" if where == "sheet" else "Sheet1"
    name = "县级试点名单.xlsx" if where == "file" else "名单.xlsx"
    result = read_roster_workbooks([write_sheet(folder / name, rows, title=sheet)], gaz)
    assert [r.level for r in result.rosters] == [Level.COUNTY]
    reason = {"attachment": "表内“附件3”字样", "title": "标题", "sheet": "工作表名", "file": "文件名"}[where]
    assert result.messages[0] == (f"“{name}”的工作表“{sheet}”按附件3（县级试点，依据{reason}）读取："
                                  f"1 个乡镇（街道），1 个村（社区）")


def test_unknown_attachment_is_refused(gaz, folder):
    path = write_sheet(folder / "名单 汇总.xlsx", [list(COLUMNS), ["泸州市", "泸县", "福集镇", "中心镇", "石鸭滩村", None]])
    with pytest.raises(ImportFileError) as info:
        read_roster_workbooks([path], gaz)
    assert str(info.value) == (
        "文件“名单 汇总.xlsx”的工作表“Sheet1”无法确定是哪个附件：缺少标题行（省级/市级/县级试点地区乡镇（街道）、"
        "村（社区）名单），表内、工作表名和文件名也没有“附件1/2/3”字样。请在表头上方补上标题后再导入")
    assert info.value.path == path and info.value.sheet == "Sheet1"


def test_conflicting_clues_are_noted(gaz, folder):
    rows = [["附件1"], ["市级试点地区乡镇（街道）、村（社区）名单"], list(COLUMNS),
            ["泸州市", "泸县", "福集镇", "中心镇", "石鸭滩村", None]]
    result = read_roster_workbooks([write_sheet(folder / "名单.xlsx", rows)], gaz)
    assert [r.level for r in result.rosters] == [Level.PROVINCIAL]
    assert "注意：标题表明是附件2（市级试点），与表内“附件1”字样不一致，已按附件1读取，请核对" in result.messages


def test_two_files_of_one_level_are_appended_latest_date_wins(gaz, folder):
    head = [["附件3"], ["填报时间：2021年3月20日"], list(COLUMNS)]
    a = write_sheet(folder / "甲.xlsx", head + [["泸州市", "泸县", "福集镇", "中心镇", "石鸭滩村", None]])
    head[1] = ["填报时间：", "2021.3.28"]
    b = write_sheet(folder / "乙.xlsx", head + [["泸州市", "合江县", "榕山镇", "中心镇", "进宝村", None]])
    result = read_roster_workbooks([a, b], gaz)
    [roster] = result.rosters
    assert [t.town for t in roster.towns] == ["福集镇", "榕山镇"]
    assert roster.filled_on == date(2021, 3, 28)
    assert "附件3 的填报时间不一致（2021年3月20日、2021年3月28日），采用最晚的 2021年3月28日" in result.messages


def test_unreadable_date_is_reported(gaz, folder):
    rows = [["附件3"], ["填报时间：2021年3月"], list(COLUMNS), ["泸州市", "泸县", "福集镇", "中心镇", "石鸭滩村", None]]
    result = read_roster_workbooks([write_sheet(folder / "名单.xlsx", rows)], gaz)
    assert result.rosters[0].filled_on is None
    assert "“名单.xlsx”的工作表“Sheet1”：填报时间“2021年3月”无法识别，请导入后在程序中填写" in result.messages


def test_other_sheets_are_skipped_and_noted(gaz, folder):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = "封面"
    wb.active["A1"] = "泸州市上报材料"
    ws = wb.create_sheet("附件1")
    ws.append(list(COLUMNS))
    ws.append(["泸州市", "合江县", "榕山镇", "中心镇", "木广社区", None])
    path = folder / "上报.xlsx"
    wb.save(path)
    result = read_roster_workbooks([path], gaz)
    assert [r.level for r in result.rosters] == [Level.PROVINCIAL]
    assert result.messages[0] == "“上报.xlsx”的工作表“封面”没有名单表头，已跳过"


def test_wrong_sheet_dimensions_are_ignored(gaz, folder):
    """WPS declares <dimension ref="A1"/>: read-only mode must still see every row."""
    rows = [["附件3"], list(COLUMNS)] + [["泸州市", "泸县", t, "一般乡镇", "石鸭滩村", None] for t in ("福集镇", "嘉明镇")]
    src = write_sheet(folder / "原始.xlsx", rows)
    path = folder / "wps.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(path, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode("utf-8")
                start = text.index("<dimension")
                text = text[:start] + '<dimension ref="A1"/>' + text[text.index(">", start) + 1:]
                data = text.encode("utf-8")
            zout.writestr(item, data)
    assert '<dimension ref="A1"/>' in zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml").decode()
    [roster] = read_roster_workbooks([path], gaz).rosters
    assert [t.town for t in roster.towns] == ["福集镇", "嘉明镇"]


def test_row_cap(gaz, folder, monkeypatch):
    monkeypatch.setattr(roster_import, "MAX_ROWS", 10)
    rows = [["附件3"], list(COLUMNS)] + [["泸州市", "泸县", f"镇{i}", "一般乡镇", "村", None] for i in range(20)]
    with pytest.raises(ImportFileError) as info:
        read_roster_workbooks([write_sheet(folder / "大表.xlsx", rows)], gaz)
    assert str(info.value) == ("文件“大表.xlsx”的工作表“Sheet1”超过 10 行，已停止读取。试点名单不会有这么多行，"
                               "请删去多余的行（或把名单部分复制到新文件）后再导入")


def test_time_cap(gaz, folder, monkeypatch):
    monkeypatch.setattr(roster_import, "MAX_SECONDS", -1.0)
    rows = [["附件3"], list(COLUMNS), ["泸州市", "泸县", "福集镇", "中心镇", "石鸭滩村", None]]
    with pytest.raises(ImportFileError) as info:
        read_roster_workbooks([write_sheet(folder / "宽表.xlsx", rows)], gaz)
    assert str(info.value) == ("文件“宽表.xlsx”的工作表“Sheet1”内容过多（读到第 3 行已超过 -1 秒），"
                               "已停止读取。请把名单部分复制到新的工作簿后再导入")


# -- files that are not rosters --------------------------------------------------------------------------
NO_HEADER = ("中没有找到试点名单的表头（已查看工作表：{sheets}）。名单应有“市（州）、县（市、区）、乡镇（街道）、乡镇类型、"
             "村（社区）、备注”这一行表头；请确认选择的是附件1/2/3 名单文件")


@pytest.mark.parametrize("name,sheets", [("wps-office.xlsx", "“Sheet1”"), ("google-sheets.xlsx", "“Sheet1”"),
                                         ("mac-numbers.xlsx", "“主动技能”")])
def test_realworld_non_rosters_are_refused(gaz, name, sheets):
    path = realworld(name)
    with pytest.raises(ImportFileError) as info:
        read_roster_workbooks([path], gaz)
    assert str(info.value) == f"文件“{name}”" + NO_HEADER.format(sheets=sheets)
    assert info.value.path == path


def test_not_a_zip(gaz, folder):
    path = folder / "名单 副本.xlsx"
    path.write_text("市（州）,县（市、区）\n泸州市,合江县\n", encoding="utf-8")
    with pytest.raises(ImportFileError) as info:
        read_roster_workbooks([path], gaz)
    assert str(info.value) == f"文件“名单 副本.xlsx”不是 Excel 工作簿（.xlsx），无法读取。{RESAVE}"


def test_xls_file(gaz, folder):
    ole = folder / "名单（旧版）.xls"
    ole.write_bytes(roster_import.OLE_MAGIC + b"\0" * 1024)
    with pytest.raises(ImportFileError) as info:
        read_roster_workbooks([ole], gaz)
    assert str(info.value) == f"文件“名单（旧版）.xls”是旧版 Excel 97-2003 格式（.xls），无法直接读取。{RESAVE}"
    html = folder / "导出 名单.xls"
    html.write_text("<html><table><tr><td>市（州）</td></tr></table></html>", encoding="utf-8")
    with pytest.raises(ImportFileError) as info:
        read_roster_workbooks([html], gaz)
    assert str(info.value) == f"文件“导出 名单.xls”不是 .xlsx 格式（扩展名为 .xls）。{RESAVE}"


def test_xlsx_renamed_to_xls_is_read(gaz, folder):
    rows = [["附件3"], list(COLUMNS), ["泸州市", "泸县", "福集镇", "中心镇", "石鸭滩村", None]]
    src = write_sheet(folder / "a.xlsx", rows)
    path = folder / "名单.xls"
    src.rename(path)
    assert [r.level for r in read_roster_workbooks([path], gaz).rosters] == [Level.COUNTY]


def test_encrypted_file(gaz, folder):
    path = folder / "加密 名单.xlsx"
    path.write_bytes(roster_import.OLE_MAGIC + b"\0" * 512 + "EncryptionInfo".encode("utf-16-le") + b"\0" * 512)
    with pytest.raises(ImportFileError) as info:
        read_roster_workbooks([path], gaz)
    assert str(info.value) == ("文件“加密 名单.xlsx”设置了打开密码（已加密），无法读取。请在 Excel 或 WPS 中打开，"
                               "取消密码后另存为 .xlsx 再导入")


def test_empty_damaged_and_other_zip_files(gaz, folder):
    empty = folder / "空.xlsx"
    empty.write_bytes(b"")
    with pytest.raises(ImportFileError, match="^文件“空.xlsx”是空文件（0 字节）"):
        read_roster_workbooks([empty], gaz)
    docx = folder / "通知.xlsx"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("word/document.xml", "<w:document/>")
    docx.write_bytes(buf.getvalue())
    with pytest.raises(ImportFileError) as info:
        read_roster_workbooks([docx], gaz)
    assert str(info.value) == "文件“通知.xlsx”是Word 文档，不是 Excel 工作簿。请选择试点名单文件（.xlsx）"
    broken = folder / "损坏.xlsx"
    broken.write_bytes(b"PK\x03\x04" + b"\0" * 100)
    with pytest.raises(ImportFileError, match="^文件“损坏.xlsx”已损坏"):
        read_roster_workbooks([broken], gaz)
    ods = folder / "名单.ods"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", "<office:document-content/>")
    ods.write_bytes(buf.getvalue())
    with pytest.raises(ImportFileError) as info:
        read_roster_workbooks([ods], gaz)
    assert str(info.value) == f"文件“名单.ods”是 OpenDocument 表格（.ods），无法直接读取。{RESAVE}"
    bad_xml = folder / "坏 表.xlsx"
    src = write_sheet(folder / "b.xlsx", [list(COLUMNS)])
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(bad_xml, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]
            zout.writestr(item, data)
    with pytest.raises(ImportFileError, match="^无法读取文件“坏 表.xlsx”的工作表“Sheet1”：文件已损坏"):
        read_roster_workbooks([bad_xml], gaz)


def test_missing_file(gaz, folder):
    with pytest.raises(ImportFileError) as info:
        read_roster_workbooks([folder / "没有 这个.xlsx"], gaz)
    assert str(info.value) == "找不到文件“没有 这个.xlsx”，请检查文件是否已被移动或删除"


def test_second_table_below_is_not_merged_in(gaz, folder):
    rows = [
        ["附件1"], ["填报单位（盖章）：泸州市政务服务管理局"], list(COLUMNS),
        ["泸州市", "合江县", "榕山镇", "中心镇", "木广社区", None],
        [], ["市级试点地区乡镇（街道）、村（社区）名单"], list(COLUMNS),
        ["泸州市", "泸县", "福集镇", "中心镇", "石鸭滩村", None],
    ]
    result = read_roster_workbooks([write_sheet(folder / "两张表.xlsx", rows)], gaz)
    assert [(r.level, [t.town for t in r.towns]) for r in result.rosters] == [(Level.PROVINCIAL, ["榕山镇"])]
    assert result.unit_names == ["泸州市政务服务管理局"]
    assert ("“两张表.xlsx”的工作表“Sheet1”第 6 行起是另一张表，未读取；请把每个附件放在单独的工作表（或文件）中再导入"
            in result.messages)
