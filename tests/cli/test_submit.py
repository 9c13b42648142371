"""报送: the e-mail draft's attachments are the exported files byte for byte, with their Chinese names;
every export and 报送 is recorded; a past version's files come back byte-identical; the comparison
lists exactly the edits made since."""

from __future__ import annotations

import hashlib
from datetime import date
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from helpers import run

from desktop.domain.model import Level, Roster, TownEntry
from desktop.domain.monthly.report import MonthlyReport, YearMonth
from desktop.domain.submission import Sending, diff_snapshots, snapshot_of
from desktop.exchange.eml import attachments_of, build_eml
from desktop.store.database import open_store


def _last_month() -> str:
    today = date.today()
    return YearMonth(today.year, today.month).prev().iso


@pytest.fixture
def demo(demo_db: Path) -> Path:
    """The demo database with its 报送 recipient set."""
    assert run("settings", "--db", demo_db, "--recipient", "zwglc@sc.gov.cn").returncode == 0
    return demo_db


def test_the_draft_carries_the_exported_files_byte_for_byte(demo, tmp_path):
    out = tmp_path / "报送 文件"
    r = run("submit", "--db", demo, "--out", out, "--month", _last_month())
    assert r.returncode == 0, r.stderr
    (draft,) = out.glob("*.eml")
    msg = message_from_bytes(draft.read_bytes(), policy=policy.default)
    assert msg["X-Unsent"] == "1" and msg["To"] == "zwglc@sc.gov.cn"
    assert msg["Subject"].startswith("泸州市政务服务管理局报送镇村便民服务试点地区名单（附件1-3）和")
    sent = dict(attachments_of(draft.read_bytes()))
    files = {p.name: p.read_bytes() for p in out.glob("*.xlsx")}
    assert len(files) == 4 and sent == files
    assert any(name.startswith("附件1 省级试点地区乡镇（街道）、村（社区）名单") for name in sent)
    body = next(p for p in msg.walk() if p.get_content_type() == "text/plain").get_content()
    assert "现报送镇村便民服务试点地区名单（附件1-3）" in body and "1. 附件1" in body


def test_every_submission_is_recorded_and_its_files_come_back(demo, tmp_path):
    out = tmp_path / "出"
    assert run("export", "--db", demo, "--out", out).returncode == 0
    assert run("submit", "--db", demo, "--out", tmp_path / "报送").returncode == 0
    r = run("history", "--db", demo)
    lines = r.stdout.splitlines()
    assert lines[0].startswith("#2\t") and "\t报送\t" in lines[0] and "→ zwglc@sc.gov.cn" in lines[0]
    assert any(line.startswith("#1\t") and "\t导出\t" in line for line in lines)
    first = (out / next(p.name for p in out.glob("附件1*.xlsx")))
    assert f"SHA-256 {hashlib.sha256(first.read_bytes()).hexdigest()}" in r.stdout
    again = tmp_path / "再 保存"
    assert run("history", "--db", demo, "--save", "1", "--out", again).returncode == 0
    assert {p.name: p.read_bytes() for p in again.iterdir()} == {p.name: p.read_bytes() for p in out.iterdir()}
    # what the command would otherwise quietly ignore is refused, saying how to write it
    r = run("history", "--db", demo, "--diff", "1", "2", "3")
    assert r.returncode == 2 and r.stderr.startswith("错误：--diff 最多给两个编号（给了 3 个）")
    r = run("history", "--db", demo, "--out", again)
    assert r.returncode == 2 and r.stderr.startswith("错误：--out 要与 --save 一起用")
    r = run("history", "--db", demo, "--save", "1", "--diff", "1", "--out", again)
    assert r.returncode == 2 and r.stderr.startswith("错误：--save 与 --diff 不能一起用")


def test_the_comparison_lists_exactly_the_edits_since(demo, tmp_path):
    assert run("submit", "--db", demo, "--out", tmp_path / "报送", "--month", _last_month()).returncode == 0
    store = open_store(demo)
    try:
        roster = store.load_roster(Level.PROVINCIAL)
        town = roster.towns[1]
        store.update_town(town.id, town_type="重点镇", note="已调整")
        store.set_villages(town.id, town.villages[1:])
        report = store.report(store.settings().region, YearMonth.parse(_last_month()))
        store.set_report_value(report.id, "windows_total", 99) if not report.locked else None
    finally:
        store.close()
    r = run("history", "--db", demo, "--diff", "1")
    assert r.returncode == 0
    removed = town.villages[0].name
    expected = [f"  附件1 {town.county} {town.town}：乡镇类型 {town.town_type} → 重点镇",
                f"  附件1 {town.county} {town.town}：备注 {town.note or '（空）'} → 已调整",
                f"  附件1 {town.county} {town.town}：删除村（社区）{removed}"]
    for line in expected:
        assert line in r.stdout.splitlines()
    assert r.stdout.splitlines()[0].startswith("#1（") and "→ 今天的数据（比较名单、" in r.stdout.splitlines()[0]


def test_a_monthly_only_submission_is_compared_only_on_its_report(demo, tmp_path):
    """Issue 21 point 6: after `submit --no-rosters`, --diff listed every town as 新增 (and --diff 1 3 as 删除)."""
    month = _last_month()
    label = f"{int(month[:4])}年{int(month[5:7])}月月报"
    assert run("submit", "--db", demo, "--out", tmp_path / "一", "--month", month, "--no-rosters").returncode == 0
    assert run("submit", "--db", demo, "--out", tmp_path / "二", "--month", month).returncode == 0
    assert run("export", "--db", demo, "--out", tmp_path / "三").returncode == 0
    r = run("history", "--db", demo, "--diff", "1")
    assert r.returncode == 0 and "新增乡镇" not in r.stdout
    assert r.stdout.splitlines() == [r.stdout.splitlines()[0]] and f"→ 今天的数据（比较{label}）：没有改动" in r.stdout
    r = run("history", "--db", demo, "--diff", "2", "1")
    assert "删除乡镇" not in r.stdout and f"→ #1（比较{label}）：没有改动" in r.stdout
    r = run("history", "--db", demo, "--diff", "1", "3")
    assert "删除乡镇" not in r.stdout and "新增乡镇" not in r.stdout
    assert f"两个版本没有共同的内容，无法比较（#1：{label}；#3：名单）" in r.stdout


def test_a_documents_only_submission_says_what_it_holds(demo, tmp_path):
    """It said “#1 没有可比较的数据（没有数据）”; the copy of a document was called 已导出."""
    plan = tmp_path / "实施 方案.pdf"
    plan.write_bytes(b"%PDF-1.4 plan")
    r = run("submit", "--db", demo, "--out", tmp_path / "材料", "--no-rosters", "--attach", f"实施方案={plan}")
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[0] == f"已附上材料 {tmp_path / '材料' / '实施 方案.pdf'}"
    r = run("history", "--db", demo, "--diff", "1")
    assert r.returncode == 0 and r.stdout.strip().endswith(
        "#1 只报送了材料，没有名单或月报数据可比较（它报送的文件仍可按原样取回）"), r.stdout


def test_only_what_both_versions_hold_is_compared():
    from desktop.domain.submission import compared_parts

    roster = Roster(Level.COUNTY, None, [TownEntry(Level.COUNTY, "泸州市", "合江县", "白沙镇", "中心镇")])
    april = MonthlyReport("泸州市", YearMonth(2021, 4), values={"staff": 1})
    may = MonthlyReport("泸州市", YearMonth(2021, 5), values={"staff": 2})
    monthly_only = snapshot_of([], [april])
    both = snapshot_of([roster], [april])
    today = snapshot_of([roster], [april, may], whole=True)
    assert diff_snapshots(monthly_only, today) == [] and compared_parts(monthly_only, today) == "2021年4月月报"
    assert diff_snapshots(both, today) == [] and compared_parts(both, today) == "名单、2021年4月月报"
    assert diff_snapshots(monthly_only, snapshot_of([roster], [])) == []
    assert compared_parts(monthly_only, snapshot_of([roster], [])) == ""
    assert diff_snapshots(both, snapshot_of([], [], whole=True)) == [
        "附件3 删除乡镇（街道）：合江县 白沙镇", "月报 泸州市2021年4月：删除"]
    older = {"rosters": [], "reports": both["reports"]}  # a record of an older version: no "holds"
    assert diff_snapshots(older, today) == [] and compared_parts(older, today) == "2021年4月月报"


def test_no_recipient_writes_nothing(tmp_path):
    db = tmp_path / "库.sqlite"
    assert run("demo", "--db", db).returncode == 0
    out = tmp_path / "出"
    r = run("submit", "--db", db, "--out", out)
    assert r.returncode == 2 and "未设置收件人" in r.stderr
    assert not out.exists()
    r = run("settings", "--db", db, "--recipient", "不是地址")
    assert r.returncode == 2 and "收件人地址“不是地址”格式不正确" in r.stderr


def test_an_empty_to_names_the_recipient_of_the_settings(demo, tmp_path):
    """Issue 21: `submit --to ""` said 未设置收件人 although one is set."""
    out = tmp_path / "出"
    r = run("submit", "--db", demo, "--out", out, "--to", " ")
    assert r.returncode == 2 and "未设置收件人" not in r.stderr
    assert r.stderr.strip() == ("错误：--to 后面没有写收件人地址。设置中的收件人是“zwglc@sc.gov.cn”：要发给它，请去掉 --to；"
                                "要发给别人，请在 --to 后写上地址。没有导出任何文件")
    assert not out.exists() and "还没有导出或报送记录" in run("history", "--db", demo).stdout


def test_diff_of_known_edits():
    def entry(town, kind="中心镇", note="", villages=("红旗村", "新华村")):
        e = TownEntry(Level.COUNTY, "泸州市", "合江县", town, kind, note)
        e.villages = [__import__("desktop.domain.model", fromlist=["Village"]).Village(v) for v in villages]
        return e

    old = snapshot_of([Roster(Level.COUNTY, None, [entry("白沙镇"), entry("先市镇")])],
                      [MonthlyReport("泸州市", YearMonth(2021, 4), values={"staff": 120, "windows_total": 84})])
    new = snapshot_of([Roster(Level.COUNTY, None, [entry("白沙镇", "重点镇", "注", ("红旗村", "石桥村")),
                                                   entry("福宝镇")])],
                      [MonthlyReport("泸州市", YearMonth(2021, 4), values={"staff": 121, "windows_total": 84})])
    assert diff_snapshots(old, new, {"staff": "在编专职人员数"}) == [
        "附件3 新增乡镇（街道）：合江县 福宝镇",
        "附件3 删除乡镇（街道）：合江县 先市镇",
        "附件3 合江县 白沙镇：乡镇类型 中心镇 → 重点镇",
        "附件3 合江县 白沙镇：备注 （空） → 注",
        "附件3 合江县 白沙镇：新增村（社区）石桥村",
        "附件3 合江县 白沙镇：删除村（社区）新华村",
        "月报 泸州市2021年4月 在编专职人员数：120 → 121",
    ]
    assert diff_snapshots(old, old) == []


def test_subject_and_file_names_follow_one_rule():
    s = Sending("泸州市政务服务管理局", rosters=True, month_label="2021年4月")
    assert s.subject() == "泸州市政务服务管理局报送镇村便民服务试点地区名单（附件1-3）和2021年4月镇村便民服务“三化”试点工作进展情况"
    eml = build_eml("a@b.cn", s.subject(), s.cover_text(["甲.xlsx"], date(2021, 4, 20)), [("甲.xlsx", b"\x00\xff")])
    assert attachments_of(eml) == [("甲.xlsx", b"\x00\xff")]
    assert b"filename*=utf-8''" in eml and b'filename="=?utf-8?b?' in eml and b"X-Unsent: 1" in eml


def test_sending_status_of_rosters_and_months():
    from desktop.domain.submission import month_part, roster_part, sending_status

    roster = Roster(Level.COUNTY, None, [TownEntry(Level.COUNTY, "泸州市", "合江县", "白沙镇", "中心镇")])
    report = MonthlyReport("泸州市", YearMonth(2021, 4), values={"staff": 1})
    sent = snapshot_of([roster], [report])
    assert sending_status([], roster_part(sent)) == ("未报送", "未报送")
    records = [("2021-04-20T10:00:00", roster_part(sent))]
    assert sending_status(records, roster_part(sent)) == ("已报送", "已报送（2021年4月20日）")
    roster.towns[0].note = "改"
    assert sending_status(records, roster_part(snapshot_of([roster], [report]))) == (
        "报送后又修改", "报送后又修改（2021年4月20日报送后数据有改动，请重新报送）")
    month = [("2021-04-20T10:00:00", month_part(sent, "泸州市", "2021-04"))]
    assert sending_status(month, month_part(snapshot_of([roster], [report]), "泸州市", "2021-04"))[0] == "已报送"


def test_a_folder_that_cannot_be_written_changes_nothing(demo, tmp_path):
    blocker = tmp_path / "一个文件"
    blocker.write_text("x", encoding="utf-8")
    r = run("submit", "--db", demo, "--out", blocker / "报送")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "（路径中有一段是文件而不是文件夹）" in r.stderr or "同名的文件已存在" in r.stderr or "无法写入" in r.stderr
    assert run("history", "--db", demo).stdout.strip() == "还没有导出或报送记录"


def test_packages_and_exports_are_recorded_too(demo, tmp_path):
    assert run("package", "--db", demo, "--out", tmp_path / "包.zctb").returncode == 0
    r = run("history", "--db", demo)
    assert "\t交换包\t" in r.stdout and "包.zctb\tSHA-256" in r.stdout
