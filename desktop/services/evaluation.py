"""验收评估, run alike by the 验收评估 tab and ``python -m desktop evaluation``: the sites of the
rosters, a score or the evaluators written with one set of checks, 佐证材料, an official checklist
imported, every 评分表 and the 汇总表 exported."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.services.common import ServiceError, writing_into

if TYPE_CHECKING:
    from desktop.domain.evaluation.checklist import Checklist, Item
    from desktop.domain.evaluation.scoring import ItemScore, Result, Site, SiteScores
    from desktop.exchange.evaluation.evidence import EvidenceFile
    from desktop.store.database import Store


@dataclass
class Context:
    checklist: Checklist
    sites: list[Site]


def context(store: Store) -> Context:
    from desktop.domain.evaluation.checklist import ChecklistError
    from desktop.domain.evaluation.sites import sites_of

    try:
        checklist = store.checklist()
    except ChecklistError as exc:
        raise ServiceError(str(exc)) from exc
    return Context(checklist, sites_of(store.load_rosters(), checklist))


def find_site(sites: list[Site], text: str) -> Site:
    """The site a user names: 合江县九支镇, 九支镇 (when only one county has it) or a county."""
    from desktop.domain.names import compact

    key = compact(text)
    hits = [s for s in sites if compact(s.name) == key or compact(s.name).endswith(key) and s.kind == "town"]
    exact = [s for s in hits if compact(s.name) == key]
    hits = exact or hits
    if len(hits) == 1:
        return hits[0]
    if not hits:
        from desktop.system.program import command_text

        raise ServiceError(f"名单中没有试点“{text}”，请写乡镇名（如 合江县九支镇）或县名；"
                           f"{command_text('evaluation', '--db', '数据库')} 列出全部试点")
    raise ServiceError(f"“{text}”有 {len(hits)} 个试点（{'、'.join(s.name for s in hits[:5])}），请连县名一起写")


def find_item(checklist: Checklist, site: Site, code: str) -> Item:
    try:
        item = checklist.item(code.strip().upper())
    except KeyError as exc:
        raise ServiceError(f"评分项目“{code}”不在评分表中（如 P1、S2），请核对编号") from exc
    if item.site != site.kind:
        raise ServiceError(f"评分项目 {item.code} 适用于{'县' if item.site == 'county' else '乡镇'}，"
                           f"不适用于试点“{site.name}”")
    return item


def score_item(store: Store, site: Site, item: Item, self_score: float | None = None,
               accept: float | None = None, reason: str | None = None) -> ItemScore:
    """Change what is given (None keeps the stored value); a score outside 0..分值 (the rule of typing,
    scoring.score_problem) or a 扣分原因 over its limit changes nothing."""
    from desktop.domain.evaluation.scoring import ItemScore, reason_problem, score_problems

    old = store.site_scores(site).items.get(item.code, ItemScore())
    new = ItemScore(self_score if self_score is not None else old.self_score,
                    accept if accept is not None else old.accept_score,
                    reason.strip() if reason is not None else old.reason)
    problems: list[str | None] = list(score_problems(site, item, ItemScore(self_score, accept)).values())
    if reason is not None:
        problems.append(reason_problem(new.reason, f"{site.name} {item.code}"))
    problem = next((p for p in problems if p), None)
    if problem is not None:
        raise ServiceError(f"{problem}（评分没有改动）")
    store.set_item_score(site, item.code, new)
    return new


def set_site_info(store: Store, site: Site, evaluators: str | None, date_text: str | None) -> None:
    """验收人员 and 验收日期 (None keeps the stored value; '' clears the date)."""
    from desktop.domain.dates import parse_date
    from desktop.domain.evaluation.scoring import date_problem, evaluators_problem

    problem = (evaluators_problem(evaluators.strip(), site.name) if evaluators is not None else None) \
        or (date_problem(date_text.strip(), site.name) if date_text else None)
    if problem is not None:
        raise ServiceError(f"{problem}（没有改动）")
    day = parse_date(date_text.strip()) if date_text else None
    current = store.site_scores(site)
    store.set_site_info(site, evaluators.strip() if evaluators is not None else current.evaluators,
                        day.isoformat() if day else ("" if date_text == "" else current.evaluated_on))


Progress = Callable[[int, int], None]


def read_evidence_file(store: Store, path: Path, progress: Progress | None = None,
                       cancelled: Callable[[], bool] | None = None) -> EvidenceFile:
    """A 佐证材料 file read for ``store`` (touches no database: the window runs it off the GUI thread).
    Only an ordinary file is taken (a folder, pipe, device or link is refused saying so); it is read in a
    stream (``progress(read, expected)``; ``cancelled()`` stops it) with the size limit kept while reading."""
    from desktop.exchange.evaluation.evidence import EvidenceError, read_evidence

    try:
        return read_evidence(path, store.MAX_KEPT_EVIDENCE, progress, cancelled)
    except EvidenceError as exc:
        raise ServiceError(str(exc)) from exc


def keep_evidence(store: Store, site: Site, item: Item, found: EvidenceFile) -> bool:
    """Record a file read by read_evidence_file under an item (one undoable action); whether its bytes were kept."""
    return store.add_evidence(site, item.code, found.name, found.source, found.sha256, found.size, found.content)


def add_evidence(store: Store, site: Site, item: Item, path: Path) -> tuple[str, bool]:
    """(SHA-256, whether the file was kept in the database) of a 佐证材料 file added to an item."""
    found = read_evidence_file(store, path)
    return found.sha256, keep_evidence(store, site, item, found)


def read_checklist(path: Path) -> Checklist:
    """An official checklist from a score-sheet workbook, through the guards of every file someone sent."""
    from desktop.domain.evaluation.checklist import ChecklistError
    from desktop.exchange.evaluation.checklist_reader import read_checklist_workbook

    try:
        return read_checklist_workbook(path)
    except ChecklistError as exc:
        raise ServiceError(f"{exc}（评分标准没有改动）") from exc


def replacing_note(store: Store, checklist: Checklist) -> str | None:
    """What taking ``checklist`` would leave out of every total (the scores of a kind of site it has no
    items for), said before it is taken; None when nothing."""
    from desktop.domain.evaluation.sites import dropped_scores

    return dropped_scores(checklist, store.scored_site_keys())


@dataclass
class Scored:
    scores: list[SiteScores]
    results: list[Result]


def scored(store: Store, ctx: Context) -> Scored:
    from desktop.domain.evaluation.scoring import result_of

    all_scores = [store.site_scores(s) for s in ctx.sites]
    return Scored(all_scores, [result_of(ctx.checklist, s) for s in all_scores])


def invalid_scores(checklist: Checklist, all_scores: list[SiteScores]) -> list[str]:
    """The scores that break the rule of typing (stored by an older version or by hand): what refuses an export."""
    from desktop.domain.evaluation.scoring import score_problems

    return [problem for scores in all_scores for item in checklist.items_for(scores.site.kind)
            if item.code in scores.items
            for problem in score_problems(scores.site, item, scores.items[item.code]).values()]


PdfWriter = Callable[[str, Path], None]  # (HTML, path): the window prints the same forms as PDF


def export_workbooks(store: Store, ctx: Context, out: Path, pdf: PdfWriter | None = None) -> list[Path]:
    """Every site's 评分表 and the 汇总表 (.xlsx, and PDF when ``pdf`` is given) into ``out``."""
    from desktop.exchange.evaluation.export import write_score_sheet, write_summary
    from desktop.exchange.print_html import score_sheet_html, summary_html
    from desktop.exchange.xlsx.cells import filename_part

    done = scored(store, ctx)
    invalid = invalid_scores(ctx.checklist, done.scores)
    if invalid:
        more = f"等 {len(invalid)} 处" if len(invalid) > 3 else ""
        raise ServiceError(f"有超出分值范围的评分，没有导出：{'；'.join(invalid[:3])}{more}。请先在“验收评估”中改正后再导出")
    unit_name = store.settings().unit.display
    written: list[Path] = []
    with writing_into(out):  # a file or the folder that cannot be written: ServiceError naming it
        for scores, result in zip(done.scores, done.results, strict=True):
            name = f"验收评分表-{filename_part(scores.site.name, 40)}"
            written.append(write_score_sheet(ctx.checklist, scores, result, out / f"{name}.xlsx",
                                             store.evidence(scores.site)))
            if pdf is not None:
                pdf(score_sheet_html(ctx.checklist, scores, result), out / f"{name}.pdf")
                written.append(out / f"{name}.pdf")
        name = f"验收汇总表-{filename_part(unit_name or '本单位', 40)}"
        written.append(write_summary(ctx.checklist, done.results, unit_name, out / f"{name}.xlsx"))
        if pdf is not None:
            pdf(summary_html(ctx.checklist, done.results, unit_name), out / f"{name}.pdf")
            written.append(out / f"{name}.pdf")
    return written
