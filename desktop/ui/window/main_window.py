"""The main window: three roster tabs and the 月报 tab, the findings dock, status counts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.findings import Finding, Severity
from desktop.domain.model import Level, Roster, Settings
from desktop.domain.places.gazetteer import Gazetteer
from desktop.store.database import Store
from desktop.system.about import APP_NAME
from desktop.ui.common.jobs import JobRunner
from desktop.ui.common.lazy_pages import LazyPages
from desktop.ui.common.theme import set_role, severity_icon
from desktop.ui.common.undo_keys import UndoKeys
from desktop.ui.roster.page import RosterPage
from desktop.ui.safety.unsaved import SaveState
from desktop.ui.window.dialog_actions import WindowDialogs
from desktop.ui.window.feature_tabs import FeatureTabs
from desktop.ui.window.file_drops import FileDrops
from desktop.ui.window.findings_panel import FindingsDock
from desktop.ui.window.main_actions import MONTHLY_TITLE, TAB_TITLES, build_actions
from desktop.ui.window.quick_start import QuickStart
from desktop.ui.window.status_counts import StatusCounts
from desktop.ui.window.transfer import Transfer

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent

    from desktop.domain.monthly.indicators import IndicatorSet
    from desktop.ui.monthly.page import MonthlyPage


class MainWindow(FeatureTabs, WindowDialogs, FileDrops, QMainWindow):
    """Roster entry. Every edit is written to ``store`` at once; findings are recomputed shortly after.

    ``jobs`` runs export/import work (pass ``JobRunner(synchronous=True)`` in tests);
    ``recheck_delay_ms`` debounces re-checking after edits (0 = re-check immediately).
    """

    checked = Signal(list)  # the findings after each re-check
    started = Signal()  # quick start (``check_after_show``): everything is loaded and checked

    def __init__(self, store: Store, gaz: Gazetteer, *, jobs: JobRunner | None = None,
                 recheck_delay_ms: int = 150, indicators: IndicatorSet | None = None,
                 check_after_show: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.gaz = gaz
        self.jobs = jobs or JobRunner(self)
        self.jobs.setParent(self)
        self.findings: list[Finding] = []
        self.settings = Settings()
        # "文件 — 程序": Qt appends the application's display name to a title that does not end with it
        # (Windows, X11), so the name goes last, and only once.
        self.setWindowTitle(f"{store.path.name} — {APP_NAME}")

        # A list's page is built the first time it is shown or asked for (``pages[level]``); until
        # then its tab holds an empty frame. Start-up builds only the page on screen.
        self.pages: dict[Level, RosterPage] = LazyPages(self._build_page)
        self._holders: dict[Level, QWidget] = {}
        self._rosters: dict[Level, Roster] = {}
        self.tabs = QTabWidget()
        for level in Level:
            holder = QWidget()
            QVBoxLayout(holder).setContentsMargins(0, 0, 0, 0)
            self._holders[level] = holder
            self.tabs.addTab(holder, TAB_TITLES[level])
        # The 月报 page is built the first time it is shown (start-up stays fast).
        self._indicators = indicators
        self._monthly: MonthlyPage | None = None
        self.monthly_tab = QWidget()
        QVBoxLayout(self.monthly_tab).setContentsMargins(0, 0, 0, 0)
        self.tabs.addTab(self.monthly_tab, MONTHLY_TITLE)
        self.evaluation_tab = QWidget()  # 验收评估, built on first view
        QVBoxLayout(self.evaluation_tab).setContentsMargins(0, 0, 0, 0)
        self.tabs.addTab(self.evaluation_tab, "验收评估")
        self._evaluation = None
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self.banner = self._make_banner()
        self.save_state = SaveState(store, self.reload, self)  # read-only, or edits the file refused
        central = QWidget()
        col = QVBoxLayout(central)
        col.setContentsMargins(6, 6, 6, 0)
        col.addWidget(self.save_state)
        col.addWidget(self.banner)
        col.addWidget(self.tabs, 1)
        self.setCentralWidget(central)

        self.findings_dock = FindingsDock(self, checking=check_after_show)
        self.findings_dock.jump.connect(self.jump_to)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.findings_dock)
        self.resizeDocks([self.findings_dock], [170], Qt.Orientation.Vertical)

        self.transfer = Transfer(self, store, gaz, self.jobs, self.check_now, self.reload)
        self.transfer.show_findings.connect(self.show_findings)
        self.export_finished = self.transfer.export_finished
        self.import_finished = self.transfer.import_finished
        self.accept_drops()  # files and folders dropped on the window are imported

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(recheck_delay_ms)
        self._timer.timeout.connect(self.check_now)

        build_actions(self)
        self.undo_keys = UndoKeys(self, install=not check_after_show)  # installed by finish_start
        self.status = StatusCounts(self.statusBar())
        self.save_state.status_changed.connect(self.status.show_saving)
        self.save_state.refresh()
        self.jobs.busy_changed.connect(self._on_busy)
        self.fit_to_screen()
        self.current_page()  # builds the page on screen
        # Quick start (desktop.ui.window.quick_start): the first paint shows the outline; right after it,
        # everything is loaded and checked (finish_start).
        self._quick_start = QuickStart(self, self._second_step) if check_after_show else None
        if check_after_show:
            self._show_outline()
        else:
            self.reload()

    # -- building ----------------------------------------------------------------------
    def _make_banner(self) -> QFrame:
        banner = QFrame()
        set_role(banner, "role", "banner")
        row = QHBoxLayout(banner)
        row.setContentsMargins(10, 6, 10, 6)
        text = QLabel("尚未设置填报单位。导出的报表要写明填报单位，请先设置（也可以先填名单，稍后再设置）。")
        text.setWordWrap(True)
        button = QPushButton("设置填报单位…")
        button.clicked.connect(self.open_settings)
        row.addWidget(text, 1)
        row.addWidget(button)
        banner.hide()
        return banner

    def fit_to_screen(self) -> None:
        """1360×860 where there is room; on small screens (1366×768 laptops) the whole screen."""
        from desktop.ui.common.screen_fit import fit_to_screen

        fit_to_screen(self, 1360, 860, center=False)
        # the findings panel takes a fifth of a low window, not half of it
        self.resizeDocks([self.findings_dock], [max(90, self.height() // 5)], Qt.Orientation.Vertical)

    def _build_page(self, level: Level) -> RosterPage:
        page = RosterPage(level, self.store, self.gaz)
        page.changed.connect(self.schedule_check)
        page.form.provenance_of = self.store.provenance  # the grey 来自…交换包 line under the form's title
        page.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        page.table.addAction(self.town_history_action)
        self._holders[level].layout().addWidget(page)
        roster = self._rosters.get(level)
        if roster is not None:  # the lists are loaded: show this one with its findings
            page.set_roster(roster, self.settings)
            page.set_findings(self.findings)
        return page

    # -- data --------------------------------------------------------------------------
    def current_level(self) -> Level | None:
        """The list of the current tab (None on 月报)."""
        current = self.tabs.currentWidget()
        return next((level for level, holder in self._holders.items() if holder is current), None)

    def current_page(self) -> RosterPage:
        level = self.current_level()
        assert level is not None, "the current tab is not a list"
        return self.pages[level]

    def add_town(self) -> None:
        if self.current_level() is None:
            self.show_level(Level.PROVINCIAL)
        self.current_page().add_town()

    def delete_town(self) -> None:
        if self.current_level() is not None:
            self.current_page().delete_current()

    def show_level(self, level: Level) -> RosterPage:
        page = self.pages[level]
        self.tabs.setCurrentWidget(self._holders[level])
        return page

    def _show_outline(self) -> None:
        """Start-up, before the first paint: the first screenful of the current list (villages
        counted, not read; the first town in full, its form is shown) and the counts."""
        self.settings = self.store.settings()
        page = self.current_page()
        outline = self.store.load_outline(page.level)
        towns = outline.roster.towns
        if towns and towns[0].id is not None:
            towns[0].villages = self.store.load_villages(towns[0].id)
        page.set_roster(outline.roster, self.settings, outline.village_counts, outline.towns[page.level],
                        outline.longest)
        self._update_unit()
        self._show_counts(outline.towns, outline.villages)
        self._update_undo()
        self.status.show_checking()  # until finish_start has checked everything

    @property
    def starting(self) -> bool:
        """Only the outline is shown: the quick start's second step has not run yet."""
        return self._quick_start is not None and self._quick_start.pending

    def finish_start(self) -> None:
        """Quick start, second step, now if it has not run (it runs by itself after the first paint)."""
        if self._quick_start is not None:
            self._quick_start.run()

    def _second_step(self) -> None:
        """Every list with its villages, the first check, then Ctrl+Z for the whole window."""
        from desktop.system.about import collector_paused

        with collector_paused():
            self.reload()
        self.undo_keys.install()
        self.started.emit()

    def reload(self, *, check: bool = True) -> None:
        """Read everything from the store again (start, import) and re-check."""
        self.settings = self.store.settings()
        rosters = self.store.load_rosters()
        self._rosters = {r.level: r for r in rosters}
        for level, page in list(self.pages.items()):
            page.set_roster(self._rosters[level], self.settings)
        self._update_unit()
        if check:
            self.check_now(rosters)
        else:
            self._update_counts(rosters)
        if self._monthly is not None:
            self._monthly.refresh()

    def schedule_check(self) -> None:
        if self._timer.interval() <= 0:
            self.check_now()
        else:
            self._timer.start()

    def check_now(self, rosters: list | None = None) -> list[Finding]:
        """Re-check what is stored (or the rosters just loaded) and show the findings everywhere."""
        self._timer.stop()
        from desktop.domain.roster.rules import check_all  # first used after the first paint

        rosters = self.store.load_rosters() if rosters is None else rosters
        self._rosters = {r.level: r for r in rosters}
        self.findings = check_all(rosters, self.gaz, self.store.settings())
        for page in self.pages.values():
            page.set_findings(self.findings)
        self.findings_dock.set_findings(self.findings)
        self._update_counts(rosters)
        self._update_undo()
        self.checked.emit(self.findings)
        return self.findings

    def _update_counts(self, rosters: list[Roster]) -> None:
        from desktop.domain.roster.rules import town_key

        # a town listed twice in one list counts once, as the county rules count it
        repeated = sum(len(r.towns) - len({town_key(t) for t in r.towns if t.town.strip()})
                       - sum(not t.town.strip() for t in r.towns) for r in rosters)
        self._show_counts({r.level: len(r.towns) for r in rosters}, sum(r.village_count for r in rosters), repeated)

    def _show_counts(self, towns: dict[Level, int], villages: int, repeated: int = 0) -> None:
        """Status bar and tab titles: towns per list, villages, the findings' errors and warnings."""
        self.status.show_counts(sum(towns.values()) - repeated, villages, self.findings, repeated)
        for level, holder in self._holders.items():
            mine = [f for f in self.findings if f.location.level is level]
            sev = Severity.ERROR if any(f.is_error for f in mine) else (Severity.WARNING if mine else None)
            index = self.tabs.indexOf(holder)
            self.tabs.setTabIcon(index, severity_icon(sev) if sev else QIcon())
            self.tabs.setTabText(index, f"{TAB_TITLES[level]}（{towns.get(level, 0)}）")

    def counts(self) -> dict[str, int]:
        """What the status bar shows (for tests and scripts)."""
        errors = sum(f.is_error for f in self.findings)
        counts = self.store.counts()
        return {"towns": counts["towns"], "villages": counts["villages"],
                "errors": errors, "warnings": len(self.findings) - errors}

    def _update_unit(self) -> None:
        self.banner.setVisible(not self.settings.unit.display)
        self.status.show_unit(self.settings)

    # -- whole-file actions --------------------------------------------------------------
    def commit_pending(self) -> None:
        """Store what is typed but not yet committed (before export, import, undo, closing)."""
        for page in self.pages.values():
            page.commit_pending()
        if self._monthly is not None:
            self._monthly.commit_pending()

    def export(self) -> None:
        """Export what the current tab shows: the month's report on 月报, else the three rosters."""
        self.commit_pending()
        if self.tabs.currentWidget() is self.monthly_tab:
            self.monthly.export()
        else:
            self.transfer.export()

    def import_files(self) -> None:
        self.commit_pending()
        self.transfer.import_files()

    def undo(self) -> str | None:
        """Revert the last change of this session (store history), then show the data again."""
        self.commit_pending()
        done = self.store.undo()
        if done:
            self.reload()
            self.statusBar().showMessage(f"已撤销：{done}", 5000)
        return done

    def redo(self) -> str | None:
        done = self.store.redo()
        if done:
            self.reload()
            self.statusBar().showMessage(f"已重做：{done}", 5000)
        return done

    def _update_undo(self) -> None:
        self.undo_action.setEnabled(self.store.can_undo)
        self.redo_action.setEnabled(self.store.can_redo)
        self.undo_action.setText(f"撤销：{self.store.undo_text}" if self.store.can_undo else "撤销")
        self.redo_action.setText(f"重做：{self.store.redo_text}" if self.store.can_redo else "重做")
        self.undo_action.setIconText("撤销")
        self.redo_action.setIconText("重做")

    # -- navigation --------------------------------------------------------------------
    def jump_to(self, finding: Finding) -> None:
        """Show the place a finding points at: its tab, its town row, its field."""
        loc = finding.location
        if loc.level is None:
            self.open_settings()
            return
        page = self.show_level(loc.level)
        if loc.town_id is not None:
            page.select_town(loc.town_id)
        page.focus_field(loc.field, loc.village)

    def show_findings(self) -> None:
        self.findings_dock.show()
        self.findings_dock.raise_()
        self.findings_dock.view.setFocus(Qt.FocusReason.OtherFocusReason)
        if self.findings_dock.model.rowCount() and not self.findings_dock.view.currentIndex().isValid():
            self.findings_dock.view.selectRow(0)

    def apply_settings(self) -> None:
        """The settings were saved: every page, the unit line and the findings follow."""
        self.settings = self.store.settings()
        for page in self.pages.values():
            page.settings = self.settings
        self._update_unit()
        self.check_now()
        if self._monthly is not None:
            self._monthly.refresh()

    def _on_busy(self, busy: bool) -> None:
        self.export_action.setEnabled(not busy)
        self.import_action.setEnabled(not busy)

    def shutdown(self) -> None:
        """Stop pending work before the store closes."""
        self._timer.stop()
        if self._quick_start is not None:
            self._quick_start.cancel()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.commit_pending()
        if not self.save_state.confirm_close():
            event.ignore()
            return
        if self.jobs.busy:
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.information(self, APP_NAME, "正在导出或导入，请稍候再关闭。")
            event.ignore()
            return
        self.shutdown()  # no re-check or second start step after the window is gone
        super().closeEvent(event)
