"""The data rows of a roster sheet, below its header: one town per row or one village per row,
市/县 merged down, left blank or repeated, sample and total rows, a footnote or a second table
below. Text that cannot be stored (control characters, longer than desktop.domain.text_rules
allows) and error values (#N/A) refuse the whole file, naming the sheet, row and column."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

from desktop.domain.model import COLUMNS, Level, TownEntry, Village
from desktop.domain.names import clean_text, compact, has_control_chars, split_villages
from desktop.domain.places.gazetteer import Gazetteer
from desktop.domain.text_rules import LIMITS, text_problem
from desktop.exchange.errors import ImportFileError
from desktop.exchange.roster.header import TITLE, find_header, header_name, may_name_town
from desktop.exchange.roster.tolerance import SIGNATURE, is_total, strip_enumeration
from desktop.exchange.xlsx.cells import cell_text, column_letter

FIELDS = ("city", "county", "town", "town_type", "villages", "note")
FIELD_TITLES = dict(zip(FIELDS, COLUMNS, strict=True))
TEXT_KINDS = {"city": "name", "county": "name", "town": "name", "town_type": "name", "note": "note"}

_EXAMPLE = re.compile(r"^\s*(示例|样例|例)\s*[：:]\s*")
_NAMED = [f for f in FIELDS if f != "note"]  # where a sample row's 示例： prefix is taken off
_FOOTNOTE = re.compile(r"^(填报说明|填表说明|说明\s*[：:]|注\s*[：:]|" + SIGNATURE + ")")
_PLACEHOLDER_TOWN = re.compile(r"(XX|xx|××|ＸＸ)|^[.…。]+$|^(合计|小计|总计)")


@dataclass
class SheetRows:
    """Where the rows come from (for the messages) and the caps of reading them."""

    file: str
    sheet: str
    max_rows: int
    max_seconds: float
    blank_run_end: int
    errors: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, col) 1-based → “#N/A”
    # a cell under the first one of a range merged down one column (row, col 1-based) → that first cell
    merged: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)

    def fail(self, row: int, col: int, field_name: str, what: str) -> ImportFileError:
        return ImportFileError(f"文件“{self.file}”的工作表“{self.sheet}”第 {row} 行 {column_letter(col + 1)} 列"
                               f"（{FIELD_TITLES[field_name]}）{what}", sheet=self.sheet)


MERGED_FIELDS = ("town_type", "note")  # merged down over several towns: each of them has it


def _fill_merged(texts: dict[str, str], cols: dict[str, int | None], rownum: int,
                 merged: dict[tuple[int, int], tuple[int, int]], seen: dict[tuple[int, int], str]) -> None:
    """A 乡镇类型 or 备注 cell merged down over several towns holds its text in its first cell only (what
    Excel and WPS write): the towns below it get the same text."""
    for f in MERGED_FIELDS:
        c = cols[f]
        if c is None:
            continue
        at = (rownum, c + 1)
        if texts[f]:
            seen[at] = texts[f]
        elif at in merged:
            texts[f] = seen.get(merged[at], "")


def _get(row: tuple, col: int | None) -> object:
    return row[col] if col is not None and col < len(row) else None


def _first_text(row: tuple) -> str | None:
    for value in row:
        if value is None or value == "":
            continue
        text = cell_text(value)
        if text.strip():
            return text
    return None


def _check_texts(row: tuple, cols: dict[str, int | None], texts: dict[str, str], villages: list[str], rownum: int,
                 where: SheetRows) -> None:
    """Refuse what typing refuses (desktop.domain.text_rules.text_problem): control characters,
    over-long text. A cell's line breaks (Alt+Enter) count as spaces."""
    raws = [row[c] for c in cols.values() if c is not None and c < len(row) and isinstance(row[c], str)]
    controls = has_control_chars("".join(raws))  # one search for the row; the cell is found only when needed
    for f, c in cols.items():
        if c is None or c >= len(row):
            continue
        raw = row[c]
        control = text_problem(raw) if controls and isinstance(raw, str) and has_control_chars(raw) else None
        if control is not None:
            raise where.fail(rownum, c, f, f"{control.what}（多是从网页或其他系统复制来的），"
                                           "请在 Excel 或 WPS 中删除后再导入")
        kind = TEXT_KINDS.get(f)
        # the cleaned text (示例： does not count): its line breaks are spaces now and the raw cell was
        # checked for control characters, so only a text longer than its limit can be refused
        text = texts[f]
        problem = text_problem(text, kind) if kind and len(text) > LIMITS[kind] else None
        if problem is not None:
            raise where.fail(rownum, c, f, f"{problem.what}，请精简后再导入")
    limit = LIMITS["village"]
    for name in villages:
        # split_villages leaves no white space and the raw cell was checked for control characters
        # above: only a name longer than the limit can be refused (most of 34,412 are not)
        if len(name) > limit and text_problem(name, "village") is not None:
            raise where.fail(rownum, cols["villages"] or 0, "villages",
                             f"中的“{name[:12]}…”过长（{len(name)} 个字），每个村（社区）名称最多 {limit} 个字；"
                             f"多个村（社区）请用“、”隔开，改正后再导入")


def _check_errors(cols: dict[str, int | None], rownum: int, where: SheetRows) -> None:
    for f, c in cols.items():
        if c is not None and (error := where.errors.get((rownum, c + 1))) is not None:
            raise where.fail(rownum, c, f, f"是错误值“{error}”（公式出错），请在 Excel 或 WPS 中改正后再导入")


def read_rows(rows: Iterator[tuple], header: dict[str, int], level: Level, first_row: int,
              where: SheetRows, gaz: Gazetteer) -> tuple[list[TownEntry], list[str]]:
    """The towns of the rows below the header (``first_row`` is the sheet row of the first one)."""
    file, sheet = where.file, where.sheet
    towns: list[TownEntry] = []
    notes: list[str] = []
    placeholders = 0
    skipped: list[int] = []
    last_city = last_county = ""
    blank_run = 0
    prev_key: tuple[str, str, str] | None = None
    cols = {f: header.get(f) for f in FIELDS}
    merged_texts: dict[tuple[int, int], str] = {}  # the first cells of merged ranges, as read
    deadline = time.monotonic() + where.max_seconds
    for offset, row in enumerate(rows):
        rownum = first_row + offset
        if offset >= where.max_rows:
            raise ImportFileError(
                f"文件“{file}”的工作表“{sheet}”超过 {where.max_rows} 行，已停止读取。试点名单不会有这么多行，"
                f"请删去多余的行（或把名单部分复制到新文件）后再导入", sheet=sheet)
        if time.monotonic() > deadline:
            raise ImportFileError(
                f"文件“{file}”的工作表“{sheet}”内容过多（读到第 {rownum} 行已超过 {where.max_seconds:.0f} 秒），"
                f"已停止读取。请把名单部分复制到新的工作簿后再导入", sheet=sheet)
        if where.errors:
            _check_errors(cols, rownum, where)
        first = _first_text(row)
        if first is not None:
            flat = compact(first)
            if _FOOTNOTE.match(flat):
                break
            if TITLE.search(flat) or _looks_like_header(row, cols):
                notes.append(f"“{file}”的工作表“{sheet}”第 {rownum} 行起是另一张表，未读取；"
                             f"请把每个附件放在单独的工作表（或文件）中再导入")
                break
        texts = {f: clean_text(cell_text(_get(row, c))) for f, c in cols.items()}
        if not any(texts.values()):
            blank_run += 1
            if blank_run >= where.blank_run_end:
                break
            continue
        blank_run = 0
        if where.merged:
            _fill_merged(texts, cols, rownum, where.merged, merged_texts)
        # The notice's sample row starts with 示例：; a first real row sometimes keeps the prefix (in a
        # name: a 备注 may begin with 例： as written, 例：每周二集中办理)
        if "例" in "".join(texts.values()):
            for f in _NAMED:
                if texts[f] and _EXAMPLE.match(texts[f]):
                    texts[f] = _EXAMPLE.sub("", texts[f])
                    break
        # compact() of a cleaned text: its white space is single spaces only
        city, county, town = (texts[f].replace(" ", "") for f in ("city", "county", "town"))
        villages = split_villages(strip_enumeration(cell_text(_get(row, cols["villages"]))), cleaned=True)
        if villages and _EXAMPLE.match(villages[0]):
            villages[0] = _EXAMPLE.sub("", villages[0])
        if is_total(city, county) or (town and _PLACEHOLDER_TOWN.search(town)) or (not town and villages and all(
                _PLACEHOLDER_TOWN.search(v) for v in villages)):
            placeholders += 1
            continue
        _check_texts(row, cols, texts, villages, rownum, where)
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
    if not isinstance(town, str) or not may_name_town(town) or header_name(town) != "town":
        return False
    return find_header(tuple(row)) is not None


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
