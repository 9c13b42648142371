"""Scoring a site (a pilot town, or a county as a whole) against the checklist: the rules as plain
functions returning findings with exact messages, and the totals, grade and ranking — computed, never
typed. Both scores are kept: 自评分 (the site's own) and 验收分 (the evaluators'); the grade follows
the 验收分 (or the 自评分 while no 验收分 is given)."""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.domain.dates import parse_date, why_not_a_date
from desktop.domain.evaluation.checklist import Checklist, Item
from desktop.domain.findings import Finding, Location, error, warning
from desktop.domain.numbers import is_number
from desktop.domain.text_rules import LIMITS, check_text

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
    base: float  # 基本分: 验收分 (or 自评分) of the ordinary items
    bonus: float  # 加分, capped
    total: float  # 基本分 + 加分
    grade: str
    failed_required: tuple[str, ...]  # 必要条件 not met (codes)
    by_task: dict[str, float]
    scored: int  # items with a score
    items: int  # items that apply
    self_total: float | None  # the 自评分 total (基本分 + 加分, as ``total``), for the side-by-side view
    self_base: float | None = None  # 自评 基本分
    self_bonus: float | None = None  # 自评 加分, capped like ``bonus``
    done: bool = False  # every ordinary item has a score (加分 items may stay unscored)

    @property
    def complete(self) -> bool:
        return self.grade != INCOMPLETE

    @property
    def breakdown(self) -> str:
        """基本分 + 加分 = 总分, as written wherever a total is shown: 94+5=99."""
        return sum_text(self.base, self.bonus, self.total)

    @property
    def self_breakdown(self) -> str:
        """The 自评 total written the same way ('' without any 自评分)."""
        if self.self_total is None:
            return ""
        return sum_text(self.self_base or 0.0, self.self_bonus or 0.0, self.self_total)


def sum_text(base: float, bonus: float, total: float) -> str:
    return f"{_num(base)}+{_num(bonus)}={_num(total)}"


def score_problem(site: Site, item: Item, value: object, label: str = "验收分") -> str | None:
    """The one rule for a score (自评分 or 验收分), typed in the window, given on the command line or
    arriving in a package: a number from 0 to the item's 分值. None when it may be stored, else the
    message naming the site, the item and the allowed range."""
    if value is None:
        return None
    where = f"{site.name} {item.code}"
    if not is_number(value):
        shown = str(value)[:20]
        return f"{where}：{label}“{shown}”不是数字，应为 0 到 {_num(item.points)} 之间的数字"
    if not 0 <= value <= item.points:
        return f"{where}：{label} {_num(value)} 应在 0 到 {_num(item.points)} 之间"
    return None


def score_problems(site: Site, item: Item, score: ItemScore) -> dict[str, str]:
    """``score_problem`` of each column: "self" (自评分) and "accept" (验收分) that break the rule, with
    the message."""
    found = {which: score_problem(site, item, value, label) for which, value, label in
             (("self", score.self_score, "自评分"), ("accept", score.accept_score, "验收分"))}
    return {which: problem for which, problem in found.items() if problem}


def reason_problem(text: str, where: str) -> str | None:
    """扣分原因 (``where`` names the site and item): the text rules of typing, at most LIMITS["reason"]."""
    return check_text(text, f"{where} 扣分原因", "reason")


def evaluators_problem(text: str, where: str) -> str | None:
    """验收人员 (``where`` names the site): the text rules of typing, at most LIMITS["evaluators"]."""
    return check_text(text, f"{where} 验收人员", "evaluators")


def date_problem(text: str, where: str) -> str | None:
    """验收日期: '' (none yet) or a date."""
    if text and parse_date(text) is None:
        return f"{where} 验收日期“{text[:20]}”{why_not_a_date(text)}，请写成 2021-11-20"
    return None


REASON_LIMIT = LIMITS["reason"]
EVALUATORS_LIMIT = LIMITS["evaluators"]


def parse_score(site: Site, item: Item, text: str, label: str = "验收分") -> tuple[float | None, str | None]:
    """A score as typed: (value, None), or (None, message) when it is not a number in range; '' is no score."""
    text = text.strip()
    if not text:
        return None, None
    try:
        value = float(text.rstrip("分"))
    except ValueError:
        return None, score_problem(site, item, text, label)
    problem = score_problem(site, item, value, label)
    return (None, problem) if problem else (value, None)


def _loc(site: Site, item: Item, field: str = "accept") -> Location:
    return Location(None, None, f"evaluation:{site.key}:{item.code}:{field}")


def check_item(site: Site, item: Item, score: ItemScore) -> list[Finding]:
    """One item of one site: a score above the item's 分值 or below 0, a deduction without a reason,
    an unscored item, a 必要条件 failed."""
    where = f"{site.name} {item.code} {item.heading}"
    out: list[Finding] = []
    for which, problem in score_problems(site, item, score).items():  # stored before this rule was kept everywhere
        out.append(error(_loc(site, item, which), f"{problem}，请改正"))
    if out:  # a score out of range: nothing else is judged on it
        return out
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
    by_task: dict[str, float] = {code: 0.0 for code, _ in checklist.tasks}
    failed: list[str] = []
    scored = 0
    for item in items:
        s = scores.items.get(item.code, ItemScore())
        used = s.accept_score if s.accept_score is not None else s.self_score
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
    done = bool(needed) and all(_used(scores.items.get(i.code)) is not None for i in needed)
    grade = grade_of(checklist, total, bool(failed)) if done or failed else INCOMPLETE
    own_base, own_bonus, own_total = column_total(checklist, scores, "self") or (None, None, None)
    return Result(scores.site, round(base, 2), round(bonus, 2), total, grade, tuple(failed), by_task, scored,
                  len(items), own_total, own_base, own_bonus, done=done)


def column_total(checklist: Checklist, scores: SiteScores, which: str) -> tuple[float, float, float] | None:
    """基本分, 加分 (within the cap) and 总分 of one column of a site's 评分表 — ``which`` "self" (自评分) or
    "accept" (验收分) — counting only that column's scores; None when it has none."""
    base = bonus = 0.0
    found = False
    for item in checklist.items_for(scores.site.kind):
        s = scores.items.get(item.code)
        value = None if s is None else (s.self_score if which == "self" else s.accept_score)
        if value is None:
            continue
        found = True
        value = min(max(value, 0.0), item.points)
        if item.bonus:
            bonus += value
        else:
            base += value
    if not found:
        return None
    bonus = min(bonus, checklist.bonus_cap)
    return round(base, 2), round(bonus, 2), round(base + bonus, 2)


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


def ranking(results: list[Result]) -> list[tuple[int | None, Result]]:
    """Towns (乡镇（街道）) first, then counties (县（市、区）), each kind ranked on its own: by total,
    highest first (equal totals share a rank: 1, 2, 2, 4); a site that failed a 必要条件 ranks after
    every site that did not. Only sites with every ordinary item scored are ranked; the others follow
    their kind with no rank (None: 未评完)."""
    out: list[tuple[int | None, Result]] = []
    for kind in ("town", "county"):
        mine = [r for r in results if r.site.kind == kind]
        ordered = sorted((r for r in mine if r.done), key=lambda r: (bool(r.failed_required), -r.total, r.site.name))
        ranked: list[tuple[int | None, Result]] = []
        for i, r in enumerate(ordered):
            before = ordered[i - 1] if i else None
            if before is not None and (bool(r.failed_required), r.total) == (bool(before.failed_required), before.total):
                ranked.append((ranked[-1][0], r))
            else:
                ranked.append((i + 1, r))
        out += ranked
        out += [(None, r) for r in sorted((r for r in mine if not r.done), key=lambda r: (-r.scored, r.site.name))]
    return out


def rank_text(rank: int | None) -> str:
    return INCOMPLETE if rank is None else str(rank)


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def evaluation_window_text(today_month: int, results: list[Result]) -> str:
    """The deadline board's line: the window (10月—12月底) and how many sites are scored."""
    done = sum(r.complete for r in results)
    when = "进行中" if today_month >= 10 else "10月开始"
    return f"验收评估（10月至12月底，{when}）：{done}/{len(results)} 个试点已评完"
