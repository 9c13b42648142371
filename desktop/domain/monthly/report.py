"""The monthly report (月报) of one reporting unit for one month, and the month value type."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date

from desktop.domain.names import clean_text
from desktop.domain.numbers import is_number

STATUSES: tuple[str, ...] = ("draft", "checked", "exported")
STATUS_LABELS: dict[str, str] = {"draft": "草稿", "checked": "已校验", "exported": "已导出"}

# Header fields of the report as (attribute of MonthlyReport, label); all are required.
HEADER_FIELDS: tuple[tuple[str, str], ...] = (
    ("region", "填报单位"),
    ("reporter", "填报人"),
    ("phone", "联系电话"),
    ("reviewer", "审核人"),
    ("filled_on", "填报日期"),
)

_QUARTERS = ("第一季度", "第二季度", "第三季度", "第四季度")
_YM = re.compile(r"^\s*(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*月?\s*$")


@dataclass(frozen=True, order=True)
class YearMonth:
    """A report month. ``label`` → 2021年4月, ``iso`` → 2021-04 (also ``str()``)."""

    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise ValueError(f"月份应为 1-12：{self.month}")
        if not 1 <= self.year <= 9999:
            raise ValueError(f"年份不正确：{self.year}")

    @classmethod
    def parse(cls, text: str) -> YearMonth:
        """2021-04, 2021-4, 2021/04, 2021.4 or 2021年4月 (full-width digits too)."""
        m = _YM.match(clean_text(text))
        if not m:
            raise ValueError(f"不是有效的月份：{text!r}（应如 2021-04）")
        return cls(int(m.group(1)), int(m.group(2)))

    @classmethod
    def of(cls, day: date) -> YearMonth:
        return cls(day.year, day.month)

    @property
    def label(self) -> str:
        return f"{self.year}年{self.month}月"

    @property
    def iso(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def __str__(self) -> str:
        return self.iso

    def prev(self) -> YearMonth:
        return YearMonth(self.year - 1, 12) if self.month == 1 else YearMonth(self.year, self.month - 1)

    def next(self) -> YearMonth:
        return YearMonth(self.year + 1, 1) if self.month == 12 else YearMonth(self.year, self.month + 1)

    def add(self, months: int) -> YearMonth:
        index = self.year * 12 + self.month - 1 + months
        return YearMonth(index // 12, index % 12 + 1)

    def until(self, last: YearMonth) -> tuple[YearMonth, ...]:
        """Every month from this one to ``last``, both included (empty when ``last`` is earlier)."""
        return tuple(self.add(i) for i in range(last.year * 12 + last.month - self.year * 12 - self.month + 1))

    @property
    def days(self) -> int:
        return calendar.monthrange(self.year, self.month)[1]

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last_day(self) -> date:
        return date(self.year, self.month, self.days)

    @property
    def quarter(self) -> int:
        return (self.month - 1) // 3 + 1

    @property
    def half(self) -> int:
        """1 = 上半年, 2 = 下半年."""
        return 1 if self.month <= 6 else 2

    @property
    def quarter_label(self) -> str:
        return f"{self.year}年{_QUARTERS[self.quarter - 1]}"

    @property
    def half_label(self) -> str:
        return f"{self.year}年{'上' if self.half == 1 else '下'}半年"


@dataclass(frozen=True)
class RosterCounts:
    """The pilot roster's counts for the reporting unit, passed in by the caller."""

    towns: int
    villages: int

    def get(self, kind: str) -> int:
        """kind is "towns" or "villages" (the roster rules of the indicator file)."""
        if kind == "towns":
            return self.towns
        if kind == "villages":
            return self.villages
        raise KeyError(kind)



@dataclass
class MonthlyReport:
    """One report per reporting unit per month, filed under ``region``: the name of the unit's region
    (泸州市; an office name where the unit has no region).

    ``values`` maps indicator codes to numbers (None = not filled), ``texts`` maps section codes to
    text, ``explanations`` maps a warning's key (e.g. "drop:pilot_towns_done") to the user's 说明.
    """

    region: str
    month: YearMonth
    reporter: str = ""
    phone: str = ""
    reviewer: str = ""
    filled_on: date | None = None
    values: dict[str, int | float | None] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    explanations: dict[str, str] = field(default_factory=dict)
    status: str = "draft"  # one of STATUSES
    locked: bool = False
    id: int | None = None

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"status 应为 {', '.join(STATUSES)} 之一：{self.status!r}")

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def title(self) -> str:
        """2021年4月月报 — the prefix of every finding's message."""
        return f"{self.month.label}月报"

    def value(self, code: str) -> int | float | None:
        """The number of an indicator; None when empty or not a finite number."""
        value = self.values.get(code)
        return value if is_number(value) else None

    def text(self, code: str) -> str:
        return self.texts.get(code) or ""


def char_count(text: str | None) -> int:
    """字数 of a narrative section as offices count it: every character except white space."""
    if not text:
        return 0
    return sum(1 for ch in text if not ch.isspace())


def parse_number(text: object) -> int | float | None:
    """A typed cell → number for ``MonthlyReport.values``: "" → None, "1,200" → 1200, "85.5" → 85.5.

    Full-width digits, thousands separators (, ，) and the minus signs - － − are accepted. Raises ValueError with a
    Chinese message when the text is not a number. Range and decimals are the checks' business.
    """
    if text is None:
        return None
    if isinstance(text, bool):
        raise ValueError("不是数字")
    if isinstance(text, (int, float)):
        return text
    cleaned = clean_text(text).replace("．", ".").replace("－", "-").replace("−", "-").replace(",", "").replace("，", "")
    cleaned = cleaned.replace(" ", "")
    if not cleaned:
        return None
    if re.fullmatch(r"-?\d+", cleaned):
        return int(cleaned)
    if re.fullmatch(r"-?(\d+\.\d*|\.\d+)", cleaned):
        return float(cleaned)
    raise ValueError(f"“{text}”不是数字，请输入数字")
