"""Start the window: QApplication, Qt's Chinese translations, a CJK font, the store, the main window."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox, QStyleFactory

from desktop.store.database import StoreError
from desktop.store.failures import read_only_reason
from desktop.system.about import APP_ID, APP_NAME, __version__, start_collecting

if TYPE_CHECKING:
    from desktop.store.database import Store
    from desktop.ui.window.main_window import MainWindow


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
    from desktop.ui.common.theme import apply_cjk_font

    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        app = existing
        if "Fusion" in QStyleFactory.keys():
            app.setStyle("Fusion")
    else:
        # Fusion, the same look everywhere, chosen by Qt's own -style option: app.setStyle() would
        # hand Python a QStyle and so build that class's many enums (about 4 ms at start).
        args = list(argv if argv is not None else sys.argv[:1]) or [APP_ID]
        app = QApplication([*args, "-style", "Fusion"])
    app.setApplicationName(APP_ID)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    install_translations(app)
    apply_cjk_font(app)
    from desktop.ui.common.app_icon import app_icon

    app.setWindowIcon(app_icon())
    return app


def run_app(db_path: Path, demo: bool = False, open_files: Sequence[Path] = ()) -> int:
    """Open ``db_path`` (created when missing) in the main window; returns the exit code.

    ``demo``: the database was filled with the demo lists by the CLI; the title says so.
    ``open_files``: workbooks or packages to import once the window shows (a .zctb double-clicked),
    through the usual preview.
    Only one window may write to a database (a lock file beside it); unexpected errors are
    logged and explained (``ui.crash``); a damaged database can be restored from its newest
    good backup; a database with data gets one backup a day.
    """
    from desktop.ui.safety.crash import CrashReporter
    from desktop.ui.safety.single_instance import DatabaseLock

    app = make_app()
    opened: list[Store] = []
    reporter = CrashReporter(lambda: opened[0] if opened else None)
    reporter.install()
    lock = DatabaseLock(db_path)
    try:
        busy = lock.acquire()
        if busy and not (lock.cannot_create and read_only_reason(db_path)):  # read-only: opened for reading
            QMessageBox.warning(None, APP_NAME, busy)
            return 1
        store = open_database(db_path, check_in_background=True)
        if store is None:
            return 1
        opened.append(store)
        try:
            try:
                window, problem = _first_window(store)
            except Exception:  # noqa: BLE001 - not damage (a locked file, a disk error): the crash dialog says so
                reporter.report(sys.exc_info())  # type: ignore[arg-type]
                return 1
            if problem:  # found while the window was being built: the same offer as at opening
                opened.clear()
                store.close()
                restored = restore_damaged(db_path, problem)
                if restored is None:
                    return 1
                store = restored
                opened.append(store)
                window, problem = _first_window(store)
            if window is None:
                QMessageBox.critical(None, APP_NAME, f"{problem}\n\n恢复的备份也无法读取，请联系技术支持人员。")
                return 1
            reporter.on_store_failure = window.save_state.show_failure  # an edit refused: said, kept
            window.save_state.switched.connect(lock.move_to)  # 另存为: the new file is this window's
            backup = _DailyBackup(store)
            if window.starting:  # after the first paint, still before any click or key is handled
                window.started.connect(backup.make)
            else:
                backup.make()
            if demo:
                window.setWindowTitle(f"{db_path.name}（演示数据） — {APP_NAME}")
            start_collecting()  # the program is loaded (python -m desktop had the collector off)
            window.show()
            if open_files:
                QTimer.singleShot(0, lambda: window.transfer.import_paths(list(open_files)))
            try:
                return app.exec()
            finally:
                backup.make()  # the window closed before it finished starting: made now
                window.shutdown()
        finally:
            opened.clear()
            store.close()
    finally:
        lock.release()
        reporter.uninstall()


def _first_window(store: Store) -> tuple[MainWindow | None, str | None]:
    """The main window, built while the integrity check of ``store`` runs; (None, message) when
    the check (or reading the first rows) finds the file damaged."""
    from desktop.domain.places.gazetteer import load_gazetteer
    from desktop.store.database import UNREADABLE, is_operational
    from desktop.ui.window.main_window import MainWindow

    window = None
    try:
        window = MainWindow(store, load_gazetteer(), check_after_show=True)
    except UNREADABLE as exc:
        problem = store.integrity_problem()
        if problem is None and is_operational(exc):
            raise  # locked, a disk error…: not damage, and no reason to replace the file (crash report)
        problem = problem or f"无法读取数据库“{store.path.name}”：文件已损坏（{exc}），请从备份恢复"
    else:
        problem = store.integrity_problem()
    if problem and window is not None:
        window.shutdown()
        window.deleteLater()
        window = None
    return window, problem


def _looks_damaged(exc: Exception, db_path: Path) -> bool:
    """A damaged file, or one that is not SQLite at all: worth offering a backup (not a newer or foreign one)."""
    from desktop.store.database import DamagedDatabaseError, ForeignDatabaseError, NewerDatabaseError

    if isinstance(exc, DamagedDatabaseError):
        return True
    if isinstance(exc, NewerDatabaseError) or not db_path.is_file():
        return False
    if isinstance(exc, ForeignDatabaseError):
        with open(db_path, "rb") as fh:
            return fh.read(16) != b"SQLite format 3\x00"
    return True  # SQLite could not read it at all


def open_database(db_path: Path, *, check_in_background: bool = False) -> Store | None:
    """``open_store`` with Chinese messages instead of tracebacks; None when it cannot be opened.

    A damaged database (or a file that is not SQLite) is replaced by its newest good backup when
    the user agrees; the damaged file is kept beside it as ``<name>.damaged-<stamp>``.
    """
    from desktop.store.database import DatabaseError, EmptyDatabaseError, open_store

    try:
        return open_store(db_path, check_in_background=check_in_background)
    except EmptyDatabaseError:
        return _open_empty(db_path)
    except DatabaseError as exc:
        if not _looks_damaged(exc, db_path):
            QMessageBox.critical(None, APP_NAME, str(exc))
            return None
        return restore_damaged(db_path, str(exc))
    except (OSError, StoreError) as exc:
        _cannot_open(db_path, exc)
        return None


def _open_empty(db_path: Path) -> Store | None:
    """A 0-byte file where the database should be: say what it is, offer the newest good backup, else ask
    whether to start a new database in it."""
    from desktop.store.backup import newest_good_backup
    from desktop.store.database import DatabaseError, open_store

    what = (f"数据库文件“{db_path}”是一个空文件（0 字节），里面没有任何数据：可能是复制、下载或保存没有完成，"
            "也可能是磁盘曾经满了")
    if newest_good_backup(db_path) is not None:
        restored = restore_damaged(db_path, what)
        if restored is not None:
            return restored
    yes, no = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No
    if QMessageBox.question(None, APP_NAME, f"{what}。\n\n要在这个文件中新建一个空的数据库，从头开始填报吗？\n\n"
                                            "如果它本该有数据，请选“否”，找到原来的文件或备份后再打开。",
                            yes | no, no) != yes:
        return None
    try:
        return open_store(db_path, empty_ok=True)
    except DatabaseError as exc:
        QMessageBox.critical(None, APP_NAME, str(exc))
        return None


def restore_damaged(db_path: Path, problem: str) -> Store | None:
    """Offer the newest good backup for a damaged database; the database restored, or None."""
    from desktop.store.backup import backup_folder, newest_good_backup
    from desktop.store.database import DatabaseError, open_store
    from desktop.ui.safety.backup_dialog import offer_restore

    backup = newest_good_backup(db_path)
    if backup is None:
        QMessageBox.critical(None, APP_NAME, f"{problem}\n\n备份文件夹“{backup_folder(db_path)}”中没有可用的备份。")
        return None
    if offer_restore(db_path, problem, backup) is None:
        return None
    try:
        return open_store(db_path)
    except DatabaseError as exc:
        QMessageBox.critical(None, APP_NAME, str(exc))
    except (OSError, StoreError) as exc:
        _cannot_open(db_path, exc)
    return None


def _cannot_open(db_path: Path, exc: OSError | StoreError) -> None:
    reason = (exc.strerror if isinstance(exc, OSError) else None) or str(exc)
    QMessageBox.critical(None, APP_NAME, f"无法打开数据文件“{db_path}”（{reason}），请检查文件夹是否可写。")


class _DailyBackup:
    """The day's backup of the database as the window opened it, made once: at the end of the window's
    start (after the first paint, so the first start of a day shows the window as soon as any other;
    before any click or key is handled, so it holds the data as it was opened)."""

    def __init__(self, store: Store) -> None:
        self.store: Store | None = store

    def make(self) -> None:
        store, self.store = self.store, None
        if store is not None:
            daily_backup(store)


def daily_backup(store: Store) -> Path | None:
    """The first start of a day backs up a database that has data, whatever other backups (导入前) the day
    made: one 每日 backup a day is kept. Returns the backup made, if any."""
    from desktop.store.backup import DAILY, has_backup_today

    if store.read_only:  # nothing changes in a read-only file, and its folder takes no backups
        return None
    try:
        if has_backup_today(store.path, DAILY) or not (store.counts()["towns"] or store.changes(limit=1)):
            return None
        return store.backup(DAILY)
    except (OSError, StoreError) as exc:
        from desktop.store.failures import cause_text

        QMessageBox.warning(None, APP_NAME, f"今天的自动备份没有成功（{cause_text(exc)}），数据本身不受影响。"
                                            "请检查磁盘空间，或稍后在 文件 → 备份与恢复 中手动备份。")
        return None
