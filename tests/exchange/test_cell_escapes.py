"""A cell's value as Excel shows it (a logical value TRUE, not Python's True), and text that looks like OOXML's escape of a character (“_x000D_”, as other programs' exports leave it in
cells people copy from): written so that Excel, WPS, python-calamine and the program's own readers show
it as typed, and read as Excel shows it (desktop.exchange.xlsx.cells.escape_literals / unescape_literals)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from desktop.domain.model import Level, ReportingUnit, Roster, Settings
from desktop.exchange.monthly.export import write_monthly_workbook
from desktop.exchange.monthly.reader import read_monthly_workbook
from desktop.exchange.roster.export import write_roster_workbook
from desktop.exchange.roster.reader import read_roster_workbooks
from desktop.exchange.xlsx.cells import cell_text, escape_literals, unescape_literals

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
    assert unescape_literals(written) == text


@pytest.mark.parametrize("value, shown", [(True, "TRUE"), (False, "FALSE"), (3.0, "3"), (2.5, "2.5"), (None, "")])
def test_cell_text_is_what_excel_shows(value, shown):
    assert cell_text(value) == shown


def test_unescape_reads_characters_as_excel_writes_them():
    assert unescape_literals("第一行_x000D_\n第二行") == "第一行\r\n第二行"
    assert unescape_literals("_x0041__x0042_") == "AB"
    assert unescape_literals("无转义") == "无转义"


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


def test_monthly_text_exports_and_reads_back_as_typed(ind, tmp_path: Path):
    from test_exchange_monthly import april

    report = april()
    report.texts["problems"] = TYPED
    path = write_monthly_workbook(report, None, ind, tmp_path / "月报.xlsx")  # its own read-back passes
    result = read_monthly_workbook(path, ind)
    assert result.report.texts["problems"] == TYPED
    assert result.messages == []
    with CalamineWorkbook.from_path(str(path)) as wb:  # as Excel and WPS show the sheet
        shown = [c for row in wb.get_sheet_by_name("月报").to_python() for c in row]
    assert TYPED in shown


def test_score_sheet_reason_exports_as_typed(tmp_path: Path):
    from test_evaluation_export import TOWN, _scored

    from desktop.domain.evaluation.checklist import load_checklist
    from desktop.domain.evaluation.scoring import result_of
    from desktop.exchange.evaluation.export import write_score_sheet

    checklist = load_checklist()
    scores = _scored(checklist, TOWN)
    scores.items["P2"].reason = TYPED
    path = write_score_sheet(checklist, scores, result_of(checklist, scores), tmp_path / "评分表.xlsx")
    with CalamineWorkbook.from_path(str(path)) as wb:
        shown = [c for row in wb.get_sheet_by_index(0).to_python() for c in row]
    assert TYPED in shown
