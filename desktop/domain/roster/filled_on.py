"""A list's 填报时间 as the command line takes it: 附件1=2021-03-26 (附件1= clears it)."""

from __future__ import annotations

from datetime import date

from desktop.domain.dates import parse_day
from desktop.domain.model import Level
from desktop.domain.names import clean_text

EXAMPLE = "附件1=2021-03-26"


def parse_filled_on(text: str) -> tuple[Level, date | None]:
    """(list, date or None to clear) from ``附件N=日期``; ValueError with a Chinese message naming what
    is wrong and how to write it."""
    name, sep, value = clean_text(text).replace("＝", "=").partition("=")  # full-width 附件１＝ as typed in Chinese
    name, value = name.replace(" ", ""), value.strip()
    level = next((lv for lv in Level if name in (lv.attachment, str(lv.value), f"{lv.label}试点")), None)
    if not sep or level is None:
        raise ValueError(f"“{text.strip()[:40]}”没有写明是哪个名单：请写成 附件名=日期，如 {EXAMPLE}"
                         "（附件1 省级、附件2 市级、附件3 县级；写 附件1= 清除）")
    return level, parse_day(value, f"{level.attachment}填报时间", "2021-03-26 或 2021年3月26日", 20)
