"""The window's quick start: the outline before the first paint, everything right after it.

The window built with ``check_after_show=True`` (what ``python -m desktop`` opens) shows the current
list from ``Store.load_outline`` (its first towns with their numbers of villages, the first town in
full) and loads and checks everything once it has been painted (``finish_start``).
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from helpers import fill_valid_provincial, sample_town
from PySide6.QtWidgets import QApplication

from desktop.domain.model import Level, Roster
from desktop.domain.roster.demo import build_demo
from desktop.ui.roster.town_table import COL_VILLAGES


@pytest.fixture
def demo_store(store, gaz):
    settings, rosters = build_demo(gaz)
    store.save_settings(settings)
    store.add_rosters(rosters)
    return store


def table_texts(page) -> list[list[str]]:
    model = page.model
    return [[str(model.data(model.index(r, c))) for c in range(model.columnCount())] for r in range(model.rowCount())]


def test_outline_shows_what_the_full_load_shows(make_window, demo_store) -> None:
    full = make_window(demo_store, as_opened=True, show=False)
    quick = make_window(demo_store, check_after_show=True, show=False)
    page, full_page = quick.current_page(), full.current_page()
    assert page.model.rowCount() == full_page.model.rowCount() > 0
    assert table_texts(page) == table_texts(full_page)  # the 村数 column comes from the counts
    assert quick.status.villages_label.text() == full.status.villages_label.text()
    assert quick.status.towns_label.text() == full.status.towns_label.text()
    assert [quick.tabs.tabText(i) for i in range(3)] == [full.tabs.tabText(i) for i in range(3)]
    # the first town's form is complete: its villages were read for it
    assert page.form.entry is not None and page.form.entry.villages == full_page.form.entry.villages
    # the other towns wait for the full load; nothing is checked yet
    assert any(not t.villages for t in page.roster.towns[1:])
    assert quick.findings == [] and full.findings


def test_first_paint_loads_and_checks_everything(make_window, qtbot, demo_store) -> None:
    w = make_window(demo_store, check_after_show=True, show=False)
    assert QApplication.instance() is not None
    with qtbot.waitSignal(w.started, timeout=5000):
        w.show()
    page = w.current_page()
    assert all(t.villages for t in page.roster.towns)  # every town now holds its villages
    assert w.findings == make_window(demo_store, as_opened=True, show=False).findings
    assert w.counts()["towns"] == demo_store.counts()["towns"]
    w.finish_start()  # a second call (the fallback timer) changes nothing
    assert w.findings


def test_a_window_never_painted_still_finishes_starting(make_window, qtbot, demo_store) -> None:
    w = make_window(demo_store, check_after_show=True, show=False)
    w.showMinimized()
    qtbot.waitSignal(w.started, timeout=5000).wait()
    assert all(t.villages for t in w.current_page().roster.towns)


def test_shutdown_before_the_second_step_cancels_it(make_window, qtbot, demo_store) -> None:
    w = make_window(demo_store, check_after_show=True, show=False)
    w.show()
    w.shutdown()
    fired: list[bool] = []
    w.started.connect(lambda: fired.append(True))
    qtbot.wait(700)  # longer than the fallback timer
    assert fired == []


def test_undo_keys_filter_installed_only_after_the_first_paint(make_window, store, monkeypatch) -> None:
    installed: list[object] = []
    app = QApplication.instance()
    monkeypatch.setattr(type(app), "installEventFilter", lambda self, obj: installed.append(obj))
    w = make_window(store, check_after_show=True, show=False)
    assert w.undo_keys not in installed
    w.finish_start()
    assert w.undo_keys in installed


def test_outline_of_an_empty_database(make_window, store) -> None:
    w = make_window(store, check_after_show=True, show=False)
    assert w.current_page().model.rowCount() == 0
    assert w.status.villages_label.text() == "村（社区）0 个"


def test_store_outline_reads_the_first_towns_and_counts_the_rest(store, gaz) -> None:
    roster = fill_valid_provincial(store, gaz)
    store.add_rosters([Roster(Level.COUNTY, None, [sample_town(gaz, Level.COUNTY, "泸县", "玉蟾街道", 0)])])
    outline = store.load_outline(Level.PROVINCIAL, first=3)
    towns = outline.roster.towns
    assert [t.town for t in towns] == [t.town for t in roster.towns[:3]]
    assert all(t.villages == [] for t in towns)
    assert outline.village_counts == {t.id: 10 for t in towns}
    assert outline.towns == {Level.PROVINCIAL: 5, Level.CITY: 0, Level.COUNTY: 1}
    assert outline.villages == 50
    assert outline.roster.filled_on == roster.filled_on
    assert outline.longest["county"] == ["合江县"] and outline.longest["town_type"][0] == "县级政府驻地镇"
    assert set(outline.longest["town"]) == {t.town for t in roster.towns}  # every town, not only the 3 read
    county = store.load_outline(Level.COUNTY)
    assert county.village_counts == {} and county.roster.filled_on is None  # a town without villages
    full = store.load_rosters()
    assert store.load_villages(towns[2].id) == full[0].towns[2].villages


def test_outline_rows_past_the_first_towns_stay_blank_until_the_list_is_set(qapp, store, gaz) -> None:
    from desktop.ui.roster.town_table import TownTableModel

    fill_valid_provincial(store, gaz)
    outline = store.load_outline(Level.PROVINCIAL, first=2)
    model = TownTableModel(Level.PROVINCIAL)
    model.set_towns(outline.roster.towns, outline.village_counts, outline.towns[Level.PROVINCIAL])
    assert model.rowCount() == 5  # the scroll bar is right from the start
    assert model.data(model.index(0, COL_VILLAGES)) == 10
    assert model.data(model.index(4, 0)) is None and model.town(4) is None
    model.set_towns(store.load_rosters()[0].towns)
    assert model.rowCount() == 5 and model.data(model.index(4, COL_VILLAGES)) == 10
    assert model.column_texts(COL_VILLAGES) == {"10"}


HEAVY = ("openpyxl", "sqlite_utils", "python_calamine", "hashlib", "difflib", "desktop.exchange",
         "desktop.domain.merge.plan", "desktop.domain.merge.types", "desktop.domain.monthly.compile",
         "desktop.domain.monthly.indicators", "desktop.domain.monthly.trend", "desktop.ui.monthly", "desktop.ui.safety.crash_dialog",
         "desktop.ui.window.window_dialogs", "desktop.domain.roster.rules", "desktop.store.records",
         "desktop.ui.safety.save_failed_dialog")
START = ("desktop.__main__", "desktop.ui.launch", "desktop.ui.app", "desktop.ui.window.main_window",
         "desktop.ui.safety.crash")


def test_the_start_up_module_lists_name_modules_that_exist() -> None:
    """A module of these lists that moves must fail this test, not make the next one pass silently."""
    import importlib.util

    missing = [name for name in HEAVY + START if importlib.util.find_spec(name) is None]
    assert missing == []


def test_opening_the_window_loads_no_merge_monthly_or_spreadsheet_code() -> None:
    """Start-up imports only what the first window needs (docs/benchmarks.md, cold start)."""
    code = (f"import sys; import {', '.join(START)}; heavy = {HEAVY!r}; "
            "print(sorted(m for m in sys.modules if m.startswith(heavy)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                         env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_columns_fit_their_texts_and_keep_a_width_the_user_dragged(make_window, demo_store) -> None:
    from desktop.ui.roster.town_table import COL_CITY, COL_COUNTY, COL_TOWN

    w = make_window(demo_store, as_opened=True, show=False)
    page = w.current_page()
    header, fm = page.table.horizontalHeader(), page.table.fontMetrics()
    from desktop.ui.roster.town_table import HEADERS

    for col in (COL_COUNTY, COL_TOWN):
        widest = max(fm.horizontalAdvance(t) for t in page.model.column_texts(col))
        title = header.fontMetrics().horizontalAdvance(HEADERS[col])
        assert max(widest, title) < header.sectionSize(col) <= max(widest, title) + 40
    header.resizeSection(COL_CITY, 333)  # the user drags the 市（州） column wider
    w.reload()
    assert header.sectionSize(COL_CITY) == 333
    assert COL_COUNTY not in page.columns.user_sized


def test_a_list_page_is_built_when_its_tab_is_first_shown(make_window, store, gaz) -> None:
    from desktop.domain.roster.rules import check_all

    fill_valid_provincial(store, gaz)
    store.add_rosters([Roster(Level.COUNTY, None, [sample_town(gaz, Level.COUNTY, "泸县", "玉蟾街道", 3)])])
    w = make_window(store, as_opened=True, show=False)
    assert list(w.pages) == [Level.PROVINCIAL]  # only the page on screen
    assert w.tabs.tabText(2) == "附件3 县级试点（1）" and not w.tabs.tabIcon(2).isNull()
    w.tabs.setCurrentIndex(2)
    page = w.pages[Level.COUNTY]
    assert list(w.pages) == [Level.PROVINCIAL, Level.COUNTY]
    assert w.current_page() is page and page.model.rowCount() == 1
    expected = [f for f in check_all(store.load_rosters(), gaz, store.settings()) if f.location.level is Level.COUNTY]
    assert page.model.findings_of(page.model.town(0).id) == [f for f in expected if f.location.town_id is not None]
    assert w.town_history_action in page.table.actions()


def test_row_numbers_column_is_sized_once_for_the_largest_number(make_window, store, gaz) -> None:
    from PySide6.QtCore import Qt

    fill_valid_provincial(store, gaz)
    w = make_window(store, as_opened=True, show=False)
    page = w.current_page()
    size = page.model.headerData(0, Qt.Orientation.Vertical, Qt.ItemDataRole.SizeHintRole)
    fm = page.table.verticalHeader().fontMetrics()
    assert size is page.model.row_number_size and size.width() > fm.horizontalAdvance("5")
    assert page.model.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.SizeHintRole) is None
    for _ in range(6):  # 11 rows: two digits
        page.add_town()
    assert page.model.row_number_size.width() >= fm.horizontalAdvance("11") + 16


def test_first_frame_columns_already_fit_the_rows_not_read_yet(make_window, store, gaz, monkeypatch) -> None:
    from desktop.store.database import Store

    fill_valid_provincial(store, gaz)
    long_name = sample_town(gaz, Level.PROVINCIAL, "合江县", "先市镇", 10)
    long_name.county = "峨边彝族自治县"  # the widest county, in the last row
    store.add_town(long_name)
    real = Store.load_outline
    monkeypatch.setattr(Store, "load_outline", lambda self, level, first=100: real(self, level, first=2))
    from desktop.store.database import open_store

    fresh = open_store(store.path)  # a new session: nothing to undo yet
    w = make_window(fresh, check_after_show=True, show=False)
    header = w.current_page().table.horizontalHeader()
    first = [header.sectionSize(c) for c in range(header.count() - 1)]
    assert w.current_page().model.town(5) is None  # the last row is not read yet
    assert w.status.errors_label.text() == "正在检查名单…" and not w.undo_action.isEnabled()
    assert w.findings_dock.windowTitle() == "检查结果：正在检查…" and w.findings_dock._view is None
    w.finish_start()
    assert w.findings_dock.widget() is w.findings_dock.view and w.findings_dock.windowTitle().startswith("检查结果：")
    assert [header.sectionSize(c) for c in range(header.count() - 1)] == first
    assert w.status.errors_label.text().startswith("名单错误")
    w.close()
    fresh.close()


def test_a_town_picked_before_the_rest_is_loaded_shows_and_keeps_its_villages(
        make_window, demo_store) -> None:
    w = make_window(demo_store, check_after_show=True, show=False)
    page = w.current_page()
    town = page.model.town(1)
    assert town is not None and town.villages == []  # the outline did not read them
    page._select_row(1)
    stored = demo_store.load_villages(town.id)
    assert stored and page.form.entry is town and town.villages == stored
    assert [v.name for v in page.form.villages.model.villages()] == [v.name for v in stored]


def test_an_error_that_is_not_damage_is_reported_not_repaired(qapp, store, gaz, db_path, monkeypatch) -> None:
    import sqlite3

    from desktop.store.database import Store
    from desktop.ui import app as app_module
    from desktop.ui.safety.crash import CrashReporter

    fill_valid_provincial(store, gaz)
    store.backup("手动")
    store.close()
    reported: list[str] = []
    monkeypatch.setattr(CrashReporter, "report", lambda self, info, thread="": reported.append(str(info[1])))

    def locked(self, level, first=100):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(Store, "load_outline", locked)
    questions: list[str] = []
    monkeypatch.setattr("PySide6.QtWidgets.QMessageBox.question", lambda *a, **k: questions.append(a[2]))
    assert app_module.run_app(db_path) == 1
    assert reported == ["database is locked"] and questions == []
    assert not list(db_path.parent.glob("*.damaged-*"))  # the sound file stays where it is
