"""月报 export (refused while errors or unanswered warnings remain), the lock it sets, 解锁修改,
and 汇总各县. The workbook writer is desktop.exchange.monthly.export; most of the UI flow runs against a
stand-in of that module recording its calls, one test against the real writer."""

from __future__ import annotations

import hashlib
import sys
import types
from pathlib import Path

import pytest
from helpers import (
    APR,
    CITY,
    INDICATORS,
    MAY,
    TODAY,
    county_report,
    fill_demo,
    make_page,
)
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog

import desktop.ui.monthly.actions as actions
from desktop.domain.monthly.report import MonthlyReport
from desktop.exchange.monthly import export as monthly_export
from desktop.store.reports import ReportLockedError
from desktop.ui.common.jobs import JobRunner
from desktop.ui.monthly.page import MonthlyPage

MODULE = monthly_export.__name__  # the stand-in takes its place in sys.modules


@pytest.fixture
def export_folder(monkeypatch, tmp_path) -> Path:
    """The folder the patched QFileDialog answers; the 导出完成 box answers 打开文件夹."""
    out = tmp_path / "月报 导出"
    out.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(out))
    monkeypatch.setattr(actions, "offer_open_folder", lambda _parent, path: True)
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: True)
    return out


@pytest.fixture
def stand_in(monkeypatch) -> list[dict]:
    """A stand-in desktop.exchange.monthly.export recording its calls (and writing a few bytes)."""
    calls: list[dict] = []
    module = types.ModuleType(MODULE)

    def monthly_filename(report) -> str:
        return f"{report.region}{report.month.label}月报.xlsx"

    def write_monthly_workbook(report, previous, indicators, path, *, explanations, findings, breakdown, trend):
        calls.append({"report": report, "previous": previous, "indicators": indicators, "path": Path(path),
                      "explanations": explanations, "findings": findings, "breakdown": breakdown, "trend": trend})
        Path(path).write_bytes(b"PK stand-in " + report.month.iso.encode())
        return Path(path)

    module.monthly_filename = monthly_filename  # type: ignore[attr-defined]
    module.write_monthly_workbook = write_monthly_workbook  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, MODULE, module)
    return calls


def test_export_refused_while_errors_or_unanswered_warnings(qtbot, store, gaz, dialogs, export_folder,
                                                            stand_in) -> None:
    fill_demo(store, gaz)
    page = make_page(qtbot, store)
    page.open_report(CITY, MAY)  # the 当月 figures and the texts are still empty
    form = page.report_view.form
    edit = form.numbers["windows_total"]
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)  # Ctrl+E inside the page
    kind, title, text = dialogs.last()
    errors = sum(f.is_error for f in page.findings())
    assert (kind, title) == ("warning", "不能导出") and f"还有 {errors} 个错误" in text
    assert "受理件数未填写" in text and "另有" in text
    assert stand_in == [] and store.report(CITY, MAY).status == "draft"
    assert QApplication.focusWidget() is form.numbers["cases_received"]  # the first error's field

    # April: no error, but its answered 说明 removed → the warning is unanswered again
    april = store.report(CITY, APR)
    (key,) = april.explanations
    store.set_explanation(april.id, key, "")
    page.open_report(CITY, APR)
    page.export()
    kind, title, text = dialogs.last()
    assert title == "不能导出" and "1 条警告未填写说明" in text and "个错误" not in text
    assert QApplication.focusWidget() is page.report_view.explanations.edit_for(key)
    assert stand_in == []


def test_export_locks_the_month_and_unlock_asks_a_reason(qtbot, store, gaz, dialogs, export_folder, stand_in,
                                                         monkeypatch) -> None:
    fill_demo(store, gaz)
    page = make_page(qtbot, store)
    page.open_report(CITY, APR)
    view, form = page.report_view, page.report_view.form
    rid = page.current_report().id
    assert view.export_button.isEnabled() and not view.banner.isVisible()
    with qtbot.waitSignal(page.exported) as signal:
        view.export_button.click()
    path = export_folder / "泸州市2021年4月月报.xlsx"
    assert signal.args == [path] and path.read_bytes() == b"PK stand-in 2021-04"
    (call,) = stand_in
    assert call["report"].month == APR and call["previous"].month == APR.prev()
    assert call["explanations"] == store.report_by_id(rid).explanations and call["breakdown"] is None
    assert [f.key for f in call["findings"]] == list(call["explanations"])
    # the 趋势 sheet gets the demo's months up to April (February, March, April) of the own unit
    assert call["trend"].months == (APR.add(-2), APR.prev(), APR) and call["trend"].regions == (CITY,)

    report = store.report_by_id(rid)
    assert (report.status, report.locked) == ("exported", True)
    (export,) = store.report_exports(rid)
    assert export.file_name == path.name and export.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert view.banner.isVisible() and "数据已锁定" in view.banner_text.text()
    assert view.banner_text.text().startswith("已导出（") and path.name in view.banner_text.text()
    assert view.unlock_button.isVisible() and view.open_folder_button.isVisible()
    assert all(w.isReadOnly() for name, w in form.inputs.items())
    assert not view.export_button.isEnabled()
    with pytest.raises(ReportLockedError):
        store.set_report_value(rid, "staff", 1)
    edit = form.numbers["staff"]
    edit.setFocus()
    qtbot.keyClicks(edit, "9")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert store.report_by_id(rid).values["staff"] == 120 and edit.text() == "120"
    page.show_board()
    assert page.board.status(CITY, APR) == "已导出"
    page.open_report(CITY, APR)

    # 解锁修改: cancelled, then an empty reason, then a reason
    answers = iter([("", False), ("  ", True), ("省中心要求更正办件量", True)])
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: next(answers))
    assert not view.unlock() and store.report_by_id(rid).locked
    assert not view.unlock() and dialogs.last("warning")[1] == "解锁修改"
    with qtbot.waitSignal(page.changed):
        view.unlock_button.click()
    report = store.report_by_id(rid)
    assert (report.locked, report.status) == (False, "draft")
    assert store.report_unlocks(rid)[0].reason == "省中心要求更正办件量"
    assert not view.banner.isVisible() and not form.numbers["staff"].isReadOnly()
    _type = form.numbers["staff"]
    _type.setFocus()
    _type.selectAll()
    qtbot.keyClicks(_type, "121")
    qtbot.keyClick(_type, Qt.Key.Key_Return)
    assert store.report_by_id(rid).values["staff"] == 121
    # the board says the sent file is out of date (not a plain 已校验/草稿)
    page.show_board()
    assert page.board.status(CITY, APR) == "已解锁，修改后须重新导出"


def test_export_failure_leaves_the_month_open(qtbot, store, gaz, dialogs, export_folder, stand_in,
                                              monkeypatch) -> None:
    def refuse(*_a, **_k):
        raise PermissionError(13, "拒绝访问")

    monkeypatch.setattr(sys.modules[MODULE], "write_monthly_workbook", refuse)
    fill_demo(store, gaz)
    page = make_page(qtbot, store)
    page.open_report(CITY, APR)
    rid = page.current_report().id
    page.export()
    kind, title, text = dialogs.last()
    assert (kind, title) == ("warning", "导出失败") and "（没有权限，或文件正被其他程序（如 Excel、WPS）打开）" in text and "泸州市2021年4月月报.xlsx" in text
    assert not store.report_by_id(rid).locked and store.report_exports(rid) == []
    view = page.report_view
    assert not view.busy and view.read_only_reason == "" and not view.form.numbers["staff"].isReadOnly()
    assert QApplication.overrideCursor() is None


def test_export_with_the_real_workbook_writer(qtbot, store, gaz, dialogs, export_folder) -> None:
    fill_demo(store, gaz)
    page = make_page(qtbot, store)
    page.open_report(CITY, APR)
    rid = page.current_report().id
    with qtbot.waitSignal(page.exported) as signal:
        page.export()
    path = signal.args[0]
    assert path.parent == export_folder and path.suffix == ".xlsx" and path.exists()
    (export,) = store.report_exports(rid)
    assert export.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert store.report_by_id(rid).locked


def test_city_compiles_its_counties(qtbot, store, gaz, dialogs) -> None:
    fill_demo(store, gaz)
    store.put_imported_report(county_report("合江县", MAY, 1), "合江县2021年5月月报.xlsx", "a1")
    store.put_imported_report(county_report("泸县", MAY, 2), "泸县2021年5月月报.xlsx", "b2")
    page = make_page(qtbot, store)
    # the columns are the city's counties, in the gazetteer's order (issue 21, point 1)
    assert [page.board.model.headerData(c, Qt.Orientation.Horizontal) for c in range(8)] == [
        "泸州市（本单位）", "江阳区", "纳溪区", "龙马潭区", "泸县", "合江县", "叙永县", "古蔺县"]
    page.open_report(CITY, MAY)
    view = page.report_view
    rid = page.current_report().id
    assert view.compile_button.isVisible()
    dialogs.answer = dialogs.answer.No
    assert not view.compile_counties()
    kind, title, text = dialogs.last("question")
    assert title == "汇总各县" and "合江县（已导出）" in text and "泸县（已导出）" in text
    assert "尚未收到 5 个县（市、区）的月报：江阳区、纳溪区、龙马潭区、叙永县、古蔺县" in text
    dialogs.answer = dialogs.answer.Yes
    with qtbot.waitSignal(page.changed):
        view.compile_button.click()
    report = store.report_by_id(rid)
    assert report.values["pilot_towns"] == 6 and report.values["windows_total"] == 30
    assert report.values["hall_area_avg"] == pytest.approx(116.7)  # weighted by 试点乡镇数 2 and 4
    assert report.text("problems") == "泸县：泸县人手不足\n合江县：合江县人手不足"  # the gazetteer's order
    assert report.reporter == "王晓燕"  # the header stays the city's
    assert view.form.numbers["windows_total"].text() == "30"
    assert view.form.sections["problems"].toPlainText().startswith("泸县：")
    # one undoable action
    assert store.undo_text == "汇总各县2021年5月月报"
    store.undo()
    page.refresh()
    assert view.form.numbers["windows_total"].text() == "84"


def test_county_office_has_no_compile_button(qtbot, store, gaz, dialogs) -> None:
    fill_demo(store, gaz)
    settings = store.settings()
    settings.unit.region_code, settings.unit.region_name = "510522", "合江县"
    store.save_settings(settings)
    page = make_page(qtbot, store)
    assert page.board.model.region(0) == "合江县" and page.context.deadline_day == 20
    assert page.open_report("合江县", MAY)
    assert not page.report_view.compile_button.isVisible()


def test_export_off_the_gui_thread_from_the_board(qtbot, store, gaz, dialogs, export_folder,
                                                  stand_in) -> None:
    """The real runner: the workbook is written in the thread pool, the lock is set on the GUI thread."""
    fill_demo(store, gaz)
    page = MonthlyPage(store, INDICATORS, jobs=JobRunner(), today=lambda: TODAY)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    page.board.select(CITY, APR)
    page.board.table.setFocus()
    with qtbot.waitSignal(page.exported, timeout=10_000):
        qtbot.keyClick(page.board.table, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)  # Ctrl+E on the board
    assert page.showing_report and page.current_report().month == APR
    assert isinstance(stand_in[0]["report"], MonthlyReport)
    assert store.report(CITY, APR).locked and not page.jobs.busy
    assert page.report_view.read_only_reason == "locked" and not page.report_view.busy
