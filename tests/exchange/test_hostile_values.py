"""Bad values inside a workbook that opens (issue “Data safety”, point 8), and what the checks
before parsing find: text with control characters or longer than desktop.domain.text_rules
allows, error values, formulas without results, XML entities, used ranges. A bad value refuses
the whole file (nothing is imported), naming the sheet, row and column and the limit."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from corpus.hostile import (
    HEAD_ROWS,
    LAUGHS,
    NS,
    SHEET1,
    entries_of,
    inline_row,
    roster_book,
    sheet_xml,
    with_shared_strings,
    write_zip,
)
from helpers import digest, run

from desktop.domain.model import COLUMNS
from desktop.domain.text_rules import LIMITS
from desktop.exchange.errors import ImportFileError
from desktop.exchange.roster.reader import read_roster_workbooks
from desktop.exchange.xlsx.scan import scan_workbook

GOOD = ["泸州市", "泸县", "福集镇", "中心镇", "大田社区、石鸭滩村", "示范点"]


@pytest.fixture
def book(tmp_path: Path) -> Path:
    return roster_book(tmp_path / "原始.xlsx")


def with_rows(book: Path, path: Path, rows: bytes) -> Path:
    """``book`` whose sheet is the title, the header and ``rows`` (sheet XML, from row 4)."""
    return write_zip(path, entries_of(book, {SHEET1: sheet_xml(HEAD_ROWS + rows)}))


def refusal(gaz, path: Path) -> str:
    with pytest.raises(ImportFileError) as info:
        read_roster_workbooks([path], gaz)
    assert info.value.path == path
    return str(info.value)


def row_with(column: int, value: str) -> list[str]:
    row = list(GOOD)
    row[column] = value
    return row


# -- text that cannot be stored ---------------------------------------------------------------------------
@pytest.mark.parametrize("column,kind", [(2, "name"), (0, "name"), (3, "name"), (5, "note")])
def test_over_long_text_names_row_column_and_limit(gaz, book, tmp_path, column, kind):
    limit = LIMITS[kind]
    path = roster_book(tmp_path / "过长 名单.xlsx", [["附件3"], list(COLUMNS), GOOD, row_with(column, "字" * (limit + 1))])
    letter = "ABCDEF"[column]
    assert refusal(gaz, path) == (f"文件“过长 名单.xlsx”的工作表“Sheet1”第 4 行 {letter} 列（{COLUMNS[column]}）"
                                  f"内容过长（{limit + 1} 个字），最多 {limit} 个字，请精简后再导入")


def test_text_at_the_limit_is_read(gaz, tmp_path):
    row = row_with(5, "注" * LIMITS["note"])
    row[2] = "福集镇"
    path = roster_book(tmp_path / "刚好 名单.xlsx", [["附件3"], list(COLUMNS), row])
    [roster] = read_roster_workbooks([path], gaz).rosters
    assert roster.towns[0].note == "注" * LIMITS["note"]


def test_over_long_village_name(gaz, tmp_path):
    long_name = "长" * (LIMITS["village"] + 1) + "村"
    path = roster_book(tmp_path / "村名.xlsx", [["附件3"], list(COLUMNS), row_with(4, f"大田社区、{long_name}")])
    assert refusal(gaz, path) == (f"文件“村名.xlsx”的工作表“Sheet1”第 3 行 E 列（村（社区））中的“{long_name[:12]}…”"
                                  f"过长（{len(long_name)} 个字），每个村（社区）名称最多 {LIMITS['village']} 个字；"
                                  f"多个村（社区）请用“、”隔开，改正后再导入")


def test_delete_character_typed_into_a_cell(gaz, tmp_path):
    path = roster_book(tmp_path / "控制符.xlsx", [["附件3"], list(COLUMNS), row_with(5, "示范\x7f点")])
    assert refusal(gaz, path) == ("文件“控制符.xlsx”的工作表“Sheet1”第 3 行 F 列（备注）含有不可见的控制字符"
                                  "（多是从网页或其他系统复制来的），请在 Excel 或 WPS 中删除后再导入")


@pytest.mark.parametrize("escape", ["_x0007_", "_x001B_", "_x0000_"])
def test_escaped_control_characters_in_inline_text(gaz, book, tmp_path, escape):
    """Excel stores a control character as _xHHHH_; the reader turns it back into the character."""
    path = with_rows(book, tmp_path / "转义.xlsx", inline_row(4, GOOD[:2] + [f"福集{escape}镇"] + GOOD[3:]))
    assert "第 4 行 C 列（乡镇（街道））含有不可见的控制字符" in refusal(gaz, path)


def test_escaped_control_character_in_shared_strings(gaz, book, tmp_path):
    shared = b"<sst " + NS + b' count="1" uniqueCount="1"><si><t>_x0001_\xe7\xa4\xba\xe8\x8c\x83</t></si></sst>'
    row = inline_row(4, GOOD[:5])[:-len(b"</row>")] + b'<c r="F4" t="s"><v>0</v></c></row>'
    path = with_shared_strings(book, tmp_path / "共享.xlsx", shared, sheet_xml(HEAD_ROWS + row))
    assert "第 4 行 F 列（备注）含有不可见的控制字符" in refusal(gaz, path)


def test_bad_value_refuses_the_whole_import(tmp_path, book):
    """Through the CLI: a good file and a bad one together import nothing."""
    db = tmp_path / "数据 库" / "演示.sqlite"
    assert run("demo", "--db", db).returncode == 0
    good = roster_book(tmp_path / "好的 名单.xlsx")
    bad = roster_book(tmp_path / "坏的 名单.xlsx", [["附件3"], list(COLUMNS), row_with(2, "镇" * 41)])
    before = digest(db)
    r = run("import", "--db", db, good, bad)
    assert r.returncode == 2
    assert "文件“坏的 名单.xlsx”的工作表“Sheet1”第 3 行 C 列（乡镇（街道））内容过长（41 个字），最多 40 个字" in r.stderr
    assert digest(db) == before


# -- values a formula left ----------------------------------------------------------------------------------
def test_error_value_in_a_field(gaz, book, tmp_path):
    row = inline_row(4, GOOD[:2])[:-len(b"</row>")] + (
        b'<c r="C4" t="e"><f>VLOOKUP(A1,Z:Z,2,0)</f><v>#N/A</v></c></row>')
    path = with_rows(book, tmp_path / "错误值.xlsx", row)
    assert refusal(gaz, path) == ("文件“错误值.xlsx”的工作表“Sheet1”第 4 行 C 列（乡镇（街道））是错误值“#N/A”"
                                  "（公式出错），请在 Excel 或 WPS 中改正后再导入")


def test_error_value_outside_the_fields_is_ignored(gaz, book, tmp_path):
    row = inline_row(4, GOOD)[:-len(b"</row>")] + b'<c r="H4" t="e"><v>#REF!</v></c></row>'
    [roster] = read_roster_workbooks([with_rows(book, tmp_path / "旁边.xlsx", row)], gaz).rosters
    assert [t.town for t in roster.towns] == ["福集镇"]


@pytest.mark.parametrize("cell,refused", [
    (b'<c r="C4"><f>"a"</f></c>', True),  # no result at all
    (b'<c r="C4"><f>"a"</f><v/></c>', True),  # openpyxl's way
    (b'<c r="C4"><f t="shared" si="0"/></c>', True),
    ('<c r="C4" t="str"><f>"福集镇"</f><v>福集镇</v></c>'.encode(), False),  # Excel's way
    (b'<c r="C4" t="str"><f>IF(1,"","")</f><v></v></c>', False),  # a result that is the empty text
])
def test_formula_results(gaz, book, tmp_path, cell, refused):
    row = inline_row(4, GOOD[:2])[:-len(b"</row>")] + cell + b"</row>"
    path = with_rows(book, tmp_path / "公式.xlsx", row)
    if refused:
        assert refusal(gaz, path).startswith("文件“公式.xlsx”的工作表“Sheet1”的 C4 单元格是公式，但文件中没有保存公式的计算结果")
    else:
        read_roster_workbooks([path], gaz)


# -- what the scan finds --------------------------------------------------------------------------------
def test_entity_bombs_are_harmless_to_both_parsers(book, tmp_path):
    """Even without the scan: calamine (quick-xml) does not expand entities and openpyxl uses defusedxml."""
    import openpyxl
    from defusedxml.common import EntitiesForbidden
    from python_calamine import CalamineError, CalamineWorkbook

    shared = LAUGHS + b"<sst " + NS + b' count="1" uniqueCount="1"><si><t>&lol9;</t></si></sst>'
    path = with_shared_strings(book, tmp_path / "实体.xlsx", shared,
                               sheet_xml(b'<row r="1"><c r="A1" t="s"><v>0</v></c></row>'))
    started = time.monotonic()
    with pytest.raises(CalamineError, match="entity"):
        CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    assert openpyxl.DEFUSEDXML is True
    with pytest.raises(ValueError) as info:
        openpyxl.load_workbook(path, read_only=True)
    chain, cause = [], info.value
    while cause is not None:
        chain.append(cause)
        cause = cause.__cause__
    assert any(isinstance(c, EntitiesForbidden) for c in chain)
    assert time.monotonic() - started < 2
    with pytest.raises(ImportFileError, match="含有 XML 实体声明"):
        scan_workbook(path)


def test_used_range_counts_cells_with_content_only(book, tmp_path):
    """Formatted empty cells far away (Excel writes them for borders) do not make a sheet large."""
    styled = b'<row r="900000"><c r="ZZ900000" s="1"/></row>'
    path = with_rows(book, tmp_path / "格式.xlsx", inline_row(4, GOOD) + styled)
    scan = scan_workbook(path).sheet("Sheet1")
    assert (scan.max_row, scan.max_col) == (4, 6)


def test_used_range_without_references(book, tmp_path):
    """Cells and rows without r="…" (some generators): positions counted as calamine does."""
    rows = b"<row><c><v>1</v></c><c><v>2</v></c></row>" * 3 + b'<row r="10"><c/><c/><c><v>3</v></c></row>'
    path = with_rows(book, tmp_path / "无引用.xlsx", rows)
    scan = scan_workbook(path).sheet("Sheet1")
    assert (scan.max_row, scan.max_col) == (10, 6)
    prefixed = (b'<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>'
                b'<x:row r="7"><x:c r="H7"><x:v>1</x:v></x:c></x:row></x:sheetData></x:worksheet>')
    path = write_zip(tmp_path / "前缀.xlsx", entries_of(book, {SHEET1: prefixed}))
    scan = scan_workbook(path).sheet("Sheet1")
    assert (scan.max_row, scan.max_col) == (7, 8)


def test_roster_not_at_a1_is_read(gaz, book, tmp_path):
    """A roster starting at C5: calamine starts rows at the first used column; they are padded back."""
    rows = b"".join(b'<row r="%d">%s</row>' % (r, b"".join(
        b'<c r="%s%d" t="inlineStr"><is><t>%s</t></is></c>' % (bytes([67 + i]), r, v.encode())
        for i, v in enumerate(values) if v)) for r, values in (
        (5, ["附件3"]), (6, list(COLUMNS)), (7, GOOD)))
    path = write_zip(tmp_path / "偏移.xlsx", entries_of(book, {SHEET1: sheet_xml(rows)}))
    [roster] = read_roster_workbooks([path], gaz).rosters
    assert [(t.city, t.town, t.village_names, t.note) for t in roster.towns] == [
        ("泸州市", "福集镇", ["大田社区", "石鸭滩村"], "示范点")]


def test_references_beyond_excel_are_counted(gaz, book, tmp_path):
    """calamine takes lower-case columns and rows past 1,048,576 (and would build the grid): so does the scan."""
    path = with_rows(book, tmp_path / "越界.xlsx", b'<row r="4"><c r="ab50000000"><v>1</v></c></row>')
    scan = scan_workbook(path).sheet("Sheet1")
    assert (scan.max_row, scan.max_col) == (50_000_000, 28)
    assert "的工作表“Sheet1”超过 200000 行，已停止读取" in refusal(gaz, path)


def test_stored_entries_and_a_truncated_stream(gaz, book, tmp_path):
    """Entries kept without compression are read; a deflate stream cut short is a damaged file."""
    import zipfile

    stored = tmp_path / "未压缩.xlsx"
    with zipfile.ZipFile(book) as zin, zipfile.ZipFile(stored, "w", zipfile.ZIP_STORED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, zin.read(info))
    [roster] = read_roster_workbooks([stored], gaz).rosters
    assert [t.town for t in roster.towns] == ["福集镇"]
    entries = entries_of(book)
    cut = [(n, d[: len(d) // 2] if n == SHEET1 else d, crc, size) for n, d, crc, size in entries]
    path = write_zip(tmp_path / "截断.xlsx", cut)
    assert refusal(gaz, path).startswith("文件“截断.xlsx”已损坏（不是完整的 .xlsx 文件）")


# -- every importer checks a value as typing does (issue 18, point 5) ------------------------------------
@pytest.mark.parametrize("field, value, what", [
    ("reporter", "王晓燕\u202e", "“填报人”含有不可见的控制字符"),
    ("reviewer", "李" * 41, "“审核人”内容过长（41 个字），最多 40 个字"),
    ("region", "泸州市\u202e", "“填报单位”含有不可见的控制字符"),
])
def test_monthly_workbook_values_are_checked_as_typing_checks_them(ind, tmp_path, monkeypatch, field, value, what):
    """A workbook someone else wrote (the program's own export refuses such a value when it reads it back)."""
    from desktop.domain.monthly.report import MonthlyReport, YearMonth
    from desktop.exchange.monthly import export
    from desktop.exchange.monthly.reader import read_monthly_workbook

    report = MonthlyReport("泸州市", YearMonth(2021, 4), reporter="王晓燕", phone="0830-3196512", reviewer="李建国")
    setattr(report, field, value)
    monkeypatch.setattr(export, "_verify", lambda *a, **k: None)
    path = export.write_monthly_workbook(report, None, ind, tmp_path / "月报 坏值.xlsx")
    with pytest.raises(ImportFileError) as info:
        read_monthly_workbook(path, ind)
    assert str(info.value) == f"文件“月报 坏值.xlsx”的月报中{what}，请在 Excel 或 WPS 中改正后再导入"


def test_roster_workbook_unit_is_checked_as_typing_checks_it(gaz, tmp_path):
    path = roster_book(tmp_path / "单位.xlsx", [["附件3"], ["填报单位：", "泸县政务服务管理局\u202e"], list(COLUMNS), GOOD])
    assert refusal(gaz, path) == ("文件“单位.xlsx”的工作表“Sheet1”中的填报单位含有不可见的控制字符，"
                                  "请在 Excel 或 WPS 中改正后再导入")


def test_a_line_break_in_a_cell_counts_as_a_space(gaz, tmp_path):
    path = roster_book(tmp_path / "换行.xlsx", [["附件3"], list(COLUMNS), row_with(5, "示范点\n（第一批）")])
    [roster] = read_roster_workbooks([path], gaz).rosters
    assert roster.towns[0].note == "示范点 （第一批）"
