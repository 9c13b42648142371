"""The city's 收件情况 from the command line (issue 19): the .eml a county's ``submit`` writes, with its
documents attached (``--attach``), imported into the city's database; the board shows the county as
已收; ``--remind`` writes drafts that parse with Python's email and name what is missing."""

from __future__ import annotations

import hashlib
from datetime import date
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from helpers import run

from desktop.domain.model import Level, ReportingUnit, Roster, Settings
from desktop.domain.monthly.demo import build_demo_reports
from desktop.domain.monthly.indicators_file import load_indicators
from desktop.domain.monthly.report import RosterCounts, YearMonth
from desktop.domain.roster.demo import build_demo
from desktop.exchange.eml import attachments_of
from desktop.store.database import open_store

MONTH = YearMonth.of(date.today()).prev()


@pytest.fixture
def county_db(tmp_path, gaz) -> Path:
    """合江县's database: its five provincial pilot towns and its 月报 up to last month, ready to send."""
    _settings, rosters = build_demo(gaz)
    db = tmp_path / "合江县 数据" / "合江县.sqlite"
    store = open_store(db)
    try:
        store.save_settings(Settings(ReportingUnit("510522", "合江县", "合江县政务服务管理局"), date(2021, 3, 31)))
        store.add_rosters([Roster(Level.PROVINCIAL, rosters[0].filled_on, rosters[0].towns)])
        for report in build_demo_reports("合江县", RosterCounts(5, 55), load_indicators(), date.today(), 20):
            report.status, report.locked = "draft", False
            store.create_report(report)
    finally:
        store.close()
    return db


@pytest.fixture
def city_db(tmp_path) -> Path:
    db = tmp_path / "泸州市 数据" / "泸州市.sqlite"
    r = run("settings", "--db", db, "--region", "泸州市", "--office", "泸州市政务服务管理局")
    assert r.returncode == 0, r.stderr
    return db


def test_the_county_submits_with_its_documents_and_the_city_board_shows_it_received(county_db, city_db, tmp_path):
    plan = tmp_path / "材料" / "合江县镇村便民服务三化建设实施方案.docx"
    plan.parent.mkdir()
    plan.write_bytes(b"PK\x03\x04 word")
    report = tmp_path / "材料" / "报告终稿.pdf"
    report.write_bytes(b"%PDF-1.4 research")
    out = tmp_path / "报送 文件"
    r = run("submit", "--db", county_db, "--out", out, "--month", MONTH.iso, "--to", "sz@lz.gov.cn",
            "--attach", plan, "--attach", f"专题调研报告={report}")
    assert r.returncode == 0, r.stderr
    (draft,) = out.glob("*.eml")
    msg = message_from_bytes(draft.read_bytes(), policy=policy.default)
    assert msg["Subject"] == (f"合江县政务服务管理局报送镇村便民服务试点地区名单（附件1-3）、{MONTH.label}"
                              "镇村便民服务“三化”试点工作进展情况、实施方案和专题调研报告")
    sent = dict(attachments_of(draft.read_bytes()))
    assert sent["合江县镇村便民服务三化建设实施方案.docx"] == b"PK\x03\x04 word"
    assert sent["报告终稿（专题调研报告）.pdf"] == b"%PDF-1.4 research"  # the name now says which document it is
    assert (out / "报告终稿（专题调研报告）.pdf").read_bytes() == b"%PDF-1.4 research"  # beside the draft
    history = run("history", "--db", county_db).stdout
    assert f"SHA-256 {hashlib.sha256(b'%PDF-1.4 research').hexdigest()}" in history

    r = run("import", "--db", city_db, draft)
    assert r.returncode == 0, r.stderr
    assert f"“{draft.name}”是邮件“{msg['Subject']}”（未写发件人，" in r.stdout
    assert "收件情况：记下 4 项收到的材料（python -m desktop receiving --db 数据库 查看）" in r.stdout
    board = run("receiving", "--db", city_db)
    assert board.returncode == 1  # other counties are 逾期
    lines = board.stdout.splitlines()
    at = lines.index("合江县（邮箱 未设置）")
    hejiang = lines[at + 1: at + 1 + 6]
    assert hejiang[0].startswith("  名单（附件1–3）：已收（") and "附件1 省级试点地区乡镇（街道）、村（社区）名单（合江县）.xlsx" in hejiang[0]
    assert hejiang[1].startswith("  专题调研报告：已收（") and "文件“报告终稿（专题调研报告）.pdf”，来自邮件" in hejiang[1]
    assert hejiang[2].startswith("  实施方案：已收（")
    month_line = next(line for line in hejiang if line.startswith(f"  {MONTH.label}月报："))
    assert month_line.startswith(f"  {MONTH.label}月报：已收（")
    assert "江阳区（邮箱 未设置）" in lines and "  名单（附件1–3）：逾期（截止 " in lines[lines.index("江阳区（邮箱 未设置）") + 1]


def test_remind_from_the_command_line_and_refusals(county_db, city_db, tmp_path):
    r = run("receiving", "--db", city_db, "--address", "叙永县=xyzw@xy.gov.cn", "--address", "合江县=")
    assert r.returncode == 0 and r.stdout.splitlines() == ["已设置叙永县的邮箱：xyzw@xy.gov.cn", "已设置合江县的邮箱：（已清除）"]
    out = tmp_path / "催报 草稿"
    r = run("receiving", "--db", city_db, "--remind", "--out", out, "--unit", "叙永县")
    assert r.returncode == 0, r.stderr
    (draft,) = out.glob("*.eml")
    assert draft.name == f"催报-叙永县-{date.today():%Y%m%d}.eml"
    msg = message_from_bytes(draft.read_bytes(), policy=policy.default)
    assert msg["To"] == "xyzw@xy.gov.cn" and msg["X-Unsent"] == "1"
    assert msg["Subject"].startswith("泸州市政务服务管理局催报：请叙永县报送名单（附件1–3）")
    body = msg.get_body(("plain",)).get_content()
    assert "1. 名单（附件1–3）（截止 " in body and "请尽快报送" in body
    assert "；已催报 1 次" in run("receiving", "--db", city_db).stdout
    refused = run("receiving", "--db", city_db, "--remind")
    assert refused.returncode == 2 and "--remind 要用 --out 指定" in refused.stderr
    county = run("receiving", "--db", county_db)  # a county's board: the pilot towns of its rosters
    assert county.stdout.startswith("收件情况：合江县政务服务管理局") and "下属 5 个乡镇（街道）" in county.stdout
    town_db = tmp_path / "九支镇.sqlite"
    assert run("settings", "--db", town_db, "--region", "合江县九支镇", "--office", "九支镇便民服务中心").returncode == 0
    town = run("receiving", "--db", town_db)
    assert town.returncode == 2 and "是乡镇（街道），没有下级单位报送材料" in town.stderr
    bad = run("receiving", "--db", city_db, "--address", "成都市=a@b.cn")
    assert bad.returncode == 2 and "“成都市”不是本单位下属的县（市、区）" in bad.stderr
    for year in ("2019", "0", str(date.today().year + 1)):  # 0 used to show this year's board
        bad = run("receiving", "--db", city_db, "--year", year)
        assert bad.returncode == 2 and bad.stderr.strip() == (
            f"错误：年份 {year} 不对：试点自 2021 年开始，请写 2021 到 {date.today().year} 之间的年份"), bad.stderr


def test_a_hostile_e_mail_is_refused_and_the_database_is_unchanged(city_db, tmp_path):
    from helpers import digest

    folder = tmp_path / "收到的 邮件"
    folder.mkdir()
    deep = "From: a@b.cn\r\nSubject: deep\r\n"
    body = "Content-Type: application/octet-stream; name=x.zctb\r\n\r\nPK\r\n"
    for level in range(12):
        body = f'Content-Type: multipart/mixed; boundary="b{level}"\r\n\r\n--b{level}\r\n{body}--b{level}--\r\n'
    (folder / "套娃.eml").write_text(deep + body, encoding="utf-8")
    before = digest(city_db)
    r = run("import", "--db", city_db, folder)
    assert r.returncode == 2 and r.stderr.startswith("错误：邮件“套娃.eml”嵌套超过 8 层（转发套转发），没有导入")
    assert digest(city_db) == before


def test_the_units_own_export_read_back_is_not_received(county_db, tmp_path):
    """A unit that imports its own export (to check it, or by mistake) has not received anything."""
    assert run("export", "--db", county_db, "--out", tmp_path / "导出").returncode in (0, 1)
    own = sorted((tmp_path / "导出").glob("附件*.xlsx"))
    assert own, "the county's own lists were exported"
    r = run("import", "--db", county_db, *own)
    assert r.returncode == 0, r.stderr
    assert "收件情况" not in r.stdout
    store = open_store(county_db)
    try:
        assert store.receipts() == []
    finally:
        store.close()
