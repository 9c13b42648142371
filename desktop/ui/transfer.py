"""文件 → 导入… / 导出…: dialogs around desktop.exchange, with the slow part off the GUI thread."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from ..domain.findings import Finding
from ..domain.gazetteer import Gazetteer
from ..domain.model import ReportingUnit
from ..domain.names import clean_text
from ..store import Store
from .jobs import JobRunner

if TYPE_CHECKING:  # imported lazily at run time: the window works without the exchange package
    from ..exchange.roster_import import ImportResult

MAX_LINES = 15


def _lines(items: list[str]) -> str:
    shown = items[:MAX_LINES]
    more = f"\n……另有 {len(items) - MAX_LINES} 条" if len(items) > MAX_LINES else ""
    return "\n".join(shown) + more


def offer_open_folder(parent: QWidget, folder: Path, paths: list[Path]) -> bool:
    """Tell which files were written; True when the user asked to open the folder."""
    box = QMessageBox(QMessageBox.Icon.Information, "导出完成",
                      f"已导出 {len(paths)} 个文件到“{folder}”：\n\n" + _lines([p.name for p in paths]), parent=parent)
    open_button = box.addButton("打开文件夹", QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Ok)
    box.exec()
    return box.clickedButton() is open_button


class Transfer(QObject):
    """Export and import for the main window.

    ``findings()`` must return the current findings (export is refused while errors remain);
    ``reload()`` is called after an import wrote to the store.
    """

    export_finished = Signal(list)  # written paths
    import_finished = Signal(int)  # towns added
    failed = Signal(str)
    show_findings = Signal()

    def __init__(self, parent: QWidget, store: Store, gaz: Gazetteer, jobs: JobRunner,
                 findings: Callable[[], list[Finding]], reload: Callable[[], None]) -> None:
        super().__init__(parent)
        self.window = parent
        self.store = store
        self.gaz = gaz
        self.jobs = jobs
        self.findings = findings
        self.reload = reload
        self.last_export_dir = ""  # remembered for the session only (not in the database's history)
        self.last_import_dir = ""

    # -- export ------------------------------------------------------------------------
    def export(self) -> None:
        errors = [f for f in self.findings() if f.is_error]
        if errors:
            QMessageBox.warning(self.window, "不能导出",
                                f"名单中还有 {len(errors)} 个错误，改正后才能导出。\n\n"
                                "请在窗口下方的“检查结果”中双击每一条，跳到相应位置改正。")
            self.show_findings.emit()
            return
        rosters, settings = self.store.load_rosters(), self.store.settings()
        if not any(r.towns for r in rosters):
            QMessageBox.information(self.window, "没有可导出的内容", "三张名单都还没有填写乡镇（街道）。")
            return
        try:
            from ..exchange.errors import ExportError
            from ..exchange.roster_export import export_rosters
        except ImportError:
            QMessageBox.warning(self.window, "不能导出", "本版本还没有导出功能，请使用新版软件。")
            return
        folder = QFileDialog.getExistingDirectory(self.window, "选择保存报表的文件夹", self.last_export_dir)
        if not folder:
            return
        out = Path(folder)
        self.last_export_dir = str(out)

        def done(paths: list[Path]) -> None:
            self._busy(False)
            self.export_finished.emit(list(paths))
            if offer_open_folder(self.window, out, list(paths)):
                QDesktopServices.openUrl(QUrl.fromLocalFile(str(out)))

        def failed(exc: BaseException) -> None:
            self._busy(False)
            if isinstance(exc, ExportError):
                message = str(exc)
            elif isinstance(exc, OSError):
                message = f"无法写入文件夹“{out}”（{exc.strerror or exc}），请换一个文件夹或关闭正在打开的报表后重试。"
            else:
                message = f"导出时出现意外问题：{exc}"
            self.failed.emit(message)
            QMessageBox.warning(self.window, "导出失败", message)

        self._busy(True, "正在导出报表……")
        self.jobs.run(lambda: export_rosters(rosters, settings, out), done, failed)

    # -- import ------------------------------------------------------------------------
    def import_files(self) -> None:
        try:
            from ..exchange.errors import ImportFileError
            from ..exchange.roster_import import read_roster_workbooks
        except ImportError:
            QMessageBox.warning(self.window, "不能导入", "本版本还没有导入功能，请使用新版软件。")
            return
        names, _ = QFileDialog.getOpenFileNames(self.window, "选择要导入的名单工作簿", self.last_import_dir,
                                                "Excel 工作簿 (*.xlsx)")
        if not names:
            return
        paths = [Path(n) for n in names]
        self.last_import_dir = str(paths[0].parent)
        gaz = self.gaz

        def done(result: ImportResult) -> None:
            self._busy(False)
            self._store_import(result)

        def failed(exc: BaseException) -> None:
            self._busy(False)
            message = str(exc) if isinstance(exc, ImportFileError) else f"读取工作簿时出现意外问题：{exc}"
            self.failed.emit(message)
            QMessageBox.warning(self.window, "导入失败", message)

        self._busy(True, "正在读取工作簿……")
        self.jobs.run(lambda: read_roster_workbooks(paths, gaz), done, failed)

    def _store_import(self, result: ImportResult) -> None:
        rosters = [r for r in result.rosters if r.towns or r.filled_on]
        messages = list(result.messages)
        if not rosters:
            QMessageBox.information(self.window, "导入", "所选工作簿中没有可导入的名单数据。\n\n" + _lines(messages))
            self.import_finished.emit(0)
            return
        # A town already in the same list (same county and town) is updated, not added twice.
        summary = self.store.merge_rosters(rosters)
        unit_line = self._adopt_unit(list(getattr(result, "units", [])))
        added = sum(s["added"] for s in summary.values())
        lines = [f"{lvl.attachment}：新增 {s['added']} 个乡镇（街道），更新 {s['updated']} 个，未变 {s['unchanged']} 个"
                 for lvl, s in summary.items()]
        self.reload()
        self.import_finished.emit(added)
        text = "\n".join(lines + unit_line) + "\n\n可按 Ctrl+Z 撤销这次导入。"
        if messages:
            text += "\n\n读取时的提示：\n" + _lines(messages)
        QMessageBox.information(self.window, "导入完成", text + "\n\n请查看窗口下方的“检查结果”。")

    def _adopt_unit(self, units: list[str]) -> list[str]:
        """No 填报单位 yet and the files name exactly one: take it (region found by its leading name)."""
        settings = self.store.settings()
        if settings.unit.display or len(units) != 1:
            return []
        office = clean_text(units[0])
        region = next((p for p in self.gaz.counties + self.gaz.cities if office.startswith(p.name)), None)
        settings.unit = ReportingUnit(region.code if region else None, region.name if region else "", office)
        self.store.save_settings(settings)
        return [f"填报单位已按工作簿设为“{office}”，可在“设置 → 填报单位”中修改。"]

    def _busy(self, busy: bool, message: str = "") -> None:
        if busy:
            QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        else:
            QGuiApplication.restoreOverrideCursor()
        bar = getattr(self.window, "statusBar", None)
        if callable(bar):
            if busy:
                bar().showMessage(message)
            else:
                bar().clearMessage()
