"""Dates as Chinese offices write them: 2021年3月25日."""

from __future__ import annotations

import re
from datetime import date, datetime

_CN = re.compile(r"^\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?\s*$")
_HALF = str.maketrans("０１２３４５６７８９－．／", "0123456789-./")  # as a Chinese input method types them
_ISO = re.compile(r"^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?\s*$")


def format_cn(value: date | None) -> str:
    if value is None:
        return ""
    return f"{value.year}年{value.month}月{value.day}日"


def parse_date(value: object) -> date | None:
    """Parse 2021年3月25日, 2021-03-25, 2021/3/25, 2021.3.25 or a date/datetime; None if not a date."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).translate(_HALF)
    m = _CN.match(text) or _ISO.match(text)
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


_PARTS = re.compile(r"\d+")


def typed_date_problem(typed: str) -> str:
    """Why a typed year, month and day (2021.2.30, 2021-13-5, 2021年2月30日) is no date; '' when it
    is one, or when the typing was not a whole date."""
    parts = _PARTS.findall(typed.translate(_HALF))
    if len(parts) != 3 or len(parts[0]) != 4:
        return ""
    year, month, day = (int(p) for p in parts)
    if not 1 <= month <= 12:
        return f"中月份 {month} 不存在"
    try:
        date(year, month, day)
    except ValueError:
        return f"中 {month} 月没有 {day} 日"
    return ""


def why_not_a_date(typed: str) -> str:
    """What a text that is no date is said to be: 中 2 月没有 30 日, 中月份 13 不存在, or 不是日期."""
    return typed_date_problem(typed) or "不是日期"


def parse_day(text: str, label: str, how: str, shown: int | None = None) -> date | None:
    """A day someone typed (None when nothing is); ValueError naming ``label`` when it is no date (saying
    to write it ``how``; the first ``shown`` characters of the text shown) or its year is not 2000–2100."""
    value = text.strip()
    if not value:
        return None
    parsed = parse_date(value)
    if parsed is None:
        raise ValueError(f"{label}“{value[:shown]}”{why_not_a_date(value)}，请写成 {how}")
    if not 2000 <= parsed.year <= 2100:
        raise ValueError(f"{label}“{format_cn(parsed)}”的年份不对，请核对")
    return parsed


def format_moment(value: datetime | str | None, *, seconds: bool = False) -> str:
    """A moment as offices write it: 2021年3月25日 14:03 (with ``seconds``: 14:03:05). An ISO text is
    read first; a text that is not a moment comes back as it is."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return value
    return f"{format_cn(value.date())} {value:%H:%M:%S}" if seconds else f"{format_cn(value.date())} {value:%H:%M}"
