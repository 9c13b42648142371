"""Write ``resources/app.ico`` (the Windows executable's, shortcuts' and .zctb files' icon) from the
icon the window draws (``desktop.ui.common.app_icon``): ``python3 tools/make_icon.py [--png FILE]``."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(ROOT))
    from PySide6.QtGui import QGuiApplication

    from desktop.ui.common.app_icon import draw_app_icon, ico_bytes

    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 - QImage/QPainter need it
    out = ROOT / "resources" / "app.ico"
    out.write_bytes(ico_bytes())
    print(out.relative_to(ROOT))
    if len(argv) == 2 and argv[0] == "--png":
        draw_app_icon(256).save(argv[1])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
