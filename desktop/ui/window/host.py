"""What the window's helpers (actions and menus, dialogs, 报送, printing) use of the main window,
as a Protocol: they are typed against it and never import desktop.ui.window.main_window, which
imports them (no import cycle)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QMenuBar, QStatusBar, QToolBar

    from desktop.domain.model import Level
    from desktop.domain.places.gazetteer import Gazetteer
    from desktop.store.database import Store
    from desktop.ui.common.jobs import JobRunner
    from desktop.ui.evaluation.page import EvaluationPage
    from desktop.ui.monthly.page import MonthlyPage
    from desktop.ui.roster.page import RosterPage
    from desktop.ui.window.transfer import Transfer


class WindowHost(Protocol):
    store: Store
    gaz: Gazetteer
    jobs: JobRunner
    transfer: Transfer
    pages: dict[Level, RosterPage]
    # the actions (desktop.ui.window.main_actions.build_actions)
    import_action: QAction
    export_action: QAction
    package_action: QAction
    submit_action: QAction
    preview_action: QAction
    pdf_action: QAction
    submissions_action: QAction
    receiving_action: QAction
    quit_action: QAction
    add_action: QAction
    delete_action: QAction
    undo_action: QAction
    redo_action: QAction
    settings_action: QAction
    check_action: QAction
    backup_action: QAction
    history_action: QAction
    town_history_action: QAction

    @property
    def monthly(self) -> MonthlyPage: ...

    @property
    def evaluation(self) -> EvaluationPage: ...

    # QMainWindow
    def statusBar(self) -> QStatusBar: ...  # noqa: N802 - Qt's name
    def menuBar(self) -> QMenuBar: ...  # noqa: N802 - Qt's name
    def addToolBar(self, bar: QToolBar) -> None: ...  # noqa: N802 - Qt's name
    def close(self) -> bool: ...

    # the window's own
    def commit_pending(self) -> None: ...
    def current_level(self) -> Level | None: ...
    def show_level(self, level: Level) -> RosterPage: ...
    def show_monthly(self) -> MonthlyPage: ...
    def show_evaluation(self) -> EvaluationPage: ...
    def show_findings(self) -> None: ...
    def apply_settings(self) -> None: ...
    def reload(self, *, check: bool = True) -> None: ...
    def import_files(self) -> None: ...
    def export(self) -> None: ...
    def add_town(self) -> None: ...
    def delete_town(self) -> None: ...
    def undo(self) -> str | None: ...
    def redo(self) -> str | None: ...
    def open_settings(self) -> bool: ...
    def open_history(self, *, current_town: bool = False) -> None: ...
    def open_backups(self) -> None: ...
    def about(self) -> None: ...
