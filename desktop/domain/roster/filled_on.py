"""A list's 填报时间 as the command line takes it: 附件1=2021-03-26 (附件1= clears it)."""

from __future__ import annotations

from datetime import date

from desktop.domain.dates import format_cn, parse_date
from desktop.domain.model import Level

EXAMPLE = "附件1=2021-03-26"


def parse_filled_on(text: str) -> tuple[Level, date | None]:
    """(list, date or None to clear) from ``附件N=日期``; ValueError with a Chinese message naming what
    is wrong and how to write it."""
    name, sep, value = text.partition("=")
    name, value = name.strip(), value.strip()
    level = next((lv for lv in Level if name in (lv.attachment, str(lv.value), f"{lv.label}试点")), None)
    if not sep or level is None:
        raise ValueError(f"“{text.strip()[:40]}”没有写明是哪个名单：请写成 附件名=日期，如 {EXAMPLE}"
                         "（附件1 省级、附件2 市级、附件3 县级；写 附件1= 清除）")
    if not value:
        return level, None
    parsed = parse_date(value)
    if parsed is None:
        raise ValueError(f"{level.attachment}填报时间“{value[:20]}”不是日期，请写成 2021-03-26 或 2021年3月26日")
    if not 2000 <= parsed.year <= 2100:
        raise ValueError(f"{level.attachment}填报时间“{format_cn(parsed)}”的年份不对，请核对")
    return level, parsed
