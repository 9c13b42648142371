"""The program's icon: drawn by the window, written into resources/app.ico for Windows."""

from __future__ import annotations

import struct

from desktop.system.paths import resources_dir


def _entries(data: bytes) -> list[tuple[int, bytes]]:
    reserved, kind, count = struct.unpack_from("<HHH", data, 0)
    assert (reserved, kind) == (0, 1)
    out = []
    for i in range(count):
        w, _h, _c, _r, _planes, bits, size, offset = struct.unpack_from("<BBBBHHII", data, 6 + 16 * i)
        out.append((w or 256, data[offset:offset + size]))
        assert bits == 32
    return out


def _pixels(png: bytes):
    from PySide6.QtGui import QImage

    img = QImage.fromData(png, "PNG").convertToFormat(QImage.Format.Format_ARGB32)
    return img.width(), img.height(), [img.pixelColor(x, y).getRgb() for y in range(img.height())
                                       for x in range(img.width())]


def picture_difference(a: bytes, b: bytes) -> tuple[float, float]:
    """(mean absolute channel difference, share of pixels differing by more than 32 in a channel)
    of two PNG pictures of the same size, decoded: the bytes differ between machines (rasterizer,
    zlib), the picture must not."""
    wa, ha, pa = _pixels(a)
    wb, hb, pb = _pixels(b)
    assert (wa, ha) == (wb, hb)
    diffs = [max(abs(x - y) for x, y in zip(p, q, strict=True)) for p, q in zip(pa, pb, strict=True)]
    total = sum(abs(x - y) for p, q in zip(pa, pb, strict=True) for x, y in zip(p, q, strict=True))
    return total / (4 * len(pa)), sum(d > 32 for d in diffs) / len(pa)


def test_the_shipped_ico_is_the_drawn_icon(qapp) -> None:
    """Compared as decoded pixels with a tolerance (antialiasing differs a little between machines);
    a changed drawing (another colour, a moved seal) is far outside it."""
    from desktop.ui.common.app_icon import SIZES, ico_bytes

    shipped = _entries((resources_dir() / "app.ico").read_bytes())
    drawn = _entries(ico_bytes())
    assert [w for w, _ in shipped] == list(SIZES) == [w for w, _ in drawn]
    for (size, old), (_, new) in zip(shipped, drawn, strict=True):
        mean, far = picture_difference(old, new)
        assert mean < 2.0 and far < 0.02, (
            f"resources/app.ico ({size}px) is out of date: run python3 tools/make_icon.py")


def test_the_icon_comparison_sees_a_changed_drawing(qapp) -> None:
    from PySide6.QtCore import QBuffer, QIODevice
    from PySide6.QtGui import QColor

    from desktop.ui.common.app_icon import draw_app_icon

    def png(img) -> bytes:
        buf = QBuffer()
        buf.open(QIODevice.OpenModeFlag.WriteOnly)
        img.save(buf, "PNG")
        return bytes(buf.data())

    img = draw_app_icon(48)
    same = picture_difference(png(img), png(draw_app_icon(48)))
    assert same == (0.0, 0.0)
    for x in range(10, 38):  # a stripe of another colour across the middle
        for y in range(20, 28):
            img.setPixelColor(x, y, QColor("#ff00ff"))
    mean, far = picture_difference(png(draw_app_icon(48)), png(img))
    assert far >= 0.02 or mean >= 2.0


def test_each_ico_entry_is_a_png_of_its_size_with_the_seal(qapp) -> None:
    from PySide6.QtGui import QColor, QImage

    from desktop.ui.common.app_icon import SEAL, TILE, ico_bytes

    for size, png in _entries(ico_bytes()):
        img = QImage.fromData(png, "PNG")
        assert (img.width(), img.height()) == (size, size)
        if size >= 48:
            assert img.pixelColor(size // 2, size // 20 + 1).name() == QColor(TILE).name()
            assert img.pixelColor(int(size * 42 / 64), int(size * 45 / 64)).name() == QColor(SEAL).name()
            assert img.pixelColor(0, 0).alpha() == 0  # rounded corner


def test_the_window_carries_the_icon(qapp) -> None:
    from desktop.ui.app import make_app

    app = make_app()
    assert not app.windowIcon().isNull()
    assert 256 in [s.width() for s in app.windowIcon().availableSizes()]
