"""趋势 (domain): every 月报 indicator and rate over the months, own unit first, then each subordinate unit."""

from __future__ import annotations

import pytest
from helpers import CITY, county_report

from desktop.domain.monthly.report import MonthlyReport, YearMonth
from desktop.domain.monthly.trend import BAR, LINE, build_trend, month_range, rate_floor

JAN, FEB, MAR, APR, MAY = (YearMonth(2021, m) for m in (1, 2, 3, 4, 5))


def city(month: YearMonth, **values) -> MonthlyReport:
    return MonthlyReport(CITY, month, values=dict(values))


def test_every_indicator_then_every_rate_in_the_files_order(ind) -> None:
    trend = build_trend([city(APR, cases_received=10)], CITY, ind)
    codes = [line.code for line in trend.lines]
    by_task = [i.code for t in ind.tasks for i in ind.by_task(t.code)]
    assert codes == by_task + [r.code for r in ind.rates]
    assert len(codes) == len(ind.indicators) + len(ind.rates)
    assert all(line.chart == BAR and not line.is_rate for line in trend.lines[: len(ind.indicators)])
    assert all(line.chart == LINE and line.measure_unit == "%" for line in trend.lines[len(ind.indicators):])
    assert trend.line("cases_received").title == "受理件数（件）"
    assert trend.line("on_time_rate").title == "按期办结率（%）"


def test_months_run_from_the_first_report_with_gaps_kept(ind) -> None:
    reports = [city(FEB, cases_received=100), city(APR, cases_received=140)]
    trend = build_trend(reports, CITY, ind)
    assert trend.months == (FEB, MAR, APR)
    assert trend.month_labels == ("2021年2月", "2021年3月", "2021年4月")
    assert trend.line("cases_received").of(CITY).values == (100, None, 140)
    assert trend.line("cases_received").of(CITY).present == 2


def test_until_and_last_cut_the_months(ind) -> None:
    reports = [city(m, cases_received=10 * m.month) for m in (JAN, FEB, MAR, APR, MAY)]
    trend = build_trend(reports, CITY, ind, until=APR, last=3)
    assert trend.months == (FEB, MAR, APR)
    assert trend.line("cases_received").of(CITY).values == (20, 30, 40)
    # a month after the last report but up to ``until`` is shown empty
    assert build_trend(reports[:2], CITY, ind, until=MAR).months == (JAN, FEB, MAR)


def test_own_region_first_then_the_subordinate_units(ind) -> None:
    reports = [county_report("泸县", MAR, 2), county_report("合江县", MAR), county_report("合江县", APR, 3),
               city(APR, pilot_towns=8)]
    trend = build_trend(reports, CITY, ind)
    assert trend.regions == (CITY, "泸县", "合江县")  # others in the order of their first report
    towns = trend.line("pilot_towns")
    assert [(s.region, s.own, s.values) for s in towns.series] == [
        (CITY, True, (None, 8)), ("泸县", False, (4, None)), ("合江县", False, (2, 6))]
    ordered = build_trend(reports, CITY, ind, order=["合江县", "叙永县", "泸县"])
    assert ordered.regions == (CITY, "合江县", "泸县")  # a region without reports is not listed


def test_rates_are_computed_per_region_and_month(ind) -> None:
    reports = [city(MAR, cases_done=200, cases_on_time=150), city(APR, cases_done=200, cases_on_time=190),
               county_report("合江县", APR)]
    trend = build_trend(reports, CITY, ind)
    rate = trend.line("on_time_rate")
    assert rate.of(CITY).values == (0.75, 0.95)
    assert rate.of("合江县").values == (None, None)  # 0 办结: no rate, never an error
    share = trend.line("integrated_window_share")
    assert share.of("合江县").values == (None, 0.6)  # 6 of 10 windows
    assert rate.format(0.95) == "95.0%"
    assert rate.extent() == (0.75, 0.95)


def test_values_as_the_export_and_the_window_show_them(ind) -> None:
    trend = build_trend([city(APR, hall_area_avg=186.5, cases_received=1200)], CITY, ind)
    assert trend.line("hall_area_avg").format(186.5) == "186.5"
    assert trend.line("hall_area_avg").format(180) == "180.0"
    assert trend.line("cases_received").format(1200) == "1200"
    assert trend.line("cases_received").format(None) == ""
    with pytest.raises(KeyError):
        trend.line("no_such_code")


def test_when_a_trend_is_worth_showing(ind) -> None:
    assert not build_trend([], CITY, ind).worth_showing
    assert build_trend([], CITY, ind).lines == ()
    assert not build_trend([city(APR)], CITY, ind).worth_showing  # one month of one unit
    assert build_trend([city(MAR), city(APR)], CITY, ind).worth_showing
    assert build_trend([city(APR), county_report("泸县", APR)], CITY, ind).worth_showing
    assert not build_trend([city(APR)], CITY, ind).line("cases_received").has_values


def test_month_range() -> None:
    assert month_range(YearMonth(2021, 11), YearMonth(2022, 2)) == (
        YearMonth(2021, 11), YearMonth(2021, 12), YearMonth(2022, 1), YearMonth(2022, 2))
    assert month_range(APR, MAR) == ()


def test_a_rates_axis_starts_below_its_lowest_value_when_all_are_high() -> None:
    assert rate_floor([0.925, None, 0.99]) == 0.9
    assert rate_floor([0.9, 1.0]) == 0.8  # never on the lowest point itself
    assert rate_floor([0.5]) == 0.4
    assert rate_floor([0.49, 1.0]) == 0.0  # a low rate: the whole scale
    assert rate_floor([]) == 0.0 and rate_floor([None]) == 0.0
