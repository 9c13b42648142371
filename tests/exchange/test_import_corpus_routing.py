"""`import` takes workbooks and packages alike: each file goes to the reader for what it is."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from corpus.offices import package_of, township

from desktop.domain.merge.preview import Kind, build_preview
from desktop.domain.monthly.indicators_file import load_indicators
from desktop.domain.monthly.report import MonthlyReport, YearMonth
from desktop.exchange.errors import ImportFileError
from desktop.exchange.incoming import read_incoming


@pytest.fixture
def monthly_book(tmp_path: Path) -> Path:
    from desktop.exchange.monthly.export import write_monthly_workbook

    report = MonthlyReport("合江县", YearMonth(2021, 4), reporter="张三", phone="0830-1234567", reviewer="李四",
                           filled_on=date(2021, 4, 20), values={"pilot_towns": 3})
    return write_monthly_workbook(report, None, load_indicators(), tmp_path / "合江县 2021年4月 月报.xlsx")


def test_a_monthly_workbook_goes_to_the_monthly_reader(gaz, store, monthly_book):
    (inc,), messages = read_incoming([monthly_book], gaz)
    assert inc.source.kind == "monthly" and inc.source.office == "合江县" and len(inc.source.sha256) == 64
    assert [(r.region, r.month.iso, r.values["pilot_towns"]) for r in inc.reports] == [("合江县", "2021-04", 3)]
    assert messages[-1] == "“合江县 2021年4月 月报.xlsx”按月报读取：1 份月报"
    preview = build_preview(store.local_state(), [inc], gaz)
    assert [r.kind for r in preview.reports] == [Kind.ADD]
    plan = store.apply_import(preview)
    assert plan.report_summary["added"] == 1
    (report,) = store.reports()
    assert store.report_source(report.id)[:2] == ("合江县 2021年4月 月报.xlsx", inc.source.sha256)
    again = build_preview(store.local_state(), read_incoming([monthly_book], gaz)[0], gaz)
    assert [r.kind for r in again.reports] == [Kind.SAME]


def test_a_monthly_reader_that_fails_names_the_file(gaz, monthly_book, monkeypatch):
    from desktop.exchange.monthly import reader

    def broken(path: Path, indicators: object) -> object:
        raise KeyError("x")

    monkeypatch.setattr(reader, "read_monthly_workbook", broken)
    with pytest.raises(ImportFileError) as info:
        read_incoming([monthly_book], gaz)
    assert str(info.value).startswith("无法读取月报工作簿“合江县 2021年4月 月报.xlsx”（KeyError")


def test_packages_are_recognised_by_content_and_files_read_in_order(tmp_path, gaz):
    from corpus.build import build_corpus

    office = township(tmp_path, gaz, "榕山镇")
    try:
        package = package_of(office, tmp_path / "榕山镇.zip")  # .zip works as well as .zctb
    finally:
        office.close()
    (case, books), *_ = build_corpus(tmp_path / "语料")
    found, messages = read_incoming([books[0], package.path], gaz)
    assert [i.source.kind for i in found] == ["workbook", "package"]
    assert found[0].source.office == "泸州市政务服务管理局" and found[1].source.office == "合江县榕山镇便民服务中心"
    assert messages[-1].startswith("“榕山镇.zip”是交换包：合江县榕山镇便民服务中心 于 ")
