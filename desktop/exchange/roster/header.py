"""Where a roster sheet's data is and which attachment it is: the header row (its texts in any
order, with brackets, spaces and filling hints), the rows above it (附件N, the title, 填报单位,
填报时间) and the sheet and file names."""

from __future__ import annotations

import re
from datetime import date, timedelta

from desktop.domain.dates import parse_date
from desktop.domain.model import Level
from desktop.domain.names import clean_text, compact
from desktop.exchange.roster.tolerance import hinted_header_keys
from desktop.exchange.xlsx.cells import cell_text

# Header texts after header_key() (spaces, brackets, 、 and colons removed).
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
TITLE = re.compile(r"(省|市|县)级试点")
_LEVEL_WORD = re.compile(r"(省|市|县)级")
_ASIDE = r"(?:[（(][^）)]*[）)])?"  # 填报单位（盖章）：
_UNIT = re.compile(r"填报单位\s*" + _ASIDE + r"\s*[：:]?\s*(.*?)\s*(?=(填报|填表)(时间|日期)|$)")
_DATE = re.compile(r"(填报|填表)(时间|日期)\s*" + _ASIDE + r"\s*[：:]?\s*(.*)$")

_NUMERALS = {"1": 1, "2": 2, "3": 3, "１": 1, "２": 2, "３": 3, "一": 1, "二": 2, "三": 3}
_LEVEL_BY_WORD = {"省": Level.PROVINCIAL, "市": Level.CITY, "县": Level.COUNTY}
_EXCEL_EPOCH = date(1899, 12, 30)  # day 0 of Excel's 1900 date system (serials after 1900-03-01)


# -- the header row ----------------------------------------------------------------------------
def _header_key(value: object) -> str:
    return _HEADER_STRIP.sub("", clean_text(cell_text(value)))


def header_name(value: object) -> str | None:
    """The field a header text names; also with a filling hint (村（社区）名称（多个用“、”隔开））."""
    name = _HEADER_LOOKUP.get(_header_key(value))
    if name is None and isinstance(value, str):
        name = next((_HEADER_LOOKUP[k] for k in hinted_header_keys(clean_text(value), _HEADER_STRIP)
                     if k in _HEADER_LOOKUP), None)
    return name


def may_name_town(text: str) -> bool:
    """A cheap test before header_name(): every header text of the town column has one of these."""
    key = _HEADER_STRIP.sub("", text)
    return "乡镇" in key or "街道" in key or "镇街" in key


def find_header(row: tuple) -> dict[str, int] | None:
    """Column index of each field when ``row`` is a roster header row, else None."""
    found: dict[str, int] = {}
    for i, value in enumerate(row):
        if value is None or value == "":
            continue
        name = header_name(value)
        if name is not None and name not in found:
            found[name] = i
    if "town" in found and "villages" in found and ("city" in found or "county" in found):
        return found
    return None


def excel_date(value: object) -> date | None:
    """A date from a cell: a date, a text such as 2021年3月26日, or an Excel serial number."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 20000 < value < 80000:
        return _EXCEL_EPOCH + timedelta(days=int(value))
    return parse_date(value)


# -- the top of a sheet: 附件N, title, 填报单位, 填报时间 ---------------------------------------------
def _label_value(row: tuple, start: int) -> object:
    """First non-empty cell right of a label that is not itself a label."""
    for value in row[start + 1:]:
        text = compact(cell_text(value))
        if not text:
            continue
        if text.startswith(("填报单位", "填报时间", "填报日期", "填表时间", "填表日期")):
            return None
        return value
    return None


def read_top(rows: list[tuple]) -> tuple[str, object, str]:
    """(填报单位, raw 填报时间 value, joined top texts) from the rows above the header."""
    unit_name = ""
    when: object = None
    texts: list[str] = []
    for row in rows:
        for i, value in enumerate(row):
            text = clean_text(cell_text(value))
            if not text:
                continue
            texts.append(text)
            flat = compact(text)
            m = _UNIT.search(flat)
            if m and not unit_name:
                unit_name = m.group(1) or compact(cell_text(_label_value(row, i)))
            m = _DATE.search(flat)
            if m and when is None:
                when = m.group(3) or _label_value(row, i)
    return unit_name, when, "\n".join(texts)


# -- which attachment --------------------------------------------------------------------------
def _level_from_text(text: str) -> Level | None:
    m = _ATTACHMENT.search(compact(text))
    return Level(_NUMERALS[m.group(1)]) if m else None


def _level_from_title(text: str) -> Level | None:
    m = TITLE.search(compact(text))
    return _LEVEL_BY_WORD[m.group(1)] if m else None


def _level_from_name(text: str) -> Level | None:
    level = _level_from_text(text)
    if level is not None:
        return level
    m = _LEVEL_WORD.search(compact(text))
    return _LEVEL_BY_WORD[m.group(1)] if m else None


def which_level(top: str, sheet: str, file: str) -> tuple[Level | None, str, list[str]]:
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
