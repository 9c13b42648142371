"""``python -m desktop evaluation``: the 验收评估 on the command line — list the sites with their totals
and grades, score an item, set the evaluators, export every 评分表 and the 汇总表."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.cli.main import EXIT_FINDINGS, EXIT_OK, CliError, _open


def add_parser(sub) -> None:
    e = sub.add_parser("evaluation", help="验收评估：列出试点及得分；评分；导出评分表和汇总表")
    e.add_argument("--db", type=Path, required=True)
    e.add_argument("--site", help="试点：乡镇名（可带县名，如 合江县九支镇）或县名")
    e.add_argument("--item", help="评分项目编号（如 P1）")
    e.add_argument("--self", dest="self_score", type=float, help="自评分")
    e.add_argument("--accept", type=float, help="验收分")
    e.add_argument("--reason", default=None, help="扣分原因")
    e.add_argument("--evaluators", help="验收人员（与 --site 一起）")
    e.add_argument("--date", help="验收日期（与 --site 一起），如 2021-11-20")
    e.add_argument("--export", type=Path, metavar="DIR", help="导出每个试点的评分表和汇总表到该文件夹")
    e.add_argument("--evidence", type=Path, metavar="FILE", help="佐证材料：把文件记到 --site 的 --item 下（文件一并保存在数据库中）")
    e.add_argument("--import-checklist", type=Path, metavar="XLSX", help="导入正式评分标准（评分表格式的 .xlsx）")
    e.add_argument("--dry-run", action="store_true", help="与 --import-checklist 一起：只预览，不保存")


def _context(store):
    from desktop.domain.evaluation.checklist import ChecklistError
    from desktop.domain.evaluation.sites import sites_of

    try:
        checklist = store.checklist()
    except ChecklistError as exc:
        raise CliError(str(exc)) from exc
    return checklist, sites_of(store.load_rosters(), checklist)


def _find_site(sites, text: str):
    from desktop.domain.names import compact

    key = compact(text)
    hits = [s for s in sites if compact(s.name) == key or compact(s.name).endswith(key) and s.kind == "town"]
    exact = [s for s in hits if compact(s.name) == key]
    hits = exact or hits
    if len(hits) == 1:
        return hits[0]
    if not hits:
        raise CliError(f"名单中没有试点“{text}”，请写乡镇名（如 合江县九支镇）或县名；python -m desktop evaluation "
                       "--db 数据库 列出全部试点")
    raise CliError(f"“{text}”有 {len(hits)} 个试点（{'、'.join(s.name for s in hits[:5])}），请连县名一起写")


def cmd_evaluation(ns: argparse.Namespace) -> int:
    from desktop.domain.evaluation.scoring import ItemScore, check_site, result_of

    if not ns.db.exists():
        raise CliError(f"找不到数据库“{ns.db}”，请检查路径")
    if ns.import_checklist is not None:
        return _import_checklist(ns)
    writing = ns.item is not None or ns.evaluators is not None or ns.date is not None
    store = _open(ns.db, write=writing)
    try:
        checklist, sites = _context(store)
        if not sites:
            raise CliError("名单中还没有试点乡镇（街道），请先填写或导入名单")
        if writing:
            if not ns.site:
                raise CliError("请用 --site 指定试点")
            site = _find_site(sites, ns.site)
            if ns.item is not None:
                try:
                    item = checklist.item(ns.item.strip().upper())
                except KeyError as exc:
                    raise CliError(f"评分项目“{ns.item}”不在评分表中（如 P1、S2），请核对编号") from exc
                if item.site != site.kind:
                    raise CliError(f"评分项目 {item.code} 适用于{'县' if item.site == 'county' else '乡镇'}，"
                                   f"不适用于试点“{site.name}”")
                if ns.evidence is not None:
                    if not ns.evidence.is_file():
                        raise CliError(f"找不到佐证材料“{ns.evidence}”，请检查路径")
                    digest, kept = store.add_evidence(site, item.code, ns.evidence)
                    print(f"已添加佐证材料 {ns.evidence.name}（{site.name} {item.code}，SHA-256 {digest[:16]}…"
                          f"{'，文件已保存在数据库中' if kept else '，文件较大，只记录了位置和校验码'}）")
                old = store.site_scores(site).items.get(item.code, ItemScore())
                new = ItemScore(ns.self_score if ns.self_score is not None else old.self_score,
                                ns.accept if ns.accept is not None else old.accept_score,
                                ns.reason if ns.reason is not None else old.reason)
                for value, label in ((new.self_score, "自评分"), (new.accept_score, "验收分")):
                    if value is not None and not 0 <= value <= item.points:
                        raise CliError(f"{site.name} {item.code}：{label} {value:g} 应在 0 到 {item.points:g} 之间"
                                       "（评分没有改动）")
                store.set_item_score(site, item.code, new)
            if ns.evaluators is not None or ns.date is not None:
                from desktop.domain.dates import parse_date

                day = parse_date(ns.date) if ns.date else None
                if ns.date and day is None:
                    raise CliError(f"验收日期“{ns.date}”不是日期，请写成 2021-11-20（评分没有改动）")
                current = store.site_scores(site)
                store.set_site_info(site, ns.evaluators if ns.evaluators is not None else current.evaluators,
                                    day.isoformat() if day else current.evaluated_on)
        all_scores = [store.site_scores(s) for s in sites]
        all_evidence = [store.evidence(s) for s in sites]
        unit = store.settings().unit.display
    finally:
        store.close()
    results = [result_of(checklist, s) for s in all_scores]
    if ns.export is not None:
        return _export(checklist, all_scores, results, unit, ns.export, all_evidence)
    findings = [f for s in all_scores for f in check_site(checklist, s)]
    mark = "（参考方案）" if checklist.reference else ""
    print(f"{checklist.title}{mark}：{len(sites)} 个试点")
    for r in results:
        failed = f"，未达到必要条件 {'、'.join(r.failed_required)}" if r.failed_required else ""
        own = f"，自评 {r.self_total:g}" if r.self_total is not None else ""
        print(f"{r.site.name}\t{r.site.level}\t已评 {r.scored}/{r.items} 项\t总分 {r.total:g}{own}\t{r.grade}{failed}")
    errors = [f for f in findings if f.is_error]
    for f in errors:
        print(f.line())
    return EXIT_FINDINGS if errors else EXIT_OK


def _import_checklist(ns: argparse.Namespace) -> int:
    from desktop.domain.evaluation.checklist import ChecklistError, describe_checklist
    from desktop.exchange.evaluation.checklist_reader import read_checklist_workbook

    if not ns.import_checklist.is_file():
        raise CliError(f"找不到文件“{ns.import_checklist}”，请检查路径")
    try:
        checklist = read_checklist_workbook(ns.import_checklist)
    except ChecklistError as exc:
        raise CliError(f"{exc}（评分标准没有改动）") from exc
    for line in describe_checklist(checklist):
        print(line)
    if ns.dry_run:
        print("（预览：评分标准没有改动）")
        return EXIT_OK
    store = _open(ns.db, write=True)
    try:
        store.set_checklist(checklist)
    finally:
        store.close()
    print("已导入评分标准；以后的评分、导出和汇总都按它计算")
    return EXIT_OK


def _export(checklist, all_scores, results, unit: str, out: Path, all_evidence=None) -> int:
    from desktop.exchange.errors import ExportError
    from desktop.exchange.evaluation.export import write_score_sheet, write_summary
    from desktop.exchange.xlsx.cells import filename_part

    try:
        out.mkdir(parents=True, exist_ok=True)
        for i, (scores, result) in enumerate(zip(all_scores, results, strict=True)):
            path = write_score_sheet(checklist, scores, result,
                                     out / f"验收评分表-{filename_part(scores.site.name, 40)}.xlsx",
                                     all_evidence[i] if all_evidence else ())
            print(f"已导出 {path}")
        path = write_summary(checklist, results, unit, out / f"验收汇总表-{filename_part(unit or '本单位', 40)}.xlsx")
        print(f"已导出 {path}")
    except ExportError as exc:
        raise CliError(str(exc)) from exc
    except OSError as exc:
        from desktop.system.oserrors import os_error_text

        raise CliError(f"无法写入文件夹“{out}”（{os_error_text(exc)}），请换一个文件夹") from exc
    return EXIT_OK
