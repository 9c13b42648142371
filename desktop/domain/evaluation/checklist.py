"""The 验收评估 checklist (resources/checklist.json, or an official one imported): items by task, each
with its 二级 heading, 评分标准, 分值, 评分方式, 必要条件 flag and 加分 flag; grades; the 加分 cap."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from desktop.domain.names import has_control_chars
from desktop.domain.numbers import is_number

METHODS = ("看现场", "查资料", "问群众")
SITE_KINDS = ("town", "county")
MAX_POINTS = 100  # one item's 分值 (the whole checklist of a site is 100 points)
MAX_TOTAL = 1000  # the 分值 of a site's items together
MAX_ITEMS = 1000
MAX_TASKS = 50
# Text a checklist may hold, in characters: (label in messages, limit)
TEXT_LIMITS = {"title": ("标题", 100), "task": ("一级指标", 40), "heading": ("二级指标", 60),
               "standard": ("评分标准", 1000), "code": ("编号", 20), "source": ("说明", 500),
               "grade": ("等级", 20)}


class ChecklistError(ValueError):
    """The checklist cannot be used; the message names the place and what to fix."""


REFERENCE_MARK = "（参考方案）"  # after the title of a checklist that is not the official one
REQUIRED_MARK, BONUS_MARK = "（必要条件）", "（加分项）"  # after a 二级指标 in the 评分表


@dataclass(frozen=True)
class Item:
    code: str
    task: str
    heading: str
    standard: str
    points: float
    method: str
    required: bool = False  # 必要条件: failing it fails the site whatever its score
    bonus: bool = False  # 加分 item (within the cap)
    site: str = "town"  # town or county

    @property
    def marked_heading(self) -> str:
        """二级指标 as the 评分表 writes it: （必要条件） and （加分项） marked."""
        return self.heading + (REQUIRED_MARK if self.required else "") + (BONUS_MARK if self.bonus else "")


@dataclass(frozen=True)
class Grade:
    label: str
    min: float


@dataclass(frozen=True)
class Checklist:
    title: str
    tasks: tuple[tuple[str, str], ...]  # (code, label)
    items: tuple[Item, ...]
    grades: tuple[Grade, ...]
    fail_grade: str
    bonus_cap: float
    reference: bool = False  # 参考方案 (not the official 验收评估方案)
    source: str = ""

    def marked_title(self, what: str = "") -> str:
        """The title (with ``what``: （汇总）) as sheets and messages show it: marked 参考方案 while it is one."""
        return f"{self.title}{what}" + (REFERENCE_MARK if self.reference else "")

    def items_for(self, site_kind: str) -> list[Item]:
        return [i for i in self.items if i.site == site_kind]

    def task_label(self, code: str) -> str:
        return dict(self.tasks).get(code, code)

    def item(self, code: str) -> Item:
        for i in self.items:
            if i.code == code:
                return i
        raise KeyError(code)


def points_problem(value: object) -> str | None:
    """The one rule for an item's 分值 (the shipped file, an imported sheet, a stored checklist): a
    number above 0 and at most MAX_POINTS; None when it may be used, else what is wrong."""
    if not is_number(value) or not 0 < value <= MAX_POINTS:
        return f"分值“{value}”应为大于 0、不超过 {MAX_POINTS} 的数字"
    return None


def text_problem(field: str, value: str) -> str | None:
    """The one rule for a checklist's text (``field`` a key of TEXT_LIMITS): no control characters, not
    longer than its limit; None when it may be used, else what is wrong."""
    label, limit = TEXT_LIMITS[field]
    if has_control_chars(value):
        return f"{label}含有不可见的控制字符，请删除"
    if len(value) > limit:
        return f"{label}过长（{len(value)} 个字），最多 {limit} 个字，请精简"
    return None


def _number(value: object, where: str) -> float:
    problem = points_problem(value)
    if problem is not None:
        raise ChecklistError(f"{where}：{problem}")
    return float(value)  # type: ignore[arg-type] - checked above


def _text(value: object, field: str, where: str) -> str:
    text = str(value).strip()
    problem = text_problem(field, text)
    if problem is not None:
        raise ChecklistError(f"{where}：{problem}")
    return text


def parse_checklist(data: object, name: str = "评分标准") -> Checklist:
    """Check every value; ChecklistError names the item and the field."""
    if not isinstance(data, dict):
        raise ChecklistError(f"{name}：内容不是评分标准")
    tasks = data.get("tasks")
    if not isinstance(tasks, list) or not tasks:
        raise ChecklistError(f"{name}：缺少一级指标（tasks）")
    if len(tasks) > MAX_TASKS:
        raise ChecklistError(f"{name}：一级指标有 {len(tasks)} 个，最多 {MAX_TASKS} 个，请核对")
    task_list = []
    for i, t in enumerate(tasks, 1):
        if not isinstance(t, dict) or not str(t.get("code", "")).strip() or not str(t.get("label", "")).strip():
            raise ChecklistError(f"{name}：第 {i} 个一级指标缺少编号或名称")
        where = f"{name} 第 {i} 个一级指标"
        task_list.append((_text(t["code"], "code", where), _text(t["label"], "task", where)))
    codes = {c for c, _ in task_list}
    items_raw = data.get("items")
    if not isinstance(items_raw, list) or not items_raw:
        raise ChecklistError(f"{name}：没有评分项目")
    if len(items_raw) > MAX_ITEMS:
        raise ChecklistError(f"{name}：有 {len(items_raw)} 个评分项目，最多 {MAX_ITEMS} 个，请核对")
    items: list[Item] = []
    seen: set[str] = set()
    for i, it in enumerate(items_raw, 1):
        where = f"{name} 第 {i} 项"
        if not isinstance(it, dict):
            raise ChecklistError(f"{where}：格式不对")
        code = _text(it.get("code", ""), "code", where) or f"#{i}"
        where = f"{name} 第 {i} 项（{code}）"
        if code in seen:
            raise ChecklistError(f"{where}：编号重复")
        seen.add(code)
        if it.get("task") not in codes:
            raise ChecklistError(f"{where}：一级指标“{str(it.get('task'))[:40]}”不在一级指标列表中")
        texts = {}
        for field, label in (("heading", "二级指标"), ("standard", "评分标准")):
            texts[field] = _text(it.get(field, ""), field, where)
            if not texts[field]:
                raise ChecklistError(f"{where}：{label}未填写")
        method = str(it.get("method", "")).strip()
        if method not in METHODS:
            raise ChecklistError(f"{where}：评分方式“{method[:20]}”应为{'、'.join(METHODS)}之一")
        site = str(it.get("site", "town"))
        if site not in SITE_KINDS:
            raise ChecklistError(f"{where}：适用对象“{site[:20]}”应为 town（乡镇）或 county（县）")
        items.append(Item(code, str(it["task"]), texts["heading"], texts["standard"],
                          _number(it.get("points"), where), method, bool(it.get("required")),
                          bool(it.get("bonus")), site))
    for kind, label in (("town", "乡镇（街道）"), ("county", "县（市、区）")):
        total = sum(i.points for i in items if i.site == kind and not i.bonus)
        if total > MAX_TOTAL:
            raise ChecklistError(f"{name}：{label}各项分值合计 {total:g} 分，超过 {MAX_TOTAL} 分，请核对“分值”")
    grades_raw = data.get("grades") or [{"label": "优秀", "min": 90}, {"label": "合格", "min": 75},
                                        {"label": "不合格", "min": 0}]
    if not isinstance(grades_raw, list) or len(grades_raw) > 20:
        raise ChecklistError(f"{name}：等级（grades）应为不超过 20 项的列表")
    grades = []
    for g in grades_raw:
        low = g.get("min") if isinstance(g, dict) else None
        if not is_number(low) or not 0 <= low <= MAX_TOTAL:
            raise ChecklistError(f"{name}：等级的最低分“{low}”应为 0 到 {MAX_TOTAL} 之间的数字")
        grades.append(Grade(_text(g.get("label", ""), "grade", f"{name} 等级"), float(low)))
    grades.sort(key=lambda g: -g.min)
    cap = data.get("bonus_cap", 0)
    if not is_number(cap) or not 0 <= cap <= MAX_POINTS:
        raise ChecklistError(f"{name}：加分上限“{cap}”应为 0 到 {MAX_POINTS} 之间的数字")
    return Checklist(_text(data.get("title") or "验收评估评分表", "title", name), tuple(task_list), tuple(items),
                     tuple(grades), _text(data.get("fail_grade") or grades[-1].label, "grade", name), float(cap),
                     bool(data.get("reference")), _text(data.get("source") or "", "source", name))


def load_checklist(path: Path | None = None) -> Checklist:
    """The shipped reference checklist (参考方案), or the file given."""
    if path is None:
        from desktop.system.paths import resources_dir

        path = resources_dir() / "checklist.json"
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ChecklistError(f"评分标准文件“{Path(path).name}”无法读取，请重新安装本程序或重新导入") from exc
    return parse_checklist(data, Path(path).name)


def checklist_data(checklist: Checklist) -> dict:
    """The checklist as the JSON data parse_checklist reads (to keep an imported one)."""
    return {"title": checklist.title, "reference": checklist.reference, "source": checklist.source,
            "grades": [{"label": g.label, "min": g.min} for g in checklist.grades],
            "fail_grade": checklist.fail_grade, "bonus_cap": checklist.bonus_cap,
            "tasks": [{"code": c, "label": label} for c, label in checklist.tasks],
            "items": [{"code": i.code, "task": i.task, "heading": i.heading, "standard": i.standard,
                       "points": i.points, "method": i.method, "required": i.required, "bonus": i.bonus,
                       "site": i.site} for i in checklist.items]}


def describe_checklist(checklist: Checklist) -> list[str]:
    """The preview of a checklist: what it holds, per task."""
    town = [i for i in checklist.items_for("town") if not i.bonus]
    county = [i for i in checklist.items_for("county") if not i.bonus]
    bonus = [i for i in checklist.items if i.bonus]
    lines = [f"评分标准：{checklist.marked_title()}，共 {len(checklist.items)} 项",
             f"  乡镇（街道）：{len(town)} 项，{sum(i.points for i in town):g} 分；县（市、区）：{len(county)} 项，"
             f"{sum(i.points for i in county):g} 分；加分项 {len(bonus)} 项，加分上限 {checklist.bonus_cap:g} 分",
             f"  必要条件：{'、'.join(i.code for i in checklist.items if i.required) or '无'}"]
    for code, label in checklist.tasks:
        mine = [i for i in checklist.items if i.task == code]
        lines.append(f"  {label}：{len(mine)} 项（{'、'.join(i.heading for i in mine[:6])}{'……' if len(mine) > 6 else ''}）")
    return lines
