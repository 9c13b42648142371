"""Scoring a site (a pilot town, or a county as a whole) against the checklist: the rules as plain
functions returning findings with exact messages, and the totals, grade and ranking — computed, never
typed. Both scores are kept: 自评分 (the site's own) and 验收分 (the evaluators'); the grade follows
the 验收分 (or the 自评分 while no 验收分 is given)."""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.domain.evaluation.checklist import Checklist, Item
from desktop.domain.findings import Finding, Location, error, warning

INCOMPLETE = "未评完"


@dataclass(frozen=True)
class Site:
    key: str  # town code (or 县名/镇名 when not coded), or "county:<code or name>"
    kind: str  # town or county
    name: str  # 合江县九支镇 / 合江县
    level: str = ""  # 附件1/2/3 of the town's list (省级/市级/县级试点)


@dataclass
class ItemScore:
    self_score: float | None = None  # 自评分
    accept_score: float | None = None  # 验收分
    reason: str = ""  # 扣分原因 (required when points are deducted)


@dataclass
class SiteScores:
    site: Site
    items: dict[str, ItemScore] = field(default_factory=dict)
    evaluators: str = ""
    evaluated_on: str = ""  # ISO date


@dataclass(frozen=True)
class Result:
    site: Site
    base: float  # 验收分 (or 自评分) of the ordinary items
    bonus: float  # 加分, capped
    total: float
    grade: str
    failed_required: tuple[str, ...]  # 必要条件 not met (codes)
    by_task: dict[str, float]
    scored: int  # items with a score
    items: int  # items that apply
    self_total: float | None  # the 自评分 total, for the side-by-side view

    @property
    def complete(self) -> bool:
        return self.grade != INCOMPLETE


def _loc(site: Site, item: Item, field: str = "accept") -> Location:
    return Location(None, None, f"evaluation:{site.key}:{item.code}:{field}")


def check_item(site: Site, item: Item, score: ItemScore) -> list[Finding]:
    """One item of one site: a score above the item's 分值 or below 0, a deduction without a reason,
    an unscored item, a 必要条件 failed."""
    where = f"{site.name} {item.code} {item.heading}"
    out: list[Finding] = []
    for value, label, which in ((score.self_score, "自评分", "self"), (score.accept_score, "验收分", "accept")):
        if value is None:
            continue
        if value < 0:
            out.append(error(_loc(site, item, which), f"{where}：{label} {_num(value)} 不能小于 0，请改正"))
        elif value > item.points:
            out.append(error(_loc(site, item, which),
                             f"{where}：{label} {_num(value)} 超过本项分值 {_num(item.points)}，请改正"))
    used = score.accept_score if score.accept_score is not None else score.self_score
    if used is None:
        out.append(warning(_loc(site, item), f"{where}：尚未评分"))
        return out
    if not item.bonus and used < item.points and not score.reason.strip():
        out.append(error(_loc(site, item, "reason"),
                         f"{where}：扣了 {_num(item.points - used)} 分，请填写扣分原因"))
    if item.required and used < item.points:
        out.append(error(_loc(site, item),
                         f"{where}：必要条件未达到（{_num(used)}/{_num(item.points)} 分），该试点评定为不合格"))
    return out


def check_site(checklist: Checklist, scores: SiteScores) -> list[Finding]:
    out: list[Finding] = []
    for item in checklist.items_for(scores.site.kind):
        out.extend(check_item(scores.site, item, scores.items.get(item.code, ItemScore())))
    if any(s.accept_score is not None for s in scores.items.values()) and not scores.evaluators.strip():
        out.append(warning(Location(None, None, f"evaluation:{scores.site.key}:evaluators"),
                           f"{scores.site.name}：已有验收分，请填写验收人员"))
    return out


def result_of(checklist: Checklist, scores: SiteScores) -> Result:
    """Totals by task, 加分 within the cap, grade (any failed 必要条件 → the fail grade)."""
    items = checklist.items_for(scores.site.kind)
    base = bonus = 0.0
    self_total = 0.0
    any_self = False
    by_task: dict[str, float] = {code: 0.0 for code, _ in checklist.tasks}
    failed: list[str] = []
    scored = 0
    for item in items:
        s = scores.items.get(item.code, ItemScore())
        used = s.accept_score if s.accept_score is not None else s.self_score
        if s.self_score is not None:
            any_self = True
            self_total += min(max(s.self_score, 0.0), item.points) if not item.bonus else 0.0
        if used is None:
            continue
        scored += 1
        value = min(max(used, 0.0), item.points)
        if item.bonus:
            bonus += value
        else:
            base += value
            by_task[item.task] = by_task.get(item.task, 0.0) + value
        if item.required and used < item.points:
            failed.append(item.code)
    bonus = min(bonus, checklist.bonus_cap)
    total = round(base + bonus, 2)
    needed = [i for i in items if not i.bonus]  # 加分 items may stay unscored
    done = all(_used(scores.items.get(i.code)) is not None for i in needed)
    grade = grade_of(checklist, total, bool(failed)) if done or failed else INCOMPLETE
    return Result(scores.site, round(base, 2), round(bonus, 2), total, grade, tuple(failed), by_task, scored,
                  len(items), round(self_total, 2) if any_self else None)


def _used(score: ItemScore | None) -> float | None:
    if score is None:
        return None
    return score.accept_score if score.accept_score is not None else score.self_score


def grade_of(checklist: Checklist, total: float, failed_required: bool) -> str:
    if failed_required:
        return checklist.fail_grade
    for g in checklist.grades:
        if total >= g.min:
            return g.label
    return checklist.fail_grade


def ranking(results: list[Result]) -> list[tuple[int, Result]]:
    """Rank by total, highest first (equal totals share a rank: 1, 2, 2, 4); a site that failed a
    必要条件 ranks after every site that did not."""
    ordered = sorted(results, key=lambda r: (bool(r.failed_required), -r.total, r.site.name))
    out: list[tuple[int, Result]] = []
    for i, r in enumerate(ordered):
        if i and (bool(r.failed_required), r.total) == (bool(ordered[i - 1].failed_required), ordered[i - 1].total):
            out.append((out[-1][0], r))
        else:
            out.append((i + 1, r))
    return out


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def evaluation_window_text(today_month: int, results: list[Result]) -> str:
    """The deadline board's line: the window (10月—12月底) and how many sites are scored."""
    done = sum(r.complete for r in results)
    when = "进行中" if today_month >= 10 else "10月开始"
    return f"验收评估（10月至12月底，{when}）：{done}/{len(results)} 个试点已评完"
