"""The import preview shows every finding `check` would show once imported (issue: a 乡镇类型 outside
the five passed the preview unflagged)."""

from __future__ import annotations

from datetime import date

from corpus.offices import county_office, town

from desktop.domain.merge.preview import build_preview
from desktop.domain.merge.text import render_preview
from desktop.domain.merge.types import Incoming, Source
from desktop.domain.model import Level, Roster


def _incoming(gaz, town_type="示范镇"):
    rows = [town(gaz, "榕山镇", kind=town_type, villages=4), town(gaz, "白沙镇", villages=3)]
    return Incoming.from_rosters(Source("workbook", "附件3.xlsx", "合江县政务服务中心"),
                                 [Roster(Level.COUNTY, date(2021, 3, 20), rows)])


def test_a_town_type_outside_the_five_is_flagged_in_the_preview(tmp_path, gaz):
    store = county_office(tmp_path)
    try:
        preview = build_preview(store.local_state(), [_incoming(gaz)], gaz)
    finally:
        store.close()
    messages = [(f.is_error, f.message) for f in preview.findings]
    assert (True, "附件3 合江县 榕山镇：乡镇类型“示范镇”不是规定的类型，请改为县级政府驻地镇、中心镇、重点镇、特色小镇或一般乡镇") \
        in messages
    lines = render_preview(preview)
    assert "导入后检查：新出现 1 个错误，0 个警告（导入后在“检查结果”中列出，错误要改正后才能导出）" in lines
    assert "  错误：附件3 合江县 榕山镇：乡镇类型“示范镇”不是规定的类型，请改为县级政府驻地镇、中心镇、重点镇、特色小镇或一般乡镇" in lines


def test_the_preview_check_equals_check_after_the_import(tmp_path, gaz):
    from desktop.domain.roster.rules import check_all

    store = county_office(tmp_path)
    try:
        before = {f.message for f in check_all(store.load_rosters(), gaz, store.settings())}
        preview = build_preview(store.local_state(), [_incoming(gaz)], gaz)
        store.apply_import(preview)
        after = check_all(store.load_rosters(), gaz, store.settings())
    finally:
        store.close()
    assert sorted(f.message for f in preview.findings) == sorted(f.message for f in after if f.message not in before)
    assert preview.findings_total == len(after)


def test_a_clean_import_has_no_preview_findings(tmp_path, gaz):
    store = county_office(tmp_path)
    try:
        preview = build_preview(store.local_state(), [_incoming(gaz, "中心镇")], gaz)
    finally:
        store.close()
    assert preview.findings == []
    assert not [line for line in render_preview(preview) if line.startswith("导入后检查")]


def test_the_preview_dialog_lists_them_first(qtbot, tmp_path, gaz):
    from desktop.domain.merge.preview import default_choice
    from desktop.ui.importing.preview import ImportPreviewDialog

    store = county_office(tmp_path)
    try:
        preview = build_preview(store.local_state(), [_incoming(gaz)], gaz)
    finally:
        store.close()
    dialog = ImportPreviewDialog(preview)
    qtbot.addWidget(dialog)
    dialog.set_preview(preview, default_choice(preview))
    text = dialog.notes.toPlainText().splitlines()
    assert text[0] == "导入后检查：新出现 1 个错误，0 个警告（导入后在“检查结果”中列出，错误要改正后才能导出）"
    assert "乡镇类型“示范镇”不是规定的类型" in text[1]
