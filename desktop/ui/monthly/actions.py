"""Export (then lock), 解锁修改 and 汇总各县 for the report view; dialogs around the store and
desktop.exchange.monthly.export, the slow part off the GUI thread."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWidget

from desktop.domain.monthly.compile import compile_report
from desktop.domain.monthly.rules import unanswered_warnings
from desktop.store.database import StoreError
from desktop.system.oserrors import os_error_text
from desktop.ui.common import folders
from desktop.ui.monthly.common import lines

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtCore import SignalInstance

    from desktop.domain.findings import Finding
    from desktop.domain.model import Settings
    from desktop.domain.monthly.report import MonthlyReport
    from desktop.store.database import Store
    from desktop.ui.common.jobs import JobRunner
    from desktop.ui.monthly.common import Context
    from desktop.ui.monthly.findings_view import ExplanationsPanel


class ReportView(Protocol):
    """What these actions use of the report view (desktop.ui.monthly.report_view.ReportView, which
    imports this module)."""

    store: Store
    jobs: JobRunner
    context: Context
    report: MonthlyReport | None
    findings: list[Finding]
    explanations: ExplanationsPanel
    exported_paths: dict[int, Path]
    busy: bool
    changed: SignalInstance
    exported: SignalInstance

    def commit_pending(self) -> None: ...
    def jump_to(self, finding: Finding) -> None: ...
    def reload(self, *, refill: bool = True, rid: int | None = None) -> bool: ...
    def set_busy(self, busy: bool) -> None: ...
    def write(self, description: str, apply: Callable[[int], None], *, refill: bool = False) -> bool: ...

_YES, _NO = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No


def offer_open_folder(parent: QWidget, path: Path) -> bool:
    """Tell where the workbook was written; True when the user asked to open the folder."""
    return folders.ask_to_open(parent, "导出完成", f"已导出“{path.name}”到文件夹“{path.parent}”。\n\n"
                                                  "本月数据已锁定；如需修改，请点“解锁修改…”。")


def _blocking_message(view: ReportView) -> str | None:
    report = view.report
    assert report is not None
    errors = [f for f in view.findings if f.is_error]
    unanswered = unanswered_warnings(view.findings, report)
    if not errors and not unanswered:
        return None
    parts = ([f"{len(errors)} 个错误"] if errors else []) + ([f"{len(unanswered)} 条警告未填写说明"] if unanswered else [])
    todo = []
    if errors:
        todo.append("错误请改正")
    if unanswered:
        todo.append("警告请核对，情况属实的在右侧“警告说明”中填写简短说明")
    return (f"{report.region} {report.title}还有 {'、'.join(parts)}，处理后才能导出：\n\n"
            + lines([f.message for f in errors + unanswered]) + f"\n\n{'；'.join(todo)}。")


def export_report(view: ReportView) -> None:
    """Refuse while errors or unanswered warnings remain; else write the workbook off the GUI
    thread, keep a copy in the store and lock the month."""
    view.commit_pending()
    report = view.report
    if report is None or report.id is None:
        return
    if report.locked:
        QMessageBox.information(view, "已导出", f"{report.title}已导出并锁定。如需重新导出，请先点“解锁修改…”。")
        return
    if report.region != view.context.own_region or view.busy:
        QMessageBox.information(view, "不能导出", "只能导出本单位的月报。" if not view.busy else "正在导出，请稍候。")
        return
    refused = _blocking_message(view)
    if refused:
        QMessageBox.warning(view, "不能导出", refused)
        first = next((f for f in view.findings if f.is_error), None) or unanswered_warnings(view.findings, report)[0]
        if first.is_error:
            view.jump_to(first)
        else:
            edit = view.explanations.edit_for(getattr(first, "key", ""))
            if edit is not None:
                edit.setFocus(Qt.FocusReason.OtherFocusReason)
        return
    from desktop.exchange.errors import ExportError
    from desktop.services.common import ServiceError
    from desktop.services.export import finish_export, monthly_path, plan_export, write_export

    try:
        plan = plan_export(view.store, None, report.month, rosters=False)
    except ServiceError as exc:
        QMessageBox.warning(view, "不能导出", str(exc))
        return
    if plan.blockers or plan.month is None:
        QMessageBox.warning(view, "不能导出", f"{report.region} {report.title}还有 {plan.blocker_summary()}，处理后才能导出。")
        return
    folder = QFileDialog.getExistingDirectory(view, "选择保存月报的文件夹", folders.start_dir("monthly"))
    if not folder:
        return
    folders.remember_dir("monthly", folder)
    out = Path(folder)
    path = monthly_path(plan.month, out)
    if path.exists():
        answer = QMessageBox.question(view, "文件已存在", f"文件夹中已有“{path.name}”，要替换它吗？", _YES | _NO, _NO)
        if answer != _YES:
            return
    rid = report.id

    def done(written: list[Path]) -> None:
        _busy(view, False)
        try:
            note = finish_export(view.store, plan, written)  # locked, a copy kept, in the 报送记录
        except ServiceError as exc:  # the database refused: the file was removed, the cause named
            QMessageBox.warning(view, "导出失败", str(exc))
            return
        except (StoreError, KeyError) as exc:
            QMessageBox.warning(view, "导出失败", f"文件已写出，但没能在数据库中记录并锁定本月数据（{exc}），请重新导出。")
            return
        if note:
            QMessageBox.information(view, "导出", f"{note}。")
        view.exported_paths[rid] = path
        view.reload(refill=True)
        view.changed.emit()
        view.exported.emit(path)
        if offer_open_folder(view, path):
            folders.open_folder(view, path.parent)

    def failed(exc: BaseException) -> None:
        _busy(view, False)
        if isinstance(exc, ExportError):
            message = str(exc)
        elif isinstance(exc, OSError):
            message = (f"无法写入“{path}”（{os_error_text(exc)}），"
                       "请换一个文件夹，或关闭正在打开的这个工作簿后重试。")
        else:
            message = f"导出时出现意外问题：{exc}"
        QMessageBox.warning(view, "导出失败", message)

    _busy(view, True)
    view.jobs.run(lambda: write_export(plan, out), done, failed)


def _busy(view: ReportView, busy: bool) -> None:
    if busy:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    else:
        QGuiApplication.restoreOverrideCursor()
    view.set_busy(busy)


def unlock_report(view: ReportView) -> bool:
    """Ask for the reason, then unlock (the store backs up first and records who, when and why)."""
    report = view.report
    if report is None or report.id is None or not report.locked:
        return False
    reason, ok = QInputDialog.getText(
        view, "解锁修改", f"{report.title}已导出并锁定。解锁后可以修改，修改后须重新导出。\n\n"
                      "请填写解锁修改的原因（记入修改记录）：")
    if not ok:
        return False
    if not reason.strip():
        QMessageBox.warning(view, "解锁修改", "请填写解锁修改的原因，如：省中心要求更正办件量。")
        return False
    try:
        view.store.unlock_report(report.id, reason)
    except (ValueError, OSError, StoreError) as exc:
        QMessageBox.warning(view, "解锁修改", f"没能解锁：{exc}")
        return False
    view.reload(refill=True)
    view.changed.emit()
    return True


def compile_label(settings: Settings) -> str:
    """汇总各县 for a city (and a database with no unit yet), 汇总各市（州） for the province."""
    from desktop.domain.places.subordinates import compile_title
    from desktop.domain.places.units import role_of

    return compile_title(role_of(settings.unit))


def compile_counties(view: ReportView) -> bool:
    """汇总各县 (汇总各市（州） at the province): after confirming which units — the direct subordinates'
    reports of the month only, naming those missing and those left out (a county's report held beside
    its city's) — replace the figures (and texts they wrote) with compile_report() — one undoable action."""
    from desktop.domain.monthly.compile import compile_sources
    from desktop.domain.places.gazetteer import load_gazetteer
    from desktop.domain.places.subordinates import subordinate_word
    from desktop.domain.places.units import role_of

    report = view.report
    if report is None or report.id is None:
        return False
    settings = view.context.settings
    role = role_of(settings.unit)
    title = compile_label(settings)
    word = subordinate_word(role) or "县（市、区）"
    month = view.store.reports(month=report.month)
    subs = view.context.subordinates([r.region for r in month])
    sources = compile_sources(load_gazetteer(), settings.unit, subs, month)
    notes = sources.notes(word)
    missing = (f"尚未收到 {len(sources.missing)} 个{word}的月报：{'、'.join(sources.missing)}"
               if sources.missing else "")
    extra = "\n\n".join(x for x in (missing, lines(notes, 10)) if x)
    if not sources.used:
        QMessageBox.information(view, title, f"还没有导入各{word}{report.month.label}的月报。"
                                + (f"\n\n{extra}" if extra else ""))
        return False
    names = [f"{r.region}（{r.status_label}）" for r in sources.used]
    answer = QMessageBox.question(
        view, title,
        f"按以下 {len(sources.used)} 个{word}{report.month.label}的月报汇总本单位月报：\n\n{lines(names, 30)}\n\n"
        + (f"{extra}\n\n" if extra else "")
        + f"各项数字按指标规定求和或求平均，文字部分按{word}依次列出；本表已填的数字和这些文字将被替换，表头不变。"
        "可按 Ctrl+Z 撤销。\n\n现在汇总吗？", _YES | _NO, _NO)
    if answer != _YES:
        return False
    compiled, left_out = compile_report(report.region, report.month, sources.used, view.context.indicators)

    def apply(rid: int) -> None:
        for code, value in compiled.values.items():
            view.store.set_report_value(rid, code, value)
        for code, text in compiled.texts.items():
            view.store.set_report_text(rid, code, text)

    if not view.write(f"{title}{report.month.label}月报", apply, refill=True):
        return False
    if left_out:
        indicators = view.context.indicators
        QMessageBox.information(view, title, "已汇总。以下文字部分合计超过字数上限，部分单位的文字没有汇入"
                                "（文末已注明），请查看其月报后自行整理：\n\n"
                                + lines([f"{indicators.section(code).title}：{'、'.join(names)}"
                                         for code, names in left_out.items()], 10))
    return True
