"""What is inside a workbook's zip, checked before any parser reads it.

A hostile or broken .xlsx can make a parser run for minutes or exhaust memory: a “zip bomb”
(a small file whose XML expands to gigabytes), an “XML bomb” (entities that expand
exponentially), a sheet whose cells reach row 1,048,576 or column XFD (python-calamine builds a
dense grid of the used range: 32 bytes a cell), a shared-string table that declares two billion
strings (calamine reserves memory for them up front). So, before parsing:

* the zip's entry count, declared uncompressed sizes (total and compression ratio) are capped;
* every XML part is decompressed in chunks (the declared size and CRC are enforced by zipfile)
  and refused when it declares a DTD or entities (Excel and WPS never write one);
* the used range of every worksheet part is measured (cells with content only), with the first
  formula that has no stored result and the error values (#N/A …), for the readers' messages.

Refusals are ImportFileError with a Chinese message naming the file.
"""

from __future__ import annotations

import posixpath
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import chain
from operator import itemgetter
from pathlib import Path
from typing import BinaryIO

from desktop.exchange.errors import ImportFileError
from desktop.exchange.xlsx.cells import column_number
from desktop.exchange.xlsx.guard import ASK_AGAIN, damaged_zip

MIB = 1024 * 1024
MAX_ENTRIES = 5_000  # a workbook has 10-50 parts; hundreds with many pictures
MAX_UNCOMPRESSED = 200 * MIB  # all parts together, as declared; the province roster's sheet is 1.4 MB
MAX_RATIO = 500  # uncompressed ÷ compressed for parts over RATIO_FLOOR (sheet XML 5-100×; a bomb about 1000×)
RATIO_FLOOR = 1 * MIB
MAX_SHARED_STRINGS = 2_000_000
MAX_ERRORS_KEPT = 1_000
CHUNK = 4 * MIB
_KEEP = ("xl/workbook.xml", "xl/_rels/workbook.xml.rels")  # read whole for the sheet names
_SCANNED = (".xml", ".rels", ".vml")

_P = rb"(?:[\w.-]+:)?"  # an optional namespace prefix
_VALUED = re.compile(rb'<c r="([A-Za-z]+)(\d+)"[^>]*(?<!/)>')  # a cell with content (the common form)
_IRREGULAR = re.compile(rb'<(?:c|row)(?! r=")[\s>/]')  # a cell or row without its reference first
_TAG = re.compile(rb"<" + _P + rb"(row|c)\b([^>]*?)(/?)>")
_REF = re.compile(rb"""(?:^|\s)r\s*=\s*["']([A-Za-z]*)(\d*)["']""")
_LAST_ROW = re.compile(rb'<row r="(\d+)"')
_FORMULA = re.compile(
    rb"<" + _P + rb"c\b([^>]*?)>\s*<" + _P + rb"f\b[^>]*?(?:/>|>[^<]*</" + _P + rb"f>)"
    rb"\s*(<" + _P + rb"v\b[^>]*?(?:/>|>([^<]*)</" + _P + rb"v>))?")
_STRING_RESULT = re.compile(rb"""\bt\s*=\s*["']str["']""")
_ERROR = re.compile(rb"""<c\b([^>]*?\bt="e"[^>]*?)>(?:\s*<f\b[^>]*?(?:/>|>[^<]*</f>))?\s*<v>([^<]*)</v>""")
_SST = re.compile(rb"<" + _P + rb"sst\b[^>]*?\buniqueCount\s*=\s*[\"'](\d+)[\"']")


@dataclass
class PartScan:
    """One XML part: the used range of its cells with content, formulas without results, errors."""

    max_row: int = 0  # 1-based; 0 when the part has no cells
    max_col: int = 0
    formula: str | None = None  # first cell (“B5”, or "" without a reference) whose formula has no stored result
    errors: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, col) → “#N/A”

    @property
    def cells(self) -> int:
        """The cells of the dense grid a reader builds (from A1 to the last cell with content)."""
        return self.max_row * self.max_col


@dataclass
class WorkbookScan:
    parts: dict[str, PartScan]
    sheet_parts: dict[str, str]  # sheet name → part name (from xl/workbook.xml and its relationships)

    def sheet(self, name: str) -> PartScan:
        """The scan of a sheet; for a sheet whose part is unknown the largest of all, so no cap is missed."""
        part = self.parts.get(self.sheet_parts.get(name, ""))
        if part is not None:
            return part
        parts = list(self.parts.values())
        return PartScan(max((p.max_row for p in parts), default=0), max((p.max_col for p in parts), default=0),
                        next((p.formula for p in parts if p.formula is not None), None))


class _Cells:
    """The used range of a part's cells, fed in chunks in order, as calamine will build it."""

    def __init__(self, scan: PartScan) -> None:
        self.scan = scan
        self.row = 0
        self.col = 0

    def feed(self, data: bytes) -> None:
        if self._simple(data):
            refs = _VALUED.findall(data)
            if refs:
                self._extend(max(map(int, map(itemgetter(1), refs))),
                             max(column_number(c.decode()) for c in set(map(itemgetter(0), refs))))
            last = data.rfind(b'<row r="')
            if last >= 0 and (m := _LAST_ROW.match(data, last)):
                self.row = int(m.group(1))
        else:
            self._tokens(data)
        if self.scan.formula is None and (b"<f" in data or b":f" in data):
            self._formulas(data)
        if b't="e"' in data and len(self.scan.errors) < MAX_ERRORS_KEPT:
            for attrs, value in _ERROR.findall(data):
                ref = _REF.search(attrs)
                if ref and ref.group(1) and ref.group(2):
                    self.scan.errors[(int(ref.group(2)), column_number(ref.group(1).decode()))] = value.decode(
                        "utf-8", "replace")

    @staticmethod
    def _simple(data: bytes) -> bool:
        """Every row and cell carries its reference first and no element has a prefix (Excel, WPS, openpyxl)."""
        return (_IRREGULAR.search(data) is None
                and b":c " not in data and b":c>" not in data and b":row" not in data)

    def _tokens(self, data: bytes) -> None:
        """Rows and cells one by one: references where given, else the next position (as calamine does)."""
        for kind, attrs, closed in _TAG.findall(data):
            ref = _REF.search(attrs)
            if kind == b"row":
                self.row = int(ref.group(2)) if ref and ref.group(2) else self.row + 1
                self.col = 0
                continue
            if ref and ref.group(1):
                self.col = column_number(ref.group(1).decode())
                if ref.group(2):
                    self.row = int(ref.group(2))
            else:
                self.col += 1
            if not closed:
                self._extend(self.row, self.col)

    def _extend(self, row: int, col: int) -> None:
        self.scan.max_row = max(self.scan.max_row, row)
        self.scan.max_col = max(self.scan.max_col, col)

    def _formulas(self, data: bytes) -> None:
        for m in _FORMULA.finditer(data):
            attrs, value_element, value = m.group(1), m.group(2), m.group(3)
            if value_element is not None and (value or "").strip():
                continue
            if value_element is not None and _STRING_RESULT.search(attrs):
                continue  # a formula whose result is the empty text
            ref = _REF.search(attrs)
            self.scan.formula = (ref.group(1) + ref.group(2)).decode() if ref else ""
            return


def _cut(data: bytes) -> int:
    """Where a chunk may end: after the last closed row, else after the last tag."""
    end = data.rfind(b"row>")
    if end >= 0:
        start = data.rfind(b"<", 0, end)
        if start >= 0 and data[start + 1:start + 2] == b"/":
            return end + 4
    return data.rfind(b">") + 1


def _bomb(path: Path, detail: str) -> ImportFileError:
    return ImportFileError(f"文件“{path.name}”{detail}，不像是正常的 Excel 工作簿（可能是恶意构造的“压缩炸弹”），"
                           f"已拒绝读取。{ASK_AGAIN}", path)


def _inflate(raw: BinaryIO, info: zipfile.ZipInfo, path: Path) -> Iterator[bytes]:
    """The data of a zip entry in chunks, never more than its declared size.

    Not zipfile's reader: it stops at the declared size without noticing that the stream goes on
    (a bomb whose header declares 1 KB and whose checksum is that of the first KB passes it).
    """
    raw.seek(info.header_offset)
    local = raw.read(30)
    if len(local) < 30 or local[:4] != b"PK\x03\x04" or info.flag_bits & 1:
        raise zipfile.BadZipFile(f"bad local header or encrypted entry: {info.filename}")
    name_length, extra_length = struct.unpack("<HH", local[26:30])
    raw.seek(info.header_offset + 30 + name_length + extra_length)
    left = info.compress_size
    total = crc = 0
    if info.compress_type == zipfile.ZIP_STORED:
        inflater = None
    elif info.compress_type == zipfile.ZIP_DEFLATED:
        inflater = zlib.decompressobj(-15)
    else:
        raise NotImplementedError(f"compression method {info.compress_type}")
    pending = b""
    while True:
        if inflater is None or (not pending and left > 0):
            if left <= 0:
                break
            pending = raw.read(min(CHUNK, left))
            if not pending:
                raise EOFError(info.filename)
            left -= len(pending)
        if inflater is None:
            out, pending = pending, b""
        else:
            out = inflater.decompress(pending, CHUNK)  # also what zlib still holds when the input is used up
            pending = inflater.unconsumed_tail
        total += len(out)
        if total > info.file_size:
            raise _bomb(path, f"中的“{info.filename}”解压后超过它声明的大小（{info.file_size:,} 字节）")
        crc = zlib.crc32(out, crc)
        if out:
            yield out
        if inflater is not None and (inflater.eof or (not out and not pending and left <= 0)):
            break
    if total != info.file_size or crc != info.CRC or (inflater is not None and not inflater.eof):
        raise zipfile.BadZipFile(f"size or checksum of {info.filename} does not match")


def _scan_part(raw: BinaryIO, info: zipfile.ZipInfo, path: Path, kept: dict[str, bytes]) -> PartScan:
    scan = PartScan()
    cells = _Cells(scan)
    keep = info.filename in _KEEP and info.file_size <= 4 * MIB
    whole: list[bytes] = []
    carry = b""
    first = True
    for chunk in chain(_inflate(raw, info, path), [b""]):
        data = carry + chunk
        if first:
            first = False
            m = _SST.search(data, 0, 4096)
            if m and int(m.group(1)) > MAX_SHARED_STRINGS:
                raise ImportFileError(
                    f"文件“{path.name}”的共享字符串表声明了 {int(m.group(1))} 个字符串（上限 {MAX_SHARED_STRINGS}），"
                    f"文件已损坏或是恶意构造的，已拒绝读取。{ASK_AGAIN}", path)
        if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
            raise ImportFileError(
                f"文件“{path.name}”中的“{info.filename}”含有 XML 实体声明（DOCTYPE/ENTITY），Excel 和 WPS "
                f"不会写出这样的内容（可能是恶意构造的“XML 炸弹”），已拒绝读取。{ASK_AGAIN}", path)
        if not chunk:
            if data:
                cells.feed(data)
            break
        end = _cut(data)
        if end == 0 and len(data) > CHUNK:  # no tag in a whole chunk: keep only what a marker could span
            end = len(data) - 16
        cells.feed(data[:end])
        if keep:
            whole.append(data[:end])
        carry = data[end:]
    if keep:
        kept[info.filename] = b"".join(whole) + carry
    return scan


def _entry_count(path: Path) -> int | None:
    """The entry count of the zip's end record, read before zipfile builds its directory (None: unknown)."""
    with open(path, "rb") as fh:
        fh.seek(0, 2)
        size = fh.tell()
        fh.seek(max(0, size - 65_557))
        tail = fh.read()
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) < at + 22:
        return None
    count = struct.unpack("<H", tail[at + 10:at + 12])[0]
    return None if count == 0xFFFF else count


def _sheet_parts(kept: dict[str, bytes]) -> dict[str, str]:
    """Sheet name → part name, resolved like calamine does; {} when the workbook part cannot be read."""
    from defusedxml import ElementTree

    try:
        book = ElementTree.fromstring(kept["xl/workbook.xml"])
        rels = ElementTree.fromstring(kept["xl/_rels/workbook.xml.rels"])
    except Exception:  # noqa: BLE001 - a part that does not parse leaves every cap on the largest part
        return {}
    targets = {el.get("Id"): el.get("Target") or "" for el in rels.iter() if el.tag.endswith("Relationship")}
    found: dict[str, str] = {}
    for el in book.iter():
        if not el.tag.endswith("}sheet"):
            continue
        rid = next((v for k, v in el.attrib.items() if k.endswith("}id")), None)
        target = targets.get(rid, "")
        if target.startswith("/"):
            part = target[1:]
        elif target.startswith("xl/"):
            part = target
        else:
            part = posixpath.normpath("xl/" + target)
        found[el.get("name") or ""] = part
    return found


def scan_workbook(path: Path) -> WorkbookScan:
    """Check the zip and its XML parts of ``path`` (an .xlsx); raises ImportFileError, never anything else."""
    try:
        count = _entry_count(path)
        if count is not None and count > MAX_ENTRIES:
            raise _bomb(path, f"含有 {count} 个部件（上限 {MAX_ENTRIES}）")
        with zipfile.ZipFile(path) as zf, open(path, "rb") as raw:
            infos = zf.infolist()
            if len(infos) > MAX_ENTRIES:
                raise _bomb(path, f"含有 {len(infos)} 个部件（上限 {MAX_ENTRIES}）")
            total = sum(i.file_size for i in infos)
            if total > MAX_UNCOMPRESSED:
                raise _bomb(path, f"解压后有 {total / MIB:,.0f} MB（上限 {MAX_UNCOMPRESSED // MIB} MB）")
            for i in infos:
                if i.file_size > RATIO_FLOOR and i.file_size > MAX_RATIO * max(i.compress_size, 1):
                    raise _bomb(path, f"中的“{i.filename}”压缩比异常（{i.file_size / max(i.compress_size, 1):,.0f} 倍，"
                                      f"正常的工作簿不超过 {MAX_RATIO} 倍）")
            kept: dict[str, bytes] = {}
            parts = {i.filename: _scan_part(raw, i, path, kept) for i in infos
                     if not i.is_dir() and i.filename.lower().endswith(_SCANNED)}
    except ImportFileError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, zlib.error,
            NotImplementedError, RuntimeError, struct.error) as exc:
        raise damaged_zip(path) from exc
    return WorkbookScan(parts, _sheet_parts(kept))
