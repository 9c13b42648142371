"""The 月报 and 验收评估 tabs of the main window, each page built the first time it is shown
(start-up stays fast); the roster findings dock steps aside on them (each lists its own findings)
and comes back as it was on the lists' tabs. A mixin of MainWindow."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QTabWidget, QWidget

    from desktop.domain.monthly.indicators import IndicatorSet
    from desktop.domain.monthly.report import YearMonth
    from desktop.store.database import Store
    from desktop.ui.common.jobs import JobRunner
    from desktop.ui.evaluation.page import EvaluationPage
    from desktop.ui.monthly.page import MonthlyPage
    from desktop.ui.window.findings_panel import FindingsDock


class FeatureTabs:
    store: Store
    jobs: JobRunner
    tabs: QTabWidget
    monthly_tab: QWidget
    evaluation_tab: QWidget
    findings_dock: FindingsDock
    _indicators: IndicatorSet | None
    _monthly: MonthlyPage | None
    _evaluation: EvaluationPage | None

    @property
    def monthly(self) -> MonthlyPage:
        """The 月报 page (built on first use)."""
        if self._monthly is None:
            from desktop.domain.monthly.indicators_file import load_indicators
            from desktop.ui.monthly.page import MonthlyPage

            self._monthly = MonthlyPage(self.store, self._indicators or load_indicators(), jobs=self.jobs)
            self._monthly.changed.connect(self._update_undo)
            self._monthly.report_view.submit_requested.connect(self._submit_month)
            self.monthly_tab.layout().addWidget(self._monthly)
        return self._monthly

    def _submit_month(self, month: YearMonth) -> None:
        from desktop.ui.sending.submit import submit

        submit(self, month=month.iso)  # type: ignore[arg-type] - the main window

    def _on_tab_changed(self, index: int) -> None:
        """The 月报 and 验收评估 pages list their own findings: the roster findings dock steps aside there."""
        on_monthly = self.tabs.widget(index) is self.monthly_tab
        own_findings = on_monthly or self.tabs.widget(index) is self.evaluation_tab
        level = self.current_level()
        if level is not None:
            self.pages[level]  # noqa: B018 - builds the page the first time
        if self.tabs.widget(index) is self.evaluation_tab:
            if self._evaluation is not None:  # the lists may have changed since: the sites follow them
                from desktop.domain.evaluation.sites import sites_of

                self._evaluation.set_sites(sites_of(self.store.load_rosters(), self._evaluation.checklist))
            self.evaluation  # noqa: B018 - builds the page
        if on_monthly:
            self.monthly  # noqa: B018 - builds the page
        if own_findings:
            if not getattr(self, "_dock_aside", False):  # remember how it was on the lists' tabs
                self._dock_aside = True
                self._dock_was_visible = self.findings_dock.isVisible()
            self.findings_dock.hide()
        elif getattr(self, "_dock_aside", False):
            self._dock_aside = False
            if self._dock_was_visible:
                self.findings_dock.show()

    @property
    def evaluation(self) -> EvaluationPage:  # built on first use
        if self._evaluation is None:
            from desktop.domain.evaluation.checklist import ChecklistError, load_checklist
            from desktop.domain.evaluation.sites import sites_of
            from desktop.ui.evaluation.page import EvaluationPage

            try:
                checklist = self.store.checklist()
            except ChecklistError as exc:  # an imported checklist kept by an older version breaks today's rules
                from PySide6.QtWidgets import QMessageBox

                QMessageBox.warning(self.evaluation_tab, "评分标准", f"{exc}。\n\n暂时按参考方案显示，请重新导入评分标准。")
                checklist = load_checklist()
            self._evaluation = EvaluationPage(self.store, checklist, sites_of(self.store.load_rosters(), checklist),
                                              jobs=self.jobs)
            self._evaluation.changed.connect(self._update_undo)
            self.evaluation_tab.layout().addWidget(self._evaluation)
        return self._evaluation

    def show_evaluation(self) -> EvaluationPage:
        self.tabs.setCurrentWidget(self.evaluation_tab)
        return self.evaluation

    def show_monthly(self) -> MonthlyPage:
        self.tabs.setCurrentWidget(self.monthly_tab)
        return self.monthly
