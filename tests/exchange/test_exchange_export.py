"""The official workbooks (附件1/2/3): template layout, cell contents, merges, page setup, safety."""

from __future__ import annotations

import errno
import importlib.util
import os
import zipfile
from datetime import date
from pathlib import Path

import pytest

from desktop.domain.model import COLUMNS, Level, ReportingUnit, Roster, Settings, TownEntry, Village
from desktop.exchange import safe_write
from desktop.exchange.errors import ExportError
from desktop.exchange.roster import export as roster_export
from desktop.exchange.roster.export import export_filename, export_rosters, write_roster_workbook
from desktop.system.paths import project_root, templates_dir

FOOTNOTE_1 = ("填报说明：1. 该表填报省级 11 个试点地区。2. 每个试点地区不少于 5 个乡镇（街道），每个乡镇（街道）"
              "不少于 10 个村（社区）。3. 乡镇类型：县级政府驻地镇、中心镇、重点镇、特色小镇、一般乡镇。")
FOOTNOTE_2 = ("填报说明：1. 该表填报市级试点地区。2. 各州市州确定 1-2 县（区），乡镇（街道）、村（社区）自行确定。"
              "3. 乡镇类型：县级政府驻地镇、中心镇、重点镇、特色镇、一般乡镇。")
FOOTNOTE_3 = ("填报说明：1. 该表填报县级试点地区。2. 各县（市、区）不少于 2 个乡镇（街道），村（社区）数量自行确定。"
              "3. 乡镇类型：县级政府驻地镇、中心镇、重点镇、特色小镇、一般乡镇。")

HEJIANG_TOWNS = (("榕山镇", "中心镇", "示范点"), ("望龙镇", "重点镇", ""), ("尧坝镇", "特色小镇", ""),
                 ("福宝镇", "重点镇", ""), ("先滩镇", "一般乡镇", "新增"))


def town_entry(gaz, level: Level, city: str, county: str, town: str, town_type: str, note: str = "",
               limit: int = 12) -> TownEntry:
    c = gaz.find("city", city)
    k = gaz.find("county", county, c.code)
    t = gaz.find("town", town, k.code)
    villages = [Village(v.name, v.code) for v in gaz.children_of(t.code)[:limit]]
    return TownEntry(level, city, county, town, town_type, note, c.code, k.code, t.code, villages)


def hejiang(gaz, level: Level = Level.PROVINCIAL) -> Roster:
    towns = [town_entry(gaz, level, "泸州市", "合江县", n, ty, note) for n, ty, note in HEJIANG_TOWNS]
    return Roster(level, date(2021, 3, 26), towns)


@pytest.fixture
def settings() -> Settings:
    return Settings(ReportingUnit("5105", "泸州市", "政务服务管理局"))


def load(path: Path):
    from openpyxl import load_workbook

    return load_workbook(path)


def sheet_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as zf:
        return zf.read("xl/worksheets/sheet1.xml").decode("utf-8")


# -- file names ----------------------------------------------------------------------------------
def test_export_filename_uses_region_then_office_and_sanitizes():
    s = Settings(ReportingUnit("5105", "泸州市", "政务服务管理局"))
    assert export_filename(Level.PROVINCIAL, s) == "附件1 省级试点地区乡镇（街道）、村（社区）名单（泸州市）.xlsx"
    assert export_filename(Level.CITY, s) == "附件2 市级试点地区乡镇（街道）、村（社区）名单（泸州市）.xlsx"
    office_only = Settings(ReportingUnit(None, "", 'A/B:政务"中心"?*'))
    assert export_filename(Level.COUNTY, office_only) == "附件3 县级试点地区乡镇（街道）、村（社区）名单（A_B_政务_中心___）.xlsx"
    assert export_filename(Level.COUNTY, Settings()) == "附件3 县级试点地区乡镇（街道）、村（社区）名单.xlsx"
    long = Settings(ReportingUnit(None, "", "很" * 80))
    assert len(export_filename(Level.PROVINCIAL, long)) < 80


# -- templates -----------------------------------------------------------------------------------
def test_templates_are_current():
    """templates_xlsx/ is exactly what tools/make_templates.py writes (reproducible bytes)."""
    spec = importlib.util.spec_from_file_location("make_templates", project_root() / "tools" / "make_templates.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for level in Level:
        shipped = (templates_dir() / f"{level.attachment}.xlsx").read_bytes()
        buf = module.reproducible(_save_bytes(module.build(level)))
        assert buf == shipped, f"{level.attachment}.xlsx is stale: run python tools/make_templates.py"


def _save_bytes(wb) -> bytes:
    import io

    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.mark.parametrize("level,footnote", [(Level.PROVINCIAL, FOOTNOTE_1), (Level.CITY, FOOTNOTE_2),
                                            (Level.COUNTY, FOOTNOTE_3)])
def test_template_layout(level: Level, footnote: str):
    wb = load(templates_dir() / f"{level.attachment}.xlsx")
    ws = wb.worksheets[0]
    assert ws["A1"].value == level.attachment
    assert ws["A2"].value == level.title
    assert [ws.cell(row=4, column=c).value for c in range(1, 7)] == list(COLUMNS)
    assert ws["A6"].value == footnote
    assert {"名单标题", "名单表头", "名单正文", "名单正文左对齐", "名单说明"} <= set(wb.named_styles)
    assert ws["A5"].style == "名单正文" and ws["E5"].style == "名单正文左对齐"
    assert ws.column_dimensions["E"].width == 60


# -- one exported attachment, cell by cell ---------------------------------------------------------
def test_exported_attachment_cell_by_cell(gaz, settings, out_dir):
    roster = hejiang(gaz)
    [path] = export_rosters([roster], settings, out_dir)
    assert path == out_dir / "附件1 省级试点地区乡镇（街道）、村（社区）名单（泸州市）.xlsx"
    assert sorted(p.name for p in out_dir.iterdir()) == [path.name]  # no temp file left
    ws = load(path).worksheets[0]
    assert ws.title == "附件1"
    assert ws["A1"].value == "附件1"
    assert ws["A2"].value == "省级试点地区乡镇（街道）、村（社区）名单"
    assert (ws["A3"].value, ws["B3"].value) == ("填报单位：", "泸州市政务服务管理局")
    assert (ws["D3"].value, ws["E3"].value) == ("填报时间：", "2021年3月26日")
    assert [ws.cell(row=4, column=c).value for c in range(1, 7)] == list(COLUMNS)
    for i, entry in enumerate(roster.towns):
        r = 5 + i
        row = [ws.cell(row=r, column=c).value for c in range(1, 7)]
        assert row == [
            "泸州市" if i == 0 else None,
            "合江县" if i == 0 else None,
            entry.town,
            entry.town_type,
            "、".join(entry.village_names),
            entry.note or None,
        ]
        assert ws.cell(row=r, column=5).alignment.wrap_text
        assert ws.cell(row=r, column=5).style == "名单正文左对齐"
        assert ws.cell(row=r, column=1).border.left.style == "thin"
    assert ws["E5"].value.startswith("木广社区、进宝村、木广村、皇城坝村")
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert merged == {"A2:F2", "B3:C3", "A5:A9", "B5:B9", "A10:F10"}
    assert ws["A10"].value == FOOTNOTE_1
    assert ws["A10"].alignment.wrap_text
    # rows are sized for their wrapped text; the footnote row holds two lines
    assert all(ws.row_dimensions[r].height >= 24 for r in range(5, 10))
    assert ws.row_dimensions[10].height >= 2 * 11


def test_page_setup_a4_landscape_fit_to_width(gaz, settings, out_dir):
    path = write_roster_workbook(hejiang(gaz), settings, out_dir / "名单.xlsx")
    ws = load(path).worksheets[0]
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert int(ws.page_setup.fitToWidth) == 1 and int(ws.page_setup.fitToHeight) == 0
    assert ws.print_title_rows == "$4:$4"
    assert ws.print_options.horizontalCentered
    assert ws.print_area == "'附件1'!$A$1:$F$10"
    assert ws.freeze_panes == "A5"


def test_merges_follow_city_and_county_runs(gaz, settings, out_dir):
    level = Level.COUNTY
    towns = [
        town_entry(gaz, level, "泸州市", "泸县", "福集镇", "中心镇"),
        town_entry(gaz, level, "泸州市", "泸县", "嘉明镇", "重点镇"),
        town_entry(gaz, level, "泸州市", "合江县", "榕山镇", "一般乡镇"),
        town_entry(gaz, level, "内江市", "市中区", "城东街道", "县级政府驻地镇"),
        town_entry(gaz, level, "乐山市", "市中区", "大佛街道", "县级政府驻地镇"),
        town_entry(gaz, level, "乐山市", "市中区", "通江街道", "一般乡镇"),
    ]
    path = write_roster_workbook(Roster(level, date(2021, 3, 30), towns), settings, out_dir / "县级.xlsx")
    ws = load(path).worksheets[0]
    merged = {str(r) for r in ws.merged_cells.ranges}
    # 市: 泸州市 rows 5-7, 乐山市 rows 9-10; 县: 泸县 5-6, 乐山 市中区 9-10 — never 内江 市中区 with 乐山 市中区
    assert merged == {"A2:F2", "B3:C3", "A5:A7", "B5:B6", "A9:A10", "B9:B10", "A11:F11"}
    assert [ws.cell(row=r, column=2).value for r in range(5, 11)] == ["泸县", None, "合江县", "市中区", "市中区", None]
    assert ws["A11"].value == FOOTNOTE_3


def test_city_level_prints_特色镇(gaz, settings, out_dir):
    roster = Roster(Level.CITY, date(2021, 3, 26), [
        town_entry(gaz, Level.CITY, "泸州市", "泸县", "福集镇", "特色小镇"),
        town_entry(gaz, Level.CITY, "泸州市", "泸县", "嘉明镇", "一般乡镇"),
    ])
    [path] = export_rosters([roster], settings, out_dir)
    assert path.name == "附件2 市级试点地区乡镇（街道）、村（社区）名单（泸州市）.xlsx"
    ws = load(path).worksheets[0]
    assert ws["A1"].value == "附件2"
    assert ws["A2"].value == "市级试点地区乡镇（街道）、村（社区）名单"
    assert (ws["D5"].value, ws["D6"].value) == ("特色镇", "一般乡镇")
    assert ws["A7"].value == FOOTNOTE_2


def test_formula_looking_names_stay_text(gaz, settings, out_dir):
    entry = TownEntry(Level.COUNTY, "泸州市", "合江县", "=1+1", "一般乡镇", "@SUM(A1)",
                      villages=[Village("+86村"), Village("-1村"), Village("=HYPERLINK(\"x\")")])
    second = TownEntry(Level.COUNTY, "泸州市", "合江县", "-榕山镇", "一般乡镇", "=A1", villages=[Village("2021")])
    path = write_roster_workbook(Roster(Level.COUNTY, date(2021, 3, 26), [entry, second]), settings,
                                 out_dir / "公式.xlsx")
    xml = sheet_xml(path)
    assert "<f>" not in xml and "<f " not in xml
    ws = load(path).worksheets[0]
    assert ws["C5"].value == "=1+1" and ws["C5"].data_type == "s"
    assert ws["E5"].value == '+86村、-1村、=HYPERLINK("x")'
    assert ws["F5"].value == "@SUM(A1)"
    assert (ws["C6"].value, ws["F6"].value) == ("-榕山镇", "=A1")
    assert ws["E6"].value == "2021" and ws["E6"].data_type == "s"


def test_control_characters_are_dropped(gaz, settings, out_dir):
    roster = hejiang(gaz)
    roster.towns[0].note = "示范\x07点\ufffe"
    roster.towns[1].note = "新\uffff增"
    path = write_roster_workbook(roster, settings, out_dir / "控制字符.xlsx")
    assert [load(path).worksheets[0][cell].value for cell in ("F5", "F6")] == ["示范点", "新增"]
    with zipfile.ZipFile(path) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "\ufffe" not in sheet and "\uffff" not in sheet


def test_export_rosters_writes_only_lists_with_towns(gaz, settings, out_dir):
    county = Roster(Level.COUNTY, date(2021, 3, 26), [town_entry(gaz, Level.COUNTY, "泸州市", "泸县", "福集镇", "中心镇")])
    paths = export_rosters([county, Roster(Level.CITY), hejiang(gaz)], settings, out_dir / "新 文件夹")
    assert [p.name for p in paths] == [
        "附件1 省级试点地区乡镇（街道）、村（社区）名单（泸州市）.xlsx",
        "附件3 县级试点地区乡镇（街道）、村（社区）名单（泸州市）.xlsx",
    ]
    assert all(p.is_file() for p in paths)


# -- failures: atomic, Chinese messages that say what to do ------------------------------------------
def test_open_in_excel_keeps_old_file_and_says_close_it(gaz, settings, out_dir, monkeypatch):
    target = out_dir / "附件1.xlsx"
    target.write_bytes(b"old")

    def locked(src, dst):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(safe_write.os, "replace", locked)
    with pytest.raises(ExportError) as info:
        write_roster_workbook(hejiang(gaz), settings, target)
    assert str(info.value) == "无法覆盖“附件1.xlsx”：该文件可能正在 Excel 或 WPS 中打开，请关闭后重试（或换一个文件夹导出）"
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in out_dir.iterdir()) == ["附件1.xlsx"]


def test_disk_full_removes_temp_file(gaz, settings, out_dir, monkeypatch):
    from desktop.exchange.xlsx.sheet_rows import SheetRows

    def full(self, wb, ws, filename):
        Path(filename).write_bytes(b"partial")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(SheetRows, "save", full)
    with pytest.raises(ExportError) as info:
        write_roster_workbook(hejiang(gaz), settings, out_dir / "名单.xlsx")
    assert str(info.value) == f"磁盘空间不足，无法写入“名单.xlsx”（文件夹“{out_dir}”），请清理磁盘或换一个位置后重试"
    assert list(out_dir.iterdir()) == []


def test_readonly_folder_message(gaz, settings, out_dir, monkeypatch):
    def denied(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(safe_write, "create_temp", denied)
    with pytest.raises(ExportError) as info:
        write_roster_workbook(hejiang(gaz), settings, out_dir / "名单.xlsx")
    assert str(info.value) == (f"没有权限在文件夹“{out_dir}”中写入“名单.xlsx”，"
                               f"请换一个文件夹（例如“文档”或桌面）后重试")


def test_too_long_path_message(gaz, settings, out_dir):
    name = "很长" * 60 + ".xlsx"  # 600+ bytes in UTF-8: longer than any file system allows
    with pytest.raises(ExportError) as info:
        write_roster_workbook(hejiang(gaz), settings, out_dir / name)
    assert str(info.value).startswith(f"路径太长，无法写入“{name}”")
    assert str(info.value).endswith("请换一个较短的文件夹（例如桌面或 D:\\导出）后重试")
    assert list(out_dir.iterdir()) == []


def test_mismatch_on_read_back_removes_file(gaz, settings, out_dir, monkeypatch):
    real_verify = roster_export._verify

    def corrupt(path, roster, *args):
        from openpyxl import load_workbook

        wb = load_workbook(path)
        wb.worksheets[0]["C6"].value = "别的镇"
        wb.save(path)
        return real_verify(path, roster, *args)

    monkeypatch.setattr(roster_export, "_verify", corrupt)
    with pytest.raises(ExportError) as info:
        write_roster_workbook(hejiang(gaz), settings, out_dir / "名单.xlsx")
    assert str(info.value) == ("写入“名单.xlsx”后核对不一致（望龙镇 一行读出的内容与名单不一致），文件未保存；"
                               "请重试，如仍不一致请换一个文件夹导出")
    assert list(out_dir.iterdir()) == []


def test_missing_folder_message(gaz, settings, tmp_path):
    missing = tmp_path / "不存在的 文件夹"
    with pytest.raises(ExportError) as info:
        write_roster_workbook(hejiang(gaz), settings, missing / "名单.xlsx")
    assert str(info.value) == f"文件夹“{missing}”不存在或已被移走，无法写入“名单.xlsx”，请重新选择导出文件夹"


# -- scale (speed is measured by benchmarks/, not here) ----------------------------------------------
def test_province_scale_export_writes_every_town(gaz, settings, out_dir):
    """3,111 towns and 34,412 villages in one roster: every town lands on its own row."""
    from openpyxl import load_workbook

    towns = []
    for t in gaz.towns:
        county = gaz.get(t.parent_code)
        city = gaz.get(county.parent_code)
        towns.append(TownEntry(Level.PROVINCIAL, city.name, county.name, t.name, "一般乡镇",
                               villages=[Village(v.name, v.code) for v in gaz.children_of(t.code)]))
    roster = Roster(Level.PROVINCIAL, date(2021, 3, 26), towns)
    assert (len(roster.towns), roster.village_count) == (3111, 34412)
    path = write_roster_workbook(roster, settings, out_dir / "全省.xlsx")
    ws = load_workbook(path, read_only=True).active
    town_cells = [row[2] for row in ws.iter_rows(values_only=True) if row and len(row) > 2]
    assert set(t.name for t in gaz.towns) <= set(town_cells)


def test_exchange_imports_no_openpyxl_qt_or_sqlite_until_used():
    """The CLI starts fast: importing the exchange layer must not import openpyxl (nor Qt/SQLite ever)."""
    import subprocess
    import sys

    code = ("import sys, desktop.exchange.roster.export, desktop.exchange.roster.reader, desktop.exchange.errors;"
            "print(sorted(m for m in ('openpyxl', 'PySide6', 'sqlite3', 'sqlite_utils') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=project_root(), capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_exported_file_is_not_private(gaz, settings, out_dir):
    old = os.umask(0o022)
    try:
        path = write_roster_workbook(hejiang(gaz), settings, out_dir / "名单.xlsx")
    finally:
        os.umask(old)
    assert path.stat().st_mode & 0o777 == 0o644


def test_export_is_all_or_nothing_across_attachments(gaz, settings, out_dir, monkeypatch):
    """When the third attachment cannot be written, the first two are not written either."""
    import desktop.exchange.roster.export as roster_export_module

    rosters = []
    for level in Level:
        r = hejiang(gaz)
        r.level = level
        for t in r.towns:
            t.level = level
        rosters.append(r)
    real = roster_export_module._verify
    calls = []

    def failing(tmp, roster, *args):
        calls.append(roster.level)
        return "模拟不一致" if roster.level is Level.COUNTY else real(tmp, roster, *args)

    monkeypatch.setattr(roster_export_module, "_verify", failing)
    with pytest.raises(ExportError, match="附件3"):
        export_rosters(rosters, settings, out_dir)
    assert calls == [Level.PROVINCIAL, Level.CITY, Level.COUNTY]
    assert list(out_dir.iterdir()) == []


def test_a_locked_target_stops_the_whole_export(gaz, settings, out_dir, monkeypatch):
    """A target that cannot be opened for writing (open in Excel/WPS on Windows): nothing replaced."""
    import builtins

    old = out_dir / export_filename(Level.PROVINCIAL, settings)
    old.write_bytes(b"old file")
    real_open = builtins.open

    def locked(file, mode="r", *a, **k):
        if str(file) == str(old) and "+" in mode:
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, mode, *a, **k)

    monkeypatch.setattr(builtins, "open", locked)
    with pytest.raises(ExportError):
        export_rosters([hejiang(gaz)], settings, out_dir)
    assert old.read_bytes() == b"old file"
    assert sorted(p.name for p in out_dir.iterdir()) == [old.name]


@pytest.mark.parametrize("note", ["例：每周二集中办理", "示例：样板镇的做法", "样例:2021年"])
def test_a_note_beginning_like_a_sample_row_reads_back_as_written(gaz, settings, tmp_path, note):
    """示例： is taken off the names of a sample row left in a sheet, never off a 备注."""
    from desktop.exchange.roster.reader import read_roster_workbooks

    entry = town_entry(gaz, Level.PROVINCIAL, "泸州市", "合江县", "榕山镇", "中心镇", note=note)
    path = write_roster_workbook(Roster(Level.PROVINCIAL, towns=[entry]), settings, tmp_path / "附件1.xlsx")
    (roster,) = read_roster_workbooks([path], gaz).rosters
    assert roster.towns[0].note == note and roster.towns[0].town == "榕山镇"
