"""A cell's value as Excel shows it (a logical value TRUE, not Python's True), and text that looks like
OOXML's escape of a character (“_x000D_”, as other programs' exports leave it in cells people copy from).

The roster workbooks are read back with python-calamine, which reads every ``_xHHHH_`` as a character, as
Excel and WPS do: they are written with the text's own ``_`` escaped (escape_literals). The 月报 and 评分表
are read with openpyxl, which leaves ``_xHHHH_`` as it is in the program's own files and takes out only
``_x005F_`` from what Excel and WPS save (shared strings): they are written as typed, and read as typed
both ways."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from desktop.domain.model import Level, ReportingUnit, Roster, Settings
from desktop.exchange.monthly.export import write_monthly_workbook
from desktop.exchange.monthly.reader import read_monthly_workbook
from desktop.exchange.roster.export import write_roster_workbook
from desktop.exchange.roster.reader import read_roster_workbooks
from desktop.exchange.xlsx.cells import cell_text, escape_literals

TYPED = "备注_x000D_照抄 _x0041_ 与 __x005F_ 及 _x12_"


@pytest.mark.parametrize("text,written", [
    ("_x000D_", "_x005F_x000D_"),
    ("a_x0041_b", "a_x005F_x0041_b"),
    ("_x005F_", "_x005F_x005F_"),
    ("__x00ff_", "__x005F_x00ff_"),
    ("_x12_ _xGGGG_ x0041_ _X0041_", "_x12_ _xGGGG_ x0041_ _X0041_"),  # no escape: left as it is
    ("福集镇", "福集镇"),
])
def test_escape_literals(text, written):
    assert escape_literals(text) == written


@pytest.mark.parametrize("value, shown", [(True, "TRUE"), (False, "FALSE"), (3.0, "3"), (2.5, "2.5"), (None, "")])
def test_cell_text_is_what_excel_shows(value, shown):
    assert cell_text(value) == shown


def saved_again(src: Path, dst: Path, escape: bool) -> Path:
    """``src`` with its inline strings moved into a shared-string table, as Excel or WPS save a workbook
    (``escape``: a typed ``_x`` written ``_x005F_x``, as they write it)."""
    strings: list[str] = []

    def shared(m: re.Match) -> str:
        text = re.search(r"<is>(.*?)</is>", m.group(2), re.S).group(1)
        strings.append(re.sub("_(?=x[0-9A-Fa-f]{4}_)", "_x005F_", text) if escape else text)
        attrs = m.group(1).replace('t="inlineStr"', 't="s"')
        return f"<c{attrs}><v>{len(strings) - 1}</v></c>"

    with zipfile.ZipFile(src) as zin:
        parts = {n: zin.read(n) for n in zin.namelist()}
    for name in [n for n in parts if n.startswith("xl/worksheets/sheet")]:
        parts[name] = re.sub(r'<c([^>]*t="inlineStr"[^>]*)>(.*?)</c>', shared, parts[name].decode(), flags=re.S).encode()
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    parts["xl/sharedStrings.xml"] = (f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{ns}">'
                                     + "".join(f"<si>{t}</si>" for t in strings) + "</sst>").encode()
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].decode().replace("</Types>", (
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.sharedStrings+xml"/></Types>')).encode()
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].decode().replace("</Relationships>", (
        '<Relationship Id="rIdShared" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'sharedStrings" Target="sharedStrings.xml"/></Relationships>')).encode()
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return dst


def test_roster_note_exports_and_reads_back_as_typed(gaz, tmp_path: Path):
    from test_exchange_export import town_entry

    entry = town_entry(gaz, Level.PROVINCIAL, "泸州市", "合江县", "榕山镇", "中心镇", note=TYPED)
    settings = Settings(ReportingUnit("5105", "泸州市", "政务_x0020_服务管理局"))
    path = write_roster_workbook(Roster(Level.PROVINCIAL, towns=[entry]), settings, tmp_path / "附件1.xlsx")
    with zipfile.ZipFile(path) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "备注_x005F_x000D_照抄 _x005F_x0041_" in sheet
    cells = [c for row in CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python() for c in row]
    assert TYPED in cells  # as Excel and WPS show it
    assert any(isinstance(c, str) and "政务_x0020_服务管理局" in c for c in cells)
    (read,) = read_roster_workbooks([path], gaz).rosters
    assert read.towns[0].note == TYPED
    # saved again in Excel or WPS (shared strings, the typed _x written _x005F_x): still as typed
    again = saved_again(path, tmp_path / "另存.xlsx", escape=False)  # already escaped by the export
    (read,) = read_roster_workbooks([again], gaz).rosters
    assert read.towns[0].note == TYPED


def test_monthly_text_reads_back_as_typed_from_its_file_and_from_excel(ind, tmp_path: Path):
    from test_exchange_monthly import april

    report = april()
    report.texts["problems"] = TYPED
    path = write_monthly_workbook(report, None, ind, tmp_path / "月报.xlsx")  # its own read-back passes
    result = read_monthly_workbook(path, ind)
    assert result.report.texts["problems"] == TYPED and result.messages == []
    # the same text typed in Excel or WPS and saved there: openpyxl takes the _x005F_ out, nothing else (a
    # typed “_x005F_” itself it takes out whole: openpyxl's own limit, left as it is)
    report.texts["problems"] = typed = "备注_x000D_照抄 _x0041_ 及 _x12_"
    path = write_monthly_workbook(report, None, ind, tmp_path / "月报 2.xlsx")
    again = saved_again(path, tmp_path / "另存.xlsx", escape=True)
    assert read_monthly_workbook(again, ind).report.texts["problems"] == typed
