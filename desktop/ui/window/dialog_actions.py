"""The main window's dialog actions (a mixin of MainWindow): each dialog's code is loaded the first
time it is opened (desktop.ui.window.window_dialogs), not at start."""

from __future__ import annotations


class WindowDialogs:
    def open_settings(self) -> bool:
        from desktop.ui.window import window_dialogs

        return window_dialogs.open_settings(self)  # type: ignore[arg-type] - the main window

    def open_history(self, *, current_town: bool = False) -> None:
        from desktop.ui.window import window_dialogs

        window_dialogs.open_history(self, current_town=current_town)  # type: ignore[arg-type]

    def open_backups(self) -> None:
        from desktop.ui.window import window_dialogs

        window_dialogs.open_backups(self)  # type: ignore[arg-type]

    def about(self) -> None:
        from desktop.ui.window import window_dialogs

        window_dialogs.about(self)  # type: ignore[arg-type]
