"""文件 → 导入… / 导出… / 导出交换包…: dialogs around desktop.exchange, the slow part off the GUI thread.

导入… reads workbooks and exchange packages alike (desktop.exchange.incoming), compares them with
the database (desktop.domain.merge.preview.build_preview) and shows the import preview; only what the
user confirms is written (Store.apply_import: a backup, then one undoable action).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QWidget

from desktop.domain.findings import Finding
from desktop.domain.places.gazetteer import Gazetteer
from desktop.services.common import NothingToDo, ServiceError
from desktop.store.database import Store
from desktop.system.oserrors import os_error_text
from desktop.ui.common.folders import open_folder, remember_dir, replace_asked, start_dir
from desktop.ui.common.jobs import JobRunner
from desktop.ui.common.modal import run_modal

if TYPE_CHECKING:  # imported lazily at run time: the window starts without the exchange and merge modules
    from desktop.domain.merge.plan import Choice
    from desktop.domain.merge.types import Preview
    from desktop.exchange.package.archive import Package
    from desktop.services.importing import Reading
    from desktop.services.package import PackagePlan

MAX_LINES = 15
IMPORT_FILTER = "工作簿、交换包和邮件 (*.xlsx *.zctb *.zip *.eml)"
PACKAGE_FILTER = "交换包 (*.zctb)"


def _lines(items: list[str]) -> str:
    shown = items[:MAX_LINES]
    more = f"\n……另有 {len(items) - MAX_LINES} 条" if len(items) > MAX_LINES else ""
    return "\n".join(shown) + more


def offer_open_folder(parent: QWidget, folder: Path, paths: list[Path]) -> bool:
    """Tell which files were written; True when the user asked to open the folder."""
    from desktop.ui.common.folders import ask_to_open

    return ask_to_open(parent, "导出完成", f"已导出 {len(paths)} 个文件到“{folder}”：\n\n" + _lines([p.name for p in paths]))


def offer_open_package(parent: QWidget, path: Path, text: str) -> bool:
    """Tell that a package was written; True when the user asked to open its folder."""
    from desktop.ui.common.folders import ask_to_open

    return ask_to_open(parent, "交换包已导出", text)


class Transfer(QObject):
    """Export and import for the main window.

    ``findings()`` must return the current findings (export is refused while errors remain);
    ``reload()`` is called after an import wrote to the store.
    """

    export_finished = Signal(list)  # written paths
    package_finished = Signal(object)  # the package's path
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
        self._reading: Reading | None = None  # the files being imported, for the 收件情况

    # -- export ------------------------------------------------------------------------
    def export(self) -> None:
        from PySide6.QtWidgets import QFileDialog, QMessageBox

        from desktop.exchange.errors import ExportError
        from desktop.services.export import finish_export, plan_export, write_export

        errors = [f for f in self.findings() if f.is_error]
        if errors:
            QMessageBox.warning(self.window, "不能导出",
                                f"名单中还有 {len(errors)} 个错误，改正后才能导出。\n\n"
                                "请在窗口下方的“检查结果”中双击每一条，跳到相应位置改正。")
            self.show_findings.emit()
            return
        if not any(r.towns for r in self.store.load_rosters()):
            QMessageBox.information(self.window, "没有可导出的内容", "三张名单都还没有填写乡镇（街道）。")
            return
        try:
            plan = plan_export(self.store, self.gaz)
        except ServiceError as exc:
            QMessageBox.warning(self.window, "不能导出", str(exc))
            return
        if plan.blockers:  # the list changed since the last check
            self.show_findings.emit()
            QMessageBox.warning(self.window, "不能导出", f"名单中还有 {plan.blocker_summary()}，改正后才能导出。")
            return
        folder = QFileDialog.getExistingDirectory(self.window, "选择保存报表的文件夹", start_dir("export"))
        if not folder:
            return
        out = Path(folder)
        remember_dir("export", out)
        if not replace_asked(self.window, out, plan.file_names()):
            return

        def done(paths: list[Path]) -> None:
            self._busy(False)
            try:
                note = finish_export(self.store, plan, list(paths))  # 报送记录
            except ServiceError as exc:  # the database refused: the files were removed, the cause named
                self.failed.emit(str(exc))
                QMessageBox.warning(self.window, "导出失败", str(exc))
                return
            if note:
                QMessageBox.information(self.window, "导出", f"{note}。")
            self.export_finished.emit(list(paths))
            if offer_open_folder(self.window, out, list(paths)):
                open_folder(self.window, out)

        def failed(exc: BaseException) -> None:
            from PySide6.QtWidgets import QMessageBox

            self._busy(False)
            if isinstance(exc, ExportError):
                message = str(exc)
            elif isinstance(exc, OSError):
                message = f"无法写入文件夹“{out}”（{os_error_text(exc)}），请换一个文件夹或关闭正在打开的报表后重试。"
            else:
                message = f"导出时出现意外问题：{exc}"
            self.failed.emit(message)
            QMessageBox.warning(self.window, "导出失败", message)

        self._busy(True, "正在导出报表……")
        self.jobs.run(lambda: write_export(plan, out), done, failed)

    # -- exchange package --------------------------------------------------------------
    def export_package(self) -> None:
        """导出交换包…: the whole database or one county or town, written off the GUI thread."""
        from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

        from desktop.services.common import ensure_writable
        from desktop.services.package import (
            counts_text,
            finish_package,
            package_path,
            plan_package,
            write_package_file,
        )
        from desktop.ui.sending.package_dialog import PackageDialog

        try:
            plan_package(self.store)  # a unit is set and there is something to pack
        except NothingToDo as exc:
            QMessageBox.information(self.window, "没有可导出的内容", f"{exc}。")
            return
        except ServiceError as exc:
            QMessageBox.warning(self.window, "不能导出交换包", str(exc))
            return
        settings = self.store.settings()
        dialog = PackageDialog(self.store.load_rosters(), self.store.reports(), settings.unit, self.window)
        if run_modal(dialog) != QDialog.DialogCode.Accepted:
            return
        try:
            plan = plan_package(self.store, dialog.scope())
        except ServiceError as exc:
            QMessageBox.warning(self.window, "不能导出交换包", str(exc))
            return
        if not self._package_despite_errors(plan):
            return
        folder = Path(start_dir("package"))
        name, _ = QFileDialog.getSaveFileName(self.window, "保存交换包", str(folder / dialog.file_name()),
                                              PACKAGE_FILTER)
        if not name:
            return
        try:
            ensure_writable(self.store)  # the package is recorded, or nothing is written
        except ServiceError as exc:
            QMessageBox.warning(self.window, "不能导出交换包", str(exc))
            return
        out = package_path(Path(name), plan)
        remember_dir("package", out.parent)

        def done(package: Package) -> None:
            self._busy(False)
            try:
                finish_package(self.store, plan, out)  # 报送记录
            except ServiceError as exc:  # the database refused: the package was removed, the cause named
                self.failed.emit(str(exc))
                QMessageBox.warning(self.window, "导出失败", str(exc))
                return
            text = (f"已导出交换包“{out.name}”到“{out.parent}”：\n\n{counts_text(package)}"
                    f"；制作单位 {package.made_by}。\n\n"
                    "请把这个文件用 U 盘或电子邮件交给汇总单位，对方在“文件 → 导入…”中选择它即可。")
            self._status(f"已导出交换包 {out.name}")
            self.package_finished.emit(out)
            if offer_open_package(self.window, out, text):
                open_folder(self.window, out.parent)

        def failed(exc: BaseException) -> None:
            from PySide6.QtWidgets import QMessageBox

            self._busy(False)
            message = str(exc) if isinstance(exc, ServiceError) else f"导出交换包时出现意外问题：{exc}"
            self.failed.emit(message)
            QMessageBox.warning(self.window, "导出失败", message)

        self._busy(True, "正在导出交换包……")
        self.jobs.run(lambda: write_package_file(plan, out), done, failed)

    def _package_despite_errors(self, plan: PackagePlan) -> bool:
        """A package may carry roster errors (the county gathers and corrects): say how many, and ask."""
        from PySide6.QtWidgets import QMessageBox

        from desktop.services.package import roster_errors

        errors = roster_errors(self.findings(), plan)
        if not errors:
            return True
        yes, no = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No
        answer = QMessageBox.question(
            self.window, "名单中还有错误",
            f"{'所选范围的' if plan.scope else ''}名单中还有 {len(errors)} 个错误，例如：\n{errors[0].message}\n\n"
            "交换包可以照常导出，这些错误会随包带给汇总单位；也可以先在“检查结果”中改正后再导出。\n\n"
            "仍要导出交换包吗？", yes | no, no)
        if answer != yes:
            self.show_findings.emit()
            return False
        return True

    # -- import ------------------------------------------------------------------------
    def import_files(self) -> None:
        """Pick workbooks and packages, read and compare them off the GUI thread, show the preview,
        and apply only what the user confirms (one undoable action, after a backup)."""
        from PySide6.QtWidgets import QFileDialog

        names, _ = QFileDialog.getOpenFileNames(self.window, "选择要导入的工作簿、交换包或邮件", start_dir("import"),
                                                IMPORT_FILTER)
        if not names:
            return
        self.import_paths([Path(n) for n in names])

    def import_paths(self, paths: list[Path]) -> None:
        """Read ``paths`` off the GUI thread — files, e-mails (.eml: their attachments) and folders (what
        is directly inside) — show one preview, apply what the user confirms (also for a .zctb opened
        from the file manager, and files dropped on the window)."""
        from desktop.services import importing

        remember_dir("import", paths[0] if paths[0].is_dir() else paths[0].parent)
        gaz, local = self.gaz, self.store.local_state()

        def work() -> tuple[Preview, Reading]:
            files = importing.expand_folders(paths)
            reading = importing.read_files(files.paths, gaz)
            reading.messages[:0] = files.notes
            return importing.preview(local, reading, gaz), reading

        def done(result: tuple[Preview, Reading]) -> None:
            self._busy(False)
            self._reading = result[1]
            self._review(result[0], result[1].messages, paths)

        def failed(exc: BaseException) -> None:
            from PySide6.QtWidgets import QMessageBox

            self._busy(False)
            message = str(exc) if isinstance(exc, ServiceError) else f"读取文件时出现意外问题：{exc}"
            self.failed.emit(message)
            QMessageBox.warning(self.window, "导入失败", message)

        self._busy(True, f"正在读取 {len(paths)} 个文件……")
        self.jobs.run(work, done, failed)

    def _review(self, preview: Preview, messages: list[str], paths: list[Path]) -> None:
        from PySide6.QtWidgets import QDialog, QMessageBox

        from desktop.domain.merge.plan import default_choice

        if not preview.rows() and not preview.reports and not preview.lists:
            noted = self._record_received()
            head = f"已在收件情况中记下 {noted} 项收到的材料。" if noted else "所选文件中没有可导入的名单或月报数据。"
            QMessageBox.information(self.window, "导入", f"{head}\n\n" + _lines(messages))
            self.import_finished.emit(0)
            return
        if not preview.has_changes:  # nothing to review: only where the records came from is noted
            self._apply(preview, default_choice(preview), paths, "没有需要导入的改动",
                        "所选文件中的记录与本机相同，没有需要导入的改动。", messages)
            return
        from desktop.ui.importing.preview import ImportPreviewDialog
        dialog = ImportPreviewDialog(preview, messages, self.window)
        if run_modal(dialog) != QDialog.DialogCode.Accepted:
            self._status("已取消导入，本机数据没有改动")
            return
        self._apply(dialog.preview, dialog.choice(), paths, "导入完成")

    def _apply(self, preview: Preview, choice: Choice, paths: list[Path], title: str, intro: str = "",
               messages: list[str] | None = None) -> None:
        from PySide6.QtWidgets import QMessageBox

        from desktop.domain.merge.text import render_outcome
        from desktop.services import importing
        from desktop.system.about import collector_paused

        what = importing.describe_files(paths)
        # writing the rows and reading every list again make many objects at once (the province's 37,523
        # rows): the cyclic collector would walk them again and again meanwhile (desktop.system.about)
        with collector_paused():
            try:
                plan = importing.apply(self.store, preview, choice, what)
            except Exception as exc:  # noqa: BLE001 - the transaction was rolled back: say so, never a traceback
                message = str(exc) if isinstance(exc, ServiceError) else f"导入时出现问题，本机数据没有改动：{exc}"
                self.failed.emit(message)
                QMessageBox.warning(self.window, "导入失败", message)
                return
            noted = self._record_received()
            self.reload()
        touched = [lv for lv, c in sorted(plan.summary.items(), key=lambda kv: kv[0].value)
                   if c.get("added") or c.get("changed")]
        show_level = getattr(self.window, "show_level", None)
        if touched and show_level is not None:
            show_level(touched[0])  # the list that changed, not whichever tab was open
        outcome = render_outcome(plan) + ([f"收件情况：记下 {noted} 项收到的材料（查看 → 收件情况）"] if noted else [])
        lines = ([intro] if intro else []) + outcome
        added = sum(s["added"] for s in plan.summary.values())
        self.import_finished.emit(added)
        self._status(f"{what}：" + "；".join(outcome) if plan.writes else "没有需要导入的改动")
        text = "\n".join(lines)
        if plan.writes and preview.has_changes:  # not for where the records came from alone
            text += "\n\n可按 Ctrl+Z 撤销这次导入。"
        if messages:
            text += "\n\n读取时的提示：\n" + _lines(messages)
        QMessageBox.information(self.window, title, text + "\n\n请查看窗口下方的“检查结果”。")

    def _record_received(self) -> int:
        """What the import received, kept for the 收件情况 (the files read, the e-mails' documents)."""
        from desktop.services.receiving import note_received

        reading, self._reading = self._reading, None
        if reading is None:
            return 0
        return note_received(self.store, reading, self.gaz)[0]  # the import itself is written

    def _status(self, message: str) -> None:
        bar = getattr(self.window, "statusBar", None)
        if callable(bar):
            bar().showMessage(message, 15000)

    def _busy(self, busy: bool, message: str = "") -> None:
        from PySide6.QtGui import QGuiApplication

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
