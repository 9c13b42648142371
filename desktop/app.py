"""Start the window: QApplication, Qt's Chinese translations, a CJK font, the store, the main window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox, QStyleFactory

from . import APP_ID, APP_NAME, __version__


def install_translations(app: QApplication) -> bool:
    """Load Qt's own zh_CN strings so standard buttons read 确定/取消; False when missing."""
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    translator = QTranslator(app)
    if not translator.load("qtbase_zh_CN", folder):
        return False
    app.installTranslator(translator)
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    return True


def make_app(argv: list[str] | None = None) -> QApplication:
    """The QApplication, set up once: names, Fusion style, translations, a font with Chinese glyphs."""
    from .ui.theme import apply_cjk_font

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName(APP_ID)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    if "Fusion" in QStyleFactory.keys():
        app.setStyle("Fusion")  # same look everywhere; the inline finding borders are style sheets
    install_translations(app)
    apply_cjk_font(app)
    return app


def run_app(db_path: Path, demo: bool = False) -> int:
    """Open ``db_path`` (created when missing) in the main window; returns the exit code.

    ``demo``: the database was filled with the demo lists by the CLI; the title says so.
    """
    from .domain.gazetteer import load_gazetteer
    from .store import DatabaseError, open_store
    from .ui.main_window import MainWindow

    app = make_app()
    try:
        store = open_store(db_path)
    except DatabaseError as exc:
        QMessageBox.critical(None, APP_NAME, str(exc))
        return 1
    except OSError as exc:
        QMessageBox.critical(None, APP_NAME, f"无法打开数据文件“{db_path}”（{exc.strerror or exc}），请检查文件夹是否可写。")
        return 1
    try:
        window = MainWindow(store, load_gazetteer())
        if demo:
            window.setWindowTitle(window.windowTitle() + "（演示数据）")
        window.show()
        return app.exec()
    finally:
        store.close()
