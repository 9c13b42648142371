"""``python -m desktop evaluation``: the 验收评估 on the command line — list the sites with their totals
and grades, score an item, set the evaluators, export every 评分表 and the 汇总表."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.cli.common import EXIT_FINDINGS, EXIT_OK, CliError, existing_db, open_db, say, tell
from desktop.domain.text_rules import LIMITS


def add_parser(sub) -> None:
    e = sub.add_parser("evaluation", help="验收评估：列出试点及得分；评分；导出评分表和汇总表")
    e.add_argument("--db", type=Path, required=True)
    e.add_argument("--site", metavar="试点", help="试点：乡镇名（可带县名，如 合江县九支镇）或县名")
    e.add_argument("--item", metavar="编号", help="评分项目编号（如 P1）")
    e.add_argument("--self", dest="self_score", type=float, metavar="分数", help="自评分")
    e.add_argument("--accept", type=float, metavar="分数", help="验收分")
    e.add_argument("--reason", default=None, metavar="原因", help=f"扣分原因（最多 {LIMITS['reason']} 个字）")
    e.add_argument("--evaluators", metavar="人员", help=f"验收人员（与 --site 一起；最多 {LIMITS['evaluators']} 个字）")
    e.add_argument("--date", metavar="日期", help="验收日期（与 --site 一起），如 2021-11-20")
    e.add_argument("--export", type=Path, metavar="文件夹", help="导出每个试点的评分表和汇总表到该文件夹")
    e.add_argument("--evidence", type=Path, metavar="文件", help="佐证材料：把文件记到 --site 的 --item 下（文件一并保存在数据库中）")
    e.add_argument("--import-checklist", type=Path, metavar="XLSX", help="导入正式评分标准（评分表格式的 .xlsx）")
    e.add_argument("--dry-run", action="store_true", help="与 --import-checklist 一起：只预览，不保存")


def run(ns: argparse.Namespace) -> int:
    from desktop.domain.evaluation.scoring import check_site, result_of
    from desktop.services import evaluation as ev

    existing_db(ns.db)
    if ns.import_checklist is not None:
        return _import_checklist(ns)
    needs_item = [name for name, value in (("--self", ns.self_score), ("--accept", ns.accept),
                                            ("--reason", ns.reason), ("--evidence", ns.evidence)) if value is not None]
    if needs_item and ns.item is None:
        raise CliError(f"{'、'.join(needs_item)} 要与 --item 一起使用：请用 --item 指定评分项目（如 --item P1），"
                       "没有保存任何内容")
    writing = ns.item is not None or ns.evaluators is not None or ns.date is not None
    store = open_db(ns.db, write=writing)
    try:
        ctx = ev.context(store)
        if not ctx.sites:
            raise CliError("名单中还没有试点乡镇（街道），请先填写或导入名单")
        if writing:  # a writing run: exit 0 once it is saved; what the site still lacks is listed
            if not ns.site:
                raise CliError("请用 --site 指定试点")
            site = ev.find_site(ctx.sites, ns.site)
            if ns.item is not None:
                item = ev.find_item(ctx.checklist, site, ns.item)
                if ns.evidence is not None:
                    digest, kept = ev.add_evidence(store, site, item, ns.evidence)
                    say(f"已添加佐证材料 {ns.evidence.name}（{site.name} {item.code}，SHA-256 {digest[:16]}…"
                        f"{'，文件已保存在数据库中' if kept else '，文件较大，只记录了位置和校验码'}）")
                if (ns.self_score, ns.accept, ns.reason) != (None, None, None):
                    ev.score_item(store, site, item, ns.self_score, ns.accept, ns.reason)
                    say(f"已保存 {site.name} {item.code} 的评分")
            if ns.evaluators is not None or ns.date is not None:
                ev.set_site_info(store, site, ns.evaluators, ns.date)
                say(f"已保存 {site.name} 的验收人员和验收日期")
            scores = store.site_scores(site)
            _say_result(result_of(ctx.checklist, scores))
            for f in check_site(ctx.checklist, scores):
                if f.is_error:
                    say(f.line())
            if ns.export is None:
                return EXIT_OK
        if ns.export is not None:
            for path in ev.export_workbooks(store, ctx, ns.export):
                say(f"已导出 {path}")
            return EXIT_OK
        done = ev.scored(store, ctx)
    finally:
        store.close()
    findings = [f for s in done.scores for f in check_site(ctx.checklist, s)]
    say(f"{ctx.checklist.marked_title()}：{len(ctx.sites)} 个试点")
    for r in done.results:
        _say_result(r)
    errors = [f for f in findings if f.is_error]
    for f in errors:
        say(f.line())
    return EXIT_FINDINGS if errors else EXIT_OK  # the listing is a checking run


def _say_result(r) -> None:
    """One site: items scored, 总分 and 自评 each as 基本分+加分=总分, grade, failed 必要条件."""
    failed = f"，未达到必要条件 {'、'.join(r.failed_required)}" if r.failed_required else ""
    own = f"，自评 {r.self_breakdown}" if r.self_total is not None else ""
    say(f"{r.site.name}\t{r.site.level}\t已评 {r.scored}/{r.items} 项\t总分 {r.breakdown}{own}\t{r.grade}{failed}")


def _import_checklist(ns: argparse.Namespace) -> int:
    from desktop.domain.evaluation.checklist import describe_checklist
    from desktop.services.evaluation import read_checklist, replacing_note

    checklist = read_checklist(ns.import_checklist)
    for line in describe_checklist(checklist):
        say(line)
    store = open_db(ns.db, write=not ns.dry_run)
    try:
        note = replacing_note(store, checklist)
        if note:
            tell(f"注意：{note}")
        if ns.dry_run:
            say("（预览：评分标准没有改动）")
            return EXIT_OK
        store.set_checklist(checklist)
    finally:
        store.close()
    say("已导入评分标准；以后的评分、导出和汇总都按它计算")
    return EXIT_OK
