"""The 趋势 sheet of the 月报 workbook: native charts (lines for rates, bars for figures) drawing from a
data table on the same sheet, A4 landscape; the reader ignores the sheet and the round trip holds."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import pytest
from helpers import CITY, county_report, luzhou_settings

from desktop.domain.monthly.compile import sum_reports
from desktop.domain.monthly.report import MonthlyReport, YearMonth
from desktop.domain.monthly.trend import MAX_MONTHS, PALETTE, build_trend, rate_floor
from desktop.exchange.monthly import reader as monthly_reader
from desktop.exchange.monthly.export import monthly_filename, write_monthly_workbook
from desktop.exchange.monthly.reader import read_monthly_workbook
from desktop.exchange.monthly.trend_charts import missing_charts
from desktop.exchange.monthly.trend_sheet import CHART_ROWS, TABLE_HEADING, UNIT_HEADER

COUNTIES = ("合江县", "泸县", "叙永县")
FIRST = YearMonth(2021, 4)
SHEET = "'趋势'"


def months(n: int) -> list[YearMonth]:
    return [FIRST.add(i) for i in range(n)]


def city_history(ind, n: int = 5) -> tuple[list[MonthlyReport], MonthlyReport]:
    """Three counties and the city compiled from them for ``n`` months; the last city report."""
    reports: list[MonthlyReport] = []
    for m, month in enumerate(months(n)):
        parts = []
        for c, name in enumerate(COUNTIES):
            report = county_report(name, month, c + 1)
            report.values.update(cases_received=100 * (c + 1) + 10 * m, cases_done=50 + m, cases_on_time=40 + m + c)
            parts.append(report)
        city = sum_reports(CITY, month, parts, ind)
        city.reporter, city.phone, city.reviewer = "王晓燕", "0830-3196512", "李建国"
        city.filled_on = date(month.year, month.month, 24)
        reports += parts + [city]
    return reports, reports[-1]


def export(ind, out_dir: Path, n: int = 5, *, trend_months: int = MAX_MONTHS) -> tuple[Path, MonthlyReport, object]:
    reports, city = city_history(ind, n)
    trend = build_trend(reports, CITY, ind, until=city.month, last=trend_months, order=COUNTIES)
    parts = [r for r in reports if r.month == city.month and r.region != CITY]
    path = write_monthly_workbook(city, None, ind, out_dir / monthly_filename(city), breakdown=parts, trend=trend)
    return path, city, trend


def load(path: Path):
    from openpyxl import load_workbook

    return load_workbook(path)


def rows_of(ws, title: str) -> tuple[int, int]:
    """The first and last row of an indicator's regions in the 数据表 (below its title row)."""
    first = next(r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=1).value == title) + 1
    last = first
    while ws.cell(row=last + 1, column=1).value in (CITY, *COUNTIES):
        last += 1
    return first, last


def test_a_sheet_beside_the_summary_with_a_chart_per_indicator(ind, out_dir) -> None:
    from openpyxl.chart import BarChart, LineChart

    path, _city, trend = export(ind, out_dir)
    wb = load(path)
    assert wb.sheetnames == ["月报", "分县明细", "趋势", "_数据"]
    ws = wb["趋势"]
    assert ws["A1"].value == "泸州市镇村便民服务“三化”试点工作趋势（2021年4月—2021年8月）"
    charts = ws._charts
    assert len(charts) == len(ind.indicators) + len(ind.rates) == len(trend.lines)
    titles = [c.title.tx.rich.p[0].r[0].t for c in charts]
    assert titles == [line.title for line in trend.lines]
    for chart, line in zip(charts, trend.lines, strict=True):
        assert isinstance(chart, LineChart if line.is_rate else BarChart), line.code
        assert len(chart.series) == 4  # the city and its three counties
    bar = charts[[line.code for line in trend.lines].index("cases_received")]
    assert bar.type == "col" and bar.grouping == "clustered"
    rate = charts[[line.code for line in trend.lines].index("on_time_rate")]
    assert rate.y_axis.scaling.max == 1 and rate.y_axis.number_format.formatCode == "0%"
    floor = rate_floor(trend.line("on_time_rate").values())
    assert rate.y_axis.scaling.min == floor == 0.7  # every rate 80% to 85%: from 70%
    assert bar.y_axis.scaling.min == 0
    assert not rate.x_axis.delete and not rate.y_axis.delete  # the axes show in Excel and WPS


def test_series_reference_the_rows_of_the_data_table(ind, out_dir) -> None:
    path, _city, trend = export(ind, out_dir)
    ws = load(path)["趋势"]
    header = next(r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=1).value == UNIT_HEADER)
    assert ws.cell(row=header - 1, column=1).value == TABLE_HEADING
    assert [ws.cell(row=header, column=c).value for c in range(1, 7)] == [
        UNIT_HEADER, "2021年\n4月", "2021年\n5月", "2021年\n6月", "2021年\n7月", "2021年\n8月"]
    codes = [line.code for line in trend.lines]
    for code in ("cases_received", "hall_area_avg", "on_time_rate"):
        line = trend.line(code)
        chart = ws._charts[codes.index(code)]
        first, last = rows_of(ws, line.title)
        assert last - first + 1 == 4
        for i, series in enumerate(chart.series):
            row = first + i
            assert series.tx.strRef.f == f"{SHEET}!A{row}"  # the region's name
            assert series.val.numRef.f == f"{SHEET}!$B${row}:$F${row}"
            assert series.cat.strRef.f == f"{SHEET}!$B${header}:$F${header}"
            assert ws.cell(row=row, column=1).value == line.series[i].region
        color = chart.series[1].graphicalProperties.line.solidFill.srgbClr
        assert color == PALETTE[1]  # the colours of the window
    # the table holds the values the charts draw: figures as numbers, rates as shares shown in per cent
    first, _last = rows_of(ws, trend.line("cases_received").title)
    assert [ws.cell(row=first + 2, column=c).value for c in range(2, 7)] == [200, 210, 220, 230, 240]  # 泸县
    first, _last = rows_of(ws, trend.line("on_time_rate").title)
    cell = ws.cell(row=first + 1, column=2)  # 合江县, April: 40 of 50 on time
    assert cell.value == 0.8 and cell.number_format == "0.0%"
    assert ws.cell(row=first, column=2).value == pytest.approx((40 + 41 + 42) / 150, abs=1e-6)


def test_the_trend_pages_are_a4_landscape_and_never_cut_a_chart(ind, out_dir) -> None:
    path, _city, trend = export(ind, out_dir, 12)
    ws = load(path)["趋势"]
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)
    assert int(ws.page_setup.fitToWidth) == 1 and int(ws.page_setup.fitToHeight) == 0
    assert ws.print_area == f"'趋势'!$A$1:$M${ws.max_row}"
    breaks = [b.id for b in ws.row_breaks.brk]
    assert breaks == sorted(breaks) and len(breaks) >= 10
    header = next(r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=1).value == TABLE_HEADING)
    assert header - 1 in breaks  # the 数据表 starts on a new page
    for chart in ws._charts:  # no page break inside a chart
        top, bottom = chart.anchor._from.row + 1, chart.anchor.to.row
        assert bottom - top + 1 == CHART_ROWS
        assert not any(top <= b < bottom for b in breaks)
    # every page of the 数据表 starts with its header row again
    for b in breaks:
        if b >= header:
            assert ws.cell(row=b + 1, column=1).value == UNIT_HEADER
    # the two charts of a band sit side by side
    left, right = ws._charts[0].anchor, ws._charts[1].anchor
    assert left._from.row == right._from.row and (left.to.col, left.to.colOff) < (right._from.col, right._from.colOff)


def test_the_reader_ignores_the_trend_sheet_and_the_round_trip_holds(ind, out_dir, monkeypatch) -> None:
    path, city, _trend = export(ind, out_dir)
    result = read_monthly_workbook(path, ind)  # through the guards and the scan of what someone sent
    assert result.report.region == CITY and result.report.month == city.month
    assert result.report.values == {code: city.value(code) for code in ind.codes}
    assert result.messages == []  # nothing noticed: no conflict, no unknown row

    # with the 月报 sheet's title changed, the reader looks at the other sheets — never at 趋势
    wb = load(path)
    wb["月报"]["A1"].value = "改过的标题"
    changed = out_dir / "改过.xlsx"
    wb.save(changed)
    seen: list[str] = []
    real = monthly_reader.read_visible

    def spy(ws, *args, **kwargs):
        seen.append(ws.title)
        return real(ws, *args, **kwargs)

    monkeypatch.setattr(monthly_reader, "read_visible", spy)
    read_monthly_workbook(changed, ind)
    assert "月报" in seen and "趋势" not in seen


def test_no_trend_sheet_without_something_to_compare(ind, out_dir) -> None:
    reports, _city = city_history(ind, 1)
    county = reports[0]
    trend = build_trend([county], county.region, ind)
    path = write_monthly_workbook(county, None, ind, out_dir / "一个月.xlsx", trend=trend)
    assert load(path).sheetnames == ["月报", "_数据"]
    with zipfile.ZipFile(path) as archive:
        assert not [n for n in archive.namelist() if n.startswith("xl/charts/")]


def test_a_county_with_months_gets_its_own_trend(ind, out_dir) -> None:
    reports = [county_report("泸县", month, 1 + i) for i, month in enumerate(months(3))]
    trend = build_trend(reports, "泸县", ind)
    path = write_monthly_workbook(reports[-1], reports[-2], ind, out_dir / "泸县.xlsx", trend=trend)
    wb = load(path)
    assert wb.sheetnames == ["月报", "趋势", "_数据"]
    ws = wb["趋势"]
    assert all(len(chart.series) == 1 for chart in ws._charts)
    first, last = rows_of(ws, trend.line("pilot_towns").title)
    assert first == last and [ws.cell(row=first, column=c).value for c in range(1, 5)] == ["泸县", 2, 4, 6]
    assert read_monthly_workbook(path, ind).report.values["pilot_towns"] == 6


def test_the_read_back_check_counts_the_charts(ind, out_dir) -> None:
    path, _city, _trend = export(ind, out_dir)
    wb = load(path)
    ws = wb["趋势"]
    assert missing_charts(path, ws) is None
    stripped = out_dir / "无图.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(stripped, "w") as target:
        for item in source.infolist():
            if not item.filename.startswith("xl/charts/chart1."):
                target.writestr(item, source.read(item.filename))
    assert missing_charts(stripped, ws) == f"工作表“趋势”应有 {len(ws._charts)} 个图表，文件中只有 {len(ws._charts) - 1} 个"


def test_an_export_keeps_a_county_that_missed_the_exported_month(ind) -> None:
    """The exported 趋势 shows the city's counties as the window does (the gazetteer's order), also one
    whose report of the exported month is missing: it used to follow that month's 分县明细 only."""
    from desktop.services.export import month_trend, trend_order

    reports, city = city_history(ind, 3)
    reports = [r for r in reports if not (r.region == "叙永县" and r.month == city.month)]
    order = trend_order(luzhou_settings(), reports)
    assert [c for c in order if c in COUNTIES] == ["泸县", "合江县", "叙永县"], "the gazetteer's order"
    trend = month_trend(reports, CITY, city.month, ind, order)
    assert trend.regions == (CITY, "泸县", "合江县", "叙永县")
