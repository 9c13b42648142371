"""An import in the window while another program (a separate process) imports the same package into the
same database: the window's preview was made before the other import, but what it writes is planned
again inside its write transaction, so the result is that of one import (issue 18, point 1)."""

from __future__ import annotations

import sqlite3

from helpers import run
from PySide6.QtWidgets import QDialog, QFileDialog

from desktop.ui.importing.preview import ImportPreviewDialog


def test_the_window_imports_what_another_program_just_imported_only_once(
        make_window, store, demo_db, tmp_path, monkeypatch, messages) -> None:
    package = tmp_path / "交换 包.zctb"
    assert run("package", "--db", demo_db, "--out", package).returncode == 0
    w = make_window(store)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(package)], ""))
    others: list = []

    def meanwhile(dialog: ImportPreviewDialog) -> QDialog.DialogCode:
        assert dialog.preview.counts()["add"] == 14  # the preview was made on the empty database
        others.append(run("import", "--db", store.path, package))  # the other program, while the user reads
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ImportPreviewDialog, "exec", meanwhile)
    w.import_action.trigger()
    assert others and others[0].returncode == 0, others[0].stderr
    conn = sqlite3.connect(store.path)
    try:
        counts = [conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("towns", "villages", "reports")]
    finally:
        conn.close()
    assert counts == [14, 91, 3], "the window's import added the towns and reports a second time"
    assert messages[-1][:2] == ("information", "导入完成"), messages
    assert "新增 0 个乡镇（街道）" in messages[-1][2]
    assert w.counts()["towns"] == 14
