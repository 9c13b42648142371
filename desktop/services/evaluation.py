"""验收评估, run alike by the 验收评估 tab and ``python -m desktop evaluation``: the sites of the
rosters, a score or the evaluators written with one set of checks, 佐证材料, an official checklist
imported, every 评分表 and the 汇总表 exported."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.services.common import ServiceError, cannot_write

if TYPE_CHECKING:
    from desktop.domain.evaluation.checklist import Checklist, Item
    from desktop.domain.evaluation.scoring import ItemScore, Result, Site, SiteScores
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
        raise ServiceError(f"名单中没有试点“{text}”，请写乡镇名（如 合江县九支镇）或县名；python -m desktop evaluation "
                           "--db 数据库 列出全部试点")
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
    """Change what is given (None keeps the stored value); a score outside 0..分值 changes nothing."""
    from desktop.domain.evaluation.scoring import ItemScore

    old = store.site_scores(site).items.get(item.code, ItemScore())
    new = ItemScore(self_score if self_score is not None else old.self_score,
                    accept if accept is not None else old.accept_score,
                    reason if reason is not None else old.reason)
    for value, label in ((new.self_score, "自评分"), (new.accept_score, "验收分")):
        if value is not None and not 0 <= value <= item.points:
            raise ServiceError(f"{site.name} {item.code}：{label} {value:g} 应在 0 到 {item.points:g} 之间"
                               "（评分没有改动）")
    store.set_item_score(site, item.code, new)
    return new


def set_site_info(store: Store, site: Site, evaluators: str | None, date_text: str | None) -> None:
    """验收人员 and 验收日期 (None keeps the stored value; '' clears the date)."""
    from desktop.domain.dates import parse_date

    day = parse_date(date_text) if date_text else None
    if date_text and day is None:
        raise ServiceError(f"验收日期“{date_text}”不是日期，请写成 2021-11-20（评分没有改动）")
    current = store.site_scores(site)
    store.set_site_info(site, evaluators if evaluators is not None else current.evaluators,
                        day.isoformat() if day else ("" if date_text == "" else current.evaluated_on))


def add_evidence(store: Store, site: Site, item: Item, path: Path) -> tuple[str, bool]:
    """(SHA-256, whether the file was kept in the database) of a 佐证材料 file added to an item."""
    if not path.is_file():
        raise ServiceError(f"找不到佐证材料“{path}”，请检查路径")
    return store.add_evidence(site, item.code, path)


def read_checklist(path: Path) -> Checklist:
    from desktop.domain.evaluation.checklist import ChecklistError
    from desktop.exchange.evaluation.checklist_reader import read_checklist_workbook

    if not path.is_file():
        raise ServiceError(f"找不到文件“{path}”，请检查路径")
    try:
        return read_checklist_workbook(path)
    except ChecklistError as exc:
        raise ServiceError(f"{exc}（评分标准没有改动）") from exc


@dataclass
class Scored:
    scores: list[SiteScores]
    results: list[Result]


def scored(store: Store, ctx: Context) -> Scored:
    from desktop.domain.evaluation.scoring import result_of

    all_scores = [store.site_scores(s) for s in ctx.sites]
    return Scored(all_scores, [result_of(ctx.checklist, s) for s in all_scores])


PdfWriter = Callable[[str, Path], None]  # (HTML, path): the window prints the same forms as PDF


def export_workbooks(store: Store, ctx: Context, out: Path, pdf: PdfWriter | None = None) -> list[Path]:
    """Every site's 评分表 and the 汇总表 (.xlsx, and PDF when ``pdf`` is given) into ``out``."""
    from desktop.exchange.errors import ExportError
    from desktop.exchange.evaluation.export import write_score_sheet, write_summary
    from desktop.exchange.print_html import score_sheet_html, summary_html
    from desktop.exchange.xlsx.cells import filename_part

    done = scored(store, ctx)
    unit_name = store.settings().unit.display
    written: list[Path] = []
    try:
        out.mkdir(parents=True, exist_ok=True)
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
    except ExportError as exc:
        raise ServiceError(str(exc)) from exc
    except OSError as exc:
        raise cannot_write(out, exc) from exc
    return written
