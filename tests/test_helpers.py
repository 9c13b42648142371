"""The helpers of helpers.py checked on their own: typing Chinese, the sample towns, the 月报 demo
data, and the county scenario of the import preview tests."""

from __future__ import annotations

from helpers import (
    APR,
    CITY,
    FEB,
    MAR,
    SUGGESTED,
    UNKNOWN_VILLAGE,
    county_report,
    county_scenario,
    fill_demo,
    sample_town,
    type_text,
)

from desktop.domain.model import Level


def test_type_text_enters_chinese(qtbot) -> None:
    from PySide6.QtWidgets import QLineEdit

    edit = QLineEdit()
    qtbot.addWidget(edit)
    type_text(edit, "合江县 hj")
    assert edit.text() == "合江县 hj"


def test_sample_town_resolves_codes(gaz) -> None:
    town = sample_town(gaz, Level.CITY, "合江县", "白沙镇", 3)
    assert town.town_code and town.county_code and town.city_code
    assert all(v.code for v in town.villages) and len(town.villages) == 3


def test_fill_demo_stores_three_months(store, gaz) -> None:
    reports = fill_demo(store, gaz)
    assert [r.month for r in reports] == [FEB, MAR, APR]
    stored = store.reports(region=CITY)
    assert [(r.month, r.status, r.locked) for r in stored] == [
        (FEB, "exported", True), (MAR, "exported", True), (APR, "checked", False)]
    assert store.settings().region == CITY and not store.settings().is_county


def test_county_report_is_a_valid_county_figure_set() -> None:
    report = county_report("合江县", APR, 2)
    assert report.value("pilot_towns") == 4 and report.month == APR
    assert report.value("windows_integrated") <= report.value("windows_total")


def test_the_scenario_has_one_of_each(tmp_path, gaz) -> None:
    from desktop.domain.merge.preview import Kind, build_preview
    from desktop.exchange.incoming import read_incoming

    county, paths = county_scenario(tmp_path / "U盘", gaz)
    try:
        incoming, _ = read_incoming(paths, gaz)
        preview = build_preview(county.local_state(), incoming, gaz)
    finally:
        county.close()
    assert preview.counts() == {"add": 1, "change": 1, "same": 0, "conflict": 1, "unknown": 1}
    assert [r.kind for r in preview.rows()] == [Kind.CONFLICT, Kind.CHANGE, Kind.ADD]
    (unknown,) = preview.unknown_names()
    assert unknown.name == UNKNOWN_VILLAGE and unknown.suggestions[0].name == SUGGESTED
    assert preview.report_counts()["add"] == 1
