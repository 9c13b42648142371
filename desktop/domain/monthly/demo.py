"""Three months of demo reports for the demo city: two exported, the latest a draft with a
warning answered by a 说明."""

from __future__ import annotations

from datetime import date

from desktop.domain.monthly.compile import start_report
from desktop.domain.monthly.indicators import IndicatorSet
from desktop.domain.monthly.report import MonthlyReport, RosterCounts, YearMonth
from desktop.domain.monthly.rules import check_report

_TEXTS = {
    "work_platform": "整合乡镇便民服务中心与村级便民服务站，撤并乡镇保留便民服务站。",
    "work_standard": "统一名称标识、功能分区和服务设施，按标准改造大厅。",
    "work_catalog": "梳理公布乡镇（街道）政务服务事项和村（社区）便民服务事项清单。",
    "work_service": "推行综合窗口“一窗通办”，开展帮办代办和好差评。",
    "work_system": "推动乡镇、村接入省一体化政务服务平台，部署自助服务终端。",
    "problems": "部分村级代办员业务不熟，网上办件比例偏低。",
    "next_plan": "组织代办员培训；推进剩余村（社区）接入平台。",
}


def _values(pilot: RosterCounts, step: int) -> dict[str, int | float]:
    done = min(pilot.towns, 8 + 2 * step)
    stations = min(pilot.villages, 60 + 10 * step)
    return {
        "pilot_towns": pilot.towns, "pilot_towns_done": done,
        "pilot_villages": pilot.villages, "village_stations": stations,
        "merged_town_stations": 3, "merged_village_points": 12,
        "unified_signage": done + stations, "hall_area_avg": 186.5,
        "town_items": 152, "village_items": 48, "one_thing_items": 20 + 2 * step, "devolved_items": 35,
        "windows_total": 84, "windows_integrated": 60 + 6 * step,
        "staff": 120, "staff_fulltime": max(3 * pilot.towns, 48),
        "village_agents": 96, "cases_received": 1800 + 100 * step, "cases_done": 1750 + 100 * step,
        "cases_on_time": 1700 + 100 * step, "cases_assisted": 260, "reviews": 900, "reviews_bad": 6,
        "reviews_bad_fixed": 6, "platform_towns": done, "platform_villages": stations,
        "online_items": 90 + 5 * step, "online_cases": 600 + 60 * step, "kiosks": 10 + step,
    }


def build_demo_reports(region: str, pilot: RosterCounts, indicators: IndicatorSet, today: date,
                       deadline_day: int = 25) -> list[MonthlyReport]:
    """Reports for the three months before ``today``'s month; the last one has its warning answered."""
    current = YearMonth.of(today)
    reports: list[MonthlyReport] = []
    previous: MonthlyReport | None = None
    for step, month in enumerate((current.add(-3), current.add(-2), current.add(-1))):
        report = start_report(region, month, indicators, previous, pilot)
        report.reporter, report.phone, report.reviewer = "王晓燕", "0830-3196512", "李建国"
        report.filled_on = date(month.year, month.month, min(20, month.days))
        report.values.update(_values(pilot, step))
        report.texts.update(_TEXTS)
        if step == 2:
            report.values["online_cases"] = 1200  # doubled after a campaign: warned, and answered
            findings = check_report(report, previous, pilot, indicators, deadline_day)
            for f in findings:
                if getattr(f, "key", ""):
                    report.explanations[f.key] = "本月开展“网上办”宣传月活动，网上办件量大幅增加"
        report.status = "exported" if step < 2 else "checked"
        report.locked = step < 2
        reports.append(report)
        previous = report
    return reports


def build_demo_events(today: date) -> list[tuple[str, date, str]]:
    """四个一 records for the demo: last month's bulletin, and a 推进会 and 领导小组会议 earlier."""
    last = YearMonth.of(today).add(-1)
    earlier = YearMonth.of(today).add(-3)
    return [
        ("monthly_bulletin", date(last.year, last.month, 8), f"印发第 {last.month} 期工作简报"),
        ("quarterly_meeting", date(earlier.year, earlier.month, 18), "在合江县召开片区现场推进会"),
        ("half_year_meeting", date(earlier.year, earlier.month, 26), "领导小组第二次会议"),
    ]
