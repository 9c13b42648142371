"""导入… through the window: the import preview dialog, its ticks, suggestions and conflicts, and
that nothing is written before the user confirms. Static dialogs are patched; the preview's
exec() is replaced by a function that works the dialog as a user would, then returns its result."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import SUGGESTED, UNKNOWN_VILLAGE, county_scenario, press, sample_town
from openpyxl import Workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog

from desktop.domain.merge.preview import Kind, build_preview
from desktop.domain.model import Level, Roster
from desktop.exchange.incoming import read_incoming
from desktop.ui.importing.preview import ImportPreviewDialog
from desktop.ui.importing.tree_model import COL_ITEM, COL_OURS, COL_THEIRS, N, Node
from desktop.ui.window.transfer import IMPORT_FILTER

CHECKED, UNCHECKED = Qt.CheckState.Checked, Qt.CheckState.Unchecked


def choose(monkeypatch, paths: list[Path]) -> list[tuple]:
    asked: list[tuple] = []
    monkeypatch.setattr(QFileDialog, "getOpenFileNames",
                        lambda *a, **k: asked.append(a) or ([str(p) for p in paths], ""))
    return asked


def work_dialog(monkeypatch, act: Callable[[ImportPreviewDialog], None]) -> list[ImportPreviewDialog]:
    """The preview's exec(): show it, let ``act`` work it, return what it was closed with (Rejected if not)."""
    seen: list[ImportPreviewDialog] = []

    def exec_(self: ImportPreviewDialog) -> int:
        self.show()
        seen.append(self)
        act(self)
        return self.result()

    monkeypatch.setattr(ImportPreviewDialog, "exec", exec_)
    return seen


def roster_workbook(path: Path) -> Path:
    """附件3 with 榕山镇 (one village typed as 坪岩新村, close to the official 坪岩村) and 白沙镇 as 中心镇."""
    wb = Workbook()
    ws = wb.active
    ws.append(["附件3"])
    ws.append(["市（州）", "县（市、区）", "乡镇（街道）", "乡镇类型", "村（社区）", "备注"])
    for town, kind, village in (("榕山镇", "中心镇", "木广社区"), ("榕山镇", "中心镇", "坪岩新村"),
                                ("白沙镇", "中心镇", "良石坪社区"), ("白沙镇", "中心镇", "白沙社区")):
        ws.append(["泸州市", "合江县", town, kind, village, None])
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


@pytest.fixture
def with_baisha(store, gaz):
    """白沙镇 typed here as 重点镇 with the same two villages: the workbook changes its type."""
    store.add_rosters([Roster(Level.COUNTY, None, [sample_town(gaz, Level.COUNTY, "合江县", "白沙镇", 2, "重点镇")])])
    return store


def node(dialog: ImportPreviewDialog, kind: N, text: str = "") -> Node:
    return next(n for n in dialog.model.nodes() if n.kind is kind and text in dialog.model.texts(n)[0])


def dump(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return "\n".join(conn.iterdump())
    finally:
        conn.close()


def towns(store) -> dict[str, object]:
    return {t.town: t for t in store.load_roster(Level.COUNTY).towns}


def test_a_workbook_goes_through_the_preview(make_window, qtbot, with_baisha, monkeypatch, messages,
                                             tmp_path) -> None:
    store = with_baisha
    w = make_window(store)
    asked = choose(monkeypatch, [roster_workbook(tmp_path / "名单" / "附件3.xlsx")])

    def check(d: ImportPreviewDialog) -> None:
        assert d.preview.counts() == {"add": 1, "change": 1, "same": 0, "conflict": 0, "unknown": 1}
        text = d.counts_label.text()
        for part in ("新增 <b>1</b>", "修改 <b>1</b>", "相同 <b>0</b>", "冲突 <b>0</b>", "名录外名称 <b"):
            assert part in text
        assert store.counts()["towns"] == 1, "nothing is written while the preview is open"
        group = node(d, N.GROUP, "合江县")
        assert d.model.texts(group)[:2] == ("附件3 泸州市 合江县", "新增 1 · 修改 1")
        baisha = node(d, N.ROW, "白沙镇")
        assert d.model.texts(baisha)[1] == "修改 1 项"
        (field,) = baisha.children
        assert d.model.texts(field)[COL_OURS:] == ("重点镇", "中心镇")
        unknown = node(d, N.UNKNOWN, "坪岩新村")
        assert d.model.texts(unknown)[1:] == ("名录外的村（社区）", "", "相近：坪岩村")
        assert "新增 1 个乡镇（街道），修改 1 个" in d.summary_label.text()
        press(d.tree, Qt.Key.Key_Return)  # Enter: 导入所选

    seen = work_dialog(monkeypatch, check)
    with qtbot.waitSignal(w.import_finished) as signal:
        w.import_action.trigger()
    assert asked[0][3] == IMPORT_FILTER == "工作簿、交换包和邮件 (*.xlsx *.zctb *.zip *.eml)"
    assert len(seen) == 1 and signal.args == [1]
    now = towns(store)
    assert now["白沙镇"].town_type == "中心镇" and [v.name for v in now["榕山镇"].villages] == ["木广社区", "坪岩新村"]
    assert w.pages[Level.COUNTY].model.rowCount() == 2
    assert "新增 1 个乡镇（街道），更新 1 个" in w.statusBar().currentMessage()
    assert messages[-1][:2] == ("information", "导入完成")
    assert store.undo_text.startswith("导入“附件3.xlsx”") and store.backups()
    w.undo()
    assert list(towns(store)) == ["白沙镇"] and towns(store)["白沙镇"].town_type == "重点镇"


def test_unticked_rows_and_fields_are_left_out(make_window, with_baisha, monkeypatch, messages,
                                               tmp_path) -> None:
    store = with_baisha
    w = make_window(store)
    choose(monkeypatch, [roster_workbook(tmp_path / "附件3.xlsx")])

    def untick(d: ImportPreviewDialog) -> None:
        rongshan = node(d, N.ROW, "榕山镇")
        d.tree.setCurrentIndex(d.model.index_of(rongshan, COL_THEIRS))  # Space works whatever column is current
        d.tree.setFocus()
        press(d.tree, Qt.Key.Key_Space)
        assert d.model.check_state(rongshan) is UNCHECKED and rongshan.obj.id not in d.choice().take
        press(d.tree, Qt.Key.Key_Space)
        assert d.model.check_state(rongshan) is CHECKED
        assert d.model.setData(d.model.index_of(rongshan), UNCHECKED.value, Qt.ItemDataRole.CheckStateRole)
        (field,) = node(d, N.ROW, "白沙镇").children
        d.model.setData(d.model.index_of(field), UNCHECKED, Qt.ItemDataRole.CheckStateRole)
        group = node(d, N.GROUP, "合江县")
        assert d.model.check_state(group) is UNCHECKED
        assert "新增 0 个乡镇（街道），修改 0 个，不选 2 个" in d.summary_label.text()
        d.model.setData(d.model.index_of(field), CHECKED, Qt.ItemDataRole.CheckStateRole)
        assert d.model.check_state(group) is Qt.CheckState.PartiallyChecked
        d.ok_button.click()

    work_dialog(monkeypatch, untick)
    w.import_action.trigger()
    assert list(towns(store)) == ["白沙镇"] and towns(store)["白沙镇"].town_type == "中心镇"
    assert "未选 1 个" in messages[-1][2]


def test_import_all_takes_everything_again(make_window, with_baisha, monkeypatch, messages, tmp_path) -> None:
    w = make_window(with_baisha)
    choose(monkeypatch, [roster_workbook(tmp_path / "附件3.xlsx")])

    def untick_then_all(d: ImportPreviewDialog) -> None:
        d.model.set_ticked(node(d, N.GROUP, "合江县"), False)
        assert not d.choice().take - {lc.id for lc in d.preview.lists}
        d.all_button.click()

    work_dialog(monkeypatch, untick_then_all)
    w.import_action.trigger()
    assert set(towns(with_baisha)) == {"白沙镇", "榕山镇"} and towns(with_baisha)["白沙镇"].town_type == "中心镇"


def test_accepting_a_suggestion_fixes_the_unknown_village(make_window, store, monkeypatch, messages,
                                                          tmp_path) -> None:
    w = make_window(store)
    choose(monkeypatch, [roster_workbook(tmp_path / "附件3.xlsx")])

    def accept(d: ImportPreviewDialog) -> None:
        baisha = node(d, N.ROW, "白沙镇")
        d.model.set_ticked(baisha, False)  # a tick made before the preview is computed again is kept
        d.tree.setCurrentIndex(d.model.index_of(node(d, N.UNKNOWN, "坪岩新村")))
        assert "不在区划名录中" in d.detail.unknown_box.findChildren(type(d.detail.title))[0].text()
        (button,) = d.detail.suggestion_buttons
        assert button.text() == "改为“坪岩村”"
        button.click()
        assert d.preview.counts()["unknown"] == 0 and "名录外名称 <b>0</b>" in d.counts_label.text()
        assert not [n for n in d.model.nodes() if n.kind is N.UNKNOWN]
        assert d.model.node(d.tree.currentIndex()).obj.incoming.town == "榕山镇", "the same row stays current"
        assert d.model.check_state(node(d, N.ROW, "白沙镇")) is UNCHECKED
        assert d.model.check_state(node(d, N.ROW, "榕山镇")) is CHECKED
        d.accept()

    work_dialog(monkeypatch, accept)
    w.import_action.trigger()
    (rongshan,) = store.load_roster(Level.COUNTY).towns
    assert [(v.name, v.code) for v in rongshan.villages] == [("木广社区", "510522109001"), ("坪岩村", "510522109209")]


def test_cancel_changes_nothing(make_window, with_baisha, monkeypatch, messages, db_path, tmp_path) -> None:
    w = make_window(with_baisha)
    choose(monkeypatch, [roster_workbook(tmp_path / "附件3.xlsx")])
    before, history, undo = dump(db_path), len(with_baisha.changes()), with_baisha.undo_text

    def cancel(d: ImportPreviewDialog) -> None:
        d.model.select_all()
        d.accept_suggestion(d.preview.unknown_names()[0].id, "坪岩村")
        press(d.tree, Qt.Key.Key_Escape)
        assert d.result() == 0

    seen = work_dialog(monkeypatch, cancel)
    w.import_action.trigger()
    assert seen and dump(db_path) == before and len(with_baisha.changes()) == history
    assert not with_baisha.backups() and with_baisha.undo_text == undo
    assert messages == [] and "已取消导入" in w.statusBar().currentMessage()


@pytest.mark.parametrize("take_theirs", [True, False])
def test_a_package_conflict_is_shown_and_resolved(make_window, gaz, monkeypatch, messages, tmp_path,
                                                  take_theirs) -> None:
    county, paths = county_scenario(tmp_path / "U盘", gaz)
    try:
        w = make_window(county)
        choose(monkeypatch, paths)

        def resolve(d: ImportPreviewDialog) -> None:
            assert d.preview.counts() == {"add": 1, "change": 1, "same": 0, "conflict": 1, "unknown": 1}
            current = d.model.node(d.tree.currentIndex())
            assert current.obj.kind is Kind.CONFLICT, "the dialog opens on the conflict"
            assert d.model.texts(current)[1] == "冲突 · 未决定（不改动）"
            assert d.model.data(d.model.index_of(current), Qt.ItemDataRole.BackgroundRole) is not None
            assert d.detail.conflict_box.isVisible() and d.detail.reason.text().startswith("上次导入后本地修改过")
            assert d.detail.ours.text().startswith("本机：来自合江县榕山镇便民服务中心的交换包")
            assert d.detail.ours.text().endswith("导入后本地已修改")
            rows = {d.detail.compare_model.index(r, 0).data(): (d.detail.compare_model.index(r, 1).data(),
                                                                 d.detail.compare_model.index(r, 2).data())
                    for r in range(d.detail.compare_model.rowCount())}
            assert rows["乡镇类型"] == ("中心镇", "重点镇") and rows["备注"] == ("县里核实：便民服务中心已挂牌", "新增木广村代办点")
            assert "1 个冲突不改动" in d.summary_label.text()
            (d.detail.take_button if take_theirs else d.detail.keep_button).click()
            assert d.model.texts(current)[1] == ("冲突 · 采用导入的" if take_theirs else "冲突 · 保留本机的")
            assert "冲突不改动" not in d.summary_label.text()
            d.ok_button.click()

        work_dialog(monkeypatch, resolve)
        w.import_action.trigger()
        rongshan = towns(county)["榕山镇"]
        expected = ("重点镇", "新增木广村代办点") if take_theirs else ("中心镇", "县里核实：便民服务中心已挂牌")
        assert (rongshan.town_type, rongshan.note) == expected
        assert set(towns(county)) == {"榕山镇", "白沙镇", "尧坝镇"}
        assert [v.name for v in towns(county)["尧坝镇"].villages][-1] == UNKNOWN_VILLAGE
        assert len(county.reports()) == 1 and len(county.imported_packages()) == 2 + 3
        # decided either way: the same packages again have nothing to ask
        shown = work_dialog(monkeypatch, lambda d: d.reject())
        w.import_action.trigger()
        assert not shown and messages[-1][1] == "没有需要导入的改动"
        assert "Ctrl+Z" not in messages[-1][2]  # nothing changed: nothing to take back
    finally:
        county.close()


def test_a_conflict_can_be_taken_field_by_field(make_window, gaz, monkeypatch, messages, tmp_path) -> None:
    county, paths = county_scenario(tmp_path / "U盘", gaz)
    try:
        w = make_window(county)
        choose(monkeypatch, paths[:1])

        def one_field(d: ImportPreviewDialog) -> None:
            conflict = d.model.node(d.tree.currentIndex())
            kind_field = next(c for c in conflict.children if c.obj.field == "town_type")
            d.model.setData(d.model.index_of(kind_field), CHECKED, Qt.ItemDataRole.CheckStateRole)
            assert d.model.check_state(conflict) is Qt.CheckState.PartiallyChecked
            assert d.model.texts(conflict)[1] == "冲突 · 采用导入的 1 项"
            d.accept()

        work_dialog(monkeypatch, one_field)
        w.import_action.trigger()
        assert (towns(county)["榕山镇"].town_type, towns(county)["榕山镇"].note) == ("重点镇", "县里核实：便民服务中心已挂牌")
    finally:
        county.close()


def scenario_dialog(qtbot, gaz, folder: Path) -> ImportPreviewDialog:
    """The preview of the county scenario, opened on its own."""
    county, paths = county_scenario(folder, gaz)
    try:
        incoming, notes = read_incoming(paths, gaz)
        d = ImportPreviewDialog(build_preview(county.local_state(), incoming, gaz), notes)
    finally:
        county.close()
    qtbot.addWidget(d)
    return d


def test_keyboard_tab_reaches_the_buttons(qtbot, gaz, tmp_path) -> None:
    d = scenario_dialog(qtbot, gaz, tmp_path / "U盘")
    d.show()
    d.activateWindow()
    d.tree.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is d.tree)
    reached = []
    for _ in range(12):
        press(QApplication.focusWidget(), Qt.Key.Key_Tab)
        reached.append(QApplication.focusWidget())
    assert d.detail.take_button in reached and d.ok_button in reached and d.cancel_button in reached
    d.tree.setCurrentIndex(d.model.index_of(node(d, N.UNKNOWN, UNKNOWN_VILLAGE)))
    assert [b.text() for b in d.detail.suggestion_buttons][0] == f"改为“{SUGGESTED}”"
    d.tree.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is d.tree)
    assert d.ok_button.isDefault(), "away from the buttons, Enter means 导入所选"
    press(d.tree, Qt.Key.Key_Return)
    assert d.result() == 1


def test_models_survive_many_data_calls(qtbot, gaz, tmp_path) -> None:
    """Regression: PySide6 crashed after thousands of None returns from data()/headerData()."""
    d = scenario_dialog(qtbot, gaz, tmp_path / "U盘")
    tree, compare = d.model, d.detail.compare_model
    compare.set_row(d.preview.rows()[0])
    indexes = [tree.index_of(n, c) for n in tree.nodes() for c in range(tree.columnCount())]
    cells = [compare.index(r, c) for r in range(compare.rowCount()) for c in range(compare.columnCount())]
    roles = [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.CheckStateRole, Qt.ItemDataRole.ToolTipRole,
             Qt.ItemDataRole.EditRole, Qt.ItemDataRole.UserRole, Qt.ItemDataRole.DecorationRole]
    nones = 0
    for i in range(20_000):
        role = roles[i % len(roles)]
        values = (tree.data(indexes[i % len(indexes)], role), compare.data(cells[i % len(cells)], role),
                  tree.headerData(i % 4, Qt.Orientation.Horizontal, role),
                  compare.headerData(i % 3, Qt.Orientation.Vertical, role), tree.data(tree.index(99, 0), role))
        nones += sum(v is None for v in values)
    assert nones > 3 * 20_000
    assert tree.data(tree.index_of(tree.nodes()[0], COL_ITEM), Qt.ItemDataRole.CheckStateRole) is not None


def test_same_rows_are_folded_and_grey(qtbot, store, gaz, tmp_path) -> None:
    store.add_rosters([Roster(Level.COUNTY, None, [sample_town(gaz, Level.COUNTY, "合江县", "白沙镇", 2, "中心镇")])])
    incoming, notes = read_incoming([roster_workbook(tmp_path / "附件3.xlsx")], gaz)
    d = ImportPreviewDialog(build_preview(store.local_state(), incoming, gaz), notes)
    qtbot.addWidget(d)
    assert d.preview.counts()["same"] == 1
    folder = node(d, N.SAME)
    (same,) = folder.children
    assert d.model.texts(folder)[0] == "相同 1 个（跳过）" and d.model.texts(same)[:2] == ("白沙镇", "相同（跳过）")
    assert not d.tree.isExpanded(d.model.index_of(folder)), "the same rows are folded away"
    assert d.model.data(d.model.index_of(same), Qt.ItemDataRole.ForegroundRole) is not None
    assert d.model.check_state(same) is None and d.model.check_state(folder) is None
    assert not d.model.flags(d.model.index_of(same)) & Qt.ItemFlag.ItemIsUserCheckable
    assert "相同 <b>1</b>" in d.counts_label.text() and "按附件3" in d.notes.toPlainText()


def test_monthly_reports_are_listed_with_their_counts(qtbot, gaz, tmp_path) -> None:
    d = scenario_dialog(qtbot, gaz, tmp_path / "U盘")
    assert "月报：新增 <b>1</b>" in d.counts_label.text()
    folder = node(d, N.REPORTS)
    (report,) = folder.children
    assert d.model.texts(folder)[:2] == ("月报", "新增 1")
    assert d.model.texts(report) == ("尧坝镇 2021年3月月报", "新增", "（本机没有）", "填报人 王芳，2 项指标")
    assert d.model.check_state(report) is CHECKED and "月报新增 1 份" in d.summary_label.text()
    d.model.set_ticked(report, False)
    assert report.obj.id not in d.choice().take and "月报" not in d.summary_label.text()
    d.tree.setCurrentIndex(d.model.index_of(report))
    assert d.detail.title.text() == "尧坝镇 2021年3月月报" and "2 项指标，填报人 王芳、审核人 李强" in d.detail.theirs.text()


def test_rows_of_another_county_start_unticked_with_the_reason(qtbot, store, gaz, tmp_path) -> None:
    """Issue 21: the preview pre-ticked rows of another county. 合江县 imports the city's roster back."""
    from corpus.offices import city_office, package_of, town

    from desktop.domain.model import ReportingUnit, Settings
    from desktop.exchange.package.archive import read_package

    store.save_settings(Settings(ReportingUnit("510522", "合江县", "合江县政务服务中心")))
    city = city_office(tmp_path)
    try:
        city.add_rosters([Roster(Level.COUNTY, None, [town(gaz, "榕山镇"), town(gaz, "福集镇", county="泸县")])])
        package_of(city, tmp_path / "泸州市.zctb")
    finally:
        city.close()
    preview = build_preview(store.local_state(), [read_package(tmp_path / "泸州市.zctb").incoming()], gaz)
    dialog = ImportPreviewDialog(preview)
    qtbot.addWidget(dialog)
    fubao, rongshan = node(dialog, N.ROW, "福集镇"), node(dialog, N.ROW, "榕山镇")
    assert dialog.model.check_state(rongshan) is CHECKED and dialog.model.check_state(fubao) is UNCHECKED
    assert dialog.model.texts(fubao)[1] == "新增（不在本地区，默认不导入）"
    index = dialog.model.index_of(fubao)
    assert "不在本单位的地区（合江县）内，默认不导入；确需导入请勾选" in dialog.model.data(index, Qt.ItemDataRole.ToolTipRole)
    dialog.tree.setCurrentIndex(index)
    assert dialog.detail.reason.text() == "不在本单位的地区（合江县）内，默认不导入；确需导入请勾选"
    assert dialog.detail.reason.isVisibleTo(dialog)
    dialog.model.set_ticked(fubao, True)  # the user may still take it
    assert any(r.incoming.town == "福集镇" for r in preview.rows() if r.id in dialog.choice().take)
