"""打印预览 and 导出PDF through Qt's own print support (no office suite needed): the forms of
desktop.exchange.print_html laid out on A4 (landscape for the rosters), the table header repeated on
every page, 第 X 页 共 Y 页 at the foot, in a Chinese font a Chinese Windows has (宋体) with fallbacks."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QFont,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
)
from PySide6.QtWidgets import QWidget

# 宋体 first (every Chinese Windows has it), then what Linux and macOS offices have.
FONT_FAMILIES = ["SimSun", "宋体", "NSimSun", "Songti SC", "Noto Serif CJK SC", "Source Han Serif SC",
                 "WenQuanYi Micro Hei", "Noto Sans CJK SC", "Microsoft YaHei"]
MARGIN_MM = 12.0
FOOTER_MM = 8.0


def print_font(point_size: float = 10.5) -> QFont:
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setPointSizeF(point_size)
    return font


def page_layout(landscape: bool) -> QPageLayout:
    return QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                       QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait,
                       QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM), QPageLayout.Unit.Millimeter)


def render(html: str, device: QPagedPaintDevice, landscape: bool) -> int:
    """Lay ``html`` out on the device's pages with the page numbers at the foot; returns the pages."""
    device.setPageLayout(page_layout(landscape))
    painter = QPainter(device)
    try:
        dpi = device.logicalDpiY()
        full = device.pageLayout().paintRectPixels(device.resolution()) if isinstance(device, QPdfWriter) \
            else QRectF(0, 0, device.width(), device.height()).toRect()
        width, height = full.width(), full.height()
        footer = FOOTER_MM / 25.4 * dpi
        doc = QTextDocument()
        doc.documentLayout().setPaintDevice(device)
        doc.setDefaultFont(print_font())
        doc.setHtml(html)
        doc.setPageSize(QSizeF(width, height - footer))
        pages = doc.pageCount()
        page_h = height - footer
        for page in range(pages):
            if page:
                device.newPage()
            painter.save()
            painter.translate(0, -page * page_h)
            doc.drawContents(painter, QRectF(0, page * page_h, width, page_h))
            painter.restore()
            painter.setFont(print_font(9))
            painter.drawText(QRectF(0, height - footer, width, footer),
                             int(Qt.AlignmentFlag.AlignCenter | Qt.AlignmentFlag.AlignBottom),
                             f"第 {page + 1} 页 共 {pages} 页")
        return pages
    finally:
        painter.end()


def write_pdf(html: str, path: Path, landscape: bool) -> int:
    """The form as a PDF file; returns its pages. Raises OSError when the file cannot be written."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    writer = QPdfWriter(str(tmp))
    writer.setResolution(300)
    writer.setTitle(path.stem)
    writer.setCreator("镇村便民服务试点填报")
    pages = render(html, writer, landscape)
    del writer
    if not tmp.exists() or tmp.stat().st_size == 0:
        raise OSError(f"无法写入“{path.name}”")
    import os

    os.replace(tmp, path)
    return pages


def preview(html: str, landscape: bool, parent: QWidget | None = None, title: str = "打印预览") -> None:
    """Qt's print preview (with its 打印 button) of the form."""
    from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageLayout(page_layout(landscape))
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(title)
    dialog.paintRequested.connect(lambda p: render(html, p, landscape))
    from desktop.ui.common.screen_fit import fit_to_screen

    fit_to_screen(dialog, 1000, 760)
    dialog.exec()
