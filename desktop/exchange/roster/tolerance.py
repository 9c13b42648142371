"""More of what people do to the official form, kept apart from the reader's main loop.

- header texts with a filling hint: 村（社区）名称（多个用“、”隔开）, 乡镇类型（下拉选择）;
- villages numbered inside the cell: 1.木广社区 2.进宝村, ①良石坪社区②白沙社区, （1）大田社区;
- signature lines under the list: 填表人：, 联系电话：, 单位负责人（签字）：;
- total rows whose 合计 sits in the 市 or 县 column.
"""

from __future__ import annotations

import re

from desktop.domain.names import clean_text_keep_lines

# A bracketed hint at the end of a header text.
_TRAILING_HINT = re.compile(r"[（(][^（）()]*[）)]\s*$")
_NAME_SUFFIXES = ("名称", "名单", "名")

# 1. 1、 1． (1) （1） ① at the start of the cell or after a separator.
_ENUMERATOR = re.compile(r"(?:^|(?<=[\s、，,；;/／]))(?:[（(]\d{1,3}[）)]|\d{1,3}\s*[.．、）)](?!\d))\s*")
_CIRCLED = re.compile(r"[\u2460-\u2473\u2776-\u277f]")  # ①-⑳ ❶-❿

SIGNATURE = r"填表人|填报人|制表人|审核人|联系人|联系电话|单位负责人|负责人|分管领导|主要领导|审批人"
_TOTAL = re.compile(r"^(合计|小计|总计|共计)")


def hinted_header_keys(text: str, strip: re.Pattern[str]) -> list[str]:
    """Header keys to try after the exact one: without trailing hints, then without 名称."""
    keys: list[str] = []
    rest = text
    while (m := _TRAILING_HINT.search(rest)) and m.start() > 0:
        rest = rest[: m.start()]
        keys.append(strip.sub("", rest))
    for key in [strip.sub("", text), *keys]:
        for suffix in _NAME_SUFFIXES:
            if key.endswith(suffix) and len(key) > len(suffix):
                keys.append(key[: -len(suffix)])
    return keys


def strip_enumeration(cell: str) -> str:
    """Turn numbering inside a 村（社区） cell into separators (1.甲村 2.乙村 → 甲村、乙村). The cell is
    cleaned (``clean_text_keep_lines``) and only line breaks are put in: ``split_villages(…, cleaned=True)``."""
    text = clean_text_keep_lines(cell)
    if not text:
        return text
    text = _CIRCLED.sub("\n", text)
    return _ENUMERATOR.sub("\n", text)


def is_total(*values: str) -> bool:
    """A 合计/小计 row: the word sits in any of the 市、县、乡镇 cells."""
    return any(_TOTAL.match(v) for v in values if v)
