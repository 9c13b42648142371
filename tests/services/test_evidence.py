"""佐证材料 files (issue 18, point 6): only an ordinary file is taken — a folder, a pipe, a device or a
symbolic link is refused saying what it is, never read (a pipe would hang, /dev/zero would fill the
memory, a link to /etc/passwd would store that file under the link's name) — and a file is read in a
stream: the SHA-256 of all of it, its bytes kept only within the limit, checked while reading; the
reading reports its progress and stops when cancelled, taking nothing."""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

import pytest
from helpers import digest, fill_valid_provincial, run

from desktop.domain.evaluation.checklist import load_checklist
from desktop.domain.evaluation.sites import sites_of
from desktop.services import evaluation as ev
from desktop.services.common import ServiceError

posix_only = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="pipes and /dev/zero are POSIX only")


@pytest.fixture
def target(store, gaz):
    fill_valid_provincial(store, gaz)
    checklist = load_checklist()
    return sites_of(store.load_rosters(), checklist)[0], checklist.item("S1")


def _refused(store, target, path, message: str) -> None:
    site, item = target
    with pytest.raises(ServiceError) as exc:
        ev.add_evidence(store, site, item, path)
    assert str(exc.value) == message
    assert store.evidence(site) == []


def test_a_folder_is_refused_as_a_folder(store, target, tmp_path):
    folder = tmp_path / "照片 文件夹"
    folder.mkdir()
    _refused(store, target, folder, "“照片 文件夹”是文件夹，不是文件，请选择文件夹中的文件")


def test_a_missing_file(store, target, tmp_path):
    _refused(store, target, tmp_path / "不在 这里.jpg", "找不到“不在 这里.jpg”，请检查文件是否已被移动或删除")


@posix_only
def test_a_pipe_is_refused_without_waiting_on_it(store, target, tmp_path):
    pipe = tmp_path / "现场 照片.jpg"
    os.mkfifo(pipe)
    _refused(store, target, pipe, "“现场 照片.jpg”不是普通文件（是管道），不能作为佐证材料，请选择保存在磁盘上的文件")


@posix_only
def test_a_device_is_refused(store, target, tmp_path):
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero")
    _refused(store, target, Path("/dev/zero"),
             "“zero”不是普通文件（是设备），不能作为佐证材料，请选择保存在磁盘上的文件")


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need rights on Windows")
def test_a_link_is_refused_instead_of_storing_what_it_points_to(store, target, tmp_path):
    secret = tmp_path / "口令.txt"
    secret.write_text("root:x:0:0", encoding="utf-8")
    link = tmp_path / "整改 报告.pdf"
    link.symlink_to(secret)
    _refused(store, target, link, "“整改 报告.pdf”是快捷方式（符号链接），不是文件本身，请选择它指向的文件")


def test_a_file_is_read_in_pieces_with_its_checksum(store, target, tmp_path):
    site, item = target
    data = os.urandom(3 * 1024 * 1024 + 17)
    photo = tmp_path / "现场 照片.jpg"
    photo.write_bytes(data)
    seen: list[tuple[int, int]] = []
    found = ev.read_evidence_file(store, photo, lambda done, total: seen.append((done, total)))
    assert found.sha256 == hashlib.sha256(data).hexdigest() and found.size == len(data) and found.content == data
    assert [d for d, _t in seen] == [1024 * 1024, 2 * 1024 * 1024, 3 * 1024 * 1024, len(data)]
    assert {t for _d, t in seen} == {len(data)}
    assert ev.keep_evidence(store, site, item, found)
    assert store.evidence(site) == [("S1", "现场 照片.jpg", found.sha256, len(data), True)]


def test_the_size_limit_is_kept_while_reading(store, target, tmp_path, monkeypatch):
    """Not from the size the file claims: a file larger than the limit is referenced, its bytes not kept."""
    site, item = target
    monkeypatch.setattr(type(store), "MAX_KEPT_EVIDENCE", 2 * 1024 * 1024)
    video = tmp_path / "录像.mp4"
    video.write_bytes(b"\0" * (2 * 1024 * 1024 + 1))
    found = ev.read_evidence_file(store, video)
    assert found.content is None and found.size == 2 * 1024 * 1024 + 1
    assert not ev.keep_evidence(store, site, item, found)
    assert store.evidence(site)[0][3:] == (2 * 1024 * 1024 + 1, False)


def test_cancelling_takes_nothing(store, target, tmp_path):
    site, _item = target
    photo = tmp_path / "大 照片.jpg"
    photo.write_bytes(b"x" * (3 * 1024 * 1024))
    read: list[int] = []
    with pytest.raises(ServiceError, match="已取消读取“大 照片.jpg”，佐证材料没有添加"):
        ev.read_evidence_file(store, photo, lambda done, _total: read.append(done), lambda: len(read) >= 1)
    assert read == [1024 * 1024] and store.evidence(site) == []


@posix_only
def test_the_command_line_refuses_a_pipe_and_a_device_with_exit_2(demo_db, tmp_path):
    """/dev/zero ended in MemoryError (a traceback, exit 1); a pipe hung the command."""
    pipe = tmp_path / "管道.jpg"
    os.mkfifo(pipe)
    before = digest(demo_db)
    for path, kind in ((pipe, "管道"), ("/dev/zero", "设备")):
        r = run("evaluation", "--db", demo_db, "--site", "九支镇", "--item", "S1", "--evidence", path)
        assert r.returncode == 2 and f"不是普通文件（是{kind}）" in r.stderr and "Traceback" not in r.stderr
    assert digest(demo_db) == before
