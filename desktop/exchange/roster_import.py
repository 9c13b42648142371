"""Read roster workbooks (附件1/2/3) — our own exports and the hand-made files offices send.

Tolerates what people do to the official form: extra title rows, a 序号 column, columns in
another order, half-width brackets and spaces in headers, 市/县 cells merged down, left blank
below or repeated, villages separated by 、，,；; / line breaks or spaces, one village per row,
the 示例： prefix of the notice's sample row. Anything that is not a roster is refused with an
ImportFileError whose Chinese message names the file (and sheet) and says what to do.

openpyxl is imported inside the functions: importing it costs ~0.2 s and the CLI starts fast.
"""

from __future__ import annotations

import re
import time
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..domain.dates import format_cn, parse_date
from ..domain.gazetteer import Gazetteer
from ..domain.matching import resolve_entry
from ..domain.model import COLUMNS, Level, Roster, TownEntry, Village
from ..domain.names import clean_text, compact, split_villages
from .errors import ImportFileError
from .roster_tolerance import SIGNATURE, hinted_header_keys, is_total, strip_enumeration

MAX_ROWS = 200_000  # rows read per sheet before giving up
MAX_COLS = 200  # columns read per row
HEADER_SCAN_ROWS = 30  # the header row must be within the first rows of a sheet
MAX_FILE_BYTES = 100 * 1024 * 1024
BLANK_RUN_END = 1000  # this many blank rows in a row end the data
MAX_SECONDS = 60.0  # per sheet: openpyxl parses every cell of a row, however wide, so cap the time too

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

FIELDS = ("city", "county", "town", "town_type", "villages", "note")

# Header texts after _header_key() (spaces, brackets, 、 and colons removed).
_HEADER_ALIASES: dict[str, set[str]] = {
    "city": {"市州", "市", "地市", "地市州", "市州名称", "所属市州", "市州名"},
    "county": {"县市区", "县区", "区县", "县", "县市", "所属县市区", "县市区名称", "县市区名"},
    "town": {"乡镇街道", "乡镇", "街道", "镇街", "乡镇名称", "乡镇街道名称", "试点乡镇街道", "试点乡镇"},
    "town_type": {"乡镇类型", "类型", "乡镇街道类型"},
    "villages": {"村社区", "村", "社区", "村居", "村社区名称", "试点村社区", "村社区名单", "村社区名"},
    "note": {"备注", "说明", "备注说明"},
    "index": {"序号", "编号", "序"},
}
_HEADER_LOOKUP = {alias: name for name, aliases in _HEADER_ALIASES.items() for alias in aliases}
_HEADER_STRIP = re.compile(r"[\s（）()【】\[\]、，,：:*＊]")

_ATTACHMENT = re.compile(r"附件\s*([1-3１-３一二三])(?![0-9０-９])")
_TITLE = re.compile(r"(省|市|县)级试点")
_LEVEL_WORD = re.compile(r"(省|市|县)级")
_EXAMPLE = re.compile(r"^\s*(示例|样例|例)\s*[：:]\s*")
_ASIDE = r"(?:[（(][^）)]*[）)])?"  # 填报单位（盖章）：
_UNIT = re.compile(r"填报单位\s*" + _ASIDE + r"\s*[：:]?\s*(.*?)\s*(?=(填报|填表)(时间|日期)|$)")
_DATE = re.compile(r"(填报|填表)(时间|日期)\s*" + _ASIDE + r"\s*[：:]?\s*(.*)$")
_FOOTNOTE = re.compile(r"^(填报说明|填表说明|说明\s*[：:]|注\s*[：:]|" + SIGNATURE + ")")
_PLACEHOLDER_TOWN = re.compile(r"(XX|xx|××|ＸＸ)|^[.…。]+$|^(合计|小计|总计)")

_NUMERALS = {"1": 1, "2": 2, "3": 3, "１": 1, "２": 2, "３": 3, "一": 1, "二": 2, "三": 3}
_LEVEL_BY_WORD = {"省": Level.PROVINCIAL, "市": Level.CITY, "县": Level.COUNTY}


@dataclass
class ImportResult:
    rosters: list[Roster] = field(default_factory=list)  # only levels that had data, 附件1→3
    messages: list[str] = field(default_factory=list)  # what was read, skipped or guessed
    units: list[str] = field(default_factory=list)  # 填报单位 found in the files, first-seen order


@dataclass
class _Sheet:
    file: str
    name: str
    level: Level
    reason: str
    filled_on: date | None
    date_text: str
    unit: str
    towns: list[TownEntry]
    notes: list[str]


# -- cells -------------------------------------------------------------------------------------
def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, datetime):
        return format_cn(value.date())
    if isinstance(value, date):
        return format_cn(value)
    return str(value)


def _header_key(value: object) -> str:
    return _HEADER_STRIP.sub("", clean_text(_cell_text(value)))


def _header_name(value: object) -> str | None:
    """The field a header text names; also with a filling hint (村（社区）名称（多个用“、”隔开））."""
    name = _HEADER_LOOKUP.get(_header_key(value))
    if name is None and isinstance(value, str):
        name = next((_HEADER_LOOKUP[k] for k in hinted_header_keys(clean_text(value), _HEADER_STRIP)
                     if k in _HEADER_LOOKUP), None)
    return name


def _find_header(row: tuple) -> dict[str, int] | None:
    """Column index of each field when ``row`` is a roster header row, else None."""
    found: dict[str, int] = {}
    for i, value in enumerate(row):
        if value is None:
            continue
        name = _header_name(value)
        if name is not None and name not in found:
            found[name] = i
    if "town" in found and "villages" in found and ("city" in found or "county" in found):
        return found
    return None


def _excel_date(value: object) -> date | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 20000 < value < 80000:
        from openpyxl.utils.datetime import from_excel

        try:
            return from_excel(value).date()
        except (ValueError, OverflowError):
            return None
    return parse_date(value)


# -- the top of a sheet: 附件N, title, 填报单位, 填报时间 ---------------------------------------------
def _label_value(row: tuple, start: int) -> object:
    """First non-empty cell right of a label that is not itself a label."""
    for value in row[start + 1:]:
        text = compact(_cell_text(value))
        if not text:
            continue
        if text.startswith(("填报单位", "填报时间", "填报日期", "填表时间", "填表日期")):
            return None
        return value
    return None


def _read_top(rows: list[tuple]) -> tuple[str, object, str]:
    """(填报单位, raw 填报时间 value, joined top texts) from the rows above the header."""
    unit = ""
    when: object = None
    texts: list[str] = []
    for row in rows:
        for i, value in enumerate(row):
            text = clean_text(_cell_text(value))
            if not text:
                continue
            texts.append(text)
            flat = compact(text)
            m = _UNIT.search(flat)
            if m and not unit:
                unit = m.group(1) or compact(_cell_text(_label_value(row, i)))
            m = _DATE.search(flat)
            if m and when is None:
                when = m.group(3) or _label_value(row, i)
    return unit, when, "\n".join(texts)


def _level_from_text(text: str) -> Level | None:
    m = _ATTACHMENT.search(compact(text))
    return Level(_NUMERALS[m.group(1)]) if m else None


def _level_from_title(text: str) -> Level | None:
    m = _TITLE.search(compact(text))
    return _LEVEL_BY_WORD[m.group(1)] if m else None


def _level_from_name(text: str) -> Level | None:
    level = _level_from_text(text)
    if level is not None:
        return level
    m = _LEVEL_WORD.search(compact(text))
    return _LEVEL_BY_WORD[m.group(1)] if m else None


def _which_level(top: str, sheet: str, file: str) -> tuple[Level | None, str, list[str]]:
    """The attachment a sheet is, why, and notes when the clues disagree."""
    clues = [
        (_level_from_text(top), "表内“附件N”字样"),
        (_level_from_title(top), "标题"),
        (_level_from_name(sheet), "工作表名"),
        (_level_from_name(file), "文件名"),
    ]
    found = [(lv, why) for lv, why in clues if lv is not None]
    if not found:
        return None, "", []
    level, reason = found[0]
    reason = reason.replace("附件N", level.attachment)
    notes = [f"注意：{why}表明是{lv.attachment}（{lv.label}试点），与{reason}不一致，已按{level.attachment}读取，请核对"
             for lv, why in found[1:3] if lv is not level]
    return level, reason, notes


# -- data rows ---------------------------------------------------------------------------------
def _get(row: tuple, col: int | None) -> object:
    return row[col] if col is not None and col < len(row) else None


def _read_rows(rows: Iterator[tuple], header: dict[str, int], level: Level, first_row: int,
               file: str, sheet: str, gaz: Gazetteer) -> tuple[list[TownEntry], list[str]]:
    towns: list[TownEntry] = []
    notes: list[str] = []
    placeholders = 0
    skipped: list[int] = []
    last_city = last_county = ""
    blank_run = 0
    prev_key: tuple[str, str, str] | None = None
    cols = {f: header.get(f) for f in FIELDS}
    deadline = time.monotonic() + MAX_SECONDS
    for offset, row in enumerate(rows):
        rownum = first_row + offset
        if offset >= MAX_ROWS:
            raise ImportFileError(
                f"文件“{file}”的工作表“{sheet}”超过 {MAX_ROWS} 行，已停止读取。试点名单不会有这么多行，"
                f"请删去多余的行（或把名单部分复制到新文件）后再导入", sheet=sheet)
        if time.monotonic() > deadline:
            raise ImportFileError(
                f"文件“{file}”的工作表“{sheet}”内容过多（读到第 {rownum} 行已超过 {MAX_SECONDS:.0f} 秒），"
                f"已停止读取。请把名单部分复制到新的工作簿后再导入", sheet=sheet)
        first_value = next((v for v in row if v is not None and _cell_text(v).strip()), None)
        if first_value is not None and _FOOTNOTE.match(compact(_cell_text(first_value))):
            break
        if first_value is not None and (_TITLE.search(compact(_cell_text(first_value)))
                                        or _looks_like_header(row, cols)):
            notes.append(f"“{file}”的工作表“{sheet}”第 {rownum} 行起是另一张表，未读取；"
                         f"请把每个附件放在单独的工作表（或文件）中再导入")
            break
        texts = {f: clean_text(_cell_text(_get(row, c))) for f, c in cols.items()}
        if not any(texts[f] for f in FIELDS):
            blank_run += 1
            if blank_run >= BLANK_RUN_END:
                break
            continue
        blank_run = 0
        # The notice's sample row starts with 示例：; a first real row sometimes keeps the prefix.
        for f in FIELDS:
            if texts[f] and _EXAMPLE.match(texts[f]):
                texts[f] = _EXAMPLE.sub("", texts[f])
                break
        city, county, town = compact(texts["city"]), compact(texts["county"]), compact(texts["town"])
        villages = split_villages(strip_enumeration(_cell_text(_get(row, cols["villages"]))))
        if villages and _EXAMPLE.match(villages[0]):
            villages[0] = _EXAMPLE.sub("", villages[0])
        if is_total(city, county) or (town and _PLACEHOLDER_TOWN.search(town)) or (not town and villages and all(
                _PLACEHOLDER_TOWN.search(v) for v in villages)):
            placeholders += 1
            continue
        # Forward fill 市/县 (merged down or left blank below the first row of a block).
        city_filled = False
        if not city and last_city:
            city, city_filled = last_city, True
        if not county and last_county and (city_filled or city == last_city):
            county = last_county
        elif county and city_filled and _county_elsewhere(gaz, city, county):
            city = ""  # the county is of another city: let the gazetteer fill the right one
        if not town:
            if villages and towns and (city, county) == (towns[-1].city, towns[-1].county):
                _merge_into(towns[-1], villages, texts["town_type"], texts["note"])
            else:
                skipped.append(rownum)
            last_city, last_county = city or last_city, county or last_county
            continue
        key = (city, county, town)
        if key == prev_key and towns:
            _merge_into(towns[-1], villages, texts["town_type"], texts["note"])
        else:
            towns.append(TownEntry(level, city=city, county=county, town=town, town_type=texts["town_type"],
                                   note=texts["note"], villages=[Village(v) for v in villages]))
            prev_key = key
        last_city, last_county = city or last_city, county or last_county
    if placeholders:
        notes.append(f"“{file}”的工作表“{sheet}”：跳过了 {placeholders} 行样例或合计行（如“XX 乡镇”）")
    if skipped:
        shown = "、".join(str(r) for r in skipped[:5]) + ("等" if len(skipped) > 5 else "")
        notes.append(f"“{file}”的工作表“{sheet}”：第 {shown} 行没有乡镇（街道），未导入，请核对")
    return towns, notes


def _looks_like_header(row: tuple, cols: dict[str, int | None]) -> bool:
    """A second header row below the data (cheap test first: the town cell holds a header text)."""
    town = _get(row, cols["town"])
    if not isinstance(town, str) or _header_name(town) != "town":
        return False
    return _find_header(tuple(row)) is not None


def _county_elsewhere(gaz: Gazetteer, city: str, county: str) -> bool:
    place = gaz.find("city", city)
    if place is None or gaz.find("county", county, place.code) is not None:
        return False
    return gaz.find("county", county) is not None


def _merge_into(entry: TownEntry, villages: list[str], town_type: str, note: str) -> None:
    """One village per row: the row continues the town above."""
    entry.villages.extend(Village(v) for v in villages)
    if town_type and not entry.town_type:
        entry.town_type = town_type
    if note and note not in entry.note.split("；"):
        entry.note = f"{entry.note}；{note}" if entry.note else note


# -- files -------------------------------------------------------------------------------------
def _refuse_non_xlsx(path: Path) -> None:
    name = path.name
    resave = "请在 Excel 或 WPS 中打开，用“另存为”保存成“Excel 工作簿（*.xlsx）”后再导入"
    if not path.exists():
        raise ImportFileError(f"找不到文件“{name}”，请检查文件是否已被移动或删除", path)
    if path.is_dir():
        raise ImportFileError(f"“{name}”是文件夹，不是 Excel 工作簿，请选择名单文件（.xlsx）", path)
    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise ImportFileError(f"无法打开文件“{name}”（{exc.strerror or exc}）。如果它正在 Excel 或 WPS 中打开，"
                              f"请关闭后重试", path) from exc
    if size == 0:
        raise ImportFileError(f"文件“{name}”是空文件（0 字节），请重新保存或向报送单位重新索取", path)
    if size > MAX_FILE_BYTES:
        raise ImportFileError(f"文件“{name}”太大（{size // (1024 * 1024)} MB），不像是试点名单；"
                              f"请只把名单部分复制到新的工作簿后再导入", path)
    if head.startswith(OLE_MAGIC):
        if _is_encrypted(path):
            raise ImportFileError(
                f"文件“{name}”设置了打开密码（已加密），无法读取。请在 Excel 或 WPS 中打开，"
                f"取消密码后另存为 .xlsx 再导入", path)
        if path.suffix.lower() in (".et", ".ett"):
            raise ImportFileError(f"文件“{name}”是 WPS 表格格式（{path.suffix}），无法直接读取。{resave}", path)
        raise ImportFileError(f"文件“{name}”是旧版 Excel 97-2003 格式（.xls），无法直接读取。{resave}", path)
    if not head.startswith(b"PK"):
        suffix = path.suffix.lower()
        if suffix in (".xls", ".et", ".ett"):
            raise ImportFileError(f"文件“{name}”不是 .xlsx 格式（扩展名为 {path.suffix}）。{resave}", path)
        if suffix in (".csv", ".txt"):
            raise ImportFileError(f"文件“{name}”是文本文件（{path.suffix}），不是 Excel 工作簿。{resave}", path)
        raise ImportFileError(f"文件“{name}”不是 Excel 工作簿（.xlsx），无法读取。{resave}", path)
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ImportFileError(f"文件“{name}”已损坏（不是完整的 .xlsx 文件），无法读取。请向报送单位重新索取，"
                              f"或在 Excel/WPS 中打开后另存为 .xlsx 再导入", path) from exc
    if "xl/workbook.xml" not in names and "content.xml" in names:
        raise ImportFileError(f"文件“{name}”是 OpenDocument 表格（.ods），无法直接读取。{resave}", path)
    if "xl/workbook.xml" not in names:
        kind = "Word 文档" if "word/document.xml" in names else (
            "演示文稿" if "ppt/presentation.xml" in names else "压缩包或其他格式的文件")
        raise ImportFileError(f"文件“{name}”是{kind}，不是 Excel 工作簿。请选择试点名单文件（.xlsx）", path)


def _is_encrypted(path: Path) -> bool:
    """Password-protected xlsx files are OLE containers with an EncryptionInfo stream."""
    marker = "EncryptionInfo".encode("utf-16-le")
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_FILE_BYTES)
    except OSError:
        return False
    return marker in data


def _read_file(path: Path, gaz: Gazetteer) -> tuple[list[_Sheet], list[str]]:
    from openpyxl import load_workbook

    _refuse_non_xlsx(path)
    name = path.name
    sheets: list[_Sheet] = []
    skipped: list[str] = []
    sheet_name = ""
    try:
        with open(path, "rb") as fh, warnings.catch_warnings():
            warnings.simplefilter("ignore")
            # A file object: openpyxl then does not refuse an .xlsx that was renamed to .xls.
            wb = load_workbook(fh, read_only=True, data_only=True)
            try:
                for ws in wb.worksheets:
                    sheet_name = ws.title
                    sheet = _read_sheet(ws, name, path.stem, gaz)
                    if sheet is None:
                        skipped.append(ws.title)
                    else:
                        sheets.append(sheet)
            finally:
                wb.close()
    except ImportFileError as exc:
        exc.path = path
        raise
    except Exception as exc:  # openpyxl raises many kinds of errors on damaged files
        where = f"的工作表“{sheet_name}”" if sheet_name else ""
        raise ImportFileError(
            f"无法读取文件“{name}”{where}：文件已损坏或不是有效的 .xlsx 工作簿（{type(exc).__name__}）。"
            f"请在 Excel 或 WPS 中打开后另存为 .xlsx 再导入", path, sheet_name or None) from exc
    if not sheets:
        listed = "、".join(f"“{s}”" for s in skipped) or "（没有工作表）"
        raise ImportFileError(
            f"文件“{name}”中没有找到试点名单的表头（已查看工作表：{listed}）。名单应有"
            f"“{'、'.join(COLUMNS)}”这一行表头；请确认选择的是附件1/2/3 名单文件", path)
    notes = [f"“{name}”的工作表“{s}”没有名单表头，已跳过" for s in skipped]
    return sheets, notes


def _read_sheet(ws: Any, file: str, stem: str, gaz: Gazetteer) -> _Sheet | None:
    try:
        ws.reset_dimensions()  # WPS declares wrong dimensions; read what is really there
    except AttributeError:
        pass
    rows = ws.iter_rows(max_col=MAX_COLS, values_only=True)
    top: list[tuple] = []
    header = None
    for row in rows:
        top.append(tuple(row))
        header = _find_header(top[-1])
        if header is not None or len(top) >= HEADER_SCAN_ROWS:
            break
    if header is None:
        return None
    above = top[:-1]
    unit, when, top_text = _read_top(above)
    level, reason, notes = _which_level(top_text, ws.title, stem)
    if level is None:
        raise ImportFileError(
            f"文件“{file}”的工作表“{ws.title}”无法确定是哪个附件：缺少标题行（省级/市级/县级试点地区乡镇（街道）、"
            f"村（社区）名单），表内、工作表名和文件名也没有“附件1/2/3”字样。请在表头上方补上标题后再导入",
            sheet=ws.title)
    towns, row_notes = _read_rows(rows, header, level, len(top) + 1, file, ws.title, gaz)
    filled_on = _excel_date(when) if when is not None else None
    date_text = clean_text(_cell_text(when))
    return _Sheet(file, ws.title, level, reason, filled_on, date_text, unit, towns, notes + row_notes)


def read_roster_workbooks(paths: list[Path], gaz: Gazetteer) -> ImportResult:
    """Read roster workbooks; raises ImportFileError (Chinese, naming the file) on a bad file.

    Towns keep file order (files in the given order); every entry is passed through
    desktop.domain.matching.resolve_entry, so names are normalised and codes filled.
    """
    result = ImportResult()
    by_level: dict[Level, Roster] = {}
    dates: dict[Level, list[date]] = {}
    for path in paths:
        path = Path(path)
        sheets, notes = _read_file(path, gaz)
        result.messages.extend(notes)
        for sheet in sheets:
            villages = sum(len(t.villages) for t in sheet.towns)
            level = sheet.level
            if not sheet.towns:
                result.messages.append(f"“{sheet.file}”的工作表“{sheet.name}”（{level.attachment}）没有名单数据")
            else:
                result.messages.append(
                    f"“{sheet.file}”的工作表“{sheet.name}”按{level.attachment}（{level.label}试点，"
                    f"依据{sheet.reason}）读取：{len(sheet.towns)} 个乡镇（街道），{villages} 个村（社区）")
            result.messages.extend(sheet.notes)
            if sheet.unit and sheet.unit not in result.units:
                result.units.append(sheet.unit)
            if sheet.towns:
                if sheet.filled_on is not None:
                    dates.setdefault(level, []).append(sheet.filled_on)
                elif sheet.date_text:
                    result.messages.append(f"“{sheet.file}”的工作表“{sheet.name}”：填报时间“{sheet.date_text}”"
                                           f"无法识别，请导入后在程序中填写")
                roster = by_level.setdefault(level, Roster(level))
                roster.towns.extend(sheet.towns)
    for level in sorted(by_level, key=lambda lv: lv.value):
        roster = by_level[level]
        found = sorted(set(dates.get(level, [])))
        if found:
            roster.filled_on = found[-1]
            if len(found) > 1:
                result.messages.append(f"{level.attachment} 的填报时间不一致（{'、'.join(format_cn(d) for d in found)}），"
                                       f"采用最晚的 {format_cn(found[-1])}")
        for position, entry in enumerate(roster.towns):
            resolve_entry(entry, gaz)
            entry.position = position
        result.rosters.append(roster)
    if result.units:
        result.messages.append(f"填报单位：{'、'.join(result.units)}")
    return result
