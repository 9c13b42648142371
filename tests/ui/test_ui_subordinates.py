"""The province's 月报 board and 汇总 (issue 21, point 1): the columns are its 21 cities (no county beside
its city), 汇总各市（州） adds the city's compiled report once, names the cities missing and flags the
counties held at two levels."""

from __future__ import annotations

from datetime import date

from helpers import MAY, county_report, make_page
from PySide6.QtCore import Qt

from desktop.domain.model import ReportingUnit, Settings
from desktop.domain.monthly.report import MonthlyReport

PROVINCE = Settings(ReportingUnit("51", "四川省", "四川省政府政务服务和公共资源交易服务中心"))


def _held(region: str, received: int, towns: int) -> MonthlyReport:
    report = county_report(region, MAY)
    report.values.update(cases_received=received, pilot_towns=towns)
    return report


def test_the_province_compiles_its_cities_once(qtbot, store, dialogs) -> None:
    store.save_settings(PROVINCE)
    store.create_report(MonthlyReport("四川省", MAY, "张三", "028-12345678", "李四", date(2021, 5, 9)))
    # 泸州市's package: the city's compiled report and its two counties'
    store.put_imported_report(_held("泸州市", 1800, 8), "交换包-泸州市.zctb", "c1")
    store.put_imported_report(_held("合江县", 900, 4), "交换包-泸州市.zctb", "c1")
    store.put_imported_report(_held("泸县", 900, 4), "交换包-泸州市.zctb", "c1")
    page = make_page(qtbot, store)
    model = page.board.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert len(headers) == 22 and headers[0] == "四川省（本单位）" and headers[1] == "成都市"
    assert "泸州市" in headers and "合江县" not in headers and "泸县" not in headers
    page.open_report("四川省", MAY)
    view = page.report_view
    assert view.compile_button.isVisible() and view.compile_button.text() == "汇总各市（州）…"
    dialogs.answer = dialogs.answer.Yes
    assert view.compile_counties()
    _kind, title, text = dialogs.last("question")
    assert title == "汇总各市（州）"
    assert "按以下 1 个市（州）2021年5月的月报汇总本单位月报" in text and "泸州市（已导出）" in text
    assert "尚未收到 20 个市（州）的月报：成都市、自贡市" in text
    assert "合江县的月报已含在泸州市的月报中，同时出现在两级，不重复计入" in text
    report = store.report("四川省", MAY)
    assert report.values["cases_received"] == 1800 and report.values["pilot_towns"] == 8
    assert store.undo_text == "汇总各市（州）2021年5月月报"


def test_texts_over_the_limit_are_compiled_in_part_and_named(qtbot, store, dialogs) -> None:
    """Cities' long 存在问题 together pass the 20,000-字 limit: 汇总 keeps what fits, the stored text
    names the cities left out, and a box tells the user which part to finish by hand (it failed)."""
    from desktop.domain.text_rules import LIMITS

    store.save_settings(PROVINCE)
    store.create_report(MonthlyReport("四川省", MAY, "张三", "028-12345678", "李四", date(2021, 5, 9)))
    for city in ("成都市", "自贡市", "泸州市"):
        report = _held(city, 100, 5)
        report.texts["problems"] = "问" * (LIMITS["section"] // 2)
        store.put_imported_report(report, f"交换包-{city}.zctb", city)
    page = make_page(qtbot, store)
    page.open_report("四川省", MAY)
    assert page.report_view.compile_counties()
    _kind, _title, text = dialogs.last("information")
    assert text.startswith("已汇总。以下文字部分合计超过字数上限") and "二、存在问题：自贡市、泸州市" in text
    stored = store.report("四川省", MAY).texts["problems"]
    assert stored.startswith("成都市：问") and stored.endswith("请查看其月报后自行整理）")
