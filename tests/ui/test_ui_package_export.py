"""文件 → 导出交换包… through the window (scope dialog and save dialog patched), read back with read_package."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import pytest
from helpers import fill_valid_provincial
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QFileDialog

import desktop.ui.window.transfer as transfer
from desktop.domain.model import ReportingUnit, Settings
from desktop.exchange.package import archive as pkg
from desktop.exchange.package.archive import read_package
from desktop.services.package import file_name as package_file_name
from desktop.store.database import open_store
from desktop.ui.importing.preview import ImportPreviewDialog
from desktop.ui.sending.package_dialog import PackageDialog
from desktop.ui.window.main_window import MainWindow

UNIT = "泸州市政务服务管理局"


@pytest.fixture
def opened_packages(monkeypatch) -> list[object]:
    """The 导出完成 box is recorded as (path, text) and answers 打开文件夹; openUrl records the folder."""
    calls: list[object] = []
    monkeypatch.setattr(transfer, "offer_open_package", lambda _w, path, text: calls.append((path, text)) or True)
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: calls.append(url.toLocalFile()) or True)
    return calls


def menu_action(w: MainWindow, title: str, text: str):
    menu = next(a.menu() for a in w.menuBar().actions() if a.text() == title)
    return next(a for a in menu.actions() if a.text() == text)


def pick(monkeypatch, scope: str | None) -> list[PackageDialog]:
    """The scope dialog picks ``scope`` (None: cancelled)."""
    seen: list[PackageDialog] = []

    def exec_(self: PackageDialog) -> int:
        seen.append(self)
        if scope is None:
            return QDialog.DialogCode.Rejected
        assert self.set_scope(scope)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(PackageDialog, "exec", exec_)
    return seen


def save_as(monkeypatch, path: Path | None) -> list[tuple]:
    asked: list[tuple] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: asked.append(a) or (str(path) if path else "", ""))
    return asked


def test_a_town_package_through_the_menu(make_window, qtbot, store, gaz, monkeypatch, messages,
                                         opened_packages, tmp_path) -> None:
    fill_valid_provincial(store, gaz)
    w = make_window(store)
    action = menu_action(w, "文件", "导出交换包…")
    dialogs = pick(monkeypatch, "白沙镇")
    asked = save_as(monkeypatch, tmp_path / "交换 文件夹" / "白沙镇 交换包")
    with qtbot.waitSignal(w.transfer.package_finished) as signal:
        action.trigger()
    (dialog,) = dialogs
    assert dialog.summary.text() == "将打包：1 个乡镇（街道），10 个村（社区），0 份月报"
    today = date.today().strftime("%Y%m%d")
    assert dialog.file_name() == f"交换包-{UNIT}-白沙镇-{today}.zctb"
    assert asked[0][1] == "保存交换包" and asked[0][2].endswith(dialog.file_name()) and asked[0][3] == "交换包 (*.zctb)"
    out = signal.args[0]
    assert out == tmp_path / "交换 文件夹" / "白沙镇 交换包.zctb" and out.exists()
    package = read_package(out)
    assert (package.made_by, package.scope, package.manifest["scope"]["kind"]) == (UNIT, "白沙镇", "town")
    assert [t.town for r in package.payload.rosters for t in r.towns] == ["白沙镇"]
    path, text = opened_packages[0]
    assert path == out and "1 个乡镇（街道），10 个村（社区），0 份月报" in text
    assert opened_packages[1] == str(out.parent)
    assert messages == [] and "已导出交换包" in w.statusBar().currentMessage()


def test_the_whole_database_runs_off_the_gui_thread_and_imports_elsewhere(make_window,
        qtbot, store, gaz, monkeypatch, messages, opened_packages, tmp_path) -> None:
    fill_valid_provincial(store, gaz)
    w = make_window(store, synchronous=False)
    pick(monkeypatch, "")
    save_as(monkeypatch, tmp_path / "全部.zctb")
    threads: list[threading.Thread] = []
    real = pkg.write_package
    monkeypatch.setattr(pkg, "write_package", lambda *a, **k: threads.append(threading.current_thread()) or real(*a, **k))
    with qtbot.waitSignal(w.transfer.package_finished, timeout=20_000) as signal:
        w.package_action.trigger()
        assert not w.package_action.isEnabled()
    qtbot.waitUntil(w.package_action.isEnabled)
    assert threads and threads[0] is not threading.main_thread()
    package = read_package(signal.args[0])
    assert package.scope == "" and package.payload.towns == 5
    # the city's colleague imports it: the preview lists five new towns
    other = open_store(tmp_path / "另一台电脑" / "数据.sqlite")
    try:
        w2 = make_window(other)
        monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(signal.args[0])], ""))
        seen: list[ImportPreviewDialog] = []
        monkeypatch.setattr(ImportPreviewDialog, "exec", lambda d: seen.append(d) or QDialog.DialogCode.Accepted)
        w2.import_action.trigger()
        assert seen[0].preview.counts()["add"] == 5 and other.counts()["towns"] == 5
        assert other.provenance(other.load_rosters()[0].towns[0].id).office == UNIT
    finally:
        other.close()


def test_no_unit_no_data_and_cancel(make_window, store, gaz, monkeypatch, messages, opened_packages,
                                    tmp_path) -> None:
    w = make_window(store)
    dialogs = pick(monkeypatch, None)
    w.package_action.trigger()
    assert messages[-1][:2] == ("warning", "不能导出交换包") and "填报单位未设置" in messages[-1][2]
    store.save_settings(Settings(ReportingUnit("510522", "合江县", "合江县政务服务中心")))
    w.package_action.trigger()
    assert messages[-1][:2] == ("information", "没有可导出的内容") and not dialogs
    fill_valid_provincial(store, gaz)
    asked = save_as(monkeypatch, tmp_path / "x.zctb")
    w.package_action.trigger()
    assert len(dialogs) == 1 and not asked and not list(tmp_path.glob("*.zctb"))
    pick(monkeypatch, "合江县")
    save_as(monkeypatch, None)
    w.package_action.trigger()
    assert not list(tmp_path.rglob("*.zctb")) and not opened_packages


def test_scope_dialog_lists_counties_and_towns(qtbot, store, gaz) -> None:
    fill_valid_provincial(store, gaz)
    d = PackageDialog(store.load_rosters(), store.reports(), store.settings().unit)
    qtbot.addWidget(d)
    top = [d.tree.topLevelItem(i).text(0) for i in range(d.tree.topLevelItemCount())]
    assert top == ["整个数据库", "合江县"]
    county = d.tree.topLevelItem(1)
    assert [county.child(i).text(0) for i in range(county.childCount())] == ["符阳街道", "白沙镇", "先市镇", "尧坝镇", "九支镇"]
    assert d.scope() == "" and d.summary.text() == "将打包：5 个乡镇（街道），50 个村（社区），0 份月报"
    assert d.set_scope("合江县") and d.file_name().startswith(f"交换包-{UNIT}-合江县-")
    assert not d.set_scope("江阳区")
    unit = ReportingUnit("510522", "合江县", "合江县政务服务中心")
    from datetime import datetime

    assert package_file_name(unit, "", datetime(2021, 4, 2, 20, 21, 4)) == "交换包-合江县政务服务中心-20210402.zctb"


def test_a_package_with_roster_errors_asks_first(make_window, qtbot, store, gaz, monkeypatch, dialogs,
                                                 opened_packages, tmp_path) -> None:
    """Issue 21: 导出交换包 went ahead while the roster had errors. It says how many, and asks."""
    fill_valid_provincial(store, gaz)
    town = store.load_rosters()[0].towns[1]
    store.update_town(town.id, town_type="")
    w = make_window(store)
    errors = [f for f in w.findings if f.is_error]
    assert errors and all(f.location.town_id == town.id for f in errors)
    pick(monkeypatch, "")
    asked = save_as(monkeypatch, tmp_path / "全部.zctb")
    dialogs.answer = dialogs.answer.No
    w.package_action.trigger()
    kind, title, text = dialogs.last()
    assert (kind, title) == ("question", "名单中还有错误")
    assert f"名单中还有 {len(errors)} 个错误，例如：\n{errors[0].message}" in text and "仍要导出交换包吗？" in text
    assert not asked and not (tmp_path / "全部.zctb").exists() and w.findings_dock.isVisible()
    dialogs.answer = dialogs.answer.Yes
    with qtbot.waitSignal(w.transfer.package_finished):
        w.package_action.trigger()
    assert (tmp_path / "全部.zctb").exists()
    other = next(t for t in store.load_rosters()[0].towns if t.id != town.id)
    shown = len(dialogs.shown)
    pick(monkeypatch, other.town)  # a scope without errors: nothing to ask
    save_as(monkeypatch, tmp_path / "一个镇.zctb")
    with qtbot.waitSignal(w.transfer.package_finished):
        w.package_action.trigger()
    assert [d for d in dialogs.shown[shown:] if d[0] == "question"] == []


def test_a_database_that_cannot_record_it_writes_no_package(make_window, store, gaz, monkeypatch, messages,
                                                           opened_packages, tmp_path) -> None:
    """Another program holds the write lock: the package would be written, then removed when it cannot
    be recorded. It is refused before anything is written, with the cause."""
    fill_valid_provincial(store, gaz)
    w = make_window(store)
    pick(monkeypatch, "")
    save_as(monkeypatch, tmp_path / "全部.zctb")
    monkeypatch.setattr(store, "write_problem", lambda: "另一个程序正在写入数据库“测试.sqlite”，请稍后再试")
    monkeypatch.setattr(pkg, "write_package", lambda *a, **k: pytest.fail("nothing is written"))
    w.package_action.trigger()
    assert messages[-1] == ("warning", "不能导出交换包", "另一个程序正在写入数据库“测试.sqlite”，请稍后再试")
    assert not list(tmp_path.glob("*.zctb")) and not opened_packages and w.package_action.isEnabled()
