"""Report months, deadlines and the month board, the 四个一 rhythm, and 联系电话."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.domain.monthly.deadline import BOARD_STATUSES, board_status, days_left, deadline_for
from desktop.domain.monthly.phone import is_valid_phone, normalize_phone
from desktop.domain.monthly.report import MonthlyReport, YearMonth
from desktop.domain.monthly.rhythm import due_events, missed_events

APRIL = YearMonth(2021, 4)

# ------------------------------------------------------------------ YearMonth


def test_year_month_labels_and_neighbours():
    assert APRIL.label == "2021年4月" and APRIL.iso == "2021-04" and str(APRIL) == "2021-04"
    assert APRIL.prev() == YearMonth(2021, 3) and APRIL.next() == YearMonth(2021, 5)
    assert YearMonth(2021, 1).prev() == YearMonth(2020, 12)
    assert YearMonth(2021, 12).next() == YearMonth(2022, 1)
    assert YearMonth(2021, 11).add(3) == YearMonth(2022, 2) and YearMonth(2021, 2).add(-3) == YearMonth(2020, 11)
    assert YearMonth(2021, 3) < APRIL < YearMonth(2022, 1)
    assert (APRIL.quarter, APRIL.quarter_label, APRIL.half, APRIL.half_label) == (2, "2021年第二季度", 1, "2021年上半年")
    assert YearMonth(2021, 7).half_label == "2021年下半年"
    assert (APRIL.first_day, APRIL.last_day) == (date(2021, 4, 1), date(2021, 4, 30))
    assert YearMonth.of(date(2021, 4, 30)) == APRIL


@pytest.mark.parametrize("text", ["2021-04", "2021-4", "2021/04", "2021.4", "2021年4月", " 2021 年 04 月 ", "２０２１-０４"])
def test_year_month_parse(text):
    assert YearMonth.parse(text) == APRIL


@pytest.mark.parametrize("text", ["2021-13", "2021-00", "202104", "四月", "", "2021-04-01"])
def test_year_month_parse_rejects(text):
    with pytest.raises(ValueError):
        YearMonth.parse(text)


# ------------------------------------------------------------------ deadlines


@pytest.mark.parametrize("month, day, expected", [
    (YearMonth(2021, 4), 25, date(2021, 4, 25)),
    (YearMonth(2021, 2), 31, date(2021, 2, 28)),
    (YearMonth(2024, 2), 31, date(2024, 2, 29)),
    (YearMonth(2024, 2), 30, date(2024, 2, 29)),
    (YearMonth(2021, 4), 31, date(2021, 4, 30)),
    (YearMonth(2021, 12), 31, date(2021, 12, 31)),
    (YearMonth(2021, 4), 1, date(2021, 4, 1)),
])
def test_deadline_is_clamped_to_the_month(month, day, expected):
    assert deadline_for(month, day) == expected


def test_deadline_day_must_be_positive():
    with pytest.raises(ValueError):
        deadline_for(APRIL, 0)


@pytest.mark.parametrize("today, left", [
    (date(2021, 4, 20), 5), (date(2021, 4, 25), 0), (date(2021, 4, 26), -1), (date(2021, 3, 31), 25),
])
def test_days_left(today, left):
    assert days_left(APRIL, 25, today) == left


def report(status: str = "draft") -> MonthlyReport:
    return MonthlyReport("合江县政务服务管理局", APRIL, status=status)


@pytest.mark.parametrize("rep, today, expected", [
    (None, date(2021, 4, 20), "未填"),
    (None, date(2021, 4, 26), "未填"),  # no month given: unknown deadline
    (report("draft"), date(2021, 4, 20), "草稿"),
    (report("checked"), date(2021, 4, 25), "已校验"),
    (report("exported"), date(2021, 4, 20), "已导出"),
    (report("exported"), date(2021, 5, 10), "已导出"),
    (report("draft"), date(2021, 4, 26), "逾期"),
    (report("checked"), date(2021, 5, 1), "逾期"),
])
def test_board_status(rep, today, expected):
    assert board_status(rep, today, 25) == expected
    assert expected in BOARD_STATUSES


def test_board_status_of_a_missing_report_for_a_month():
    assert board_status(None, date(2021, 4, 26), 25, month=APRIL) == "逾期"
    assert board_status(None, date(2021, 4, 20), 25, month=APRIL) == "未填"
    assert board_status(None, date(2021, 4, 21), 20, month=APRIL) == "逾期"  # county deadline


# ------------------------------------------------------------------ the 四个一 rhythm


def test_due_events_in_april():
    done = [
        ("monthly_bulletin", date(2021, 3, 28)),
        ("monthly_bulletin", date(2021, 4, 24)),
        ("每季组织现场推进会", date(2021, 3, 15)),  # first quarter: does not count for the second
        ("half_year_meeting", date(2021, 1, 20)),
        ("something_else", date(2021, 4, 1)),
    ]
    events = due_events(APRIL, done)
    assert [e.event.label for e in events] == ["每月通报工作动态", "每季组织现场推进会", "每半年召开领导小组会议",
                                               "每年进行综合监测评估"]
    assert [e.period.label for e in events] == ["2021年4月", "2021年第二季度", "2021年上半年", "2021年"]
    assert [(e.period.start, e.period.end) for e in events] == [
        (date(2021, 4, 1), date(2021, 4, 30)), (date(2021, 4, 1), date(2021, 6, 30)),
        (date(2021, 1, 1), date(2021, 6, 30)), (date(2021, 1, 1), date(2021, 12, 31))]
    assert [e.done for e in events] == [True, False, True, False]
    assert events[0].done_on == (date(2021, 4, 24),)
    assert [e.ends_this_month for e in events] == [True, False, False, False]
    assert [e.status for e in events] == ["已完成（2021年4月24日）", "待完成（2021年第二季度内）",
                                          "已完成（2021年1月20日）", "待完成（2021年内）"]
    assert events[1].message == "2021年第二季度 每季组织现场推进会：待完成（2021年第二季度内）"


def test_due_events_at_the_end_of_the_half_year():
    events = due_events(YearMonth(2021, 6), [("quarterly_meeting", date(2021, 6, 18))])
    assert [e.ends_this_month for e in events] == [True, True, True, False]
    assert [e.status for e in events] == ["本月内须完成", "已完成（2021年6月18日）", "本月内须完成", "待完成（2021年内）"]


def test_due_events_in_december_close_every_period():
    events = due_events(YearMonth(2021, 12), [])
    assert all(e.ends_this_month for e in events)
    assert [e.period.label for e in events] == ["2021年12月", "2021年第四季度", "2021年下半年", "2021年"]


def test_due_events_of_a_past_month_are_overdue_not_due_this_month():
    """November viewed on 6 December: November's bulletin was due in November, so it is 逾期."""
    november = YearMonth(2021, 11)
    events = due_events(november, [("quarterly_meeting", date(2021, 10, 12))], today=date(2021, 12, 6))
    assert [e.overdue for e in events] == [True, False, False, False]
    assert [e.status for e in events] == ["逾期（应于2021年11月30日前完成）", "已完成（2021年10月12日）",
                                          "待完成（2021年下半年内）", "待完成（2021年内）"]
    assert events[0].message == "2021年11月 每月通报工作动态：逾期（应于2021年11月30日前完成）"


def test_due_events_on_the_last_day_and_after_the_year():
    november = YearMonth(2021, 11)
    on_time = due_events(november, [], today=date(2021, 11, 30))
    assert on_time[0].status == "本月内须完成" and not on_time[0].overdue
    late = due_events(YearMonth(2021, 12), [("monthly_bulletin", date(2021, 12, 3))], today=date(2022, 1, 4))
    assert [e.status for e in late] == ["已完成（2021年12月3日）", "逾期（应于2021年12月31日前完成）",
                                        "逾期（应于2021年12月31日前完成）", "逾期（应于2021年12月31日前完成）"]


def test_missed_events():
    done = [("monthly_bulletin", date(2021, 3, 20)), ("quarterly_meeting", date(2021, 2, 5))]
    missed = missed_events(APRIL, done)
    assert [(e.event.code, e.period.label) for e in missed] == [
        ("half_year_meeting", "2020年下半年"), ("annual_assessment", "2020年")]


# ------------------------------------------------------------------ 联系电话

VALID_PHONES = [
    "13812345678", "19912345678", "138 1234 5678", "+86 13812345678", "１３８１２３４５６７８",
    "0830-1234567", "0830-12345678", "028-87654321", "(0830)1234567", "（0830）1234567", "083012345678",
    "08301234567", "0830 1234567", "0830-1234567-123", "0830-1234567转8001", "0830－1234567",
    "13812345678、0830-1234567", "13812345678/0830-1234567",
]
INVALID_PHONES = [
    "", "   ", "1381234567", "138123456789", "12812345678", "23812345678", "1234567", "12345678",
    "0830-123456", "830-1234567", "0830-0234567", "0830-123456789", "0830-1234567-", "abc", "电话",
    "13812345678、", "0830-1234567转", "(0830-1234567", "13812345678,abc",
]


@pytest.mark.parametrize("phone", VALID_PHONES)
def test_valid_phone(phone):
    assert is_valid_phone(phone)


@pytest.mark.parametrize("phone", INVALID_PHONES)
def test_invalid_phone(phone):
    assert not is_valid_phone(phone)


def test_normalize_phone():
    assert normalize_phone("（0830）１２３ ４５６７") == "(0830)1234567"
    assert normalize_phone(None) == ""


def test_a_share_above_100_percent_is_not_shown():
    """已完成 3 of 2 pilot towns is an error the checks flag; the rate shows — rather than 150%."""
    from desktop.domain.monthly.indicators_file import load_indicators
    from desktop.domain.monthly.rates import compute_rates, format_rate
    from desktop.domain.monthly.report import MonthlyReport, YearMonth

    indicators = load_indicators()
    report = MonthlyReport("泸县", YearMonth(2021, 4), values={"pilot_towns": 2, "pilot_towns_done": 3})
    assert format_rate(compute_rates(report, indicators)["build_rate"]) == "—"
    report.values["pilot_towns_done"] = 1
    assert format_rate(compute_rates(report, indicators)["build_rate"]) == "50.0%"


def test_city_averages_round_half_up():
    """四舍五入: means of 101 and 102 → 102, of 100 and 101 → 101; 0.2 and 0.3 m² → 0.3."""
    from desktop.domain.monthly.compile import sum_reports
    from desktop.domain.monthly.indicators_file import load_indicators
    from desktop.domain.monthly.report import MonthlyReport, YearMonth

    ind = load_indicators()
    month = YearMonth(2021, 4)

    def city(a: dict, b: dict) -> MonthlyReport:
        return sum_reports("泸州市", month, [MonthlyReport("甲县", month, values=a), MonthlyReport("乙县", month, values=b)], ind)

    assert city({"town_items": 100}, {"town_items": 101}).values["town_items"] == 101
    assert city({"town_items": 101}, {"town_items": 102}).values["town_items"] == 102
    both = {"pilot_towns": 1}
    area = city({**both, "hall_area_avg": 0.2}, {**both, "hall_area_avg": 0.3}).values["hall_area_avg"]
    assert area == 0.3
