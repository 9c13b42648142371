"""The monthly report workbook (月报): template, cells, page setup, 分县明细, round trip, bad files, safety."""

from __future__ import annotations

import copy
import errno
import hashlib
import importlib.util
import io
import zipfile
from datetime import date
from pathlib import Path

import pytest

from desktop.domain.findings import Severity
from desktop.domain.model import Level, ReportingUnit, Roster, Settings, TownEntry, Village
from desktop.domain.monthly.compile import sum_reports
from desktop.domain.monthly.rates import compute_rates, format_rate
from desktop.domain.monthly.report import MonthlyReport, RosterCounts, YearMonth
from desktop.domain.monthly.rules import check_report
from desktop.exchange import safe_write
from desktop.exchange.errors import ExportError, ImportFileError
from desktop.exchange.monthly import export as monthly_export
from desktop.exchange.monthly import layout as monthly_layout
from desktop.exchange.monthly import reader as monthly_import
from desktop.exchange.monthly.export import TITLE_TAIL, monthly_filename, paginate, write_monthly_workbook
from desktop.exchange.monthly.reader import MonthlyImport, read_monthly_workbook
from desktop.exchange.roster.export import write_roster_workbook
from desktop.exchange.roster.reader import OLE_MAGIC
from desktop.exchange.sniff import is_monthly_workbook
from desktop.system.paths import project_root, templates_dir

APRIL = YearMonth(2021, 4)
MARCH = YearMonth(2021, 3)
PILOT = RosterCounts(towns=12, villages=96)
TITLE = "泸州市2021年4月镇村便民服务“三化”试点工作进展情况"
FILE_NAME = f"{TITLE}.xlsx"
RESAVE = "请在 Excel 或 WPS 中打开，用“另存为”保存成“Excel 工作簿（*.xlsx）”后再导入"

VALUES: dict[str, int | float] = {
    "pilot_towns": 12, "pilot_towns_done": 10, "pilot_villages": 96, "village_stations": 80,
    "merged_town_stations": 3, "merged_village_points": 12,
    "unified_signage": 90, "hall_area_avg": 186.5,
    "town_items": 152, "village_items": 48, "one_thing_items": 24, "devolved_items": 35,
    "windows_total": 84, "windows_integrated": 72, "staff": 120, "staff_fulltime": 48, "village_agents": 96,
    "cases_received": 2000, "cases_done": 1950, "cases_on_time": 1900, "cases_assisted": 260,
    "reviews": 900, "reviews_bad": 6, "reviews_bad_fixed": 6,
    "platform_towns": 10, "platform_villages": 80, "online_items": 100, "online_cases": 1200, "kiosks": 12,
}
PREVIOUS: dict[str, int | float] = dict(VALUES, pilot_towns_done=8, village_stations=70, unified_signage=78,
                                        hall_area_avg=180.2, cases_received=1900, cases_done=1850,
                                        cases_on_time=1800, online_cases=660, kiosks=11)
TEXTS = {
    "work_platform": "整合乡镇便民服务中心与村级便民服务站，撤并乡镇保留便民服务站。",
    "work_standard": "统一名称标识、功能分区和服务设施，按标准改造大厅。",
    "work_catalog": "梳理公布乡镇（街道）政务服务事项和村（社区）便民服务事项清单。",
    "work_service": "推行综合窗口“一窗通办”，开展帮办代办和好差评。\n全市新增帮办代办员 36 名。",
    "work_system": "推动乡镇、村接入省一体化政务服务平台，部署自助服务终端。",
    "problems": "=SUM(A1) 部分村级代办员业务不熟，网上办件比例偏低。",
    "next_plan": "+组织代办员培训；-推进剩余村（社区）接入平台；@各县按月通报。",
    "experience": "合江县“群众点单、中心派单、代办员跑腿”的做法群众满意度高。",
    "coordination": "无",
}
EXPLANATION = "本月开展“网上办”宣传月活动，网上办件量大幅增加"


def april(unit: str = "泸州市") -> MonthlyReport:
    return MonthlyReport(unit, APRIL, reporter="王晓燕", phone="0830-3196512", reviewer="李建国",
                         filled_on=date(2021, 4, 23), values=dict(VALUES), texts=dict(TEXTS))


def march(unit: str = "泸州市") -> MonthlyReport:
    return MonthlyReport(unit, MARCH, reporter="王晓燕", phone="0830-3196512", reviewer="李建国",
                         filled_on=date(2021, 3, 22), values=dict(PREVIOUS), texts=dict(TEXTS), status="exported")


def answered(ind) -> tuple[MonthlyReport, MonthlyReport, list]:
    """April with its one warning (网上办件量 +81.8%) answered by a 说明."""
    report, previous = april(), march()
    findings = check_report(report, previous, PILOT, ind)
    assert [(f.severity, f.key) for f in findings] == [(Severity.WARNING, "change:online_cases")]
    report.explanations["change:online_cases"] = EXPLANATION
    return report, previous, findings


def load(path: Path):
    from openpyxl import load_workbook

    return load_workbook(path)


def column_a(ws) -> list[tuple[int, object]]:
    return [(r, ws.cell(row=r, column=1).value) for r in range(1, ws.max_row + 1)
            if ws.cell(row=r, column=1).value is not None]


def row_of(ws, label: str) -> int:
    for r, value in column_a(ws):
        if isinstance(value, str) and (value == label or value.split("\n")[0] == label):
            return r
    raise AssertionError(f"no row {label}")


def sheet_xmls(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as zf:
        return [zf.read(n).decode("utf-8") for n in zf.namelist() if n.startswith("xl/worksheets/sheet")]


# -- file name and template -------------------------------------------------------------------------
def test_filename_uses_chinese_quotes_and_sanitizes(ind):
    assert TITLE_TAIL == "镇村便民服务“三化”试点工作进展情况"
    assert monthly_filename(april()) == FILE_NAME
    assert '"' not in monthly_filename(april())
    odd = MonthlyReport('A/B:政务"中心"?* ', YearMonth(2021, 12))
    assert monthly_filename(odd) == "A_B_政务_中心___2021年12月镇村便民服务“三化”试点工作进展情况.xlsx"
    assert monthly_filename(MonthlyReport("", APRIL)) == f"2021年4月{TITLE_TAIL}.xlsx"
    assert len(monthly_filename(MonthlyReport("很" * 80, APRIL))) < 80


def _tool():
    spec = importlib.util.spec_from_file_location("make_monthly_template",
                                                  project_root() / "tools" / "make_monthly_template.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_template_is_current():
    """templates_xlsx/月报.xlsx is exactly what tools/make_monthly_template.py writes (reproducible bytes)."""
    tool = _tool()
    shipped = (templates_dir() / "月报.xlsx").read_bytes()
    assert tool.render() == shipped, "月报.xlsx is stale: run python tools/make_monthly_template.py"
    assert tool.render() == tool.render()


def test_template_layout():
    wb = load(templates_dir() / "月报.xlsx")
    assert wb.sheetnames == ["月报", "分县明细", "_数据"]
    assert set(monthly_export.STYLES.values()) <= set(wb.named_styles)
    ws = wb["月报"]
    assert ws["A1"].style == "月报标题"
    assert [ws.cell(row=6, column=c).value for c in range(1, 6)] == ["指标", "单位", "本月", "上月", "变化"]
    assert (ws["A2"].value, ws["C2"].value, ws["A4"].value, ws["C4"].value) == (
        "填报单位：", "报告月份：", "审核人：", "填报日期：")
    assert [ws.column_dimensions[c].width for c in "ABCDE"] == [51, 7, 11, 11, 18]
    assert ws.page_setup.orientation == "portrait" and int(ws.page_setup.paperSize) == 9
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert int(ws.page_setup.fitToWidth) == 1 and int(ws.page_setup.fitToHeight) == 0
    assert (ws.page_margins.left, ws.page_margins.top, ws.page_margins.bottom) == (0.5, 0.7, 0.8)
    county = wb["分县明细"]
    assert county.page_setup.orientation == "landscape"
    assert county.print_title_rows == "$2:$2" and county.print_title_cols == "$A:$B"
    assert wb["_数据"].sheet_state == "hidden"
    assert wb._fonts[0].name == "Arial"  # the default font that column widths are measured in


# -- one exported report, cell by cell ----------------------------------------------------------------
def test_exported_report_cell_by_cell(ind, out_dir):
    report, previous, findings = answered(ind)
    path = write_monthly_workbook(report, previous, ind, out_dir / monthly_filename(report), findings=findings)
    assert path.name == FILE_NAME
    assert sorted(p.name for p in out_dir.iterdir()) == [FILE_NAME]  # no temp file left
    wb = load(path)
    assert wb.sheetnames == ["月报", "_数据"]  # no 分县明细 without a breakdown
    assert wb.active.title == "月报"
    ws = wb["月报"]
    assert ws["A1"].value == TITLE
    assert "A1:E1" in {str(r) for r in ws.merged_cells.ranges}
    assert [(ws.cell(row=r, column=1).value, ws.cell(row=r, column=3).value) for r in (2, 3, 4)] == [
        ("填报单位：泸州市", "报告月份：2021年4月"),
        ("填报人：王晓燕", "联系电话：0830-3196512"),
        ("审核人：李建国", "填报日期：2021年4月23日"),
    ]
    assert [ws.cell(row=6, column=c).value for c in range(1, 6)] == ["指标", "单位", "本月", "上月", "变化"]
    assert ws["A7"].value == "（一）优化整合平台" and ws["A7"].style == "月报分组"

    # tasks as group headings, indicators in file order under them
    labels = [v for _r, v in column_a(ws) if v != "指标"]  # the headers repeat on the next page
    for i, task in enumerate(ind.tasks):
        heading = f"（{'一二三四五'[i]}）{task.label}"
        start = labels.index(heading)
        assert labels[start + 1:start + 1 + len(ind.by_task(task.code))] == [x.label for x in ind.by_task(task.code)]

    r = row_of(ws, "受理件数")
    assert [ws.cell(row=r, column=c).value for c in range(1, 6)] == ["受理件数", "件", 2000, 1900, 100]
    assert ws.cell(row=r, column=5).number_format == "+0;-0;0"
    r = row_of(ws, "其中已完成“三化”建设的乡镇（街道）数")
    assert [ws.cell(row=r, column=c).value for c in range(2, 6)] == ["个", 10, 8, 2]
    assert ws.cell(row=r, column=1).style == "月报指标其中"
    r = row_of(ws, "乡镇便民服务中心平均大厅面积")
    assert [ws.cell(row=r, column=c).value for c in range(2, 6)] == ["平方米", 186.5, 180.2, 6.3]
    assert ws.cell(row=r, column=3).number_format == "0.0"
    r = row_of(ws, "试点乡镇（街道）数")
    assert [ws.cell(row=r, column=c).value for c in range(3, 6)] == [12, 12, 0]
    for c in (3, 4, 5):
        assert ws.cell(row=r, column=c).data_type == "n"

    # computed rates with their formula text
    rates = compute_rates(report, ind)
    assert format_rate(rates["on_time_rate"]) == "97.4%"
    r = row_of(ws, "按期办结率")
    assert ws.cell(row=r, column=1).value == "按期办结率\n按期办结件数 ÷ 办结件数"
    assert [ws.cell(row=r, column=c).value for c in range(2, 6)] == ["%", "97.4%", "97.3%", "+0.1个百分点"]
    r = row_of(ws, "建设完成率")
    assert [ws.cell(row=r, column=c).value for c in range(3, 6)] == ["83.3%", "66.7%", "+16.7个百分点"]
    r = row_of(ws, "好评率")
    assert ws.cell(row=r, column=1).value == f"好评率\n{ind.formula_text(ind.rate('good_review_rate'))}"
    assert [ws.cell(row=r, column=c).value for c in range(3, 6)] == ["99.3%", "99.3%", "持平"]
    assert row_of(ws, "比率（由程序根据上表数字计算）") < row_of(ws, "建设完成率")

    # narrative sections in order, each text under its heading
    start = labels.index("一、工作开展情况")
    assert labels[start:start + 22] == [
        "一、工作开展情况",
        "（一）优化整合平台", TEXTS["work_platform"],
        "（二）统一建设标准", TEXTS["work_standard"],
        "（三）规范清单管理", TEXTS["work_catalog"],
        "（四）提升服务能力", "推行综合窗口“一窗通办”，开展帮办代办和好差评。", "全市新增帮办代办员 36 名。",
        "（五）加强系统支撑", TEXTS["work_system"],
        "二、存在问题", TEXTS["problems"],
        "三、下月工作计划", TEXTS["next_plan"],
        "四、经验做法", TEXTS["experience"],
        "五、需省级协调事项", "无",
        "说明", "校验提示",
    ]
    r = row_of(ws, "一、工作开展情况")
    assert ws.cell(row=r, column=1).style == "月报文字标题"
    assert ws.cell(row=r + 1, column=1).style == "月报文字小标题"
    text_row = row_of(ws, TEXTS["work_platform"])
    assert ws.cell(row=text_row, column=1).style == "月报正文"
    assert ws.cell(row=text_row, column=1).alignment.wrap_text
    assert f"A{text_row}:E{text_row}" in {str(rng) for rng in ws.merged_cells.ranges}

    # the 说明 block: the warning's message and the unit's answer
    r = row_of(ws, "校验提示")
    assert ws.cell(row=r, column=2).value == "填报单位的说明"
    assert ws.cell(row=r + 1, column=1).value == findings[0].message
    assert ws.cell(row=r + 1, column=2).value == EXPLANATION
    assert ws.print_area == f"'月报'!$A$1:$E${r + 1}"

    # page setup: A4 portrait, one page wide; footer names the report
    assert ws.page_setup.orientation == "portrait" and int(ws.page_setup.paperSize) == 9
    assert int(ws.page_setup.fitToWidth) == 1 and int(ws.page_setup.fitToHeight) == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.oddFooter.left.text == "泸州市2021年4月月报"
    assert ws.oddFooter.center.text == "第 &P 页，共 &N 页"

    # never a formula: text starting with = + - @ stays text
    cell = ws.cell(row=row_of(ws, TEXTS["problems"]), column=1)
    assert cell.value.startswith("=SUM(A1)") and cell.data_type == "s"
    assert ws.cell(row=row_of(ws, TEXTS["next_plan"]), column=1).data_type == "s"
    for xml in sheet_xmls(path):
        assert "<f>" not in xml and "<f " not in xml


def test_row_heights_follow_the_text(ind, out_dir):
    report = april()
    long = "各县（市、区）按照实施方案推进镇村便民服务体系建设，" * 40  # ~1,000 characters, no line break
    report.texts["problems"] = long
    path = write_monthly_workbook(report, None, ind, out_dir / "长.xlsx")
    ws = load(path)["月报"]
    rows = [r for r, v in column_a(ws) if isinstance(v, str) and v.startswith("各县（市、区）按照")]
    assert len(rows) >= 2  # one row holds at most 18 lines: the paragraph continues below, cut at a sentence end
    assert "".join(ws.cell(row=r, column=1).value for r in rows) == long
    assert all(ws.cell(row=r, column=1).value.endswith("，") for r in rows)
    assert all(200 < ws.row_dimensions[r].height <= 409 for r in rows[:-1])
    short = row_of(ws, TEXTS["work_standard"])
    assert 20 <= ws.row_dimensions[short].height < 30
    assert ws.row_dimensions[1].height >= 40
    # the round trip still gives back the exact text (from the data sheet)
    assert read_monthly_workbook(path, ind).report.texts["problems"] == long


def test_long_table_repeats_its_column_headers_on_the_next_page(ind, out_dir):
    path = write_monthly_workbook(april(), march(), ind, out_dir / "分页.xlsx")
    ws = load(path)["月报"]
    breaks = [b.id for b in ws.row_breaks.brk]
    assert breaks, "the table of 29 indicators does not fit one A4 page"
    first = breaks[0] + 1
    assert [ws.cell(row=first, column=c).value for c in range(1, 6)] == ["指标", "单位", "本月", "上月", "变化"]
    assert ws.cell(row=first, column=1).style == "月报表头"
    # the page above ends with an indicator row, not with a group heading
    assert ws.cell(row=first - 1, column=1).style in ("月报指标", "月报指标其中")
    # and the import does not mistake the repeated headers for an indicator
    assert read_monthly_workbook(path, ind).messages == []


def test_paginate_keeps_headings_with_their_text():
    Row = monthly_layout.Row
    header = Row(26.0)
    rows = [Row(100.0, table=True), Row(100.0, table=True), Row(30.0, keep=True), Row(30.0, keep=True),
            Row(100.0), Row(100.0)]
    planned = paginate(rows, 300.0, 0.0, header)
    # the heading pair would fit but its text would not: the break comes before the headings
    assert planned == [rows[0], rows[1], None, rows[2], rows[3], rows[4], rows[5]]
    planned = paginate([Row(250.0, table=True), Row(100.0, table=True)], 300.0, 0.0, header)
    assert planned[1] is None and planned[2] is header  # the table continues under its headers


def test_previous_missing_or_older(ind, out_dir):
    ws = load(write_monthly_workbook(april(), None, ind, out_dir / "无上月.xlsx"))["月报"]
    r = row_of(ws, "受理件数")
    assert [ws.cell(row=r, column=c).value for c in range(3, 6)] == [2000, None, None]
    r = row_of(ws, "按期办结率")
    assert [ws.cell(row=r, column=c).value for c in range(3, 6)] == ["97.4%", None, None]
    february = march()
    february.month = YearMonth(2021, 2)
    ws = load(write_monthly_workbook(april(), february, ind, out_dir / "二月.xlsx"))["月报"]
    assert ws["D6"].value == "2021年2月"
    r = row_of(ws, "受理件数")
    assert [ws.cell(row=r, column=c).value for c in range(3, 6)] == [2000, 1900, 100]


def test_empty_figures_and_rates_without_denominator(ind, out_dir):
    report = april()
    report.values["cases_done"] = None
    report.values["reviews_bad"] = 0
    report.values["reviews_bad_fixed"] = 0
    ws = load(write_monthly_workbook(report, march(), ind, out_dir / "空.xlsx"))["月报"]
    r = row_of(ws, "办结件数")
    assert [ws.cell(row=r, column=c).value for c in range(3, 6)] == [None, 1850, None]
    r = row_of(ws, "差评整改率")
    assert [ws.cell(row=r, column=c).value for c in range(3, 6)] == ["—", "100.0%", None]


def test_explanations_without_findings_are_described_by_key(ind, out_dir):
    report = april()
    report.explanations = {"change:online_cases": EXPLANATION, "late:filled_on": "系统故障，延迟两天", "x": " "}
    ws = load(write_monthly_workbook(report, march(), ind, out_dir / "说明.xlsx"))["月报"]
    r = row_of(ws, "校验提示")
    assert [(ws.cell(row=r + i, column=1).value, ws.cell(row=r + i, column=2).value) for i in (1, 2)] == [
        ("2021年4月月报 加强系统支撑 · 网上办件量：与上月相比变化较大", EXPLANATION),
        ("2021年4月月报 填报日期晚于报送截止日期", "系统故障，延迟两天"),
    ]
    assert ws.cell(row=r + 3, column=1).value is None


def test_data_sheet_is_hidden_and_machine_readable(ind, out_dir):
    report, previous, findings = answered(ind)
    wb = load(write_monthly_workbook(report, previous, ind, out_dir / "数据.xlsx", findings=findings))
    ws = wb["_数据"]
    assert ws.sheet_state == "hidden"
    rows = [tuple(c.value for c in row) for row in ws.iter_rows(min_row=1, max_col=3)]
    assert rows[0] == ("类别", "代码", "内容")
    assert rows[1] == ("格式", "镇村便民服务试点填报·月报", 1)
    assert rows[2][:2] == ("程序", "镇村便民服务试点填报")
    assert ("表头", "unit", "泸州市") in rows and ("表头", "month", "2021-04") in rows
    assert ("表头", "filled_on", "2021-04-23") in rows
    assert ("指标", "cases_received", 2000) in rows and ("指标", "hall_area_avg", 186.5) in rows
    assert [r[1] for r in rows if r[0] == "指标"] == list(ind.codes)
    assert ("文字", "problems", TEXTS["problems"]) in rows
    assert ("说明", "change:online_cases", EXPLANATION) in rows


# -- round trip ----------------------------------------------------------------------------------------
def test_export_then_import_gives_back_the_report(ind, out_dir):
    report, previous, findings = answered(ind)
    report.texts["work_catalog"] = "  前后有空格\r\n第二行\x07 "  # Windows line break, a control character
    path = write_monthly_workbook(report, previous, ind, out_dir / monthly_filename(report), findings=findings)
    assert is_monthly_workbook(path)
    result = read_monthly_workbook(path, ind)
    assert isinstance(result, MonthlyImport)
    assert result.file_name == FILE_NAME
    assert result.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert result.source == "data"
    assert result.messages == []
    got = result.report
    assert (got.region, got.month, got.reporter, got.phone, got.reviewer, got.filled_on) == (
        "泸州市", APRIL, "王晓燕", "0830-3196512", "李建国", date(2021, 4, 23))
    assert got.values == {code: report.values.get(code) for code in ind.codes}
    assert got.texts == dict(TEXTS, work_catalog="  前后有空格\n第二行 ")
    assert got.explanations == {"change:online_cases": EXPLANATION}
    assert got.status == "draft" and got.id is None


def test_visible_layout_alone_is_read_when_the_data_sheet_is_gone(ind, out_dir):
    report, previous, findings = answered(ind)
    path = write_monthly_workbook(report, previous, ind, out_dir / "原件.xlsx", findings=findings)
    wb = load(path)
    del wb["_数据"]
    stripped = out_dir / "无数据页.xlsx"
    wb.save(stripped)
    assert is_monthly_workbook(stripped)
    result = read_monthly_workbook(stripped, ind)
    assert result.source == "layout"
    got = result.report
    assert (got.region, got.month, got.reporter, got.phone, got.reviewer, got.filled_on) == (
        "泸州市", APRIL, "王晓燕", "0830-3196512", "李建国", date(2021, 4, 23))
    assert got.values == report.values
    assert got.texts == TEXTS
    assert got.explanations == {}
    assert result.messages == [
        "“无数据页.xlsx”中没有本程序写入的数据页，已按工作表“月报”中的表格内容读取，请核对",
        "“无数据页.xlsx”中的 1 条说明无法与校验提示对应，未导入；请导入后按提示重新填写说明",
    ]


def test_figure_corrected_in_excel_after_export_wins_and_is_reported(ind, out_dir):
    path = write_monthly_workbook(april(), march(), ind, out_dir / "改过.xlsx")
    wb = load(path)
    ws = wb["月报"]
    ws.cell(row=row_of(ws, "受理件数"), column=3).value = "2,100"
    ws.cell(row=row_of(ws, TEXTS["problems"]), column=1).value = "部分村级站点面积不足。"
    ws["A3"].value = "填报人：  王晓燕 "  # only spaces differ: not a change
    wb.save(path)
    result = read_monthly_workbook(path, ind)
    assert result.report.values["cases_received"] == 2100
    assert result.report.texts["problems"] == "部分村级站点面积不足。"
    assert result.report.reporter == "王晓燕"
    assert result.messages == [
        "“改过.xlsx”：受理件数在表格中为“2100”，程序数据页中为“2000”（可能导出后在 Excel 或 WPS 中改过），"
        "已按表格中显示的内容导入，请核对",
        "“改过.xlsx”：二、存在问题在表格中为“部分村级站点面积不足。”，程序数据页中为“=SUM(A1) 部分村级代办员业务不熟，"
        "网上办件比例偏低。”（可能导出后在 Excel 或 WPS 中改过），已按表格中显示的内容导入，请核对",
    ]


def test_hand_made_variant_label_and_value_in_separate_cells(ind, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "4月"
    ws.append(["合江县2021年4月镇村便民服务“三化”试点工作进展情况"])
    ws.append(["填报单位", "合江县政务服务管理局", "报告月份：", "2021年4月"])
    ws.append(["填报人：", "张三", "填报日期", date(2021, 4, 19)])
    ws.append(["序号", "指标", "单位", "本月"])
    ws.append([1, "试点乡镇(街道)数", "个", "5"])
    ws.append([2, "受理件数", "件", 1000.0])
    ws.append([3, "本年新增的指标", "个", 3])
    ws.append([])
    ws.append(["二、存在问题"])
    ws.append(["部分站点面积不足。"])
    path = tmp_path / "合江县4月月报.xlsx"
    wb.save(path)
    assert is_monthly_workbook(path)
    result = read_monthly_workbook(path, ind)
    got = result.report
    assert (got.region, got.month, got.reporter, got.filled_on) == ("合江县政务服务管理局", APRIL, "张三",
                                                                 date(2021, 4, 19))
    assert got.values["pilot_towns"] == 5 and got.values["cases_received"] == 1000
    assert isinstance(got.values["cases_received"], int)
    assert got.values["kiosks"] is None
    assert got.texts == {"problems": "部分站点面积不足。"}
    assert "“合江县4月月报.xlsx”的表格中有 1 行指标不在本年度指标文件中，未导入：本年新增的指标" in result.messages


# -- 分县明细 --------------------------------------------------------------------------------------------
def counties() -> list[MonthlyReport]:
    out = []
    for i, name in enumerate(("合江县", "泸县", "叙永县")):
        r = april(name)
        r.values = {k: v + 2 * i if isinstance(v, int) else v for k, v in VALUES.items()}
        r.values["pilot_towns"] = 4 + i  # weights of the mean hall area: 4, 5, 6
        r.values["pilot_towns_done"] = r.values["platform_towns"] = 3 + i
        r.values["hall_area_avg"] = 150.5 + 20 * i
        r.texts = {"work_platform": f"{name}完成改造。"}
        out.append(r)
    return out


def test_breakdown_sheet_for_a_compiled_city(ind, out_dir):
    parts = counties()
    city = sum_reports("泸州市", APRIL, parts, ind)
    city.reporter, city.phone, city.reviewer, city.filled_on = "王晓燕", "0830-3196512", "李建国", date(2021, 4, 24)
    assert city.texts["work_platform"] == "合江县：合江县完成改造。\n泸县：泸县完成改造。\n叙永县：叙永县完成改造。"
    path = write_monthly_workbook(city, None, ind, out_dir / monthly_filename(city), breakdown=parts)
    wb = load(path)
    assert wb.sheetnames == ["月报", "分县明细", "_数据"]
    ws = wb["分县明细"]
    assert ws["A1"].value == "泸州市2021年4月各县（市、区）月报分县明细"
    assert [ws.cell(row=2, column=c).value for c in range(1, 7)] == ["指标", "单位", "合江县", "泸县", "叙永县", "合计"]
    r = row_of(ws, "受理件数")
    assert [ws.cell(row=r, column=c).value for c in range(2, 7)] == ["件", 2000, 2002, 2004, 6006]
    r = row_of(ws, "乡镇便民服务中心平均大厅面积*")
    # weighted by 试点乡镇数 4, 5, 6: (150.5·4 + 170.5·5 + 190.5·6) / 15 = 173.2
    assert [ws.cell(row=r, column=c).value for c in range(2, 7)] == ["平方米", 150.5, 170.5, 190.5, 173.2]
    r = row_of(ws, "乡镇（街道）政务服务事项数*")
    assert [ws.cell(row=r, column=c).value for c in range(3, 7)] == [152, 154, 156, 154]
    r = row_of(ws, "按期办结率")
    assert [ws.cell(row=r, column=c).value for c in range(3, 7)] == ["97.4%", "97.4%", "97.4%", "97.4%"]
    note = ws.cell(row=ws.max_row, column=1).value
    assert note == ("注：合计列为各县（市、区）数字之和；标 * 的指标为各县（市、区）的平均数；"
                    "其中乡镇便民服务中心平均大厅面积按试点乡镇（街道）数加权平均；比率按合计数计算。")
    assert ws.page_setup.orientation == "landscape"
    assert ws.print_title_rows == "$2:$2"
    assert int(ws.page_setup.fitToWidth) == 1
    for xml in sheet_xmls(path):
        assert "<f>" not in xml
    # the city's own sheet is the compiled report; the import reads it, not the breakdown
    got = read_monthly_workbook(path, ind).report
    assert got.values["cases_received"] == 6006 and got.region == "泸州市"


def test_breakdown_of_another_month_is_refused(ind, out_dir):
    parts = counties()
    parts[1].month = MARCH
    with pytest.raises(ExportError) as info:
        write_monthly_workbook(april(), None, ind, out_dir / "错.xlsx", breakdown=parts)
    assert str(info.value) == "分县明细无法生成：泸县的月报是2021年3月的，不能汇总到2021年4月"
    assert list(out_dir.iterdir()) == []


# -- files that are not monthly reports -------------------------------------------------------------------
def test_not_a_zip(ind, folder):
    path = folder / "月报 副本.xlsx"
    path.write_text("指标,本月\n受理件数,100\n", encoding="utf-8")
    assert is_monthly_workbook(path)  # not readable: the name decides, so the monthly import explains
    with pytest.raises(ImportFileError) as info:
        read_monthly_workbook(path, ind)
    assert str(info.value) == f"文件“月报 副本.xlsx”不是 Excel 工作簿（.xlsx），无法读取。{RESAVE}"
    assert info.value.path == path


def test_xls_and_encrypted(ind, folder):
    ole = folder / "4月月报.xls"
    ole.write_bytes(OLE_MAGIC + b"\0" * 1024)
    with pytest.raises(ImportFileError) as info:
        read_monthly_workbook(ole, ind)
    assert str(info.value) == f"文件“4月月报.xls”是旧版 Excel 97-2003 格式（.xls），无法直接读取。{RESAVE}"
    locked = folder / "加密 月报.xlsx"
    locked.write_bytes(OLE_MAGIC + b"\0" * 512 + "EncryptionInfo".encode("utf-16-le") + b"\0" * 512)
    with pytest.raises(ImportFileError) as info:
        read_monthly_workbook(locked, ind)
    assert str(info.value) == ("文件“加密 月报.xlsx”设置了打开密码（已加密），无法读取。请在 Excel 或 WPS 中打开，"
                               "取消密码后另存为 .xlsx 再导入")


def test_empty_missing_and_damaged(ind, folder):
    empty = folder / "空.xlsx"
    empty.write_bytes(b"")
    with pytest.raises(ImportFileError, match="^文件“空.xlsx”是空文件（0 字节）"):
        read_monthly_workbook(empty, ind)
    with pytest.raises(ImportFileError) as info:
        read_monthly_workbook(folder / "没有 这个.xlsx", ind)
    assert str(info.value) == "找不到文件“没有 这个.xlsx”，请检查文件是否已被移动或删除"
    broken = folder / "损坏.xlsx"
    broken.write_bytes(b"PK\x03\x04" + b"\0" * 100)
    with pytest.raises(ImportFileError, match="^文件“损坏.xlsx”已损坏"):
        read_monthly_workbook(broken, ind)
    docx = folder / "通知.xlsx"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("word/document.xml", "<w:document/>")
    docx.write_bytes(buf.getvalue())
    with pytest.raises(ImportFileError) as info:
        read_monthly_workbook(docx, ind)
    assert str(info.value).startswith("文件“通知.xlsx”是Word 文档，不是 Excel 工作簿。请确认选择的是本程序导出的月报文件")


def test_roster_workbook_is_not_a_monthly_report(ind, folder):
    roster = Roster(Level.COUNTY, date(2021, 3, 26), [
        TownEntry(Level.COUNTY, "泸州市", "泸县", "福集镇", "中心镇", villages=[Village("石鸭滩村")])])
    path = write_roster_workbook(roster, Settings(ReportingUnit("5105", "泸州市", "政务服务管理局")),
                                 folder / "附件3.xlsx")
    assert not is_monthly_workbook(path)
    with pytest.raises(ImportFileError) as info:
        read_monthly_workbook(path, ind)
    assert str(info.value) == (
        "文件“附件3.xlsx”不是月报（已查看工作表：“附件3”）：没有找到“……试点工作进展情况”标题和“指标、单位、本月”表头。"
        "请确认选择的是本程序导出的月报文件（如“泸州市2021年4月镇村便民服务“三化”试点工作进展情况.xlsx”）")


def _without_data(path: Path, edit) -> Path:
    wb = load(path)
    del wb["_数据"]
    edit(wb["月报"])
    wb.save(path)
    return path


def test_month_that_does_not_parse_names_the_cell(ind, out_dir):
    path = write_monthly_workbook(april(), None, ind, out_dir / "月份.xlsx")
    _without_data(path, lambda ws: ws.__setitem__("C2", "报告月份：2021年13月"))
    with pytest.raises(ImportFileError) as info:
        read_monthly_workbook(path, ind)
    assert str(info.value) == ("文件“月份.xlsx”的工作表“月报” C2 单元格的报告月份“2021年13月”无法识别，"
                               "应如“2021年4月”，请改正后再导入")
    assert info.value.sheet == "月报" and info.value.path == path


def test_month_in_the_data_sheet_that_does_not_parse(ind, out_dir):
    path = write_monthly_workbook(april(), None, ind, out_dir / "数据页.xlsx")
    wb = load(path)
    ws = wb["_数据"]
    for row in ws.iter_rows(min_row=2):
        if row[1].value == "month":
            row[2].value = "四月"
            cell = row[2].coordinate
    wb.save(path)
    with pytest.raises(ImportFileError) as info:
        read_monthly_workbook(path, ind)
    assert str(info.value) == (f"文件“数据页.xlsx”的工作表“_数据” {cell} 单元格的报告月份“四月”无法识别，"
                               f"应如“2021年4月”，请改正后再导入")


def test_value_that_is_not_a_number_names_the_cell(ind, out_dir):
    path = write_monthly_workbook(april(), None, ind, out_dir / "数字.xlsx")
    wb = load(path)
    ws = wb["月报"]
    r = row_of(ws, "受理件数")
    ws.cell(row=r, column=3).value = "一百"
    wb.save(path)
    with pytest.raises(ImportFileError) as info:
        read_monthly_workbook(path, ind)
    assert str(info.value) == (f"文件“数字.xlsx”的工作表“月报” C{r} 单元格（受理件数，本月）“一百”不是数字，"
                               f"请改正为数字（没有的填 0）后再导入")


def test_newer_data_format_is_refused(ind, out_dir):
    path = write_monthly_workbook(april(), None, ind, out_dir / "新版.xlsx")
    wb = load(path)
    wb["_数据"]["C2"].value = 2
    wb.save(path)
    with pytest.raises(ImportFileError) as info:
        read_monthly_workbook(path, ind)
    assert str(info.value) == ("文件“新版.xlsx”的工作表“_数据” C2 单元格：该文件由较新版本的程序导出（格式版本 2），"
                               "请升级本程序后再导入")


def test_row_cap(ind, out_dir, monkeypatch):
    path = write_monthly_workbook(april(), None, ind, out_dir / "大表.xlsx")
    monkeypatch.setattr(monthly_import, "MAX_ROWS", 20)
    with pytest.raises(ImportFileError) as info:
        read_monthly_workbook(path, ind)
    assert str(info.value) == ("文件“大表.xlsx”的工作表“月报”超过 20 行，已停止读取。月报不会有这么多行，"
                               "请删去多余的行后再导入")


# -- writing safely -------------------------------------------------------------------------------------
def test_open_in_excel_keeps_old_file(ind, out_dir, monkeypatch):
    target = out_dir / FILE_NAME
    target.write_bytes(b"old")

    def locked(src, dst):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(safe_write.os, "replace", locked)
    with pytest.raises(ExportError) as info:
        write_monthly_workbook(april(), None, ind, target)
    assert str(info.value) == (f"无法覆盖“{FILE_NAME}”：该文件可能正在 Excel 或 WPS 中打开，请关闭后重试"
                               f"（或换一个文件夹导出）")
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in out_dir.iterdir()) == [FILE_NAME]


def test_mismatch_on_read_back_removes_file(ind, out_dir, monkeypatch):
    real_verify = monthly_export._verify

    def corrupt(path, *args):
        wb = load(path)
        ws = wb["_数据"]
        for row in ws.iter_rows(min_row=2):
            if row[1].value == "kiosks":
                row[2].value = 99
        wb.save(path)
        return real_verify(path, *args)

    monkeypatch.setattr(monthly_export, "_verify", corrupt)
    with pytest.raises(ExportError) as info:
        write_monthly_workbook(april(), None, ind, out_dir / "核对.xlsx")
    assert str(info.value).startswith("写入“核对.xlsx”后核对不一致（工作表“_数据”C")
    assert str(info.value).endswith("单元格读出“99”），文件未保存；请重试，如仍不一致请换一个文件夹导出")
    assert list(out_dir.iterdir()) == []


def test_missing_folder_message(ind, tmp_path):
    missing = tmp_path / "不存在的 文件夹"
    with pytest.raises(ExportError) as info:
        write_monthly_workbook(april(), None, ind, missing / "月报.xlsx")
    assert str(info.value) == f"文件夹“{missing}”不存在或已被移走，无法写入“月报.xlsx”，请重新选择导出文件夹"


def test_fixture_covers_every_shipped_indicator_and_section(ind, out_dir):
    """Every shipped indicator, rate and section takes part (next year's file changes them all)."""
    report = april()
    assert set(VALUES) == set(ind.codes) and set(TEXTS) == {s.code for s in ind.sections}
    other = copy.deepcopy(report)
    path = write_monthly_workbook(report, None, ind, out_dir / "全部.xlsx")
    assert read_monthly_workbook(path, ind).report.values == other.values


def test_exchange_monthly_imports_no_openpyxl_until_used():
    import subprocess
    import sys

    code = ("import sys, desktop.exchange.monthly.export, desktop.exchange.monthly.reader;"
            "print(sorted(m for m in ('openpyxl', 'PySide6', 'sqlite3') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=project_root(), capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_old_explanations_of_corrected_figures_are_not_sent(ind, out_dir):
    report, previous, findings = answered(ind)
    report.explanations["drop:kiosks"] = "旧说明：终端报废"  # that warning no longer fires
    path = write_monthly_workbook(report, previous, ind, out_dir / "旧说明.xlsx", findings=findings)
    assert read_monthly_workbook(path, ind).report.explanations == {"change:online_cases": EXPLANATION}
    ws = load(path)["月报"]
    r = row_of(ws, "校验提示")
    assert ws.cell(row=r + 2, column=1).value is None
