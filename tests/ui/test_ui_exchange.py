"""Export and import through the window, with the static file dialogs and message boxes patched."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import fill_valid_provincial, sample_town
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QFileDialog

import desktop.ui.window.transfer as transfer
from desktop.domain.model import Level, Roster
from desktop.exchange import errors
from desktop.exchange.roster import export as roster_export
from desktop.store.database import open_store
from desktop.ui.importing.preview import ImportPreviewDialog


@pytest.fixture
def opened(monkeypatch) -> list[tuple[Path, list[Path]]]:
    """The 导出完成 box answers 打开文件夹; openUrl is recorded instead of run."""
    calls: list = []
    monkeypatch.setattr(transfer, "offer_open_folder", lambda _w, folder, paths: calls.append((folder, paths)) or True)
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: calls.append(("url", url.toLocalFile())) or True)
    return calls


def _choose_folder(monkeypatch, folder: Path) -> list[int]:
    asked: list[int] = []
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: asked.append(1) or str(folder))
    return asked


def test_export_refused_while_errors_remain(make_window, store, gaz, monkeypatch, messages, tmp_path) -> None:
    store.add_rosters([Roster(Level.COUNTY, None, [sample_town(gaz, Level.COUNTY, "合江县", "白沙镇", 2, "")])])
    w = make_window(store)
    asked = _choose_folder(monkeypatch, tmp_path)
    n_errors = w.counts()["errors"]
    assert n_errors > 0
    w.export_action.trigger()
    assert asked == []
    kind, title, text = messages[-1]
    assert kind == "warning" and title == "不能导出"
    assert f"还有 {n_errors} 个错误" in text and "检查结果" in text
    assert w.findings_dock.isVisible()


def test_export_writes_files_and_offers_the_folder(make_window, qtbot, store, gaz, monkeypatch, messages,
                                                   opened, tmp_path) -> None:
    fill_valid_provincial(store, gaz)
    w = make_window(store)
    assert w.counts()["errors"] == 0
    out = tmp_path / "导出 结果"
    _choose_folder(monkeypatch, out)
    with qtbot.waitSignal(w.export_finished) as signal:
        w.export_action.trigger()
    paths = signal.args[0]
    assert [p.name for p in paths] == [p.name for p in out.glob("*.xlsx")]
    assert len(paths) == 1 and paths[0].name.startswith("附件1") and paths[0].exists()
    assert opened[0] == (out, paths)
    assert opened[1] == ("url", str(out))
    assert messages == []
    _assert_file_matches_store(paths[0], store)


def _assert_file_matches_store(path: Path, store) -> None:
    """The exported 附件1, cell by cell, against what the store holds."""
    from openpyxl import load_workbook

    from desktop.domain.dates import format_cn

    ws = load_workbook(path).active
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    roster = store.load_roster(Level.PROVINCIAL)
    assert rows[0][0] == "附件1"
    assert rows[1][0] == "省级试点地区乡镇（街道）、村（社区）名单"
    flat = [v for r in rows[:3] for v in r if v]
    assert store.settings().unit.display in flat and format_cn(roster.filled_on) in flat
    header = next(i for i, r in enumerate(rows) if r[0] == "市（州）")
    assert rows[header] == ["市（州）", "县（市、区）", "乡镇（街道）", "乡镇类型", "村（社区）", "备注"]
    for i, town in enumerate(roster.towns):
        city, county, name, kind, villages, note = rows[header + 1 + i]
        assert (city if i == 0 else city or roster.towns[0].city) == town.city
        assert (county or roster.towns[0].county) == town.county
        assert (name, kind, villages, note or "") == (town.town, town.town_type, "、".join(town.village_names), town.note)
    assert str(rows[header + 1 + len(roster.towns)][0]).startswith("填报说明：1. 该表填报省级 11 个试点地区。")


def test_export_runs_off_the_gui_thread(make_window, qtbot, store, gaz, monkeypatch, opened,
                                        tmp_path) -> None:
    import threading

    fill_valid_provincial(store, gaz)
    w = make_window(store, synchronous=False)
    _choose_folder(monkeypatch, tmp_path)
    real = roster_export.export_rosters
    threads: list[threading.Thread] = []
    monkeypatch.setattr(roster_export, "export_rosters",
                        lambda *a: threads.append(threading.current_thread()) or real(*a))
    with qtbot.waitSignal(w.export_finished, timeout=20_000):
        w.export_action.trigger()
        assert not w.export_action.isEnabled()  # busy while the worker runs
    assert threads and threads[0] is not threading.main_thread()
    qtbot.waitUntil(lambda: w.export_action.isEnabled())
    assert len(list(tmp_path.glob("*.xlsx"))) == 1


def test_export_error_is_shown_in_chinese(make_window, qtbot, store, gaz, monkeypatch, messages,
                                          tmp_path) -> None:
    fill_valid_provincial(store, gaz)
    w = make_window(store)
    _choose_folder(monkeypatch, tmp_path)

    def fail(*_a):
        raise errors.ExportError("文件“附件1.xlsx”正被其他程序打开，请关闭后重试")

    monkeypatch.setattr(roster_export, "export_rosters", fail)
    with qtbot.waitSignal(w.transfer.failed) as signal:
        w.export_action.trigger()
    assert signal.args[0] == "文件“附件1.xlsx”正被其他程序打开，请关闭后重试"
    assert messages[-1] == ("warning", "导出失败", signal.args[0])


def test_import_round_trip_and_undo(make_window, qtbot, store, gaz, monkeypatch, messages, opened,
                                    tmp_path) -> None:
    fill_valid_provincial(store, gaz)
    out = tmp_path / "报表"
    exported = roster_export.export_rosters(store.load_rosters(), store.settings(), out)
    other = open_store(tmp_path / "另一个" / "数据.sqlite")
    try:
        w = make_window(other)
        assert w.banner.isVisible()
        w.show_level(Level.COUNTY)
        monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(p) for p in exported], ""))
        # the import preview (tests/test_ui_import_preview.py) is confirmed as it is shown
        monkeypatch.setattr(ImportPreviewDialog, "exec", lambda _self: QDialog.DialogCode.Accepted)
        with qtbot.waitSignal(w.import_finished) as signal:
            w.import_action.trigger()
        assert signal.args[0] == 5
        assert w.counts()["towns"] == 5 and w.counts()["villages"] == 50
        assert w.current_page() is w.pages[Level.PROVINCIAL], "the list that changed is shown"
        assert [t.town for t in w.pages[Level.PROVINCIAL].model.towns()][:2] == ["符阳街道", "白沙镇"]
        kind, title, text = messages[-1]
        assert (kind, title) == ("information", "导入完成") and "新增 5 个" in text
        assert other.settings().unit.office == "泸州市政务服务管理局"
        assert not w.banner.isVisible()
        # importing the same file again updates instead of doubling
        w.import_action.trigger()
        assert w.counts()["towns"] == 5 and "未变 5 个" in messages[-1][2]
        assert messages[-1][1] == "没有需要导入的改动" and "Ctrl+Z" not in messages[-1][2]  # nothing to take back
        while other.can_undo:
            w.undo()
        assert w.counts()["towns"] == 0 and w.pages[Level.PROVINCIAL].model.rowCount() == 0
    finally:
        other.close()


def test_reading_back_the_own_export_changes_nothing_and_says_so(make_window, qtbot, store, gaz, monkeypatch,
                                                                  messages, tmp_path) -> None:
    fill_valid_provincial(store, gaz)
    exported = roster_export.export_rosters(store.load_rosters(), store.settings(), tmp_path / "报表")
    w = make_window(store)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(p) for p in exported], ""))
    with qtbot.waitSignal(w.import_finished):
        w.import_action.trigger()
    kind, title, text = messages[-1]
    assert (kind, title) == ("information", "没有需要导入的改动") and "未变 5 个" in text
    assert "Ctrl+Z" not in text and "收件情况" not in text  # nothing to take back, nothing received
    assert store.receipts() == []


def test_import_bad_file_shows_the_reason(make_window, qtbot, store, monkeypatch, messages, tmp_path) -> None:
    bad = tmp_path / "名单.xlsx"
    bad.write_text("不是工作簿", encoding="utf-8")
    w = make_window(store)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(bad)], ""))
    with qtbot.waitSignal(w.transfer.failed) as signal:
        w.import_action.trigger()
    assert "名单.xlsx" in signal.args[0]
    assert messages[-1][0:2] == ("warning", "导入失败")
    assert w.counts()["towns"] == 0


def test_cancelled_dialogs_do_nothing(make_window, store, gaz, monkeypatch, messages) -> None:
    fill_valid_provincial(store, gaz)
    w = make_window(store)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: "")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([], ""))
    w.export_action.trigger()
    w.import_action.trigger()
    assert messages == [] and w.counts()["towns"] == 5


def test_export_over_existing_files_asks_first(make_window, qtbot, store, gaz, monkeypatch, messages, opened,
                                               tmp_path) -> None:
    from PySide6.QtWidgets import QMessageBox

    fill_valid_provincial(store, gaz)
    w = make_window(store)
    out = tmp_path / "导出 结果"
    _choose_folder(monkeypatch, out)
    with qtbot.waitSignal(w.export_finished):
        w.export_action.trigger()
    (path,) = out.glob("*.xlsx")
    path.write_bytes(b"older")
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda _p, title, text, *a, **k:
                        asked.append(text) or QMessageBox.StandardButton.No)
    w.export_action.trigger()
    assert asked == [f"文件夹中已有：\n“{path.name}”\n\n要替换它们吗？"]
    assert path.read_bytes() == b"older"  # 否: nothing written
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(w.export_finished):
        w.export_action.trigger()
    assert path.read_bytes().startswith(b"PK")


def test_package_with_values_typing_refuses_is_refused_by_the_window(make_window, qtbot, store, gaz, monkeypatch,
                                                                     messages, tmp_path) -> None:
    """Issue 18 point 5, the window's import path: a package whose maker's office holds a line break and
    whose town a direction override is refused with the place named; the database is unchanged."""
    import sqlite3

    from corpus.offices import package_of, township
    from corpus.tamper import parts, resealed

    from desktop.domain.model import ReportingUnit, Settings

    store.save_settings(Settings(ReportingUnit("510522", "合江县", "合江县政务服务中心")))
    office = township(tmp_path, gaz, "榕山镇")
    good = tmp_path / "榕山镇.zctb"
    package_of(office, good)
    office.close()
    manifest, payload = parts(good)
    payload["rosters"][0]["towns"][0]["town"] = "白沙\u202e镇"
    bad = resealed(good, tmp_path / "坏的 交换包.zctb", manifest, payload)
    manifest["made_by"]["office"] = "榕山镇便民服务中心\r\nBcc: x"
    office_bad = resealed(good, tmp_path / "单位 交换包.zctb", manifest, parts(good)[1])

    def dump() -> str:
        conn = sqlite3.connect(store.path)
        try:
            return "\n".join(conn.iterdump())
        finally:
            conn.close()

    w = make_window(store)
    before = dump()
    for path, where in ((bad, "附件3 第 1 行：乡镇（街道）含有不可见的控制字符"),
                        (office_bad, "制作单位的单位名称含有换行")):
        monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, _p=path, **k: ([str(_p)], ""))
        monkeypatch.setattr(ImportPreviewDialog, "exec", lambda self: pytest.fail("no preview for a refused package"))
        with qtbot.waitSignal(w.transfer.failed) as signal:
            w.import_action.trigger()
        assert f"交换包“{path.name}”" in signal.args[0] and where in signal.args[0]
        assert messages[-1][0:2] == ("warning", "导入失败")
    assert dump() == before and w.counts()["towns"] == 0
    assert store.settings().unit.office == "合江县政务服务中心"


def test_an_import_writes_and_reloads_with_the_collector_paused(make_window, qtbot, store, gaz, monkeypatch,
                                                               messages, tmp_path, collector_on) -> None:
    """Writing the rows and reading every list again make many objects at once: the cyclic collector is
    held off meanwhile (desktop.system.about.collector_paused) and is back on afterwards."""
    import gc

    from desktop.services import importing

    fill_valid_provincial(store, gaz)
    exported = roster_export.export_rosters(store.load_rosters(), store.settings(), tmp_path / "报表")
    other = open_store(tmp_path / "另一个" / "数据.sqlite")
    seen: list[bool] = []
    real_apply = importing.apply
    monkeypatch.setattr(importing, "apply", lambda *a, **k: seen.append(gc.isenabled()) or real_apply(*a, **k))
    try:
        w = make_window(other)
        monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(p) for p in exported], ""))
        monkeypatch.setattr(ImportPreviewDialog, "exec", lambda _self: QDialog.DialogCode.Accepted)
        with qtbot.waitSignal(w.import_finished):
            w.import_action.trigger()
        assert seen == [False] and gc.isenabled()
        assert w.counts()["towns"] == 5
    finally:
        other.close()
