"""打印预览 and 导出PDF through Qt's own print support (no office suite needed): the forms of
desktop.exchange.print_html laid out on A4 (landscape for the rosters), the table header repeated on
every page, 第 X 页 共 Y 页 at the foot, in a Chinese font a Chinese Windows has (宋体) with fallbacks."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QRectF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPalette,
    QPdfWriter,
    QTextDocument,
)
from PySide6.QtWidgets import QWidget

# 宋体 first (every Chinese Windows has it), then what Linux and macOS offices have.
FONT_FAMILIES = ["SimSun", "宋体", "NSimSun", "Songti SC", "Noto Serif CJK SC", "Source Han Serif SC",
                 "WenQuanYi Micro Hei", "Noto Sans CJK SC", "Microsoft YaHei"]
MARGIN_MM = 12.0
FOOTER_MM = 8.0
LAYOUT_DPI = 1200  # every form is laid out at this resolution, then scaled to the device


def print_font(point_size: float = 10.5) -> QFont:
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setPointSizeF(point_size)
    return font


def page_layout(landscape: bool) -> QPageLayout:
    return QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                       QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait,
                       QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM), QPageLayout.Unit.Millimeter)


class PrintLayout:
    """``html`` laid out once at LAYOUT_DPI as one long page and cut into A4 pages by
    desktop.ui.common.page_breaks, whatever it is drawn on afterwards: the print preview, the
    printer and 导出PDF show the same lines on the same pages, no line cut or shown twice, a
    table's header on each page it runs over, each page's table closed at its foot."""

    def __init__(self, html: str, landscape: bool) -> None:
        from desktop.ui.common.page_breaks import paginate

        self._buffer = QBuffer()  # the layout device: a PDF writer that writes nowhere
        self._buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        self._device = QPdfWriter(self._buffer)
        self._device.setResolution(LAYOUT_DPI)
        self._device.setPageLayout(page_layout(landscape))
        paint = self._device.pageLayout().paintRectPixels(LAYOUT_DPI)
        self.width = float(paint.width())
        self.footer = FOOTER_MM / 25.4 * LAYOUT_DPI
        self.page_height = paint.height() - self.footer
        self.doc = QTextDocument()
        self.doc.documentLayout().setPaintDevice(self._device)
        self.doc.setDefaultFont(print_font())
        self.doc.setHtml(html)
        self.doc.setTextWidth(self.width)  # one long page
        self.slices = paginate(self.doc, self.page_height)
        self.pages = len(self.slices)

    def draw_page(self, painter: QPainter, page: int) -> None:
        """Page ``page`` (from 0) in layout units, its number at the foot."""
        part = self.slices[page]
        y = 0.0
        edge = 0.5 * LAYOUT_DPI / 96  # half a px: what only touches a slice's edge is left to its own page
        for top, bottom in ([part.header] if part.header else []) + [(part.top, part.bottom)]:
            painter.save()
            painter.translate(0, y - top)
            painter.setClipRect(QRectF(0, top, self.width, bottom - top))
            context = QAbstractTextDocumentLayout.PaintContext()
            context.clip = QRectF(0, top + edge, self.width, bottom - top - 2 * edge)
            context.palette.setColor(QPalette.ColorRole.Text, QColor(Qt.GlobalColor.black))
            self.doc.documentLayout().draw(painter, context)
            painter.restore()
            y += bottom - top
        font = print_font(9)
        font.setPixelSize(round(9 * LAYOUT_DPI / 72))  # in layout units: the painter scales it to the device
        painter.setFont(font)
        painter.drawText(QRectF(0, self.page_height, self.width, self.footer),
                         int(Qt.AlignmentFlag.AlignCenter | Qt.AlignmentFlag.AlignBottom),
                         f"第 {page + 1} 页 共 {self.pages} 页")


def render(html: str, device: QPagedPaintDevice, landscape: bool) -> int:
    """Lay ``html`` out on A4 pages (PrintLayout) and draw them on ``device`` — a PDF writer, a
    printer or the print preview's — scaled to its resolution; returns the pages."""
    layout = PrintLayout(html, landscape)
    device.setPageLayout(page_layout(landscape))
    painter = QPainter(device)
    try:
        scale = device.logicalDpiY() / LAYOUT_DPI
        if isinstance(device, QPdfWriter):
            room = device.pageLayout().paintRectPixels(device.resolution())
        else:
            room = QRectF(0, 0, device.width(), device.height()).toRect()
        # a printer whose margins leave less room than A4 minus MARGIN_MM gets the page a little smaller
        scale = min(scale, room.width() / layout.width, room.height() / (layout.page_height + layout.footer))
        painter.scale(scale, scale)
        for page in range(layout.pages):
            if page:
                device.newPage()
            layout.draw_page(painter, page)
        return layout.pages
    finally:
        painter.end()


def write_pdf(html: str, path: Path, landscape: bool) -> int:
    """The form as a PDF file; returns its pages. Raises OSError when the file cannot be written."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    writer = QPdfWriter(str(tmp))
    writer.setResolution(LAYOUT_DPI)
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
    from desktop.ui.common.modal import run_modal

    run_modal(dialog)
