"""打印预览 / 导出PDF: A4, the header on every page, 第 X 页 共 Y 页, every town and village present, at
5, 50 and 500 towns; the 月报 with its workbook's content in its order, the same pages on every device,
no line or table row cut at a page's foot (read back with poppler's pdftotext)."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date

import pytest

from desktop.domain.model import Level, ReportingUnit, Roster, Settings, TownEntry, Village
from desktop.exchange.print_html import roster_footnote, roster_html

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed")
SETTINGS = Settings(ReportingUnit("5105", "泸州市", "泸州市政务服务管理局"))


def _roster(gaz, n: int) -> Roster:
    towns = []
    for t in gaz.towns[:n]:
        county = gaz.parent(t)
        city = gaz.parent(county)
        towns.append(TownEntry(Level.PROVINCIAL, city.name, county.name, t.name, "中心镇",
                               villages=[Village(v.name, v.code) for v in gaz.children_of(t.code)]))
    return Roster(Level.PROVINCIAL, date(2021, 3, 26), towns)


def _drawable():
    from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics

    metrics = [QFontMetrics(QFont(f)) for f in QFontDatabase.families()]
    return lambda ch: any(m.inFontUcs4(ord(ch)) for m in metrics)


def _text(path, mode: str = "-raw") -> str:
    """The PDF's text in drawing order (a wrapped cell's lines follow each other)."""
    return subprocess.run(["pdftotext", mode, str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


@pytest.mark.parametrize("n", [5, 50, 500])
def test_roster_pdf_holds_every_town_and_repeats_the_header(qapp, gaz, tmp_path, n):
    from desktop.ui.common.printing import write_pdf

    roster = _roster(gaz, n)
    path = tmp_path / "打印 输出" / f"附件1-{n}.pdf"
    pages = write_pdf(roster_html(roster, SETTINGS), path, landscape=True)
    text = _text(path)
    per_page = text.split("\f")
    per_page = [p for p in per_page if p.strip()]
    assert len(per_page) == pages
    for i, page in enumerate(per_page, 1):
        assert "市（州）" in page and "乡镇（街道）" in page, f"no header on page {i}"
        assert re.search(rf"第\s*{i}\s*页\s*共\s*{pages}\s*页", page), f"no page number on page {i}"
    flat = re.sub(r"\s+", "", text)
    drawable = _drawable()
    names = [t.town for t in roster.towns] + [v.name for t in roster.towns for v in t.villages]
    # a name with a character no font on this machine has (䢺江镇: CJK Extension A; 宋体 on Windows has
    # it) cannot come out of any PDF here: those are counted, and must stay rare
    undrawable = [name for name in names if not all(drawable(ch) for ch in name)]
    assert len(undrawable) <= max(2, len(names) // 1000), undrawable
    missing = [name for name in names if name not in flat and name not in undrawable]
    assert missing == []
    assert "填报单位（盖章）：泸州市政务服务管理局" in flat and "填报时间：2021年3月26日" in flat
    assert re.sub(r"\s+", "", roster_footnote(Level.PROVINCIAL))[:20] in flat
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())
    assert abs(width - 842) < 3 and abs(height - 595) < 3  # A4 landscape, in points


def test_monthly_pdf(qapp, gaz, tmp_path):
    from desktop.domain.monthly.demo import build_demo_reports
    from desktop.domain.monthly.indicators_file import load_indicators
    from desktop.domain.monthly.report import RosterCounts
    from desktop.exchange.print_html import monthly_html
    from desktop.ui.common.printing import write_pdf

    indicators = load_indicators()
    reports = build_demo_reports("泸州市", RosterCounts(14, 91), indicators, date(2021, 5, 10), 25)
    report, previous = reports[-1], reports[-2]
    path = tmp_path / "月报.pdf"
    pages = write_pdf(monthly_html(report, previous, indicators), path, landscape=False)
    flat = re.sub(r"\s+", "", _text(path))
    assert pages >= 1 and f"泸州市{report.month.label}" in flat
    for ind in indicators.indicators:
        assert re.sub(r"\s+", "", ind.label) in flat
    assert re.search(r"第1页共\d+页", flat)


# ------------------------------------------------------------------ the 月报: pages, cuts, content


def _county_month(long_texts: bool = False):
    """合江县's April report with April's warning answered, and its findings."""
    from desktop.domain.monthly.demo import build_demo_reports
    from desktop.domain.monthly.indicators_file import load_indicators
    from desktop.domain.monthly.report import RosterCounts
    from desktop.domain.monthly.rules import check_report

    indicators = load_indicators()
    pilot = RosterCounts(4, 40)
    reports = build_demo_reports("合江县", pilot, indicators, date(2021, 5, 10), 20)
    report, previous = reports[-1], reports[-2]
    if long_texts:
        report.texts["work_platform"] = "整合乡镇便民服务中心与村级便民服务站，撤并乡镇保留便民服务站。" * 12
        report.texts["problems"] = "部分村级代办员业务不熟，网上办件比例偏低。" * 25
    return report, previous, indicators, check_report(report, previous, pilot, indicators, 20)


def _pages(path) -> list[str]:
    return [re.sub(r"\s+", "", p) for p in _text(path).split("\f") if p.strip()]


def test_print_preview_printer_and_pdf_have_the_same_pages(qapp, tmp_path):
    """One layout for every device: the printer (1200 dpi here, 600 on many office printers), a
    screen-resolution printer and 导出PDF break the 月报 into the same lines on the same pages."""
    from PySide6.QtPrintSupport import QPrinter

    from desktop.exchange.print_html import monthly_html
    from desktop.ui.common.printing import page_layout, render, write_pdf

    report, previous, indicators, findings = _county_month(long_texts=True)
    html = monthly_html(report, previous, indicators, findings)
    pages = write_pdf(html, tmp_path / "导出.pdf", landscape=False)
    expected = _pages(tmp_path / "导出.pdf")
    assert pages == len(expected) >= 2
    for mode in (QPrinter.PrinterMode.HighResolution, QPrinter.PrinterMode.ScreenResolution):
        printer = QPrinter(mode)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(tmp_path / f"{mode.name}.pdf"))
        printer.setPageLayout(page_layout(False))
        assert render(html, printer, landscape=False) == pages
        del printer  # writes the file
        assert _pages(tmp_path / f"{mode.name}.pdf") == expected, mode.name


def _lines(path):
    """Each text line of the PDF as (page, top, bottom, text, page height, left), in points."""
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(path), "-"], capture_output=True, text=True,
                         check=True).stdout
    out = []
    for number, page in enumerate(re.findall(r"<page (.*?)</page>", xml, re.S), 1):
        height = float(re.search(r'height="([\d.]+)"', page).group(1))
        for attrs, words in re.findall(r"<line (.*?)>(.*?)</line>", page, re.S):
            left, top, bottom = (float(v) for v in re.search(
                r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"', attrs).groups())
            text = "".join(re.findall(r">([^<]*)</word>", words))
            out.append((number, top, bottom, text, height, left))
    return out


def test_no_line_is_cut_at_a_page_foot_or_shown_twice(qapp, tmp_path):
    from desktop.exchange.print_html import monthly_html
    from desktop.ui.common.printing import FOOTER_MM, MARGIN_MM, write_pdf

    report, previous, indicators, findings = _county_month(long_texts=True)
    path = tmp_path / "月报.pdf"
    write_pdf(monthly_html(report, previous, indicators, findings), path, landscape=False)
    lines = _lines(path)
    margin, footer = MARGIN_MM / 25.4 * 72, FOOTER_MM / 25.4 * 72
    for page, top, bottom, text, height, _left in lines:
        if text.startswith("第") and text.endswith("页"):
            continue
        assert top >= margin - 1 and bottom <= height - margin - footer + 1, (page, text)
    texts = [line[3] for line in lines]
    for ind in indicators.indicators:  # a row cut at the foot would be drawn on both pages
        assert texts.count(re.sub(r"\s+", "", ind.label)) == 1, ind.label


def test_rows_stay_whole_and_group_rows_stay_with_the_next(qapp, tmp_path):
    """A two-line row is never split over two pages, and a group row (style -qt-user-state: 1)
    never ends a page; each page's table has its header and is closed at its foot."""
    from desktop.ui.common.printing import write_pdf

    rows = []
    for i in range(1, 121):
        if i % 4 == 1:
            rows.append(f'<tr><td colspan="2" style="-qt-user-state: 1">分组{i}</td></tr>')
        middle = "".join(f"<br/>第{i}行中" for _ in range(i % 3))  # rows of two to four lines
        rows.append(f"<tr><td>第{i}行上{middle}<br/>第{i}行下</td><td>{i}</td></tr>")
    html = ('<html><body><table border="1" cellspacing="0" width="100%"><thead><tr><th>名称</th><th>数</th></tr>'
            f"</thead><tbody>{''.join(rows)}</tbody></table></body></html>")
    path = tmp_path / "表.pdf"
    pages = write_pdf(html, path, landscape=False)
    per_page = _pages(path)
    assert len(per_page) == pages >= 3
    for i in range(1, 121):
        assert [p for p, text in enumerate(per_page) if f"第{i}行上" in text] == \
            [p for p, text in enumerate(per_page) if f"第{i}行下" in text], f"row {i} split"
    for text in per_page:
        assert text.startswith("名称数")
        body = re.sub(r"第\d+页共\d+页$", "", text)
        assert not re.search(r"分组\d+$", body), body[-40:]


def _shown(cell) -> str:
    """A cell's text as the spreadsheet shows it (its number format: 186.5, +540)."""
    value = cell.value
    if not isinstance(value, (int, float)):
        return str(value)
    fmt = cell.number_format.split(";")[0]
    decimals = len(fmt.split(".")[1]) if "." in fmt else 0
    text = f"{abs(value) if fmt.startswith('+') else value:.{decimals}f}"
    return ("+" if value > 0 else "-" if value < 0 else "") + text if fmt.startswith("+") else text


def test_monthly_pdf_has_the_workbooks_content_in_its_order(qapp, tmp_path):
    """Title, header, 指标 单位 本月 上月 变化 with the task groups, the rates with their formulas, the
    narrative, and 说明 with the warning it answers: every text of the exported sheet, in its order."""
    from openpyxl import load_workbook

    from desktop.exchange.monthly.export import write_monthly_workbook
    from desktop.exchange.print_html import monthly_html
    from desktop.ui.common.printing import write_pdf

    report, previous, indicators, findings = _county_month()
    xlsx = write_monthly_workbook(report, previous, indicators, tmp_path / "月报.xlsx", findings=findings)
    sheet = load_workbook(xlsx)["月报"]
    cells = [re.sub(r"\s+", "", _shown(c)) for row in sheet.iter_rows() for c in row if c.value not in (None, "")]
    head = ["指标", "单位", "本月", "上月", "变化"]
    first = cells.index("指标")
    assert cells[first:first + 5] == head and "校验提示" in cells
    assert any("网上办件量（1200）比上月（660）" in c for c in cells)
    for at in range(len(cells) - 5, first, -1):  # the header the sheet repeats after its page breaks
        if cells[at:at + 5] == head:
            del cells[at:at + 5]
    path = tmp_path / "月报.pdf"
    write_pdf(monthly_html(report, previous, indicators, findings), path, landscape=False)
    flat = "".join(_pages(path))
    at = 0
    for text in cells:
        found = flat.find(text, at)
        assert found >= 0, f"“{text}” missing, or out of the workbook's order"
        at = found + len(text)


def test_monthly_pdf_header_fields_stay_whole_and_cells_have_room(qapp, tmp_path):
    from desktop.exchange.print_html import monthly_html
    from desktop.ui.common.printing import MARGIN_MM, write_pdf

    report, previous, indicators, findings = _county_month()
    path = tmp_path / "月报.pdf"
    write_pdf(monthly_html(report, previous, indicators, findings), path, landscape=False)
    lines = _lines(path)
    texts = [line[3] for line in lines]
    for field in ("填报单位：合江县", "报告月份：2021年4月", "填报人：王晓燕", "联系电话：0830-3196512",
                  "审核人：李建国", "填报日期：2021年4月20日"):
        assert any(field in text for text in texts), f"{field} is broken over lines"
    margin = MARGIN_MM / 25.4 * 72
    left = next(line[5] for line in lines if line[3] == "窗口总数")
    assert left - margin >= 3  # the 指标 text stands clear of the table's left line
