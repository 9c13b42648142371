"""Reporting deadlines: cities by the 25th of the month, counties a few days earlier."""

from __future__ import annotations

from datetime import date

from desktop.domain.monthly.report import MonthlyReport, YearMonth

# Board statuses, in the order a report passes through them (逾期 replaces 未填/草稿/已校验 once late).
NOT_FILLED, DRAFT, CHECKED, EXPORTED, OVERDUE = "未填", "草稿", "已校验", "已导出", "逾期"
BOARD_STATUSES: tuple[str, ...] = (NOT_FILLED, DRAFT, CHECKED, EXPORTED, OVERDUE)
_BY_STATUS = {"draft": DRAFT, "checked": CHECKED, "exported": EXPORTED}
# Exported once, then unlocked (解锁修改): the file sent is out of date until it is exported again.
UNLOCKED = "已解锁，修改后须重新导出"


def deadline_for(month: YearMonth, day: int) -> date:
    """The deadline in the report month, clamped to its length (day 31 in February → 28/29)."""
    if day < 1:
        raise ValueError(f"截止日应为 1-31：{day}")
    return date(month.year, month.month, min(day, month.days))


def days_left(month: YearMonth, day: int, today: date) -> int:
    """Days from today to the deadline: 0 on the day itself, negative once it has passed."""
    return (deadline_for(month, day) - today).days


def board_status(report: MonthlyReport | None, today: date, deadline_day: int, *,
                 month: YearMonth | None = None, exported_before: bool = False) -> str:
    """未填 / 草稿 / 已校验 / 已导出 / 逾期 for the month board.

    已解锁，修改后须重新导出: exported before (``exported_before``), then unlocked and not exported again.
    逾期: not exported and today is after the deadline. A missing report can only be 逾期 when
    ``month`` says which month it was due for; otherwise it is 未填.
    """
    if report is not None and report.status == "exported":
        return EXPORTED
    if report is not None and exported_before:
        return UNLOCKED
    due_month = report.month if report is not None else month
    if due_month is not None and today > deadline_for(due_month, deadline_day):
        return OVERDUE
    if report is None:
        return NOT_FILLED
    return _BY_STATUS[report.status]
