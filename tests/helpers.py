"""The one helper module of the tests: running the program, typing into widgets, and the sample data
the tests share (towns, settings, a 泸州市 demo with its monthly reports, a county gathering packages).

Fixtures live in the conftest.py files; builders of broken or hand-made workbooks in ``corpus/``.
Qt and the window are imported inside the functions that need them, so the tests that do not use
Qt do not load it by importing this module.

qtbot.keyClicks / QTest.keyClicks abort the process on non-ASCII text, so ``type_text`` types Chinese
as one QKeyEvent per character carrying the character as its text.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from desktop.domain.model import Level, ReportingUnit, Roster, Settings, TownEntry, Village
from desktop.domain.monthly.indicators_file import load_indicators
from desktop.domain.monthly.report import MonthlyReport, YearMonth
from desktop.domain.places.gazetteer import Gazetteer
from desktop.domain.places.matching import resolve_entry

if TYPE_CHECKING:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QWidget

    from desktop.store.database import Store
    from desktop.ui.monthly.page import MonthlyPage

ROOT = Path(__file__).resolve().parents[1]  # the project
FIXTURES = ROOT / "tests" / "fixtures"  # a database of every older schema version
SHARED = ROOT.parent / "shared"  # test data kept beside the project (realworld-xlsx)


# -- the program as a user runs it ----------------------------------------------------------------------
def run(*args: str | Path, env: dict | None = None) -> subprocess.CompletedProcess:
    """``python -m desktop *args`` in a subprocess, from the project folder, without Qt's platform."""
    full_env = {**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})}
    full_env.pop("QT_QPA_PLATFORM", None)
    return subprocess.run([sys.executable, "-m", "desktop", *map(str, args)], cwd=ROOT, env=full_env,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)


def start(*args: str | Path, out: Path, env: dict | None = None) -> subprocess.Popen:
    """``python -m desktop *args`` started in a subprocess and not waited for: its output (unbuffered,
    line by line) goes to the file ``out``, stderr included."""
    full_env = {**os.environ, "PYTHONIOENCODING": "utf-8", "PYTHONUNBUFFERED": "1", **(env or {})}
    full_env.pop("QT_QPA_PLATFORM", None)
    with open(out, "w", encoding="utf-8") as fh:
        return subprocess.Popen([sys.executable, "-m", "desktop", *map(str, args)], cwd=ROOT, env=full_env,
                                stdout=fh, stderr=subprocess.STDOUT)


def wait_for_output(out: Path, text: str, proc: subprocess.Popen, timeout: float = 120) -> None:
    """Until the output file ``out`` of ``proc`` holds ``text`` (fails when the process ends first)."""
    import time

    end = time.monotonic() + timeout
    while text not in out.read_text(encoding="utf-8"):
        assert proc.poll() is None, f"ended before printing {text!r}: {out.read_text(encoding='utf-8')}"
        assert time.monotonic() < end, f"no {text!r} after {timeout} s"
        time.sleep(0.05)


HOLD_WRITE_LOCK = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
sys.stdin.readline()
conn.execute("ROLLBACK")
"""


@contextmanager
def write_lock_held(db: Path) -> Iterator[None]:
    """Another program (a separate process) holding the database's write lock until the block ends, as an
    import or another window does while it writes."""
    proc = subprocess.Popen([sys.executable, "-c", HOLD_WRITE_LOCK, str(db)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"
        yield
    finally:
        assert proc.stdin is not None
        proc.stdin.close()  # its readline() returns: it rolls back and ends
        proc.wait(timeout=60)


@contextmanager
def read_only_place(*paths: Path) -> Iterator[None]:
    """``paths`` (files and folders) made read-only for the block, as on a CD or a read-only share: by their
    permissions, or when running as root (whom permissions do not stop) by the immutable attribute."""
    import stat

    as_root = hasattr(os, "geteuid") and os.geteuid() == 0
    if as_root:
        done = subprocess.run(["chattr", "+i", *map(str, paths)], capture_output=True)
        if done.returncode != 0:
            pytest.skip("running as root, where chmod does not stop writing, and chattr +i is not available")
    else:
        modes = {p: p.stat().st_mode for p in paths}
        for p in paths:
            p.chmod(stat.S_IMODE(modes[p]) & ~0o222)
    try:
        yield
    finally:
        if as_root:
            subprocess.run(["chattr", "-i", *map(str, paths)], check=True)
        else:
            for p, mode in modes.items():
                p.chmod(stat.S_IMODE(mode))


def disk_full(*_a, **_k):
    """A stand-in for a write the database refuses because the disk is full (as SQLite says it)."""
    import sqlite3

    raise sqlite3.OperationalError("database or disk is full")


def digest(path: Path) -> str:
    """The SHA-256 of a file (a database before and after a command that must not change it)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def realworld(name: str) -> Path:
    """A workbook saved by another program, from shared/realworld-xlsx beside the project."""
    path = SHARED / "realworld-xlsx" / name
    if not path.exists():
        pytest.skip("shared/realworld-xlsx is not beside the project")
    return path


# -- typing into widgets --------------------------------------------------------------------------------
def type_text(widget: QWidget, text: str) -> None:
    """Type any text (Chinese included) into a widget, one key event per character."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    for ch in text:
        if ch.isascii() and (ch.isalnum() or ch in " ./-"):
            key = ord(ch.upper()) if ch.isalpha() else ord(ch)
        else:
            key = Qt.Key.Key_unknown
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, ch))


def press(widget: QWidget, key: Qt.Key, modifiers: Qt.KeyboardModifier | None = None) -> None:
    """A key press and release sent straight to a widget (QWidget.event runs, so Tab moves focus)."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    modifiers = Qt.KeyboardModifier.NoModifier if modifiers is None else modifiers
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(widget, QKeyEvent(kind, key, modifiers, ""))


# -- towns and lists ------------------------------------------------------------------------------------
HEJIANG_TOWNS = ["符阳街道", "白沙镇", "先市镇", "尧坝镇", "九支镇", "福宝镇"]


def town(gaz, level, county, name, town_type="中心镇", villages=None, city="泸州市", tid=None):
    """A town entry with its first n official villages (10 by default, or the given names)."""
    entry = TownEntry(level, city, county, name, town_type, id=tid)
    if isinstance(villages, int) or villages is None:
        county_place = gaz.find("county", county, gaz.find("city", city).code) if gaz.find("city", city) else None
        place = gaz.find("town", name, county_place.code) if county_place else None
        n = 10 if villages is None else villages
        entry.villages = [Village(p.name, p.code) for p in gaz.children_of(place.code)[:n]] if place else []
    else:
        entry.villages = [Village(v) for v in villages]
    return resolve_entry(entry, gaz)


def sample_town(gaz: Gazetteer, level: Level, county: str, town: str, n_villages: int,
                town_type: str = "中心镇", city: str = "泸州市") -> TownEntry:
    """A town of the gazetteer with its first ``n_villages`` official villages, codes resolved."""
    c = gaz.find("city", city)
    co = gaz.find("county", county, c.code)
    t = gaz.find("town", town, co.code)
    villages = [Village(p.name, p.code) for p in gaz.children_of(t.code)[:n_villages]]
    return resolve_entry(TownEntry(level, city, county, town, town_type, villages=villages), gaz)


def sample_settings(gaz: Gazetteer) -> Settings:
    city = gaz.find("city", "泸州市")
    return Settings(ReportingUnit(city.code, city.name, "泸州市政务服务管理局"), date(2021, 3, 31))


def fill_valid_provincial(store: Store, gaz: Gazetteer) -> Roster:
    """附件1 with five 合江县 towns of at least 10 villages each: no errors."""
    towns = [("符阳街道", "县级政府驻地镇"), ("白沙镇", "中心镇"), ("先市镇", "特色小镇"),
             ("尧坝镇", "重点镇"), ("九支镇", "一般乡镇")]
    roster = Roster(Level.PROVINCIAL, date(2021, 3, 26),
                    [sample_town(gaz, Level.PROVINCIAL, "合江县", t, 10, ty) for t, ty in towns])
    store.save_settings(sample_settings(gaz))
    store.add_rosters([roster])
    return roster


# -- workbooks ------------------------------------------------------------------------------------------
def write_sheet(path: Path, rows: list[list[object]], title: str = "Sheet1",
                merges: tuple[str, ...] = ()) -> Path:
    """A one-sheet workbook of the given rows (and merged ranges), written with openpyxl."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    for rng in merges:
        ws.merge_cells(rng)
    wb.save(path)
    return path


CHECKLIST_ROWS = [[1, "优化整合平台", "中心设置", "中心全覆盖", 20, "看现场", "是"],
                  [2, None, "资源整合", "一窗综办", 30, "看现场", ""],
                  [3, "提升服务能力", "群众满意度", "满意度不低于90%", 50, "问群众", ""],
                  [4, "提升服务能力", "创新加分", "经验被推广", 3, "查资料", ""]]


def checklist_sheet(path: Path, rows: list[list], merge: str | None = None) -> Path:
    """An official score sheet (评分表): a title, a blank row, the header, ``rows``, maybe a merged range."""
    header = [["镇村便民服务“三化”建设试点验收评估方案"], [], ["序号", "一级指标", "二级指标", "评分标准", "分值", "评分方式", "必要条件"]]
    return write_sheet(path, [*header, *rows], "评分表", (merge,) if merge else ())


# -- 月报: a demo store for 泸州市 and its page --------------------------------------------------------
# The demo reports are for the three months before TODAY: 2021年2月 and 3月 exported, 4月 已校验
# (逾期 on the board, its 25 April deadline has passed); 2021年5月 is due on the 25th.
TODAY = date(2021, 5, 10)
CITY = "泸州市"
FEB, MAR, APR, MAY = (YearMonth(2021, m) for m in (2, 3, 4, 5))
INDICATORS = load_indicators()


def luzhou_settings() -> Settings:
    return Settings(ReportingUnit("5105", CITY, "泸州市政务服务管理局"), date(2021, 3, 31))


def fill_demo(store: Store, gaz, today: date = TODAY) -> list[MonthlyReport]:
    """The demo rosters and monthly reports, stored as ``python -m desktop demo`` stores them."""
    from desktop.domain.monthly.all_checks import deadline_day
    from desktop.domain.monthly.demo import build_demo_reports
    from desktop.domain.monthly.roster_link import roster_counts
    from desktop.domain.roster.demo import build_demo

    _demo_settings, rosters = build_demo(gaz)
    settings = luzhou_settings()
    reports = build_demo_reports(settings.region, roster_counts(rosters, settings.unit), INDICATORS,
                                 today, deadline_day(settings, INDICATORS))
    with store.action("写入演示数据"):
        store.save_settings(settings)
        store.add_rosters(rosters)
        for report in reports:
            store.create_report(report)
    return reports


def county_report(unit: str, month: YearMonth, scale: int = 1) -> MonthlyReport:
    """A county's report as if imported from its workbook (figures only, one text)."""
    values = {ind.code: 0 for ind in INDICATORS.indicators}
    values.update(pilot_towns=2 * scale, pilot_villages=10 * scale, windows_total=10 * scale,
                  windows_integrated=6 * scale, hall_area_avg=100.0 + 10 * scale, town_items=100 + scale)
    return MonthlyReport(unit, month, "赵六", "0830-1234567", "钱七", date(month.year, month.month, 18),
                         values=values, texts={"problems": f"{unit}人手不足"}, status="exported", locked=True)


def make_page(qtbot, store: Store, today: date = TODAY) -> MonthlyPage:
    """The 月报 page on its own (no window), shown, active, with synchronous jobs and a fixed today."""
    from desktop.ui.common.jobs import JobRunner
    from desktop.ui.monthly.page import MonthlyPage

    page = MonthlyPage(store, INDICATORS, jobs=JobRunner(synchronous=True), today=lambda: today)
    qtbot.addWidget(page)
    page.resize(1300, 800)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    return page


# -- a county gathering three township packages -----------------------------------------------------------
# 榕山镇 in conflict (both sides edited it since March), 白沙镇 changed (a village replaced), 尧坝镇 new with
# one village typed as a name the gazetteer does not know, and a monthly report (the import preview tests
# and its screenshot).
MARCH, APRIL = datetime(2021, 3, 20, 9, 30), datetime(2021, 4, 2, 16, 10)
UNKNOWN_VILLAGE, SUGGESTED = "鼓楼村", "鼓楼山村"


def package_name(town: str, made: datetime) -> str:
    return f"交换包-合江县{town}便民服务中心-{made:%Y%m%d}.zctb"


def county_scenario(folder: Path, gaz: Gazetteer) -> tuple[Store, list[Path]]:
    """The county's store (after a first import in March and its own edit) and the three April packages."""
    from corpus.offices import TOWNSHIPS, county_office, package_of, township

    from desktop.domain.merge.preview import build_preview

    folder.mkdir(parents=True, exist_ok=True)
    towns = {name: township(folder, gaz, name) for name in TOWNSHIPS}
    county = county_office(folder)
    try:
        first = [package_of(towns[n], folder / package_name(n, MARCH), made_at=MARCH) for n in ("榕山镇", "白沙镇")]
        county.apply_import(build_preview(county.local_state(), [p.incoming() for p in first], gaz))
        rongshan = next(t for t in county.load_roster(Level.COUNTY).towns if t.town == "榕山镇")
        county.update_town(rongshan.id, note="县里核实：便民服务中心已挂牌")

        rs = towns["榕山镇"]
        rs.update_town(rs.load_roster(Level.COUNTY).towns[0].id, town_type="重点镇", note="新增木广村代办点")
        bs = towns["白沙镇"]
        baisha = bs.load_roster(Level.COUNTY).towns[0]
        official = gaz.children_of(baisha.town_code)
        bs.set_villages(baisha.id, [*baisha.villages[:2], Village(official[5].name, official[5].code)])
        yb = towns["尧坝镇"]
        yaoba = yb.load_roster(Level.COUNTY).towns[0]
        yb.set_villages(yaoba.id, [*yaoba.villages, Village(UNKNOWN_VILLAGE, None)])
        yb.create_report(MonthlyReport("尧坝镇", YearMonth(2021, 3), reporter="王芳", phone="0830-5212345",
                                       reviewer="李强", filled_on=date(2021, 4, 1),
                                       values={"pilot_towns": 1, "hall_area_avg": 120}))
        paths = []
        for name, store in towns.items():
            out = folder / package_name(name, APRIL)
            package_of(store, out, made_at=APRIL)
            paths.append(out)
    finally:
        for store in towns.values():
            store.close()
    return county, paths


# -- e-mails from the counties of a city (收件情况, 催报) ---------------------------------------------------------
LUZHOU_COUNTIES = {"合江县": "510522", "泸县": "510521", "叙永县": "510524"}


def county_mail(folder: Path, gaz: Gazetteer, county: str, month: YearMonth = APR, *, received: int = 900,
                documents: tuple[tuple[str, bytes], ...] = (), made_at: datetime | None = None) -> Path:
    """The e-mail a county of 泸州市 sends its city (as saved from Outlook), dated ``made_at`` (default
    2021年4月19日 16:20): its package — two towns of 附件3 and its 月报 of ``month`` — attached, with
    ``documents`` (name, bytes) beside it."""
    from corpus.offices import office, package_of, town

    from desktop.exchange.eml import build_eml

    code = LUZHOU_COUNTIES[county]
    folder.mkdir(parents=True, exist_ok=True)
    entries = [town(gaz, t.name, county=county) for t in gaz.children_of(code)[:2]]
    store = office(folder, f"{county} 数据", ReportingUnit(code, county, f"{county}政务服务中心"), entries,
                   date(2021, 3, 25))
    try:
        store.create_report(MonthlyReport(county, month, "赵六", "0830-1234567", "钱七", date(month.year, month.month, 18),
                                          values={"pilot_towns": 2, "cases_received": received}))
        package = package_of(store, folder / f"交换包-{county}政务服务中心.zctb", made_at=made_at or datetime(2021, 4, 19, 16))
    finally:
        store.close()
    eml = build_eml("sz@lz.gov.cn", f"{county}政务服务中心报送{month.label}镇村便民服务“三化”试点工作进展情况", "您好",
                    [(package.path.name, package.path.read_bytes()), *documents],
                    sender=f"{county}政务服务中心 <{code}@example.gov.cn>", sent=made_at or datetime(2021, 4, 19, 16, 20))
    path = folder / f"{county} 报送 邮件.eml"
    path.write_bytes(eml)
    package.path.unlink()
    return path
