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
    assert r.returncode == 0  # saved: what the site still lacks is listed, not an exit code
    assert "错误\t合江县九支镇 P2 资源整合：扣了 3 分，请填写扣分原因" in r.stdout
    r = run("evaluation", "--db", demo_db, "--site", "九支镇", "--item", "P2", "--reason", "民政、社保窗口未进驻")
    assert r.returncode == 0
    r = run("evaluation", "--db", demo_db, "--site", "九支镇", "--item", "P2", "--accept", "9")
    assert r.returncode == 2 and r.stderr.strip() == "错误：合江县九支镇 P2：验收分 9 应在 0 到 8 之间（评分没有改动）"
    r = run("evaluation", "--db", demo_db, "--site", "九支镇", "--item", "K1", "--accept", "1")
    assert r.returncode == 2 and "评分项目 K1 适用于县，不适用于试点“合江县九支镇”" in r.stderr
    r = run("evaluation", "--db", demo_db, "--site", "某某镇", "--item", "P1", "--accept", "1")
    assert r.returncode == 2 and "名单中没有试点“某某镇”" in r.stderr
    r = run("evaluation", "--db", demo_db, "--site", "九支镇", "--accept", "5", "--reason", "未一窗综办")
    assert r.returncode == 2 and r.stderr.strip() == (  # it used to list the scores and exit 0, saving nothing
        "错误：--accept、--reason 要与 --item 一起使用：请用 --item 指定评分项目（如 --item P1），没有保存任何内容")


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
    assert rows[2] == ["编号", "一级指标", "二级指标", "评分标准", "评分方式", "分值", "自评分", "验收分", "扣分原因"]
    assert rows[3][:3] == ["P1", "优化整合平台", "便民服务中心（站）设置（必要条件）"] and rows[3][5] == 12
    assert any(r[0] and str(r[0]).startswith("验收人员（签字）：王晓燕、李建国") for r in rows)
    assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4 and ws.print_title_rows == "$3:$3"
    summary = load_workbook(next(out.glob("验收汇总表-*.xlsx"))).active
    rows = [list(r) for r in summary.iter_rows(values_only=True)]
    assert rows[2][:3] == ["排名", "试点", "类型"] and rows[3][0] == 1
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

    from desktop.services.evaluation import add_evidence

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
        add_evidence(store, site, load_checklist().item("P1"), photo)  # added in this session: undo takes it back
        store.undo()
        assert [e[0] for e in store.evidence(site)] == ["S1"]
    finally:
        store.close()
    out = tmp_path / "出"
    assert run("evaluation", "--db", demo_db, "--export", out).returncode == 0
    ws = load_workbook(next(out.glob("验收评分表-合江县九支镇.xlsx"))).active
    texts = [str(r[0]) for r in ws.iter_rows(values_only=True) if r[0]]
    assert f"佐证材料：S1 现场 照片.jpg（SHA-256 {digest[:12]}）" in texts


def test_imported_scores_say_who_sent_them_and_a_newer_version_is_refused(team_package, tmp_path):
    from corpus.tamper import resealed

    from desktop.exchange.package.archive import PackageError, read_package

    city, package, manifest, payload = team_package
    assert run("import", "--db", city, package).returncode == 0
    store = open_store(city)
    try:
        labels = {c.label for c in store.changes(table="evaluation_scores")}
        assert "P1（来自泸州市政务服务管理局）" in labels
    finally:
        store.close()
    assert payload["evaluation"]["version"] == 1
    payload["evaluation"]["version"] = 2
    newer = resealed(package, tmp_path / "新.zctb", manifest, payload)
    with pytest.raises(PackageError, match="验收评分是更新版本的本软件写的（第 2 版），请升级软件后再导入"):
        read_package(newer)


# -- exit codes, totals and limits on the command line (issue 21, points 2, 4, 7 and the text limits) ------
def test_a_writing_run_exits_0_although_a_required_condition_failed(demo_db):
    """`evaluation --item` exited 1 whenever any 必要条件 had failed, although the score was saved."""
    r = run("evaluation", "--db", demo_db, "--site", "九支镇", "--item", "P1", "--accept", "10",
            "--reason", "两个村未设站")
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[0] == "已保存 合江县九支镇 P1 的评分"
    assert "必要条件未达到（10/12 分），该试点评定为不合格" in r.stdout
    assert run("evaluation", "--db", demo_db).returncode == 1  # the listing is a checking run
    r = run("evaluation", "--db", demo_db, "--site", "九支镇", "--evaluators", "王晓燕", "--date", "2021-11-21")
    assert r.returncode == 0 and "已保存 合江县九支镇 的验收人员和验收日期" in r.stdout


def test_totals_are_written_as_base_plus_bonus_on_both_sides(demo_db):
    """“总分 99，自评 99” was 94+5 against 99+0: both now read 基本分+加分=总分."""
    line = next(x for x in run("evaluation", "--db", demo_db).stdout.splitlines() if x.startswith("合江县九支镇"))
    assert "\t总分 100+2=102，自评 100+3=103\t优秀" in line


@pytest.mark.parametrize(("args", "message"), [
    (("--item", "P2", "--accept", "nan"), "错误：合江县九支镇 P2：验收分“nan”不是数字，应为 0 到 8 之间的数字（评分没有改动）"),
    (("--item", "P2", "--self", "-3"), "错误：合江县九支镇 P2：自评分 -3 应在 0 到 8 之间（评分没有改动）"),
    (("--item", "P2", "--reason", "很" * 201),
     "错误：合江县九支镇 P2 扣分原因：内容过长（201 个字），最多 200 个字，请精简（评分没有改动）"),
    (("--evaluators", "王" * 101), "错误：合江县九支镇 验收人员：内容过长（101 个字），最多 100 个字，请精简（没有改动）"),
    (("--date", "not-a-date!!"), "错误：合江县九支镇 验收日期“not-a-date!!”不是日期，请写成 2021-11-20（没有改动）"),
])
def test_values_the_window_refuses_are_refused_here_too(demo_db, args, message):
    from helpers import digest

    before = digest(demo_db)
    r = run("evaluation", "--db", demo_db, "--site", "九支镇", *args)
    assert r.returncode == 2 and r.stderr.strip() == message
    assert digest(demo_db) == before


def test_the_export_refuses_while_a_score_is_out_of_range(demo_db, tmp_path):
    """A score outside 0..分值 (kept by an older version) was exported beside a clamped total."""
    store = open_store(demo_db)
    try:
        site = next(s for s in sites_of(store.load_rosters(), load_checklist()) if s.name == "合江县九支镇")
        store.set_item_score(site, "P2", ItemScore(8, 13, ""))
    finally:
        store.close()
    r = run("evaluation", "--db", demo_db, "--export", tmp_path / "出")
    assert r.returncode == 2
    assert r.stderr.strip() == ("错误：有超出分值范围的评分，没有导出：合江县九支镇 P2：验收分 13 应在 0 到 8 之间。"
                                "请先在“验收评估”中改正后再导出")
    assert not (tmp_path / "出").exists() or not list((tmp_path / "出").iterdir())
    assert "合江县九支镇 P2：验收分 13 应在 0 到 8 之间，请改正" in run("evaluation", "--db", demo_db).stdout


# -- scores arriving in packages pass the rules of typing (issue 18, point 5) ------------------------------
@pytest.fixture
def team_package(tmp_path):
    """(the city's database without scores, a team's package with every demo score, its manifest, its payload)."""
    from corpus.tamper import parts

    city, team = tmp_path / "市.sqlite", tmp_path / "组.sqlite"
    for db in (city, team):
        assert run("demo", "--db", db).returncode == 0
    store = open_store(city)
    try:
        store.clear_evaluation()
    finally:
        store.close()
    assert run("package", "--db", team, "--out", tmp_path / "组.zctb").returncode == 0
    return city, tmp_path / "组.zctb", *parts(tmp_path / "组.zctb")


def _jiuzhi(payload: dict) -> str:
    """The site key of 合江县九支镇 (its town code), which the team's package scores."""
    assert any(s["site"] == "510522106" for s in payload["evaluation"]["scores"])
    return "510522106"


@pytest.mark.parametrize(("edit", "message"), [
    (lambda e, k: e["scores"].append({"site": k, "item": "P1", "self": None, "accept": 999, "reason": ""}),
     "验收分分数“999”不正确，应为 0 到 100 之间的数字"),
    (lambda e, k: e["scores"].append({"site": "../../etc/passwd", "item": "P1", "self": 1, "accept": 1, "reason": ""}),
     "试点“../../etc/passwd”不是试点的编号"),
    (lambda e, k: e["sites"].append({"site": k, "evaluators": "张三", "evaluated_on": "not-a-date!!"}),
     "验收日期日期“not-a-date!!”格式不正确"),
    (lambda e, k: e["scores"].append({"site": k, "item": "P2", "self": 8, "accept": 6, "reason": "很" * 201}),
     "扣分原因：内容过长（201 个字），最多 200 个字，请精简"),
    (lambda e, k: e["sites"].append({"site": k, "evaluators": "王" * 101, "evaluated_on": ""}),
     "验收人员：内容过长（101 个字），最多 100 个字，请精简"),
    (lambda e, k: e.update(scores=[{"site": k, "item": f"X{i}", "self": 1, "accept": 1, "reason": ""}
                                   for i in range(100_001)]), "验收评分：超过 100000 项"),
])
def test_a_package_with_values_typing_refuses_is_refused(team_package, tmp_path, edit, message):
    from corpus.tamper import resealed
    from helpers import digest

    city, package, manifest, payload = team_package
    edit(payload["evaluation"], _jiuzhi(payload))
    bad = resealed(package, tmp_path / "坏.zctb", manifest, payload)
    before = digest(city)
    r = run("import", "--db", city, bad)
    assert r.returncode == 2, (r.stdout, r.stderr)
    assert message in r.stderr and "Traceback" not in r.stderr
    assert digest(city) == before


def test_scores_that_do_not_fit_this_checklist_are_named_and_not_taken(team_package, tmp_path):
    """12 on an 8-point item, an unknown item and an unknown site: named in the preview, not stored."""
    from corpus.tamper import resealed

    city, package, manifest, payload = team_package
    jiuzhi = _jiuzhi(payload)
    scores = payload["evaluation"]["scores"]
    p2 = next(s for s in scores if s["site"] == jiuzhi and s["item"] == "P2")
    p2.update(accept=12)
    scores += [{"site": jiuzhi, "item": "Z9", "self": 1, "accept": 1, "reason": ""},
               {"site": "510500000/某县/某镇", "item": "P1", "self": 1, "accept": 1, "reason": ""},
               {"site": jiuzhi, "item": "K1", "self": 1, "accept": 1, "reason": ""}]
    payload["evaluation"]["sites"].append({"site": "county:519999", "evaluators": "张三", "evaluated_on": ""})
    bad = resealed(package, tmp_path / "超分.zctb", manifest, payload)
    r = run("import", "--db", city, "--dry-run", bad)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    head = next(line for line in lines if line.startswith("验收评分："))
    assert head.endswith("，不符合评分规则、没有采用 5 项")
    sender = "泸州市政务服务管理局"
    for expected in (f"  没有采用：{sender}：合江县九支镇 P2：验收分 12 应在 0 到 8 之间，没有采用",
                     f"  没有采用：{sender}：合江县九支镇 的评分项目“Z9”不在评分标准中，没有采用",
                     f"  没有采用：{sender}：试点“510500000/某县/某镇”不在名单中，其评分 P1 没有采用",
                     f"  没有采用：{sender}：评分项目 K1 不适用于合江县九支镇，没有采用",
                     f"  没有采用：{sender}：试点“county:519999”不在名单中，验收人员和日期没有采用"):
        assert expected in lines, (expected, lines)
    assert run("import", "--db", city, bad).returncode == 0
    store = open_store(city)
    try:
        site = next(s for s in sites_of(store.load_rosters(), load_checklist()) if s.name == "合江县九支镇")
        kept = store.site_scores(site).items
        assert "P2" not in kept and "Z9" not in kept and "K1" not in kept and kept["P1"].accept_score == 12
        assert {r["site"] for r in store.evaluation_rows()["scores"]} <= {s.key for s in sites_of(
            store.load_rosters(), load_checklist())}
    finally:
        store.close()


@pytest.mark.parametrize("sheet, message", [
    ("验收评分表-合江县.xlsx", "它没有乡镇（街道）的评分项目，已经评过分的 14 个乡镇（街道）导入后不再计入总分和汇总"),
    ("验收评分表-合江县白沙镇.xlsx", "它没有县（市、区）的评分项目，已经评过分的 5 个县（市、区）导入后不再计入总分和汇总"),
])
def test_a_checklist_that_leaves_scores_out_says_so_first(demo_db, tmp_path, sheet, message):
    """An exported 验收评分表 holds one kind of site: taken as the checklist it leaves the other kind's
    scores out of every total (kept in the database). --dry-run and the import both say so."""
    assert run("evaluation", "--db", demo_db, "--export", tmp_path / "导出").returncode == 0
    for extra in (["--dry-run"], []):
        r = run("evaluation", "--db", demo_db, "--import-checklist", tmp_path / "导出" / sheet, *extra)
        assert r.returncode == 0, r.stderr
        assert r.stderr == (f"注意：{message}（评分仍保存着，再导入含有这些项目的评分标准即可恢复）；"
                            "如果选择的是导出的某一个验收评分表，请改为导入完整的评分标准\n")
    store = open_store(demo_db)
    try:
        assert f"导入自“{sheet}”" in store.checklist().source and store.scored_site_keys()  # taken; scores kept
    finally:
        store.close()
