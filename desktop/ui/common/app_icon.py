"""The program's icon, drawn (no image files, no image plugins): a form sheet on a blue tile with a
red seal (盖章). The window uses it; ``tools/make_icon.py`` writes the same picture into
``resources/app.ico`` for the Windows executable, its shortcuts and the .zctb file type."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QImage, QPainter, QPen, QPixmap

TILE = "#1f5fa8"
SEAL = "#c8202c"
SIZES = (16, 24, 32, 48, 64, 256)


def draw_app_icon(size: int) -> QImage:
    """The icon as a ``size``×``size`` ARGB image."""
    img = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    img.fill(Qt.GlobalColor.transparent)
    s = size / 64.0
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(TILE))
    p.drawRoundedRect(QRectF(2 * s, 2 * s, 60 * s, 60 * s), 12 * s, 12 * s)
    p.setBrush(QColor("#ffffff"))
    p.drawRoundedRect(QRectF(14 * s, 9 * s, 36 * s, 46 * s), 3 * s, 3 * s)
    p.setPen(QPen(QColor(TILE), max(1.0, 3.2 * s), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    for y in (19, 27, 35):
        p.drawLine(QPointF(20 * s, y * s), QPointF(44 * s, y * s))
    p.drawLine(QPointF(20 * s, 43 * s), QPointF(30 * s, 43 * s))
    p.setPen(QPen(QColor(SEAL), max(1.0, 3.0 * s)))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawEllipse(QPointF(42 * s, 45 * s), 9 * s, 9 * s)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(SEAL))
    p.drawEllipse(QPointF(42 * s, 45 * s), 3.2 * s, 3.2 * s)
    p.end()
    return img


def app_icon() -> QIcon:
    icon = QIcon()
    for size in SIZES:
        icon.addPixmap(QPixmap.fromImage(draw_app_icon(size)))
    return icon


def ico_bytes(sizes: tuple[int, ...] = SIZES) -> bytes:
    """A Windows .ico holding one PNG image per size (Windows Vista and later read PNG entries)."""
    import struct

    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    images = []
    for size in sizes:
        data = QByteArray()
        buf = QBuffer(data)
        buf.open(QIODevice.OpenModeFlag.WriteOnly)
        draw_app_icon(size).save(buf, "PNG")
        buf.close()
        images.append((size, bytes(data.data())))
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries, blobs = b"", b""
    for size, png in images:
        dim = 0 if size >= 256 else size
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(png), offset)
        offset += len(png)
        blobs += png
    return header + entries + blobs
