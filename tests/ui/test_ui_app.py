"""run_app: Qt's Chinese translations, the font, a database that cannot be opened."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.ui import app as app_module
from desktop.ui.common.theme import CJK_FAMILIES, pick_cjk_family


def test_foreign_file_gives_chinese_message_not_traceback(qapp, tmp_path, monkeypatch) -> None:
    bad = tmp_path / "名单.sqlite"
    bad.write_bytes(b"this is not a database" * 10)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text, *a, **k: shown.append(text))
    monkeypatch.setattr(QApplication, "exec", lambda *a: 0)
    assert app_module.run_app(bad) == 1
    assert len(shown) == 1 and "名单.sqlite" in shown[0] and "不是本软件的数据库文件" in shown[0]


def test_run_app_shows_the_window_with_chinese_buttons(qapp, db_path, no_event_loop) -> None:
    assert app_module.run_app(db_path, demo=True) == 0
    seen = no_event_loop
    assert seen and seen[0].windowTitle() == f"{db_path.name}（演示数据） — 镇村便民服务试点填报"
    assert db_path.exists()
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    assert QCoreApplication.translate("QPlatformTheme", "OK") == "确定"


def test_translations_and_font_helpers(qapp) -> None:
    assert app_module.install_translations(qapp)
    assert pick_cjk_family(["Arial", "WenQuanYi Micro Hei", "Microsoft YaHei"]) == "Microsoft YaHei"
    assert pick_cjk_family(["Arial"]) is None
    assert "Microsoft YaHei UI" in CJK_FAMILIES


def test_a_new_application_gets_fusion_and_chinese_buttons() -> None:
    """make_app() picks Fusion through Qt's -style option (no QStyle object handed to Python)."""
    import os
    import subprocess
    import sys

    code = ("from desktop.ui.app import make_app; app = make_app(['填报']); "
            "from PySide6.QtWidgets import QApplication; "
            "print(app.style().name(), QApplication.translate('QPlatformTheme', 'Cancel'), app.arguments()[1:])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["fusion", "取消", "[]"]
