"""验收评估 end to end: the demo is scored, scores are set and refused on the command line, undo takes
a score back, and the exported 评分表 and 汇总表 read back as written."""

from __future__ import annotations

import pytest
from helpers import run
from openpyxl import load_workbook

from desktop.domain.evaluation.checklist import load_checklist
from desktop.domain.evaluation.scoring import ItemScore, result_of
from desktop.domain.evaluation.sites import sites_of
from desktop.store.database import open_store


def test_the_demo_is_scored(demo_db):
    r = run("evaluation", "--db", demo_db)
    assert r.returncode == 0, r.stdout
    lines = r.stdout.splitlines()
    assert lines[0] == "镇村便民服务“三化”建设试点验收评估评分表（参考方案）：19 个试点"
    assert "未评完" in lines[2] and "优秀" in lines[1]


def test_scores_are_set_checked_and_refused(demo_db):
    r = run("evaluation", "--db", demo_db, "--site", "合江县九支镇", "--item", "P2", "--accept", "5")
    assert r.returncode == 1
    assert "错误\t合江县九支镇 P2 资源整合：扣了 3 分，请填写扣分原因" in r.stdout
    r = run("evaluation", "--db", demo_db, "--site", "九支镇", "--item", "P2", "--reason", "民政、社保窗口未进驻")
    assert r.returncode == 0
    r = run("evaluation", "--db", demo_db, "--site", "九支镇", "--item", "P2", "--accept", "9")
    assert r.returncode == 2 and r.stderr.strip() == "错误：合江县九支镇 P2：验收分 9 应在 0 到 8 之间（评分没有改动）"
    r = run("evaluation", "--db", demo_db, "--site", "九支镇", "--item", "K1", "--accept", "1")
    assert r.returncode == 2 and "评分项目 K1 适用于县，不适用于试点“合江县九支镇”" in r.stderr
    r = run("evaluation", "--db", demo_db, "--site", "某某镇", "--item", "P1", "--accept", "1")
    assert r.returncode == 2 and "名单中没有试点“某某镇”" in r.stderr


def test_undo_takes_a_score_back(demo_db):
    checklist = load_checklist()
    store = open_store(demo_db)
    try:
        site = next(s for s in sites_of(store.load_rosters(), checklist) if s.name == "合江县九支镇")
        before = store.site_scores(site).items["P2"]
        store.set_item_score(site, "P2", ItemScore(8, 4, "未一窗综办"))
        assert result_of(checklist, store.site_scores(site)).by_task["platform"] < 20
        store.undo()
        assert store.site_scores(site).items["P2"] == before
    finally:
        store.close()


def test_export_reads_back(demo_db, tmp_path):
    out = tmp_path / "验收 导出"
    r = run("evaluation", "--db", demo_db, "--export", out)
    assert r.returncode == 0, r.stderr
    sheets = sorted(out.glob("验收评分表-*.xlsx"))
    assert len(sheets) == 19
    ws = load_workbook(next(p for p in sheets if "九支镇" in p.name)).active
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    assert rows[0][0] == "镇村便民服务“三化”建设试点验收评估评分表（参考方案）"
    assert rows[2] == ["一级指标", "二级指标", "评分标准", "评分方式", "分值", "自评分", "验收分", "扣分原因"]
    assert rows[3][:2] == ["优化整合平台", "便民服务中心（站）设置（必要条件）"] and rows[3][4] == "12"
    assert any(r[0] and str(r[0]).startswith("验收人员（签字）：王晓燕、李建国") for r in rows)
    assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4 and ws.print_title_rows == "$3:$3"
    summary = load_workbook(next(out.glob("验收汇总表-*.xlsx"))).active
    rows = [list(r) for r in summary.iter_rows(values_only=True)]
    assert rows[2][:3] == ["排名", "试点", "类型"] and rows[3][0] == "1"
    assert len([r for r in rows[3:] if r[1]]) >= 19


def test_cross_evaluation_travels_in_packages_with_conflicts_kept(tmp_path):
    """An evaluating county scores a site and sends a package; the city takes what it lacks, and a score
    both sides gave differently is a conflict: the city's is kept and the preview says so."""
    city, team = tmp_path / "市.sqlite", tmp_path / "验收组.sqlite"
    for db in (city, team):
        assert run("demo", "--db", db).returncode == 0
    store = open_store(city)
    try:  # the city's database: no scores yet for 九支镇 but one (P2) typed here
        checklist = load_checklist()
        site = next(s for s in sites_of(store.load_rosters(), checklist) if s.name == "合江县九支镇")
        store.clear_evaluation()
        store.set_item_score(site, "P2", ItemScore(8, 6, "民政窗口未进驻"))
    finally:
        store.close()
    assert run("evaluation", "--db", team, "--site", "九支镇", "--item", "P2", "--accept", "7",
               "--reason", "社保窗口未进驻").returncode == 0
    assert run("package", "--db", team, "--out", tmp_path / "验收.zctb").returncode == 0
    r = run("import", "--db", city, "--dry-run", tmp_path / "验收.zctb")
    assert r.returncode == 0
    lines = r.stdout.splitlines()
    summary = next(line for line in lines if line.startswith("验收评分："))
    assert "冲突 2 项（保留本机的）" in summary
    assert "  冲突：合江县九支镇 P2 验收分：本机 6，泸州市政务服务管理局 7（保留本机的）" in lines
    r = run("import", "--db", city, tmp_path / "验收.zctb")
    assert r.returncode == 0 and any(line.startswith("验收评分：采用 ") for line in r.stdout.splitlines())
    store = open_store(city)
    try:
        scores = store.site_scores(site)
        assert scores.items["P2"] == ItemScore(8, 6, "民政窗口未进驻")  # ours kept
        assert scores.items["P1"].accept_score == 12 and scores.evaluators == "王晓燕、李建国"  # theirs taken
    finally:
        store.close()
    again = run("import", "--db", city, "--dry-run", tmp_path / "验收.zctb")
    assert "采用 0 项" in next(line for line in again.stdout.splitlines() if line.startswith("验收评分："))


def test_evidence_is_kept_with_its_checksum_and_listed_on_the_sheet(demo_db, tmp_path):
    import hashlib

    photo = tmp_path / "现场 照片.jpg"
    photo.write_bytes(b"\xff\xd8\xff" + b"photo" * 100)
    r = run("evaluation", "--db", demo_db, "--site", "九支镇", "--item", "S1", "--evidence", photo)
    assert r.returncode == 0, r.stderr
    digest = hashlib.sha256(photo.read_bytes()).hexdigest()
    assert f"SHA-256 {digest[:16]}…，文件已保存在数据库中" in r.stdout
    store = open_store(demo_db)
    try:
        site = next(s for s in sites_of(store.load_rosters(), load_checklist()) if s.name == "合江县九支镇")
        assert store.evidence(site) == [("S1", "现场 照片.jpg", digest, photo.stat().st_size, True)]
        assert store.evidence_bytes(site, "S1", "现场 照片.jpg") == photo.read_bytes()
        store.add_evidence(site, "P1", photo)  # added in this session: undo takes it back
        store.undo()
        assert [e[0] for e in store.evidence(site)] == ["S1"]
    finally:
        store.close()
    out = tmp_path / "出"
    assert run("evaluation", "--db", demo_db, "--export", out).returncode == 0
    ws = load_workbook(next(out.glob("验收评分表-合江县九支镇.xlsx"))).active
    texts = [str(r[0]) for r in ws.iter_rows(values_only=True) if r[0]]
    assert f"佐证材料：S1 现场 照片.jpg（SHA-256 {digest[:12]}）" in texts


def test_imported_scores_say_who_sent_them_and_a_newer_version_is_refused(tmp_path):
    from corpus.tamper import parts, resealed

    from desktop.exchange.package.archive import PackageError, read_package

    city, team = tmp_path / "市.sqlite", tmp_path / "组.sqlite"
    for db in (city, team):
        assert run("demo", "--db", db).returncode == 0
    store = open_store(city)
    try:
        store.clear_evaluation()
    finally:
        store.close()
    assert run("package", "--db", team, "--out", tmp_path / "组.zctb").returncode == 0
    assert run("import", "--db", city, tmp_path / "组.zctb").returncode == 0
    store = open_store(city)
    try:
        labels = {c.label for c in store.changes(table="evaluation_scores")}
        assert "P1（来自泸州市政务服务管理局）" in labels
    finally:
        store.close()
    manifest, payload = parts(tmp_path / "组.zctb")
    assert payload["evaluation"]["version"] == 1
    payload["evaluation"]["version"] = 2
    newer = resealed(tmp_path / "组.zctb", tmp_path / "新.zctb", manifest, payload)
    with pytest.raises(PackageError, match="验收评分是更新版本的本软件写的（第 2 版），请升级软件后再导入"):
        read_package(newer)
