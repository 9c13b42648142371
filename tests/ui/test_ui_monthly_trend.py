"""各月趋势 in the 月报 tab: pick an indicator, see the own unit and each subordinate unit over the months —
rates as lines, figures as bars — with a legend that hides and shows a unit (the data the chart draws,
never its pixels)."""

from __future__ import annotations

from helpers import APR, CITY, FEB, INDICATORS, MAR, county_report, fill_demo, make_page
from PySide6.QtCore import QPointF, Qt

from desktop.domain.monthly.trend import BAR, LINE, PALETTE
from desktop.ui.monthly.trend_chart import TrendChart, nice_ticks

COUNTIES = ("泸县", "合江县")  # the board's order: the gazetteer's (泸县 5105 21, 合江县 5105 22)


def city_with_counties(store, gaz) -> None:
    fill_demo(store, gaz)
    with store.action("导入各县月报"):
        for scale, county in enumerate(COUNTIES, start=1):
            for month in (MAR, APR):
                report = county_report(county, month, scale)
                report.values["cases_received"] = 100 * scale + (10 if month == APR else 0)
                store.create_report(report)


def test_the_board_opens_the_trend_and_alt_left_goes_back(qtbot, store, gaz) -> None:
    city_with_counties(store, gaz)
    page = make_page(qtbot, store)
    assert page.trend_view is None  # built when first asked for
    qtbot.mouseClick(page.board.trend_button, Qt.MouseButton.LeftButton)
    view = page.trend_view
    assert view is not None and page.stack.currentWidget() is view
    by_task = [ind.code for task in INDICATORS.tasks for ind in INDICATORS.by_task(task.code)]
    assert view.codes() == by_task + [r.code for r in INDICATORS.rates]
    assert view.code == INDICATORS.indicators[0].code  # the first indicator, not a task heading
    assert view.trend.months == (FEB, MAR, APR)
    qtbot.keyClick(view.indicator_combo, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert page.stack.currentWidget() is page.board
    page.show_trend()
    view.back_button.click()
    assert page.stack.currentWidget() is page.board


def test_a_figure_is_drawn_as_bars_for_the_own_unit_and_each_county(qtbot, store, gaz) -> None:
    city_with_counties(store, gaz)
    page = make_page(qtbot, store)
    view = page.show_trend("cases_received")
    chart = view.chart
    assert chart.kind == BAR and chart.line.title == "受理件数（件）"
    entries = chart.legend_entries()
    assert [(e.region, e.own, e.visible) for e in entries] == [
        (CITY, True, True), ("泸县", False, True), ("合江县", False, True)]  # the board's order
    assert entries[0].text == "泸州市（本单位）" and [e.color for e in entries] == [f"#{c}" for c in PALETTE[:3]]
    drawn = {series.region: series.values for series, _color in chart.drawn_series()}
    assert drawn["合江县"] == (None, 200, 210) and drawn["泸县"] == (None, 100, 110)
    assert drawn[CITY] == tuple(store.report(CITY, m).value("cases_received") for m in (FEB, MAR, APR))
    assert chart.y_ticks()[0] == (0, "0") and chart.y_ticks()[-1][0] >= max(drawn[CITY])


def test_a_rate_is_drawn_as_lines_up_to_100_percent(qtbot, store, gaz) -> None:
    city_with_counties(store, gaz)
    page = make_page(qtbot, store)
    view = page.show_trend("integrated_window_share")
    chart = view.chart
    assert chart.kind == LINE and chart.line.measure_unit == "%"
    drawn = {series.region: series.values for series, _color in chart.drawn_series()}
    assert drawn["泸县"] == (None, 0.6, 0.6)  # 6 of 10 windows; no report in February: a gap
    # every share is 60% or more: the axis starts just below the lowest, so the course shows
    assert [text for _v, text in chart.y_ticks()] == ["50%", "60%", "70%", "80%", "90%", "100%"]
    view.select("bad_review_fix_rate")  # the counties have no 差评: only the city's 100%
    assert [text for _v, text in chart.y_ticks()] == ["90%", "92%", "94%", "96%", "98%", "100%"]
    view.select("build_rate")  # the counties' 0 done of 2 and 4 towns: from 0%
    assert [text for _v, text in chart.y_ticks()] == ["0%", "20%", "40%", "60%", "80%", "100%"]


def test_a_click_on_the_legend_hides_a_unit_and_the_scale_follows(qtbot, store, gaz) -> None:
    city_with_counties(store, gaz)
    page = make_page(qtbot, store)
    chart = page.show_trend("cases_received").chart
    top = chart.y_ticks()[-1][0]
    assert chart.legend_region_at(QPointF(-5, -5)) is None
    rects = {region: rect for rect, region in chart._legend_rects}
    with qtbot.waitSignal(chart.hidden_changed):
        qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=rects[CITY].center().toPoint())
    assert [e.visible for e in chart.legend_entries()] == [False, True, True]
    assert [s.region for s, _c in chart.drawn_series()] == ["泸县", "合江县"]
    assert chart.y_ticks()[-1][0] < top  # the counties alone: a smaller scale
    qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=rects[CITY].center().toPoint())
    assert all(e.visible for e in chart.legend_entries())


def test_the_value_under_the_mouse(qtbot, store, gaz) -> None:
    city_with_counties(store, gaz)
    page = make_page(qtbot, store)
    chart = page.show_trend("cases_received").chart
    chart.grab()
    plot = chart._plot
    slot = plot.width() / 3
    bar = slot * 0.8 / 3
    # April's slot: the third bar is 合江县 (city, 泸县, 合江县)
    point = QPointF(plot.left() + 2 * slot + slot * 0.1 + 2.5 * bar, plot.bottom() - 1)
    assert chart.describe_at(point) == "合江县 2021年4月：210 件"
    assert chart.describe_at(QPointF(plot.left() - 20, plot.top())) == ""  # outside the plot
    assert chart.describe_at(QPointF(plot.left() + 2, plot.bottom() - 1)).startswith(f"{CITY} 2021年2月：")


def test_month_labels_shorten_when_the_chart_is_narrow(qtbot) -> None:
    from PySide6.QtGui import QFontMetricsF

    from desktop.domain.monthly.report import MonthlyReport, YearMonth
    from desktop.domain.monthly.trend import build_trend

    reports = [MonthlyReport(CITY, YearMonth(2021, 4).add(i), values={"kiosks": i}) for i in range(12)]
    trend = build_trend(reports, CITY, INDICATORS)
    chart = TrendChart()
    qtbot.addWidget(chart)
    chart.set_line(trend.line("kiosks"), trend.months)
    metrics = QFontMetricsF(chart.font())
    full = max(metrics.horizontalAdvance(m.label) for m in trend.months)
    part = max(metrics.horizontalAdvance(t) for t in ("12月", "2021年"))
    assert chart.month_labels(width=12 * (full + 10)) == [m.label for m in trend.months]  # 2021年4月 …
    short = chart.month_labels(width=12 * (part + 10))  # too narrow for 2021年4月, wide enough for 12月
    assert short[:3] == ["4月\n2021年", "5月", "6月"] and short[9] == "1月\n2022年" and "" not in short
    sparse = chart.month_labels(width=12 * (part / 2))
    assert sparse[0] == "4月\n2021年" and sparse[1] == "" and sparse[9] == "1月\n2022年"


def test_large_and_fractional_values_are_labelled_plainly(qtbot) -> None:
    from desktop.domain.monthly.report import MonthlyReport, YearMonth
    from desktop.domain.monthly.trend import build_trend

    reports = [MonthlyReport(CITY, YearMonth(2021, m), values={"online_cases": 1_500_000 * (m - 3),
                                                                 "hall_area_avg": 0.3 * (m - 3)}) for m in (4, 5)]
    trend = build_trend(reports, CITY, INDICATORS)
    chart = TrendChart()
    qtbot.addWidget(chart)
    chart.set_line(trend.line("online_cases"), trend.months)
    assert [text for _v, text in chart.y_ticks()] == ["0", "1000000", "2000000", "3000000"]
    chart.set_line(trend.line("hall_area_avg"), trend.months)
    assert [text for _v, text in chart.y_ticks()] == ["0", "0.2", "0.4", "0.6"]


def test_no_reports_says_so() -> None:
    chart = TrendChart()
    assert chart.legend_entries() == [] and chart.drawn_series() == [] and chart.y_ticks() == []
    assert chart.describe_at(QPointF(10, 10)) == ""


def test_nice_ticks() -> None:
    assert nice_ticks(0, 2000) == [0, 500, 1000, 1500, 2000]
    assert nice_ticks(0, 7, integer=True) == [0, 2, 4, 6, 8]
    assert nice_ticks(0, 3, integer=True) == [0, 1, 2, 3]
    assert nice_ticks(120, 186.5) == [0, 50, 100, 150, 200]
    assert nice_ticks(0, 0) == [0, 0.2, 0.4, 0.6, 0.8, 1.0]
