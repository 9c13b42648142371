"""Retake the README screenshots of the window (run under a virtual screen with a CJK font):

    xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python tools/screenshots.py

Writes docs/screenshot-main.png (demo rosters, 尧坝镇 cut to 8 villages so an error shows),
docs/screenshot-monthly-board.png and docs/screenshot-monthly-form.png (last month's report with
其中综合窗口数 above 窗口总数). Uses a temporary database; the user's data is not touched.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    from PySide6.QtWidgets import QApplication

    from desktop.domain.model import Level
    from desktop.domain.monthly.report import YearMonth
    from desktop.domain.places.gazetteer import load_gazetteer
    from desktop.services.demo import write_demo
    from desktop.store.database import open_store
    from desktop.ui.app import make_app
    from desktop.ui.window.main_window import MainWindow

    folder = Path(tempfile.mkdtemp(prefix="screens-"))
    os.environ["ZHENCUN_DATA_DIR"] = str(folder)
    db = folder / "演示数据.sqlite"
    app = make_app()
    store = open_store(db)
    write_demo(store, load_gazetteer())
    window = MainWindow(store, load_gazetteer(), recheck_delay_ms=0)
    window.resize(1360, 860)
    window.show()
    docs = ROOT / "docs"

    monthly = window.show_monthly()
    QApplication.processEvents()
    window.grab().save(str(docs / "screenshot-monthly-board.png"))
    month = YearMonth.of(date.today()).prev()
    report = store.report(store.settings().region, month)
    store.set_report_value(report.id, "windows_integrated", 90)
    monthly.refresh()
    monthly.open_report(report.region, month)
    QApplication.processEvents()
    view = monthly.report_view
    error = next(f for f in view.findings if f.is_error)
    view.jump_to(error)
    QApplication.processEvents()
    window.grab().save(str(docs / "screenshot-monthly-form.png"))

    town = next(t for t in store.load_roster(Level.PROVINCIAL).towns if t.town == "尧坝镇")
    store.set_villages(town.id, town.villages[:8])
    window.reload()
    page = window.show_level(Level.PROVINCIAL)
    page.select_town(town.id)
    QApplication.processEvents()
    window.grab().save(str(docs / "screenshot-main.png"))
    window.shutdown()
    store.close()
    print("wrote docs/screenshot-main.png, docs/screenshot-monthly-board.png, docs/screenshot-monthly-form.png")
    app.quit()


if __name__ == "__main__":
    main()
