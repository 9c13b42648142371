"""Retake the README pictures of 各月趋势 (run under a virtual screen with a CJK font and LibreOffice):

    xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python tools/screenshots_trend.py

A temporary database holds the demo city (泸州市) with the reports of 2021年4月 to 12月 compiled
from seven counties' reports. Writes docs/screenshot-trend.png (the window: 站点覆盖率 over the months) and
docs/screenshot-export-趋势.png (the first 趋势 page of the exported 月报, rendered by LibreOffice).
The user's data is not touched.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
COUNTIES = ("江阳区", "纳溪区", "龙马潭区", "泸县", "合江县", "叙永县", "古蔺县")
MONTHS = 9  # 2021年4月 to 2021年12月, the pilot's year


def first_month():
    from desktop.domain.monthly.report import YearMonth

    return YearMonth(2021, 4)


def county_values(indicators, c: int, m: int) -> dict[str, int | float]:
    """A county's figures in its ``m``-th month: stations, windows and platform access grow."""
    towns, villages = 4 + c % 4, 30 + 6 * c
    done = min(towns, 1 + (m + c) // 2)
    stations = min(villages, 8 + (3 + c % 3) * m + c)
    values: dict[str, int | float] = {ind.code: 0 for ind in indicators.indicators}
    values.update(pilot_towns=towns, pilot_towns_done=done, pilot_villages=villages, village_stations=stations,
                  merged_town_stations=1 + c % 3, merged_village_points=4 + c, unified_signage=done + stations,
                  hall_area_avg=150.5 + 8 * c, town_items=120 + 5 * c, village_items=40 + c, one_thing_items=10 + m,
                  devolved_items=30 + c, windows_total=12 + 2 * c, windows_integrated=min(12 + 2 * c, 5 + m + c),
                  staff=18 + 3 * c, staff_fulltime=3 * towns, village_agents=villages,
                  cases_received=260 + 45 * c + 18 * m + (37 * c * m) % 50, reviews=150 + 20 * c + 6 * m,
                  reviews_bad=1 + (c + m) % 4, platform_towns=done, platform_villages=stations,
                  online_items=60 + 4 * m, online_cases=90 + 25 * m + 10 * c, kiosks=2 + c % 3 + m // 3)
    values["cases_done"] = values["cases_received"] - 12 - (c * m) % 9
    values["cases_on_time"] = values["cases_done"] - 3 - (5 * c + 3 * m) % 17
    values["cases_assisted"] = 30 + 4 * c + 2 * m
    values["reviews_bad_fixed"] = values["reviews_bad"] - (1 if (c + m) % 5 == 0 else 0)
    return values


def fill(store, indicators) -> list:
    """Nine months of the seven counties' reports and the city's reports compiled from them."""
    from desktop.domain.monthly.compile import sum_reports
    from desktop.domain.monthly.report import MonthlyReport

    city = store.settings().region
    months = [first_month().add(i) for i in range(MONTHS)]
    reports = []
    with store.action("写入趋势示例"):
        store.clear_reports()
        for m, month in enumerate(months):
            parts = [MonthlyReport(name, month, "赵六", "0830-1234567", "钱七", date(month.year, month.month, 18),
                                   values=county_values(indicators, c, m), status="exported", locked=True)
                     for c, name in enumerate(COUNTIES)]
            compiled = sum_reports(city, month, parts, indicators)
            compiled.reporter, compiled.phone, compiled.reviewer = "王晓燕", "0830-3196512", "李建国"
            compiled.filled_on = date(month.year, month.month, 24)
            for report in [*parts, compiled]:
                store.create_report(report)
                reports.append(report)
    return reports


def window_picture(store, gaz, docs: Path) -> None:
    from PySide6.QtWidgets import QApplication

    from desktop.ui.window.main_window import MainWindow

    window = MainWindow(store, gaz, recheck_delay_ms=0)
    window.resize(1280, 800)
    window.show()
    window.show_monthly().show_trend("station_coverage")
    QApplication.processEvents()
    window.grab().save(str(docs / "screenshot-trend.png"))
    window.shutdown()


def export_picture(store, reports, folder: Path, docs: Path) -> None:
    from desktop.domain.monthly.indicators_file import load_indicators
    from desktop.exchange.monthly.export import monthly_filename, write_monthly_workbook
    from desktop.services.export import month_trend, trend_order

    indicators = load_indicators()
    settings = store.settings()
    city = settings.region
    own = [r for r in reports if r.region == city]
    report, previous = own[-1], own[-2]
    parts = [r for r in reports if r.month == report.month and r.region != city]
    path = write_monthly_workbook(report, previous, indicators, folder / monthly_filename(report), breakdown=parts,
                                  trend=month_trend(reports, city, report.month, indicators,
                                                    trend_order(settings, reports)))
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(folder), str(path)],
                   check=True, capture_output=True, timeout=300)
    pdf = path.with_suffix(".pdf")
    page = 1
    while True:  # the first page of the 趋势 sheet: its title
        text = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"], check=True,
                              capture_output=True, text=True).stdout
        if "试点工作趋势" in text:
            break
        page += 1
    subprocess.run(["pdftoppm", "-png", "-r", "90", "-f", str(page), "-l", str(page), "-singlefile", str(pdf),
                    str(folder / "趋势")], check=True)
    shutil.copy(folder / "趋势.png", docs / "screenshot-export-趋势.png")


def main() -> None:
    from desktop.domain.monthly.indicators_file import load_indicators
    from desktop.domain.places.gazetteer import load_gazetteer
    from desktop.services.demo import write_demo
    from desktop.store.database import open_store
    from desktop.ui.app import make_app

    folder = Path(tempfile.mkdtemp(prefix="trend-"))
    os.environ["ZHENCUN_DATA_DIR"] = str(folder)
    app = make_app()
    gaz = load_gazetteer()
    store = open_store(folder / "趋势示例.sqlite")
    write_demo(store, gaz)
    reports = fill(store, load_indicators())
    docs = ROOT / "docs"
    window_picture(store, gaz, docs)
    export_picture(store, reports, folder, docs)
    store.close()
    print("wrote docs/screenshot-trend.png, docs/screenshot-export-趋势.png")
    app.quit()


if __name__ == "__main__":
    main()
