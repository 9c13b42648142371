"""Folders (issue 21, rough edges): file dialogs start in 文档, else the home folder — never the program's
folder or a 文档 that does not exist — then in the folder last used for their kind, across restarts;
opening a folder that fails says so and shows the path (never “已打开文件夹”)."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import fill_valid_provincial
from PySide6.QtCore import QStandardPaths
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QFileDialog, QInputDialog

from desktop.store.database import open_store
from desktop.ui.common import folders
from desktop.ui.sending import submit as submit_action
from desktop.ui.window import transfer


@pytest.fixture
def documents(tmp_path, monkeypatch) -> Path:
    docs = tmp_path / "我的 文档"
    docs.mkdir()
    real = QStandardPaths.writableLocation
    monkeypatch.setattr(QStandardPaths, "writableLocation", lambda kind: str(docs)
                        if kind == QStandardPaths.StandardLocation.DocumentsLocation else real(kind))
    return docs


def test_dialogs_start_in_documents_else_home(documents, monkeypatch):
    assert folders.start_dir("import") == str(documents)
    documents.rmdir()  # 文档 missing (a roaming profile, a fresh account): the home folder, never that path
    assert folders.start_dir("import") == str(Path.home())
    monkeypatch.setattr(QStandardPaths, "writableLocation", lambda kind: "")
    assert folders.start_dir("pdf") == str(Path.home())


def test_each_kind_keeps_its_last_folder_across_restarts(make_window, store, documents, monkeypatch, messages,
                                                         tmp_path):
    """导入… from a folder: the next window (a restart) starts 导入… there, and 导出… still in 文档."""
    sent = tmp_path / "乡镇 报来的"
    sent.mkdir()
    book = sent / "名单.xlsx"
    book.write_text("不是工作簿", encoding="utf-8")
    asked: list[str] = []
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda _w, _t, start, *a, **k: asked.append(start)
                        or ([str(book)], ""))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda _w, _t, start, *a, **k: asked.append(start) or "")
    w = make_window(store)
    w.transfer.import_files()
    assert asked == [str(documents)]
    w.close()
    other = open_store(tmp_path / "另一个 库.sqlite")
    try:
        fill_valid_provincial(other, w.gaz)
        again = make_window(other)
        again.transfer.import_files()
        again.transfer.export()
        assert asked[1:] == [str(sent), str(documents)]
    finally:
        other.close()
    sent_again = Path(folders.start_dir("import"))
    assert sent_again == sent
    for name in sent.iterdir():
        name.unlink()
    sent.rmdir()  # a remembered folder that is gone: 文档 again
    assert folders.start_dir("import") == str(documents)


def test_a_folder_that_cannot_be_opened_says_so_with_its_path(make_window, store, gaz, monkeypatch, messages,
                                                              qtbot, tmp_path):
    fill_valid_provincial(store, gaz)
    w = make_window(store)
    out = tmp_path / "导出 结果"
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(out))
    monkeypatch.setattr(transfer, "offer_open_folder", lambda *a: True)  # the user asks to open it
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: False)  # …and no program can
    with qtbot.waitSignal(w.export_finished):
        w.export_action.trigger()
    kind, title, text = messages[-1]
    assert (kind, title) == ("warning", "无法打开文件夹") and f"位置：{out}" in text and "已打开" not in text
    assert QGuiApplication.clipboard().text() == str(out)


def test_submit_without_mail_program_nor_file_manager_does_not_claim_the_folder_opened(
        make_window, store, gaz, monkeypatch, messages, tmp_path):
    fill_valid_provincial(store, gaz)
    w = make_window(store)
    out = tmp_path / "报送"
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: (a[3][0], True))
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("zwglc@sc.gov.cn", True))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(out))
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: False)
    assert submit_action.submit(w) is not None
    text = messages[-1][2]
    assert "已打开文件夹" not in text and f"文件夹也没能打开，文件在“{out}”" in text
    assert folders.start_dir("submit") == str(out)

