"""验收评估 scores arriving in exchange packages (交叉验收): merged field by field — a score or reason
this database does not have is taken, an equal one is the same, a different one is a conflict and
ours is kept (shown in the preview with both values and the sender). Every value passes the rules of
typing first (desktop.domain.evaluation.scoring, against this database's checklist and the sites of
the lists): a score for a site or item that does not exist, or outside 0..分值, is named in the preview
and not taken."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from desktop.domain.evaluation.checklist import Checklist, ChecklistError, load_checklist, parse_checklist
from desktop.domain.evaluation.scoring import (
    Site,
    date_problem,
    evaluators_problem,
    reason_problem,
    score_problem,
)
from desktop.domain.evaluation.sites import county_key, key_kind, town_key
from desktop.domain.model import Roster, TownEntry

MAX_NAMED = 20  # refused values listed one by one in the preview; the rest are counted


@dataclass
class EvaluationMerge:
    take: list[tuple[str, str, list, str]] = field(default_factory=list)  # (site, item, [self, accept, reason], sender)
    sites: list[tuple[str, list]] = field(default_factory=list)  # (site, [evaluators, date])
    same: int = 0
    conflicts: list[str] = field(default_factory=list)  # one line each
    refused: list[str] = field(default_factory=list)  # values that break the rules: not taken, one line each

    @property
    def changes(self) -> bool:
        return bool(self.take or self.sites)


_FIELDS = (("self", "自评分"), ("accept", "验收分"), ("reason", "扣分原因"))


def _checklist(local: dict) -> Checklist:
    data = local.get("checklist")
    if data:
        try:
            return parse_checklist(data, "已导入的评分标准")
        except ChecklistError:
            pass
    return load_checklist()


def _problem(r: dict, site: Site | None, checklist: Checklist, sender: str) -> str | None:
    """Why an incoming score is not taken (None: it keeps every rule of typing)."""
    if site is None:
        return f"{sender}：试点“{r['site'][:40]}”不在名单中，其评分 {r['item']} 没有采用"
    try:
        item = checklist.item(r["item"])
    except KeyError:
        return f"{sender}：{site.name} 的评分项目“{r['item'][:20]}”不在评分标准中，没有采用"
    if item.site != site.kind:
        return f"{sender}：评分项目 {item.code} 不适用于{site.name}，没有采用"
    problem = (score_problem(site, item, r.get("self"), "自评分") or score_problem(site, item, r.get("accept"))
               or reason_problem(r.get("reason") or "", f"{site.name} {item.code}"))
    return f"{sender}：{problem}，没有采用" if problem else None


def merge_evaluation(local: dict, incoming: list[tuple[str, dict]], names: dict[str, str] | None = None
                     ) -> EvaluationMerge:
    """``local`` and each incoming (sender, data) as Store.evaluation_rows() gives them; ``names``:
    site key → the site's name, of every site of the lists (a site not there is not taken)."""
    names = names or {}
    checklist = _checklist(local)
    known = {key: Site(key, key_kind(key), name) for key, name in names.items()}
    out = EvaluationMerge()
    have = {(r["site"], r["item"]): r for r in local.get("scores", [])}
    have_sites = {r["site"]: r for r in local.get("sites", [])}
    for sender, data in incoming:
        for r in data.get("scores", []):
            problem = _problem(r, known.get(r["site"]), checklist, sender)
            if problem is not None:
                out.refused.append(problem)
                continue
            key = (r["site"], r["item"])
            mine = have.get(key, {"self": None, "accept": None, "reason": ""})
            merged = dict(mine)
            changed = False
            for name, label in _FIELDS:
                theirs, ours = r.get(name), mine.get(name)
                if theirs in (None, "") or theirs == ours:
                    continue
                if ours in (None, ""):
                    merged[name] = theirs
                    changed = True
                else:
                    out.conflicts.append(f"{names.get(r['site'], r['site'])} {r['item']} {label}：本机 {_v(ours)}，"
                                         f"{sender} {_v(theirs)}（保留本机的）")
            if changed:
                merged.update(site=r["site"], item=r["item"])
                have[key] = merged
                out.take.append((r["site"], r["item"], [merged["self"], merged["accept"], merged["reason"] or ""],
                                 sender))
            else:
                out.same += 1
        for r in data.get("sites", []):
            site = known.get(r["site"])
            problem = (f"试点“{r['site'][:40]}”不在名单中" if site is None else
                       evaluators_problem(r.get("evaluators", ""), site.name)
                       or date_problem(r.get("evaluated_on", ""), site.name))
            if problem is not None:
                out.refused.append(f"{sender}：{problem}，验收人员和日期没有采用")
                continue
            mine = have_sites.get(r["site"])
            if mine is None or (not mine.get("evaluators") and r.get("evaluators")):
                have_sites[r["site"]] = r
                out.sites.append((r["site"], [r.get("evaluators", ""), r.get("evaluated_on", "")]))
    return out


def _v(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def site_names(rosters: Iterable[Roster], towns: Iterable[TownEntry] = ()) -> dict[str, str]:
    """Site key (as desktop.domain.evaluation.sites makes it) → name, for the towns of the rosters and
    ``towns`` (those an import brings) and their counties."""
    out: dict[str, str] = {}
    entries = [t for r in rosters for t in r.towns] + list(towns)
    for t in entries:
        if not t.town.strip():
            continue
        out.setdefault(town_key(t), f"{t.county}{t.town}")
        out.setdefault(county_key(t), t.county)
    return out


def evaluation_lines(merge: EvaluationMerge) -> list[str]:
    if not (merge.take or merge.conflicts or merge.sites or merge.refused):
        return []
    lines = [f"验收评分：采用 {len(merge.take)} 项，相同 {merge.same} 项，冲突 {len(merge.conflicts)} 项（保留本机的）"
             + (f"，不符合评分规则、没有采用 {len(merge.refused)} 项" if merge.refused else "")]
    lines += [f"  冲突：{c}" for c in merge.conflicts[:20]]
    lines += [f"  没有采用：{c}" for c in merge.refused[:MAX_NAMED]]
    if len(merge.refused) > MAX_NAMED:
        lines.append(f"  …… 另有 {len(merge.refused) - MAX_NAMED} 项没有采用")
    return lines
