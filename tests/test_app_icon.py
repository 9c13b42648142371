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


def test_the_shipped_ico_is_the_drawn_icon(qapp) -> None:
    from desktop.ui.common.app_icon import SIZES, ico_bytes

    shipped = (resources_dir() / "app.ico").read_bytes()
    assert shipped == ico_bytes(), "resources/app.ico is out of date: run python3 tools/make_icon.py"
    assert [w for w, _ in _entries(shipped)] == list(SIZES)


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
