"""打印预览 / 导出PDF: A4, the header on every page, 第 X 页 共 Y 页, every town and village present, at
5, 50 and 500 towns (read back with poppler's pdftotext)."""

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
    pages = write_pdf(monthly_html(report, previous, indicators, "泸州市政务服务管理局"), path, landscape=False)
    flat = re.sub(r"\s+", "", _text(path))
    assert pages >= 1 and f"泸州市{report.month.label}" in flat
    for ind in indicators.indicators:
        assert re.sub(r"\s+", "", ind.label) in flat
    assert re.search(r"第1页共\d+页", flat)
