"""Hostile and broken workbooks, built byte by byte: zip bombs from repeated deflate blocks, zips whose
declared sizes lie, XML entity bombs, sheets written straight as XML (a million rows, a cell far away),
a minimal OLE container (an encrypted workbook, an old .xls). Used by the hostile files and values tests."""

from __future__ import annotations

import os
import struct
import zipfile
import zlib
from pathlib import Path

from desktop.domain.model import COLUMNS

SHEET1 = "xl/worksheets/sheet1.xml"
NS = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
MIB = 1024 * 1024


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
