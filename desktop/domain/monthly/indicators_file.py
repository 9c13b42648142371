"""Reading and validating ``resources/indicators.json`` into an :class:`IndicatorSet`.

See :mod:`desktop.domain.monthly.indicators` for the file layout and the rule types.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from desktop.domain.monthly.indicators import (
    _CODE,
    _TERM,
    AGGREGATES,
    DEFAULT_FILE_NAME,
    KINDS,
    REPORTER_LEVELS,
    ROSTER_KINDS,
    RULE_TYPES,
    Indicator,
    IndicatorFileError,
    IndicatorSet,
    Rate,
    Rule,
    Section,
    Task,
    default_path,
)


def load_indicators(path: Path | None = None) -> IndicatorSet:
    """Read and validate the indicator file (default: the shipped ``resources/indicators.json``)."""
    path = default_path() if path is None else Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise IndicatorFileError(f"指标文件 {path.name}：无法读取（{exc.strerror or exc}）") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise IndicatorFileError(f"指标文件 {path.name}：第 {exc.lineno} 行第 {exc.colno} 列格式错误（{exc.msg}）") from exc
    return parse_indicators(data, path.name)


def parse_indicators(data: Any, source: str = DEFAULT_FILE_NAME) -> IndicatorSet:
    """Build and validate an :class:`IndicatorSet` from the decoded file (a dict)."""
    return _Parser(source).parse(data)


class _Parser:
    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, where: str, what: str) -> IndicatorFileError:
        return IndicatorFileError(f"指标文件 {self.source}：{where}{what}")

    def obj(self, value: Any, where: str, allowed: set[str], required: set[str]) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(where, "应为对象（{…}）")
        unknown = sorted(k for k in value if k not in allowed and not str(k).startswith("_"))
        if unknown:
            raise self.fail(where, f"有未知的键 {', '.join(unknown)}")
        missing = sorted(k for k in required if k not in value)
        if missing:
            raise self.fail(where, f"缺少 {', '.join(missing)}")
        return value

    def text(self, value: Any, where: str, key: str, optional: bool = False) -> str:
        if optional and value is None:
            return ""
        if not isinstance(value, str) or (not optional and not value.strip()):
            raise self.fail(where, f"的 {key} 应为非空文字")
        return value

    def boolean(self, value: Any, where: str, key: str) -> bool:
        if not isinstance(value, bool):
            raise self.fail(where, f"的 {key} 应为 true 或 false")
        return value

    def number(self, value: Any, where: str, key: str) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            raise self.fail(where, f"的 {key} 应为不小于 0 的数")
        return value

    def code(self, value: Any, where: str, seen: set[str]) -> str:
        if not isinstance(value, str) or not _CODE.match(value):
            raise self.fail(where, f"的 code “{value}”应为小写英文字母开头的字母、数字或下划线")
        if value in seen:
            raise self.fail(where, f"的 code {value} 重复")
        seen.add(value)
        return value

    def list_of(self, data: dict[str, Any], key: str, required: bool = True) -> list[Any]:
        value = data.get(key, [] if not required else None)
        if not isinstance(value, list) or (required and not value):
            raise self.fail("", f"{key} 应为非空列表")
        return value

    def parse(self, data: Any) -> IndicatorSet:
        top = self.obj(data, "", {"title", "year", "deadline_days", "month_on_month", "tasks", "indicators",
                                  "rates", "sections"}, {"title", "tasks", "indicators"})
        title = self.text(top["title"], "", "title")
        year = top.get("year")
        if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
            raise self.fail("", "year 应为年份整数")

        deadline_days = {"city": 25, "county": 20}
        if "deadline_days" in top:
            dd = self.obj(top["deadline_days"], "deadline_days ", set(REPORTER_LEVELS), set())
            for key, value in dd.items():
                if key.startswith("_"):
                    continue
                if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 31:
                    raise self.fail("deadline_days ", f"的 {key} 应为 1-31 的日")
                deadline_days[key] = value
        ratio, min_change = 0.5, 10.0
        if "month_on_month" in top:
            mom = self.obj(top["month_on_month"], "month_on_month ", {"ratio", "min_change"}, set())
            ratio = self.number(mom.get("ratio", ratio), "month_on_month ", "ratio")
            min_change = self.number(mom.get("min_change", min_change), "month_on_month ", "min_change")

        seen: set[str] = set()
        tasks: list[Task] = []
        for i, raw in enumerate(self.list_of(top, "tasks"), 1):
            where = f"第 {i} 个任务"
            item = self.obj(raw, where, {"code", "label"}, {"code", "label"})
            tasks.append(Task(self.code(item["code"], where, seen), self.text(item["label"], where, "label")))
        task_codes = {t.code for t in tasks}

        raw_indicators = self.list_of(top, "indicators")
        indicators = [self.indicator(raw, i, seen, task_codes) for i, raw in enumerate(raw_indicators, 1)]
        ind_codes = {ind.code for ind in indicators}
        for ind in indicators:
            where = f"指标 {ind.code} "
            for rule in ind.rules:
                for ref in rule.refs:
                    if ref not in ind_codes:
                        raise self.fail(where, f"的规则 {rule.type} 引用了未声明的指标 {ref}")
                    if ref == ind.code:
                        raise self.fail(where, f"的规则 {rule.type} 引用了自己")
            if ind.weight is not None:
                if ind.weight not in ind_codes:
                    raise self.fail(where, f"的 weight 引用了未声明的指标 {ind.weight}")
                if ind.aggregate != "mean":
                    raise self.fail(where, "只有 aggregate 为 mean 时才能设置 weight")
        if not set(t.code for t in tasks) <= {ind.task for ind in indicators}:
            empty = [t.code for t in tasks if not any(ind.task == t.code for ind in indicators)]
            raise self.fail("", f"任务 {', '.join(empty)} 没有指标")

        rates = [self.rate(raw, i, seen, task_codes, ind_codes)
                 for i, raw in enumerate(self.list_of(top, "rates", required=False), 1)]
        sections = [self.section(raw, i, seen, task_codes)
                    for i, raw in enumerate(self.list_of(top, "sections", required=False), 1)]
        return IndicatorSet(title, tuple(tasks), tuple(indicators), tuple(rates), tuple(sections), year,
                            deadline_days, ratio, min_change)

    def indicator(self, raw: Any, i: int, seen: set[str], task_codes: set[str]) -> Indicator:
        where = f"第 {i} 个指标"
        item = self.obj(raw, where, {"code", "label", "unit", "task", "kind", "decimals", "required", "rules",
                                     "aggregate", "weight", "month_on_month", "min_change", "hint"},
                        {"code", "label", "unit", "task", "kind"})
        code = self.code(item["code"], where, seen)
        where = f"指标 {code} "
        if item["task"] not in task_codes:
            raise self.fail(where, f"的 task {item['task']} 不是已声明的任务")
        if item["kind"] not in KINDS:
            raise self.fail(where, f"的 kind “{item['kind']}”应为 {'、'.join(KINDS)} 之一")
        decimals = item.get("decimals", 0)
        if isinstance(decimals, bool) or not isinstance(decimals, int) or not 0 <= decimals <= 6:
            raise self.fail(where, "的 decimals 应为 0-6 的整数")
        aggregate = item.get("aggregate", "sum")
        if aggregate not in AGGREGATES:
            raise self.fail(where, f"的 aggregate “{aggregate}”应为 sum 或 mean")
        weight = item.get("weight")
        if weight is not None and not isinstance(weight, str):
            raise self.fail(where, "的 weight 应为指标代码")
        rules_raw = item.get("rules", [])
        if not isinstance(rules_raw, list):
            raise self.fail(where, "的 rules 应为列表")
        min_change = item.get("min_change")
        return Indicator(
            code=code,
            label=self.text(item["label"], where, "label"),
            measure_unit=self.text(item["unit"], where, "unit", optional=True),
            task=item["task"],
            kind=item["kind"],
            decimals=decimals,
            required=self.boolean(item.get("required", True), where, "required"),
            rules=tuple(self.rule(r, where) for r in rules_raw),
            aggregate=aggregate,
            weight=weight,
            month_on_month=self.boolean(item.get("month_on_month", True), where, "month_on_month"),
            min_change=None if min_change is None else self.number(min_change, where, "min_change"),
            hint=self.text(item.get("hint"), where, "hint", optional=True),
        )

    def rule(self, raw: Any, where: str) -> Rule:
        if not isinstance(raw, dict):
            raise self.fail(where, "的规则应为对象，如 {\"le\": \"pilot_towns\"}")
        keys = [k for k in raw if not str(k).startswith("_")]
        kinds = [k for k in keys if k in RULE_TYPES]
        if len(kinds) != 1:
            raise self.fail(where, f"的规则 {json.dumps(raw, ensure_ascii=False)} 应有且只有一个规则类型"
                                   f"（{', '.join(RULE_TYPES)}）")
        kind = kinds[0]
        extra = [k for k in keys if k != kind and not (kind == "min" and k == "per")]
        if extra:
            raise self.fail(where, f"的规则 {kind} 有未知的键 {', '.join(extra)}")
        value = raw[kind]
        if kind in ("roster", "le_roster"):
            if value not in ROSTER_KINDS:
                raise self.fail(where, f"的规则 {kind} 应为 towns 或 villages")
            return Rule(kind, roster=value)
        if kind == "min":
            number = self.number(value, where, "min")
            per = raw.get("per")
            if per is not None and not isinstance(per, str):
                raise self.fail(where, "的规则 min 的 per 应为指标代码")
            return Rule(kind, refs=(per,) if per else (), value=number)
        refs = (value,) if isinstance(value, str) else value
        if kind == "le_with_backlog" and not isinstance(value, str):
            raise self.fail(where, "的规则 le_with_backlog 应为一个指标代码")
        if not isinstance(refs, (list, tuple)) or not refs or not all(isinstance(r, str) for r in refs):
            raise self.fail(where, f"的规则 {kind} 应为指标代码或指标代码列表")
        return Rule(kind, refs=tuple(refs))

    def terms(self, expr: Any, where: str, key: str, ind_codes: set[str]) -> tuple[tuple[int, str], ...]:
        if not isinstance(expr, str) or not expr.strip():
            raise self.fail(where, f"的 {key} 应为指标代码的加减式")
        out: list[tuple[int, str]] = []
        pos = 0
        while pos < len(expr):
            m = _TERM.match(expr, pos)
            if not m or m.end() == pos or (out and not m.group(1)):
                raise self.fail(where, f"的 {key} “{expr}”无法解析，应为 a、a + b 或 a - b 的形式")
            code = m.group(2)
            if code not in ind_codes:
                raise self.fail(where, f"的 {key} 引用了未声明的指标 {code}")
            out.append((-1 if m.group(1) == "-" else 1, code))
            pos = m.end()
        return tuple(out)

    def rate(self, raw: Any, i: int, seen: set[str], task_codes: set[str], ind_codes: set[str]) -> Rate:
        where = f"第 {i} 个比率"
        item = self.obj(raw, where, {"code", "label", "task", "numerator", "denominator", "decimals", "hint"},
                        {"code", "label", "task", "numerator", "denominator"})
        code = self.code(item["code"], where, seen)
        where = f"比率 {code} "
        if item["task"] not in task_codes:
            raise self.fail(where, f"的 task {item['task']} 不是已声明的任务")
        decimals = item.get("decimals", 1)
        if isinstance(decimals, bool) or not isinstance(decimals, int) or not 0 <= decimals <= 4:
            raise self.fail(where, "的 decimals 应为 0-4 的整数")
        return Rate(code, self.text(item["label"], where, "label"), item["task"],
                    self.terms(item["numerator"], where, "numerator", ind_codes),
                    self.terms(item["denominator"], where, "denominator", ind_codes),
                    decimals, self.text(item.get("hint"), where, "hint", optional=True))

    def section(self, raw: Any, i: int, seen: set[str], task_codes: set[str]) -> Section:
        where = f"第 {i} 个文字部分"
        item = self.obj(raw, where, {"code", "label", "heading", "task", "required", "hint"}, {"code", "label"})
        code = self.code(item["code"], where, seen)
        where = f"文字部分 {code} "
        task = item.get("task")
        if task is not None and task not in task_codes:
            raise self.fail(where, f"的 task {task} 不是已声明的任务")
        heading = item.get("heading")
        return Section(code, self.text(item["label"], where, "label"),
                       self.text(heading, where, "heading") if heading is not None else None,
                       task, self.boolean(item.get("required", True), where, "required"),
                       self.text(item.get("hint"), where, "hint", optional=True))
