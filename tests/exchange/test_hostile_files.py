"""Hostile and broken files given to `python -m desktop import` (issue “Data safety”, point 7).

Each is refused with exit 2 within seconds, with a Chinese message naming the file (and the sheet
and cell where it applies), in bounded memory, and the database (which has data) is unchanged.
The files are made in the test's folder (builders in corpus/hostile.py): zip bombs from repeated
deflate blocks, a million rows written straight into the sheet XML, a minimal OLE container for the
encrypted workbook.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

from corpus.hostile import (
    HEAD_ROWS,
    LAUGHS,
    MIB,
    NS,
    SHEET1,
    entries_of,
    inline_row,
    ole_file,
    roster_book,
    sheet_xml,
    spaces_bomb,
    with_shared_strings,
    write_zip,
)
from helpers import ROOT, digest, run

from desktop.domain.model import COLUMNS

MAX_SECONDS = 20.0  # per refused import, subprocess start (about 0.5 s) included
MAX_RSS_MB = 200  # peak memory of the importing process (Linux only): about 65 MB for a small roster


# -- running the import --------------------------------------------------------------------------------
# ``python -m desktop`` that writes its own peak memory (VmHWM of /proc/self/status: this process only;
# getrusage's ru_maxrss would include the parent's memory at fork, which Linux carries across exec).
PEAK = """import atexit, runpy, sys
out = sys.argv.pop(1)
def peak():
    with open("/proc/self/status") as fh:
        kb = next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:"))
    with open(out, "w") as fh:
        fh.write(str(kb))
atexit.register(peak)
runpy.run_module("desktop", run_name="__main__", alter_sys=True)
"""


def run_import(db: Path, path: Path) -> tuple[subprocess.CompletedProcess, float, float | None]:
    """`python -m desktop import --db db path`: the result, seconds, and the peak memory in MB (Linux)."""
    if not Path("/proc/self/status").exists():
        started = time.monotonic()
        r = run("import", "--db", db, path)
        return r, time.monotonic() - started, None
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    env.pop("QT_QPA_PLATFORM", None)
    peak = db.parent / "peak.txt"
    started = time.monotonic()
    r = subprocess.run([sys.executable, "-c", PEAK, str(peak), "import", "--db", str(db), str(path)], cwd=ROOT,
                       env=env, capture_output=True, text=True, encoding="utf-8", timeout=120)
    return r, time.monotonic() - started, int(peak.read_text()) / 1024


def refused(db: Path, path: Path) -> str:
    """Import ``path``: exit 2, fast, bounded memory, the database unchanged; the message."""
    before = digest(db)
    r, seconds, rss = run_import(db, path)
    assert r.returncode == 2, (r.returncode, r.stdout, r.stderr)
    assert seconds < MAX_SECONDS, seconds
    if rss is not None:
        assert rss < MAX_RSS_MB, rss
    assert digest(db) == before
    assert "Traceback" not in r.stderr and r.stdout == ""
    message = r.stderr.strip()
    assert f"“{path.name}”" in message, message
    return message


# -- the files --------------------------------------------------------------------------------------------
def test_not_a_zip_and_not_a_workbook(demo_db, folder):
    text = folder / "名单 副本.xlsx"
    text.write_text("市（州）,县（市、区）\n泸州市,合江县\n", encoding="utf-8")
    assert "不是 Excel 工作簿（.xlsx），无法读取" in refused(demo_db, text)
    other = folder / "资料 包.xlsx"
    with zipfile.ZipFile(other, "w") as zf:
        zf.writestr("说明.txt", "不是工作簿")
    assert "是压缩包或其他格式的文件，不是 Excel 工作簿" in refused(demo_db, other)


def test_old_xls_file(demo_db, folder):
    message = refused(demo_db, ole_file(folder / "名单 旧版.xls", ["Workbook"]))
    assert "是旧版 Excel 97-2003 格式（.xls），无法直接读取" in message and "另存为" in message


def test_encrypted_workbook(demo_db, folder):
    path = ole_file(folder / "加密 名单.xlsx", ["EncryptionInfo", "EncryptedPackage"])
    assert "设置了打开密码（已加密），无法读取" in refused(demo_db, path)


def test_zip_bomb_is_refused_before_decompressing(demo_db, folder, tmp_path):
    book = roster_book(tmp_path / "原始.xlsx")
    bomb = spaces_bomb(book, folder / "炸弹 名单.xlsx")
    assert bomb.stat().st_size < 3 * MIB
    message = refused(demo_db, bomb)
    assert "解压后有 2,048 MB（上限 200 MB）" in message and "压缩炸弹" in message


def test_zip_bomb_with_false_sizes(demo_db, folder, tmp_path):
    """The header declares 1 KB (with the checksum of that KB) and the stream goes on for 1 GB."""
    book = roster_book(tmp_path / "原始.xlsx")
    bomb = spaces_bomb(book, folder / "假大小 名单.xlsx", gigabytes=1, declared=1024)
    assert len(zipfile.ZipFile(bomb).read(SHEET1)) == 1024  # zipfile stops there and sees nothing wrong
    message = refused(demo_db, bomb)
    assert "中的“xl/worksheets/sheet1.xml”解压后超过它声明的大小（1,024 字节）" in message and "压缩炸弹" in message


def test_xml_entity_bombs(demo_db, folder, tmp_path):
    book = roster_book(tmp_path / "原始.xlsx")
    shared = LAUGHS + b"<sst " + NS + b' count="1" uniqueCount="1"><si><t>&lol9;</t></si></sst>'
    sheet = sheet_xml(HEAD_ROWS + b'<row r="4"><c r="A4" t="s"><v>0</v></c></row>')
    in_strings = with_shared_strings(book, folder / "实体 炸弹.xlsx", shared, sheet)
    message = refused(demo_db, in_strings)
    assert "“xl/sharedStrings.xml”含有 XML 实体声明" in message
    in_sheet = folder / "实体 炸弹2.xlsx"
    write_zip(in_sheet, entries_of(book, {SHEET1: LAUGHS + sheet_xml(inline_row(1, ["&lol9;"]))}))
    assert "“xl/worksheets/sheet1.xml”含有 XML 实体声明" in refused(demo_db, in_sheet)


def test_shared_string_count_that_would_exhaust_memory(demo_db, folder, tmp_path):
    """calamine reserves memory for the declared count up front: 2 billion strings would abort the process."""
    book = roster_book(tmp_path / "原始.xlsx")
    shared = b"<sst " + NS + b' count="1" uniqueCount="2000000000"><si><t>x</t></si></sst>'
    path = with_shared_strings(book, folder / "字符串表.xlsx", shared)
    assert "共享字符串表声明了 2000000000 个字符串" in refused(demo_db, path)


def test_a_million_rows(demo_db, folder, tmp_path):
    rows = b"".join(b'<row r="%d"><c r="C%d"><v>%d</v></c></row>' % (r, r, r) for r in range(4, 1_000_004))
    path = folder / "百万行 名单.xlsx"
    book = roster_book(tmp_path / "原始.xlsx")
    write_zip(path, entries_of(book, {SHEET1: sheet_xml(HEAD_ROWS + rows)}))
    message = refused(demo_db, path)
    assert "的工作表“Sheet1”超过 200000 行，已停止读取" in message


def test_a_cell_far_away(demo_db, folder, tmp_path):
    """One value at XFD1048576: calamine would build a grid of 17 billion cells."""
    path = folder / "远处 单元格.xlsx"
    book = roster_book(tmp_path / "原始.xlsx")
    far = b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    write_zip(path, entries_of(book, {SHEET1: sheet_xml(HEAD_ROWS + far)}))
    assert "的工作表“Sheet1”超过 200000 行" in refused(demo_db, path)


def test_ten_thousand_columns(demo_db, folder, tmp_path):
    from desktop.exchange.xlsx.cells import column_letter

    wide = b"".join(b'<c r="%s5"><v>%d</v></c>' % (column_letter(c).encode(), c) for c in range(1, 10_001))
    path = folder / "万列 名单.xlsx"
    book = roster_book(tmp_path / "原始.xlsx")
    write_zip(path, entries_of(book, {SHEET1: sheet_xml(HEAD_ROWS + b'<row r="5">' + wide + b"</row>")}))
    message = refused(demo_db, path)
    assert "的工作表“Sheet1”有内容的列多达 10000 列（最远到 NTP 列）" in message


def test_formulas_without_stored_results(demo_db, folder):
    rows = [["附件3"], ["县级试点地区乡镇（街道）、村（社区）名单"], list(COLUMNS),
            ["泸州市", "泸县", '="福集"&"镇"', "中心镇", "大田社区", None]]
    path = roster_book(folder / "公式 名单.xlsx", rows)
    assert "<f>" in zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml").decode()
    message = refused(demo_db, path)
    assert "的工作表“Sheet1”的 C4 单元格是公式，但文件中没有保存公式的计算结果" in message
    assert "请在 Excel 或 WPS 中打开这个文件并保存一次" in message


def test_fifty_megabytes(demo_db, folder, tmp_path):
    """Over the documented cap of 20 MB: refused by its size, before anything is read."""
    book = roster_book(tmp_path / "原始.xlsx")
    path = folder / "大 文件.xlsx"
    shutil.copy(book, path)
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr("xl/media/image1.png", os.urandom(50 * MIB), zipfile.ZIP_STORED)
    message = refused(demo_db, path)
    assert "太大（50 MB，上限 20 MB）" in message


def test_large_valid_file_under_the_cap_is_read_quickly(demo_db, folder, tmp_path):
    """A roster with 15 MB of picture (incompressible, never decompressed) reads in seconds."""
    path = roster_book(folder / "带图片 名单.xlsx")
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr("xl/media/image1.png", os.urandom(15 * MIB), zipfile.ZIP_STORED)
    r, seconds, rss = run_import(demo_db, path)
    assert r.returncode == 0, r.stderr
    assert "附件3：新增 1 个乡镇（街道）" in r.stdout
    assert seconds < MAX_SECONDS
    if rss is not None:
        assert rss < MAX_RSS_MB


def test_chinese_name_with_spaces_is_imported(demo_db, folder):
    path = roster_book(folder / "泸县 附件3 名单（第 2 版）.xlsx")
    before = digest(demo_db)
    r, _seconds, _rss = run_import(demo_db, path)
    assert r.returncode == 0, r.stderr
    assert "“泸县 附件3 名单（第 2 版）.xlsx”的工作表“Sheet1”按附件3" in r.stdout
    assert "附件3：新增 1 个乡镇（街道）" in r.stdout
    assert digest(demo_db) != before
