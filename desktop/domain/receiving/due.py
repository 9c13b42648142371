"""What a subordinate unit owes its upper unit in a year, and by when (notice 川政公〔2021〕7号):
the rosters (附件1–3) and the March documents by the end of March (专题调研报告、实施方案 and, from the
cities to the province, 申报省级试点情况), each month's 月报 by its level's day, and the 验收评分 of the
October–December evaluation by the end of December."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop.domain.dates import format_cn
from desktop.domain.monthly.deadline import deadline_for
from desktop.domain.monthly.report import YearMonth
from desktop.domain.places.units import Role

ROSTERS = "rosters"
EVALUATION = "evaluation"
DOCUMENT_KINDS: tuple[tuple[str, str], ...] = (
    ("research", "专题调研报告"), ("plan", "实施方案"), ("application", "申报省级试点情况"))
DOCUMENT_LABELS = dict(DOCUMENT_KINDS)
DOCUMENT_KIND_OF = {label: kind for kind, label in DOCUMENT_KINDS}  # 实施方案 → plan
DOCUMENT_SHORT = {"research": "调研报告", "plan": "实施方案", "application": "申报情况"}
# the words a document's file name carries, in the order they are tried
_DOCUMENT_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("application", ("申报省级试点", "申报情况", "省级试点申报", "申报")),
    ("research", ("专题调研", "调研报告", "调研")),
    ("plan", ("实施方案", "工作方案", "方案")),
)
DOCUMENT_SUFFIXES = (".doc", ".docx", ".pdf", ".wps", ".ofd")
FIRST_YEAR = 2021  # the year of the notice: nothing was owed before it
FIRST_MONTH = 3  # the notice is of March 2021: monthly reports are due from March on
EVALUATION_FROM = 10  # 验收评估 10–12月


def document_kind(name: str) -> str | None:
    """Which March document a file is, by its name (调研 → 专题调研报告, 方案 → 实施方案, 申报 →
    申报省级试点情况); None for another file."""
    lower = name.lower()
    if not lower.endswith(DOCUMENT_SUFFIXES):
        return None
    for kind, words in _DOCUMENT_WORDS:
        if any(word in name for word in words):
            return kind
    return None


def month_key(month: YearMonth) -> str:
    return f"month:{month.iso}"


def document_key(kind: str) -> str:
    return f"doc:{kind}"


@dataclass(frozen=True)
class DueItem:
    """One thing a subordinate owes: its key (rosters, doc:plan, month:2021-04, evaluation), its name
    and its deadline."""

    key: str
    label: str
    short: str  # the board's column header
    deadline: date

    @property
    def deadline_text(self) -> str:
        return f"{self.label}截止 {format_cn(self.deadline)}"


def documents_due(upper: Role) -> tuple[str, ...]:
    """The March documents the subordinates of ``upper`` send: the cities all three to the province
    (the notice, 四、（一）), the counties their 专题调研报告 and 实施方案 to the city; none from towns."""
    if upper is Role.PROVINCE:
        return ("research", "plan", "application")
    if upper is Role.CITY:
        return ("research", "plan")
    return ()


def documents_owed(role: Role) -> tuple[str, ...]:
    """The March documents a unit of ``role`` sends up: a city's to the province, a county's to its city."""
    return {Role.CITY: documents_due(Role.PROVINCE), Role.COUNTY: documents_due(Role.CITY)}.get(role, ())


def due_items(upper: Role, year: int, today: date, report_day: int, *, roster_deadline: date | None = None,
              first_month: YearMonth | None = None) -> list[DueItem]:
    """What each subordinate of ``upper`` owes in ``year`` up to ``today``'s month: the rosters (by
    ``roster_deadline`` when it lies in the year, else 3月31日), the March documents (3月31日), every
    month's 月报 from ``first_month`` (the first month anything was reported; never before March) to
    this month by ``report_day``, and, from October on, the 验收评分 (12月31日; not from towns)."""
    march_end = documents_deadline(year)
    roster_day = roster_deadline if roster_deadline is not None and roster_deadline.year == year else march_end
    items = [DueItem(ROSTERS, "名单（附件1–3）", "名单", roster_day)]
    items += [DueItem(document_key(kind), DOCUMENT_LABELS[kind], DOCUMENT_SHORT[kind], march_end)
              for kind in documents_due(upper)]
    start = YearMonth(year, FIRST_MONTH)
    if first_month is not None and first_month > start:
        start = first_month
    items += [DueItem(month_key(month), f"{month.label}月报", f"{month.month}月月报", deadline_for(month, report_day))
              for month in start.until(min(YearMonth.of(today), YearMonth(year, 12)))]
    if upper in (Role.PROVINCE, Role.CITY) and (today.year > year or today.month >= EVALUATION_FROM):
        items.append(DueItem(EVALUATION, "验收评分", "验收评分", date(year, 12, 31)))
    return items


def documents_deadline(year: int) -> date:
    """The March documents (专题调研报告、实施方案…) and, unless set otherwise, the rosters: 3月31日."""
    return date(year, 3, 31)


def year_problem(year: int, today: date) -> str:
    """'' for a year the board can show (the notice's year up to this one), else what to write."""
    if FIRST_YEAR <= year <= today.year:
        return ""
    return f"年份 {year} 不对：试点自 {FIRST_YEAR} 年开始，请写 {FIRST_YEAR} 到 {today.year} 之间的年份"
