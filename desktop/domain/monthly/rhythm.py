"""The 四个一 rhythm (notice 五、（二）): 每月通报工作动态, 每季组织现场推进会,
每半年召开领导小组会议, 每年进行综合监测评估."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from desktop.domain.dates import format_cn
from desktop.domain.monthly.report import YearMonth

PERIODS: tuple[str, ...] = ("month", "quarter", "half", "year")
_MONTHS = {"month": 1, "quarter": 3, "half": 6, "year": 12}


@dataclass(frozen=True)
class RhythmEvent:
    code: str
    label: str
    period: str  # month / quarter / half / year


RHYTHM: tuple[RhythmEvent, ...] = (
    RhythmEvent("monthly_bulletin", "每月通报工作动态", "month"),
    RhythmEvent("quarterly_meeting", "每季组织现场推进会", "quarter"),
    RhythmEvent("half_year_meeting", "每半年召开领导小组会议", "half"),
    RhythmEvent("annual_assessment", "每年进行综合监测评估", "year"),
)


def rhythm_event(code_or_label: str) -> RhythmEvent:
    for event in RHYTHM:
        if code_or_label in (event.code, event.label):
            return event
    raise KeyError(code_or_label)


@dataclass(frozen=True)
class Period:
    first: YearMonth
    last: YearMonth
    label: str  # 2021年4月 / 2021年第二季度 / 2021年上半年 / 2021年

    @property
    def start(self) -> date:
        return self.first.first_day

    @property
    def end(self) -> date:
        return self.last.last_day

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


def period_of(month: YearMonth, period: str) -> Period:
    """The month / quarter / half-year / year that contains ``month``."""
    size = _MONTHS[period]
    first = YearMonth(month.year, (month.month - 1) // size * size + 1)
    last = first.add(size - 1)
    label = {"month": first.label, "quarter": first.quarter_label, "half": first.half_label,
             "year": f"{first.year}年"}[period]
    return Period(first, last, label)


@dataclass(frozen=True)
class DueEvent:
    event: RhythmEvent
    period: Period
    done_on: tuple[date, ...]  # the recorded dates inside the period, sorted
    ends_this_month: bool  # the period's last month is the month asked about
    overdue: bool = False  # nothing recorded and the period ended before today

    @property
    def done(self) -> bool:
        return bool(self.done_on)

    @property
    def status(self) -> str:
        """已完成（2021年4月12日） / 逾期（应于2021年4月30日前完成） / 本月内须完成 / 待完成（2021年第二季度内）."""
        if self.done:
            last = self.done_on[-1]
            return f"已完成（{last.year}年{last.month}月{last.day}日）"
        if self.overdue:
            return f"逾期（应于{format_cn(self.period.end)}前完成）"
        if self.ends_this_month:
            return "本月内须完成"
        return f"待完成（{self.period.label}内）"

    @property
    def message(self) -> str:
        """2021年第二季度 每季组织现场推进会：本月内须完成."""
        return f"{self.period.label} {self.event.label}：{self.status}"


def _dates_for(event: RhythmEvent, done: Iterable[tuple[str, date]]) -> list[date]:
    out = []
    for code, day in done:
        if code in (event.code, event.label):
            out.append(day)
    return sorted(out)


def due_events(month: YearMonth, done: list[tuple[str, date]], today: date | None = None) -> list[DueEvent]:
    """The four events, each for its period containing ``month``, with what was recorded in it.

    ``done`` is the recorded events as (event code or label, date); unknown codes are ignored.
    With ``today``, an event whose period ended before today with nothing recorded is overdue
    (November looked at on 6 December: November's bulletin is 逾期, not 本月内须完成).
    """
    out = []
    for event in RHYTHM:
        period = period_of(month, event.period)
        days = tuple(d for d in _dates_for(event, done) if period.contains(d))
        overdue = not days and today is not None and today > period.end
        out.append(DueEvent(event, period, days, period.last == month, overdue))
    return out


def missed_events(month: YearMonth, done: list[tuple[str, date]]) -> list[DueEvent]:
    """Events of the period just before the current one that have nothing recorded
    (in 2021年4月: 2021年3月's bulletin, 第一季度's meeting, 2020年下半年's meeting, 2020年's assessment)."""
    out = []
    for event in RHYTHM:
        before = period_of(period_of(month, event.period).first.prev(), event.period)
        days = tuple(d for d in _dates_for(event, done) if before.contains(d))
        if not days:
            out.append(DueEvent(event, before, (), False))
    return out
