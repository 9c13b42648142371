"""``python -m desktop export --month``: a city holding its counties' reports gets the 趋势 sheet, one
chart per indicator with the city and each county over the months up to the exported one."""

from __future__ import annotations

from datetime import date

from helpers import INDICATORS, county_report, run

from desktop.domain.monthly.report import YearMonth
from desktop.store.database import open_store


def test_the_city_export_charts_every_indicator_for_the_city_and_its_counties(demo_db, tmp_path) -> None:
    from openpyxl import load_workbook

    last = YearMonth.of(date.today()).prev()  # the demo's months: the three before this one
    store = open_store(demo_db)
    with store.action("导入各县月报"):
        for scale, county in enumerate(("合江县", "泸县"), start=1):
            for month in (last.add(-2), last.add(-1), last):
                store.create_report(county_report(county, month, scale))
    store.close()
    out = tmp_path / "导出 文件"
    r = run("export", "--db", demo_db, "--out", out, "--month", last.iso)
    assert r.returncode == 0, r.stdout + r.stderr
    (path,) = out.glob(f"*{last.year}年{last.month}月*.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames == ["月报", "分县明细", "趋势", "_数据"]
    ws = wb["趋势"]
    assert len(ws._charts) == len(INDICATORS.indicators) + len(INDICATORS.rates)
    assert all(len(chart.series) == 3 for chart in ws._charts)  # 泸州市, 泸县, 合江县 (the gazetteer's order)
    labels = [ws.cell(row=r, column=1).value for r in range(1, ws.max_row + 1)]
    first = labels.index("试点乡镇（街道）数（个）") + 2  # the row below the title (rows count from 1)
    assert [ws.cell(row=first + i, column=1).value for i in range(3)] == ["泸州市", "泸县", "合江县"]
    assert [ws.cell(row=first + 1, column=c).value for c in (2, 3, 4)] == [4, 4, 4]  # 泸县, scale 2
    assert [ws.cell(row=first + 2, column=c).value for c in (2, 3, 4)] == [2, 2, 2]  # 合江县, scale 1
    assert ws["A1"].value == f"泸州市镇村便民服务“三化”试点工作趋势（{last.add(-2).label}—{last.label}）"
