"""Hostile and broken files given to `python -m desktop import` (issue “Data safety”, point 7).

Each is refused with exit 2 within seconds, with a Chinese message naming the file (and the sheet
and cell where it applies), in bounded memory, and the database (which has data) is unchanged.
The files are made here, in the test's folder: zip bombs from repeated deflate blocks, a million
rows written straight into the sheet XML, a minimal OLE container for the encrypted workbook.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import struct
import subprocess
import sys
import time
import zipfile
import zlib
from pathlib import Path

import pytest
from cli_run import ROOT, run

from desktop.domain.model import COLUMNS

SHEET1 = "xl/worksheets/sheet1.xml"
NS = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
MIB = 1024 * 1024
MAX_SECONDS = 20.0  # per refused import, subprocess start (about 0.5 s) included
MAX_RSS_MB = 200  # peak memory of the importing process (Linux only): about 65 MB for a small roster


# -- building files -------------------------------------------------------------------------------------
def roster_book(path: Path, rows: list[list[object]] | None = None, title: str = "Sheet1") -> Path:
    """A small valid roster (附件3) written with openpyxl."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = title
    for row in rows if rows is not None else [
            ["附件3"], ["县级试点地区乡镇（街道）、村（社区）名单"], ["填报单位：", "泸县政务服务管理局"], list(COLUMNS),
            ["泸州市", "泸县", "福集镇", "中心镇", "大田社区、石鸭滩村", None]]:
        ws.append(row)
    wb.save(path)
    return path


def raw_deflate(data: bytes) -> bytes:
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


def write_zip(path: Path, entries: list[tuple[str, bytes, int, int]]) -> Path:
    """A zip of (name, raw deflate data, crc, uncompressed size) entries, written by hand so that the
    data can be pre-compressed (a bomb) and the declared size can differ from the real one."""
    out = bytearray()
    central = bytearray()
    for name, data, crc, size in entries:
        encoded = name.encode("utf-8")
        offset = len(out)
        out += struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0x800, 8, 0, 0x21, crc, len(data), size,
                           len(encoded), 0) + encoded + data
        central += struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0x800, 8, 0, 0x21, crc, len(data), size,
                               len(encoded), 0, 0, 0, 0, 0, offset) + encoded
    out += central + struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(central),
                                 len(out), 0)
    path.write_bytes(bytes(out))
    return path


def entries_of(book: Path, replace: dict[str, bytes] | None = None) -> list[tuple[str, bytes, int, int]]:
    """The entries of a workbook, some replaced by other (uncompressed) data."""
    found = []
    replace = dict(replace or {})
    with zipfile.ZipFile(book) as zf:
        for info in zf.infolist():
            data = replace.pop(info.filename, None)
            data = zf.read(info) if data is None else data
            found.append((info.filename, raw_deflate(data), zlib.crc32(data), len(data)))
    assert not replace, replace
    return found


def sheet_xml(rows: bytes) -> bytes:
    return b'<?xml version="1.0" encoding="UTF-8"?><worksheet ' + NS + b"><sheetData>" + rows + b"</sheetData></worksheet>"


def inline_row(r: int, values: list[str]) -> bytes:
    cells = b"".join(b'<c r="%s%d" t="inlineStr"><is><t>%s</t></is></c>' % (bytes([65 + i]), r, v.encode())
                     for i, v in enumerate(values))
    return b'<row r="%d">%s</row>' % (r, cells)


HEAD_ROWS = inline_row(1, ["附件3"]) + inline_row(2, ["县级试点地区乡镇（街道）、村（社区）名单"]) + inline_row(3, list(COLUMNS))


def spaces_bomb(book: Path, path: Path, gigabytes: int = 2, declared: int | None = None) -> Path:
    """``book`` whose sheet1.xml is the XML start followed by ``gigabytes`` GB of spaces (about 1 MB a GB)."""
    block = b" " * MIB
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    repeat = c.compress(block) + c.flush(zlib.Z_FULL_FLUSH)  # after a full flush every block compresses alike
    end = c.flush(zlib.Z_FINISH)
    start = b'<?xml version="1.0"?><worksheet ' + NS + b"><sheetData>"
    first = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = first.compress(start) + first.flush(zlib.Z_FULL_FLUSH)
    blocks = gigabytes * 1024
    crc = zlib.crc32(start)
    if declared is not None:  # the checksum of what the declared size covers: zipfile's reader accepts that
        crc = zlib.crc32((start + block)[:declared])
    else:
        for _ in range(blocks):
            crc = zlib.crc32(block, crc)
    size = len(start) + blocks * MIB
    entries = [e for e in entries_of(book) if e[0] != SHEET1]
    entries.append((SHEET1, head + repeat * blocks + end, crc,
                    size if declared is None else declared))
    return write_zip(path, entries)


LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
          + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%s;" % (str(i - 1).encode() if i > 1 else b"")) * 10)
                     for i in range(1, 10)) + b"]>")


def with_shared_strings(book: Path, path: Path, shared: bytes, sheet: bytes | None = None) -> Path:
    """``book`` with a shared-string part (and its relationship and content type) and maybe another sheet1.xml."""
    with zipfile.ZipFile(book) as zf:
        types = zf.read("[Content_Types].xml").replace(b"</Types>", (
            b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
            b'officedocument.spreadsheetml.sharedStrings+xml"/></Types>'))
        rels = zf.read("xl/_rels/workbook.xml.rels").replace(b"</Relationships>", (
            b'<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            b'sharedStrings" Target="sharedStrings.xml"/></Relationships>'))
    replace = {"[Content_Types].xml": types, "xl/_rels/workbook.xml.rels": rels}
    if sheet is not None:
        replace[SHEET1] = sheet
    entries = entries_of(book, replace)
    entries.append(("xl/sharedStrings.xml", raw_deflate(shared), zlib.crc32(shared), len(shared)))
    return write_zip(path, entries)


def ole_file(path: Path, streams: list[str]) -> Path:
    """A minimal compound file (OLE, version 3) holding the named streams of 4 KB each."""
    end, free, fat_sect, nostream = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
    per_stream = 8  # 4096-byte streams: 8 sectors of 512 bytes, never in the mini stream
    fat = [fat_sect, end]  # sector 0 the FAT, sector 1 the directory
    for i in range(len(streams)):
        first = 2 + i * per_stream
        fat += [first + k + 1 for k in range(per_stream - 1)] + [end]
    fat += [free] * (128 - len(fat))
    header = struct.pack("<8s16s5H6s9L", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"\0" * 16, 0x3E, 3, 0xFFFE, 9, 6,
                         b"\0" * 6, 0, 1, 1, 0, 4096, end, 0, end, 0)
    header += struct.pack("<L", 0) + struct.pack("<L", free) * 108

    def entry(name: str, kind: int, right: int, child: int, start: int, size: int) -> bytes:
        encoded = (name + "\0").encode("utf-16-le")
        return struct.pack("<64sHBB3L16sL8s8sLQ", encoded, len(encoded), kind, 1, nostream, right, child,
                           b"\0" * 16, 0, b"\0" * 8, b"\0" * 8, start, size)

    directory = entry("Root Entry", 5, nostream, 1, end, 0)
    for i, name in enumerate(streams):
        directory += entry(name, 2, i + 2 if i + 1 < len(streams) else nostream, nostream, 2 + i * per_stream, 4096)
    directory += b"\0" * (512 - len(directory))
    body = b"".join(os.urandom(4096) for _ in streams)
    path.write_bytes(header + struct.pack("<128L", *fat) + directory + body)
    return path


# -- running the import --------------------------------------------------------------------------------
def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


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


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("泸州 数据") / "演示.sqlite"
    assert run("demo", "--db", db).returncode == 0
    return db


@pytest.fixture
def db(seeded: Path, tmp_path: Path) -> Path:
    path = tmp_path / "市 数据" / "演示.sqlite"
    path.parent.mkdir()
    shutil.copy(seeded, path)
    return path


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "收到的 文件"
    path.mkdir()
    return path


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
def test_not_a_zip_and_not_a_workbook(db, folder):
    text = folder / "名单 副本.xlsx"
    text.write_text("市（州）,县（市、区）\n泸州市,合江县\n", encoding="utf-8")
    assert "不是 Excel 工作簿（.xlsx），无法读取" in refused(db, text)
    other = folder / "资料 包.xlsx"
    with zipfile.ZipFile(other, "w") as zf:
        zf.writestr("说明.txt", "不是工作簿")
    assert "是压缩包或其他格式的文件，不是 Excel 工作簿" in refused(db, other)


def test_old_xls_file(db, folder):
    message = refused(db, ole_file(folder / "名单 旧版.xls", ["Workbook"]))
    assert "是旧版 Excel 97-2003 格式（.xls），无法直接读取" in message and "另存为" in message


def test_encrypted_workbook(db, folder):
    path = ole_file(folder / "加密 名单.xlsx", ["EncryptionInfo", "EncryptedPackage"])
    assert "设置了打开密码（已加密），无法读取" in refused(db, path)


def test_zip_bomb_is_refused_before_decompressing(db, folder, tmp_path):
    book = roster_book(tmp_path / "原始.xlsx")
    bomb = spaces_bomb(book, folder / "炸弹 名单.xlsx")
    assert bomb.stat().st_size < 3 * MIB
    message = refused(db, bomb)
    assert "解压后有 2,048 MB（上限 200 MB）" in message and "压缩炸弹" in message


def test_zip_bomb_with_false_sizes(db, folder, tmp_path):
    """The header declares 1 KB (with the checksum of that KB) and the stream goes on for 1 GB."""
    book = roster_book(tmp_path / "原始.xlsx")
    bomb = spaces_bomb(book, folder / "假大小 名单.xlsx", gigabytes=1, declared=1024)
    assert len(zipfile.ZipFile(bomb).read(SHEET1)) == 1024  # zipfile stops there and sees nothing wrong
    message = refused(db, bomb)
    assert "中的“xl/worksheets/sheet1.xml”解压后超过它声明的大小（1,024 字节）" in message and "压缩炸弹" in message


def test_xml_entity_bombs(db, folder, tmp_path):
    book = roster_book(tmp_path / "原始.xlsx")
    shared = LAUGHS + b"<sst " + NS + b' count="1" uniqueCount="1"><si><t>&lol9;</t></si></sst>'
    sheet = sheet_xml(HEAD_ROWS + b'<row r="4"><c r="A4" t="s"><v>0</v></c></row>')
    in_strings = with_shared_strings(book, folder / "实体 炸弹.xlsx", shared, sheet)
    message = refused(db, in_strings)
    assert "“xl/sharedStrings.xml”含有 XML 实体声明" in message
    in_sheet = folder / "实体 炸弹2.xlsx"
    write_zip(in_sheet, entries_of(book, {SHEET1: LAUGHS + sheet_xml(inline_row(1, ["&lol9;"]))}))
    assert "“xl/worksheets/sheet1.xml”含有 XML 实体声明" in refused(db, in_sheet)


def test_shared_string_count_that_would_exhaust_memory(db, folder, tmp_path):
    """calamine reserves memory for the declared count up front: 2 billion strings would abort the process."""
    book = roster_book(tmp_path / "原始.xlsx")
    shared = b"<sst " + NS + b' count="1" uniqueCount="2000000000"><si><t>x</t></si></sst>'
    path = with_shared_strings(book, folder / "字符串表.xlsx", shared)
    assert "共享字符串表声明了 2000000000 个字符串" in refused(db, path)


def test_a_million_rows(db, folder, tmp_path):
    rows = b"".join(b'<row r="%d"><c r="C%d"><v>%d</v></c></row>' % (r, r, r) for r in range(4, 1_000_004))
    path = folder / "百万行 名单.xlsx"
    book = roster_book(tmp_path / "原始.xlsx")
    write_zip(path, entries_of(book, {SHEET1: sheet_xml(HEAD_ROWS + rows)}))
    message = refused(db, path)
    assert "的工作表“Sheet1”超过 200000 行，已停止读取" in message


def test_a_cell_far_away(db, folder, tmp_path):
    """One value at XFD1048576: calamine would build a grid of 17 billion cells."""
    path = folder / "远处 单元格.xlsx"
    book = roster_book(tmp_path / "原始.xlsx")
    far = b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    write_zip(path, entries_of(book, {SHEET1: sheet_xml(HEAD_ROWS + far)}))
    assert "的工作表“Sheet1”超过 200000 行" in refused(db, path)


def test_ten_thousand_columns(db, folder, tmp_path):
    from desktop.exchange.xlsx.cells import column_letter

    wide = b"".join(b'<c r="%s5"><v>%d</v></c>' % (column_letter(c).encode(), c) for c in range(1, 10_001))
    path = folder / "万列 名单.xlsx"
    book = roster_book(tmp_path / "原始.xlsx")
    write_zip(path, entries_of(book, {SHEET1: sheet_xml(HEAD_ROWS + b'<row r="5">' + wide + b"</row>")}))
    message = refused(db, path)
    assert "的工作表“Sheet1”有内容的列多达 10000 列（最远到 NTP 列）" in message


def test_formulas_without_stored_results(db, folder):
    rows = [["附件3"], ["县级试点地区乡镇（街道）、村（社区）名单"], list(COLUMNS),
            ["泸州市", "泸县", '="福集"&"镇"', "中心镇", "大田社区", None]]
    path = roster_book(folder / "公式 名单.xlsx", rows)
    assert "<f>" in zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml").decode()
    message = refused(db, path)
    assert "的工作表“Sheet1”的 C4 单元格是公式，但文件中没有保存公式的计算结果" in message
    assert "请在 Excel 或 WPS 中打开这个文件并保存一次" in message


def test_fifty_megabytes(db, folder, tmp_path):
    """Over the documented cap of 20 MB: refused by its size, before anything is read."""
    book = roster_book(tmp_path / "原始.xlsx")
    path = folder / "大 文件.xlsx"
    shutil.copy(book, path)
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr("xl/media/image1.png", os.urandom(50 * MIB), zipfile.ZIP_STORED)
    message = refused(db, path)
    assert "太大（50 MB，上限 20 MB）" in message


def test_large_valid_file_under_the_cap_is_read_quickly(db, folder, tmp_path):
    """A roster with 15 MB of picture (incompressible, never decompressed) reads in seconds."""
    path = roster_book(folder / "带图片 名单.xlsx")
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr("xl/media/image1.png", os.urandom(15 * MIB), zipfile.ZIP_STORED)
    r, seconds, rss = run_import(db, path)
    assert r.returncode == 0, r.stderr
    assert "附件3：新增 1 个乡镇（街道）" in r.stdout
    assert seconds < MAX_SECONDS
    if rss is not None:
        assert rss < MAX_RSS_MB


def test_chinese_name_with_spaces_is_imported(db, folder):
    path = roster_book(folder / "泸县 附件3 名单（第 2 版）.xlsx")
    before = digest(db)
    r, _seconds, _rss = run_import(db, path)
    assert r.returncode == 0, r.stderr
    assert "“泸县 附件3 名单（第 2 版）.xlsx”的工作表“Sheet1”按附件3" in r.stdout
    assert "附件3：新增 1 个乡镇（街道）" in r.stdout
    assert digest(db) != before
