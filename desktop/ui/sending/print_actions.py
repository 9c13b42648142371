"""文件 → 打印预览… and 导出PDF…: the form the current tab shows (an attachment, or the open 月报)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QMessageBox

from desktop.ui.common.folders import remember_dir, start_dir

if TYPE_CHECKING:
    from desktop.ui.window.host import WindowHost


def current_form(w: WindowHost) -> tuple[str, str, bool] | None:
    """(name, html, landscape) of what the current tab shows; None (with a message) when nothing."""
    from desktop.exchange.print_html import monthly_html, roster_html

    w.commit_pending()
    level = w.current_level()
    if level is not None:
        roster = w.store.load_roster(level)
        if not roster.towns:
            QMessageBox.information(w, "打印", f"{level.attachment}还没有乡镇（街道），没有可打印的内容。")
            return None
        settings = w.store.settings()
        name = f"{level.attachment} {level.title}（{settings.region}）"
        return name, roster_html(roster, settings), True
    page = w.monthly
    report = page.current_report() if page.showing_report else None
    if report is None:
        QMessageBox.information(w, "打印", "请先在月报总览中打开一份月报，再打印或导出PDF。")
        return None
    view = page.report_view
    name = f"{report.region}{report.month.label}月报"
    return name, monthly_html(report, view.previous, view.context.indicators, view.findings), False


def print_preview(w: WindowHost) -> None:
    form = current_form(w)
    if form is None:
        return
    from desktop.ui.common.printing import preview

    name, html, landscape = form
    preview(html, landscape, w, f"打印预览 — {name}")


def export_pdf(w: WindowHost) -> Path | None:
    form = current_form(w)
    if form is None:
        return None
    name, html, landscape = form
    from desktop.services.submit import safe_name

    folder = Path(start_dir("pdf"))
    chosen, _ = QFileDialog.getSaveFileName(w, "导出PDF", str(folder / f"{safe_name(name)}.pdf"), "PDF 文件 (*.pdf)")
    if not chosen:
        return None
    path = Path(chosen) if chosen.lower().endswith(".pdf") else Path(chosen + ".pdf")
    remember_dir("pdf", path.parent)
    from desktop.system.oserrors import os_error_text
    from desktop.ui.common.printing import write_pdf

    try:
        pages = write_pdf(html, path, landscape)
    except OSError as exc:
        QMessageBox.warning(w, "导出PDF没有完成", f"无法写入“{path}”（{os_error_text(exc)}），请换一个文件夹，"
                                                 "或关闭正在打开这个文件的程序后重试。")
        return None
    w.statusBar().showMessage(f"已导出 {path.name}（{pages} 页）", 8000)
    return path
