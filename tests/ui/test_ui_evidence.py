"""添加佐证材料 in the window (issue 18, point 6): the file is read off the GUI thread with a progress dialog
whose 取消 takes nothing; a pipe, a folder or a link is refused at once with a message saying why (the
window used to read the whole file on the GUI thread and hang for ever on a pipe)."""

from __future__ import annotations

import os
import sys
import threading

import pytest
from helpers import fill_valid_provincial
from PySide6.QtWidgets import QFileDialog, QPushButton

from desktop.domain.evaluation.checklist import load_checklist
from desktop.domain.evaluation.sites import sites_of
from desktop.ui.evaluation.evidence import EvidenceReading


@pytest.fixture
def page(make_window, store, gaz):
    """The 验收评估 tab of a window whose jobs run at once, S1 of the first site selected."""
    fill_valid_provincial(store, gaz)
    page = make_window(store).show_evaluation()
    page.score_table.setCurrentIndex(page.score_model.index(2, 0))
    assert page.score_model.items[2].code == "S1"
    return page


def _choose(monkeypatch, path) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX only")
def test_a_pipe_is_refused_at_once(page, store, messages, monkeypatch, tmp_path):
    pipe = tmp_path / "现场 照片.jpg"
    os.mkfifo(pipe)
    _choose(monkeypatch, pipe)
    page.add_evidence()
    assert messages[-1] == ("warning", "佐证材料没有添加",
                            "“现场 照片.jpg”不是普通文件（是管道），不能作为佐证材料，请选择保存在磁盘上的文件")
    assert store.evidence(page.current) == [] and page.evidence_button.isEnabled()


def test_a_folder_is_refused_as_a_folder(page, store, messages, monkeypatch, tmp_path):
    """It was refused as “找不到”."""
    folder = tmp_path / "照片 文件夹"
    folder.mkdir()
    _choose(monkeypatch, folder)
    page.add_evidence()
    assert messages[-1][2] == "“照片 文件夹”是文件夹，不是文件，请选择文件夹中的文件"
    assert store.evidence(page.current) == []


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need rights on Windows")
def test_a_link_is_refused(page, store, messages, monkeypatch, tmp_path):
    secret = tmp_path / "passwd"
    secret.write_text("root:x:0:0", encoding="utf-8")
    link = tmp_path / "整改 报告.pdf"
    link.symlink_to(secret)
    _choose(monkeypatch, link)
    page.add_evidence()
    assert "是快捷方式（符号链接），不是文件本身" in messages[-1][2] and store.evidence(page.current) == []


def test_progress_is_shown_and_cancel_takes_nothing(page, store, messages, monkeypatch, tmp_path):
    big = tmp_path / "录像 片段.mp4"
    big.write_bytes(b"\0" * (4 * 1024 * 1024))
    _choose(monkeypatch, big)
    seen: list[tuple[int, str]] = []
    moved = EvidenceReading._moved

    def cancel_at_first(self, done: int, total: int) -> None:
        moved(self, done, total)
        seen.append((self.dialog.value(), self.dialog.labelText()))
        self.dialog.findChild(QPushButton).click()  # the user presses 取消

    monkeypatch.setattr(EvidenceReading, "_moved", cancel_at_first)
    page.add_evidence()
    assert seen == [(250, "正在读取佐证材料“录像 片段.mp4”……（1.0 / 4.0 MB）")]
    assert store.evidence(page.current) == [] and messages == [] and page.evidence_button.isEnabled()


def test_the_file_is_read_off_the_gui_thread(qtbot, make_window, store, gaz, monkeypatch, tmp_path):
    import desktop.services.evaluation as services

    fill_valid_provincial(store, gaz)
    page = make_window(store, synchronous=False).show_evaluation()
    page.score_table.setCurrentIndex(page.score_model.index(0, 0))
    photo = tmp_path / "现场 照片.jpg"
    photo.write_bytes(b"\xff\xd8\xff" + os.urandom(100_000))
    _choose(monkeypatch, photo)
    threads: list[threading.Thread] = []
    read = services.read_evidence_file

    def recorded(*args, **kwargs):
        threads.append(threading.current_thread())
        return read(*args, **kwargs)

    monkeypatch.setattr(services, "read_evidence_file", recorded)
    assert page.add_evidence()
    assert not page.evidence_button.isEnabled()  # while it is read
    qtbot.waitUntil(lambda: bool(store.evidence(page.current)), timeout=10_000)
    assert threads and threads[0] is not threading.main_thread()
    site = sites_of(store.load_rosters(), load_checklist())[0]
    assert store.evidence(site)[0][:2] == ("P1", "现场 照片.jpg") and page.evidence_button.isEnabled()
    assert page.evidence_label.text() == "佐证材料：P1 现场 照片.jpg"


def test_a_refused_record_gives_the_button_back(page, store, monkeypatch, tmp_path):
    """The database refused to keep the file (busy, a full disk): the refusal goes where every refused
    save goes, and 添加佐证材料 can be pressed again (it stayed disabled)."""
    import desktop.services.evaluation as evaluation
    from desktop.store.database import StoreError

    photo = tmp_path / "现场 照片.jpg"
    photo.write_bytes(b"\xff\xd8 a photo")
    _choose(monkeypatch, photo)

    def refused(*_a, **_k):
        raise StoreError("database is locked")

    monkeypatch.setattr(evaluation, "keep_evidence", refused)
    with pytest.raises(StoreError):
        page.add_evidence()
    assert page.evidence_button.isEnabled() and page.reading is None
    assert store.evidence(page.current) == []


def test_a_read_only_database_refuses_before_choosing(page, store, messages, monkeypatch):
    monkeypatch.setattr(store, "read_only", "文件属性为只读")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: pytest.fail("no file is asked for"))
    assert page.add_evidence() is False
    assert messages[-1][2] == ("数据库“试点 名单.sqlite”只读，无法添加佐证材料：文件属性为只读；请把它复制到可以写入的文件夹"
                               "（如“文档”）后再用")


def test_a_full_disk_says_to_free_space_not_to_copy(page, store, messages, monkeypatch):
    from desktop.store.failures import DISK_FULL

    monkeypatch.setattr(store, "read_only", DISK_FULL)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: pytest.fail("no file is asked for"))
    assert page.add_evidence() is False
    assert messages[-1][2].startswith("磁盘已满，数据库“试点 名单.sqlite”无法添加佐证材料：请清理磁盘空间")
