"""The 验收评估 checklist (resources/checklist.json, or an official one imported): items by task, each
with its 二级 heading, 评分标准, 分值, 评分方式, 必要条件 flag and 加分 flag; grades; the 加分 cap."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

METHODS = ("看现场", "查资料", "问群众")
SITE_KINDS = ("town", "county")


class ChecklistError(ValueError):
    """The checklist cannot be used; the message names the place and what to fix."""


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

    def items_for(self, site_kind: str) -> list[Item]:
        return [i for i in self.items if i.site == site_kind]

    def task_label(self, code: str) -> str:
        return dict(self.tasks).get(code, code)

    def item(self, code: str) -> Item:
        for i in self.items:
            if i.code == code:
                return i
        raise KeyError(code)


def _number(value: object, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0 or value > 1000:
        raise ChecklistError(f"{where}：分值“{value}”应为大于 0 的数字")
    return float(value)


def parse_checklist(data: object, name: str = "评分标准") -> Checklist:
    """Check every value; ChecklistError names the item and the field."""
    if not isinstance(data, dict):
        raise ChecklistError(f"{name}：内容不是评分标准")
    tasks = data.get("tasks")
    if not isinstance(tasks, list) or not tasks:
        raise ChecklistError(f"{name}：缺少一级指标（tasks）")
    task_list = []
    for i, t in enumerate(tasks, 1):
        if not isinstance(t, dict) or not str(t.get("code", "")).strip() or not str(t.get("label", "")).strip():
            raise ChecklistError(f"{name}：第 {i} 个一级指标缺少编号或名称")
        task_list.append((str(t["code"]), str(t["label"])))
    codes = {c for c, _ in task_list}
    items_raw = data.get("items")
    if not isinstance(items_raw, list) or not items_raw:
        raise ChecklistError(f"{name}：没有评分项目")
    items: list[Item] = []
    seen: set[str] = set()
    for i, it in enumerate(items_raw, 1):
        where = f"{name} 第 {i} 项"
        if not isinstance(it, dict):
            raise ChecklistError(f"{where}：格式不对")
        code = str(it.get("code", "")).strip() or f"#{i}"
        where = f"{name} 第 {i} 项（{code}）"
        if code in seen:
            raise ChecklistError(f"{where}：编号重复")
        seen.add(code)
        if it.get("task") not in codes:
            raise ChecklistError(f"{where}：一级指标“{it.get('task')}”不在一级指标列表中")
        for field, label in (("heading", "二级指标"), ("standard", "评分标准")):
            if not str(it.get(field, "")).strip():
                raise ChecklistError(f"{where}：{label}未填写")
        method = str(it.get("method", "")).strip()
        if method not in METHODS:
            raise ChecklistError(f"{where}：评分方式“{method}”应为{'、'.join(METHODS)}之一")
        site = str(it.get("site", "town"))
        if site not in SITE_KINDS:
            raise ChecklistError(f"{where}：适用对象“{site}”应为 town（乡镇）或 county（县）")
        items.append(Item(code, str(it["task"]), str(it["heading"]).strip(), str(it["standard"]).strip(),
                          _number(it.get("points"), where), method, bool(it.get("required")),
                          bool(it.get("bonus")), site))
    grades_raw = data.get("grades") or [{"label": "优秀", "min": 90}, {"label": "合格", "min": 75},
                                        {"label": "不合格", "min": 0}]
    grades = tuple(sorted((Grade(str(g["label"]), float(g["min"])) for g in grades_raw), key=lambda g: -g.min))
    cap = data.get("bonus_cap", 0)
    if isinstance(cap, bool) or not isinstance(cap, (int, float)) or cap < 0:
        raise ChecklistError(f"{name}：加分上限“{cap}”应为不小于 0 的数字")
    return Checklist(str(data.get("title") or "验收评估评分表"), tuple(task_list), tuple(items), grades,
                     str(data.get("fail_grade") or grades[-1].label), float(cap), bool(data.get("reference")),
                     str(data.get("source") or ""))


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
    lines = [f"评分标准：{checklist.title}{'（参考方案）' if checklist.reference else ''}，共 {len(checklist.items)} 项",
             f"  乡镇（街道）：{len(town)} 项，{sum(i.points for i in town):g} 分；县（市、区）：{len(county)} 项，"
             f"{sum(i.points for i in county):g} 分；加分项 {len(bonus)} 项，加分上限 {checklist.bonus_cap:g} 分",
             f"  必要条件：{'、'.join(i.code for i in checklist.items if i.required) or '无'}"]
    for code, label in checklist.tasks:
        mine = [i for i in checklist.items if i.task == code]
        lines.append(f"  {label}：{len(mine)} 项（{'、'.join(i.heading for i in mine[:6])}{'……' if len(mine) > 6 else ''}）")
    return lines
